package dev.junction.bench;

import dev.junction.core.config.SourceSpec;
import io.javalin.Javalin;

/**
 * The HTTP stack's ceiling: Javalin 7 configured as the gateway's GatewayServer is (virtual threads,
 * 127.0.0.1, the same request-size bound), with one {@code POST /in/{source}} route that answers 202
 * with a gateway-like JSON body at once and does nothing else (the body is not read or verified).
 */
final class NoopHttp implements AutoCloseable {

    private final Javalin app;

    NoopHttp() {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = SourceSpec.DEFAULT_MAX_BODY_BYTES + 1;
            config.routes.post("/in/{source}", ctx -> ctx.status(202).contentType("application/json")
                    .result("{\"id\":\"msg_noop\",\"status\":\"accepted\"}"));
        }).start();
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
