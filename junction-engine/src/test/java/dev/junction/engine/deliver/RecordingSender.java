package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.store.ClaimedDelivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A destination that answers what the test tells it to (200 unless told otherwise) and remembers every call. */
final class RecordingSender implements Sender {

    final List<ClaimedDelivery> sent = new ArrayList<>();
    private final ArrayDeque<SendResult> answers = new ArrayDeque<>();

    RecordingSender answer(SendResult... results) {
        answers.addAll(List.of(results));
        return this;
    }

    List<String> sentMessageIds() {
        return sent.stream().map(d -> d.message().id()).toList();
    }

    @Override
    public synchronized SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        sent.add(delivery);
        SendResult next = answers.poll();
        return next != null ? next : SendResult.response(200, null, "ok");
    }

    @Override
    public void close() {}
}
