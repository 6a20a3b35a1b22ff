package dev.junction.core.explain;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The production checklist, run over every integration of a config: security, reliability, idempotency and
 * observability, one {@link Finding} per item and integration it applies to.
 */
public final class Checklist {

    private static final List<Check> CHECKS = List.of(new SecurityChecks(), new ReliabilityChecks(),
            new PaymentEvents(), new IdempotencyChecks(), new ObservabilityChecks());

    private Checklist() {}

    /** Every rule, in report order. */
    public static List<Rule> rules() {
        return CHECKS.stream().flatMap(c -> c.rules().stream()).toList();
    }

    /** Every finding, grouped by area in checklist order, each area's in the order its checks found them. */
    public static List<Finding> run(Blueprint blueprint) {
        return CHECKS.stream().flatMap(c -> c.apply(blueprint))
                .sorted(Comparator.comparing((Finding f) -> f.rule().area())).toList();
    }

    /** The worst status among {@code findings} (PASS for none). */
    public static Status worst(List<Finding> findings) {
        return findings.stream().map(Finding::status).max(Comparator.naturalOrder()).orElse(Status.PASS);
    }

    /** The findings about {@code integration}. */
    public static Stream<Finding> about(List<Finding> findings, String integration) {
        return findings.stream().filter(f -> f.integration().equals(integration));
    }
}
