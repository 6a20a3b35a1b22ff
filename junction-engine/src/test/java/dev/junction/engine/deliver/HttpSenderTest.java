package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The delivery client against real receivers on 127.0.0.1: what it sends, and how each kind of answer comes back. */
class HttpSenderTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** What a receiver saw of one request. */
    record Seen(String path, Headers headers, byte[] body, int clientPort) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private HttpSender sender;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        sender = new HttpSender(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.stop(0);
    }

    /** Answers {@code path} with a status, extra headers and a body, recording each request. */
    private void answer(String path, int status, Map<String, String> headers, byte[] body) {
        receiver.createContext(path, exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                seen.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), in.readAllBytes(),
                        exchange.getRemoteAddress().getPort()));
                headers.forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) exchange.getResponseBody().write(body);
            }
        });
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
    }

    private static DestinationSpec destination(URI url, Duration timeout, Map<String, String> headers) {
        return new DestinationSpec("billing", url, timeout, RetryPolicy.DEFAULT, "whsec_" + java.util.Base64.getEncoder()
                .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)), headers);
    }

    private static ClaimedDelivery delivery(String messageId) {
        StoredMessage message = new StoredMessage(messageId, "stripe", "evt_1", Instant.now(), "application/json; charset=utf-8",
                Map.of(), BODY, TRACE, "invoice.paid");
        return new ClaimedDelivery("dlv_1", "billing", 0, Instant.now(), Instant.now().plusSeconds(60), message, null);
    }

    @Test
    void anAttemptCarriesTheBodyTheWebhookHeadersAndTheDestinationsOwnHeaders() {
        answer("/hooks", 200, Map.of(), new byte[0]);
        SendResult result = sender.send(delivery("msg_1"), destination(url("/hooks"), Duration.ofSeconds(5),
                Map.of("Authorization", "Bearer t0ken", "User-Agent", "billing-bridge/1")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.error()).isNull();
        Seen got = seen.get(0);
        assertThat(got.body()).isEqualTo(BODY);
        assertThat(got.headers().get("Content-Type")).containsExactly("application/json; charset=utf-8");
        assertThat(got.headers().getFirst("webhook-id")).isEqualTo("msg_1");
        assertThat(Long.parseLong(got.headers().getFirst("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(got.headers().getFirst("webhook-signature")).startsWith("v1,");
        assertThat(got.headers().getFirst("traceparent")).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(got.headers().getFirst("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(got.headers().get("User-Agent")).as("the destination's own replaces Junction's").containsExactly("billing-bridge/1");
        assertThat(got.headers().containsKey("Accept-Encoding")).as("the excerpt is kept as the receiver sent it").isFalse();
    }

    @Test
    void withoutHeadersOfItsOwnADeliveryIdentifiesAsJunction() {
        answer("/hooks", 204, Map.of(), new byte[0]);
        assertThat(sender.send(delivery("msg_1"), destination(url("/hooks"), Duration.ofSeconds(5), Map.of())).status()).isEqualTo(204);
        assertThat(seen.get(0).headers().get("User-Agent")).containsExactly("Junction");
    }

    @Test
    void aRedirectIsTheOutcomeAndIsNotFollowed() {
        answer("/moved", 302, Map.of("Location", url("/elsewhere").toString()), new byte[0]);
        answer("/elsewhere", 200, Map.of(), new byte[0]);

        SendResult result = sender.send(delivery("msg_1"), destination(url("/moved"), Duration.ofSeconds(5), Map.of()));

        assertThat(result.status()).isEqualTo(302);
        assertThat(seen).extracting(Seen::path).containsExactly("/moved");
    }

    @Test
    void aLargeAnswerKeepsOnlyItsExcerptAndRetryAfterAndTheConnectionIsUsedAgain() {
        byte[] page = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        answer("/busy", 503, Map.of("Retry-After", "7"), page);
        DestinationSpec busy = destination(url("/busy"), Duration.ofSeconds(5), Map.of());

        SendResult first = sender.send(delivery("msg_1"), busy);
        SendResult second = sender.send(delivery("msg_2"), busy);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.retryAfter()).isEqualTo("7");
        assertThat(first.excerpt()).hasSize(HttpSender.EXCERPT_BYTES).isEqualTo("x".repeat(HttpSender.EXCERPT_BYTES));
        assertThat(second.status()).isEqualTo(503);
        // The whole page was read, so the second attempt went over the same connection (same client port).
        assertThat(seen).extracting(Seen::clientPort).containsExactly(seen.get(0).clientPort(), seen.get(0).clientPort());
    }

    @Test
    void cookiesAReceiverSetsAreNotSentBack() {
        answer("/hooks", 200, Map.of("Set-Cookie", "session=abc; Path=/"), new byte[0]);
        DestinationSpec d = destination(url("/hooks"), Duration.ofSeconds(5), Map.of());

        sender.send(delivery("msg_1"), d);
        sender.send(delivery("msg_2"), d);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).headers().containsKey("Cookie")).isFalse();
    }

    @Test
    void aClosedPortIsAConnectError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SendResult result = sender.send(delivery("msg_1"),
                destination(URI.create("http://127.0.0.1:" + port + "/hooks"), Duration.ofSeconds(5), Map.of()));

        assertThat(result.status()).isNull();
        assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("connect");
    }

    @Test
    void aReceiverThatHangsUpWithoutAnsweringSaysSoPlainly() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hangUp = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]); // the request, then the connection closed unanswered
                } catch (IOException ignored) {
                    // done either way
                }
            });
            SendResult result = sender.send(delivery("msg_1"),
                    destination(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hooks"), Duration.ofSeconds(5), Map.of()));
            hangUp.join(Duration.ofSeconds(5));

            assertThat(result.status()).isNull();
            assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("io");
            // Not Jetty's dump of its endpoint (HttpConnectionOverHTTP@106d8818::SocketChannelEndPoint@...{l=/127.0.0.1:...}).
            assertThat(result.error()).hasMessage("the receiver closed the connection before answering");
        }
    }

    @Test
    @Timeout(30) // without a bound on the whole exchange the attempt would wait forever: fail instead of hanging
    void aReceiverThatNeverAnswersIsATimeout() throws Exception {
        try (RawReceiver silent = new RawReceiver(null)) {
            SendResult result = sender.send(delivery("msg_1"), destination(silent.url(), Duration.ofMillis(300), Map.of()));

            assertThat(result.status()).isNull();
            assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("timeout");
        }
    }

    @Test
    @Timeout(30) // the JDK client used before waited forever here: its timeout ends at the response headers
    void anAnswerWhoseBodyThenStallsCountsByItsStatus() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\nreceived, thanks";
        try (RawReceiver stalling = new RawReceiver(head)) {
            SendResult result = sender.send(delivery("msg_1"), destination(stalling.url(), Duration.ofMillis(300), Map.of()));

            assertThat(result.status()).as("the receiver's verdict").isEqualTo(200);
            assertThat(result.excerpt()).isEqualTo("received, thanks");
        }
    }

    @Test
    void anHttpsReceiverGetsTheDeliveryOnlyIfItsCertificateIsTrusted(@TempDir Path dir) throws Exception {
        // A self-signed certificate for 127.0.0.1. Untrusted, TLS must refuse it (no trust-all client) and the
        // body never leaves; trusted (the JVM's trust store, as an operator would set it), the delivery goes.
        Path keystore = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/hooks", exchange -> {
            seen.add(new Seen("/hooks", exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes(), 0));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        try {
            SendResult result = sender.send(delivery("msg_1"), destination(
                    URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/hooks"), Duration.ofSeconds(5), Map.of()));

            assertThat(result.status()).isNull();
            assertThat(result.error()).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("io");
            assertThat(seen).isEmpty();

            String before = System.getProperty("javax.net.ssl.trustStore");
            System.setProperty("javax.net.ssl.trustStore", keystore.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            try (HttpSender trusting = new HttpSender(Clock.systemUTC())) {
                SendResult trusted = trusting.send(delivery("msg_2"), destination(
                        URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/hooks"), Duration.ofSeconds(5), Map.of()));
                assertThat(trusted.status()).as(String.valueOf(trusted.error())).isEqualTo(200);
                assertThat(seen).extracting(r -> r.headers().getFirst("webhook-id")).containsExactly("msg_2");
            } finally {
                if (before == null) System.clearProperty("javax.net.ssl.trustStore"); else System.setProperty("javax.net.ssl.trustStore", before);
                System.clearProperty("javax.net.ssl.trustStorePassword");
            }
        } finally {
            https.stop(0);
        }
    }

    /** Accepts one connection, reads the request, writes {@code reply} (or nothing) and holds the connection open. */
    private static final class RawReceiver implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        RawReceiver(String reply) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[8192]);
                    if (reply != null) {
                        OutputStream out = s.getOutputStream();
                        out.write(reply.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    in.transferTo(OutputStream.nullOutputStream()); // hold until the client gives up
                } catch (IOException ignored) {
                    // the client closed the connection: done
                }
            });
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hooks");
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(Duration.ofSeconds(5));
        }
    }
}
