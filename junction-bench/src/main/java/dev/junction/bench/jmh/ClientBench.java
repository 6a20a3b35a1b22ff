package dev.junction.bench.jmh;

import dev.junction.client.http.ResilientHttpClient;
import dev.junction.client.http.ResilientHttpConfig;
import dev.junction.client.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What ResilientHttpClient (default config: deadline, breaker, bulkhead, retry budget, headers) adds to a call, two ways:
 * <ul>
 *   <li>{@code bare}/{@code resilient}: the same GET to a local no-op Jetty server (non-blocking handler, 200, empty
 *       body) through the bare JDK HttpClient and through ResilientHttpClient over that same HttpClient; one thread, one
 *       keep-alive connection. The JDK's own HttpServer, used before, answered with hundreds of µs of jitter that hid
 *       the difference.</li>
 *   <li>{@code bareTransport}/{@code resilientTransport}: the same, over a transport that answers 200 at once without a
 *       socket, so the difference is the client's own work per call with no network noise at all.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientBench {

    Server server;
    HttpClient http;
    ResilientHttpClient resilient;
    HttpRequest request;
    Transport instant;
    ResilientHttpClient resilientOverInstant;

    @Setup
    public void setUp() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request req, Response response, Callback callback) {
                Content.Source.consumeAll(req, Callback.from(() -> {
                    response.setStatus(200);
                    callback.succeeded();
                }, callback::failed));
                return true;
            }
        });
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        resilient = ResilientHttpClient.of(http, ResilientHttpConfig.ofDefaults());
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/noop")).GET().build();
        instant = InstantResponse::new;
        resilientOverInstant = new ResilientHttpClient(instant, ResilientHttpConfig.ofDefaults());
        if (bare() != 200 || resilient() != 200 || bareTransport() != 200 || resilientTransport() != 200) {
            throw new IllegalStateException("the no-op server did not answer 200");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        http.close();
        server.stop();
    }

    @Benchmark
    public int bare() throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int resilient() throws IOException, InterruptedException {
        return resilient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int bareTransport() throws IOException, InterruptedException {
        return instant.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int resilientTransport() throws IOException, InterruptedException {
        return resilientOverInstant.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
