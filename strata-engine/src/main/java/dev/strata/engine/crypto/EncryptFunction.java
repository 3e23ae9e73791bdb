package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Encrypts one column's text values under a keyset's primary key, with the column's context as associated data. The
 * cleartext keyset travels inside the task (Spark's task serialization, in memory, over Spark's RPC: see
 * docs/security.md); the KEK never leaves the driver.
 */
final class EncryptFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    private final byte[] keyset;
    private final boolean deterministic;
    private final String context;
    private transient ColumnCipher cipher;

    EncryptFunction(byte[] keyset, boolean deterministic, String context) {
        this.keyset = keyset.clone();
        this.deterministic = deterministic;
        this.context = context;
    }

    @Override
    public String call(String value) {
        if (value == null) {
            return null;
        }
        if (cipher == null) {
            cipher = Ciphers.get(keyset, deterministic);
        }
        return cipher.encrypt(value, context);
    }

    @Override
    public String toString() {
        return "strata_encrypt(" + context + ")";
    }
}
