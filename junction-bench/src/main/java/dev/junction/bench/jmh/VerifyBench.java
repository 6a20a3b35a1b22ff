package dev.junction.bench.jmh;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.StripeSigner;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Stripe-scheme verification of a 1 KiB body: header parse, hex decode, HMAC-SHA256, constant-time compare, tolerance. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifyBench {

    static final String SECRET = "whsec_bench_0123456789abcdef0123456789abcdef";

    Verifier verifier;
    WebhookRequest request;
    Instant now;

    @Setup
    public void setUp() {
        verifier = SignatureSchemes.create(new VerifySpec("stripe", List.of(SECRET), Duration.ofMinutes(5), null));
        StringBuilder json = new StringBuilder("{\"id\":\"evt_bench_000000000001\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"note\":\"");
        while (json.length() < 1024 - 5) json.append('x');
        json.append("\"}}}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        now = Instant.now();
        String header = StripeSigner.header(SECRET, now.getEpochSecond(), body);
        request = WebhookRequest.of(Map.of("Content-Type", "application/json", "Stripe-Signature", header), body);
        if (!verifier.verify(request, now).isValid()) throw new IllegalStateException("benchmark request does not verify");
    }

    @Benchmark
    public Verification verifyStripe1KiB() {
        return verifier.verify(request, now);
    }
}
