package dev.strata.engine.sink;

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
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobsProbeIT {
    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();

    @ParameterizedTest
    @ValueSource(strings = {"delta", "iceberg", "hudi"})
    void probe(String format) throws Exception {
        for (WriteMode mode : List.of(WriteMode.MERGE, WriteMode.SCD2)) {
            Sink sink = Sinks.forFormat(format);
            DatasetName name = DatasetName.parse("silver." + format + "_" + mode.id());
            TableRef ref = new TableRef(
                    name,
                    root.resolve(name.layer()).resolve(name.name()).toString(),
                    new StorageSpec(root.toString(), TableFormat.valueOf(format.toUpperCase(Locale.ROOT))));
            WriteSpec spec = new WriteSpec(
                    mode,
                    List.of("id"),
                    mode == WriteMode.SCD2 ? List.of("tier") : null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            String base =
                    "SELECT id, concat('c', id) AS customer, element_at(array('a','b','c','d'), CAST(id % 4 + 1 AS INT)) AS tier FROM range(0, 1000)";
            String next =
                    "SELECT id, concat('c', id) AS customer, element_at(array('a','b','c','d'), CAST((id + IF(id % 10 = 0, 1, 0)) % 4 + 1 AS INT)) AS tier FROM range(0, 1100)";
            sink.write(
                    spark.sql(base),
                    new WriteRequest(
                            ref,
                            spec,
                            SchemaEvolution.STRICT,
                            CommitId.ofRun("a"),
                            Instant.parse("2026-01-01T00:00:00Z")));
            List<String> jobs = new CopyOnWriteArrayList<>();
            SparkListener listener = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart event) {
                    String site = event.properties().getProperty("callSite.short");
                    String desc = event.properties().getProperty("spark.job.description");
                    jobs.add(site + " | " + desc);
                }
            };
            spark.sparkContext().addSparkListener(listener);
            sink.write(
                    spark.sql(next),
                    new WriteRequest(
                            ref,
                            spec,
                            SchemaEvolution.STRICT,
                            CommitId.ofRun("b"),
                            Instant.parse("2026-01-02T00:00:00Z")));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(listener);
            System.out.println("PROBE " + format + " " + mode.id() + " jobs=" + jobs.size());
            jobs.forEach(j -> System.out.println("PROBE   " + j));
        }
    }
}
