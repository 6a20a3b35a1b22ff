package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's kit (docs/prometheus/alerts.yaml, docs/grafana/junction.json) and the series listed in
 * docs/operations.md only name series that a running gateway exposes, so a renamed metric or a typo breaks
 * this test rather than an alert in production.
 */
class OperatorKitTest {

    @TempDir
    static Path dir;

    private static GatewayUnderTest running;
    /** Names of the samples in a scrape of a fresh gateway. */
    private static Set<String> samples;
    /** Names of the metric families (# TYPE lines): what prose may name, e.g. a histogram as a whole. */
    private static Set<String> families;

    @BeforeAll
    static void scrapeAFreshGateway() throws Exception {
        // With a synthetic probe, an iCal source and a polled API (never polled: every: 1h), whose series the alert rules name.
        running = GatewayUnderTest.start(dir, GatewayUnderTest.ADMIN_ENV, n -> dev.junction.server.Downstream.Reply.ok(),
                "synthetics:\n  canary: { source: stripe, every: 1h, sla: 30s, type: invoice.paid }\n", """
                          rentals:
                            ical:
                              every: 1h
                              export-token: "tok_export_operator_kit_5f2a9c"
                              units:
                                villa-1:
                                  airbnb: { url: "http://127.0.0.1:9/villa-1/airbnb.ics" }
                          crm:
                            poll: { url: "http://127.0.0.1:9/contacts", every: 1h, id: /id }
                        """);
        // GC pause timers appear with the first collection, and HTTP request timers (tagged by status) once the
        // first request is answered (in production, Prometheus's own first scrape).
        System.gc();
        get(running.port(), "/health/live");
        String scrape = get(running.port(), "/metrics").body();
        samples = matches(scrape, Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)[{ ]"));
        families = matches(scrape, Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][\\w:]*) "));
    }

    @AfterAll
    static void stop() {
        if (running != null) running.close();
    }

    @Test
    void everyAlertExpressionNamesSeriesTheGatewayExposes() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RepoFiles.find("docs/prometheus/alerts.yaml")));
        List<String> expressions = new ArrayList<>();
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> expressions.add(r.get("expr").asText())));

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(5);
        expressions.forEach(OperatorKitTest::assertNamesExist);
        rules.findValues("description").forEach(d -> assertMentionsExist(d.asText()));
    }

    @Test
    void everyDashboardQueryNamesSeriesTheGatewayExposes() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(RepoFiles.find("docs/grafana/junction.json")));
        List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        expressions.forEach(OperatorKitTest::assertNamesExist);
        for (JsonNode definition : dashboard.findValues("definition")) {
            Matcher m = Pattern.compile("label_values\\(\\s*([\\w:]+)").matcher(definition.asText());
            assertThat(m.find()).as(definition.asText()).isTrue();
            assertThat(samples).as("template query " + definition.asText()).contains(m.group(1));
        }
    }

    @Test
    void everySeriesTheOperationsGuideNamesExists() throws IOException {
        String guide = Files.readString(RepoFiles.find("docs/operations.md"));

        assertThat(guide).contains("junction_ingest_requests_total", "hikaricp_connections_active", "jvm_memory_used_bytes");
        assertMentionsExist(guide);
    }

    @Test
    void everyAlertTheGuidesNameIsARule() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RepoFiles.find("docs/prometheus/alerts.yaml")));
        Set<String> alerts = new TreeSet<>();
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> alerts.add(r.get("alert").asText())));
        Path docs = RepoFiles.find("docs/operations.md").getParent();

        Set<String> named = new TreeSet<>();
        try (var pages = Files.list(docs)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                named.addAll(matches(Files.readString(page), Pattern.compile("`(Junction[A-Z]\\w+)`")));
            }
        }
        assertThat(named).contains("JunctionSyntheticFailing", "JunctionFeedStale");
        assertThat(alerts).as("alerts named in docs/*.md").containsAll(named);
    }

    @Test
    void metricNamesAreFoundInPromQlWithoutFunctionsLabelsOrDurations() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, destination) (rate(junction_delivery_latency_seconds_bucket"
                + "{instance=~\"$instance\",le!=\"+Inf\"}[$__rate_interval]))) > bool 0.5 and on (instance) up offset 5m"))
                .containsExactlyInAnyOrder("junction_delivery_latency_seconds_bucket", "up");
        assertThat(metricNames("max by (instance, destination) (delta(junction_destination_deliveries{state=\"dead\"}[15m])) > 0"))
                .containsExactly("junction_destination_deliveries");
    }

    /**
     * A name exists when the scrape has samples of that name. Histograms and summaries have samples only
     * as _bucket, _sum and _count, so a bare family name (which Prometheus has no series for) fails like a typo.
     */
    private static void assertNamesExist(String expression) {
        Set<String> names = metricNames(expression);
        assertThat(names).as("metric names in " + expression).isNotEmpty();
        assertThat(samples).as("series named in " + expression).containsAll(names);
    }

    /** Prose may name a family (a histogram as a whole) or a sample. */
    private static void assertMentionsExist(String text) {
        for (String name : matches(text, Pattern.compile("\\b((?:junction|jvm|process|jetty|hikaricp)_[\\w:]+)"))) {
            assertThat(samples.contains(name) || families.contains(name)).as(name + " mentioned in: " + text).isTrue();
        }
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, label names or durations. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")      // string literals
                .replaceAll("\\{[^}]*}", " ")                        // label matchers
                .replaceAll("\\[[^]]*]", " ")                        // ranges and subqueries
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ") // label lists
                .replaceAll("\\$\\{?\\w+}?", " ");                   // dashboard variables
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)(\\s*\\()?").matcher(bare);
        while (m.find()) {
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) names.add(m.group(1));
        }
        return names;
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "group_left", "group_right");

    private static Set<String> matches(String text, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.group(1));
        return found;
    }
}
