package dev.strata.cli;

import dev.strata.cli.StatementSplitter.Split;
import dev.strata.cli.StatementSplitter.Statement;
import dev.strata.core.config.Config;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.Pipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata shell FILE}: Spark SQL over the pipeline's tables, one statement after another in one Spark session.
 * On a terminal: a line editor with history ({@code $STRATA_HOME/shell_history}) and completion; else the statements
 * read from standard input, exit 1 if any failed.
 */
@Command(
        name = "shell",
        description = {
            "An interactive Spark SQL shell over the pipeline's tables (silver.orders, silver.orders__quarantine):"
                    + " statements end with ;, Tab completes tables and columns, .help lists the meta commands.",
            "With standard input not a terminal, runs the statements it reads; exit 1 if any failed."
        })
final class ShellCommand implements Callable<Integer> {
    /** How many statements the history keeps, in memory and in its file. */
    static final int HISTORY_SIZE = 1000;

    private static final String PROMPT = "strata> ";
    private static final String CONTINUATION = "   ...> ";

    @Mixin
    PipelineFile pipelineFile;

    @Mixin
    OutputFormat format;

    @Option(
            names = "--limit",
            defaultValue = "1000",
            description = "At most this many rows per query (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    SparkOptions spark;

    @Mixin
    RoleOption role;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String output = format.chosen();
        Pipeline pipeline = pipelineFile.load();
        boolean terminal = System.console() != null;
        if (terminal) {
            spec.commandLine().getErr().println("Starting Spark…");
        }
        try (QuerySession queries = QuerySession.open(pipeline, spark, "strata shell", role.role())) {
            Shell shell = new Shell(queries, output, limit, spec.commandLine());
            return terminal ? interactive(shell, queries) : statements(shell, System.in);
        }
    }

    /** Runs the statements {@code in} holds, and one last statement without its {@code ;}: 1 if any failed. */
    static int statements(Shell shell, InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean failed = false;
        String pending = "";
        for (String line; (line = reader.readLine()) != null; ) {
            Split split = StatementSplitter.split(pending + line + "\n");
            for (Statement statement : split.statements()) {
                Shell.Outcome outcome = shell.run(statement);
                if (outcome == Shell.Outcome.QUIT) {
                    return failed ? 1 : 0;
                }
                failed |= outcome == Shell.Outcome.FAILED;
            }
            pending = split.rest();
        }
        if (StatementSplitter.split(pending).incomplete()) {
            failed |= shell.run(new Statement(pending.strip(), false)) == Shell.Outcome.FAILED;
        }
        return failed ? 1 : 0;
    }

    private int interactive(Shell shell, QuerySession queries) throws IOException {
        // The exec provider (stty): JLine's FFM one needs Java 22, and the JNI one a native library.
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .ffm(false)
                .jni(false)
                .jansi(false)
                .jna(false)
                .build()) {
            SparkSqlNames names = new SparkSqlNames(queries);
            Thread loading = new Thread(names::load, "strata-shell-names");
            loading.setDaemon(true);
            loading.start();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("strata")
                    .parser(new SqlLineParser())
                    .completer(new SqlCompleter(names))
                    .history(new RedactingHistory())
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.HISTORY_SIZE, HISTORY_SIZE)
                    .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_SIZE)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    // `!` is SQL (`!=`, `NOT`), not a history event.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            // Ctrl-C while a query runs (the line editor handles it while one is typed).
            terminal.handle(Terminal.Signal.INT, signal -> shell.cancel());
            PrintWriter out = spec.commandLine().getOut();
            long built = queries.tableNames().stream().filter(queries::built).count();
            out.println("strata shell: pipeline " + queries.pipeline().spec().name() + ", " + built + " of "
                    + queries.tableNames().size() + " tables built (.tables lists them). End statements with ;  .help"
                    + " for help, Ctrl-D to leave.");
            out.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                for (Statement statement : StatementSplitter.split(line + "\n").statements()) {
                    if (shell.run(statement) == Shell.Outcome.QUIT) {
                        return 0;
                    }
                }
            }
        }
    }

    /** {@code $STRATA_HOME/shell_history}, readable by its owner only, as the folder it is in. */
    private static Path historyFile() throws IOException {
        Path home = StoreConfig.home(Config.of(System.getenv()));
        if (!Files.isDirectory(home)) {
            Files.createDirectories(
                    home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = home.resolve("shell_history");
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The history with every secret value a pipeline resolved masked, as everything Strata prints or writes. */
    private static final class RedactingHistory extends DefaultHistory {
        @Override
        public void add(Instant time, String line) {
            super.add(time, Secrets.redact(line));
        }
    }
}
