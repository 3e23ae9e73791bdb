package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Strata process killed with -9 leaves its embedded PostgreSQL running; the next open stops it and starts anew. */
class EmbeddedStoreCrashIT {
    @TempDir
    Path home;

    @Test
    void opensTheStoreAfterTheProcessThatHeldItWasKilled() throws Exception {
        Path directory = home.resolve("postgres");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpenStoreAndWait.class.getName(),
                        directory.toString())
                .redirectErrorStream(true)
                .start();
        ProcessHandle orphan;
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.startsWith("open "));
            assertThat(line).as("the child opened the store").startsWith("open jdbc:postgresql://127.0.0.1:");
            orphan = OrphanedServer.postmaster(directory).orElseThrow();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(orphan.isAlive())
                .as("the child's PostgreSQL outlives it, as after a kill -9 of the server")
                .isTrue();

        long started = System.nanoTime();
        try (MetadataStore store = MetadataStore.open(StoreSettings.embedded(directory))) {
            System.out.printf(
                    "embedded open after a kill -9 (stops the orphan): %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
            assertThat(OrphanedServer.postmaster(directory).orElseThrow().pid()).isNotEqualTo(orphan.pid());
            store.audit().append(Instant.now(), "test", "POST /y", "/y", "allowed", 200, null);
            assertThat(store.audit().list(10, 0))
                    .extracting(AuditRepository.Entry::principal)
                    .as("the killed process's rows are kept")
                    .isEqualTo(List.of("test", "child"));
            assertThat(store.audit().verify().intact()).isTrue();
        }
    }
}
