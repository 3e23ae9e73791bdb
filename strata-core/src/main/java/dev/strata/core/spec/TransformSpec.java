package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * One transform step. Exactly one key is set, e.g. {@code {dedupe: {keys: [order_id]}}}; {@link #kind()} tells which.
 */
public record TransformSpec(
        @JsonPropertyDescription("Keep these columns (SQL expressions allowed), in this order.")
        List<String> select,

        @JsonPropertyDescription("Rename columns: {old: new}.")
        Map<String, String> rename,

        @JsonPropertyDescription("Cast columns: {column: SPARK_TYPE}.")
        Map<String, String> cast,

        @JsonPropertyDescription("Keep rows where this SQL condition is true; others count as dropped.")
        String filter,

        @JsonPropertyDescription("Add or replace columns: {column: SQL expression}.")
        Map<String, String> derive,

        @JsonPropertyDescription("Keep one row per key; removed rows count as dropped.")
        Dedupe dedupe,

        @JsonPropertyDescription("Join another dataset.") Join join,

        @JsonPropertyDescription("A Spark SQL query over the current rows, named `input`.")
        String sql) {

    public TransformSpec {
        select = select == null ? null : List.copyOf(select);
        rename = rename == null ? null : Specs.orderedCopy(rename);
        cast = cast == null ? null : Specs.orderedCopy(cast);
        derive = derive == null ? null : Specs.orderedCopy(derive);
    }

    /** Which step this is. */
    public enum Kind {
        SELECT,
        RENAME,
        CAST,
        FILTER,
        DERIVE,
        DEDUPE,
        JOIN,
        SQL
    }

    /** Keeps one row per key, the first by {@code order_by}; rows with a NULL key are never merged. */
    public record Dedupe(
            @JsonProperty(required = true) @JsonPropertyDescription("Key columns.")
            List<String> keys,

            @JsonPropertyDescription("Which row to keep, e.g. \"ordered_at DESC\".")
            String orderBy) {
        public Dedupe {
            keys = Specs.copy(keys);
        }
    }

    /** Joins the current rows (alias l) with another dataset (alias r). */
    public record Join(
            @JsonProperty(required = true) @JsonPropertyDescription("The other dataset, as layer.name.")
            String with,

            @JsonPropertyDescription("Equi-join columns present on both sides.")
            List<String> on,

            @JsonPropertyDescription("Join condition in SQL over aliases l and r; instead of on.")
            String condition,

            @JsonPropertyDescription("inner (default) | left | right | full | left_semi | left_anti.")
            JoinType how) {
        public Join {
            on = Specs.copy(on);
            how = how == null ? JoinType.INNER : how;
        }
    }

    /** Join types, named as Spark names them. */
    public enum JoinType {
        @JsonProperty("inner")
        INNER("inner"),
        @JsonProperty("left")
        LEFT("left"),
        @JsonProperty("right")
        RIGHT("right"),
        @JsonProperty("full")
        FULL("full"),
        @JsonProperty("left_semi")
        LEFT_SEMI("left_semi"),
        @JsonProperty("left_anti")
        LEFT_ANTI("left_anti");

        private final String sparkName;

        JoinType(String sparkName) {
            this.sparkName = sparkName;
        }

        public String sparkName() {
            return sparkName;
        }
    }

    /** The step this object declares; the validator guarantees exactly one key is set. */
    @JsonIgnore
    public Kind kind() {
        if (select != null) {
            return Kind.SELECT;
        } else if (rename != null) {
            return Kind.RENAME;
        } else if (cast != null) {
            return Kind.CAST;
        } else if (filter != null) {
            return Kind.FILTER;
        } else if (derive != null) {
            return Kind.DERIVE;
        } else if (dedupe != null) {
            return Kind.DEDUPE;
        } else if (join != null) {
            return Kind.JOIN;
        } else if (sql != null) {
            return Kind.SQL;
        }
        throw new IllegalStateException("Cannot tell the kind of an empty transform step");
    }

    public static TransformSpec select(List<String> columns) {
        return new TransformSpec(columns, null, null, null, null, null, null, null);
    }

    public static TransformSpec rename(Map<String, String> renames) {
        return new TransformSpec(null, renames, null, null, null, null, null, null);
    }

    public static TransformSpec cast(Map<String, String> casts) {
        return new TransformSpec(null, null, casts, null, null, null, null, null);
    }

    public static TransformSpec filter(String condition) {
        return new TransformSpec(null, null, null, condition, null, null, null, null);
    }

    public static TransformSpec derive(Map<String, String> columns) {
        return new TransformSpec(null, null, null, null, columns, null, null, null);
    }

    public static TransformSpec dedupe(List<String> keys, String orderBy) {
        return new TransformSpec(null, null, null, null, null, new Dedupe(keys, orderBy), null, null);
    }

    public static TransformSpec join(Join join) {
        return new TransformSpec(null, null, null, null, null, null, join, null);
    }

    public static TransformSpec sql(String query) {
        return new TransformSpec(null, null, null, null, null, null, null, query);
    }
}
