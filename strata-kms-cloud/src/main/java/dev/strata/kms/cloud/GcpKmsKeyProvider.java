package dev.strata.kms.cloud;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import dev.strata.core.crypto.KeyProvider;
import dev.strata.core.crypto.KmsContext;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * Google Cloud KMS through Tink's own integration (tink-gcpkms). KEK URI {@code
 * gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K}; credentials from {@code GOOGLE_APPLICATION_CREDENTIALS}
 * (a service account's JSON key), else Google's application default credentials.
 */
public final class GcpKmsKeyProvider implements KeyProvider {
    public static final String NAME = "gcp-kms";
    static final String CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS";
    private static final Pattern URI =
            Pattern.compile("gcp-kms://projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String exampleUri() {
        return "gcp-kms://projects/acme/locations/europe-west1/keyRings/strata/cryptoKeys/kek";
    }

    @Override
    public Aead keyEncryptionKey(String kekUri, KmsContext context) {
        if (kekUri == null || !URI.matcher(kekUri).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key-encryption key '" + kekUri + "' with KMS gcp-kms: expected"
                            + " gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K (e.g. " + exampleUri() + ")");
        }
        String credentials = context.setting(CREDENTIALS);
        try {
            KmsClient client = new GcpKmsClient(kekUri);
            if (credentials != null) {
                if (!Files.isReadable(Path.of(credentials))) {
                    throw new StrataException(
                            ErrorCode.INVALID_SPEC,
                            "Cannot use GCP KMS key " + kekUri + ": " + CREDENTIALS + " names " + credentials
                                    + ", which cannot be read (point it at a service account's JSON key, or unset it"
                                    + " to use application default credentials)");
                }
                client = client.withCredentials(credentials);
            } else {
                client = client.withDefaultCredentials();
            }
            return client.getAead(kekUri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use GCP KMS key " + kekUri + ": " + e.getMessage() + " (check " + CREDENTIALS + ")");
        }
    }
}
