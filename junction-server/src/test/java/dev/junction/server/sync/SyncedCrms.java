package dev.junction.server.sync;

import dev.junction.engine.sync.SyncMetrics;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.server.demo.crm.IdStyle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Three simulated CRMs (crm-a, crm-b, crm-c) kept in step by a running gateway on {@code storeUrl}: each CRM's change
 * webhooks go to the gateway's source for it, and the gateway writes to each CRM's API. Closing stops all four.
 */
final class SyncedCrms implements AutoCloseable {

    static final List<String> SYSTEMS = List.of("crm-a", "crm-b", "crm-c");

    final Map<String, CrmSimulator> crms = new LinkedHashMap<>();
    final Gateway gateway;
    /** The gateway's configuration, as a file would hold it (for the CLI). */
    private String config;

    String config() {
        return config;
    }

    /** @param clocks each CRM's clock (for updated_at), by system name */
    SyncedCrms(String storeUrl, Function<String, Clock> clocks) {
        List<IdStyle> styles = List.of(IdStyle.values());
        try {
            for (int i = 0; i < SYSTEMS.size(); i++) {
                String name = SYSTEMS.get(i);
                crms.put(name, CrmSimulator.builder().name(name).idStyle(styles.get(i % styles.size())).token("tok-" + name)
                        .clock(clocks.apply(name)).seed(i + 1).start());
            }
            config = yaml(storeUrl);
            gateway = Gateway.start(ConfigLoader.parse(config, "sync-e2e.yaml", Map.of()), Clock.systemUTC(), dev.junction.server.GatewayUnderTest.ADMIN_ENV);
        } catch (RuntimeException e) {
            crms.values().forEach(CrmSimulator::close);
            throw e;
        }
        crms.forEach((name, crm) -> crm.webhookUrl(hooksUrl(name)));
    }

    String hooksUrl(String system) {
        return "http://127.0.0.1:" + gateway.port() + "/in/" + system.substring(4) + "-hooks";
    }

    CrmSimulator crm(String system) {
        return crms.get(system);
    }

    SyncMetrics metrics() {
        return gateway.pipeline().syncMetrics().orElseThrow();
    }

    /** Every CRM's writes (creates and updates) by Junction and its users, summed: stable once the sync is quiet. */
    long requests() {
        long n = 0;
        for (CrmSimulator c : crms.values()) {
            n += c.count(dev.junction.server.demo.crm.Counted.CREATES) + c.count(dev.junction.server.demo.crm.Counted.UPDATES);
        }
        return n;
    }

    private String yaml(String storeUrl) {
        StringBuilder y = new StringBuilder();
        y.append("server: { host: 127.0.0.1, port: 0 }\n");
        y.append("store: { url: \"").append(storeUrl).append("\" }\n");
        y.append("delivery: { poll-interval: 200ms }\n");
        y.append("sources:\n");
        crms.forEach((name, crm) -> y.append("  ").append(name.substring(4)).append("-hooks: { verify: { scheme: standard-webhooks, secrets: [\"")
                .append(crm.webhookSecret()).append("\"] } }\n"));
        y.append("destinations:\n");
        crms.forEach((name, crm) -> y.append("  ").append(name.substring(4)).append("-api: { url: \"").append(crm.baseUrl())
                .append("\", headers: { Authorization: \"Bearer tok-").append(name).append("\" }, timeout: 1s,")
                .append(" retry: { initial-delay: 100ms, max-delay: 1s, max-attempts: 20 }, breaker: { open-for: 1s } }\n"));
        y.append("""
                syncs:
                  contacts:
                    match: /email
                    fields: [/email, /first_name, /last_name, /phone, /company]
                    systems:
                """);
        for (String name : crms.keySet()) {
            String x = name.substring(4);
            y.append("      ").append(name).append(": { from: ").append(x).append("-hooks, to: ").append(x)
                    .append("-api, record: /data, updated: /updated_at, create: { path: /contacts }, update: { path: \"/contacts/{id}\" },")
                    .append(" lookup: { path: \"/contacts?email={match}\", results: /results },")
                    .append(" list: { path: \"/contacts?limit=2\", results: /results, next: /next_cursor } }\n");
        }
        y.append("""
                    conflicts:
                      default: last-writer-wins
                      fields: { /phone: [crm-c, crm-a, crm-b], /company: review }
                """);
        return y.toString();
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        try {
            gateway.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        crms.values().forEach(CrmSimulator::close);
        if (!failures.isEmpty()) throw failures.get(0);
    }
}
