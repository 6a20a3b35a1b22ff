package dev.junction.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many test events an endpoint may be sent, per node: {@link #PER_MINUTE} in each clock minute. Each one is a
 * stored message and a request to a URL a customer chose, so a portal user looping on "send test event" grew the store
 * without bound and made the gateway send traffic at a third party from the operator's address.
 */
final class TestSends {

    static final int PER_MINUTE = 5;

    private record Window(long minute, int sent) {}

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    TestSends(Clock clock) {
        this.clock = clock;
    }

    /** Takes one send for {@code endpoint}; when its minute is spent, the seconds until the next one, else 0. */
    int take(String endpoint) {
        long millis = clock.millis();
        long minute = millis / 60_000;
        if (windows.size() > 10_000) windows.values().removeIf(w -> w.minute() < minute);
        Window w = windows.merge(endpoint, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.sent() + 1) : one);
        return w.sent() <= PER_MINUTE ? 0 : (int) Math.max(1, (60_000 - millis % 60_000 + 999) / 1000);
    }
}
