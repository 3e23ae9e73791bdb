package dev.strata.cli;

import java.util.List;
import java.util.Set;

/** The names {@code strata shell} completes: SQL's keywords and functions, the pipeline's tables and their columns. */
interface SqlNames {
    /** Spark SQL's keywords, in upper case. */
    Set<String> keywords();

    /** The functions a query can call, in lower case. */
    List<String> functions();

    /** The tables a query can read: the pipeline's datasets and quarantines that exist. */
    List<String> tables();

    /** A table's columns; none when the table cannot be read. */
    List<String> columns(String table);
}
