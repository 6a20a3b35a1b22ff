package dev.junction.core.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Scheme {@code none}: accepts every request, for sources that cannot sign (and for local testing). */
final class NoneScheme implements Verifier {

    @Override
    public Verification verify(WebhookRequest request, Instant now) {
        return Verification.VALID;
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of();
    }

    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "none";
    }
}
