package dev.junction.examples.webhooks;

import dev.junction.client.money.AmountNotRepresentableException;
import dev.junction.client.money.Money;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders}, idempotent through the starter's filter (an {@code Idempotency-Key} is required under
 * {@code /api/*}): a retry of the same request gets the first answer again and reserves nothing twice.
 */
@RestController
public class OrdersController {

    /** An order as the client sends it: the price in major units, e.g. {@code "12.34"} and {@code "EUR"}. */
    public record NewOrder(String sku, String amount, String currency) {}

    private final PartnerClient partner;
    private final Ledger ledger;

    public OrdersController(PartnerClient partner, Ledger ledger) {
        this.partner = partner;
        this.ledger = ledger;
    }

    @PostMapping("/api/orders")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewOrder order) throws IOException, InterruptedException {
        if (order.sku() == null || order.sku().isBlank()) throw new IllegalArgumentException("sku is required, e.g. \"A-1\"");
        Money price = Money.of(order.amount(), order.currency());
        String reservation = partner.reserve(order.sku());
        String id = ledger.createOrder(order.sku(), price, reservation);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/orders/" + id)
                .body(Map.of("id", id, "amountMinor", price.minorUnits(), "currency", price.currency().getCurrencyCode()));
    }

    @ExceptionHandler({AmountNotRepresentableException.class, IllegalArgumentException.class})
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-order", "Invalid order", e.getMessage());
    }

    @ExceptionHandler(PartnerClient.PartnerUnavailableException.class)
    ProblemDetail partnerDown(PartnerClient.PartnerUnavailableException e) {
        return problem(HttpStatus.BAD_GATEWAY, "partner-unavailable", "Partner unavailable", e.getMessage());
    }

    /** An RFC 9457 answer ({@code application/problem+json}), as the library's own refusals are. */
    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(java.net.URI.create("/problems/" + slug));
        problem.setTitle(title);
        return problem;
    }
}
