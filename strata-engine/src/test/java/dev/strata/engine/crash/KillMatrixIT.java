package dev.strata.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.Sinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once under crashes: a run is killed with {@code kill -9} at a point, a new run (with a new run id) retries,
 * and every table must then equal a clean single run's, row for row: none lost, none twice.
 *
 * <p>Each point's child JVM is started while the point before it is checked (its retry and table reads run in this
 * JVM), so the child's start-up and its run up to the pause overlap that work instead of following it: the points'
 * folders are their own, and a paused child waits without using the CPU.
 */
class KillMatrixIT {
    private static final List<String> FORMATS = List.of("delta", "iceberg", "hudi");
    private static final List<String> TABLES =
            List.of("bronze.orders", "bronze.orders__quarantine", "silver.orders", "gold.by_customer");
    /** Columns that name the run or its time, which a retry legitimately differs in. */
    private static final List<String> RUN_COLUMNS = List.of("_run_id", "_ingested_at", "_quarantined_at");

    @TempDir
    static Path dir;

    private static Path input;
    private static final Map<String, Path> CLEAN = new HashMap<>();
    /** Children started ahead of their point's test, by point. */
    private static final Map<Point, Process> STARTED = new HashMap<>();

    /** Where a run is killed: in {@code dataset}'s write, or once it {@code finished}, in one table format. */
    record Point(String format, String dataset, String point) {
        Path root() {
            return dir.resolve(format + "-" + dataset + "-" + point);
        }
    }

    private static final List<Point> POINTS = FORMATS.stream()
            .flatMap(format -> Stream.of(
                    new Point(format, "bronze.orders", "write"),
                    new Point(format, "bronze.orders", "finished"),
                    new Point(format, "silver.orders", "write")))
            .toList();

    static Stream<Arguments> points() {
        return POINTS.stream().map(p -> Arguments.of(p.format(), p.dataset(), p.point()));
    }

    @BeforeAll
    static void input() throws IOException {
        input = Files.createDirectories(dir.resolve("input"));
        StringBuilder first = new StringBuilder("order_id,customer_id,amount,updated_at\n");
        StringBuilder second = new StringBuilder("order_id,customer_id,amount,updated_at\n");
        for (int i = 1; i <= 30; i++) {
            first.append(String.format(
                    java.util.Locale.ROOT, "O%03d,C%d,%d.50,2026-11-01 10:%02d:00%n", i, i % 4, 10 + i, i));
        }
        first.append("O999,C1,not-a-number,2026-11-01 11:00:00\n");
        for (int i = 20; i <= 45; i++) {
            // Orders 20-30 are updated; 31-45 are new.
            second.append(String.format(
                    java.util.Locale.ROOT, "O%03d,C%d,%d.75,2026-11-02 10:%02d:00%n", i, i % 4, 100 + i, i));
        }
        Files.writeString(input.resolve("orders-1.csv"), first, StandardCharsets.UTF_8);
        Files.writeString(input.resolve("orders-2.csv"), second, StandardCharsets.UTF_8);
    }

    private static Path pipeline(Path root, String format) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: crash
                storage: {root: %s, format: %s}
                sources:
                  orders_raw:
                    format: csv
                    path: %s
                    options: {header: "true"}
                    schema: "order_id STRING, customer_id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP"
                datasets:
                  bronze.orders: {from: orders_raw}
                  silver.orders:
                    from: bronze.orders
                    write: {mode: merge, keys: [order_id], order_by: "updated_at DESC"}
                  gold.by_customer:
                    sql: >
                      SELECT customer_id, count(*) AS orders, sum(amount) AS amount
                      FROM silver.orders GROUP BY customer_id
                    write: {mode: overwrite}
                """.formatted(root.resolve("lake"), format, input), StandardCharsets.UTF_8);
        return file;
    }

    private static RunResult runInProcess(Path file, String runId) {
        Pipeline pipeline = PipelineLoader.load(file);
        return new PipelineRunner(SharedSpark.session(), pipeline, RunListener.NONE).run(runId, null, 0);
    }

    private static synchronized Path clean(String format) throws IOException {
        if (!CLEAN.containsKey(format)) {
            Path root = dir.resolve(format + "-clean");
            RunResult run = runInProcess(pipeline(root, format), "clean");
            assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
            CLEAN.put(format, root);
        }
        return CLEAN.get(format);
    }

    @AfterAll
    static void stopChildrenStartedAhead() {
        STARTED.values().forEach(Process::destroyForcibly);
    }

    @ParameterizedTest(name = "{0}: kill -9 at {2} of {1}")
    @MethodSource("points")
    void aRetryAfterKillNineLeavesEveryTableAsACleanRunWould(String format, String dataset, String point)
            throws Exception {
        Point at = new Point(format, dataset, point);
        Path root = at.root();
        Path file = root.resolve("pipeline.yaml");
        Path marker = root.resolve("paused");

        Process child = STARTED.containsKey(at) ? STARTED.remove(at) : start(at);
        int next = POINTS.indexOf(at) + 1;
        if (next < POINTS.size() && !STARTED.containsKey(POINTS.get(next))) {
            STARTED.put(POINTS.get(next), start(POINTS.get(next)));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.exists(marker))
                .as("the run paused at %s of %s (log: %s)", point, dataset, tail(root.resolve("child.log")))
                .isTrue();
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        RunResult retry = runInProcess(file, "retry");

        assertThat(retry.status()).as(retry.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retry.datasets()).allMatch(d -> d.rowsConserved());
        Path clean = clean(format);
        for (String table : TABLES) {
            assertThat(rows(root, format, table)).as(table).isEqualTo(rows(clean, format, table));
        }
    }

    /** The point's child JVM, on a pipeline of its own, run until it pauses at the point. */
    private static Process start(Point at) throws IOException {
        Path root = at.root();
        Path file = pipeline(root, at.format());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                Arrays.asList(System.getProperty("strata.test.jvm.opens", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(List.of(
                "-Xmx1g",
                // C1 only: the child runs seconds of Spark and is killed before C2's compiles would pay off.
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashPointRunner.class.getName(),
                file.toString(),
                "crashed",
                at.dataset(),
                at.point(),
                root.resolve("paused").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("child.log").toFile())
                .start();
    }

    /** A table's rows without the run columns, sorted, as text: equal lists mean equal tables, duplicates included. */
    private static List<String> rows(Path root, String format, String table) {
        SparkSession spark = SharedSpark.session();
        Pipeline pipeline = PipelineLoader.load(root.resolve("pipeline.yaml"));
        DatasetName name = DatasetName.parse(table);
        String tableFormat = name.name().endsWith("__quarantine") ? "delta" : format;
        Dataset<Row> rows = Sinks.forFormat(tableFormat)
                .read(spark, new TableLocations(pipeline.spec().storage()).table(name));
        for (String column : RUN_COLUMNS) {
            rows = rows.drop(column);
        }
        String[] columns = rows.columns();
        Arrays.sort(columns);
        return rows.selectExpr(columns).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
