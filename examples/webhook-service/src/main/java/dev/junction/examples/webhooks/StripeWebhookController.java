package dev.junction.examples.webhooks;

import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookRejectedException;
import dev.junction.spring.boot.WebhookVerifiers;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/stripe}: verified with the {@code stripe} verifier of {@code junction.client.webhooks}
 * (its secret from {@code STRIPE_WEBHOOK_SECRET}), recorded once; a redelivery is answered 200 and skipped.
 */
@RestController
public class StripeWebhookController {

    private final WebhookVerifiers verifiers;
    private final Ledger ledger;

    public StripeWebhookController(WebhookVerifiers verifiers, Ledger ledger) {
        this.verifiers = verifiers;
        this.ledger = ledger;
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<?> receive(HttpServletRequest request, @RequestBody byte[] body) {
        try {
            VerifiedWebhook event = verifiers.get("stripe").verify(headers(request), body);
            return ResponseEntity.ok(ledger.recordPayment(event) ? "recorded" : "duplicate");
        } catch (WebhookRejectedException e) {
            // An RFC 9457 problem with the reason, never the signature or the body.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
            problem.setType(URI.create("/problems/" + e.reason()));
            problem.setTitle("Webhook refused");
            return ResponseEntity.status(e.status()).body(problem);
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) headers.put(name, Collections.list(request.getHeaders(name)));
        return headers;
    }
}
