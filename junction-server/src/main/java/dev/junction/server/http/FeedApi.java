package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.IcalSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.ical.Booking;
import dev.junction.engine.ical.IcalEvent;
import dev.junction.engine.ical.IcalJson;
import dev.junction.engine.ical.FeedHealth;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.poll.IcalStates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An iCal source's feeds as an operator sees them: each feed's health (taken, or held as suspect and why), its
 * last success and failure, whether it went stale; the bookings Junction holds from it; and the operator's release
 * of a held feed. Read from the store, so every node of a cluster answers the same. A feed's URL is never shown
 * (its query holds the channel's secret).
 */
final class FeedApi {

    private static final String FEEDS = "/api/v1/sources/{name}/feeds";
    private static final String FEED = FEEDS + "/{unit}/{channel}";
    private static final String CONFLICTS = "/api/v1/sources/{name}/conflicts";

    private final Pipeline pipeline;
    private final Idempotency idempotency;

    FeedApi(Pipeline pipeline, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.pipeline = pipeline;
    }

    void register(RoutesConfig routes) {
        routes.get(FEEDS, this::feeds);
        routes.get(FEED, this::feed);
        routes.get(FEED + "/bookings", this::bookings);
        routes.post(FEED + "/release", idempotency.honoured(this::release));
        routes.get(CONFLICTS, this::conflicts);
    }

    /**
     * The source's overbookings open now, unit by unit, each as its {@code booking.conflict} message told it (with the
     * bookings as Junction holds them now): the message is told once, this says which still last.
     */
    private void conflicts(Context ctx) throws java.io.IOException {
        Params.only(ctx, java.util.Set.of());
        String name = ctx.pathParam("name");
        IcalSpec ical = icalSource(ctx, name);
        if (ical == null) return;
        Map<String, UnitState> units = IcalStates.units(pipeline.store().snapshot(name));
        ArrayNode items = Problem.JSON.createArrayNode();
        for (IcalEvent.BookingConflict c : IcalStates.openConflicts(ical, units)) items.add(Problem.JSON.readTree(IcalJson.payload(c)));
        ObjectNode body = Problem.JSON.createObjectNode();
        body.set("items", items);
        body.putNull("next");
        ctx.contentType("application/json").result(body.toString());
    }

    /** Every configured feed of the source, in configuration order, polled or not yet. */
    private void feeds(Context ctx) {
        Params.only(ctx, java.util.Set.of());
        String name = ctx.pathParam("name");
        IcalSpec ical = icalSource(ctx, name);
        if (ical == null) return;
        Map<String, UnitState> units = IcalStates.units(pipeline.store().snapshot(name));
        ArrayNode items = Problem.JSON.createArrayNode();
        ical.units().values().forEach(unit -> unit.channels().forEach((channel, feed) ->
                items.add(view(name, unit.name(), channel, feed.preset(), state(units, unit.name(), channel)))));
        ObjectNode body = Problem.JSON.createObjectNode();
        body.set("items", items);
        body.putNull("next");
        ctx.contentType("application/json").result(body.toString());
    }

    private void feed(Context ctx) {
        Params.only(ctx, java.util.Set.of());
        Feed f = configuredFeed(ctx);
        if (f == null) return;
        ctx.contentType("application/json").result(view(f.source, f.unit, f.channel, f.preset, f.read(pipeline)).toString());
    }

    /** The bookings Junction holds from the feed (a held feed's are the ones it had before it was held), by check-in. */
    private void bookings(Context ctx) {
        Params.only(ctx, java.util.Set.of());
        Feed f = configuredFeed(ctx);
        if (f == null) return;
        FeedState state = f.read(pipeline);
        ArrayNode items = Problem.JSON.createArrayNode();
        if (state != null) {
            state.bookings().stream().sorted(java.util.Comparator.comparing(Booking::start).thenComparing(Booking::key))
                    .forEach(b -> items.add(view(b)));
        }
        ObjectNode body = Problem.JSON.createObjectNode();
        body.set("items", items);
        body.putNull("next");
        ctx.contentType("application/json").result(body.toString());
    }

    /** An operator's word that a held calendar feed is right: its next calendar is taken as it is. */
    private void release(Context ctx) throws InterruptedException {
        Feed f = configuredFeed(ctx);
        if (f == null) return;
        Optional<FeedState> released = pipeline.poller().release(f.source, f.unit, f.channel);
        if (released.isEmpty()) {
            Problem.write(ctx, 409, "poll-running", "A poll is running", "A poll of '" + f.source + "' is running or just committed; ask again.");
            return;
        }
        FeedHealth held = released.get().health();
        if (held.suspect() && !held.reason().releasable()) {
            Problem.write(ctx, 409, "feed-not-releasable", "Feed answers no calendar", "The feed " + f.unit + "/" + f.channel + " of '"
                    + f.source + "' is held because its answer is no calendar Junction can read (" + held.reason().wire() + ": "
                    + held.detail() + "): a release would have nothing to take, and the next poll would hold it again. Fix the "
                    + "feed where it is served (the channel's export link); its next readable calendar is taken as usual.");
            return;
        }
        if (!released.get().health().released()) {
            Problem.write(ctx, 409, "feed-not-held", "Feed not held", "The feed " + f.unit + "/" + f.channel + " of '" + f.source + "' is "
                    + health(released.get(), released.get().health()) + ", not held: there is nothing to release. A release takes the next "
                    + "calendar as it is, whatever it holds, so it is only for a feed the guard holds (health suspect).");
            return;
        }
        ctx.contentType("application/json").result(view(f.source, f.unit, f.channel, f.preset, released.get()).toString());
    }

    /** A feed named by the path, when the source is an iCal source with that unit and channel; otherwise the 404 is written. */
    private Feed configuredFeed(Context ctx) {
        String name = ctx.pathParam("name");
        IcalSpec ical = icalSource(ctx, name);
        if (ical == null) return null;
        String unit = ctx.pathParam("unit");
        String channel = ctx.pathParam("channel");
        IcalSpec.Unit u = ical.units().get(unit);
        if (u == null || !u.channels().containsKey(channel)) {
            Problem.write(ctx, 404, "no-such-feed", "No such feed", "The source '" + name + "' has no calendar feed " + unit + "/" + channel + ".");
            return null;
        }
        return new Feed(name, unit, channel, u.channels().get(channel).preset());
    }

    private IcalSpec icalSource(Context ctx, String name) {
        var spec = pipeline.sources().get(name);
        if (spec == null) {
            Problem.write(ctx, 404, "no-such-source", "No such source", "No source named '" + name + "' is configured.");
            return null;
        }
        if (spec.ical() == null) {
            Problem.write(ctx, 404, "not-ical", "Not an iCal source", "The source '" + name + "' has no calendar feeds.");
            return null;
        }
        return spec.ical();
    }

    private record Feed(String source, String unit, String channel, String preset) {
        FeedState read(Pipeline pipeline) {
            return state(IcalStates.units(pipeline.store().snapshot(source)), unit, channel);
        }
    }

    private static FeedState state(Map<String, UnitState> units, String unit, String channel) {
        UnitState u = units.get(unit);
        return u == null ? null : u.feeds().get(channel);
    }

    /**
     * A feed's health: {@code unpolled} before its first poll; {@code suspect} while its calendar is held (with the
     * reason, since when, and how many times the same calendar came back); {@code failing} when its latest request
     * failed (network error, timeout, 4xx, 5xx) and nothing was taken since; else {@code healthy}.
     */
    static ObjectNode view(String source, String unit, String channel, String preset, FeedState state) {
        ObjectNode node = Problem.JSON.createObjectNode().put("source", source).put("unit", unit).put("channel", channel).put("preset", preset);
        FeedHealth h = state == null ? FeedHealth.HEALTHY : state.health();
        node.put("health", health(state, h));
        if (h.suspect()) {
            node.put("reason", h.reason().wire()).put("detail", h.detail()).put("heldSince", text(h.since()))
                    .put("confirmations", h.confirmations());
        }
        node.put("released", h.released());
        node.put("bookings", state == null ? 0 : state.bookings().size());
        node.put("firstPoll", text(state == null ? null : state.firstPoll()));
        node.put("lastSuccess", text(state == null ? null : state.lastSuccess()));
        node.put("lastFailure", text(state == null ? null : state.lastFailure()));
        node.put("lastFailureReason", state == null ? null : state.lastFailureReason());
        node.put("staleSince", text(state == null ? null : state.staleSince()));
        var skipped = node.putArray("skipped");
        if (state != null) state.skipped().forEach(skipped::add);
        return node;
    }

    private static String health(FeedState state, FeedHealth h) {
        if (h.suspect()) return "suspect";
        boolean failedSince = state != null && state.lastFailure() != null
                && (state.lastSuccess() == null || state.lastFailure().isAfter(state.lastSuccess()));
        if (failedSince) return "failing"; // before released: a feed that cannot be read is the more urgent news
        if (h.released()) return "released"; // until its next calendar is read, and taken as it is
        if (state == null || state.firstPoll() == null) return "unpolled";
        return "healthy";
    }

    private static ObjectNode view(Booking b) {
        ObjectNode node = Problem.JSON.createObjectNode().put("bookingKey", b.key()).put("channel", b.channel());
        ArrayNode uids = node.putArray("uids");
        b.uids().forEach(uids::add);
        return node.put("confirmationCode", b.code()).put("start", b.start().toString()).put("end", b.end().toString())
                .put("nights", b.nights()).put("missingPolls", b.missing()).put("missingSince", text(b.missingSince())).put("firstSeen", text(b.firstSeen()))
                .put("updatedAt", text(b.updatedAt()));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
