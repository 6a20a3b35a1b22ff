package dev.junction.engine.ical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * Whether a calendar that parsed can be believed. A feed has been seen to answer 200 with zero events
 * after a failed login, and to lose most of its UIDs in a glitch; an importer that believed it cancelled
 * every booking (docs/adr/0022-ical-sync.md). Such a calendar is held, not applied.
 */
final class FeedGuard {

    /** The verdict on one calendar: {@code reason} null when it can be taken. */
    record Verdict(SuspectReason reason, String detail, int liveBefore, int liveNow, int lost) {
        boolean healthy() {
            return reason == null;
        }
    }

    private final SyncSettings settings;

    FeedGuard(SyncSettings settings) {
        this.settings = settings;
    }

    /**
     * @param known       the feed's bookings from its last taken calendar
     * @param missing     those of them the calendar does not show
     * @param liveEntries the calendar's bookings not yet ended
     */
    Verdict judge(List<Booking> known, List<Booking> missing, List<FeedEntry> liveEntries, LocalDate today) {
        List<Booking> live = known.stream().filter(b -> !b.endedBy(today) && b.missing() == 0).toList();
        int lost = (int) missing.stream().filter(b -> !b.endedBy(today) && b.missing() == 0).count();
        if (!live.isEmpty() && liveEntries.isEmpty())
            return new Verdict(SuspectReason.EMPTY, "no bookings where there were " + live.size(), live.size(), 0, lost);
        if (lost > settings.massRemovalMinimum() && lost > settings.massRemovalShare() * live.size())
            return new Verdict(SuspectReason.MASS_REMOVAL, lost + " of " + live.size() + " bookings gone at once", live.size(),
                    liveEntries.size(), lost);
        return new Verdict(null, null, live.size(), liveEntries.size(), lost);
    }

    /** The same calendar gives the same fingerprint, whatever the order of its events. */
    static String fingerprint(List<FeedEntry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            entries.stream().map(e -> e.uid() + "|" + e.start() + "|" + e.end()).sorted()
                    .forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
