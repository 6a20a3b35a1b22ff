package dev.junction.examples.webhooks;

import dev.junction.client.http.ResilientHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The partner's stock API, which fails now and then. The starter's ResilientHttpClient retries it within the
 * deadline, with one Idempotency-Key made for the POST and sent on every attempt, so a retry never reserves twice.
 */
@Component
public class PartnerClient {

    private final ResilientHttpClient http;
    private final URI reservations;

    public PartnerClient(ResilientHttpClient http, @Value("${partner.url}") URI partner) {
        this.http = http;
        this.reservations = partner.resolve("/reservations");
    }

    /** Reserves one {@code sku}; the partner's answer, or an exception when it could not be had in time. */
    public String reserve(String sku) throws InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(reservations).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku.replaceAll("[^A-Za-z0-9_-]", "") + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Refused, reset, or the deadline passed: the client's retries are spent, and the partner was not had.
            throw new PartnerUnavailableException("the partner could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (answer.statusCode() / 100 != 2) throw new PartnerUnavailableException("the partner answered " + answer.statusCode());
        return answer.body();
    }

    /** The partner did not reserve (after the client's retries). */
    public static final class PartnerUnavailableException extends RuntimeException {
        public PartnerUnavailableException(String why) {
            super(why);
        }
    }
}
