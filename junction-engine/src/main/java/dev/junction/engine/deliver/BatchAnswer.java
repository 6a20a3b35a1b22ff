package dev.junction.engine.deliver;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.BatchSpec;
import dev.junction.core.retry.DeliveryRefused;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a batch's answer says about each of its items. A bulk API that answers per item (a results array
 * at a configured JSON pointer, each with its own status) gives each delivery its own outcome; any other
 * answer, and every failure to get one, applies to the whole batch.
 */
final class BatchAnswer {

    /** The error kind of an item the answer says nothing usable about. */
    static final String KIND = "batch-answer";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BatchAnswer() {}

    /**
     * Each item's result, in batch order, or the whole answer repeated when it is not per item.
     *
     * @param whole the answer to the request; for an HTTP answer, its excerpt is the body (as far as it was kept)
     */
    static List<SendResult> items(SendResult whole, BatchSpec.Results results, int count) {
        Integer status = whole.status();
        if (status == null || status < 200 || status > 299) return Collections.nCopies(count, excerpted(whole));
        if (results == null) {
            if (status != 207) return Collections.nCopies(count, excerpted(whole));
            // Multi-Status says some items may have failed; without a way to read which, success would be a guess.
            return Collections.nCopies(count, SendResult.failure(new DeliveryRefused(KIND,
                    "HTTP 207 Multi-Status, but the destination has no batch.results to read each item's outcome by", true)));
        }
        JsonNode array;
        try {
            array = MAPPER.readTree(whole.excerpt() == null ? "" : whole.excerpt()).at(JsonPointer.compile(results.array()));
        } catch (Exception e) {
            array = null;
        }
        if (array == null || !array.isArray()) {
            return Collections.nCopies(count, retryable("HTTP " + status + " without a results array at " + results.array()));
        }
        JsonPointer statusAt = JsonPointer.compile(results.status());
        List<SendResult> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JsonNode item = array.get(i);
            if (item == null) {
                items.add(retryable("HTTP " + status + " with " + array.size() + " results for " + count + " items: none for this one"));
                continue;
            }
            JsonNode itemStatus = item.at(statusAt);
            if (!itemStatus.canConvertToInt() || !itemStatus.isIntegralNumber()) {
                items.add(retryable("HTTP " + status + ", but this item's result has no status number at " + results.status()));
                continue;
            }
            items.add(excerpted(SendResult.response(itemStatus.intValue(), whole.retryAfter(), item.toString())));
        }
        return items;
    }

    /** The answer as an attempt keeps it: the first {@value HttpSender#EXCERPT_BYTES} characters of the body. */
    static SendResult excerpted(SendResult result) {
        String excerpt = result.excerpt();
        if (excerpt == null || excerpt.length() <= HttpSender.EXCERPT_BYTES) return result;
        return new SendResult(result.status(), result.retryAfter(), excerpt.substring(0, HttpSender.EXCERPT_BYTES), result.error());
    }

    /** Said nothing usable about an item: it is sent again (at least once, never zero times). */
    private static SendResult retryable(String why) {
        return SendResult.failure(new DeliveryRefused(KIND, why, false));
    }
}
