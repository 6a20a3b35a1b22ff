package dev.junction.engine.observe;

import dev.junction.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A store that times every call as {@code junction_store_operation_seconds{operation, outcome}}.
 *
 * <p>A dynamic proxy rather than a hand-written decorator: every operation of {@link Store}, including
 * ones added later, is timed without a delegating method to keep in step. The hot path's operations get
 * short names (ingest, claim, complete, renew, release); the rest are their method names in snake case
 * (dead_letters, replay, stats, ...). Exceptions pass through unchanged and count as outcome=error.
 */
public final class TimedStore implements InvocationHandler {

    /** Buckets from half a millisecond (an fsync on a fast disk) to ten seconds (a stuck lock). */
    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};
    private static final Map<String, String> SHORT_NAMES = Map.of("append", "ingest", "claimDue", "claim",
            "renewLeases", "renew");
    /** Not database work: closing, and starting a listener thread. */
    private static final Set<String> UNTIMED = Set.of("close", "subscribe");

    private final Store delegate;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** Each method's outcome=ok timer, looked up once: naming an operation takes a regex. */
    private final Map<Method, Timer> okTimers = new ConcurrentHashMap<>();

    private TimedStore(Store delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    public static Store wrap(Store store, MeterRegistry registry) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                new TimedStore(store, registry));
    }

    /** The operation tag of a store method: {@code claimDue} is "claim", {@code deadLetters} "dead_letters". */
    static String operation(String method) {
        String name = SHORT_NAMES.getOrDefault(method, method);
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class || UNTIMED.contains(method.getName())) return call(method, args);
        long started = System.nanoTime();
        String outcome = "error";
        try {
            Object result = call(method, args);
            outcome = "ok";
            return result;
        } finally {
            Timer timer = "ok".equals(outcome) ? okTimers.computeIfAbsent(method, m -> timer(operation(m.getName()), "ok"))
                    : timer(operation(method.getName()), outcome);
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + "|" + outcome, k -> Timer.builder("junction.store.operation")
                .description("Duration of one store call (one transaction or query) by operation and outcome")
                .tag("operation", operation).tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
