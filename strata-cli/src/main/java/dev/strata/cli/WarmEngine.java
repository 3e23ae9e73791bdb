package dev.strata.cli;

import dev.strata.cli.daemon.DaemonClient;
import dev.strata.cli.daemon.DaemonDirectory;
import dev.strata.cli.daemon.DaemonKey;
import dev.strata.cli.daemon.EngineDaemon;
import dev.strata.core.config.Config;
import dev.strata.core.config.DaemonConfig;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The CLI's side of the warm engine (docs/architecture.md, "Warm engine"): which commands a daemon serves, how a client
 * starts one, and the Spark session a daemon keeps across commands, of which each command gets a new session (its own
 * SQL settings and views) over the one SparkContext.
 */
final class WarmEngine {
    /** A command a daemon can serve: {@code strata run} and {@code strata sql}. */
    interface Servable {
        PipelineFile pipelineFile();

        SparkOptions spark();

        /** Whether this invocation must run in its own JVM ({@code --no-daemon}, a server's restricted run). */
        boolean inProcess();
    }

    private static volatile boolean serving;
    private static SparkSession base;

    private WarmEngine() {}

    /**
     * Runs {@code args} in this user's daemon for them when the command is one a daemon serves and nothing asks for
     * it to run in process; the exit code, or empty to run here.
     */
    static OptionalInt client(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        if (!"on".equals(Config.read(DaemonConfig.DAEMON, env)) || startedForSpark()) {
            return OptionalInt.empty();
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = StrataCommand.commandLine(args).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return OptionalInt.empty(); // reported by the in-process run, which needs no Spark for it
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub == null
                || parsed.isUsageHelpRequested()
                || parsed.isVersionHelpRequested()
                || sub.isUsageHelpRequested()
                || !(sub.commandSpec().userObject() instanceof Servable command)
                || command.inProcess()
                || !Files.isRegularFile(command.pipelineFile().file)) {
            return OptionalInt.empty();
        }
        Path pipelineDirectory = command.pipelineFile().file.toRealPath().getParent();
        Path cwd = Path.of("").toAbsolutePath();
        String classPath = ManagementFactory.getRuntimeMXBean().getClassPath();
        String target = command.pipelineFile().target(env);
        // Without a target the master is known here, and the daemon starts Spark on it before the first command
        // arrives; a target may name its own master and Spark settings, which only loading the pipeline tells.
        String master = command.spark().master != null ? command.spark().master : SparkOptions.defaultMaster();
        String spark = target == null ? master : master + " for target " + target;
        DaemonKey key = DaemonKey.of(pipelineDirectory, cwd, DaemonKey.fingerprint(classPath), spark, env);
        Path folder = DaemonDirectory.open(env);
        return OptionalInt.of(new DaemonClient(folder, key)
                .run(
                        Arrays.asList(args),
                        cwd,
                        launch(key, classPath, target == null ? master : null),
                        System.out,
                        System.err));
    }

    /**
     * Whether this JVM was started for a particular Spark ({@code spark-submit}, or {@code -Dspark.*} settings): then
     * it runs the command itself.
     */
    private static boolean startedForSpark() {
        return System.getProperties().stringPropertyNames().stream().anyMatch(name -> name.startsWith("spark."));
    }

    /**
     * The daemon's command line: this JVM's own (java, its options, class path), in a session of its own ({@code
     * setsid}), so that a terminal's Ctrl-C reaches the client alone, which forwards it.
     */
    private static List<String> launch(DaemonKey key, String classPath, String warmUpMaster) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() -> Config.of(System.getenv())
                        .get(LauncherConfig.JAVA_HOME)
                        .resolve("bin/java")
                        .toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-agentlib:jdwp"))
                .forEach(command::add);
        command.addAll(List.of(
                "-cp",
                classPath,
                DaemonMain.class.getName(),
                key.id(),
                key.pipelineDirectory().toString(),
                key.fingerprint()));
        if (warmUpMaster != null) {
            command.add(warmUpMaster);
        }
        return command;
    }

    /** Serves the commands of {@code key} in this JVM until idle: see {@link EngineDaemon}. */
    static void serve(DaemonKey key, String warmUpMaster) throws IOException {
        serving = true;
        Map<String, String> env = System.getenv();
        if (warmUpMaster != null) {
            Thread warmUp = new Thread(
                    () -> {
                        SparkSession session = session(SparkOptions.settings(warmUpMaster, "strata daemon"));
                        session.sql("SELECT 1").collect();
                        release(session);
                    },
                    "strata-daemon-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        new EngineDaemon(
                        key,
                        DaemonDirectory.open(env),
                        Config.read(DaemonConfig.IDLE, env),
                        ManagementFactory.getRuntimeMXBean().getClassPath(),
                        (argv, out, err) -> StrataCommand.executeServed(out, err, argv.toArray(String[]::new)))
                .serve();
    }

    /** Whether this JVM is a daemon. */
    static boolean serving() {
        return serving;
    }

    /**
     * A new session over the daemon's SparkContext, made the thread's active one (Delta and Iceberg look it up). The
     * first call starts Spark with {@code settings}. A later command of the same key asks for the same master and
     * target; its SQL settings ({@code spark.sql.*}) are its session's own, and a master or other Spark setting that
     * differs from the running Spark's (a target edited while the daemon lives) is refused with the way out.
     */
    static SparkSession session(SparkSessions.Settings settings) {
        SparkSession session;
        synchronized (WarmEngine.class) {
            if (base == null) {
                base = SparkSessions.create(settings);
            }
            List<String> differing = new ArrayList<>();
            if (!base.sparkContext().master().equals(settings.master())) {
                differing.add("master " + settings.master() + " (it runs "
                        + base.sparkContext().master() + ")");
            }
            settings.extra().forEach((name, value) -> {
                if (!name.startsWith("spark.sql.") && !value.equals(base.conf().get(name, null))) {
                    differing.add(name);
                }
            });
            if (!differing.isEmpty()) {
                throw new StrataException(
                        ErrorCode.CONFLICT,
                        "Cannot run in the warm engine: this command asks for Spark settings it was not started with: "
                                + String.join(", ", differing)
                                + " (run with --no-daemon, or `strata daemon stop` to start a new one)");
            }
            session = base.newSession();
        }
        SparkSession command = session;
        settings.extra().forEach((name, value) -> {
            if (name.startsWith("spark.sql.")) {
                command.conf().set(name, value);
            }
        });
        SparkSession.setActiveSession(command);
        return command;
    }

    /** Ends a command's use of {@code session}: stops it in a JVM of its own; in a daemon, the context lives on. */
    static void release(SparkSession session) {
        if (serving) {
            SparkSession.clearActiveSession();
        } else {
            session.stop();
        }
    }

    /** Whether a terminal shows the command's output: a daemon's commands print plain lines. */
    static boolean onTerminal() {
        return !serving && System.console() != null;
    }
}
