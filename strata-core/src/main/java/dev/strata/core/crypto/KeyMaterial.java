package dev.strata.core.crypto;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;

/**
 * The cleartext keysets of one managed key, decrypted under its KEK: AES-256-GCM for randomized and AES-256-SIV for
 * deterministic encryption. Held in memory only; {@link #toString()} shows no key material.
 */
public final class KeyMaterial {
    private final KeyMetadata metadata;
    private final byte[] aead;
    private final byte[] deterministic;

    KeyMaterial(KeyMetadata metadata, byte[] aead, byte[] deterministic) {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.aead = aead.clone();
        this.deterministic = deterministic.clone();
    }

    public KeyMetadata metadata() {
        return metadata;
    }

    public String name() {
        return metadata.name();
    }

    /**
     * The cleartext keyset (Tink binary format) of one kind, to build a {@link ColumnCipher} where the data is, e.g.
     * on a Spark executor.
     */
    public byte[] keyset(boolean deterministicKind) {
        return (deterministicKind ? deterministic : aead).clone();
    }

    /** A cipher for new values; a disabled key refuses. */
    public ColumnCipher encrypter(boolean deterministicKind) {
        checkEnabled();
        return ColumnCipher.of(deterministicKind ? deterministic : aead, deterministicKind);
    }

    /** A cipher for reading values, whether or not the key is disabled. */
    public ColumnCipher decrypter(boolean deterministicKind) {
        return ColumnCipher.of(deterministicKind ? deterministic : aead, deterministicKind);
    }

    /** Refuses new encryption with a disabled key. */
    public void checkEnabled() {
        if (metadata.disabled()) {
            throw new StrataException(
                    ErrorCode.ACCESS_DENIED,
                    "Cannot encrypt with key '" + metadata.name() + "': it is disabled (existing data still decrypts;"
                            + " run strata keys enable " + metadata.name() + ", or use another key)");
        }
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + metadata.name() + ", generation " + metadata.generation() + "]";
    }
}
