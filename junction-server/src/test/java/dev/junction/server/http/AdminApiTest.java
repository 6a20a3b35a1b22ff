package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's read, search and bulk-replay endpoints over real sockets, on a gateway with two real
 * downstreams that refuse (422) every event whose body says "fail" until they are healed.
 */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CRM_SECRETS = "crm-password-1 crm-token-1 crm-header-token-1 abcdEFGH1234ijklMNOP5678";

    @TempDir
    Path dir;

    private final AtomicBoolean healed = new AtomicBoolean();
    private Downstream billing;
    private Downstream crm;
    private Gateway gateway;
    private int port;
    private int sent;

    @BeforeEach
    void start() throws Exception {
        billing = new Downstream().scriptByBody(this::answer);
        crm = new Downstream().scriptByBody(this::answer);
        String yaml = stripeGateway(dir) + """
                  github:
                    verify: { scheme: github, secrets: ["gh-secret-value-1"] }
                destinations:
                  billing:
                    url: "%s"
                    secret: "%s"
                    retry: { max-attempts: 3, initial-delay: 50ms, max-delay: 100ms }
                  crm:
                    url: "%s"
                    retry: { max-attempts: 3, initial-delay: 50ms, max-delay: 100ms }
                  vault:
                    url: "https://bot:crm-password-1@hooks.example.com/services/T0001/abcdEFGH1234ijklMNOP5678?token=crm-token-1&v=2"
                    headers: { Authorization: "Bearer crm-header-token-1" }
                routes:
                  - from: stripe
                    to: [billing, crm]
                  - from: github
                    to: [vault]
                    ordering-key: { header: X-Key }
                    on-dead: skip
                # Only a wake-up, never the poll, can make a replayed delivery go out within the test.
                delivery: { workers: 8, poll-interval: 1h, lease: 4s }
                """.formatted(billing.url(), DESTINATION_SECRET, crm.url());
        gateway = dev.junction.server.TestGateways.start(config(yaml));
        port = gateway.port();
    }

    private Reply answer(String body, int attempt) {
        return body.contains("fail") && !healed.get() ? Reply.status(422) : Reply.ok();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (billing != null) billing.close();
        if (crm != null) crm.close();
    }

    private Store store() {
        return gateway.pipeline().store();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private JsonNode getJson(String path) throws Exception {
        return json(get(port, path));
    }

    /** Sends events, waits until every delivery has finished (succeeded or dead); returns their message ids in order. */
    private List<String> send(String... eventIds) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String e : eventIds) ids.add(json(postStripe(port, stripeEvent(e))).get("id").asText());
        sent += ids.size();
        await().atMost(WAIT).until(() -> store().stats().deliveries(DeliveryState.SUCCEEDED) + store().stats().deliveries(DeliveryState.DEAD) == 2L * sent);
        return ids;
    }

    private static void assertBadParameter(HttpResponse<String> r, String parameter) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo("/problems/bad-parameter");
        assertThat(p.get("parameter").asText()).isEqualTo(parameter);
        assertThat(p.get("detail").asText()).contains(parameter);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void sourcesRoutesAndDestinationsAreShownWithoutASingleSecret() throws Exception {
        postEmpty(port, "/api/v1/destinations/crm/pause?reason=maintenance");
        List<HttpResponse<String>> answers = List.of(get(port, "/api/v1/sources"), get(port, "/api/v1/sources/stripe"),
                get(port, "/api/v1/routes"), get(port, "/api/v1/destinations"), get(port, "/api/v1/destinations/vault"));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).isEqualTo(200);
            for (String secret : (CRM_SECRETS + " gh-secret-value-1 " + STRIPE_SECRET + " " + DESTINATION_SECRET).split(" ")) {
                assertThat(r.body()).as(r.uri().getPath()).doesNotContain(secret);
            }
        }
        JsonNode stripe = json(answers.get(1));
        assertThat(stripe.get("verification").asText()).isEqualTo("stripe");
        assertThat(stripe.get("destinations")).extracting(JsonNode::asText).containsExactly("billing", "crm");
        assertThat(stripe.get("paused").asBoolean()).isFalse();
        assertThat(json(answers.get(0)).get("items")).extracting(n -> n.get("name").asText()).containsExactly("github", "stripe");

        JsonNode routes = json(answers.get(2)).get("items");
        assertThat(routes).hasSize(2);
        assertThat(routes.get(1).get("from").asText()).isEqualTo("github");
        assertThat(routes.get(1).get("ordering").get("header").asText()).isEqualTo("X-Key");
        assertThat(routes.get(1).get("ordering").get("onDead").asText()).isEqualTo("skip");

        JsonNode destinations = json(answers.get(3)).get("items");
        assertThat(destinations).extracting(n -> n.get("name").asText()).containsExactly("billing", "crm", "vault");
        assertThat(destinations.get(0).get("url").asText()).isEqualTo(billing.url());
        assertThat(destinations.get(0).get("signed").asBoolean()).isTrue();
        assertThat(destinations.get(0).get("breaker").asText()).isEqualTo("CLOSED");
        assertThat(destinations.get(1).get("paused").asBoolean()).isTrue();
        assertThat(destinations.get(1).get("pauseReason").asText()).isEqualTo("maintenance");
        // The reason may come as a body; a misspelt parameter is refused, not ignored.
        assertThat(postJson(port, "/api/v1/destinations/billing/pause", "{\"reason\": \"receiver migrating\"}").statusCode()).isEqualTo(200);
        assertThat(json(get(port, "/api/v1/destinations/billing")).get("pauseReason").asText()).isEqualTo("receiver migrating");
        assertBadParameter(postEmpty(port, "/api/v1/destinations/billing/pause?reasn=x"), "reasn");
        assertBadParameter(postEmpty(port, "/api/v1/destinations/billing/resume?reason=x"), "reason");
        assertThat(postEmpty(port, "/api/v1/destinations/billing/resume").statusCode()).isEqualTo(200);
        JsonNode vault = json(answers.get(4));
        assertThat(vault.get("url").asText()).isEqualTo("https://hooks.example.com/services/T0001/***?token=***&v=***");
        assertThat(vault.get("headers")).extracting(JsonNode::asText).containsExactly("Authorization");
        assertThat(vault.get("backlog").get("pending").asInt()).isZero();

        assertThat(get(port, "/api/v1/sources/nosuch").statusCode()).isEqualTo(404);
        assertThat(get(port, "/api/v1/destinations/nosuch").statusCode()).isEqualTo(404);
        // Configuration lists page like the others.
        JsonNode first = getJson("/api/v1/destinations?limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = getJson("/api/v1/destinations?limit=2&cursor=" + first.get("next").asText());
        assertThat(second.get("items")).extracting(n -> n.get("name").asText()).containsExactly("vault");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void messagesAreSearchedByStatusKeySourceAndTimeAndPagedWithAnOpaqueCursor() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        List<String> ids = send("evt_ok_1", "evt_fail_1", "evt_ok_2", "evt_ok_3", "evt_fail_2");

        JsonNode dead = getJson("/api/v1/messages?status=dead");
        assertThat(dead.get("items")).extracting(n -> n.get("id").asText()).containsExactly(ids.get(4), ids.get(1));
        assertThat(dead.get("items").get(0).get("deliveries").get("DEAD").asInt()).isEqualTo(2);
        assertThat(getJson("/api/v1/messages?status=SUCCEEDED").get("items")).hasSize(3);
        assertThat(getJson("/api/v1/messages?status=pending").get("items")).isEmpty();
        JsonNode byKey = getJson("/api/v1/messages?dedupe_key=evt_ok_2").get("items");
        assertThat(byKey).extracting(n -> n.get("id").asText()).containsExactly(ids.get(2));
        assertThat(byKey.get(0).get("source").asText()).isEqualTo("stripe");
        assertThat(byKey.get(0).get("bodyBytes").asInt()).isEqualTo(stripeEvent("evt_ok_2").length());
        assertThat(getJson("/api/v1/messages?source=github").get("items")).isEmpty();
        assertThat(getJson("/api/v1/messages?received_after=" + q(before.toString())).get("items")).hasSize(5);
        assertThat(getJson("/api/v1/messages?received_before=" + q(before.toString())).get("items")).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = getJson("/api/v1/messages?source=stripe&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(n -> paged.add(n.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            if (cursor != null) assertThat(cursor).as("opaque, not an id").doesNotStartWith("msg_");
            pages++;
            // A new message during paging belongs before the first page and changes no later one.
            if (pages == 1) send("evt_ok_late");
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(ids.reversed());
        assertThat(pages).isEqualTo(3);

        String deliveriesCursor = getJson("/api/v1/deliveries?limit=1").get("next").asText();
        assertBadParameter(get(port, "/api/v1/messages?limit=0"), "limit");
        assertBadParameter(get(port, "/api/v1/messages?limit=501"), "limit");
        assertBadParameter(get(port, "/api/v1/messages?limit=ten"), "limit");
        assertBadParameter(get(port, "/api/v1/messages?cursor=not-a-cursor"), "cursor");
        assertBadParameter(get(port, "/api/v1/messages?cursor=" + deliveriesCursor), "cursor");
        assertBadParameter(get(port, "/api/v1/messages?received_after=yesterday"), "received_after");
        assertBadParameter(get(port, "/api/v1/messages?received_after=" + q(before.toString()) + "&received_before=" + q(before.toString())),
                "received_before");
        assertBadParameter(get(port, "/api/v1/messages?status=lost"), "status");
        assertBadParameter(get(port, "/api/v1/messages?sorce=stripe"), "sorce");
        // Given twice, a filter would be read as its first value, the second quietly ignored.
        assertBadParameter(get(port, "/api/v1/messages?status=dead&status=pending"), "status");
        assertBadParameter(get(port, "/api/v1/messages?limit=1&limit=2"), "limit");
    }

    @Test
    void deliveriesAreListedByDestinationAndStateAndOneShowsEveryAttempt() throws Exception {
        List<String> ids = send("evt_ok_1", "evt_fail_1");
        JsonNode deadBilling = getJson("/api/v1/deliveries?destination=billing&state=dead").get("items");
        assertThat(deadBilling).hasSize(1);
        assertThat(deadBilling.get(0).get("messageId").asText()).isEqualTo(ids.get(1));
        assertThat(getJson("/api/v1/deliveries?state=in-flight").get("items")).isEmpty();
        assertThat(getJson("/api/v1/deliveries?source=stripe").get("items")).hasSize(4);

        String id = deadBilling.get(0).get("id").asText();
        JsonNode one = getJson("/api/v1/deliveries/" + id);
        assertThat(one.get("state").asText()).isEqualTo("DEAD");
        assertThat(one.get("attempts")).hasSize(1);
        assertThat(one.get("attempts").get(0).get("status").asInt()).isEqualTo(422);
        assertThat(one.get("attempts").get(0).get("outcome").asText()).isEqualTo("PERMANENT");
        assertThat(get(port, "/api/v1/deliveries/dlv_nope").statusCode()).isEqualTo(404);
        assertBadParameter(get(port, "/api/v1/deliveries?state=gone"), "state");
    }

    @Test
    void deadLettersPageWithTheCursorAndStillAcceptAfter() throws Exception {
        send("evt_fail_1", "evt_fail_2");
        JsonNode first = getJson("/api/v1/dead-letters?limit=3");
        assertThat(first.get("items")).hasSize(3);
        JsonNode rest = getJson("/api/v1/dead-letters?limit=3&cursor=" + first.get("next").asText());
        assertThat(rest.get("items")).hasSize(1);
        assertThat(rest.get("next").isNull()).isTrue();
        List<String> all = new ArrayList<>();
        first.get("items").forEach(n -> all.add(n.get("id").asText()));
        assertThat(all).as("oldest first").isSorted();
        assertThat(rest.get("items").get(0).get("id").asText()).isGreaterThan(all.get(2));

        JsonNode legacy = getJson("/api/v1/dead-letters?after=" + all.get(0));
        assertThat(legacy.get("items")).extracting(n -> n.get("id").asText()).startsWith(all.get(1), all.get(2)).hasSize(3);
        assertThat(getJson("/api/v1/dead-letters?destination=crm").get("items")).allMatch(n -> n.get("destination").asText().equals("crm")).hasSize(2);
        assertBadParameter(get(port, "/api/v1/dead-letters?after=" + all.get(0) + "&cursor=" + first.get("next").asText()), "after");
    }

    @Test
    void bulkReplayTakesOnlyWhatItsFilterMatchesAndWakesTheDispatcher() throws Exception {
        send("evt_ok_1", "evt_fail_1", "evt_fail_2");
        assertThat(store().stats().deliveries(DeliveryState.DEAD)).isEqualTo(4);

        // Refused bodies replay nothing: a misspelt field must not widen the filter to everything.
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"destinaton\": \"billing\"}"), "destinaton");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "not json"), "body");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "[]"), "body");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", ""), "body");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"limit\": 0}"), "limit");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"limit\": 1.5}"), "limit");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"destination\": 7}"), "destination");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"failed_after\": \"last week\"}"), "failed_after");
        // A typo in the filter is not "nothing to replay".
        HttpResponse<String> typo = postJson(port, "/api/v1/dead-letters/replay", "{\"destination\": \"biling\"}");
        assertBadParameter(typo, "destination");
        assertThat(JSON.readTree(typo.body()).get("detail").asText()).isEqualTo(
                "No destination named 'biling' is configured or was ever delivered to; GET /api/v1/destinations lists them.");
        // Ambiguous bodies: read one way, each would replay what the other way does not.
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"destination\": \"billing\"} {\"destination\": \"crm\"}"), "body");
        assertBadParameter(postJson(port, "/api/v1/dead-letters/replay", "{\"destination\": \"billing\", \"destination\": \"crm\"}"), "body");
        assertThat(store().stats().deliveries(DeliveryState.DEAD)).isEqualTo(4);

        // A destination the config does not have is a 404, as its GET and pause are: not "replayed 0".
        HttpResponse<String> unknown = postJson(port, "/api/v1/destinations/biling/dead-letters/replay", "");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("type").asText()).isEqualTo("/problems/no-such-destination");

        healed.set(true);
        String future = Instant.now().plusSeconds(3600).toString();
        assertThat(json(postJson(port, "/api/v1/dead-letters/replay", "{\"failed_after\": \"" + future + "\"}")).get("replayed").asInt())
                .as("none died in the future").isZero();
        assertThat(json(postJson(port, "/api/v1/dead-letters/replay", "{\"destination\": \"billing\", \"source\": \"stripe\"}"))
                .get("replayed").asInt()).isEqualTo(2);
        await().atMost(WAIT).until(() -> billing.succeeded().size() == 3);
        assertThat(getJson("/api/v1/dead-letters").get("items")).extracting(n -> n.get("destination").asText()).containsOnly("crm");

        JsonNode oldest = getJson("/api/v1/dead-letters?limit=1").get("items").get(0);
        assertThat(json(postJson(port, "/api/v1/dead-letters/replay", "{\"limit\": 1}")).get("replayed").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> store().delivery(oldest.get("id").asText()).orElseThrow().state() == DeliveryState.SUCCEEDED);
        assertThat(store().stats().deliveries(DeliveryState.DEAD)).isEqualTo(1);
    }

    @Test
    void statsCountThroughputErrorsAndBacklogAsTheStoreHasThem() throws Exception {
        send("evt_ok_1", "evt_ok_2", "evt_fail_1");
        JsonNode stats = getJson("/api/v1/stats?window=15m");
        assertThat(stats.get("window").get("seconds").asInt()).isEqualTo(900);
        assertThat(stats.get("messages").asInt()).isEqualTo(3);
        assertThat(stats.get("backlog").get("dead").asLong()).isEqualTo(store().stats().deliveries(DeliveryState.DEAD)).isEqualTo(2);
        assertThat(stats.get("backlog").get("pending").asLong()).isZero();
        JsonNode stripe = stats.get("sources").get(1);
        assertThat(stripe.get("name").asText()).isEqualTo("stripe");
        assertThat(stripe.get("received").asInt()).isEqualTo(3);
        for (String destination : List.of("billing", "crm")) {
            JsonNode d = find(stats.get("destinations"), destination);
            List<AttemptRecord> attempts = new ArrayList<>();
            for (DeliveryView v : store().deliveries(DeliveryFilter.ALL.destination(destination), PageRequest.newestFirst(null, 100))) {
                attempts.addAll(store().attempts(v.id()));
            }
            assertThat(d.get("attempts").asInt()).isEqualTo(attempts.size()).isEqualTo(3);
            assertThat(d.get("succeeded").asInt()).isEqualTo(2);
            assertThat(d.get("permanent").asInt()).isEqualTo(1);
            assertThat(d.get("deadLetters").asInt()).isEqualTo(1);
            assertThat(d.get("dead").asInt()).isEqualTo(1);
            assertThat(d.get("breaker").asText()).isEqualTo("CLOSED");
        }
        assertThat(stats.get("flows")).hasSize(2);
        assertThat(getJson("/api/v1/stats?totals=false").has("messages")).isFalse();
        HttpResponse<String> tooShort = get(port, "/api/v1/stats?window=30s");
        assertBadParameter(tooShort, "window");
        // Its examples are windows it takes: "use e.g. 500ms, 5s" answered a 30s that was too short.
        assertThat(JSON.readTree(tooShort.body()).get("detail").asText())
                .isEqualTo("window must be a duration from 1m to 7d (e.g. 5m, 1h, 24h, 7d), not '30s'.");
        assertBadParameter(get(port, "/api/v1/stats?window=soon"), "window");
        assertBadParameter(get(port, "/api/v1/stats?totals=maybe"), "totals");
    }

    @Test
    void theSeriesCountsTheWindowInBucketsSizedToIt() throws Exception {
        send("evt_ok_1", "evt_ok_2", "evt_fail_1");
        Instant now = Instant.now();
        JsonNode series = getJson("/api/v1/stats/series?window=1h");
        assertThat(series.get("bucketSeconds").asInt()).isEqualTo(60);
        JsonNode buckets = series.get("buckets");
        assertThat(buckets).as("from the minute holding now - 1h to the one holding now").hasSize(61);
        Instant first = Instant.parse(buckets.get(0).get("start").asText());
        assertThat(first).isEqualTo(Instant.parse(series.get("window").get("since").asText())).isBefore(now.minus(Duration.ofHours(1)));
        assertThat(first.getEpochSecond() % 60).as("aligned to the minute").isZero();
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(Instant.parse(buckets.get(i).get("start").asText())).isEqualTo(first.plusSeconds(60L * i));
        }
        // Two destinations each deliver the two "ok" events and refuse the "fail" one (422: dead at once).
        assertThat(total(buckets, "received")).isEqualTo(3);
        assertThat(total(buckets, "delivered")).isEqualTo(4);
        assertThat(total(buckets, "failed")).isEqualTo(2);
        assertThat(total(buckets, "died")).isEqualTo(2);
        assertThat(buckets.get(buckets.size() - 1).get("backlog").asLong()).as("everything finished").isZero();
        assertThat(buckets).anySatisfy(b -> assertThat(b.get("latencyP99Ms").isIntegralNumber()).isTrue());
        assertThat(buckets.get(0).get("latencyP50Ms").isNull()).as("no attempt an hour ago").isTrue();

        JsonNode billing = getJson("/api/v1/stats/series?window=1h&destination=billing&source=stripe").get("buckets");
        assertThat(List.of(total(billing, "received"), total(billing, "delivered"), total(billing, "failed"))).containsExactly(3L, 2L, 1L);
        assertThat(total(getJson("/api/v1/stats/series?window=1h&source=github").get("buckets"), "received")).isZero();
        for (String[] window : new String[][] {{"5m", "10", "31"}, {"15m", "10", "91"}, {"24h", "900", "97"}, {"7d", "3600", "169"}}) {
            JsonNode s = getJson("/api/v1/stats/series?window=" + window[0]);
            assertThat(s.get("bucketSeconds").asText()).as(window[0]).isEqualTo(window[1]);
            assertThat(s.get("buckets")).as(window[0]).hasSize(Integer.parseInt(window[2]));
            assertThat(total(s.get("buckets"), "received")).as(window[0]).isEqualTo(3);
        }
        assertBadParameter(get(port, "/api/v1/stats/series?window=8d"), "window");
        assertBadParameter(get(port, "/api/v1/stats/series?destinaton=billing"), "destinaton");
    }

    private static long total(JsonNode buckets, String field) {
        long sum = 0;
        for (JsonNode b : buckets) sum += b.get(field).asLong();
        return sum;
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode n : items) if (n.get("name").asText().equals(name)) return n;
        throw new AssertionError("no " + name + " in " + items);
    }

    @Test
    void theDashboardIsServedFromTheJarAndMayLoadNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = get(port, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'self'");
        for (String module : List.of("app.js", "api.js", "dom.js", "charts.js", "trends.js")) {
            HttpResponse<String> js = get(port, "/dashboard/" + module);
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");
            // The SVG namespace is a name, not an address anything is loaded from.
            assertThat(js.body().replace("'http://www.w3.org/2000/svg'", "")).doesNotContain("http://", "https://");
        }
        assertThat(get(port, "/dashboard/style.css").headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        HttpResponse<String> missing = get(port, "/dashboard/nope.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        // Nothing but the dashboard's own directory: not a class, not another resource of the jar.
        for (String outside : List.of("/dashboard/..%2Fopenapi.yaml", "/dashboard/%2E%2E%2Flogback.xml", "/dashboard/.hidden")) {
            assertThat(get(port, outside).statusCode()).as(outside).isIn(400, 404);
        }
        // A browser that has the file already is told so (the files are "no-cache": it asks each time).
        HttpResponse<String> app = get(port, "/dashboard/app.js");
        String etag = app.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = request(port, "GET", "/dashboard/app.js", java.util.Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'self'");
        assertThat(request(port, "GET", "/dashboard/app.js", java.util.Map.of("If-None-Match", "\"other\"")).body()).isEqualTo(app.body());
        HttpResponse<String> head = request(port, "HEAD", "/dashboard/app.js", java.util.Map.of());
        assertThat(head.headers().firstValue("ETag")).contains(etag);
        assertThat(head.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(get(port, "/nowhere").headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
