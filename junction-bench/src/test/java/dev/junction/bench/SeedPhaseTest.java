package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seed stack's section and goal: Junction's wrk rate as a multiple of the Express + BullMQ + Redis stack's under the same load. */
class SeedPhaseTest {

    private static final SystemProbe.Usage USAGE = new SystemProbe.Usage(10, 97.0, 0.1, 5, 0, 88, 300, 250, 2500, 40, 0.5, 0, 0);
    private static final String JUNCTION_WRK = """
            JUNCTION_WRK {"duration_us":10000000,"requests":45000,"accepted":45000,"other":0,"socket_errors":0,"p50_us":6080,"p99_us":40050,"max_us":61000}
            """;

    private static SeedPhase.Result seed(long accepted) {
        Wrk.Output out = new Wrk.Output(10, accepted, accepted, 0, 0, 20.5, 48.0, 90);
        return new SeedPhase.Result("Node.js v20.20.2, Express 4.22.3, BullMQ 6.7.0, ioredis 5.11.1, Redis 7.0.15", 0.4, 1_350, out, 1_500, 610,
                USAGE, null);
    }

    private static WrkPhase.Result junction() throws Exception {
        return WrkPhase.parse(JUNCTION_WRK, 4_100, new WrkPhase.Warmup(60, 4_000, 0.03), USAGE, 14_000, 1_000);
    }

    @Test
    void theGoalIsMetAtThreeTimesTheSeedStacksRateAndMissedBelow() throws Exception {
        BenchMain.Goal met = SeedPhase.goals(seed(15_000), junction()).getFirst();
        assertThat(met.met()).isTrue();
        assertThat(met.measured()).isEqualTo("3.00x (4,500 against 1,500)");

        BenchMain.Goal missed = SeedPhase.goals(seed(20_000), junction()).getFirst();
        assertThat(missed.met()).isFalse();
        assertThat(missed.measured()).startsWith("2.25x");

        // 2.995 times: a rounded "3.0x" beside "not met" would contradict itself
        BenchMain.Goal justUnder = SeedPhase.goals(seed(15_025), junction()).getFirst();
        assertThat(justUnder.met()).isFalse();
        assertThat(justUnder.measured()).startsWith("2.99x");
    }

    @Test
    void theSectionSetsBothStacksSideBySideAndSaysTheSeedStacksAckIsNotOnDisk() throws Exception {
        String section = SeedPhase.markdown(seed(20_000), junction());
        assertThat(section)
                .contains("| **acks/s under wrk, delivering meanwhile** | **2,000** | **4,500** |")
                .contains("| **Junction's rate as a multiple of the seed stack's** (goal 3×) | | **2.25×** |")
                .contains("Its 202 is **not** on disk")
                .contains("Redis 7.0.15");
    }

    @Test
    void aMachineWithoutNodeOrRedisSaysWhyAndMeasuresNothing() throws Exception {
        SeedPhase.Result skipped = SeedPhase.Result.skipped("no node on the PATH (Debian: apt-get install nodejs npm)");
        assertThat(SeedPhase.markdown(skipped, junction())).contains("Not run: no node on the PATH");
        assertThat(SeedPhase.goals(skipped, junction()).getFirst().met()).isNull();
    }
}
