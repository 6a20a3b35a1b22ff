package dev.junction.core.config;

import java.time.Duration;

/**
 * A destination that takes events in batches (bulk APIs): up to {@code max} deliveries go out as one request,
 * sent as soon as there are {@code max} of them or the oldest has waited {@code within}.
 *
 * @param format  how the events' payloads are put together in one body
 * @param results where a bulk API answers per item (null: the whole answer applies to every item)
 */
public record BatchSpec(int max, Duration within, Format format, Results results) {

    public static final int MAX_ITEMS = 10_000;
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(1);

    /** The body of a batch. */
    public enum Format {
        /** A JSON array of the payloads, in batch order ({@code application/json}). */
        JSON("json", "application/json"),
        /** One payload per line, each compacted onto its line ({@code application/x-ndjson}). */
        NDJSON("ndjson", "application/x-ndjson");

        private final String configName;
        private final String contentType;

        Format(String configName, String contentType) {
            this.configName = configName;
            this.contentType = contentType;
        }

        public String configName() {
            return configName;
        }

        public String contentType() {
            return contentType;
        }
    }

    /**
     * How to read a per-item answer: {@code array} points at an array in the answer's JSON with one result per
     * item, in batch order; {@code status} points, inside each result, at the item's HTTP-like status.
     */
    public record Results(String array, String status) {
        public static final String DEFAULT_STATUS = "/status";

        public Results {
            if (array == null) throw new IllegalArgumentException("results need the pointer to their array");
            if (status == null) status = DEFAULT_STATUS;
        }
    }

    public BatchSpec {
        if (max < 1 || max > MAX_ITEMS) throw new IllegalArgumentException("must be between 1 and " + MAX_ITEMS + ", but was " + max);
        if (within == null || within.isNegative()) throw new IllegalArgumentException("within must be zero or more");
        if (format == null) format = Format.JSON;
    }
}
