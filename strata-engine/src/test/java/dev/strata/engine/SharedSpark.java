package dev.strata.engine;

import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2], no UI), created on first use, and again after a command under test
 * stopped it (the CLI's commands stop their session when they end, as they do in production).
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            try {
                Path scratch = Files.createTempDirectory("strata-test-spark");
                session = SparkSessions.create(SparkSessions.Settings.forTests(scratch));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return session;
    }
}
