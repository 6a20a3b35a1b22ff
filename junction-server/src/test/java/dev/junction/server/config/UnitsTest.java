package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations and sizes. */
class UnitsTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S", "5s, PT5S", "10m, PT10M", "1h, PT1H", "2d, PT48H", "1h30m, PT1H30M",
            "1.5s, PT1.5S", "PT5S, PT5S", "pt1m, PT1M", "0s, PT0S", "' 5s ', PT5S"})
    void parsesDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 seconds", "5S", "s", "-5s", "1.s", "5s 3m", "PTX", "99999999999999d"})
    void rejectsNonDurations(String text) {
        assertThat(Durations.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "1048576, 1048576", "512KiB, 524288", "1MiB, 1048576", "1 MiB, 1048576", "10MB, 10000000", "2KB, 2000",
            "100B, 100", "1mib, 1048576", "1.5KiB, 1536", "1GiB, 1073741824"})
    void parsesSizes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "1 megabyte", "-1", "1.5B", "1TB", "99999999999GiB"})
    void rejectsNonSizes(String text) {
        assertThat(Sizes.parse(text)).isEqualTo(-1);
    }
}
