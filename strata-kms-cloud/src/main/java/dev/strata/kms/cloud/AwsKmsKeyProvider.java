package dev.strata.kms.cloud;

import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.awskms.AwsKmsClient;
import dev.strata.core.config.RunConfig;
import java.util.regex.Pattern;

/**
 * AWS KMS through Tink's own integration (tink-awskms). KEK URI {@code aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID};
 * credentials from {@code STRATA_AWS_KMS_CREDENTIALS} (a properties file with accessKey and secretKey), else AWS's
 * default chain (environment, profile, web identity, instance role).
 */
public final class AwsKmsKeyProvider extends BaseTinkKmsKeyProvider {
    public static final String NAME = "aws-kms";
    static final String CREDENTIALS = RunConfig.AWS_KMS_CREDENTIALS.name();
    private static final Pattern URI =
            Pattern.compile("aws-kms://arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+");

    public AwsKmsKeyProvider() {
        super(
                NAME,
                "AWS KMS",
                URI,
                "the key's ARN as aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID",
                "aws-kms://arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                CREDENTIALS,
                "point it at a properties file with accessKey and secretKey, or unset it to use AWS's default"
                        + " credentials",
                "check " + CREDENTIALS + " or AWS's credential settings");
    }

    @Override
    KmsClient newClient(String kekUri) {
        return new AwsKmsClient(kekUri);
    }
}
