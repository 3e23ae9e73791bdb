package dev.strata.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Encrypts and decrypts column values with one keyset: AES-256-SIV (deterministic: equal values give equal
 * ciphertexts, so the column still joins and groups) or AES-256-GCM. The associated data is the value's context,
 * {@code <layer>.<name>.<column>}: a value moved to another column or dataset does not decrypt. Values are text;
 * ciphertexts are base64 text whose first 5 bytes (decoded) name the Tink key that made them. Build one per task or
 * executor, never per row; instances are thread-safe.
 */
public final class ColumnCipher {
    /** Tink's output prefix: a version byte and the 4-byte key id. */
    private static final int PREFIX = 5;

    private final boolean deterministic;
    private final Aead aead;
    private final DeterministicAead daead;
    private final long primaryKeyId;

    private ColumnCipher(KeysetHandle keyset, boolean deterministic) throws GeneralSecurityException {
        Tink.register();
        this.deterministic = deterministic;
        this.primaryKeyId = Integer.toUnsignedLong(keyset.getPrimary().getId());
        if (deterministic) {
            this.daead = keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
            this.aead = null;
        } else {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.daead = null;
        }
    }

    /** A cipher over a cleartext keyset in Tink's binary format, as {@link KeyMaterial} holds it. */
    public static ColumnCipher of(byte[] cleartextKeyset, boolean deterministic) {
        try {
            return new ColumnCipher(
                    TinkProtoKeysetFormat.parseKeyset(cleartextKeyset, InsecureSecretKeyAccess.get()), deterministic);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a column cipher: " + e.getMessage(), e);
        }
    }

    /** The associated data of a column's values. */
    public static String context(String dataset, String column) {
        return dataset + "." + column;
    }

    public boolean deterministic() {
        return deterministic;
    }

    /** The Tink key id new values are encrypted with. */
    public long primaryKeyId() {
        return primaryKeyId;
    }

    /** The value encrypted under the primary key, as base64; NULL stays NULL. */
    public String encrypt(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        byte[] value = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] ad = context.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] ciphertext = deterministic ? daead.encryptDeterministically(value, ad) : aead.encrypt(value, ad);
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a value of " + context + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of a value this keyset encrypted (under any of its keys, so data written before a rotation still
     * decrypts); NULL stays NULL.
     *
     * @throws GeneralSecurityException when the value was not encrypted for {@code context} by this keyset
     */
    public String decrypt(String ciphertext, String context) throws GeneralSecurityException {
        if (ciphertext == null) {
            return null;
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        byte[] ad = context.getBytes(StandardCharsets.UTF_8);
        byte[] plaintext = deterministic ? daead.decryptDeterministically(value, ad) : aead.decrypt(value, ad);
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    /** The Tink key id a ciphertext names, or -1 when it is not a prefixed Tink ciphertext. */
    public static long keyId(String ciphertext) {
        if (ciphertext == null) {
            return -1;
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (value.length < PREFIX || value[0] != 0x01) {
            return -1;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(value, 1, 4).getInt());
    }
}
