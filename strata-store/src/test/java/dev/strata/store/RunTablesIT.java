package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Role;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.TableFacts;
import dev.strata.core.secret.Secrets;
import dev.strata.store.RunTables.StoredSample;
import dev.strata.store.RunTables.StoredTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each run's tables and quarantine samples in a real PostgreSQL: written, read, capped, and refused to other runs. */
class RunTablesIT {
    private static final Instant NOW = Instant.parse("2026-03-01T06:00:00Z");
    private static final List<TableFacts.Column> COLUMNS = List.of(
            new TableFacts.Column("id", "int", false),
            new TableFacts.Column("amount", "decimal(10,2)", true),
            new TableFacts.Column("tags", "array<string>", true));

    private static ScratchDatabase database;
    private static MetadataStore store;

    @BeforeAll
    static void openStore() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings("unused"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
        database.close();
    }

    @Test
    void theLatestFactsOfADatasetAreThoseOfItsLastRecordingRun() {
        TableFacts first = facts("shop", "silver.orders", 3L);
        TableFacts second = facts("shop", "silver.orders", 4L);
        assertThat(store.tables().record("cli-1", first)).isTrue();
        assertThat(store.tables().record("cli-2", second)).isTrue();
        assertThat(store.tables().record("cli-2", facts("shop", "gold.daily", 7L)))
                .isTrue();
        assertThat(store.tables().record("cli-9", facts("elsewhere", "silver.orders", 99L)))
                .isTrue();

        StoredTable latest = store.tables().latest("shop", "silver.orders").orElseThrow();
        assertThat(latest.runId()).isEqualTo("cli-2");
        assertThat(latest.facts()).isEqualTo(second);
        assertThat(latest.facts().columns()).containsExactlyElementsOf(COLUMNS);
        assertThat(store.tables().ofRun("cli-1")).extracting(StoredTable::facts).containsExactly(first);
        assertThat(store.tables().ofRun("cli-2"))
                .extracting(t -> t.facts().dataset())
                .containsExactly("gold.daily", "silver.orders");
        assertThat(store.tables().latest("shop", "silver.customers")).isEmpty();

        assertThat(store.tables().record("cli-1", facts("shop", "silver.orders", 5L)))
                .as("a run records a dataset once; again replaces it")
                .isTrue();
        assertThat(store.tables().ofRun("cli-1"))
                .extracting(t -> t.facts().version())
                .containsExactly(5L);
    }

    @Test
    void runsKeepQuarantineSamplesAsTheSettingSaysAutoMeaningServerStartedRuns() {
        Map<String, String> cli =
                Map.of("STRATA_DB_URL", ScratchDatabase.server() + database.name(), "STRATA_DB_USER", "postgres");
        MetadataRunStoreProvider provider = new MetadataRunStoreProvider();
        try (MetadataRunStore store = provider.open(cli)) {
            assertThat(store.recordsTables()).isTrue();
            assertThat(store.recordsQuarantineSamples())
                    .as("auto, a CLI run: no samples")
                    .isFalse();
        }
        Map<String, String> served = new java.util.HashMap<>(cli);
        served.put("STRATA_DB_RUN_TOKEN", "a-token");
        try (MetadataRunStore store = provider.open(served)) {
            assertThat(store.recordsQuarantineSamples())
                    .as("auto, a run the server started")
                    .isTrue();
        }
        Map<String, String> on = new java.util.HashMap<>(cli);
        on.put("STRATA_QUARANTINE_SAMPLES", "on");
        try (MetadataRunStore store = provider.open(on)) {
            assertThat(store.recordsQuarantineSamples()).isTrue();
        }
        served.put("STRATA_QUARANTINE_SAMPLES", "off");
        try (MetadataRunStore store = provider.open(served)) {
            assertThat(store.recordsQuarantineSamples()).isFalse();
        }
    }

    @Test
    void aRoleWithoutASampleOfItsOwnSeesTheDefaultOne() {
        store.tables().recordSample("cli-3", "silver.customers", "default", sample("****"));
        store.tables().recordSample("cli-3", "silver.customers", "viewer", sample("ff8d98"));

        StoredSample viewer =
                store.tables().sample("cli-3", "silver.customers", Role.VIEWER).orElseThrow();
        assertThat(viewer.role()).isEqualTo("viewer");
        assertThat(viewer.sample())
                .isEqualTo(new QuarantineSample(
                        "silver.customers__quarantine",
                        List.of("id", "email", "_failed_rules", "_reason"),
                        List.of(
                                Arrays.asList("3", "ff8d98", "regex(phone)", "broke regex(phone)"),
                                Arrays.asList(null, "ff8d98", "not_null(id)", "broke not_null(id)")),
                        7));
        StoredSample operator = store.tables()
                .sample("cli-3", "silver.customers", Role.OPERATOR)
                .orElseThrow();
        assertThat(operator.role()).isEqualTo("default");
        assertThat(operator.sample().rows()).extracting(r -> r.get(1)).containsExactly("****", "****");
        assertThat(store.tables()
                        .sample("cli-3", "silver.customers", null)
                        .orElseThrow()
                        .role())
                .isEqualTo("default");
        assertThat(store.tables().sample("cli-3", "silver.orders", Role.VIEWER)).isEmpty();
        assertThat(store.tables().sample("cli-4", "silver.customers", Role.VIEWER))
                .isEmpty();
    }

