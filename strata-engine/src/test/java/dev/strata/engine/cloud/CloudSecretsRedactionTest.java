package dev.strata.engine.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.session.SparkSessions;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Cloud secrets given as spark.hadoop.* settings are redacted wherever Spark shows its configuration. */
class CloudSecretsRedactionTest {
    /** Spark redacts a setting when the regex is found anywhere in its name. */
    private static final Pattern REDACTED =
            Pattern.compile(SparkSessions.config(SparkSessions.Settings.forTests(Path.of("unused")))
                    .get("spark.redaction.regex"));

    @Test
    void redactsEveryCloudSecretSetting() {
        assertThat(new String[] {
                    "spark.hadoop.fs.s3a.access.key",
                    "spark.hadoop.fs.s3a.secret.key",
                    "spark.hadoop.fs.s3a.bucket.lake.secret.key",
                    "spark.hadoop.fs.s3a.session.token",
                    "spark.hadoop.fs.s3a.encryption.key",
                    "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
                    "spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net",
                    "spark.hadoop.fs.azure.account.oauth2.client.secret",
                    "spark.hadoop.fs.azure.sas.container.acct.blob.core.windows.net",
                    "spark.hadoop.fs.gs.auth.service.account.private.key",
                    "spark.hadoop.fs.gs.auth.client.secret",
                    "spark.hadoop.fs.gs.auth.refresh.token",
                    "spark.sql.catalog.strata_iceberg_0a1b2c3d4e.credential",
                    "spark.sql.catalog.strata_iceberg_0a1b2c3d4e.jdbc.password",
                    "spark.sql.catalog.strata_iceberg_0a1b2c3d4e.token"
                })
                .allSatisfy(
                        key -> assertThat(REDACTED.matcher(key).find()).as(key).isTrue());
    }

    @Test
    void leavesEndpointsAndNamesReadable() {
        assertThat(new String[] {
                    "spark.hadoop.fs.s3a.endpoint",
                    "spark.hadoop.fs.s3a.path.style.access",
                    "spark.hadoop.fs.s3a.aws.credentials.provider",
                    "spark.hadoop.fs.azure.account.auth.type",
                    "spark.hadoop.fs.azure.account.oauth2.client.id",
                    "spark.hadoop.fs.gs.auth.service.account.json.keyfile",
                    "spark.hadoop.fs.gs.project.id",
                    "spark.hadoop.hadoop.security.credential.provider.path",
                    "spark.sql.catalog.strata_iceberg_0a1b2c3d4e.uri"
                })
                .allSatisfy(
                        key -> assertThat(REDACTED.matcher(key).find()).as(key).isFalse());
    }
}
