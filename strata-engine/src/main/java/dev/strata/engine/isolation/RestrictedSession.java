package dev.strata.engine.isolation;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import scala.Option;

/**
 * Locks a SparkSession down for a run the server started: SQL cannot read files by path ({@code text.`/etc/passwd`},
 * {@code delta.`/other/lakehouse`}), and the functions that call arbitrary Java methods are gone from the session's
 * function registry. The session's other sessions (of the same SparkContext) keep theirs.
 */
public final class RestrictedSession {
    /** Functions that call any static Java method by name, e.g. {@code reflect('java.lang.System', 'getenv', …)}. */
    public static final List<String> BLOCKED_FUNCTIONS = List.of("reflect", "java_method", "try_reflect");

    /** Spark's switch for {@code format.`path`} in SQL; the engine reads its tables through the catalog or by API. */
    public static final String RUN_SQL_ON_FILES = "spark.sql.runSQLOnFiles";

    private RestrictedSession() {}

    /** Applies the restrictions to {@code spark} and returns it. */
    public static SparkSession apply(SparkSession spark) {
        spark.conf().set(RUN_SQL_ON_FILES, "false");
        for (String function : BLOCKED_FUNCTIONS) {
            // try_reflect only exists from Spark 4: dropping an absent function is a no-op.
            spark.sessionState()
                    .functionRegistry()
                    .dropFunction(new FunctionIdentifier(function, Option.empty(), Option.empty()));
        }
        return spark;
    }
}
