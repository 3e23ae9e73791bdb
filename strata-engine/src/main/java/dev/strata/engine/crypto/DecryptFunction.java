package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.util.List;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.util.LongAccumulator;

/**
 * Decrypts one column's values: tries each of the column's possible origins (one, unless a query names a column that
 * several datasets encrypt) with its keyset and context; a value that none authenticates fails the query without
 * showing the value. Counts what it decrypted, for the audit.
 */
final class DecryptFunction implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    /** One origin a value may have: the keyset, its kind and the column's context. */
    record Origin(byte[] keyset, boolean deterministic, String context) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final List<Origin> origins;
    private final LongAccumulator decrypted;

    DecryptFunction(List<Origin> origins, LongAccumulator decrypted) {
        this.origins = List.copyOf(origins);
        this.decrypted = decrypted;
    }

    @Override
    public String call(String value) {
        if (value == null) {
            return null;
        }
        for (Origin origin : origins) {
            ColumnCipher cipher = Ciphers.get(origin.keyset(), origin.deterministic());
            try {
                String plaintext = cipher.decrypt(value, origin.context());
                if (decrypted != null) {
                    decrypted.add(1);
                }
                return plaintext;
            } catch (GeneralSecurityException e) {
                // not this origin
            }
        }
        throw new IllegalStateException("Cannot decrypt a value of "
                + String.join(" or ", origins.stream().map(Origin::context).toList())
                + ": it was not encrypted for that column by its key (was it copied from another column, or written"
                + " in clear?)");
    }

    @Override
    public String toString() {
        return "strata_decrypt("
                + String.join("|", origins.stream().map(Origin::context).toList()) + ")";
    }
}
