package dev.junction.engine.deliver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.junction.core.config.BatchSpec;
import dev.junction.store.ClaimedDelivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the payloads of a batch's deliveries into one body: a JSON array, or NDJSON (one payload per line).
 * Each payload must be one JSON value; one that is not cannot go in the batch and fails on its own,
 * permanently, without holding back the rest. Payloads are copied as they were received (a JSON array
 * holds them byte for byte; NDJSON only drops their line breaks, which JSON allows only between tokens),
 * never parsed into numbers and written again, so no digit of an amount is rounded.
 */
final class BatchBody {

    private static final JsonFactory JSON = new JsonFactory();

    /** A delivery whose payload could not go in the batch, and why (without a byte of the payload). */
    record Refused(ClaimedDelivery delivery, String why) {}

    /** The body, the deliveries it carries (in its order), and those left out. */
    record Built(byte[] body, List<ClaimedDelivery> items, List<Refused> refused) {}

    private BatchBody() {}

    static Built build(List<ClaimedDelivery> deliveries, BatchSpec.Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ClaimedDelivery> items = new ArrayList<>(deliveries.size());
        List<Refused> refused = new ArrayList<>();
        if (format == BatchSpec.Format.JSON) out.write('[');
        for (ClaimedDelivery d : deliveries) {
            byte[] payload = d.message().body();
            String problem = notOneJsonValue(payload);
            if (problem != null) {
                refused.add(new Refused(d, problem));
                continue;
            }
            switch (format) {
                case JSON -> {
                    if (!items.isEmpty()) out.write(',');
                    out.writeBytes(payload);
                }
                case NDJSON -> {
                    for (byte b : payload) if (b != '\n' && b != '\r') out.write(b);
                    out.write('\n');
                }
            }
            items.add(d);
        }
        if (format == BatchSpec.Format.JSON) out.write(']');
        return new Built(out.toByteArray(), items, refused);
    }

    /** Null when the payload is exactly one JSON value; else what is wrong and where (never the payload's text). */
    static String notOneJsonValue(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() == null) return "payload is empty, so it cannot go in a JSON batch";
            p.skipChildren();
            if (p.nextToken() != null) return "payload holds more than one JSON value" + at(p.currentTokenLocation());
            return null;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the payload: only the position is kept.
            return "payload is not JSON" + at(e.getLocation());
        } catch (IOException e) {
            return "payload could not be read: " + e.getClass().getSimpleName();
        }
    }

    private static String at(JsonLocation where) {
        return where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
