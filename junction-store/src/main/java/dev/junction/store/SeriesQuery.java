package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which activity series to read: {@code buckets} consecutive buckets of width {@code bucket} from {@code start},
 * of one source and/or one destination when given (null: all of them).
 */
public record SeriesQuery(Instant start, Duration bucket, int buckets, String source, String destination) {

    /** More points than a chart can show; also bounds the rows a series reads (at most a few hundred per bucket). */
    public static final int MAX_BUCKETS = 1_000;

    public SeriesQuery {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.toMillis() < 1) throw new IllegalArgumentException("bucket must be at least 1 ms, but was " + bucket);
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be from 1 to " + MAX_BUCKETS + ", but was " + buckets);
        }
    }

    /** The series of all sources and destinations. */
    public static SeriesQuery of(Instant start, Duration bucket, int buckets) {
        return new SeriesQuery(start, bucket, buckets, null, null);
    }

    public SeriesQuery source(String name) {
        return new SeriesQuery(start, bucket, buckets, name, destination);
    }

    public SeriesQuery destination(String name) {
        return new SeriesQuery(start, bucket, buckets, source, name);
    }

    /** When the last bucket ends (exclusive). */
    public Instant end() {
        return start.plus(bucket.multipliedBy(buckets));
    }
}
