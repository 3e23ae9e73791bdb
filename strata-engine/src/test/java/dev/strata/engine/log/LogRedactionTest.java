package dev.strata.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.secret.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRedactionTest {
    private static final Logger LOG = LogManager.getLogger("org.apache.spark.sql.execution.datasources.jdbc.Test");

    @TempDir
    Path dir;

    private final String secret = "canary-" + UUID.randomUUID();

    /** A configuration as a user or Spark might write it: one file appender on the root logger. */
    private static Configuration fileConfiguration(Path file) {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.add(builder.newAppender("file", "File")
                .addAttribute("fileName", file.toString())
                .addAttribute("immediateFlush", true)
                .add(builder.newLayout("PatternLayout").addAttribute("pattern", "%p %c{1}: %m%n%ex")));
        builder.add(builder.newRootLogger(Level.INFO).add(builder.newAppenderRef("file")));
        return builder.build();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @AfterEach
    void restoreTheTestConfiguration() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    @Test
    void masksSecretsInMessagesAndStackTraces() throws IOException {
        Path log = dir.resolve("a.log");
        Configurator.reconfigure(fileConfiguration(log));
        LogRedaction.install();
        Secrets.remember(secret);

        LOG.info("connecting to jdbc:postgresql://db/shop?password={}", secret);
        LOG.error("read failed", new IllegalStateException("bad", new RuntimeException("password=" + secret)));
        LOG.warn("nothing to hide");

        String written = read(log);
        assertThat(written)
                .contains("INFO Test: connecting to jdbc:postgresql://db/shop?password=***")
                .contains("ERROR Test: read failed")
                .contains("java.lang.IllegalStateException: bad")
                .contains("Caused by: java.lang.RuntimeException: password=***")
                .contains("WARN Test: nothing to hide")
                .doesNotContain(secret);
    }

    @Test
    void keepsMaskingAfterTheConfigurationIsReplaced() throws IOException {
        LogRedaction.install();
        Secrets.remember(secret);
        Path log = dir.resolve("b.log");

        // Spark does this when the process has no configuration of its own.
        Configurator.reconfigure(fileConfiguration(log));
        LOG.error("token " + secret);

        assertThat(read(log)).contains("ERROR Test: token ***").doesNotContain(secret);
    }
}
