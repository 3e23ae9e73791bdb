package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;

/** Checks a dataset's {@code write:}: the keys a mode needs, the fields that apply to one mode or format only. */
final class WriteChecks {
    private final CheckContext context;
    private final Problems problems;

    WriteChecks(CheckContext context) {
        this.context = context;
        this.problems = context.problems();
    }

    void check(YamlPath path, JsonNode node, WriteSpec write) {
        WriteMode mode = write.mode();
        boolean needsKeys = mode == WriteMode.MERGE || mode == WriteMode.SCD2 || mode == WriteMode.DELETE;
        if (needsKeys && write.keys().isEmpty()) {
            problems.error(
                    node.has("mode") ? path.child("mode") : path,
                    "write mode " + mode.id() + " needs keys",
                    "add keys: [<key column>, …] to the write");
        }
        if (node.has("track") && mode != WriteMode.SCD2) {
            problems.errorAtKey(
                    path.child("track"), "'track' applies only to write mode scd2", "use mode: scd2, or remove track");
        }
        if (node.has("delete_when") && mode != WriteMode.MERGE) {
            problems.errorAtKey(
                    path.child("delete_when"),
                    "'delete_when' applies only to write mode merge",
                    "use mode: merge, or remove delete_when");
        }
        if (node.has("order_by") && mode != WriteMode.MERGE && mode != WriteMode.SCD2) {
            problems.errorAtKey(
                    path.child("order_by"),
                    "'order_by' applies only to write modes merge and scd2",
                    "it picks the row kept when a batch holds one key twice; remove it");
        }
        for (String tracked : write.track()) {
            if (write.keys().contains(tracked)) {
                problems.error(
                        path.child("track"),
                        "key column '" + tracked + "' cannot also be tracked",
                        "track lists the non-key columns whose change opens a new version");
            }
        }
        TableFormat format = write.formatOr(defaultFormat());
        if (!format.isTable() && mode != WriteMode.APPEND && mode != WriteMode.OVERWRITE) {
            problems.error(
                    node.has("mode") ? path.child("mode") : path,
                    "write mode " + mode.id() + " needs a table format, and " + format.id()
                            + " writes plain files that cannot update or delete rows",
                    "use format: delta, iceberg or hudi, or mode: append or overwrite");
        }
        if (node.has("table_type") && format != TableFormat.HUDI) {
            problems.errorAtKey(
                    path.child("table_type"),
                    "'table_type' applies only to format hudi, and this dataset writes " + format.id(),
                    "use format: hudi, or remove table_type");
        }
    }

    /** The pipeline's {@code storage.format}, or Delta when it is not set (or invalid: the schema reports that). */
    private TableFormat defaultFormat() {
        JsonNode format = context.root().path("storage").path("format");
        if (format.isTextual()) {
            for (TableFormat candidate : TableFormat.values()) {
                if (candidate.id().equals(format.asText())) {
                    return candidate;
                }
            }
        }
        return TableFormat.DELTA;
    }
}
