package dev.strata.engine.isolation;

import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;

/**
 * What a message may say about a failure that is not Strata's own. Spark's and the JVM's messages can carry data
 * values (a {@code raise_error} text, the value a cast or a format rejected, a line of a file), so a server run keeps
 * only the error class, e.g. {@code [INVALID_FORMAT.MISMATCH_INPUT]}, and leaves the rest to its private
 * {@code engine.log}.
 */
public final class FailureDetails {
    /** What replaces the details of a third-party message in a server run. */
    public static final String WITHHELD =
            "(details withheld from server runs: they may contain data values; see engine.log in the run's directory)";

    private FailureDetails() {}

    /**
     * The failure as a message may quote it: Strata's own message as is (without third-party details when
     * {@code withhold}); any other exception by its first line, or, when {@code withhold}, by its error class alone.
     */
    public static String describe(Throwable e, boolean withhold) {
        if (e instanceof StrataException strata) {
            return withhold ? strata.messageWithoutDetails() : strata.getMessage();
        }
        return withhold ? withheld(e) : Messages.firstLine(e);
    }

    /**
     * {@code [ERROR_CLASS] (details withheld …)}: the first error class in the cause chain, else the exceptions'
     * types; a function refused in a server run is named.
     */
    public static String withheld(Throwable e) {
        String blocked = blockedFunction(e);
        if (blocked != null) {
            return "the function " + blocked + " is not available to server runs (it calls Java code by name)";
        }
        return condition(e) + " " + WITHHELD;
    }

    /**
     * The error class of the innermost Spark exception in the chain that has one (the cause, where a task failure wraps
     * it, e.g. {@code [TASK_WRITE_FAILED]} around {@code [CAST_INVALID_INPUT]}), and the type of the root cause when it
     * has no error class of its own; the chain's exception types when none has one.
     */
    static String condition(Throwable e) {
        String errorClass = null;
        Throwable root = e;
        StringBuilder types = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SparkThrowable spark && spark.getErrorClass() != null) {
                errorClass = spark.getErrorClass();
            }
            if (types.length() > 0) {
                types.append(" caused by ");
            }
            types.append(t.getClass().getSimpleName());
        }
        if (errorClass == null) {
            return types.toString();
        }
        boolean rootHasClass = root instanceof SparkThrowable spark && spark.getErrorClass() != null;
        return "[" + errorClass + "]"
                + (rootHasClass ? "" : " caused by " + root.getClass().getSimpleName());
    }

    /** The name of a function a restricted session dropped, when Spark could not resolve it. */
    private static String blockedFunction(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AnalysisException analysis && "UNRESOLVED_ROUTINE".equals(analysis.getErrorClass())) {
                Map<String, String> parameters = analysis.getMessageParameters();
                String name = parameters
                        .getOrDefault("routineName", "")
                        .replace("`", "")
                        .toLowerCase(Locale.ROOT);
                String last = name.substring(name.lastIndexOf('.') + 1);
                if (RestrictedSession.BLOCKED_FUNCTIONS.contains(last)) {
                    return last;
                }
            }
        }
        return null;
    }
}
