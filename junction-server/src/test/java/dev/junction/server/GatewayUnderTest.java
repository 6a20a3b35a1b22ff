package dev.junction.server;

import dev.junction.server.Downstream.Reply;
import dev.junction.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * The sample configuration's gateway on real sockets and SQLite in {@code dir}, delivering to a scripted
 * {@link Downstream}; closing it stops both.
 */
public record GatewayUnderTest(Gateway gateway, Downstream downstream) implements AutoCloseable {

    /** The environment of {@link TestGateways#start}: the bootstrap admin key that the request helpers send. */
    public static final Map<String, String> ADMIN_ENV = Map.of("JUNCTION_ADMIN_KEY", TestGateways.ADMIN_KEY);

    /** With {@link #ADMIN_ENV} and a downstream that answers 200. */
    public static GatewayUnderTest start(Path dir) throws Exception {
        return start(dir, ADMIN_ENV, n -> Reply.ok());
    }

    /** @param env exactly the environment the gateway sees; @param script the downstream's answer to the n-th try */
    public static GatewayUnderTest start(Path dir, Map<String, String> env, Function<Integer, Reply> script) throws Exception {
        return start(dir, env, script, "");
    }

    /** With {@code topLevel} (whole top-level sections, e.g. {@code synthetics:}) added to the sample configuration. */
    public static GatewayUnderTest start(Path dir, Map<String, String> env, Function<Integer, Reply> script, String topLevel) throws Exception {
        return start(dir, env, script, topLevel, "");
    }

    /** With {@code moreSources} (entries indented under {@code sources:}) beside the sample's Stripe source, too. */
    public static GatewayUnderTest start(Path dir, Map<String, String> env, Function<Integer, Reply> script, String topLevel,
                                         String moreSources) throws Exception {
        Downstream downstream = new Downstream().script(script);
        try {
            String yaml = TestGateways.yaml(dir, downstream.url(), 0, "").replace("sources:\n", "sources:\n" + moreSources) + topLevel;
            Gateway gateway = Gateway.start(TestGateways.config(yaml), Clock.systemUTC(), env);
            return new GatewayUnderTest(gateway, downstream);
        } catch (RuntimeException e) {
            downstream.close();
            throw e;
        }
    }

    public int port() {
        return gateway.port();
    }

    public Store store() {
        return gateway.pipeline().store();
    }

    @Override
    public void close() {
        gateway.close();
        downstream.close();
    }
}
