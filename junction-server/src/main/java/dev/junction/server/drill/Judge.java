package dev.junction.server.drill;

import dev.junction.core.explain.Status;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scenario's verdict from its answers, worst first: no answer within the timeout or no connection (fail), copies of
 * one event answered differently (fail), a final refusal (fail), transient failures (warn), answers over half the
 * timeout (warn); otherwise pass.
 */
final class Judge {

    static final String SLOW_WHY = "Production gives up on an attempt after the destination's timeout and sends the event again; "
            + "a receiver that is slow gets events twice, and the retries add to the load that made it slow.";
    static final String SLOW_FIX = "Answer 2xx as soon as the event is stored and do the work afterwards (a queue), well within the timeout; "
            + "or raise the destination's timeout: if the route's slo allows it.";

    private Judge() {}

    static ScenarioRun judge(Scenario scenario, List<Answer> answers, Duration timeout) {
        return new ScenarioRun(scenario, answers, verdict(scenario, answers, timeout));
    }

    private static Verdict verdict(Scenario scenario, List<Answer> answers, Duration timeout) {
        int n = answers.size();
        List<Answer> timedOut = answers.stream().filter(Answer::timedOut).toList();
        if (!timedOut.isEmpty()) {
            return new Verdict(Status.FAIL, timedOut.size() + " of " + n + " attempts got no answer within the timeout "
                    + ScenarioRun.text(timeout), SLOW_WHY, SLOW_FIX);
        }
        List<Answer> failed = answers.stream().filter(a -> a.status() == 0).toList();
        if (!failed.isEmpty()) {
            return new Verdict(Status.FAIL, failed.size() + " of " + n + " attempts failed: " + failed.getFirst().error(),
                    "Production cannot deliver to a receiver it cannot reach: every event is retried until it dies as a dead letter.",
                    "Check that the URL is right and the receiver is listening and reachable from where Junction runs (TLS included).");
        }
        String mixed = inconsistent(answers);
        if (mixed != null) {
            return new Verdict(Status.FAIL, "copies of one event answered differently: " + mixed,
                    "Production sends the same webhook-id again (after a timeout, a 5xx, a replay); a copy answered unlike the first "
                            + "is either refused as a dead letter for an event that was processed, or processed twice.",
                    "Keep the webhook-ids you have processed (a unique key, checked before processing) and answer a copy as the first: 2xx.");
        }
        List<Answer> refused = answers.stream().filter(Answer::permanentFailure).toList();
        if (!refused.isEmpty()) {
            return new Verdict(Status.FAIL, refused.size() + " of " + n + " answered " + distinct(refused) + ", final in production",
                    scenario.refusedWhy() + " A 4xx other than 408, 425 or 429 is not retried: the delivery is dead at once.",
                    scenario.refusedFix());
        }
        List<Answer> transients = answers.stream().filter(Answer::transientFailure).toList();
        if (!transients.isEmpty()) {
            return new Verdict(Status.WARN, transients.size() + " of " + n + " answered " + distinct(transients) + ", retried in production",
                    "Production retries these with backoff, so nothing is lost, but each costs a delay (a second up to an hour), "
                            + "and many of them open the breaker, holding every event to this destination.",
                    "Look up these webhook-ids in the receiver's logs; when it is busy, answer 429 with Retry-After.");
        }
        Duration max = answers.stream().map(Answer::latency).max(Duration::compareTo).orElse(Duration.ZERO);
        if (max.multipliedBy(2).compareTo(timeout) > 0) {
            return new Verdict(Status.WARN, "slowest answer " + ScenarioRun.text(max) + ", over half the timeout " + ScenarioRun.text(timeout),
                    SLOW_WHY + " Under real load answers get slower than in a drill.", SLOW_FIX);
        }
        return Verdict.pass("all " + n + " answered 2xx");
    }

    /** The first event whose copies got both a 2xx and a refusal, e.g. {@code drill_1f.. answered 200, 409}; or null. */
    private static String inconsistent(List<Answer> answers) {
        Map<String, List<Answer>> byEvent = answers.stream()
                .collect(Collectors.groupingBy(Answer::webhookId, LinkedHashMap::new, Collectors.toList()));
        for (List<Answer> copies : byEvent.values()) {
            long classes = copies.stream().filter(Answer::definite).map(Answer::statusClass).distinct().count();
            if (classes > 1) return copies.getFirst().webhookId() + " answered " + String.join(", ", copies.stream().map(Answer::toString).toList());
        }
        return null;
    }

    private static String distinct(List<Answer> answers) {
        return String.join(", ", answers.stream().map(Answer::toString).distinct().sorted().toList());
    }
}
