package dev.junction.server.demo;

import dev.junction.server.demo.crm.CrmSimulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sync latency as a user sees it: from a user's edit in one CRM to the edited value being in every other CRM. Each
 * edit is a sample, looked for in the other CRMs every few milliseconds; an edit overwritten by a later edit of the
 * same field before it arrived everywhere is no sample (its value may never arrive, rightly).
 */
final class SyncLatency {

    private record Sample(String email, String field, String value, String system, long editedNanos) {}

    private final Map<String, CrmSimulator> crms;
    /** The sample of each (email, field) still on its way. */
    private final Map<String, Sample> pending = new LinkedHashMap<>();
    private final List<Long> millis = new ArrayList<>();
    private int superseded;

    SyncLatency(Map<String, CrmSimulator> crms) {
        this.crms = crms;
    }

    synchronized void edited(String system, String email, String field, String value) {
        if (pending.put(email + " " + field, new Sample(email, field, value, system, System.nanoTime())) != null) superseded++;
    }

    /** Looks for every pending edit in the other CRMs; records the ones now everywhere. */
    synchronized void look() {
        long now = System.nanoTime();
        for (Iterator<Sample> it = pending.values().iterator(); it.hasNext(); ) {
            Sample s = it.next();
            boolean everywhere = true;
            for (Map.Entry<String, CrmSimulator> e : crms.entrySet()) {
                if (e.getKey().equals(s.system())) continue;
                List<com.fasterxml.jackson.databind.node.ObjectNode> found = e.getValue().findByEmail(s.email());
                if (found.isEmpty() || !s.value().equals(found.get(0).path(s.field()).asText(null))) {
                    everywhere = false;
                    break;
                }
            }
            if (everywhere) {
                millis.add((now - s.editedNanos()) / 1_000_000);
                it.remove();
            }
        }
    }

    synchronized int samples() {
        return millis.size();
    }

    /** Edits still on their way: after the sync settled, an edit lost for good. */
    synchronized int stillPending() {
        return pending.size();
    }

    /** Edits not sampled: overwritten by a later edit of the same field before they arrived everywhere. */
    synchronized int superseded() {
        return superseded;
    }

    /** The {@code p}th percentile (0..100) in milliseconds, by nearest rank; 0 without samples. */
    synchronized long percentile(double p) {
        if (millis.isEmpty()) return 0;
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
