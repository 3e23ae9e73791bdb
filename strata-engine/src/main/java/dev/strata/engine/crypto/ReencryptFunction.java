package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import java.security.GeneralSecurityException;
import org.apache.spark.sql.api.java.UDF1;

/** A value under the keyset's primary key: kept as is when it already is, else decrypted and encrypted again. */
final class ReencryptFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    private final byte[] keyset;
    private final boolean deterministic;
    private final String context;
    private transient ColumnCipher cipher;

    ReencryptFunction(byte[] keyset, boolean deterministic, String context) {
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
        if (ColumnCipher.keyId(value) == cipher.primaryKeyId()) {
            return value;
        }
        try {
            return cipher.encrypt(cipher.decrypt(value, context), context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot re-encrypt a value of " + context + ": it was not encrypted for"
                    + " that column by this key");
        }
    }
}
