package dev.strata.server;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strata serve} and {@code strata db migrate}: the launcher runs these in a JVM of their own, whose class path
 * holds no Spark (DESIGN.md §2).
 */
@Command(
        name = "strata",
        mixinStandardHelpOptions = true,
        subcommands = {ServerMain.Serve.class, ServerMain.Db.class},
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
        return Path.of(System.getProperty("strata.install.dir", ".")).toAbsolutePath();
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
                description = "Apply the store's pending schema migrations, then exit.")
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
}
