package dev.strata.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.doctor.CheckResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsCheckTest {
    private static final String SECRET = "canary-secret-value-4711";

    @TempDir
    Path home;

    @Test
    void needsNoneForALocalRoot() {
        assertThat(CredentialsCheck.check("/data/lake", Map.of(), Map.of(), home))
                .isEqualTo(CheckResult.ok("credentials", "none needed for a local storage root"));
    }

    @Test
    void namesWhereAwsCredentialsComeFromButNeverTheirValues() {
        CheckResult result = CredentialsCheck.check(
                "s3a://lake/retail",
                Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET),
                Map.of("fs.s3a.bucket.lake.access.key", "AKIAEXAMPLE2", "fs.s3a.bucket.lake.secret.key", SECRET),
                home);

        assertThat(result)
                .isEqualTo(CheckResult.ok(
                        "credentials",
                        "from Hadoop setting fs.s3a[.bucket.*].access.key; environment variables AWS_ACCESS_KEY_ID"
                                + " and AWS_SECRET_ACCESS_KEY"));
        assertThat(result.toString()).doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void failsHalfAnAwsKeyPair() {
        CheckResult result =
                CredentialsCheck.check("s3a://lake/retail", Map.of("AWS_SECRET_ACCESS_KEY", SECRET), Map.of(), home);

        assertThat(result)
                .isEqualTo(CheckResult.fail(
                        "credentials",
                        "AWS_SECRET_ACCESS_KEY is set without its other half",
                        "export both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither"));
    }

    @Test
    void warnsWhenNoAzureCredentialsAreSet() {
        CheckResult result =
                CredentialsCheck.check("abfss://lake@acct.dfs.core.windows.net/retail", Map.of(), Map.of(), home);

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.detail()).isEqualTo("no Azure credentials in the Hadoop settings");
        assertThat(result.fix()).startsWith("set spark.hadoop.fs.azure.account.key.<account>.dfs.core.windows.net");
    }

    @Test
    void findsGcloudsApplicationDefaultCredentialsAndFailsAMissingKeyFile() throws IOException {
        Path adc = home.resolve(".config/gcloud/application_default_credentials.json");
        Files.createDirectories(adc.getParent());
        Files.writeString(adc, "{\"client_secret\": \"" + SECRET + "\"}");

        assertThat(CredentialsCheck.check("gs://lake/retail", Map.of(), Map.of(), home))
                .isEqualTo(CheckResult.ok(
                        "credentials", "from gcloud's application default credentials in" + " ~/.config/gcloud"));
        assertThat(CredentialsCheck.check(
                                "gs://lake/retail",
                                Map.of(
                                        "GOOGLE_APPLICATION_CREDENTIALS",
                                        home.resolve("missing.json").toString()),
                                Map.of(),
                                home)
                        .status())
                .isEqualTo(Status.FAIL);
    }
}
