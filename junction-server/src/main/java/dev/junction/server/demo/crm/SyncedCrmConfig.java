package dev.junction.server.demo.crm;

import java.util.Map;

/**
 * The configuration of a gateway keeping simulated CRMs named {@code crm-<x>} in step (sync {@code contacts}): per CRM a
 * Standard Webhooks source {@code <x>-hooks}, a destination {@code <x>-api} with bearer token {@link #token}, and a
 * system with its create, update, lookup, delete and list requests (a {@code contact.deleted} webhook is a delete); conflicts by last writer, {@code /phone} by priority
 * (crm-c, crm-a, crm-b), {@code /company} by a person. Used by {@code junction demo crm} and the sync tests.
 */
public final class SyncedCrmConfig {

    private SyncedCrmConfig() {}

    /** The bearer token a CRM named {@code name} is started with. */
    public static String token(String name) {
        return "tok-" + name;
    }

    /** @param pageSize records per page of the list request reconciliation makes */
    public static String yaml(String storeUrl, Map<String, CrmSimulator> crms, int pageSize) {
        return yaml(storeUrl, crms, pageSize, null);
    }

    /** @param deletes the sync's {@code deletes:} ({@code restore} or {@code propagate}), or null to leave it out (restore) */
    public static String yaml(String storeUrl, Map<String, CrmSimulator> crms, int pageSize, String deletes) {
        StringBuilder y = new StringBuilder();
        y.append("server: { host: 127.0.0.1, port: 0 }\n");
        y.append("store: { url: \"").append(storeUrl).append("\" }\n");
        y.append("delivery: { poll-interval: 200ms }\n");
        y.append("sources:\n");
        crms.forEach((name, crm) -> y.append("  ").append(suffix(name)).append("-hooks: { verify: { scheme: standard-webhooks, secrets: [\"")
                .append(crm.webhookSecret()).append("\"] } }\n"));
        y.append("destinations:\n");
        crms.forEach((name, crm) -> y.append("  ").append(suffix(name)).append("-api: { url: \"").append(crm.baseUrl())
                .append("\", headers: { Authorization: \"Bearer ").append(token(name)).append("\" }, timeout: 1s,")
                .append(" retry: { initial-delay: 100ms, max-delay: 1s, max-attempts: 20 }, breaker: { open-for: 1s } }\n"));
        y.append("""
                syncs:
                  contacts:
                    match: /email
                    fields: [/email, /first_name, /last_name, /phone, /company]
                """);
        if (deletes != null) y.append("    deletes: ").append(deletes).append('\n');
        y.append("    systems:\n");
        for (String name : crms.keySet()) {
            String x = suffix(name);
            y.append("      ").append(name).append(": { from: ").append(x).append("-hooks, to: ").append(x)
                    .append("-api, record: /data, updated: /updated_at, create: { path: /contacts }, update: { path: \"/contacts/{id}\" },")
                    .append(" lookup: { path: \"/contacts?email={match}\", results: /results },")
                    .append(" deleted: { pointer: /type, values: [contact.deleted] }, delete: { path: \"/contacts/{id}\" },")
                    .append(" list: { path: \"/contacts?limit=").append(pageSize).append("\", results: /results, next: /next_cursor } }\n");
        }
        y.append("""
                    conflicts:
                      default: last-writer-wins
                      fields: { /phone: [crm-c, crm-a, crm-b], /company: review }
                """);
        return y.toString();
    }

    /** The CRM's source's webhook path under the gateway: {@code /in/<x>-hooks}. */
    public static String hooksPath(String name) {
        return "/in/" + suffix(name) + "-hooks";
    }

    private static String suffix(String name) {
        return name.startsWith("crm-") ? name.substring(4) : name;
    }
}
