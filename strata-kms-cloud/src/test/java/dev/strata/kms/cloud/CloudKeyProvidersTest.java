package dev.strata.kms.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.strata.core.crypto.KeyProviders;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.crypto.KmsContext;
import dev.strata.core.error.StrataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud KMS plugins as far as a machine without network can test them: found by name, their KEK URIs and
 * credential settings checked with clear messages, and Tink's clients built (which needs no network). Encrypting
 * would call AWS or Google, so it is not tried here; the default credential chains are not tried either, as they probe
 * instance metadata endpoints.
 */
class CloudKeyProvidersTest {
    private static final String AWS_KEY =
            "aws-kms://arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String GCP_KEY =
            "gcp-kms://projects/acme/locations/europe-west1/keyRings/strata/cryptoKeys/kek";

    @TempDir
    Path dir;

    @Test
    void bothPluginsAreFoundByNameBesideTheBuiltInOnes() {
        assertThat(KeyProviders.available().keySet()).containsExactly("aws-kms", "gcp-kms", "local", "vault");
        assertThat(KeyProviders.named("aws-kms")).isInstanceOf(AwsKmsKeyProvider.class);
        assertThat(KeyProviders.named("gcp-kms")).isInstanceOf(GcpKmsKeyProvider.class);
    }

    @Test
    void malformedKeyUrisAreRefusedWithAnExample() {
        KmsContext context = new KmsContext(dir, Map.of());
        assertThatThrownBy(() -> new AwsKmsKeyProvider().keyEncryptionKey("aws-kms://my-key", context))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use key-encryption key 'aws-kms://my-key' with KMS aws-kms: expected the key's ARN"
                        + " as aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID (e.g. " + AWS_KEY + ")");
        assertThatThrownBy(() -> new GcpKmsKeyProvider().keyEncryptionKey("gcp-kms://projects/acme", context))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use key-encryption key 'gcp-kms://projects/acme' with KMS gcp-kms: expected"
                        + " gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K (e.g. " + GCP_KEY + ")");
        assertThatThrownBy(() -> new KeyStore(dir, Map.of()).create("pii", "aws-kms", null, List.of()))
                .hasMessage("Cannot create a key in KMS 'aws-kms': it has no default key-encryption key (pass"
                        + " --kek-uri " + AWS_KEY + ")");
    }

    @Test
    void unreadableCredentialFilesAreRefusedWithTheSettingToFix() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> new AwsKmsKeyProvider()
                        .keyEncryptionKey(
                                AWS_KEY, new KmsContext(dir, Map.of("STRATA_AWS_KMS_CREDENTIALS", missing.toString()))))
                .hasMessage("Cannot use AWS KMS key " + AWS_KEY + ": STRATA_AWS_KMS_CREDENTIALS names " + missing
                        + ", which cannot be read (point it at a properties file with accessKey and secretKey, or"
                        + " unset it to use AWS's default credentials)");
        assertThatThrownBy(() -> new GcpKmsKeyProvider()
                        .keyEncryptionKey(
                                GCP_KEY,
                                new KmsContext(dir, Map.of("GOOGLE_APPLICATION_CREDENTIALS", missing.toString()))))
                .hasMessage("Cannot use GCP KMS key " + GCP_KEY + ": GOOGLE_APPLICATION_CREDENTIALS names " + missing
                        + ", which cannot be read (point it at a service account's JSON key, or unset it to use"
                        + " application default credentials)");
    }

    @Test
    void aBrokenServiceAccountKeyIsRefused() throws Exception {
        Path broken = dir.resolve("sa.json");
        Files.writeString(broken, "{\"type\": \"service_account\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new GcpKmsKeyProvider()
                        .keyEncryptionKey(
                                GCP_KEY,
                                new KmsContext(dir, Map.of("GOOGLE_APPLICATION_CREDENTIALS", broken.toString()))))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot use GCP KMS key " + GCP_KEY + ": ")
                .hasMessageEndingWith("(check GOOGLE_APPLICATION_CREDENTIALS)");
    }

    @Test
    void tinksClientsAreBuiltFromExplicitCredentialsWithoutTheNetwork() throws Exception {
        Path aws = dir.resolve("aws.properties");
        Files.writeString(aws, "accessKey=AKIAEXAMPLE\nsecretKey=example\n", StandardCharsets.UTF_8);
        Aead awsKek = new AwsKmsKeyProvider()
                .keyEncryptionKey(AWS_KEY, new KmsContext(dir, Map.of("STRATA_AWS_KMS_CREDENTIALS", aws.toString())));
        assertThat(awsKek).isNotNull();

        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder()
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        Path gcp = dir.resolve("sa.json");
        Files.writeString(
                gcp,
                "{\"type\": \"service_account\", \"project_id\": \"acme\", \"private_key_id\": \"1\","
                        + " \"private_key\": \"" + pem
                        + "\", \"client_email\": \"strata@acme.iam.gserviceaccount.com\","
                        + " \"client_id\": \"1\", \"token_uri\": \"https://oauth2.googleapis.com/token\"}",
                StandardCharsets.UTF_8);
        Aead gcpKek = new GcpKmsKeyProvider()
                .keyEncryptionKey(
                        GCP_KEY, new KmsContext(dir, Map.of("GOOGLE_APPLICATION_CREDENTIALS", gcp.toString())));
        assertThat(gcpKek).isNotNull();
    }
}
