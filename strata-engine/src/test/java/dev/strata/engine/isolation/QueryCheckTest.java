package dev.strata.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What SQL a run accepts, by Spark's own parser and without a session. */
class QueryCheckTest {
    private static List<String> any(String sql) {
        return QueryCheck.queryProblems(sql, false);
    }

    private static List<String> server(String sql) {
        return QueryCheck.queryProblems(sql, true);
    }

    @Test
    void acceptsOneQueryOfAnyShape() {
        assertThat(any("SELECT 1")).isEmpty();
        assertThat(any("SELECT 1;")).isEmpty();
        assertThat(any("WITH x AS (SELECT 1 AS a) SELECT a FROM x")).isEmpty();
        assertThat(any("SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 3")).isEmpty();
        assertThat(any("VALUES (1), (2)")).isEmpty();
        assertThat(any("FROM silver.orders SELECT order_id")).isEmpty();
        assertThat(any("SELECT * FROM silver.orders VERSION AS OF 3")).isEmpty();
        assertThat(server("SELECT o.a, (SELECT max(b) FROM gold.x) AS m FROM silver.orders o WHERE o.c IN"
                        + " (SELECT c FROM silver.c) AND reflected > 0"))
                .isEmpty();
    }

    @Test
    void refusesStatementsInEveryRun() {
        assertThat(any("SET spark.sql.runSQLOnFiles=true"))
                .containsExactly("sql: is not a query but a SET statement (write one SELECT or WITH query; settings,"
                        + " DDL and writes are not allowed here)");
        assertThat(any("ADD JAR /tmp/x.jar"))
                .singleElement()
                .asString()
                .contains("is not a query but an ADD JARS statement");
        assertThat(any("CREATE TEMPORARY VIEW v USING text OPTIONS (path '/etc/passwd')"))
                .singleElement()
                .asString()
                .contains("is not a query but a CREATE TEMP VIEW USING statement");
        assertThat(any("CREATE TABLE t USING parquet LOCATION '/tmp/t' AS SELECT 1"))
                .hasSize(1);
        assertThat(any("INSERT INTO t SELECT 1")).hasSize(1);
        assertThat(any("LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE t")).hasSize(1);
        assertThat(any("CREATE FUNCTION f AS 'x.Y' USING JAR '/tmp/x.jar'")).hasSize(1);
        assertThat(any("EXPLAIN SELECT 1")).hasSize(1);
    }

    @Test
    void refusesAStatementHiddenBehindAQuery() {
        assertThat(any("SELECT 1; SET a=1"))
                .singleElement()
                .asString()
                .startsWith("sql: is not a single SQL query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SET'");
        assertThat(any("SELECT 1; SELECT 2")).hasSize(1);
        assertThat(any("FROM t INSERT INTO x SELECT a INSERT INTO y SELECT b"))
                .singleElement()
                .asString()
                .contains("is not a query but an INSERT INTO statement");
    }

    @Test
    void letsACliRunReadFilesAndCallJava() {
        assertThat(any("SELECT * FROM text.`/etc/passwd`")).isEmpty();
        assertThat(any("SELECT reflect('java.lang.System', 'getenv', 'HOME')")).isEmpty();
    }

    @Test
    void refusesFilesByPathJavaCallsAndProgramsInAServerRun() {
        assertThat(server("SELECT value FROM text.`/etc/passwd`"))
                .containsExactly("sql: reads `text`.`/etc/passwd`, which is not a table name: server runs read tables"
                        + " as layer.name, never files by path");
        assertThat(server("SELECT * FROM delta.`/srv/other-pipeline/lakehouse/silver/orders`"))
                .hasSize(1);
        assertThat(server("SELECT * FROM strata_iceberg_1a2b3c.`..`.`..`.other"))
                .hasSize(1);
        assertThat(server("SELECT reflect('java.lang.System', 'getenv', 'STRATA_DB_URL') AS u"))
                .containsExactly(
                        "sql: the function reflect is not available to server runs (it calls Java code by" + " name)");
        assertThat(server("SELECT a FROM silver.x WHERE a IN (SELECT JAVA_METHOD('java.lang.System', 'getenv'))"))
                .containsExactly("sql: the function java_method is not available to server runs (it calls Java code"
                        + " by name)");
        assertThat(server("WITH leak AS (SELECT * FROM csv.`/etc/shadow`) SELECT * FROM leak"))
                .hasSize(1);
        assertThat(server("SELECT TRANSFORM(name) USING 'cat /etc/passwd' AS (line) FROM silver.people"))
                .containsExactly("sql: TRANSFORM … USING runs a program on the host, which server runs may not do");
    }
}
