package dev.junction.engine.ical.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One guest's stay as the simulated channel knows it: the truth the report checks Junction against.
 * Its versions are what the channel's feed shows from each instant on (UID and nights); it is gone from
 * the feed from {@code cancelledAt}.
 */
public final class SimStay {

    /** What the feed shows from {@code from} on. */
    public record Version(Instant from, String uid, LocalDate start, LocalDate end) {}

    private final int id;
    private final String unit;
    private final String channel;
    private final String code;
    private final boolean doubleBooked;
    private final List<Version> versions = new ArrayList<>();
    private Instant cancelledAt;

    SimStay(int id, String unit, String channel, String code, boolean doubleBooked, Version first) {
        this.id = id;
        this.unit = unit;
        this.channel = channel;
        this.code = code;
        this.doubleBooked = doubleBooked;
        versions.add(first);
    }

    public int id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public String channel() {
        return channel;
    }

    /** The platform's confirmation code, or null on a channel whose feed shows none. */
    public String code() {
        return code;
    }

    /** Booked on a second channel for nights already sold on another: one of the simulation's overbookings. */
    public boolean doubleBooked() {
        return doubleBooked;
    }

    public Instant createdAt() {
        return versions.getFirst().from();
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public List<Version> versions() {
        return List.copyOf(versions);
    }

    /** Date changes: versions whose nights differ from the one before. */
    public int dateChanges() {
        int n = 0;
        for (int i = 1; i < versions.size(); i++) {
            Version a = versions.get(i - 1), b = versions.get(i);
            if (!a.start().equals(b.start()) || !a.end().equals(b.end())) n++;
        }
        return n;
    }

    public boolean hasUid(String uid) {
        return versions.stream().anyMatch(v -> v.uid().equals(uid));
    }

    /** The version the feed shows at {@code t}, or null when it is not (yet, or any more) in the feed. */
    Version at(Instant t) {
        if (t.isBefore(createdAt()) || (cancelledAt != null && !t.isBefore(cancelledAt))) return null;
        Version shown = null;
        for (Version v : versions) if (!v.from().isAfter(t)) shown = v;
        return shown;
    }

    Version latest() {
        return versions.getLast();
    }

    void change(Version v) {
        versions.add(v);
    }

    void cancel(Instant at) {
        cancelledAt = at;
    }
}