    @Test
    void aSampleIsCappedInRowsValueLengthAndBytesAndKeepsNoSecret() {
        String secret = "s3cr3t-canary-7731";
        Secrets.remember(secret);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(List.of(String.valueOf(i), "x".repeat(500), "token=" + secret));
        }
        store.tables()
                .recordSample(
                        "cli-5",
                        "silver.wide",
                        "default",
                        new QuarantineSample("t", List.of("id", "note", "why"), rows, 25));
        QuarantineSample stored = store.tables()
                .sample("cli-5", "silver.wide", null)
                .orElseThrow()
                .sample();
        assertThat(stored.rows()).hasSize(20);
        assertThat(stored.totalRows()).isEqualTo(25);
        assertThat(stored.rows().get(19).get(0)).isEqualTo("19");
        assertThat(stored.rows().get(0).get(1)).isEqualTo("x".repeat(199) + "…").hasSize(200);
        assertThat(stored.rows().get(0).get(2)).isEqualTo("token=***");
        long withSecret = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM run_quarantine_samples WHERE rows::text LIKE '%canary%'")
                        .mapTo(Long.class)
                        .one());
        assertThat(withSecret).isZero();

        // 40 values of 200 characters are 8,000 bytes a row: 8 rows fit in 64 KiB, a 9th would not.
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            names.add("c" + c);
        }
        List<List<String>> wide = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            wide.add(Collections.nCopies(40, "y".repeat(200)));
        }
        store.tables().recordSample("cli-5", "silver.wider", "default", new QuarantineSample("t", names, wide, 20));
        assertThat(store.tables()
                        .sample("cli-5", "silver.wider", null)
                        .orElseThrow()
                        .sample()
                        .rows())
                .hasSize(8);
    }

    @Test
    void aRunWithATokenRecordsForItsOwnRunOnlyAndUnderItsOwnPipeline() {
        store.pipelines().save("retail", "name: retail\n", "/tmp", null, "admin", NOW);
        store.pipelines().save("other", "name: other\n", "/tmp", null, "admin", NOW);
        store.runs().queue("run-1", "retail", 1, null, Map.of(), "admin", NOW);
        store.runs().queue("run-2", "other", 1, null, Map.of(), "admin", NOW);
        assertThat(store.runs().claimNext("srv", NOW.plusSeconds(1))).isPresent();
        assertThat(store.runs().claimNext("srv", NOW.plusSeconds(1))).isPresent();
        StoreSettings forRun1 = store.runConnection("run-1");

        try (MetadataStore run = MetadataStore.open(forRun1);
                MetadataStore forger = MetadataStore.open(forRun1.withRun(null, null, "not-the-token"))) {
            assertThat(run.tables().record("run-1", facts("claims-another-pipeline", "silver.orders", 1L)))
                    .as("its own run")
                    .isTrue();
            assertThat(run.tables().recordSample("run-1", "silver.orders", "viewer", sample("****")))
                    .isTrue();
            assertThat(run.tables().record("run-2", facts("other", "silver.orders", 1L)))
                    .as("another running run, with this run's token")
                    .isFalse();
            assertThat(run.tables().recordSample("run-2", "silver.orders", "viewer", sample("****")))
                    .isFalse();
            assertThat(forger.tables().record("run-1", facts("retail", "silver.orders", 666L)))
                    .as("a wrong token")
                    .isFalse();
            assertThat(forger.tables().recordSample("run-1", "silver.orders", "default", sample("clear")))
                    .isFalse();

            String tooMany = "[" + String.join(",", Collections.nCopies(21, "[\"1\"]")) + "]";
            boolean uncapped = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT record_run_quarantine_sample("
                                    + "'run-1', :token, 'silver.orders', 'default', '[\"id\"]', :rows, 21)")
                            .bind("token", forRun1.runToken())
                            .bind("rows", tooMany)
                            .mapTo(Boolean.class)
                            .one());
            assertThat(uncapped).as("a run that skips the caps").isFalse();

            assertThat(run.runs()
                            .recordDataset(
                                    "run-1",
                                    new RunRepository.DatasetOutcome(
                                            "silver.orders", "succeeded", 5, 4, 1, 0, 1.0, null, 1, List.of(), 1, 2)))
                    .isTrue();
        }
        StoredTable recorded = store.tables().latest("retail", "silver.orders").orElseThrow();
        assertThat(recorded.runId()).isEqualTo("run-1");
        assertThat(recorded.facts()).isEqualTo(facts("retail", "silver.orders", 1L));
        assertThat(store.tables().ofRun("run-2")).isEmpty();
        assertThat(store.tables().sample("run-1", "silver.orders", Role.ADMIN)).isEmpty();
        assertThat(store.tables()
                        .sample("run-1", "silver.orders", Role.VIEWER)
                        .orElseThrow()
                        .sample()
                        .rows())
                .extracting(r -> r.get(1))
                .containsExactly("****", "****");
        assertThat(store.runs().findWithDatasets("run-1").orElseThrow().datasets())
                .extracting(RunRepository.DatasetOutcome::rulesPassed, RunRepository.DatasetOutcome::rulesTotal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2));

        database.jdbi().useHandle(h -> h.execute("DELETE FROM runs WHERE id = 'run-1'"));
        assertThat(store.tables().ofRun("run-1"))
                .as("deleted with the run's record")
                .isEmpty();
        assertThat(store.tables().sample("run-1", "silver.orders", Role.VIEWER)).isEmpty();
    }

    private static TableFacts facts(String pipeline, String dataset, Long version) {
        return new TableFacts(pipeline, dataset, "delta", "/lake/" + dataset, version, COLUMNS);
    }

    private static QuarantineSample sample(String email) {
        return new QuarantineSample(
                "silver.customers__quarantine",
                List.of("id", "email", "_failed_rules", "_reason"),
                List.of(
                        Arrays.asList("3", email, "regex(phone)", "broke regex(phone)"),
                        Arrays.asList(null, email, "not_null(id)", "broke not_null(id)")),
                7);
    }
}
