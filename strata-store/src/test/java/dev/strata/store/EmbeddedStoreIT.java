package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreIT {
    private static final MetricKey ROW_COUNT = MetricKey.of("row_count");
    private static final Instant RECORDED = Instant.parse("2026-03-01T06:00:00Z");

    @TempDir
    Path home;

    @Test
    void keepsTheHistoryInItsDataDirectoryAcrossRestarts() {
        StoreSettings settings = StoreSettings.embedded(home.resolve("postgres"));

        long started = System.nanoTime();
        try (MetadataStore store = MetadataStore.open(settings)) {
            System.out.printf("embedded open, new data directory: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(store.describe()).isEqualTo("embedded PostgreSQL in " + home.resolve("postgres"));
            store.metrics()
                    .record(new DatasetMetrics(
                            "p",
                            "silver.orders",
                            "r1",
                            RECORDED,
                            List.of(new MetricValue(ROW_COUNT, "", 42, Map.of("count", 42L))),
                            List.of()));
        }

        started = System.nanoTime();
        try (MetadataStore store = MetadataStore.open(settings)) {
            System.out.printf(
                    "embedded open, existing data directory: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(store.metrics().history("p", "silver.orders", ROW_COUNT, 10, null))
                    .containsExactly(new MetricPoint("r1", RECORDED, 42));
            long migrations = store.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT count(*) FROM flyway_schema_history")
                            .mapTo(Long.class)
                            .one());
            assertThat(migrations)
                    .as("V1 to V13 (no V4), applied on the first open only")
                    .isEqualTo(12L);
            String synchronousCommit = store.jdbi()
                    .withHandle(handle -> handle.createQuery("SHOW synchronous_commit")
                            .mapTo(String.class)
                            .one());
            assertThat(synchronousCommit)
                    .as("durable commits in a store kept across runs")
                    .isEqualTo("on");
        }
    }

    @Test
    void refusesADataDirectoryThisProcessAlreadyServes() {
        StoreSettings settings = StoreSettings.embedded(home.resolve("postgres"));
        try (MetadataStore store = MetadataStore.open(settings)) {
            assertThatThrownBy(() -> MetadataStore.open(settings))
                    .isInstanceOfSatisfying(
                            StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage(inUseMessage(home.resolve("postgres")));
            assertThat(store.metrics().latestRun("p"))
                    .as("the open store still works")
                    .isEmpty();
        }
    }

    @Test
    void refusesADataDirectoryAnotherProcessHolds() throws Exception {
        Path directory = home.resolve("postgres");
        try (MetadataStore store = MetadataStore.open(StoreSettings.embedded(directory))) {
            assertThat(store.describe()).endsWith(directory.toString());
        }
        Process holder = holdLock(directory.resolve("epg-lock"));
        try {
            assertThatThrownBy(() -> MetadataStore.open(StoreSettings.embedded(directory)))
                    .isInstanceOfSatisfying(
                            StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage(inUseMessage(directory));
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (MetadataStore store = MetadataStore.open(StoreSettings.embedded(directory))) {
            assertThat(store.metrics().latestRun("p"))
                    .as("free again once the other process ends")
                    .isEmpty();
        }
    }

    private static String inUseMessage(Path directory) {
        return "Cannot open the metadata store in " + directory
                + ": another running Strata process is using its embedded PostgreSQL (wait for the other strata"
                + " process to finish, or set STRATA_DB_URL to a PostgreSQL both can share)";
    }

    /** Another JVM that locks the file as a running embedded server does, until its stdin closes. */
    private Process holdLock(Path lockFile) throws IOException {
        Path source = home.resolve("HoldLock.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;

                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                                var lock = channel.lock()) {
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read();
                        }
                    }
                }
                """);
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        source.toString(),
                        lockFile.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).as("the other process holds the lock").isEqualTo("locked");
        return process;
    }
}
