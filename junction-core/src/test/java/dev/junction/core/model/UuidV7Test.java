package dev.junction.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void carriesTheMillisecondsVersionSevenAndTheIetfVariant() {
        Instant at = Instant.parse("2026-11-30T12:00:00.123Z");
        UUID id = new UuidV7(Clock.fixed(at, ZoneOffset.UTC), new SplittableRandom(1)).next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void laterKeysSortAfterEarlierOnes() {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        String first = new UuidV7(Clock.fixed(at, ZoneOffset.UTC), new SplittableRandom(7)).next().toString();
        String second = new UuidV7(Clock.fixed(at.plusMillis(1), ZoneOffset.UTC), new SplittableRandom(8)).next().toString();
        assertThat(second).isGreaterThan(first);
    }
}
