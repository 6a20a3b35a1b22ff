package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.SeriesBucket;
import dev.junction.store.SeriesQuery;
import dev.junction.store.AdminReads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/stats/series?window=1h[&source=][&destination=]}: the window's activity in buckets sized to
 * it, for the dashboard's charts (what each figure counts: {@link SeriesBucket}). Buckets start at multiples of
 * their width, so a chart redrawn every few seconds keeps its points in place: from the bucket holding
 * now - window to the one holding now, which is still filling.
 */
final class SeriesApi {

    /** Bucket widths, finest first: a window gets the finest that cuts it into at most {@link #MAX_POINTS} buckets. */
    static final List<Duration> WIDTHS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6));
    /** About as many points as a chart the width of a page can tell apart. */
    static final int MAX_POINTS = 180;

    private final AdminReads store;
    private final Clock clock;

    SeriesApi(AdminReads store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/stats/series", this::series);
    }

    /** 10 s for windows up to 30 m, 1 m up to 3 h, then 5 m, 15 m (24 h: 96 buckets, 97 with the one holding now), 1 h (7 d: 168). */
    static Duration bucketFor(Duration window) {
        for (Duration width : WIDTHS) if (buckets(window, width) <= MAX_POINTS) return width;
        return WIDTHS.getLast();
    }

    private static int buckets(Duration window, Duration width) {
        return (int) -Math.floorDiv(-window.toMillis(), width.toMillis());
    }

    private void series(Context ctx) {
        Params.only(ctx, Set.of("window", "source", "destination"));
        Duration window = StatsApi.window(Params.text(ctx, "window"));
        String source = Params.text(ctx, "source");
        String destination = Params.text(ctx, "destination");
        Duration width = bucketFor(window);
        Instant now = clock.instant();
        long w = width.toMillis();
        long first = Math.floorDiv(now.minus(window).toEpochMilli(), w) * w;
        int count = (int) (Math.floorDiv(now.toEpochMilli(), w) - first / w) + 1;
        Instant start = Instant.ofEpochMilli(first);
        List<SeriesBucket> buckets = store.series(new SeriesQuery(start, width, count, source, destination));

        ObjectNode body = Problem.JSON.createObjectNode();
        body.putObject("window").put("seconds", window.toSeconds()).put("since", start.toString()).put("until", now.toString());
        body.put("bucketSeconds", width.toSeconds()).put("source", source).put("destination", destination);
        ArrayNode items = body.putArray("buckets");
        for (SeriesBucket b : buckets) {
            items.addObject().put("start", b.start().toString()).put("received", b.received()).put("delivered", b.delivered())
                    .put("failed", b.failed()).put("died", b.died()).put("latencyP50Ms", b.latencyP50Ms())
                    .put("latencyP99Ms", b.latencyP99Ms()).put("backlog", b.backlog());
        }
        ctx.contentType("application/json").result(body.toString());
    }
}
