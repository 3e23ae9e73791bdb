package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The completer over fixed names; {@code ShellIT} asks a real SparkSession for them. */
class SqlCompleterTest {
    private static final SqlNames NAMES = new SqlNames() {
        private final Map<String, List<String>> columns = Map.of(
                "silver.orders", List.of("order_id", "order_date", "amount"),
                "silver.customers", List.of("customer_id", "tier"));

        @Override
        public Set<String> keywords() {
            return Set.of("SELECT", "FROM", "WHERE", "ORDER", "OR", "AS", "JOIN");
        }

        @Override
        public List<String> functions() {
            return List.of("sum", "substring", "count");
        }

        @Override
        public List<String> tables() {
            return List.of("silver.orders", "silver.orders__quarantine", "silver.customers");
        }

        @Override
        public List<String> columns(String table) {
            return columns.getOrDefault(table, List.of());
        }
    };

    private final SqlCompleter completer = new SqlCompleter(NAMES);

    @Test
    void completesKeywordsInTheCaseTyped() {
        assertThat(completer.candidates("sel", "sel")).containsExactly("select");
        assertThat(completer.candidates("SEL", "SEL")).containsExactly("SELECT");
        assertThat(completer.candidates("Su", "Su")).containsExactly("sum", "substring");
    }

    @Test
    void completesTableNames() {
        assertThat(completer.candidates("SELECT * FROM silver.ord", "silver.ord"))
                .containsExactly("silver.orders", "silver.orders__quarantine");
    }

    @Test
    void completesTheColumnsOfTheTablesTheStatementNames() {
        assertThat(completer.candidates("SELECT ord FROM silver.orders", "ord"))
                .containsExactly("order_id", "order_date", "order");
        assertThat(completer.candidates("SELECT ord FROM silver.customers", "ord"))
                .as("no column of a table the statement does not name")
                .containsExactly("order");
        assertThat(completer.candidates("SELECT OR", "OR"))
                .as("upper-case keywords for an upper-case word")
                .containsExactly("order_id", "order_date", "OR", "ORDER");
        assertThat(completer.candidates("SELECT t", "t"))
                .as("every table's columns while the statement names none")
                .containsExactly("tier");
    }

    @Test
    void completesColumnsAfterATableOrItsAlias() {
        assertThat(completer.candidates("SELECT silver.orders.am", "silver.orders.am"))
                .containsExactly("silver.orders.amount");
        assertThat(completer.candidates("SELECT o.am FROM silver.orders o JOIN silver.customers AS c ON c.", "o.am"))
                .containsExactly("o.amount");
        assertThat(completer.candidates("SELECT c.t FROM silver.orders o JOIN silver.customers AS c", "c.t"))
                .containsExactly("c.tier");
        assertThat(completer.candidates("SELECT x.a FROM silver.orders WHERE x.a", "x.a"))
                .as("WHERE is no alias")
                .isEmpty();
    }

    @Test
    void completesMetaCommandsAndTheirArguments() {
        assertThat(completer.candidates(".d", ".d")).containsExactly(".describe");
        assertThat(completer.candidates(".describe silver.c", "silver.c")).containsExactly("silver.customers");
        assertThat(completer.candidates("\\d silver.c", "silver.c")).containsExactly("silver.customers");
        assertThat(completer.candidates(".format c", "c")).containsExactly("csv");
    }

    @Test
    void theWordCompletedIsTheSqlNameAtTheCursor() {
        SqlLineParser.Words words = SqlLineParser.words("SELECT sum(o.am FROM silver.orders o", 15);

        assertThat(words.word()).isEqualTo("o.am");
        assertThat(words.wordCursor()).isEqualTo(4);
        assertThat(words.words()).containsExactly("SELECT", "sum", "o.am", "FROM", "silver.orders", "o");
        assertThat(words.wordIndex()).isEqualTo(2);
        assertThat(SqlLineParser.words("SELECT ", 7).word()).isEmpty();
    }
}
