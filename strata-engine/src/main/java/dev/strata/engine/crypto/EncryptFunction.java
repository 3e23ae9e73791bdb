package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;

/**
 * Encrypts one column's text values under a keyset's primary key, with the column's context as associated data. The
 * cleartext keyset travels inside the task (Spark's task serialization, in memory, over Spark's RPC: see
 * docs/security.md); the KEK never leaves the driver.
 */
final class EncryptFunction extends BaseCipherFunction {
    private static final long serialVersionUID = 1L;

    EncryptFunction(byte[] keyset, boolean deterministic, String context) {
        super(keyset, deterministic, context);
    }

    @Override
    String apply(ColumnCipher cipher, String value) {
        return cipher.encrypt(value, context());
    }

    @Override
    public String toString() {
        return "strata_encrypt(" + context() + ")";
    }
}
