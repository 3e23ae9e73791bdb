package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** YAML syntax errors in plain words, each at its line and column, for the mistakes people make by hand. */
class YamlSyntaxTest {

    @Test
    void saysWhichKeysAKeyIndentedBetweenTwoLevelsCouldLineUpWith() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.orders:
                            from: orders_raw
                           write: {mode: append}
                        """))
                .isEqualTo("pipeline.yaml:5:4: invalid YAML: this key lines up with no key above it"
                        + " (indentation: indent it like 'from' (line 4, column 5)"
                        + " or like 'bronze.orders' (line 3, column 3))");
    }

    @Test
    void saysAKeyIsIndentedDeeperThanItsSiblings() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.orders:
                            from: orders_raw
                              write: {mode: append}
                        """))
                .isEqualTo("pipeline.yaml:5:7: invalid YAML: this key is indented deeper than its siblings"
                        + " (indentation: line it up with 'from' on line 4 (column 5))");
    }

    @Test
    void saysATabIsUsedForIndentation() {
        assertThat(problem("name: shop\ndatasets:\n\tbronze.a: {from: a}\n"))
                .isEqualTo("pipeline.yaml:3:1: invalid YAML: a tab is used for indentation"
                        + " (indentation: YAML indents with spaces only; replace the tab with spaces)");
    }

    @Test
    void pointsAtAKeyWithoutASpaceAfterItsColon() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.orders:
                            from:orders_raw
                            write: {mode: append}
                        """))
                .isEqualTo("pipeline.yaml:4:9: invalid YAML: 'from:orders_raw' needs a space after the ':'"
                        + " (write from: orders_raw)");
    }

    @Test
    void saysAValueWithAColonAndSpaceNeedsQuotes() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a: b
                        """))
                .isEqualTo("pipeline.yaml:4:12: invalid YAML: the value of 'from' contains ': ', which YAML reads as"
                        + " another key (quote the value: from: \"a: b\")");
    }

    @Test
    void saysWhereAnUnclosedQuoteOpened() {
        assertThat(problem("""
                        name: shop
                        sources:
                          a: {format: csv, path: "data/a}
                        datasets:
                          bronze.a: {from: a}
                        """))
                .isEqualTo("pipeline.yaml:6:1: invalid YAML: the quote (\") at line 3, column 26 is never closed"
                        + " (end the value with (\"))");
    }

    @Test
    void saysWhereABracketTheFileEndsInOpened() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a
                            write:
                              keys: [id
                        """))
                .isEqualTo("pipeline.yaml:7:1: invalid YAML: the '[' at line 6, column 13 is never closed"
                        + " (close it with ']')");
    }

    @Test
    void saysWhichBracketIsNotClosedBeforeAnother() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a
                            write: {mode: merge, keys: [id}
                        """))
                .isEqualTo("pipeline.yaml:5:35: invalid YAML: the '[' at line 5, column 32 is not closed before"
                        + " this '}' (close it with ']')");
    }

    @Test
    void saysAListItemCannotStandAmongAMappingsKeys() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a
                            - {rule: not_null, column: id}
                        """))
                .isEqualTo("pipeline.yaml:5:5: invalid YAML: a list item ('- …') among the keys of a mapping"
                        + " (a mapping holds 'key: value' entries and a list holds '- item' entries, not both:"
                        + " put the items under a key of their own, or start every entry with '- ')");
    }

    @Test
    void saysAKeyCannotStandAmongAListsItems() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a
                            transform:
                              - filter: "id IS NOT NULL"
                              derive: {day: "CAST(ts AS DATE)"}
                        """))
                .isEqualTo("pipeline.yaml:7:7: invalid YAML: a key among the items of a list"
                        + " (start it with '- ' to make it an item, or indent it under the item it belongs to)");
    }

    @Test
    void keepsTheHintAboutVariablesInAFlowMapping() {
        assertThat(problem("name: shop\ndatasets:\n  bronze.a: {from: ${SRC}}\n"))
                .isEqualTo("pipeline.yaml:3:21: invalid YAML: expected ',' or '}', but got {"
                        + " (inside {…} or […], quote values that contain ${…}, {, }, [ or ])");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            from: a
                            from: b
                        sources: {a: {format: csv, path: x}, b: {format: csv, path: y}}
                        """))
                .isEqualTo("pipeline.yaml:5:5: datasets.bronze.a.from: duplicate key 'from'"
                        + " (first defined at line 4; keep one)");
    }
}
