package dev.junction.client.idempotency;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real servlet container (embedded Jetty 12, ee10) with the filter in front of a small orders API: POST /orders
 * creates an order (and may wait at a gate the test opens), POST /fails throws. It counts the handler's runs.
 */
final class FilterServer implements AutoCloseable {

    final AtomicInteger runs = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    FilterServer(IdempotencyFilter filter) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Orders()), "/orders");
        context.addServlet(new ServletHolder(new Fails()), "/fails");
        server.setHandler(context);
        server.start();
    }

    /** Handlers of /orders wait until {@code gate} opens. */
    void holdAt(CountDownLatch gate) {
        this.gate = gate;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    private final class Orders extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int n = runs.incrementAndGet();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.setStatus(201);
            resp.setHeader("Location", "/orders/" + n);
            resp.setHeader("X-Order-Size", Integer.toString(body.length()));
            resp.setContentType("application/json");
            resp.getWriter().write("{\"order\":" + n + "}");
        }
    }

    private final class Fails extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            runs.incrementAndGet();
            throw new IllegalStateException("the payment provider is down");
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
