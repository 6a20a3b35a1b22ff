package dev.junction.server.http;

import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.ical.CalendarExport;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.poll.IcalStates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code GET /ical/{source}/{unit}/{channel}.ics?token=...}: the nights a unit sold on every other channel, for
 * {@code channel} to import. The channels fetch it without an admin key, so the source's export token is the key:
 * compared in constant time, and a wrong or missing one answers exactly as an unknown path does (404), so the
 * answer never tells that the calendar exists. Until every other channel of the unit has been read once it answers
 * 503 rather than a calendar that lacks their nights.
 */
final class IcalExport {

    static final String PATH = "/ical/{source}/{unit}/{file}";
    private static final String SUFFIX = ".ics";
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(5);

    private final Pipeline pipeline;
    private final Clock clock;

    IcalExport(Pipeline pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, this::serve);
    }

    private void serve(Context ctx) {
        SourceSpec source = pipeline.sources().get(ctx.pathParam("source"));
        String file = ctx.pathParam("file");
        IcalSpec ical = source == null ? null : source.ical();
        IcalSpec.Unit unit = ical == null ? null : ical.units().get(ctx.pathParam("unit"));
        String channel = file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : null;
        // The token first, so an unknown unit and a wrong token take the same path to the same answer.
        boolean allowed = ical != null && sameToken(ctx.queryParam("token"), ical.exportToken());
        if (!allowed || unit == null || channel == null || !unit.channels().containsKey(channel)) {
            Problem.write(ctx, 404, "not-found", "Not found", "No endpoint at " + ctx.method() + " " + ctx.path() + ".");
            return;
        }
        ChannelFeed feed = IcalStates.feed(unit, channel);
        UnitState state = IcalStates.units(pipeline.store().snapshot(source.name())).getOrDefault(unit.name(), UnitState.initial(unit.name()))
                .only(unit.channels().keySet());
        List<String> unread = CalendarExport.unreadOthers(unit.channels().keySet(), channel, state.feeds());
        if (!unread.isEmpty()) {
            // An empty or partial calendar would be believed: the channel would sell the nights it lacks. A channel
            // keeps what it imported last when an import fails, so "not yet" is the safe answer.
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER.toSeconds())).header("Cache-Control", "no-store");
            Problem.write(ctx, 503, "calendar-not-ready", "Calendar not ready", "The calendar of " + unit.name() + " for " + channel
                    + " waits for the first calendar read from " + String.join(", ", unread)
                    + ": without it, nights sold there would show as free. Ask again after the next poll.");
            return;
        }
        String body = CalendarExport.render(source.name(), unit.name(), channel, state.feeds().values(), feed.today(clock.instant()));
        // The token is in the url: keep it out of shared caches. The same state renders the same bytes, so their digest
        // is the ETag, and a channel that asks again with it is answered 304 without the calendar.
        String etag = etag(body);
        ctx.header("Cache-Control", "private, max-age=60").header("ETag", etag);
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("text/calendar; charset=utf-8").result(body);
    }

    static String etag(String body) {
        return "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\"";
    }

    /** If-None-Match names this ETag (weakly or not) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }

    /** Compares digests, so neither the content nor the length of the token shows in the time taken. */
    static boolean sameToken(String given, String expected) {
        if (given == null) return false;
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
