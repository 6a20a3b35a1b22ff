package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.junction.core.model.UnicodeText;
import dev.junction.core.verify.DedupeKey.Key;
import dev.junction.core.verify.DedupeKey.Malformed;
import dev.junction.core.verify.DedupeKey.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The dedupe key at a JSON Pointer in a body, or precisely why the body has none. Complaints name the
 * pointer, a byte offset and JSON types only, never body content (it may hold personal data).
 *
 * <p>The body is streamed, not built into a tree: only the value at the pointer is read, and the rest is
 * only tokenised (so a body that is not JSON throughout has no key, even when the value comes before the
 * break). Building the whole tree was about 5% of the gateway's CPU at full ingest (JFR, bench ingest phase).
 */
final class JsonBodyKey {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodyKey() {}

    /**
     * @param promise where the source says the key is, ending a complaint about the key, e.g.
     *                "Stripe events carry a string id at /id"
     */
    static DedupeKey read(byte[] body, JsonPointer pointer, String promise) {
        // Jackson would read these as UTF-16 or UTF-32; a UTF-8 JSON text never starts so.
        int wideAt = utf16Or32At(body);
        if (wideAt >= 0) return notJson(firstFault(body, wideAt, "a zero byte at byte " + wideAt + " (UTF-16 or UTF-32? JSON must be UTF-8)"));
        JsonToken found;
        String text = null;
        try (JsonParser parser = JSON.createParser(body)) {
            JsonParser atPointer = new FilteringParserDelegate(parser, new JsonPointerBasedFilter(pointer),
                    TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false);
            found = atPointer.nextToken();
            if (found != null && found.isScalarValue()) text = atPointer.getText();
            while (parser.nextToken() != null) {
                // the rest of the body: tokenised only to check it is JSON
            }
            // The root context counts the top-level values: Jackson accepts several in a row, JSON does not.
            int values = parser.getParsingContext().getEntryCount();
            if (values == 0) return notJson("it is empty");
            if (values > 1) return notJson("it holds " + values + " JSON values, not one");
        } catch (StreamConstraintsException e) {
            return notJson("it exceeds a parser limit (nesting depth, number or name length)");
        } catch (JsonEOFException e) {
            return notJson(firstFault(body, body.length, "unexpected end at byte " + body.length));
        } catch (JsonProcessingException e) {
            long at = offset(e.getLocation());
            return notJson(firstFault(body, at, "unexpected input at byte " + at));
        } catch (IOException e) {
            return notJson("it could not be read");
        }
        return key(found, text, body, pointer, promise);
    }

    private static DedupeKey key(JsonToken found, String text, byte[] body, JsonPointer pointer, String promise) {
        String where = pointer.matches() ? "the body" : pointer.toString();
        if (found == null) {
            String root = rootType(body);
            boolean reachable = root.equals("an object") || (root.equals("an array") && pointer.getMatchingIndex() >= 0);
            return reachable ? malformed(Reason.KEY_MISSING, where + " is missing", promise)
                    : malformed(Reason.KEY_MISSING, "the body is " + root + ", not an object", promise);
        }
        return switch (found) {
            case VALUE_STRING -> text.isBlank()
                    ? malformed(Reason.KEY_EMPTY, where + (text.isEmpty() ? " is an empty string" : " is a blank string"), promise)
                    // A \uD83D escape alone is JSON's syntax but no text: stored as UTF-8 it would become '?', and
                    // different events would share one key (the later ones answered 200 duplicate and lost).
                    : !UnicodeText.isWellFormed(text) ? malformed(Reason.KEY_WRONG_TYPE, where + " " + UnicodeText.NOT_TEXT, promise)
                    : new Key(text);
            // A number's key is its JSON text, as the sender wrote it.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Key(text);
            case VALUE_NULL -> malformed(Reason.KEY_MISSING, where + " is null", promise);
            case VALUE_TRUE, VALUE_FALSE -> malformed(Reason.KEY_WRONG_TYPE, where + " is a boolean", promise);
            case START_ARRAY -> malformed(Reason.KEY_WRONG_TYPE, where + " is an array", promise);
            default -> malformed(Reason.KEY_WRONG_TYPE, where + " is an object", promise);
        };
    }

    private static Malformed malformed(Reason reason, String what, String promise) {
        return new Malformed(reason, what + "; " + promise);
    }

    private static Malformed notJson(String why) {
        return new Malformed(Reason.NOT_JSON, "the body is not JSON: " + why);
    }

    /**
     * The fault the parser found at {@code at}, unless a byte sequence UTF-8 does not allow comes first
     * (the parser reports those too, but less exactly, and a wrong charset is the likelier story).
     */
    private static String firstFault(byte[] body, long at, String parserFault) {
        int utf8 = invalidUtf8At(body);
        return utf8 >= 0 && utf8 <= at ? "invalid UTF-8 at byte " + utf8 : parserFault;
    }

    /** Where the first byte that is not UTF-8 is, or -1. Only called once a body has been refused. */
    private static int invalidUtf8At(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            decoder.decode(in);
            return -1;
        } catch (CharacterCodingException e) {
            // decode(ByteBuffer) leaves the buffer's position at the start of the bad sequence
            return in.position();
        }
    }

    /** Where a UTF-16 or UTF-32 byte order mark or zero byte is among the first four bytes, or -1. */
    private static int utf16Or32At(byte[] body) {
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return 0;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) return i;
        }
        return -1;
    }

    private static long offset(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getByteOffset());
    }

    /** The JSON type of a body known to be one JSON value, from its first byte after a BOM and whitespace. */
    private static String rootType(byte[] body) {
        int i = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) i++;
        return switch (i < body.length ? body[i] : 0) {
            case '{' -> "an object";
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> "a number";
        };
    }
}
