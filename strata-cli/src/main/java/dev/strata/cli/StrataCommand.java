package dev.strata.cli;

import dev.strata.core.error.StrataException;
import dev.strata.core.secret.RedactingOutputStream;
import dev.strata.core.secret.RedactingWriter;
import dev.strata.core.secret.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command. */
@Command(
        name = "strata",
        mixinStandardHelpOptions = true,
        versionProvider = StrataCommand.Version.class,
        description = "Lakehouse pipelines on Apache Spark, described in one YAML file.",
        footer = {
            "",
            "The control plane runs in a JVM of its own, without Spark:",
            "  strata serve [--port 8080]   REST API, run executor, Prometheus /metrics",
            "  strata db migrate            apply the metadata store's schema migrations",
            "  strata audit verify          check the audit log's hash chain (exit 1 at a broken link)",
            "  strata audit export --to F   append the audit log to F as JSON lines, for off-host retention",
            ""
        },
        subcommands = {
            InitCommand.class,
            DoctorCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            CompileCommand.class,
            RunCommand.class,
            CheckCommand.class,
            SqlCommand.class,
            ShellCommand.class,
            QualityCommand.class,
            MaintainCommand.class,
            ProfileCommand.class,
            KeysCommand.class,
            SchemaCommand.class,
            DemoDataCommand.class,
            ArgoCommand.class,
            CompletionCommand.class,
            DaemonCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StrataCommand {
    /** Whether --debug was given anywhere; decides if stack traces are shown. */
    static boolean debug;

    /** Whether --restricted was given anywhere: a server run, whose failures show no third-party details. */
    static boolean restricted;

    public static void main(String[] args) {
        // What libraries and the JVM print (an uncaught exception's trace) passes the same mask as the CLI's output.
        RedactingOutputStream.installOnStandardStreams();
        OptionalInt served;
        try {
            served = WarmEngine.client(args);
        } catch (StrataException e) {
            System.err.println("strata: " + e.getMessage());
            System.exit(e.code().exitCode());
            return;
        } catch (IOException e) {
            System.err.println("strata: cannot reach the warm engine: " + e.getMessage()
                    + " (run with --no-daemon, or set STRATA_DAEMON=off)");
            System.exit(1);
            return;
        }
        System.exit(served.isPresent() ? served.getAsInt() : execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 a run or dataset failed, 2 invalid input. */
    public static int execute(String... args) {
        CommandLine cli = commandLine(args);
        return withLibraryOutputOnStderr(() -> cli.execute(args));
    }

    /** Runs the CLI as {@link #execute(String...)} does, printing to {@code out} and {@code err} instead. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(redacting(out));
        cli.setErr(redacting(err));
        return withLibraryOutputOnStderr(() -> cli.execute(args));
    }

    /**
     * Runs {@code command} with {@code System.out} pointed at {@code System.err}. The CLI prints through picocli's
     * writer, made on the real standard output before, so standard output carries only what the CLI prints and a
     * library printing to {@code System.out} cannot corrupt a result a script reads ({@code strata sql --format json}):
     * Hudi's bundled JOL prints two warnings there the first time it sizes an object, e.g. when it reads a table's
     * metadata table. Left alone if the command pointed it elsewhere (a server run's {@link EngineLog}).
     */
    static int withLibraryOutputOnStderr(IntSupplier command) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(stderr);
        try {
            return command.getAsInt();
        } finally {
            if (System.out == stderr) {
                System.setOut(stdout);
            }
        }
    }

    /**
     * Runs the CLI in a daemon for a client ({@link WarmEngine}), printing to the client's {@code out} and {@code
     * err}. {@code System.out} is the daemon's log already, which nothing reads as a result.
     */
    static int executeServed(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(redacting(out));
        cli.setErr(redacting(err));
        return cli.execute(args);
    }

    static CommandLine commandLine(String... args) {
        debug = java.util.Arrays.asList(args).contains("--debug");
        restricted = java.util.Arrays.asList(args).contains("--restricted");
        CommandLine cli = new CommandLine(new StrataCommand());
        addHelpOptions(cli);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new ErrorHandler.Parameters());
        // Not picocli's default RunLast object: it holds System.out as it was when made and, when that differs from
        // System.out at execution (as withLibraryOutputOnStderr makes it), replaces the CLI's writer with it.
        cli.setExecutionStrategy(parseResult -> new CommandLine.RunLast().execute(parseResult));
        // Everything the CLI prints (plans, summaries, problems, errors and --debug traces) passes one mask.
        cli.setOut(redacting(cli.getOut()));
        cli.setErr(redacting(cli.getErr()));
        return cli;
    }

    /**
     * Gives every command of the tree that lacks one a {@code -h, --help} option, so that each answers {@code --help}
     * with its usage, even one with required parameters, and a command added later cannot forget it.
     */
    static void addHelpOptions(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().options().stream().noneMatch(CommandLine.Model.OptionSpec::usageHelp)) {
                sub.getCommandSpec()
                        .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                                .usageHelp(true)
                                .description("Show this help message and exit.")
                                .build());
            }
            addHelpOptions(sub);
        }
    }

    /** {@code out} with every secret value a pipeline resolved masked ({@link Secrets#redact}). */
    private static PrintWriter redacting(PrintWriter out) {
        return new PrintWriter(new RedactingWriter(out), true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"strata " + projectVersion()};
        }

        /** This build's version, as the jar's manifest gives it (a build from the sources: the POM's). */
        static String projectVersion() {
            String version = StrataCommand.class.getPackage().getImplementationVersion();
            return version == null ? "0.1.0-SNAPSHOT" : version;
        }
    }
}
