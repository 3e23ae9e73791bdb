package dev.strata.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.strata.core.config.RunConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.net.URI;
import java.security.GeneralSecurityException;

/**
 * HashiCorp Vault's (or OpenBao's) transit secrets engine. KEK URI {@code vault:MOUNT/KEY}, e.g. {@code
 * vault:transit/strata}; the server is {@code VAULT_ADDR}, the token {@code VAULT_TOKEN}, and {@code VAULT_NAMESPACE}
 * is sent when set. Envelope encryption: Vault only ever sees a fresh 32-byte data key per keyset, which encrypts the
 * keyset locally (Tink's KmsEnvelopeAead), so the keyset's associated data never leaves the host.
 */
public final class VaultKeyProvider implements KeyProvider {
    public static final String NAME = "vault";
    private static final String PREFIX = "vault:";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String exampleUri() {
        return "vault:transit/strata";
    }

    @Override
    public Aead keyEncryptionKey(String kekUri, KmsContext context) {
        if (kekUri == null
                || !kekUri.startsWith(PREFIX)
                || !kekUri.substring(PREFIX.length()).matches("[^/]+(/[^/]+)*/[^/]+")) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key-encryption key '" + kekUri + "' with KMS vault: expected vault:MOUNT/KEY (e.g. "
                            + exampleUri() + " for the key strata of the transit engine mounted at transit/)");
        }
        String path = kekUri.substring(PREFIX.length());
        int slash = path.lastIndexOf('/');
        String address = context.setting(RunConfig.VAULT_ADDR.name());
        if (address == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot reach Vault for key-encryption key " + kekUri + ": VAULT_ADDR is not set (export"
                            + " VAULT_ADDR=https://vault.example.com:8200)");
        }
        URI base;
        try {
            base = URI.create(address.endsWith("/") ? address : address + "/");
        } catch (IllegalArgumentException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot reach Vault: VAULT_ADDR '" + address
                            + "' is not a URL (e.g. https://vault.example.com:8200)");
        }
        if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot reach Vault: VAULT_ADDR '" + address + "' is not an http(s) URL (e.g."
                            + " https://vault.example.com:8200)");
        }
        String token = context.setting(RunConfig.VAULT_TOKEN.name());
        if (token == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot reach Vault for key-encryption key " + kekUri + ": VAULT_TOKEN is not set (export a token"
                            + " whose policy allows update on " + path.substring(0, slash) + "/encrypt/"
                            + path.substring(slash + 1) + " and " + path.substring(0, slash) + "/decrypt/"
                            + path.substring(slash + 1) + ")");
        }
        Aead remote = new VaultTransitAead(
                base,
                path.substring(0, slash),
                path.substring(slash + 1),
                token,
                context.setting(RunConfig.VAULT_NAMESPACE.name()));
        Tink.register();
        try {
            return KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, remote);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the envelope over Vault: " + e.getMessage(), e);
        }
    }
}
