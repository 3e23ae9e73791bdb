package dev.strata.bench;

import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What every benchmark sets up and tidies: its one SparkSession, the machine's load, and deleting its folders. */
final class BenchSetup {
    private BenchSetup() {}

    /** The benchmark's SparkSession: {@code -Dstrata.bench.master}, else {@code local[*]}; scratch under {@code work}. */
    static SparkSession spark(Path work) {
        return SparkSessions.create(new SparkSessions.Settings(
                System.getProperty("strata.bench.master", "local[*]"),
                "strata-bench",
                work.resolve("spark"),
                Map.of()));
    }

    /** The load average over 1, 5 and 15 minutes, as {@code 0.78 1.28 0.76}; {@code unknown} off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .trim()
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Deletes {@code folder} and everything in it; nothing when it does not exist. */
    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
