package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The destinations this node sends to: the configured ones, fixed for the node's life, and endpoints
 * that are data (outbound webhooks), looked up by name when work for them arrives and forgotten when idle.
 * A node with 10,000 endpoints holds a guard, a schedule and a lane only for those with work now: no
 * thread, connection or breaker per idle endpoint, and claims that walk only the active ones.
 */
final class DestinationRegistry {

    /** How long an endpoint with nothing in flight, nothing waiting and a closed breaker is kept. */
    static final Duration IDLE = Duration.ofMinutes(5);

    private final Map<String, DestinationRuntime> configured;
    private final Set<String> configuredNames;
    private final Function<String, Optional<DestinationSpec>> endpoints;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private static final long SWEEP_EVERY_MILLIS = 60_000;
    private volatile long lastSweep;
    /** Until an application exists, a node claims exactly as one without outbound webhooks does. */
    private volatile boolean endpointsInUse;
    private final RandomGenerator random;
    private final Clock clock;
    private final int workers;
    private final Function<String, Consumer<String>> breakerListener;

    private static final class Active {
        volatile DestinationRuntime runtime;
        volatile long lastUsed;

        Active(DestinationRuntime runtime, long now) {
            this.runtime = runtime;
            this.lastUsed = now;
        }
    }

    /**
     * @param endpoints       an endpoint's destination by name, or empty when the name is no endpoint (null: none)
     * @param breakerListener for a destination's name, what to tell of its breaker's state changes
     */
    DestinationRegistry(Map<String, DestinationRuntime> configured, Function<String, Optional<DestinationSpec>> endpoints,
                        RandomGenerator random, Clock clock, int workers, Function<String, Consumer<String>> breakerListener) {
        this.configured = Map.copyOf(configured);
        this.configuredNames = Set.copyOf(configured.keySet());
        this.endpoints = endpoints;
        this.random = random;
        this.clock = clock;
        this.workers = workers;
        this.breakerListener = breakerListener;
    }

    /** Whether endpoints may appear: then work for a destination not yet active may be claimed. */
    boolean hasEndpoints() {
        return endpoints != null && endpointsInUse;
    }

    /** Some application exists: work for endpoints may be due, so claims leave room for it. */
    void endpointsInUse() {
        endpointsInUse = true;
    }

    boolean isEmpty() {
        return configured.isEmpty() && endpoints == null;
    }

    Collection<DestinationRuntime> configured() {
        return configured.values();
    }

    /** The names of the configured destinations. */
    Set<String> configuredNames() {
        return configuredNames;
    }

    /** How an endpoint's name starts, when this node sends to endpoints; else null. */
    String endpointPrefix() {
        return endpoints == null ? null : Dispatcher.ENDPOINT_PREFIX;
    }

    /** The destination of this name, made active if it is an endpoint; null when it is neither configured nor an endpoint. */
    DestinationRuntime get(String name) {
        DestinationRuntime d = configured.get(name);
        if (d != null || endpoints == null) return d;
        long now = clock.millis();
        // Read every time (the directory keeps it a few seconds): an edit or a secret rotation applies to the next
        // delivery, while the endpoint keeps its guard, breaker state and lane.
        Optional<DestinationSpec> spec = endpoints.apply(name);
        if (spec.isEmpty()) {
            active.remove(name); // deleted: its work is recorded as going nowhere, and kept replayable
            return null;
        }
        Active a = active.computeIfAbsent(name, n -> new Active(DestinationRuntime.of(n, spec.get(), random, clock, workers,
                breakerListener.apply(n), true), now));
        // The directory hands out the same spec while it keeps it: compare by identity first, field by field only after a re-read.
        DestinationSpec read = spec.get();
        if (a.runtime.spec() != read && !a.runtime.spec().equals(read)) a.runtime = a.runtime.withSpec(read);
        a.lastUsed = now;
        return a.runtime;
    }

    /** The runtime of a configured destination or an active endpoint, without reading the directory; null when neither. */
    DestinationRuntime ifActive(String name) {
        DestinationRuntime d = configured.get(name);
        if (d != null) return d;
        Active a = active.get(name);
        return a == null ? null : a.runtime;
    }

    /** The active endpoints, as a live view (no copy): a walk may stop as soon as it has seen enough. */
    Iterable<DestinationRuntime> activeEndpoints() {
        return () -> active.values().stream().map(a -> a.runtime).iterator();
    }

    /** Every destination with a runtime now: the configured ones and the active endpoints. */
    List<DestinationRuntime> all() {
        List<DestinationRuntime> all = new ArrayList<>(configured.size() + active.size());
        all.addAll(configured.values());
        for (Active a : active.values()) all.add(a.runtime);
        return all;
    }

    /**
     * Forgets endpoints idle for {@link #IDLE}: nothing waiting in their lane, no call in flight, breaker
     * closed (an open breaker is remembered, so a failing endpoint is not hammered again after a rest).
     */
    int evictIdle() {
        long now = clock.millis();
        if (active.isEmpty() || now - lastSweep < SWEEP_EVERY_MILLIS && now >= lastSweep) return 0;
        lastSweep = now;
        long cutoff = now - IDLE.toMillis();
        int evicted = 0;
        for (Map.Entry<String, Active> e : active.entrySet()) {
            Active a = e.getValue();
            DestinationGuard guard = a.runtime.guard();
            if (a.lastUsed <= cutoff && a.runtime.lane().isEmpty() && guard.room() == guard.capacity()
                    && !"OPEN".equals(guard.breakerState()) && !"HALF_OPEN".equals(guard.breakerState())
                    && active.remove(e.getKey(), a)) {
                evicted++;
            }
        }
        return evicted;
    }

    int activeEndpointCount() {
        return active.size();
    }

    /** The guard an endpoint gets unless it says otherwise. */
    static GuardSpec endpointGuard(int ratePerSecond) {
        return new GuardSpec(8, ratePerSecond, GuardSpec.Breaker.DEFAULT, GuardSpec.DEFAULT_DEADLINE, null);
    }
}
