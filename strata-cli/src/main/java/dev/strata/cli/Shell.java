package dev.strata.cli;

import dev.strata.cli.StatementSplitter.Statement;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;

/**
 * Runs the statements of {@code strata shell}, one at a time: SQL through the {@link QuerySession} as {@code strata
 * sql} runs it, printing its rows in the current format, and the meta commands. A failure prints the same line {@code
 * strata sql} would print, and the shell goes on.
 */
final class Shell {
    /** What one statement did. */
    enum Outcome {
        OK,
        FAILED,
        QUIT
    }

    static final String HELP = """
            SQL statements end with ;  and may span lines. Tables are named like silver.orders (quarantine:
            silver.orders__quarantine). Tab completes keywords, functions, tables and columns.
              .tables             (\\dt)  the pipeline's tables, and whether each is built yet
              .describe TABLE     (\\d)   a table's columns and types
              .format table|csv|json    how rows are printed (now: FORMAT)
              .help               (\\?)   this text
              .quit               (\\q)   leave; so does Ctrl-D
            Ctrl-C cancels the line being typed, or the running query.
            """;

    private final QuerySession queries;
    private final int limit;
    private final CommandLine cli;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private String format;
    private int statements;
    private volatile String runningGroup;

    Shell(QuerySession queries, String format, int limit, CommandLine cli) {
        this.queries = queries;
        this.format = format;
        this.limit = limit;
        this.cli = cli;
    }

    Outcome run(Statement statement) {
        try {
            return statement.meta() ? meta(statement.text()) : sql(statement.text());
        } catch (Exception e) { // a Spark job's failure is a checked SparkException, though Scala declares none
            PrintWriter err = cli.getErr();
            if (cancelled.getAndSet(false)) {
                err.println("Query cancelled.");
                err.flush();
            } else {
                new ErrorHandler().handleExecutionException(e, cli, null);
            }
            return Outcome.FAILED;
        }
    }

    /** Cancels the running query's Spark jobs (Ctrl-C); nothing when none runs. */
    void cancel() {
        String group = runningGroup;
        if (group != null) {
            cancelled.set(true);
            queries.session().sparkContext().cancelJobGroup(group);
        }
    }

    private Outcome sql(String query) {
        SparkContext spark = queries.session().sparkContext();
        String group = "strata-shell-" + ++statements;
        spark.setJobGroup(group, query, true);
        runningGroup = group;
        cancelled.set(false);
        try {
            queries.registerNewTables();
            printRows(queries.run(query, format, limit));
        } finally {
            runningGroup = null;
            spark.clearJobGroup();
        }
        // A Ctrl-C that came while no Spark job ran (planning, printing) cancelled nothing: the rows were printed.
        cancelled.set(false);
        return Outcome.OK;
    }

    private Outcome meta(String line) {
        String[] parts = line.split("\\s+", 2);
        String command = parts[0].toLowerCase(Locale.ROOT);
        String argument = parts.length > 1 ? parts[1].strip() : "";
        switch (command) {
            case ".tables", "\\dt" -> tables();
            case ".describe", "\\d" -> {
                if (argument.isEmpty()) {
                    tables();
                } else {
                    return sql("DESCRIBE TABLE " + argument);
                }
            }
            case ".format" -> {
                if (argument.isEmpty()) {
                    print(format + "\n");
                } else {
                    format = OutputFormat.parse(argument);
                }
            }
            case ".help", "\\?", "\\h" -> print(HELP.replace("FORMAT", format));
            case ".quit", ".exit", "\\q" -> {
                return Outcome.QUIT;
            }
            default -> {
                List<String> known = new ArrayList<>(SqlCompleter.META_COMMANDS);
                known.addAll(List.of("\\dt", "\\d", "\\?", "\\q"));
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "Cannot run " + parts[0] + ": there is no such command ("
                                + Suggestions.didYouMean(command, known, false)
                                        .map(hint -> hint + " ")
                                        .orElse("")
                                + ".help lists them)");
            }
        }
        return Outcome.OK;
    }

    /** Every table of the pipeline, its format, and whether it is built yet, as rows in the current format. */
    private void tables() {
        queries.registerNewTables();
        List<Row> rows = new ArrayList<>();
        for (String table : queries.tableNames()) {
            rows.add(RowFactory.create(table, queries.format(table), queries.built(table) ? "yes" : "no"));
        }
        StructType schema = new StructType()
                .add("table", DataTypes.StringType)
                .add("format", DataTypes.StringType)
                .add("built", DataTypes.StringType);
        printRows(QueryOutput.render(queries.session().createDataFrame(rows, schema), format));
    }

    /** Rows as {@link QueryOutput} rendered them; a blank line after a table, as psql leaves, CSV and JSON as is. */
    private void printRows(String rendered) {
        print(rendered.isEmpty() || !format.equals("table") ? rendered : rendered + "\n");
    }

    private void print(String text) {
        PrintWriter out = cli.getOut();
        out.print(text);
        out.flush();
    }
}
