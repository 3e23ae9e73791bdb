package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.StatementSplitter.Split;
import dev.strata.cli.StatementSplitter.Statement;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private static Statement sql(String text) {
        return new Statement(text, false);
    }

    private static Statement meta(String text) {
        return new Statement(text, true);
    }

    @Test
    void endsStatementsAtSemicolonsAcrossLines() {
        Split split = StatementSplitter.split("SELECT 1;\nSELECT *\n  FROM silver.orders\n WHERE amount > 0; SELECT 3");

        assertThat(split.statements())
                .containsExactly(sql("SELECT 1"), sql("SELECT *\n  FROM silver.orders\n WHERE amount > 0"));
        assertThat(split.rest()).isEqualTo(" SELECT 3");
        assertThat(split.incomplete()).isTrue();
    }

    @Test
    void ignoresSemicolonsInQuotesAndComments() {
        Split split = StatementSplitter.split("SELECT 'a;b', \"c;d\", `e;f` -- g;h\n, 'it\\'s;' /* i;\n j */ FROM t;");

        assertThat(split.statements())
                .containsExactly(sql("SELECT 'a;b', \"c;d\", `e;f` -- g;h\n, 'it\\'s;' /* i;\n j */ FROM t"));
        assertThat(split.incomplete()).isFalse();
    }

    @Test
    void anOpenQuoteOrCommentNeedsMoreLines() {
        assertThat(StatementSplitter.split("SELECT 'a;\n").incomplete()).isTrue();
        assertThat(StatementSplitter.split("SELECT 1 /* ;\n").incomplete()).isTrue();
        assertThat(StatementSplitter.split("SELECT `a;b\n").statements()).isEmpty();
    }

    @Test
    void blanksCommentsAndEmptyStatementsAreNoStatements() {
        Split split = StatementSplitter.split("  ;\n-- only a comment;\n/* another */ ;;\n");

        assertThat(split.statements()).isEmpty();
        assertThat(split.incomplete())
                .as("nothing but blanks and comments left")
                .isFalse();
    }

    @Test
    void aMetaCommandEndsWithItsLineAndMayFollowAStatement() {
        Split split = StatementSplitter.split(".tables\n  \\d silver.orders ;\nSELECT 1; .format csv\n.help");

        assertThat(split.statements())
                .containsExactly(meta(".tables"), meta("\\d silver.orders"), sql("SELECT 1"), meta(".format csv"));
        assertThat(split.rest()).isEqualTo(".help");
        assertThat(split.incomplete())
                .as("a meta command without its newline yet")
                .isTrue();
    }

    @Test
    void aDotInsideAStatementIsSql() {
        Split split = StatementSplitter.split("SELECT o.amount\n.5 FROM t;\n");

        assertThat(split.statements()).containsExactly(sql("SELECT o.amount\n.5 FROM t"));
    }

    @Test
    void aLineIsCompleteWhenItsLastStatementIsEnded() {
        assertThat(StatementSplitter.isComplete("SELECT 1;")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1; -- done")).isTrue();
        assertThat(StatementSplitter.isComplete(".tables")).isTrue();
        assertThat(StatementSplitter.isComplete("")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT 1;\nSELECT")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT ';'")).isFalse();
    }
}
