package dev.strata.cli;

import java.io.PrintWriter;
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
            ""
        },
        subcommands = {
            ValidateCommand.class,
            PlanCommand.class,
            RunCommand.class,
            SqlCommand.class,
            QualityCommand.class,
            MaintainCommand.class,
            ProfileCommand.class,
            KeysCommand.class,
            SchemaCommand.class,
            DemoDataCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StrataCommand {
    /** Whether --debug was given anywhere; decides if stack traces are shown. */
    static boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 a run or dataset failed, 2 invalid input. */
    public static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /** Runs the CLI as {@link #execute(String...)} does, printing to {@code out} and {@code err} instead. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    private static CommandLine commandLine(String... args) {
        debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new StrataCommand());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new ErrorHandler.Parameters());
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StrataCommand.class.getPackage().getImplementationVersion();
            return new String[] {"strata " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
