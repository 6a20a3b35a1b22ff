package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.append.Arrival;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;

/**
 * A change as the message a poll emits: {@code {type, source, key, item}} plus, for {@code item.updated}, the
 * RFC 6902 patch that turns the previous version into this one.
 */
final class ChangeMessages {

    private static final EnumSet<DiffFlags> PATCH_FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private ChangeMessages() {}

    /**
     * @param generation the generation the poll commits: with the key and the content hash it makes the dedupe key, so a
     *                   commit repeated after all stores nothing twice, while an item that returns to an earlier
     *                   content in a later poll (A, B, A) is still a change
     * @param pollId     the poll's id, as the message's trace id: its story leads back to the poll
     */
    static Arrival arrival(String source, Change change, long generation, String pollId) {
        ObjectNode body = ListingReader.JSON.createObjectNode().put("type", change.kind().type).put("source", source).put("key", change.key());
        body.set("item", change.item());
        if (change.kind() == Change.Kind.UPDATED) body.set("patch", JsonDiff.asJson(change.previous(), change.item(), PATCH_FLAGS));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String dedupeKey = change.kind().type + "/" + change.key() + "/" + change.hash() + "/g" + generation;
        return new Arrival(source, dedupeKey, change.kind().type, "application/json", Map.of(),
                WebhookRequest.of(Map.of("Content-Type", "application/json"), bytes), pollId);
    }
}
