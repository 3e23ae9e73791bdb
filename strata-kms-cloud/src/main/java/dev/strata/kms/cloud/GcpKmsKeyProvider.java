package dev.strata.kms.cloud;

import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import dev.strata.core.config.RunConfig;
import java.util.regex.Pattern;

/**
 * Google Cloud KMS through Tink's own integration (tink-gcpkms). KEK URI {@code
 * gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K}; credentials from {@code GOOGLE_APPLICATION_CREDENTIALS}
 * (a service account's JSON key), else Google's application default credentials.
 */
public final class GcpKmsKeyProvider extends BaseTinkKmsKeyProvider {
    public static final String NAME = "gcp-kms";
    static final String CREDENTIALS = RunConfig.GOOGLE_CREDENTIALS.name();
    private static final Pattern URI =
            Pattern.compile("gcp-kms://projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");

    public GcpKmsKeyProvider() {
        super(
                NAME,
                "GCP KMS",
                URI,
                "gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K",
                "gcp-kms://projects/acme/locations/europe-west1/keyRings/strata/cryptoKeys/kek",
                CREDENTIALS,
                "point it at a service account's JSON key, or unset it to use application default credentials",
                "check " + CREDENTIALS);
    }

    @Override
    KmsClient newClient(String kekUri) {
        return new GcpKmsClient(kekUri);
    }
}
