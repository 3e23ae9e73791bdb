package dev.strata.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.junit.jupiter.api.Test;

class FailureDetailsTest {
    private static final String SECRET = "root:x:0:0:CANARY";

    @Test
    void showsTheFirstLineOutsideServerRuns() {
        assertThat(FailureDetails.describe(new IllegalStateException("bad " + SECRET + "\nplan…"), false))
                .isEqualTo("bad " + SECRET);
    }

    @Test
    void keepsOnlyTheErrorClassInServerRuns() {
        Throwable parse = catchThrowable(() -> new SparkSqlParser().parsePlan("SELECT '" + SECRET + "' FROM ("));
        SparkException job = new SparkException("Job aborted: " + SECRET, parse);

        assertThat(parse).hasMessageContaining(SECRET);
        assertThat(FailureDetails.describe(job, true))
                .isEqualTo("[PARSE_SYNTAX_ERROR] " + FailureDetails.WITHHELD)
                .doesNotContain("CANARY");
        assertThat(FailureDetails.describe(new SparkException("x " + SECRET, new RuntimeException(SECRET)), true))
                .isEqualTo("SparkException caused by RuntimeException " + FailureDetails.WITHHELD);
        assertThat(FailureDetails.describe(new NumberFormatException("For input string: " + SECRET), true))
                .isEqualTo("NumberFormatException " + FailureDetails.WITHHELD);
    }

    @Test
    void keepsStrataMessagesButNotTheDetailsTheyQuote() {
        StrataException own =
                new StrataException(ErrorCode.NOT_FOUND, "Cannot read silver.x: its table does not exist");
        StrataException quoting = new StrataException(
                ErrorCode.SOURCE_UNREADABLE,
                "Cannot read Kafka topic 't': " + SECRET,
                "Cannot read Kafka topic 't': RuntimeException " + FailureDetails.WITHHELD,
                new RuntimeException(SECRET));

        assertThat(FailureDetails.describe(own, true)).isEqualTo(own.getMessage());
        assertThat(FailureDetails.describe(quoting, false)).contains(SECRET);
        assertThat(FailureDetails.describe(quoting, true)).doesNotContain("CANARY");
    }
}
