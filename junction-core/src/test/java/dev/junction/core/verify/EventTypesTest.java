package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.EventTypeSpec;
import dev.junction.core.config.VerifySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event type each scheme reads by default, from the shapes its provider really sends, and the source's override. */
class EventTypesTest {

    private static final Verifier STRIPE = scheme("stripe", List.of("whsec_x"));
    private static final Verifier GITHUB = scheme("github", List.of("s"));
    private static final Verifier SLACK = scheme("slack", List.of("s"));
    private static final Verifier SHOPIFY = scheme("shopify", List.of("s"));
    private static final Verifier STANDARD = scheme("standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    private static final Verifier NONE = scheme("none", List.of());

    /** A Stripe event as sent: "type" comes after data, whose object has a "type" of its own. */
    private static final String STRIPE_EVENT = """
            {"id":"evt_3QJ1","object":"event","api_version":"2024-06-20","created":1732356000,
             "data":{"object":{"id":"pi_3QJ1","object":"payment_intent","amount":4200,"currency":"eur",
                     "payment_method_types":["card"],"type":"not_this"}},
             "livemode":false,"pending_webhooks":1,"request":{"id":"req_1","idempotency_key":null},
             "type":"payment_intent.succeeded"}""";
    private static final String SLACK_CALLBACK = """
            {"token":"XXYYZZ","team_id":"T0001","api_app_id":"A0001","type":"event_callback",
             "event":{"type":"app_mention","user":"U0001","text":"<@U0002> hi","ts":"1515449522.000016",
                      "channel":"C0001","event_ts":"1515449522000016"},
             "event_id":"Ev0001","event_time":1515449522,"authorizations":[]}""";
    private static final Map<String, String> GITHUB_HEADERS = Map.of("X-GitHub-Event", "pull_request",
            "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Hook-ID", "292430182",
            "X-Hub-Signature-256", "sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c",
            "User-Agent", "GitHub-Hookshot/044aadd", "Content-Type", "application/json");
    private static final Map<String, String> SHOPIFY_HEADERS = Map.of("X-Shopify-Topic", "orders/create",
            "X-Shopify-Hmac-Sha256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=", "X-Shopify-Shop-Domain", "example.myshopify.com",
            "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "X-Shopify-API-Version", "2024-07");

    private static Verifier scheme(String name, List<String> secrets) {
        return SignatureSchemes.create(new VerifySpec(name, secrets, null, null));
    }

    private static Optional<String> type(Verifier verifier, Map<String, String> headers, String body, EventTypeSpec spec) {
        return EventTypes.of(WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8)), verifier, spec);
    }

    private static Optional<String> type(Verifier verifier, Map<String, String> headers, String body) {
        return type(verifier, headers, body, EventTypeSpec.DEFAULT);
    }

    @Test
    void stripeReadsTheEventsTopLevelType() {
        assertThat(type(STRIPE, Map.of("Stripe-Signature", "t=1,v1=00"), STRIPE_EVENT)).contains("payment_intent.succeeded");
        assertThat(type(STRIPE, Map.of(), "{\"id\":\"evt_1\",\"object\":\"event\"}")).as("no /type").isEmpty();
        assertThat(type(STRIPE, Map.of(), "{\"id\":\"evt_1\",\"type\":42}")).as("not a string").isEmpty();
        assertThat(type(STRIPE, Map.of(), "{\"id\":\"evt_1\",\"type\":\"\"}")).as("empty").isEmpty();
    }

    @Test
    void githubReadsTheEventHeader() {
        assertThat(type(GITHUB, GITHUB_HEADERS, "{\"action\":\"opened\",\"number\":1}")).contains("pull_request");
        assertThat(type(GITHUB, Map.of("X-GitHub-Delivery", "d-1"), "{\"zen\":\"Keep it logically awesome.\"}")).isEmpty();
    }

    @Test
    void shopifyReadsTheTopicHeader() {
        assertThat(type(SHOPIFY, SHOPIFY_HEADERS, "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}")).contains("orders/create");
        assertThat(type(SHOPIFY, Map.of("X-Shopify-Webhook-Id", "w-1"), "{}")).isEmpty();
    }

    @Test
    void slackReadsTheInnerEventsTypeOfEventCallbacksOnly() {
        Map<String, String> json = Map.of("Content-Type", "application/json", "X-Slack-Request-Timestamp", "1531420618");
        assertThat(type(SLACK, json, SLACK_CALLBACK)).contains("app_mention");
        // The URL check Slack sends when an app is set up: an envelope with no inner event.
        assertThat(type(SLACK, json, "{\"token\":\"XXYYZZ\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}")).isEmpty();
        assertThat(type(SLACK, json, "{\"type\":\"app_rate_limited\",\"event\":{\"type\":\"message\"}}"))
                .as("an inner type outside an event_callback is not the event's").isEmpty();
        // A slash command: form-encoded, it names no event type.
        assertThat(type(SLACK, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&command=%2Fweather&text=94070")).isEmpty();
    }

    @Test
    void genericSchemesHaveNoDefaultPlace() {
        String body = "{\"type\":\"invoice.paid\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{}}";
        assertThat(type(STANDARD, Map.of("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"), body)).isEmpty();
        assertThat(type(NONE, Map.of(), body)).isEmpty();
    }

    @Test
    void aConfiguredHeaderOrPointerReplacesTheSchemesPlace() {
        String body = "{\"type\":\"invoice.paid\",\"data\":{\"kind\":\"renewal\",\"n\":3}}";
        assertThat(type(STANDARD, Map.of(), body, new EventTypeSpec(null, "/type"))).contains("invoice.paid");
        assertThat(type(STRIPE, Map.of(), STRIPE_EVENT, new EventTypeSpec(null, "/data/object/object"))).contains("payment_intent");
        assertThat(type(NONE, Map.of("X-Event-Type", " order.paid "), body, new EventTypeSpec("x-event-type", null))).contains("order.paid");
        assertThat(type(GITHUB, GITHUB_HEADERS, body, new EventTypeSpec("X-Missing", null))).as("never the scheme's instead").isEmpty();
        assertThat(type(NONE, Map.of(), body, new EventTypeSpec(null, "/data/n"))).as("a number is not a type").isEmpty();
        assertThat(type(NONE, Map.of(), "not json", new EventTypeSpec(null, "/type"))).isEmpty();
    }

    @Test
    void aTypeLongerThanTheLimitIsNotKept() {
        String longest = "a".repeat(EventTypes.MAX_LENGTH);
        assertThat(type(NONE, Map.of("X-Type", longest), "{}", new EventTypeSpec("X-Type", null))).contains(longest);
        assertThat(type(NONE, Map.of("X-Type", longest + "b"), "{}", new EventTypeSpec("X-Type", null))).isEmpty();
    }

    @Test
    void anInvalidConfiguredPointerIsRefused() {
        assertThatThrownBy(() -> type(NONE, Map.of(), "{}", new EventTypeSpec(null, "type")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid JSON Pointer");
    }
}
