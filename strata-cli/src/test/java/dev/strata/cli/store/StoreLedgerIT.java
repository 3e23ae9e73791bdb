package dev.strata.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.ledger.FileLedger;
import dev.strata.engine.ledger.LedgerSource;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.store.MetadataRunStore;
import dev.strata.store.MetadataStore;
import dev.strata.store.ScratchDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run ledger in the metadata store (the machine's PostgreSQL): a lakehouse that began with the file ledger moves
 * to the store without ingesting a file twice, the store is the record, and its entries are mirrored to the files, so
 * the lakehouse can move back.
 */
class StoreLedgerIT {
    private static final String PIPELINE = "name: ledgered\n"
            + "sources:\n"
            + "  raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT, amount INT\"}\n"
            + "datasets:\n"
            + "  bronze.orders:\n"
            + "    from: raw\n"
            + "    write: {mode: append}\n";

    static ScratchDatabase database;
    static MetadataStore store;

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @BeforeAll
    static void open() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings(null));
    }

    @AfterAll
    static void close() {
        store.close();
        database.close();
    }

    @Test
    void aLakehouseMovesToTheStoreAndBackWithoutIngestingAnythingTwice() throws Exception {
        Pipeline pipeline = pipeline();
        csv("a.csv", "1,10", "2,20", "3,30");
        assertThat(run(pipeline, "files-1", LedgerSource.FILES).rowsIn())
                .as("a.csv through the file ledger")
                .isEqualTo(3);

        csv("b.csv", "4,40", "5,50");
        LedgerSource inStore = LedgerSource.inStore(new MetadataRunStore(store));
        assertThat(run(pipeline, "store-1", inStore).rowsIn())
                .as("only b.csv: the store ledger reads what the file ledger recorded")
                .isEqualTo(2);
        assertThat(run(pipeline, "store-2", inStore).rowsIn()).as("nothing new").isZero();

        String root = pipeline.spec().storage().root();
        assertThat(store.ledger().entries(root, "bronze.orders"))
                .as("the store holds the runs it recorded")
                .hasSize(2)
                .anySatisfy(json ->
                        assertThat(json).contains("\"run_id\": \"store-1\"").contains("b.csv"));
        assertThat(store.ledger().pending(root, "bronze.orders"))
                .as("committed, so nothing pending")
                .isEmpty();
        assertThat(store.ledger().run(root, "store-1"))
                .hasValueSatisfying(json -> assertThat(json).contains("\"status\": \"SUCCEEDED\""));

        csv("c.csv", "6,60");
        assertThat(run(pipeline, "files-2", LedgerSource.FILES).rowsIn())
                .as("back on files: the mirror knows b.csv, so only c.csv")
                .isEqualTo(1);
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("lakehouse/bronze/orders").toString())
                        .count())
                .as("every row once")
                .isEqualTo(6);
    }

    @Test
    void aBatchBegunUnderTheFileLedgerIsStillPendingInTheStoreLedger() {
        String root = dir.resolve("lake").toString();
        FileLedger files = new FileLedger(root, spark.sparkContext().hadoopConfiguration());
        PendingBatch begun = new PendingBatch("bronze.x", "crashed-run", Instant.now(), List.of("in/a.csv"), Map.of());
        files.begin(begun);
        Ledger ledger = new MetadataRunStore(store).ledger(root, files);
        assertThat(ledger.pending("bronze.x")).isEqualTo(begun);

        PendingBatch again = new PendingBatch("bronze.x", "retry", Instant.now(), List.of("in/b.csv"), Map.of());
        ledger.begin(again);
        assertThat(ledger.pending("bronze.x")).as("the store's own wins").isEqualTo(again);
        ledger.clearPending("bronze.x");
        assertThat(ledger.pending("bronze.x")).isNull();
        assertThat(files.pending("bronze.x")).isNull();
    }

    private DatasetResult run(Pipeline pipeline, String runId, LedgerSource ledgers) {
        RunResult result = new PipelineRunner(spark, pipeline, RunListener.NONE, MetricHistory.none(), ledgers)
                .run(runId, null, 0);
        assertThat(result.status().name()).as(result.toString()).isEqualTo("SUCCEEDED");
        return result.datasets().get(0);
    }

    private Pipeline pipeline() throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, PIPELINE, StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private void csv(String name, String... lines) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in").resolve(name),
                "id,amount\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void aFullRefreshResetsTheStoreAndTheFileEntriesAndIsAudited() {
        String root = dir.resolve("refreshed").toString();
        FileLedger files = new FileLedger(root, spark.sparkContext().hadoopConfiguration());
        files.commit(entry("files-run"));
        MetadataRunStore runStore = new MetadataRunStore(store);
        Ledger ledger = runStore.ledger(root, files);
        ledger.commit(entry("store-run"));
        ledger.commit(entry("refresh-run"));

        assertThat(ledger.reset("bronze.x", "refresh-run"))
                .as("one entry in the files only, one in both")
                .isEqualTo(2);
        assertThat(ledger.entries("bronze.x")).extracting(e -> e.runId()).containsExactly("refresh-run");
        assertThat(files.entries("bronze.x")).extracting(e -> e.runId()).containsExactly("refresh-run");
        assertThat(ledger.reset("bronze.x", "refresh-run"))
                .as("again: nothing more")
                .isZero();

        runStore.audit("me", "run.full_refresh", "pipeline p run refresh-run: full refresh");
        assertThat(store.audit().list(1, 0)).singleElement().satisfies(row -> {
            assertThat(row.action()).isEqualTo("run.full_refresh");
            assertThat(row.principal()).isEqualTo("me");
            assertThat(row.target()).isEqualTo("pipeline p run refresh-run: full refresh");
            assertThat(row.client()).isEqualTo("cli");
        });
    }

    private static dev.strata.core.ledger.LedgerEntry entry(String runId) {
        return new dev.strata.core.ledger.LedgerEntry(
                "bronze.x", runId, Instant.now(), List.of("in/" + runId + ".csv"), Map.of(), 1, 1, 0, 0, 1);
    }
}
