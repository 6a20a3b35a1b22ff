package dev.junction.client.http;

import java.time.Duration;

/** Waits between attempts; injected so that tests of the retry logic step through it without sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
