package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.daemon.DaemonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm engine with real processes: a copy of bin/strata whose CLI jar the test can touch (its lib folder is the
 * build's), a two-row CSV pipeline, the daemons' folder under a runtime folder of the test's own. A run is held at a
 * known point by a filter that sleeps (as in {@link RunLockIT}, for a parameter's milliseconds) while the test kills
 * its daemon. Three JVMs start Spark: the first daemon, the one a new build gets, and a run in process.
 */
class DaemonIT {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final String PEOPLE = "SELECT id, name FROM silver.people ORDER BY id";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path launcher;
    private Map<String, String> env;

    @Test
    void servesRunAndSqlWarmRecoversFromACrashAndRestartsForANewBuild() throws Exception {
        install();
        Path file = TestFiles.pausingPipeline(dir, "people");
        Path folder = dir.resolve("runtime/strata/daemons");
        try {
            exercise(file, folder);
        } finally {
            if (Files.isDirectory(folder)) {
                DaemonClient.list(folder)
                        .forEach(left -> ProcessHandle.of(left.pid()).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    private void exercise(Path file, Path folder) throws Exception {
        // Cold: the first run starts the daemon, which serves it.
        StrataProcess.Outcome first = strata("run", file.toString(), "--run-id", "first", "--no-progress");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("in 2, written 2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                .as("the daemons' folder is its owner's alone")
                .isEqualTo("rwx------");
        DaemonClient.Daemon daemon = onlyDaemon(folder);

        // Warm: sql is served by the same daemon, whose count of served commands goes up.
        StrataProcess.Outcome warm = strata("sql", file.toString(), PEOPLE, "--format", "csv");
        assertThat(warm.exitCode()).as(warm.out() + warm.err()).isZero();
        assertThat(warm.out()).isEqualTo("id,name\n1,ada\n2,bob\n");
        assertThat(strata("daemon", "status").out())
                .contains("pid " + daemon.pid() + "  ")
                .contains("idle, served 2 command(s)");

        // A folder others may enter is refused, with the fix.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        StrataProcess.Outcome refused = strata("sql", file.toString(), PEOPLE);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .isEqualTo("strata: Cannot use the daemon folder " + folder
                        + ": its group or other users may use it (rwxr-xr-x) (chmod 700 " + folder
                        + "; or run with --no-daemon, or STRATA_DAEMON=off)\n");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));

        // A new build (the CLI jar touched) gets a new daemon; the old one stops.
        Path jar = dir.resolve("install/strata-cli/target/strata-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        StrataProcess.Outcome rebuilt = strata("sql", file.toString(), PEOPLE, "--format", "csv");
        assertThat(rebuilt.out()).isEqualTo(warm.out());
        awaitEnd(daemon.pid());
        DaemonClient.Daemon fresh = onlyDaemon(folder);
        assertThat(fresh.pid()).isNotEqualTo(daemon.pid());

        // The daemon killed mid-run: the client says so in one line, and the next run recovers the pending batch.
        Files.writeString(dir.resolve("data/people/more.csv"), "id,name\n3,cy\n", StandardCharsets.UTF_8);
        StrataProcess crashing = StrataProcess.start(
                launcher,
                env,
                "run",
                file.toString(),
                "--run-id",
                "crashed",
                "--no-progress",
                "--param",
                "PAUSE_MS=600000");
        try {
            crashing.awaitOutput("in 1, written 1", DEADLINE);
            awaitFile(dir.resolve("lake/_strata/pending/silver.people.json"));
            ProcessHandle.of(fresh.pid()).orElseThrow().destroyForcibly();
            StrataProcess.Outcome crashed = crashing.await();
            assertThat(crashed.exitCode()).as(crashed.out() + crashed.err()).isEqualTo(1);
            assertThat(crashed.err())
                    .startsWith("strata: the warm engine stopped before the command finished (its log: " + folder)
                    .endsWith("a run it was making is finished by the next `strata run`, which recovers its pending"
                            + " batch\n");
        } finally {
            crashing.destroy();
        }

        // --no-daemon runs in process: it recovers the batch and leaves no daemon behind.
        StrataProcess.Outcome retry =
                strata("run", file.toString(), "--run-id", "retry", "--no-progress", "--no-daemon");
        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("recovered the batch of interrupted run crashed");
        assertThat(rows("silver/people"))
                .as("silver as a clean run makes it: every row once")
                .containsExactly("1,ada", "2,bob", "3,cy");
        assertThat(rows("bronze/people")).containsExactly("1,ada", "2,bob", "3,cy");
        assertThat(DaemonClient.list(folder)).isEmpty();
    }

    /** A plain-file table's rows (id and name) from the JSON lines of its committed batches, sorted. */
    private List<String> rows(String table) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("lake").resolve(table))) {
            List<String> rows = new ArrayList<>();
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> p.toString().contains("_strata_batch="))
                    .toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    JsonNode row = JSON.readTree(line);
                    rows.add(row.get("id").asText() + "," + row.get("name").asText());
                }
            }
            return rows.stream().sorted().toList();
        }
    }

    /** A copy of the launcher and the CLI jar, with the build's lib folder linked: touching the copy is a rebuild. */
    private void install() throws IOException {
        Path install = dir.resolve("install");
        Path target = Files.createDirectories(install.resolve("strata-cli/target"));
        Files.createDirectories(install.resolve("bin"));
        for (String name : List.of("strata", "spark-jvm.args")) {
            Files.copy(Path.of("..", "bin", name), install.resolve("bin").resolve(name));
        }
        Files.copy(Path.of("target", "strata-cli.jar"), target.resolve("strata-cli.jar"));
        Files.createSymbolicLink(target.resolve("lib"), Path.of("target", "lib").toAbsolutePath());
        launcher = install.resolve("bin/strata");
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        env = Map.of(
                "STRATA_DAEMON", "on",
                "STRATA_DAEMON_IDLE", "5m",
                "XDG_RUNTIME_DIR", runtime.toString(),
                "STRATA_HOME", dir.resolve("home").toString(),
                "SPARK_MASTER_URL", "local[1]");
    }

    private StrataProcess.Outcome strata(String... args) throws Exception {
        return StrataProcess.start(launcher, env, args).await();
    }

    private static DaemonClient.Daemon onlyDaemon(Path folder) {
        List<DaemonClient.Daemon> daemons = new ArrayList<>(DaemonClient.list(folder));
        assertThat(daemons).hasSize(1);
        return daemons.get(0);
    }

    private static void awaitFile(Path path) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.exists(path)) {
            assertThat(System.nanoTime()).as(path + " appears").isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static void awaitEnd(long pid) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime()).as("daemon " + pid + " stops").isLessThan(end);
            Thread.sleep(100);
        }
    }
}
