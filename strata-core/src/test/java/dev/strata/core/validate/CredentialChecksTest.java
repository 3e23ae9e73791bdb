package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialChecksTest {
    private static final String HINT = " (write ${secret:NAME} and keep the value in a secret store)";

    /** A pipeline whose one source has these option lines, starting on line 8 at column 7. */
    private static String withOptions(String... lines) {
        StringBuilder yaml = new StringBuilder("""
                name: shop
                sources:
                  orders:
                    format: csv
                    path: data/
                    options:
                      header: "true"
                """);
        for (String line : lines) {
            yaml.append("      ").append(line).append('\n');
        }
        return yaml.append("datasets:\n  bronze.orders: {from: orders}\n").toString();
    }

    private static void accepted(String yaml) {
        assertThat(parse(yaml, Map.of("PW", "from-the-environment")).spec().name())
                .isEqualTo("shop");
    }

    @Test
    void refusesALiteralPasswordOptionAtItsValue() {
        assertThat(problems(withOptions("password: hunter2"), Map.of()))
                .containsExactly("pipeline.yaml:8:17: sources.orders.options.password: a literal credential" + HINT);
    }

    @Test
    void refusesALiteralNumberAsAPassword() {
        assertThat(problems(withOptions("password: 12345678"), Map.of()))
                .containsExactly("pipeline.yaml:8:17: sources.orders.options.password: a literal credential" + HINT);
    }

    @Test
    void acceptsReferencesInSecretOptions() {
        accepted(withOptions(
                "password: ${PW}", "fs.s3a.secret.key: $${secret:not-resolved-escaped}x${PW}", "token: \"${PW:-}\""));
    }

    @Test
    void masksAValueThatASecretOptionTookFromAVariable() {
        String password = "canary-" + java.util.UUID.randomUUID();

        parse(
                withOptions("password: ${PG_PASSWORD}", "user: ${PG_USER}"),
                Map.of("PG_PASSWORD", password, "PG_USER", "app-user-1"));

        assertThat(dev.strata.core.secret.Secrets.redact(password + " as app-user-1"))
                .isEqualTo("*** as app-user-1");
    }

    @Test
    void refusesALiteralDefaultOfAReferenceInASecretOption() {
        assertThat(problems(withOptions("password: \"${PW:-hunter2}\""), Map.of()))
                .containsExactly("pipeline.yaml:8:17: sources.orders.options.password: a literal credential" + HINT);
    }

    @Test
    void acceptsAnEmptySecretOption() {
        accepted(withOptions("password: \"\""));
    }

    @Test
    void checksWriteOptionsAndIcebergCatalogProperties() {
        String yaml = """
                name: shop
                storage:
                  iceberg:
                    type: rest
                    uri: https://catalog.example.com/api
                    options: {credential: "client:s3cr3t"}
                datasets:
                  gold.x:
                    sql: SELECT 1 AS one
                    write: {options: {fs.s3a.access.key: AKIDEXAMPLE}}
                """;

        assertThat(problems(yaml, Map.of()))
                .containsExactly(
                        "pipeline.yaml:6:27: storage.iceberg.options.credential: a literal credential" + HINT,
                        "pipeline.yaml:10:42: datasets.gold.x.write.options.fs.s3a.access.key: a literal credential"
                                + HINT);
    }

    @Test
    void namesThatSayTheirValueIsASecret() {
        assertThat(new String[] {
                    "password",
                    "jdbc.password",
                    "PASSWORD",
                    "kafka.ssl.truststore.password",
                    "kafka.ssl.key.password",
                    "fs.s3a.secret.key",
                    "fs.s3a.access.key",
                    "fs.s3a.session.token",
                    "fs.s3a.bucket.lake.secret.key",
                    "fs.s3a.encryption.key",
                    "spark.hadoop.fs.s3a.secret.key",
                    "fs.azure.account.key.acct.dfs.core.windows.net",
                    "fs.azure.account.key.acct.blob.core.windows.net",
                    "fs.azure.account.oauth2.client.secret",
                    "fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net",
                    "fs.azure.sas.container.acct.blob.core.windows.net",
                    "fs.azure.sas.fixed.token",
                    "spark.hadoop.fs.gs.auth.service.account.private.key",
                    "fs.gs.auth.client.secret",
                    "fs.gs.auth.refresh.token",
                    "token",
                    "credential",
                    "s3.access-key-id",
                    "s3.secret-access-key",
                    "aws_secret_access_key",
                    "apiKey",
                    "api_key",
                    "secretAccessKey",
                    "ssl.key.passphrase"
                })
                .allSatisfy(key ->
                        assertThat(CredentialChecks.isSecretOption(key)).as(key).isTrue());
    }

    @Test
    void namesThatDoNot() {
        assertThat(new String[] {
                    "password_column",
                    "passwordColumn",
                    "token_field",
                    "header",
                    "fs.s3a.endpoint",
                    "fs.s3a.path.style.access",
                    "fs.s3a.aws.credentials.provider",
                    "hadoop.security.credential.provider.path",
                    "fs.azure.account.auth.type",
                    "fs.azure.account.oauth2.client.id",
                    "fs.azure.account.oauth.provider.type.acct.dfs.core.windows.net",
                    "fs.azure.sas.token.provider.type",
                    "fs.azure.account.keyprovider.acct.blob.core.windows.net",
                    "fs.gs.auth.service.account.json.keyfile",
                    "fs.gs.project.id",
                    "kafka.ssl.truststore.location",
                    "kafka.sasl.mechanism",
                    "kafka.sasl.oauthbearer.token.endpoint.url",
                    "key.deserializer",
                    "hoodie.datasource.write.recordkey.field",
                    "primary.key",
                    "jdbc.user",
                    "user"
                })
                .allSatisfy(key ->
                        assertThat(CredentialChecks.isSecretOption(key)).as(key).isFalse());
    }

    @Test
    void acceptsAPasswordColumnOption() {
        accepted(withOptions("password_column: pw", "token_field: tok"));
    }

    @Test
    void refusesAJaasConfigWithALiteralPassword() {
        String jaas = "kafka.sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"app\" password=\"hunter2\";'";

        assertThat(problems(withOptions(jaas), Map.of()))
                .containsExactly(
                        "pipeline.yaml:8:31: sources.orders.options.kafka.sasl.jaas.config: a literal credential"
                                + HINT);
    }

    @Test
    void acceptsAJaasConfigWithAReferencedPasswordOrNone() {
        accepted(withOptions(
                "kafka.sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"app\" password=\"${PW}\";'",
                "sasl.jaas.config: 'com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true"
                        + " keyTab=\"/etc/app.keytab\" principal=\"app@EXAMPLE.COM\";'"));
    }

    @Test
    void refusesAnAwsAccessKeyIdAnywhere() {
        String yaml = """
                name: shop
                datasets:
                  gold.x:
                    sql: |
                      -- loaded with AKIAIOSFODNN7EXAMPLE
                      SELECT 1 AS one
                """;

        assertThat(problems(yaml, Map.of()))
                .containsExactly(
                        "pipeline.yaml:5:22: datasets.gold.x.sql: a literal credential: an AWS access key id" + HINT);
    }

    @Test
    void acceptsTextThatOnlyResemblesAnAccessKeyId() {
        accepted("""
                name: shop
                datasets:
                  gold.x:
                    sql: "SELECT 'AKIAIOSFODNN7EXAMPLEX' AS a, 'XAKIAIOSFODNN7EXAMPL' AS b, 'AKIA1234' AS c"
                """);
    }

    @Test
    void refusesAPemPrivateKeyAnywhere() {
        String yaml = """
                name: shop
                sources:
                  orders:
                    format: csv
                    path: data/
                    options:
                      ssl.keystore.key: |
                        -----BEGIN ENCRYPTED PRIVATE KEY-----
                        MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI
                        -----END ENCRYPTED PRIVATE KEY-----
                datasets:
                  bronze.orders: {from: orders}
                """;

        assertThat(problems(yaml, Map.of()))
                .containsExactly("pipeline.yaml:8:9: sources.orders.options.ssl.keystore.key: a literal credential:"
                        + " a private key" + HINT);
    }

    @Test
    void acceptsACertificateOrAPublicKey() {
        accepted(withOptions(
                "ssl.truststore.certificates: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\"",
                "jwt.public.key: \"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\""));
    }

    @Test
    void refusesAPasswordInAUrlAnywhere() {
        String yaml = """
                name: shop
                sources:
                  customers: {format: jdbc, url: "jdbc:postgresql://app:hunter2@db:5432/shop", table: customers}
                  orders: {format: csv, path: "s3a://key:secret@bucket/orders/"}
                datasets:
                  bronze.customers: {from: customers}
                  bronze.orders: {from: orders}
                """;

        assertThat(problems(yaml, Map.of()))
                .containsExactly(
                        "pipeline.yaml:3:57: sources.customers.url: a literal credential: a password in a URL" + HINT,
                        "pipeline.yaml:4:42: sources.orders.path: a literal credential: a password in a URL" + HINT);
    }

    @Test
    void refusesAPasswordParameterOfAJdbcUrl() {
        String yaml = """
                name: shop
                storage:
                  iceberg: {type: jdbc, uri: "jdbc:postgresql://db:5432/catalog?user=app&password=hunter2"}
                datasets:
                  gold.x: {sql: SELECT 1 AS one}
                """;

        assertThat(problems(yaml, Map.of()))
                .containsExactly("pipeline.yaml:3:83: storage.iceberg.uri: a literal credential: a password in a"
                        + " connection URL" + HINT);
    }

    @Test
    void acceptsUrlsWithoutPasswordsAndReferencedOnes() {
        accepted("""
                name: shop
                storage: {root: "abfss://lake@acct.dfs.core.windows.net/shop", iceberg: {type: jdbc, uri: "jdbc:postgresql://app:${PW}@db:5432/c?password=${PW}"}}
                sources:
                  orders: {format: csv, path: "https://user@files.example.com:8443/orders@2024/"}
                  kafka_orders: {format: kafka, topic: orders, bootstrap_servers: "SASL_SSL://broker:9093", schema: "id INT"}
                datasets:
                  bronze.orders: {from: orders}
                  bronze.kafka_orders: {from: kafka_orders}
                """);
    }

    @Test
    void acceptsTheWordsTokenAndPasswordInSql() {
        accepted("""
                name: shop
                datasets:
                  gold.x:
                    sql: |
                      -- the token and password columns are hashed upstream
                      SELECT sha2(token, 256) AS token, password IS NOT NULL AS has_password FROM (SELECT 'a' AS token, 'b' AS password)
                """);
    }
}
