package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import java.io.IOException;
import java.util.Optional;

/**
 * The string at a JSON Pointer in a body, when there is one: for values that describe an event (its type)
 * rather than identify it, so a body without it is no fault and nothing here refuses or explains.
 * Streamed, and read only up to the value.
 */
final class JsonBodyText {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodyText() {}

    /** The string at {@code pointer}; empty when the body is not JSON up to it, or the value is absent or not a string. */
    static Optional<String> at(byte[] body, JsonPointer pointer) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonParser atPointer = new FilteringParserDelegate(parser, new JsonPointerBasedFilter(pointer),
                    TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false);
            return atPointer.nextToken() == JsonToken.VALUE_STRING ? Optional.of(atPointer.getText()) : Optional.empty();
        } catch (IOException e) {
            // Not JSON, or beyond a parser limit: then the body has no type to read.
            return Optional.empty();
        }
    }
}
