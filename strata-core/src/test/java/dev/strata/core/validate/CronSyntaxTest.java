package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronSyntaxTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 * * * *",
                "*/15 * * * *",
                "0 6,18 * * MON-FRI",
                "30 2 1 JAN,jul *",
                "0 0 * * 7",
                "0-30/5 8-17 1-15 1-12 0-6",
                "  5 4 * * sun  "
            })
    void acceptsWellFormedExpressions(String expression) {
        assertThat(CronSyntax.check(expression)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0 * * *            | expected 5 fields, got 4",
                "0 * * * * *        | expected 5 fields, got 6",
                "''                 | expected 5 fields, got 0",
                "60 * * * *         | minute '60': '60' is not a number in 0-59",
                "0 24 * * *         | hour '24': '24' is not a number in 0-23",
                "0 0 0 * *          | day-of-month '0': '0' is not a number in 1-31",
                "0 0 * FOO *        | month 'FOO': 'FOO' is not a number in 1-12 or a name like FEB",
                "0 0 * * MON-XYZ    | day-of-week 'MON-XYZ': 'XYZ' is not a number in 0-7 or a name like MON",
                "*/0 * * * *        | minute '*/0': step '0' is not a positive number",
                "10-5 * * * *       | minute '10-5': the range runs backwards",
                "1-2-3 * * * *      | minute '1-2-3': a range has one '-'",
                "'1,,2 * * * *'     | minute '': '' is not a number in 0-59"
            })
    void explainsWhatIsWrong(String expression, String reason) {
        assertThat(CronSyntax.check(expression)).contains(reason);
    }
}
