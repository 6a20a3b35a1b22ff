package dev.junction.core.explain;

import static dev.junction.core.explain.Area.OBSERVABILITY;

import java.util.List;
import java.util.stream.Stream;

/** Someone hears of what goes wrong: alerts configured, dead letters reaching a person. */
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

    @Override
    public List<Rule> rules() {
        return List.of(ALERTS, DEAD_LETTERS_ALERTED);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        boolean alerted = b.alerts() != null;
        Stream<Finding> gateway = Stream.of(alerted
                ? ALERTS.pass("", "alerts", "alerts go to " + b.alerts().getHost())
                : ALERTS.fail("", "alerts", "no alerts: section; alerts are log lines only"));
        Stream<Finding> destinations = b.destinations().keySet().stream().map(name -> alerted
                ? DEAD_LETTERS_ALERTED.pass(name, "alerts", "a dead delivery to " + name + " raises an alert")
                : DEAD_LETTERS_ALERTED.fail(name, "alerts", "dead deliveries to " + name + " are logged and no one is told"));
        Stream<Finding> outbound = b.outbound() == null ? Stream.empty() : Stream.of(b.outbound().operational() != null
                ? DEAD_LETTERS_ALERTED.pass("outbound", "outbound.operational", "message.dead goes to " + b.outbound().operational())
                : DEAD_LETTERS_ALERTED.warn("outbound", "outbound.operational", "no operational destination: applications are not told of their dead messages"));
        return Stream.of(gateway, destinations, outbound).flatMap(s -> s);
    }
}
