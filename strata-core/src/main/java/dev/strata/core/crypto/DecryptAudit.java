package dev.strata.core.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.strata.core.config.Config;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.io.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of decryption outside a run: one JSON line per query that decrypted (or was refused), in {@code
 * $STRATA_HOME/audit/decrypt.jsonl}, a 0600 file appended under a lock. It names who, which columns and keys, the
 * query, how many values were decrypted and the outcome; never a value.
 */
public final class DecryptAudit {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;

    public DecryptAudit(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** {@code $STRATA_HOME/audit/decrypt.jsonl} ({@code ~/.strata/audit/decrypt.jsonl}). */
    public static DecryptAudit fromEnvironment(Map<String, String> env) {
        Config config = Config.of(env);
        Path base = StoreConfig.home(config);
        config.validate();
        return new DecryptAudit(base.resolve("audit").resolve("decrypt.jsonl"));
    }

    public Path file() {
        return file;
    }

    /** One audited use of {@code strata_decrypt}. */
    public record Entry(
            Instant at,
            String principal,
            String pipeline,
            String query,
            List<String> columns,
            List<String> keys,
            long valuesDecrypted,
            String outcome) {
        public Entry {
            columns = List.copyOf(columns);
            keys = List.copyOf(keys);
        }
    }

    public void record(Entry entry) {
        PrivateFiles.createDirectory(file.getParent());
        try {
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PrivateFiles.ownerOnly());
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process made it
                }
            }
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND);
                    FileLock ignored = channel.lock()) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the decrypt audit " + file + ": " + e.getMessage(), e);
        }
    }
}
