package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** wrk's summary line read into the report's section: the rate, the warm-up it followed and the CPU per event. */
class WrkPhaseTest {

    private static final String WRK_OUTPUT = """
            Running 10s test @ http://127.0.0.1:40123/in/stripe
            JUNCTION_WRK {"duration_us":10000000,"requests":44420,"accepted":44420,"other":0,"socket_errors":0,"p50_us":6080,"p99_us":40050,"max_us":61000}
            """;
    private static final SystemProbe.Usage USAGE = new SystemProbe.Usage(10, 93.5, 0.1, 5, 0, 88, 300, 250, 2500, 40, 0.5, 0, 0);

    @Test
    void theSectionSaysHowLongTheWarmUpTookAndTheCpuPerThousandAcksWithoutTheJit() throws Exception {
        WrkPhase.Warmup warm = new WrkPhase.Warmup(60.2, 3_638, 0.03);
        WrkPhase.Result r = WrkPhase.parse(WRK_OUTPUT, 4_123, warm, USAGE, 14_000, 1_200).withBound(16_000);

        assertThat(r.acksPerSecond()).isEqualTo(4_442);
        assertThat(r.gatewayCpuMsPer1000()).as("(14,000 - 1,200) ms over 44,420 acks").isEqualTo(12_800_000.0 / 44_420);
        String section = WrkPhase.markdown(r);
        assertThat(section)
                .contains("| **acks/s while delivering** | **4,442** |")
                .contains("| **share of the bound** | **28%** |")
                .contains("| warm-up: seconds; last round's acks/s; the gateway's JIT then (share of a core) | 60; 3,638; 3% |")
                .contains("| 288 ms; 1,200 ms |")
                .contains("until its JIT compiler threads used under 10% of a core");
    }

    @Test
    void aWarmUpCutShortByItsLimitSaysTheJitHadNotSettled() throws Exception {
        WrkPhase.Warmup warm = new WrkPhase.Warmup(150, 2_000, 0.4);
        assertThat(warm.settled()).isFalse();
        assertThat(WrkPhase.markdown(WrkPhase.parse(WRK_OUTPUT, 2_000, warm, USAGE, 20_000, 5_000))).contains("40% (not settled)");
    }

    @Test
    void theDeliveriesDuringWrkAreSplitByHowTheyReachedAWorker() throws Exception {
        String before = "junction_dispatch_deliveries_total{path=\"claim\"} 100.0\n"
                + "junction_dispatch_deliveries_total{path=\"ingest\"} 5000.0\njunction_dispatch_claims_total 10.0\n";
        String after = "# HELP junction_dispatch_claims_total Claims\njunction_dispatch_claims_total 410.0\n"
                + "junction_dispatch_deliveries_total{path=\"ingest\"} 15000.0\njunction_dispatch_deliveries_total{path=\"claim\"} 30100.0\n";
        DispatchPaths during = DispatchPaths.parse(after).since(DispatchPaths.parse(before));

        assertThat(during).isEqualTo(new DispatchPaths(10_000, 30_000, 400));
        assertThat(during.ingestShare()).isEqualTo(0.25);
        WrkPhase.Result r = WrkPhase.parse(WRK_OUTPUT, 4_000, new WrkPhase.Warmup(40, 4_000, 0.02), USAGE, 14_000, 1_200).withPaths(during);
        assertThat(WrkPhase.markdown(r)).contains("| 10,000 leased at ingest (25%), 30,000 claimed in 400 claims |");
        assertThat(WrkPhase.markdown(r.withPaths(null))).doesNotContain("leased at ingest");
    }
}
