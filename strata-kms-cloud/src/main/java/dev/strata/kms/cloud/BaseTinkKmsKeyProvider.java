package dev.strata.kms.cloud;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import dev.strata.core.crypto.KeyProvider;
import dev.strata.core.crypto.KmsContext;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * A KMS reached through one of Tink's own {@link KmsClient} integrations: checks the KEK URI's shape, then builds the
 * client from the credentials file a setting names, else from the cloud's default credentials.
 */
abstract class BaseTinkKmsKeyProvider implements KeyProvider {
    private final String name;
    private final String label;
    private final Pattern uri;
    private final String uriFormat;
    private final String exampleUri;
    private final String credentialsSetting;
    private final String unreadableCredentialsFix;
    private final String failureFix;

    /**
     * @param name the provider's name, also the KEK URI's scheme
     * @param label the KMS as messages name it, e.g. {@code AWS KMS}
     * @param uri the regular expression a KEK URI must match
     * @param uriFormat what a KEK URI looks like, for the message on a malformed one
     * @param exampleUri a well-formed KEK URI
     * @param credentialsSetting the setting that names a credentials file
     * @param unreadableCredentialsFix the fix when that file cannot be read
     * @param failureFix the fix when Tink refuses the key or the credentials
     */
    BaseTinkKmsKeyProvider(
            String name,
            String label,
            Pattern uri,
            String uriFormat,
            String exampleUri,
            String credentialsSetting,
            String unreadableCredentialsFix,
            String failureFix) {
        this.name = name;
        this.label = label;
        this.uri = uri;
        this.uriFormat = uriFormat;
        this.exampleUri = exampleUri;
        this.credentialsSetting = credentialsSetting;
        this.unreadableCredentialsFix = unreadableCredentialsFix;
        this.failureFix = failureFix;
    }

    /** Tink's client for the KMS holding {@code kekUri}, before credentials are set. */
    abstract KmsClient newClient(String kekUri);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String exampleUri() {
        return exampleUri;
    }

    @Override
    public final Aead keyEncryptionKey(String kekUri, KmsContext context) {
        if (kekUri == null || !uri.matcher(kekUri).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key-encryption key '" + kekUri + "' with KMS " + name + ": expected " + uriFormat
                            + " (e.g. " + exampleUri() + ")");
        }
        String credentials = context.setting(credentialsSetting);
        try {
            KmsClient client = newClient(kekUri);
            if (credentials != null) {
                if (!Files.isReadable(Path.of(credentials))) {
                    throw new StrataException(
                            ErrorCode.INVALID_SPEC,
                            "Cannot use " + label + " key " + kekUri + ": " + credentialsSetting + " names "
                                    + credentials + ", which cannot be read (" + unreadableCredentialsFix + ")");
                }
                client = client.withCredentials(credentials);
            } else {
                client = client.withDefaultCredentials();
            }
            return client.getAead(kekUri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use " + label + " key " + kekUri + ": " + e.getMessage() + " (" + failureFix + ")");
        }
    }
}
