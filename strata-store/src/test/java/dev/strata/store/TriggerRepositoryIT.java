package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.RunRepository.StoredRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A triggered run and the events it records are one transaction: the same events delivered again (a server killed
 * after queueing, before committing its Kafka offsets) start nothing, and only unseen ones start a run.
 */
class TriggerRepositoryIT {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    private static ScratchDatabase database;
    private static MetadataStore store;

    @BeforeAll
    static void openStore() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings("unused"));
        store.pipelines().save("orders", "name: orders\ndatasets: {}\n", "/tmp", null, "test", T0);
    }

    @AfterAll
    static void closeStore() {
        store.close();
        database.close();
    }

    private static NewRun run(String id, String kind, List<String> events) {
        return NewRun.of(id, "orders", 1, null, Map.of("DAY", "1"), "trigger:" + kind, T0)
                .withTriggerEvents(new TriggerEvents(kind, "orders.landed", events));
    }

    @Test
    void redeliveredEventsStartNothingAndOnlyUnseenOnesStartARun() {
        Optional<StoredRun> first = store.triggers().queueTriggered(run("run_t1", "kafka", List.of("e1", "e2", "e2")));
        assertThat(first).isPresent();
        assertThat(first.get().triggerEvents())
                .isEqualTo(new TriggerEvents("kafka", "orders.landed", List.of("e1", "e2")));
        assertThat(store.runs().find("run_t1").orElseThrow().triggerEvents().events())
                .containsExactly("e1", "e2");
        assertThat(first.get().parameters()).containsExactly(Map.entry("DAY", "1"));

        assertThat(store.triggers().queueTriggered(run("run_t2", "kafka", List.of("e2", "e1"))))
                .isEmpty();
        assertThat(store.runs().find("run_t2")).as("nothing queued").isEmpty();

        Optional<StoredRun> third = store.triggers().queueTriggered(run("run_t3", "kafka", List.of("e1", "e3")));
        assertThat(third.orElseThrow().triggerEvents().events()).containsExactly("e3");

        // Another kind keeps its own record: a file path is not a Kafka event id.
        assertThat(store.triggers().queueTriggered(run("run_t4", "files", List.of("e1"))))
                .isPresent();
        assertThat(store.triggers().seen("orders", "kafka", List.of("e1", "e3", "e9")))
                .containsExactlyInAnyOrder("e1", "e3");
        assertThat(store.runs().find("run_t1").orElseThrow().submittedBy()).isEqualTo("trigger:kafka");
    }

    @Test
    void aRunSomeoneStartedHasNoTriggerEvents() {
        StoredRun run = store.runs().enqueue(NewRun.of("run_api", "orders", 1, null, Map.of(), "admin", T0));
        assertThat(run.triggerEvents()).isNull();
    }

    @Test
    void filesTheLedgerRecordsAsIngestedAreNotNew() {
        store.ledger()
                .commit(
                        "/lake",
                        "bronze.orders",
                        "run_l1",
                        T0,
                        "{\"dataset\":\"bronze.orders\",\"run_id\":\"run_l1\",\"files\":[\"file:/land/a.csv\"]}");
        assertThat(store.triggers().ingested(List.of("file:/land/a.csv", "file:/land/b.csv")))
                .containsExactly("file:/land/a.csv");
    }
}
