package dev.strata.core.validate;

import dev.strata.core.crypto.KeyStore;
import dev.strata.core.spec.EncryptSpec;
import dev.strata.core.spec.WriteSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What can be checked of {@code encrypt:} without the data or the key store: the columns (that they exist is checked
 * before the write, whether the key does by {@code validate} and at the start of a run), the key's name, and that
 * randomized ciphertexts are never compared: merge and scd2 keys, tracked columns and partitions need equal values to
 * stay equal.
 */
final class EncryptChecks {
    /** Columns Strata writes and reads itself. */
    private static final List<String> STRATA_COLUMNS = List.of(
            "_run_id",
            "_ingested_at",
            "_source_file",
            "_failed_rules",
            "_reason",
            "_quarantined_at",
            "_raw_record",
            "_valid_from",
            "_valid_to",
            "_is_current");

    private final Problems problems;

    EncryptChecks(Problems problems) {
        this.problems = problems;
    }

    void check(YamlPath path, EncryptSpec encrypt, WriteSpec write) {
        if (encrypt.columns().isEmpty()) {
            problems.error(
                    path.child("columns"),
                    "encrypt needs at least one column",
                    "e.g. encrypt: {columns: [email], key: pii}");
        }
        if (encrypt.key() != null && !KeyStore.validName(encrypt.key())) {
            problems.error(
                    path.child("key"),
                    "invalid key name '" + encrypt.key() + "'",
                    "use 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < encrypt.columns().size(); i++) {
            String column = encrypt.columns().get(i);
            YamlPath at = path.resolve("columns", i);
            if (!seen.add(column)) {
                problems.error(at, "column '" + column + "' is listed twice", "list each column once");
            } else if (column.startsWith("_") && STRATA_COLUMNS.contains(column)) {
                problems.error(
                        at,
                        "cannot encrypt Strata's own column '" + column + "'",
                        "encrypt the dataset's data columns; Strata reads " + String.join(", ", STRATA_COLUMNS));
            } else if (write.partitionBy().contains(column)) {
                problems.error(
                        at,
                        "cannot encrypt partition column '" + column + "'",
                        "a ciphertext makes a useless partition: partition by another column");
            } else if (!Boolean.TRUE.equals(encrypt.deterministic())
                    && (write.keys().contains(column) || write.track().contains(column))) {
                problems.error(
                        at,
                        "'" + column + "' is a " + (write.keys().contains(column) ? "key" : "tracked column") + " of"
                                + " write mode " + write.mode().id() + ", and randomized ciphertexts of equal values"
                                + " differ",
                        "set deterministic: true, so equal values keep equal ciphertexts");
            }
            checkReadByWrite(at, column, "order_by", write.orderBy());
            checkReadByWrite(at, column, "delete_when", write.deleteWhen());
        }
    }

    /** An expression of the write that names an encrypted column would compare its ciphertexts. */
    private void checkReadByWrite(YamlPath at, String column, String field, String expression) {
        if (expression != null
                && Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(column) + "(?![A-Za-z0-9_])")
                        .matcher(expression)
                        .find()) {
            problems.error(
                    at,
                    "'" + column + "' is encrypted before the write, so write." + field + " would read its ciphertexts",
                    "use a column that is not encrypted in write." + field + ", or do not encrypt '" + column + "'");
        }
    }
}
