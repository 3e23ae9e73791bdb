package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import java.security.GeneralSecurityException;
import java.util.List;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.util.LongAccumulator;

/**
 * Decrypts one column's values: tries each of the column's possible contexts (one, unless a query names a column
 * that several datasets encrypt) with the keyset; a value that none authenticates fails the query without showing the
 * value. Counts what it decrypted, for the audit.
 */
final class DecryptFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    private final byte[] keyset;
    private final boolean deterministic;
    private final List<String> contexts;
    private final LongAccumulator decrypted;
    private transient ColumnCipher cipher;

    DecryptFunction(byte[] keyset, boolean deterministic, List<String> contexts, LongAccumulator decrypted) {
        this.keyset = keyset.clone();
        this.deterministic = deterministic;
        this.contexts = List.copyOf(contexts);
        this.decrypted = decrypted;
    }

    @Override
    public String call(String value) {
        if (value == null) {
            return null;
        }
        if (cipher == null) {
            cipher = Ciphers.get(keyset, deterministic);
        }
        for (String context : contexts) {
            try {
                String plaintext = cipher.decrypt(value, context);
                if (decrypted != null) {
                    decrypted.add(1);
                }
                return plaintext;
            } catch (GeneralSecurityException e) {
                // not this context, or not this key
            }
        }
        throw new IllegalStateException("Cannot decrypt a value of " + String.join(" or ", contexts)
                + ": it was not encrypted for that column by this key (was it copied from another column, or"
                + " written in clear?)");
    }

    @Override
    public String toString() {
        return "strata_decrypt(" + String.join("|", contexts) + ")";
    }
}
