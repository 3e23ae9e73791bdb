package dev.strata.cli;

import dev.strata.core.io.PrivateFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * A server run's private log, {@value #FILE_NAME} (mode 0600) in the folder of its summary JSON: log4j's output, stack
 * traces and anything else written to {@code System.out} or {@code System.err} go there, since they may quote data
 * values, and the console keeps only Strata's own lines, which the server shows to any viewer of the run.
 */
final class EngineLog {
    static final String FILE_NAME = "engine.log";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private EngineLog() {}

    /**
     * Creates (or appends to) the log in {@code folder} and sends the JVM's output and log4j's there for the rest of
     * the process: Spark still logs while it shuts down.
     */
    static Path open(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path path = folder.resolve(FILE_NAME);
        try {
            Files.createFile(path, PrivateFiles.ownerOnly());
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            Files.createFile(path); // no POSIX permissions on this file system
        }
        PrintStream log = new PrintStream(new FileOutputStream(path.toFile(), true), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        routeLog4j();
        return path;
    }

    /** Every logger to System.err, now the log: Strata's at info, the rest (Spark, Hadoop, the formats) at warn. */
    private static void routeLog4j() {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setConfigurationName("strata-engine-log");
        builder.add(builder.newAppender("engine", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .addAttribute("follow", true)
                .add(builder.newLayout("PatternLayout").addAttribute("pattern", "%d{ISO8601} %p %c{1}: %m%n")));
        builder.add(builder.newRootLogger(Level.WARN).add(builder.newAppenderRef("engine")));
        builder.add(builder.newLogger("dev.strata", Level.INFO)
                .add(builder.newAppenderRef("engine"))
                .addAttribute("additivity", false));
        Configurator.reconfigure(builder.build());
    }
}
