package dev.junction.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import dev.junction.client.http.ResilientHttpClient;
import dev.junction.client.http.ResilientHttpConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same GET to a local no-op HTTP server (the JDK's HttpServer on 127.0.0.1, answering 200 with an empty body)
 * through the bare JDK HttpClient and through ResilientHttpClient with its default config over the same HttpClient:
 * the difference of the two scores is the client's overhead per call (deadline, breaker, bulkhead, retry budget,
 * headers). One thread, one keep-alive connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientBench {

    HttpServer server;
    HttpClient http;
    ResilientHttpClient resilient;
    HttpRequest request;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/noop", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        resilient = ResilientHttpClient.of(http, ResilientHttpConfig.ofDefaults());
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/noop")).GET().build();
        if (bare() != 200 || resilient() != 200) throw new IllegalStateException("the no-op server did not answer 200");
    }

    @TearDown
    public void tearDown() {
        http.close();
        server.stop(0);
    }

    @Benchmark
    public int bare() throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int resilient() throws IOException, InterruptedException {
        return resilient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
