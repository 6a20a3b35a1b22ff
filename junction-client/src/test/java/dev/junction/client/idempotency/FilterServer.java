package dev.junction.client.idempotency;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real servlet container (embedded Jetty 12, ee10) with the filter in front of a small orders API: POST /orders
 * creates an order (and may wait at a gate the test opens), POST /fails throws. POST /async-orders does what /orders
 * does, asynchronously: it starts async and returns, and another thread waits at the gate, writes the answer to the
 * async context's response and completes it. POST /async-times-out starts async with a short timeout and never
 * answers; POST /async-fails dispatches to a handler that throws. It counts the handlers' runs.
 */
final class FilterServer implements AutoCloseable {

    final AtomicInteger runs = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Server server = new Server();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    /** Keeps the handlers of /async-times-out from ever answering until the server closes. */
    private final CountDownLatch never = new CountDownLatch(1);
    private final ServerConnector connector = new ServerConnector(server);

    FilterServer(IdempotencyFilter filter) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        // In front of the idempotency filter, as a service's own would be: a request id per request.
        AtomicInteger requestIds = new AtomicInteger();
        context.addFilter(new FilterHolder((jakarta.servlet.Filter) (request, response, chain) -> {
            ((jakarta.servlet.http.HttpServletResponse) response).setHeader("X-Request-Id", "req-" + requestIds.incrementAndGet());
            chain.doFilter(request, response);
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new Orders()), "/orders");
        context.addServlet(new ServletHolder(new Fails()), "/fails");
        context.addServlet(new ServletHolder(new Refuses()), "/refuses");
        context.addServlet(asyncHolder(new AsyncOrders()), "/async-orders");
        context.addServlet(asyncHolder(new AsyncTimesOut()), "/async-times-out");
        context.addServlet(asyncHolder(new AsyncFails()), "/async-fails");
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

    private static ServletHolder asyncHolder(HttpServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        return holder;
    }

    private void awaitGate() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer to an order; with its Content-Length, which lets a container send it as soon as it is written. */
    private static void answerOrder(HttpServletResponse resp, int n, String body) throws IOException {
        String json = "{\"order\":" + n + "}";
        resp.setStatus(201);
        resp.setHeader("Location", "/orders/" + n);
        resp.setHeader("X-Order-Size", Integer.toString(body.length()));
        resp.setContentType("application/json");
        resp.setContentLength(json.getBytes(StandardCharsets.UTF_8).length);
        resp.getWriter().write(json);
    }

    private final class Orders extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int n = runs.incrementAndGet();
            awaitGate();
            answerOrder(resp, n, body);
        }
    }

    private final class AsyncOrders extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int n = runs.incrementAndGet();
            AsyncContext async = req.startAsync();
            workers.execute(() -> {
                awaitGate();
                try {
                    answerOrder((HttpServletResponse) async.getResponse(), n, body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }
    }

    private final class AsyncTimesOut extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            runs.incrementAndGet();
            AsyncContext async = req.startAsync();
            async.setTimeout(100);
            workers.execute(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private final class AsyncFails extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            if (req.getDispatcherType() == DispatcherType.ASYNC) throw new IllegalStateException("the payment provider is down");
            runs.incrementAndGet();
            AsyncContext async = req.startAsync();
            workers.execute(async::dispatch);
        }
    }

    /** Asks the container for its error page, as a framework does for an unreadable body or an unknown path. */
    private final class Refuses extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            runs.incrementAndGet();
            resp.sendError(415, "Content-Type 'text/plain' is not supported");
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
        never.countDown();
        workers.shutdownNow();
        server.stop();
    }
}
