package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an SCD2 or merge write into Delta costs, in Spark jobs: the duplicate-key guard, the change set and the
 * one-current-version guard share the merge's own passes, so no job of theirs shows up. Jobs, not time: the count is
 * the same on a busy machine. The bounds are the counts reached when the guards were folded in (22 and 14 before).
 */
class Scd2JobsIT {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    /** 1,000 keys, each in one of four tiers. */
    private static final String BASE = "SELECT id, concat('c', id) AS customer,"
            + " element_at(array('a', 'b', 'c', 'd'), CAST(id % 4 + 1 AS INT)) AS tier FROM range(0, 1000)";
    /** The same keys, every tenth in its next tier, and 100 new keys. */
    private static final String NEXT = "SELECT id, concat('c', id) AS customer,"
            + " element_at(array('a', 'b', 'c', 'd'), CAST((id + IF(id % 10 = 0, 1, 0)) % 4 + 1 AS INT)) AS tier"
            + " FROM range(0, 1100)";

    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void anScd2WriteIntoDeltaRunsNoJobBeyondTheMerge() {
        TableRef ref = table("scd2");
        WriteSpec scd2 =
                new WriteSpec(WriteMode.SCD2, List.of("id"), List.of("tier"), null, null, null, null, null, null);
        Sink sink = Sinks.forFormat("delta");
        sink.write(spark.sql(BASE), request(ref, scd2, "run-1", T1));

        long jobs = jobsOf(() -> sink.write(spark.sql(NEXT), request(ref, scd2, "run-2", T2)));

        assertThat(jobs).isLessThanOrEqualTo(14);
        // 100 versions closed, 100 opened for them, 100 new keys.
        assertThat(sink.read(spark, ref).count()).isEqualTo(1200);
        assertThat(sink.read(spark, ref).filter("_is_current").count()).isEqualTo(1100);
        assertThat(sink.read(spark, ref)
                        .filter("NOT _is_current AND _valid_to IS NOT NULL")
                        .count())
                .isEqualTo(100);
    }

    @Test
    void aMergeIntoDeltaRunsNoJobBeyondTheMerge() {
        TableRef ref = table("merge");
        WriteSpec merge = new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, null, null, null, null);
        Sink sink = Sinks.forFormat("delta");
        sink.write(spark.sql(BASE), request(ref, merge, "run-1", T1));

        long jobs = jobsOf(() -> sink.write(spark.sql(NEXT), request(ref, merge, "run-2", T2)));

        assertThat(jobs).isLessThanOrEqualTo(12);
        assertThat(sink.read(spark, ref).count()).isEqualTo(1100);
        assertThat(sink.read(spark, ref).filter("id = 10").first().getAs("tier").toString())
                .isEqualTo("d");
    }

    private static TableRef table(String name) {
        DatasetName dataset = DatasetName.parse("silver." + name);
        return new TableRef(
                dataset,
                root.resolve(dataset.layer()).resolve(dataset.name()).toString(),
                new StorageSpec(root.toString(), TableFormat.DELTA));
    }

    private static WriteRequest request(TableRef ref, WriteSpec write, String run, Instant at) {
        return new WriteRequest(ref, write, SchemaEvolution.STRICT, CommitId.ofRun(run), at);
    }

    /** The Spark jobs {@code write} started. */
    private long jobsOf(Runnable write) {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart event) {
                jobs.incrementAndGet();
            }
        };
        settle();
        spark.sparkContext().addSparkListener(counter);
        try {
            write.run();
            settle();
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        return jobs.get();
    }

    /** Job events reach listeners asynchronously: waits until every event so far has been delivered. */
    private void settle() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
