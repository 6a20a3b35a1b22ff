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
        this(storeUrl, clocks, null);
    }

    /** @param deletes the sync's {@code deletes:} (restore, propagate), or null to leave it to the default */
    SyncedCrms(String storeUrl, Function<String, Clock> clocks, String deletes) {
        List<IdStyle> styles = List.of(IdStyle.values());
        try {
            for (int i = 0; i < SYSTEMS.size(); i++) {
                String name = SYSTEMS.get(i);
                crms.put(name, CrmSimulator.builder().name(name).idStyle(styles.get(i % styles.size())).token(dev.junction.server.demo.crm.SyncedCrmConfig.token(name))
                        .clock(clocks.apply(name)).seed(i + 1).start());
            }
            config = dev.junction.server.demo.crm.SyncedCrmConfig.yaml(storeUrl, crms, 2, deletes);
            gateway = Gateway.start(ConfigLoader.parse(config, "sync-e2e.yaml", Map.of()), Clock.systemUTC(), dev.junction.server.GatewayUnderTest.ADMIN_ENV);
        } catch (RuntimeException e) {
            crms.values().forEach(CrmSimulator::close);
            throw e;
        }
        crms.forEach((name, crm) -> crm.webhookUrl(hooksUrl(name)));
    }

    String hooksUrl(String system) {
        return "http://127.0.0.1:" + gateway.port() + dev.junction.server.demo.crm.SyncedCrmConfig.hooksPath(system);
    }

    CrmSimulator crm(String system) {
        return crms.get(system);
    }

    SyncMetrics metrics() {
        return gateway.pipeline().syncMetrics().orElseThrow();
    }

    /** Every CRM's writes (creates, updates and deletes) by Junction and its users, summed: stable once the sync is quiet. */
    long requests() {
        long n = 0;
        for (CrmSimulator c : crms.values()) {
            n += c.count(dev.junction.server.demo.crm.Counted.CREATES) + c.count(dev.junction.server.demo.crm.Counted.UPDATES)
                    + c.count(dev.junction.server.demo.crm.Counted.DELETES);
        }
        return n;
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
