package dev.junction.server.drill;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A drill's test event: {@code webhook-id} {@code drill_<uuid>} and a JSON body of type {@value #TYPE} with
 * {@code "drill": true}, so a receiver can recognise (and discard) it; {@code sequence} says which came first.
 */
record TestEvent(String id, byte[] body) {

    static final String TYPE = "junction.drill";

    static TestEvent next(String scenario, int sequence) {
        String id = "drill_" + UUID.randomUUID().toString().replace("-", "");
        String json = "{\"type\":\"" + TYPE + "\",\"drill\":true,\"scenario\":\"" + scenario + "\",\"sequence\":" + sequence
                + ",\"data\":{\"id\":\"" + id + "\"}}";
        return new TestEvent(id, json.getBytes(StandardCharsets.UTF_8));
    }
}
