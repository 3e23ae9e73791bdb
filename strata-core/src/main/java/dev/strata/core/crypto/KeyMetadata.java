package dev.strata.core.crypto;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the key store records of one managed key, beside its encrypted keysets.
 *
 * @param name the key's name, as {@code encrypt: {key: NAME}} uses it
 * @param kms the {@link KeyProvider} holding its key-encryption key
 * @param kekUri the key-encryption key within that KMS
 * @param created when the key was created
 * @param rotated when it was last rotated, or null
 * @param generation 1 at creation, plus one per rotation
 * @param primaryKeyId the Tink key id new AES-GCM values are encrypted with
 * @param deterministicPrimaryKeyId the Tink key id new AES-SIV values are encrypted with
 * @param disabled true when new encryption with the key is refused
 * @param grants the roles (and {@code user:NAME} principals) that may decrypt with it
 */
public record KeyMetadata(
        String name,
        String kms,
        String kekUri,
        Instant created,
        Instant rotated,
        int generation,
        long primaryKeyId,
        long deterministicPrimaryKeyId,
        boolean disabled,
        List<String> grants) {

    public KeyMetadata {
        requireNonNull(name, "name is null");
        requireNonNull(kms, "kms is null");
        requireNonNull(kekUri, "kekUri is null");
        requireNonNull(created, "created is null");
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    KeyMetadata rotatedTo(Instant at, long primary, long deterministicPrimary) {
        return new KeyMetadata(
                name, kms, kekUri, created, at, generation + 1, primary, deterministicPrimary, disabled, grants);
    }

    KeyMetadata withDisabled(boolean value) {
        return new KeyMetadata(
                name,
                kms,
                kekUri,
                created,
                rotated,
                generation,
                primaryKeyId,
                deterministicPrimaryKeyId,
                value,
                grants);
    }

    KeyMetadata withGrants(List<String> value) {
        return new KeyMetadata(
                name,
                kms,
                kekUri,
                created,
                rotated,
                generation,
                primaryKeyId,
                deterministicPrimaryKeyId,
                disabled,
                value);
    }

    /** Whether a principal with these roles (its own {@code user:NAME} among them) may decrypt with this key. */
    public boolean grants(java.util.Collection<String> roles) {
        return roles.stream().anyMatch(grants::contains);
    }
}
