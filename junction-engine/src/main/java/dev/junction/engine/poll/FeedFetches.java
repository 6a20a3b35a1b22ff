package dev.junction.engine.poll;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The feeds of one iCal poll, asked for concurrently, at most {@link #PARALLEL} at once (a host's rate limit still
 * applies, in the fetcher): a source of hundreds of units is paced by its slowest answers, not by the sum of its
 * round trips. The answers are read in order afterwards, so the diff of each unit stays sequential. Closing
 * abandons what is still being fetched (a poll that lost its lease).
 */
final class FeedFetches implements AutoCloseable {

    static final int PARALLEL = 8;

    /** A feed's answer, or why there is none. */
    record Answer(Page page, Exception error) {}

    private final PageFetcher fetcher;
    private final Credentials anonymous;
    private final Duration timeout;
    private final String accept;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots = new Semaphore(PARALLEL);
    private final Map<String, Future<Answer>> pending = new HashMap<>();

    FeedFetches(PageFetcher fetcher, Credentials anonymous, Duration timeout, String accept) {
        this.fetcher = fetcher;
        this.anonymous = anonymous;
        this.timeout = timeout;
        this.accept = accept;
    }

    /** Starts asking for the feed {@code key} at {@code url}, conditionally when {@code headers} say so. */
    void start(String key, String url, Map<String, String> headers) {
        pending.put(key, pool.submit(() -> {
            slots.acquire();
            try {
                return new Answer(fetcher.get(URI.create(url), anonymous, headers, timeout, accept), null);
            } catch (IOException | RuntimeException e) {
                return new Answer(null, e);
            } finally {
                slots.release();
            }
        }));
    }

    /** Waits for the feed's answer. */
    Answer answer(String key) throws InterruptedException {
        try {
            return pending.get(key).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) throw interrupted;
            return new Answer(null, e.getCause() instanceof Exception ex ? ex : new IOException("fetch failed"));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
