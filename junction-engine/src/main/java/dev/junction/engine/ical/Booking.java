package dev.junction.engine.ical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A booking as Junction knows it, in a feed's state. {@code key} is Junction's own and never changes;
 * {@code uids} is every UID the channel has given the stay, oldest first (the alias history that lets a
 * regenerated UID be a change, not a cancellation); {@code missing} counts healthy polls in a row that
 * did not show it, and {@code missingSince} when the first of them ran (null while it is seen).
 */
public record Booking(String key, String channel, List<String> uids, String code, LocalDate start, LocalDate end,
                      int missing, Instant missingSince, Instant firstSeen, Instant updatedAt) {

    /** The most UIDs a booking keeps: its first, and the latest others. */
    static final int MAX_UIDS = 20;

    public Booking {
        uids = List.copyOf(uids);
    }

    static Booking created(String unit, String channel, FeedEntry entry, Instant now) {
        return new Booking(keyOf(unit, channel, entry.uid()), channel, List.of(entry.uid()), entry.code(), entry.start(), entry.end(),
                0, null, now, now);
    }

    /** Junction's key of a booking first seen with this UID: stable, and the export's UID. */
    static String keyOf(String unit, String channel, String firstUid) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((unit + "\n" + channel + "\n" + firstUid).getBytes(StandardCharsets.UTF_8));
            return "bk_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long nights() {
        return ChronoUnit.DAYS.between(start, end);
    }

    public String uid() {
        return uids.getLast();
    }

    boolean datesDiffer(FeedEntry entry) {
        return !start.equals(entry.start()) || !end.equals(entry.end());
    }

    /**
     * Seen again in this poll, as this entry: its UID joins the aliases (the first and the latest {@link #MAX_UIDS} - 1
     * are kept: a feed that issues a new UID on every fetch would otherwise grow the state, and every payload, by one
     * UID a poll), its dates are the feed's.
     */
    Booking seenAs(FeedEntry entry, Instant now) {
        List<String> aliases = uids;
        if (!uids.contains(entry.uid())) {
            aliases = new ArrayList<>(uids);
            aliases.add(entry.uid());
            if (aliases.size() > MAX_UIDS) aliases.subList(1, aliases.size() - MAX_UIDS + 1).clear();
        }
        String newCode = entry.code() != null ? entry.code() : code;
        Instant changed = datesDiffer(entry) ? now : updatedAt;
        return new Booking(key, channel, aliases, newCode, entry.start(), entry.end(), 0, null, firstSeen, changed);
    }

    /** Missing from this poll too. A state stored before {@code missingSince} existed starts its hold now. */
    Booking missedAt(Instant now) {
        Instant since = missing == 0 || missingSince == null ? now : missingSince;
        return new Booking(key, channel, uids, code, start, end, missing + 1, since, firstSeen, updatedAt);
    }

    boolean overlaps(Booking other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /** Ended: its checkout day is today or before, in the unit's zone. */
    boolean endedBy(LocalDate today) {
        return !end.isAfter(today);
    }
}
