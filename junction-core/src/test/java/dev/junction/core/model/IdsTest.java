package dev.junction.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
        Ids ids = new Ids(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), new SplittableRandom(7)::nextLong);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) made.add(ids.next("dlv"));
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made.get(0)).matches("dlv_[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void idsSortByTimeAcrossMilliseconds() {
        Instant[] now = {Instant.parse("2026-11-23T10:00:00Z")};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId z) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        Ids ids = new Ids(clock, new SplittableRandom(1)::nextLong);
        String a = ids.next("msg");
        now[0] = now[0].plusMillis(1);
        String b = ids.next("msg");
        assertThat(a).isLessThan(b);
        assertThat(new HashSet<>(List.of(a, b))).hasSize(2);
    }

    @Test
    void seededGeneratorsStartFromTheirOwnSeedSoTwoGatewaysStartingInTheSameMillisecondDoNotShareIds() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
        Ids first = Ids.seeded(clock);
        Ids second = Ids.seeded(clock);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            a.add(first.next("msg"));
            b.add(second.next("msg"));
        }
        assertThat(a).isSorted().doesNotHaveDuplicates().doesNotContainAnyElementsOf(b);
        assertThat(b).isSorted().doesNotHaveDuplicates();
    }
}
