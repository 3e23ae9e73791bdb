package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.ScheduleRepository.Change;
import dev.strata.store.ScheduleRepository.ScheduleState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schedule's state across versions and the API (the file's {@code paused:} against a pause by hand, where fire times
 * count from), and fire times claimed once, on the machine's PostgreSQL.
 */
class ScheduleRepositoryIT {
    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");

    private static ScratchDatabase database;
    private static MetadataStore store;
    private static ScheduleRepository schedules;

    @BeforeAll
    static void openStore() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings("unused"));
        schedules = store.schedules();
    }

    @AfterAll
    static void closeStore() {
        store.close();
        database.close();
    }

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void theFilesPausedSetsTheStateOnlyWhenItChangesAndFireTimesCountFromANewChangedOrResumedSchedule() {
        var created = schedules.sync("states", "0 * * * *", "UTC", false, "alice", at(0));
        assertThat(created.change()).isEqualTo(Change.NEW);
        assertThat(created.state()).isEqualTo(new ScheduleState("states", "0 * * * *", "UTC", false, false, at(0)));

        var same = schedules.sync("states", "0 * * * *", "UTC", false, "server", at(5));
        assertThat(same.change()).isEqualTo(Change.SAME);
        assertThat(same.state().firesFrom())
                .as("unchanged: missed fire times are still found")
                .isEqualTo(at(0));

        assertThat(schedules.setPaused("states", true, "ops", at(10))).isTrue();
        assertThat(schedules
                        .sync("states", "0 * * * *", "UTC", false, "bob", at(15))
                        .state()
                        .paused())
                .as("a version that does not change paused: keeps the pause")
                .isTrue();
        assertThat(schedules.setPaused("states", false, "ops", at(20))).isTrue();
        assertThat(schedules.find("states").orElseThrow().firesFrom())
                .as("resumed: the fire times while paused never run")
                .isEqualTo(at(20));

        var paused = schedules.sync("states", "0 * * * *", "UTC", true, "bob", at(25));
        assertThat(paused.state().paused()).as("the file says paused: true now").isTrue();
        var resumed = schedules.sync("states", "0 * * * *", "UTC", false, "bob", at(30));
        assertThat(resumed.state().paused()).isFalse();
        assertThat(resumed.state().firesFrom()).isEqualTo(at(30));

        var changed = schedules.sync("states", "*/5 * * * *", "Europe/Berlin", false, "bob", at(35));
        assertThat(changed.change()).isEqualTo(Change.CHANGED);
        assertThat(changed.state().firesFrom()).isEqualTo(at(35));
        assertThat(schedules.all()).containsKey("states");

        schedules.remove("states");
        assertThat(schedules.find("states")).isEmpty();
        assertThat(schedules.setPaused("states", true, "ops", at(40)))
                .as("no schedule to pause")
                .isFalse();
    }

    @Test
    void aFireTimeIsClaimedOnceWithItsRunOrSkipped() {
        store.pipelines().save("fires", "name: fires\ndatasets: {}\n", "/tmp/fires", null, "alice", at(0));
        NewRun run = NewRun.of("run_fire_1", "fires", 1, null, Map.of(), "schedule", at(61))
                .withLogicalTime(at(60));
        assertThat(schedules.fire(run)).hasValueSatisfying(stored -> {
            assertThat(stored.logicalTime()).isEqualTo(at(60));
            assertThat(stored.submittedBy()).isEqualTo("schedule");
        });
        assertThat(schedules.fire(NewRun.of("run_fire_2", "fires", 1, null, Map.of(), "schedule", at(62))
                        .withLogicalTime(at(60))))
                .as("claimed already: no second run")
                .isEmpty();
        assertThat(store.runs().find("run_fire_2")).isEmpty();

        assertThat(schedules.skip("fires", at(120), at(121))).isTrue();
        assertThat(schedules.skip("fires", at(120), at(122))).isFalse();
        assertThat(schedules.lastFireTime("fires")).hasValue(at(120));
        assertThat(schedules.lastFireTimes()).containsEntry("fires", at(120));
    }
}
