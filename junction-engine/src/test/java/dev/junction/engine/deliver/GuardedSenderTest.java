package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.net.AddressPolicy;
import dev.junction.core.net.HostResolver;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery client with an SSRF guard, against a real receiver on 127.0.0.1 that a made-up name
 * resolves to only when the client connects: DNS rebinding, caught at connect time.
 */
@Timeout(30)
class GuardedSenderTest {

    private static final InetAddress PUBLIC = address("93.184.215.14");
    private static final InetAddress LOOPBACK = address("127.0.0.1");

    private final List<String> received = new CopyOnWriteArrayList<>();
    /** What {@code hooks.example} resolves to now: the test changes it between check and send. */
    private final AtomicReference<List<InetAddress>> dns = new AtomicReference<>(List.of(PUBLIC));
    private final HostResolver resolver = host -> {
        if (!host.equals("hooks.example")) throw new java.net.UnknownHostException(host);
        return dns.get();
    };
    private HttpServer receiver;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hooks", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private URI url(String host) {
        return URI.create("http://" + host + ":" + receiver.getAddress().getPort() + "/hooks");
    }

    private SendResult send(AddressPolicy policy, URI url) {
        try (HttpSender sender = new HttpSender(Clock.systemUTC(), policy)) {
            DestinationSpec destination = new DestinationSpec("customer", url, Duration.ofSeconds(5), RetryPolicy.DEFAULT,
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Map.of());
            StoredMessage message = new StoredMessage("msg_1", "api", "evt_1", Instant.now(), "application/json", Map.of(),
                    "{}".getBytes(StandardCharsets.UTF_8), null, "invoice.paid");
            return sender.send(new ClaimedDelivery("dlv_1", "customer", 0, Instant.now(), Instant.now().plusSeconds(60), message, null),
                    destination);
        }
    }

    @Test
    void aNameThatRebindsToLoopbackAfterItsCheckIsRefusedAtConnectAndNeverReachesTheReceiver() {
        AddressPolicy policy = AddressPolicy.custom().resolver(resolver).build();
        assertThat(policy.checkUrl(url("hooks.example")).allowed()).as("public when the endpoint is created").isTrue();

        dns.set(List.of(LOOPBACK));
        SendResult result = send(policy, url("hooks.example"));

        assertThat(result.status()).isNull();
        assertThat(result.error()).isInstanceOf(DeliveryRefused.class)
                .hasMessage("refused to connect to hooks.example (127.0.0.1): loopback 127.0.0.0/8");
        assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("ssrf");
        assertThat(OutcomeClassifier.ofError(result.error())).isEqualTo(OutcomeClass.PERMANENT);
        assertThat(received).isEmpty();
    }

    @Test
    void allowNetworksLetTheSameRebindThroughToTheAddressTheResolverGave() {
        AddressPolicy policy = AddressPolicy.custom().resolver(resolver).allowNetworks("127.0.0.0/8").build();
        assertThat(policy.checkUrl(url("hooks.example")).allowed()).isTrue();

        dns.set(List.of(LOOPBACK));
        SendResult result = send(policy, url("hooks.example"));

        assertThat(result.error()).isNull();
        assertThat(result.status()).isEqualTo(204);
        assertThat(received).containsExactly("{}");
    }

    @Test
    void blockedAddressesAreDroppedAndTheConnectionGoesOnlyToAnAllowedOne() {
        // 10.0.0.5 comes first: were it tried, the attempt would wait out the connect timeout or reach a stranger.
        dns.set(List.of(address("10.0.0.5"), LOOPBACK));
        AddressPolicy policy = AddressPolicy.custom().resolver(resolver).allowNetworks("127.0.0.0/8").build();

        SendResult result = send(policy, url("hooks.example"));

        assertThat(result.status()).isEqualTo(204);
        assertThat(received).hasSize(1);
    }

    @Test
    void anIpLiteralIsJudgedWithoutTheResolver() {
        AddressPolicy policy = AddressPolicy.custom().resolver(host -> { throw new AssertionError("looked up " + host); }).build();

        SendResult loopback = send(policy, url("127.0.0.1"));
        SendResult privateAddress = send(policy, URI.create("http://10.0.0.5:9/hooks"));
        SendResult ipv6 = send(policy, URI.create("http://[::1]:9/hooks"));
        SendResult nat64 = send(policy, URI.create("http://[64:ff9b::a9fe:a9fe]:9/hooks"));

        assertThat(loopback.error()).hasMessage("refused to connect to 127.0.0.1: loopback 127.0.0.0/8");
        assertThat(privateAddress.error()).isInstanceOf(DeliveryRefused.class)
                .hasMessage("refused to connect to 10.0.0.5: private 10.0.0.0/8");
        assertThat(ipv6.error()).hasMessage("refused to connect to ::1: loopback ::1");
        assertThat(nat64.error()).hasMessage("refused to connect to 64:ff9b::a9fe:a9fe: cloud metadata 169.254.169.254 (as NAT64 64:ff9b::/96)");
        assertThat(received).isEmpty();
    }

    @Test
    void withoutAPolicyTheSenderStillReachesLoopbackAsConfiguredDestinationsDo() {
        SendResult result = send(null, url("127.0.0.1"));

        assertThat(result.status()).isEqualTo(204);
        assertThat(received).hasSize(1);
    }
}
