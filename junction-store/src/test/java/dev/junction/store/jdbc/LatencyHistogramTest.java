package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The class bounds the SQL forms, and nearest-rank percentiles over them (the SQL itself runs in StoreContract). */
class LatencyHistogramTest {

    @Test
    void eachClassEndsBeforeTheNextStarts() {
        assertThat(LatencyHistogram.largestOf(0)).isZero();
        assertThat(LatencyHistogram.largestOf(99)).isEqualTo(99);
        assertThat(LatencyHistogram.largestOf(100)).isEqualTo(109);
        assertThat(LatencyHistogram.largestOf(990)).isEqualTo(999);
        assertThat(LatencyHistogram.largestOf(1000)).isEqualTo(1099);
        assertThat(LatencyHistogram.largestOf(99000)).isEqualTo(99999);
        assertThat(LatencyHistogram.largestOf(100000)).as("10 s wide from 100 s on").isEqualTo(109999);
        assertThat(LatencyHistogram.largestOf(1230000)).isEqualTo(1239999);
    }

    @Test
    void aPercentileIsTheLargestDurationOfTheClassHoldingItsRank() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(0.5)).as("no attempts").isNull();
        h.add(20, 98);
        h.add(1200, 1);
        h.add(30000, 1);
        assertThat(h.percentile(0.5)).isEqualTo(20);
        assertThat(h.percentile(0.99)).as("the 99th of 100").isEqualTo(1299);
        assertThat(h.percentile(1.0)).isEqualTo(30999);
        h.add(20, 200);
        assertThat(h.percentile(0.99)).as("the 297th of 300 is one of the 298 of 20 ms").isEqualTo(20);
    }
}
