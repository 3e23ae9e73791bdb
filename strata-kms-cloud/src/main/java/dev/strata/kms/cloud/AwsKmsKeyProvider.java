package dev.strata.kms.cloud;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.awskms.AwsKmsClient;
import dev.strata.core.crypto.KeyProvider;
import dev.strata.core.crypto.KmsContext;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * AWS KMS through Tink's own integration (tink-awskms). KEK URI {@code aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID};
 * credentials from {@code STRATA_AWS_KMS_CREDENTIALS} (a properties file with accessKey and secretKey), else AWS's
 * default chain (environment, profile, web identity, instance role).
 */
public final class AwsKmsKeyProvider implements KeyProvider {
    public static final String NAME = "aws-kms";
    static final String CREDENTIALS = "STRATA_AWS_KMS_CREDENTIALS";
    private static final Pattern URI =
            Pattern.compile("aws-kms://arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String exampleUri() {
        return "aws-kms://arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    }

    @Override
    public Aead keyEncryptionKey(String kekUri, KmsContext context) {
        if (kekUri == null || !URI.matcher(kekUri).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key-encryption key '" + kekUri + "' with KMS aws-kms: expected the key's ARN as"
                            + " aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID (e.g. " + exampleUri() + ")");
        }
        String credentials = context.setting(CREDENTIALS);
        try {
            KmsClient client = new AwsKmsClient(kekUri);
            if (credentials != null) {
                if (!Files.isReadable(Path.of(credentials))) {
                    throw new StrataException(
                            ErrorCode.INVALID_SPEC,
                            "Cannot use AWS KMS key " + kekUri + ": " + CREDENTIALS + " names " + credentials
                                    + ", which cannot be read (point it at a properties file with accessKey and"
                                    + " secretKey, or unset it to use AWS's default credentials)");
                }
                client = client.withCredentials(credentials);
            } else {
                client = client.withDefaultCredentials();
            }
            return client.getAead(kekUri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use AWS KMS key " + kekUri + ": " + e.getMessage() + " (check " + CREDENTIALS
                            + " or AWS's credential settings)");
        }
    }
}
