package dev.junction.server.drill;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pre-launch dry run: each {@link Scenario} sent to a destination and judged. Bounded: a fixed number of events
 * (the burst at most {@value #MAX_BURST}), each attempt ends by the destination's timeout, and a retry waits the
 * policy's first delay but at most {@code maxWait}.
 */
public final class Drill {

    public static final int MAX_BURST = 200;
    /** At most this many attempts of one event in retry-after-5xx (fewer when the policy allows fewer). */
    static final int MAX_RETRY_COPIES = 4;

    private final DestinationSpec destination;
    private final int burst;
    private final Duration maxWait;

    public Drill(DestinationSpec destination, int burst, Duration maxWait) {
        if (burst < 1 || burst > MAX_BURST) throw new IllegalArgumentException("--burst must be 1 to " + MAX_BURST + ", was " + burst);
        this.destination = destination;
        this.burst = burst;
        this.maxWait = maxWait;
    }

    public DrillResult run() {
        List<ScenarioRun> runs = new ArrayList<>();
        try (Sender sender = new Sender(destination, Clock.systemUTC())) {
            runs.add(Judge.judge(Scenario.DUPLICATES, duplicates(sender), sender.timeout()));
            runs.add(Judge.judge(Scenario.OUT_OF_ORDER, outOfOrder(sender), sender.timeout()));
            runs.add(Judge.judge(Scenario.RETRY_AFTER_5XX, retryAfter5xx(sender), sender.timeout()));
            runs.add(Judge.judge(Scenario.RETRY_AFTER_TIMEOUT, retryAfterTimeout(sender), sender.timeout()));
            runs.add(Judge.judge(Scenario.BURST, sender.sendAll(events(Scenario.BURST, burst)), sender.timeout()));
        }
        return new DrillResult(destination, retryDelay(), runs);
    }

    private List<Answer> duplicates(Sender sender) {
        TestEvent event = TestEvent.next(Scenario.DUPLICATES.id(), 1);
        List<Answer> answers = new ArrayList<>();
        answers.add(sender.send(event).join());
        answers.addAll(sender.sendAll(List.of(event, event)));
        return answers;
    }

    private List<Answer> outOfOrder(Sender sender) {
        List<TestEvent> events = new ArrayList<>(events(Scenario.OUT_OF_ORDER, 5));
        return events.reversed().stream().map(e -> sender.send(e).join()).toList();
    }

    private List<Answer> retryAfter5xx(Sender sender) {
        TestEvent event = TestEvent.next(Scenario.RETRY_AFTER_5XX.id(), 1);
        List<Answer> answers = new ArrayList<>();
        answers.add(sender.send(event).join());
        int copies = Math.min(MAX_RETRY_COPIES, Math.max(2, destination.retry().maxAttempts()));
        do {
            pause();
            answers.add(sender.send(event).join());
        } while (answers.size() < copies && answers.getLast().transientFailure());
        return answers;
    }

    private List<Answer> retryAfterTimeout(Sender sender) {
        TestEvent event = TestEvent.next(Scenario.RETRY_AFTER_TIMEOUT.id(), 1);
        try {
            sender.abandon(event);
        } catch (IOException e) {
            return List.of(new Answer(event.id(), 0, Duration.ZERO, false, "IOException: " + e.getMessage()));
        }
        pause();
        return List.of(sender.send(event).join());
    }

    private static List<TestEvent> events(Scenario scenario, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> TestEvent.next(scenario.id(), i)).toList();
    }

    /** What a retry waits: the policy's first delay (its upper bound; production's is jittered below it), at most maxWait. */
    Duration retryDelay() {
        RetryPolicy retry = destination.retry();
        return retry.initialDelay().compareTo(maxWait) < 0 ? retry.initialDelay() : maxWait;
    }

    private void pause() {
        try {
            Thread.sleep(retryDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
