package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import org.apache.spark.sql.api.java.UDF1;

/**
 * A function over one column's text values with one keyset and the column's context: nulls stay null, and the cipher
 * is looked up in {@link Ciphers} on the first value a task sees, so it is built once per executor, never per row.
 */
abstract class BaseCipherFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    private final byte[] keyset;
    private final boolean deterministic;
    private final String context;
    private transient ColumnCipher cipher;

    BaseCipherFunction(byte[] keyset, boolean deterministic, String context) {
        this.keyset = keyset.clone();
        this.deterministic = deterministic;
        this.context = context;
    }

    /** The result for a non-null {@code value}. */
    abstract String apply(ColumnCipher cipher, String value);

    final String context() {
        return context;
    }

    @Override
    public final String call(String value) {
        if (value == null) {
            return null;
        }
        if (cipher == null) {
            cipher = Ciphers.get(keyset, deterministic);
        }
        return apply(cipher, value);
    }
}
