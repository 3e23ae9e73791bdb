package dev.strata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.config.Config;
import dev.strata.core.config.ServerConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.io.PrivateFiles;
import dev.strata.store.AuditRepository;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata serve}, {@code strata db migrate} and {@code strata audit verify|export}: the launcher runs these in a
 * JVM of their own, whose class path holds no Spark.
 */
@Command(
        name = "strata",
        mixinStandardHelpOptions = true,
        subcommands = {ServerMain.Serve.class, ServerMain.Db.class, ServerMain.Audit.class},
        description = "Strata's control plane.")
public final class ServerMain {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command and returns its exit code: 2 for bad usage or settings, 1 when the server cannot run. No stack
     * trace reaches the user; {@code -Dstrata.debug=true} (in STRATA_SERVER_JAVA_OPTS) adds it.
     */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new ServerMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (Boolean.getBoolean("strata.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            if (e instanceof StrataException strata) {
                commandLine.getErr().println("strata: " + strata.getMessage());
                return strata.code().exitCode();
            }
            commandLine
                    .getErr()
                    .println("strata: " + e + " (add -Dstrata.debug=true to STRATA_SERVER_JAVA_OPTS for"
                            + " the stack trace)");
            return 1;
        });
        return cli.execute(args);
    }

    /** Where the launcher lives: {@code -Dstrata.install.dir}, else the working directory. */
    static Path installDirectory() {
        return Config.read(ServerConfig.INSTALL_DIR, Map.of()).toAbsolutePath();
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = "Serve the REST API and run pipelines as child processes (docs/server.md).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "Address to bind (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every"
                        + " interface).")
        String host;

        @Override
        public Integer call() throws InterruptedException {
            ServerSettings settings = ServerSettings.fromEnvironment(System.getenv(), installDirectory());
            MetadataStore store =
                    MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()), settings.databaseConnections());
            StrataServer server = new StrataServer(settings, store, Clock.systemUTC(), System.getenv());
            int bound;
            try {
                bound = server.start(host, port);
            } catch (RuntimeException e) {
                server.close();
                store.close();
                throw new StrataException(
                        ErrorCode.CONFLICT,
                        "Cannot listen on " + host + ":" + port + ": " + Messages.firstLine(e)
                                + " (stop what uses the port, or choose another with --port)");
            }
            System.out.println("strata serve: listening on http://" + host + ":" + bound + " (store: "
                    + store.describe() + ", pipelines under " + settings.pipelinesDirectory() + ")");
            System.out.println("strata serve: console at http://" + host + ":" + bound + "/console (sign in with an API"
                    + " key or JWT)");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                store.close();
                                stopped.countDown();
                            },
                            "strata-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(
            name = "db",
            mixinStandardHelpOptions = true,
            description = "The metadata store.",
            subcommands = Db.Migrate.class)
    static final class Db implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** {@code strata db} alone: what it can do. */
        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }

        @Command(
                name = "migrate",
                mixinStandardHelpOptions = true,
                description = "Apply the store's pending schema migrations, then exit. An embedded store is"
                        + " migrated by its owner role (docs/security.md).")
        static final class Migrate implements Callable<Integer> {
            @Override
            public Integer call() {
                try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
                    System.out.println("strata db migrate: " + store.describe() + " is at schema version "
                            + store.schemaVersion());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "audit",
            mixinStandardHelpOptions = true,
            description = "The tamper-evident audit log (docs/security.md).",
            subcommands = {Audit.Verify.class, Audit.Export.class})
    static final class Audit implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        static String rows(long count) {
            return count + (count == 1 ? " row" : " rows");
        }

        /** {@code strata audit} alone: what it can do. */
        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }

        @Command(
                name = "verify",
                mixinStandardHelpOptions = true,
                description = "Walk the audit log's hash chain: exit 0 when it is intact, 1 at the first broken link.")
        static final class Verify implements Callable<Integer> {
            @Override
            public Integer call() {
                try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
                    AuditRepository.Verification result = store.audit().verify();
                    if (!result.intact()) {
                        System.err.println("strata audit verify: BROKEN at row " + result.brokenAt() + ": "
                                + result.problem() + " (" + rows(result.rows()) + " before it verified)");
                        return 1;
                    }
                    System.out.println("strata audit verify: OK, " + rows(result.rows())
                            + (result.rows() == 0
                                    ? ""
                                    : ", chained up to row " + result.lastId() + " (hash " + result.lastHash() + ")"));
                    return 0;
                }
            }
        }

        @Command(
                name = "export",
                mixinStandardHelpOptions = true,
                description = {
                    "Append the audit log's rows, with their hashes, to a file as JSON lines, for keeping off this"
                            + " host.",
                    "Without --after, continues after the last row the file holds, once that row's hash still"
                            + " matches the store's."
                })
        static final class Export implements Callable<Integer> {
            @Option(names = "--to", required = true, paramLabel = "FILE", description = "The JSON lines file.")
            Path file;

            @Option(
                    names = "--after",
                    paramLabel = "ID",
                    description = "Export the rows after this id (default: after the file's last row, or all).")
            Long after;

            @Override
            public Integer call() {
                try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
                    AuditRepository.Exported exported;
                    try {
                        long from = after != null ? after : continueAfter(store);
                        try (Writer out = open(file)) {
                            exported = store.audit().export(from, out);
                        }
                    } catch (IOException | UncheckedIOException e) {
                        throw new StrataException(
                                ErrorCode.INVALID_SPEC,
                                "Cannot export the audit log to " + file + ": " + Messages.firstLine(e)
                                        + " (check that the file's folder exists and is writable by this user)",
                                e);
                    }
                    System.out.println("strata audit export: " + rows(exported.rows())
                            + (exported.rows() == 0 ? "" : " (up to row " + exported.lastId() + ")") + " appended to "
                            + file);
                    return 0;
                }
            }

            /**
             * The id of the file's last row, once the store still holds that row as it was exported; 0 for a file that
             * is missing or empty.
             */
            private long continueAfter(MetadataStore store) throws IOException {
                if (!Files.exists(file)) {
                    return 0;
                }
                String last = null;
                try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank()) {
                            last = line;
                        }
                    }
                }
                if (last == null) {
                    return 0;
                }
                long id;
                try {
                    id = new ObjectMapper().readTree(last).path("id").asLong(-1);
                } catch (JsonProcessingException e) {
                    id = -1;
                }
                if (id < 0) {
                    throw new StrataException(
                            ErrorCode.INVALID_SPEC,
                            "Cannot continue the audit export in " + file + ": its last line is not an exported row"
                                    + " (give --after ID, or export to a new file)");
                }
                Optional<AuditRepository.Entry> stored = store.audit().find(id);
                if (stored.isEmpty() || !AuditRepository.jsonLine(stored.get()).equals(last.strip())) {
                    throw new StrataException(
                            ErrorCode.CONFLICT,
                            "Cannot continue the audit export in " + file + ": row " + id + " in the store "
                                    + (stored.isEmpty() ? "is gone" : "differs from the one exported there")
                                    + " (the audit log changed after it was exported; run strata audit verify, and"
                                    + " keep " + file + " as evidence)");
                }
                return id;
            }

            /** Appends to the file, creating it readable by this user only. */
            private static Writer open(Path file) throws IOException {
                if (!Files.exists(file)) {
                    Path folder = file.toAbsolutePath().getParent();
                    Files.createDirectories(folder);
                    if (Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
                        Files.createFile(file, PrivateFiles.ownerOnly());
                    }
                }
                return Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }
}
