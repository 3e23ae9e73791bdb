package dev.strata.core.crypto;

import com.google.crypto.tink.Aead;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;

/**
 * A KMS holding the key-encryption keys (KEKs) that encrypt Strata's keysets at rest. Implementations are found by
 * {@link #name()} through ServiceLoader ({@code META-INF/services/dev.strata.core.crypto.KeyProvider}).
 */
public interface KeyProvider {
    /** The name keys record and {@code strata keys create --kms} takes: local, vault, aws-kms, gcp-kms, ... */
    String name();

    /**
     * The key-encryption key at {@code kekUri} as an Aead. Misconfiguration fails here with a message that names the
     * setting to fix; an unreachable KMS fails when the Aead is used.
     */
    Aead keyEncryptionKey(String kekUri, KmsContext context);

    /** The KEK URI of a new key when {@code --kek-uri} is not given; providers without a default refuse. */
    default String defaultKekUri(KmsContext context) {
        throw new StrataException(
                ErrorCode.INVALID_SPEC,
                "Cannot create a key in KMS '" + name() + "': it has no default key-encryption key (pass --kek-uri "
                        + exampleUri() + ")");
    }

    /** An example KEK URI, for messages. */
    default String exampleUri() {
        return name() + ":…";
    }
}
