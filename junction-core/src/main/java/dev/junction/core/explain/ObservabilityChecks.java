package dev.junction.core.explain;

import static dev.junction.core.explain.Area.OBSERVABILITY;

import java.util.List;
import java.util.stream.Stream;

/** Someone hears of what goes wrong: alerts configured, dead letters reaching a person, a canary watching each webhook source. */
final class ObservabilityChecks implements Check {

    static final Rule ALERTS = new Rule("alerts", OBSERVABILITY, "Alerts go somewhere a person sees",
            "Breakers opening, destinations disabled and deliveries dying are only written to the log unless alerts: names "
                    + "a webhook; a log line nobody reads is an outage nobody hears of.",
            "Add alerts: { url: \"${ALERTS_WEBHOOK_URL}\" } (a Slack incoming webhook or your pager's).");
    static final Rule DEAD_LETTERS_ALERTED = new Rule("dead-letters-alerted", OBSERVABILITY, "Dead letters reach someone",
            "A dead letter is an event that will not arrive until a person replays it; if no one is told, it waits "
                    + "until a customer notices what is missing.",
            "Add alerts: { url: ... } for destinations; for outbound endpoints, outbound.operational: a destination that "
                    + "gets message.dead.");

    static final Rule SYNTHETIC_PROBE = new Rule("synthetic-probe", OBSERVABILITY, "A synthetic probe watches each webhook source",
            "A webhook source that goes quiet looks the same as a broken one (a rotated secret, a route filter that drops everything, "
                    + "a receiver answering 500): only an event sent on purpose and measured to its destinations tells them apart, "
                    + "before a customer does.",
            "Add synthetics: { NAME: { source: SOURCE, every: 5m, sla: 30s } } (docs/synthetics.md); receivers recognise canaries "
                    + "by the Junction-Synthetic header.");

    @Override
    public List<Rule> rules() {
        return List.of(ALERTS, DEAD_LETTERS_ALERTED, SYNTHETIC_PROBE);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        boolean alerted = b.alerts() != null;
        Stream<Finding> gateway = Stream.of(alerted
                ? ALERTS.pass("", "alerts", "alerts go to " + b.alertsTarget())
                : ALERTS.fail("", "alerts", "no alerts: section; alerts are log lines only"));
        Stream<Finding> destinations = b.destinations().keySet().stream().map(name -> alerted
                ? DEAD_LETTERS_ALERTED.pass(name, "alerts", "a dead delivery to " + name + " raises an alert")
                : DEAD_LETTERS_ALERTED.fail(name, "alerts", "dead deliveries to " + name + " are logged and no one is told"));
        Stream<Finding> outbound = b.outbound() == null ? Stream.empty() : Stream.of(b.outbound().operational() != null
                ? DEAD_LETTERS_ALERTED.pass("outbound", "outbound.operational", "message.dead goes to " + b.outbound().operational())
                : DEAD_LETTERS_ALERTED.warn("outbound", "outbound.operational", "no operational destination: applications are not told of their dead messages"));
        Stream<Finding> probes = b.sources().values().stream().filter(s -> !s.polled()).map(s -> {
            List<dev.junction.core.config.SyntheticSpec> mine = b.probesOf(s.name());
            if (mine.isEmpty()) return SYNTHETIC_PROBE.warn(s.name(), "sources." + s.name(), "no synthetic probe sends a canary through " + s.name());
            dev.junction.core.config.SyntheticSpec p = mine.getFirst();
            return SYNTHETIC_PROBE.pass(s.name(), "synthetics." + p.name(), p.name() + " sends a canary every " + DurationText.of(p.every())
                    + " and alerts when it takes longer than " + DurationText.of(p.sla()));
        });
        return Stream.of(gateway, destinations, outbound, probes).flatMap(s -> s);
    }
}
