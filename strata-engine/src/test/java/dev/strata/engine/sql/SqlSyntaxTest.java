package dev.strata.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SqlSyntaxTest {
    @Test
    void quotesIdentifiersByDoublingBackticks() {
        assertThat(SqlSyntax.quote("order id")).isEqualTo("`order id`");
        assertThat(SqlSyntax.quote("a`b")).isEqualTo("`a``b`");
        assertThat(SqlSyntax.qualified("silver", "a`b")).isEqualTo("`silver`.`a``b`");
    }

    @Test
    void escapesLiteralsSoSparkReadsBackTheSameText() {
        assertThat(SqlSyntax.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(SqlSyntax.literal("C:\\data")).isEqualTo("'C:\\\\data'");
        assertThat(SqlSyntax.literal("\u0000")).isEqualTo("'\\u0000'");
    }

    @Test
    void sparkReadsLiteralsAndQuotedNamesBackAsWritten() {
        String text = "it's a \\path\twith\ncontrol\u0001 characters";
        Row row = SharedSpark.session()
                .sql("SELECT " + SqlSyntax.literal(text) + " AS " + SqlSyntax.quote("odd `name`"))
                .first();
        assertThat(row.getString(0)).isEqualTo(text);
        assertThat(row.schema().fieldNames()).containsExactly("odd `name`");
    }

    @Test
    void namesTypesInLowerCaseWithoutNullability() {
        StructType nullable = new StructType().add("a", DataTypes.IntegerType, true);
        StructType required = new StructType().add("a", DataTypes.IntegerType, false);
        assertThat(SqlSyntax.typeName(DataTypes.createArrayType(nullable)))
                .isEqualTo(SqlSyntax.typeName(DataTypes.createArrayType(required, false)))
                .isEqualTo("array<struct<a: int>>");
    }
}
