package dev.junction.examples.webhooks;

import dev.junction.client.money.AmountNotRepresentableException;
import dev.junction.client.money.Money;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
        Money price = Money.of(order.amount(), order.currency());
        String reservation = partner.reserve(order.sku());
        String id = ledger.createOrder(order.sku(), price, reservation);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/orders/" + id)
                .body(Map.of("id", id, "amountMinor", price.minorUnits(), "currency", price.currency().getCurrencyCode()));
    }

    @ExceptionHandler({AmountNotRepresentableException.class, IllegalArgumentException.class})
    ResponseEntity<Map<String, Object>> invalid(IllegalArgumentException e) {
        return ResponseEntity.unprocessableEntity().body(Map.of("title", "invalid order", "detail", e.getMessage()));
    }

    @ExceptionHandler(PartnerClient.PartnerUnavailableException.class)
    ResponseEntity<Map<String, Object>> partnerDown(PartnerClient.PartnerUnavailableException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("title", "partner unavailable", "detail", e.getMessage()));
    }
}
