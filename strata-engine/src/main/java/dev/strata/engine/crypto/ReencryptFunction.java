package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import java.security.GeneralSecurityException;

/** A value under the keyset's primary key: kept as is when it already is, else decrypted and encrypted again. */
final class ReencryptFunction extends BaseCipherFunction {
    private static final long serialVersionUID = 1L;

    ReencryptFunction(byte[] keyset, boolean deterministic, String context) {
        super(keyset, deterministic, context);
    }

    @Override
    String apply(ColumnCipher cipher, String value) {
        if (ColumnCipher.keyId(value) == cipher.primaryKeyId()) {
            return value;
        }
        try {
            return cipher.encrypt(cipher.decrypt(value, context()), context());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot re-encrypt a value of " + context() + ": it was not encrypted for"
                    + " that column by this key");
        }
    }
}
