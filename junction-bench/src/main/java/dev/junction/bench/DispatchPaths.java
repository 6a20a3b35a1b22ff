package dev.junction.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a gateway's deliveries reached its workers, read from its {@code /metrics}: leased in the transaction that stored
 * their event (the fast path, ADR 0007) or claimed from the queue, and the claims it made. Under a load that delivery
 * cannot keep up with, new events queue and every delivery is claimed: each claim rewrites the delivery's row and reads
 * its message back, on the same writer thread that acknowledges, so the split explains part of a rate.
 */
record DispatchPaths(long leasedAtIngest, long claimed, long claims) {

    /** The counters as a running gateway reports them now; null when they cannot be read. */
    static DispatchPaths scrape(int port) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return parse(body);
        } catch (Exception e) {
            return null;
        }
    }

    static DispatchPaths parse(String scrape) {
        return new DispatchPaths(value(scrape, "junction_dispatch_deliveries_total{path=\"ingest\"}"),
                value(scrape, "junction_dispatch_deliveries_total{path=\"claim\"}"), value(scrape, "junction_dispatch_claims_total"));
    }

    /** What happened between {@code before} and this; null when either is unknown. */
    DispatchPaths since(DispatchPaths before) {
        return before == null ? null : new DispatchPaths(leasedAtIngest - before.leasedAtIngest, claimed - before.claimed, claims - before.claims);
    }

    double ingestShare() {
        long all = leasedAtIngest + claimed;
        return all == 0 ? Double.NaN : leasedAtIngest / (double) all;
    }

    /** The report's wording: "1,234 leased at ingest (12%), 9,012 claimed in 345 claims". */
    String describe() {
        return String.format("%,d leased at ingest (%.0f%%), %,d claimed in %,d claims", leasedAtIngest, ingestShare() * 100, claimed, claims);
    }

    private static long value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        if (!m.find()) throw new IllegalArgumentException("no " + series + " in the scrape");
        return (long) Double.parseDouble(m.group(1));
    }
}
