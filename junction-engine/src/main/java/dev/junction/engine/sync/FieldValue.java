package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A field's agreed value, the system that set it, and when that system says it did (its own updated time; the time
 * Junction heard of it when the system keeps none).
 */
public record FieldValue(JsonNode value, String system, Instant at) {}
