package dev.junction.engine.ical.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.ical.SyncSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IcalSimulationTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eighteenMonthsOfThreeOtaFeedsLoseNoNightAndCatchBothOverbookings() {
        OtaSimulation sim = OtaSimulation.generate(42, START, OtaSimulation.DEFAULT_DAYS);
        SimulationReport r = SimulationDriver.run(sim, SyncSettings.ofDefaults(), Duration.ofHours(12));
        r.lines().forEach(System.out::println);
        assertThat(r.wronglyCancelled()).isZero();
        assertThat(r.conflictsScripted()).isEqualTo(2);
        assertThat(r.conflictsCaught()).isEqualTo(2);
        assertThat(r.conflictsWrong()).isZero();
        assertThat(r.cancellationsMissed()).isZero();
        assertThat(r.cancellationsRepeated()).isZero();
        assertThat(r.cancellationsSeen()).isEqualTo(r.cancellationsMade()).isPositive();
        assertThat(r.changesSeen()).isEqualTo(r.changesMade()).isPositive();
        assertThat(r.changesUnderNewUid()).isPositive();
        assertThat(r.created()).isEqualTo(r.stays());
        assertThat(r.pollsFailed()).isPositive(); // the 503 day
        assertThat(r.suspectRaised()).isGreaterThanOrEqualTo(3); // HTML, truncated, the empty 200
        assertThat(r.unrecognised()).isZero();
        assertThat(r.ok()).isTrue();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aWrongCancellationOrAMissedOverbookingFailsTheRun() {
        SimulationReport good = new SimulationReport(10, 10, 0, 0, 3, 3, 1, 1, 0, 1, 1, 0, 0, 0, 2, 2, 0, 0, 0, 0);
        assertThat(good.exitCode()).isZero();
        SimulationReport wrongCancel = new SimulationReport(10, 10, 0, 0, 3, 3, 1, 1, 0, 2, 1, 0, 0, 1, 2, 2, 0, 0, 0, 0);
        SimulationReport missedConflict = new SimulationReport(10, 10, 0, 0, 3, 3, 1, 1, 0, 1, 1, 0, 0, 0, 1, 2, 0, 0, 0, 0);
        assertThat(wrongCancel.exitCode()).isEqualTo(1);
        assertThat(missedConflict.exitCode()).isEqualTo(1);
        assertThat(wrongCancel.lines()).contains("bookings wrongly cancelled: 1", "result: FAILED");
    }

    @Test
    void theSameSeedGivesTheSameWorld() {
        OtaSimulation a = OtaSimulation.generate(7, START, 420);
        OtaSimulation b = OtaSimulation.generate(7, START, 420);
        assertThat(a.stays()).hasSameSizeAs(b.stays());
        for (int i = 0; i < a.stays().size(); i++) assertThat(a.stays().get(i).versions()).isEqualTo(b.stays().get(i).versions());
    }
}
