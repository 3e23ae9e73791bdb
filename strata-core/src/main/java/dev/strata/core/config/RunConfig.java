package dev.strata.core.config;

import static dev.strata.core.config.Part.CLI;
import static dev.strata.core.config.Part.ENGINE;
import static dev.strata.core.config.Part.KEYS;
import static dev.strata.core.config.Part.KMS_CLOUD;

import dev.strata.core.secret.DirectorySecretSource;
import dev.strata.core.secret.EnvironmentSecretSource;
import dev.strata.core.secret.SecretResolver;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run reads: where its secrets and keys are, and how it reaches Spark and Kafka. A server-started run inherits
 * the secret and key settings from the server (docs/security.md). The secret sources name their own settings, which
 * are declared here from their constants: the secret package sits below this one (core's error messages use it).
 */
public final class RunConfig {
    public static final Setting<String> SECRET_SOURCES = Setting.env(SecretResolver.SOURCES_ENV, SettingType.TEXT, KEYS)
            .defaultValue(SecretResolver.DEFAULT_SOURCES)
            .runs(RunAccess.INHERITED)
            .doc("The secret sources `${secret:NAME}` asks, in order; `none` leaves references as written.");
    public static final Setting<String> SECRET_VALUES = Setting.prefix(EnvironmentSecretSource.PREFIX, KEYS)
            .asSecret()
            .runs(RunAccess.INHERITED)
            .doc("The `env` secret source: `${secret:db-password}` reads `STRATA_SECRET_DB_PASSWORD`.");
    public static final Setting<Path> SECRETS_DIR = Setting.env(DirectorySecretSource.DIR_ENV, SettingType.PATH, KEYS)
            .runs(RunAccess.INHERITED)
            .doc("The `file` secret source: a private file per secret in this folder.");
    public static final Setting<Path> SECRETS_MOUNT = Setting.env(
                    DirectorySecretSource.MOUNT_ENV, SettingType.PATH, KEYS)
            .defaultValue(DirectorySecretSource.DEFAULT_MOUNT)
            .runs(RunAccess.INHERITED)
            .doc("The `kubernetes` secret source: a mounted Secret.");
    public static final Setting<Path> KEYS_DIR = Setting.env("STRATA_KEYS_DIR", SettingType.PATH, KEYS)
            .computedDefault("`$STRATA_HOME/keys`")
            .runs(RunAccess.INHERITED)
            .doc("The key store of `encrypt:` columns.");
    public static final Setting<String> VAULT_ADDR = Setting.env("VAULT_ADDR", SettingType.TEXT, KEYS)
            .runs(RunAccess.INHERITED)
            .doc("The `vault` key-encryption key provider: the Vault or OpenBao address.");
    public static final Setting<String> VAULT_TOKEN = Setting.env("VAULT_TOKEN", SettingType.TEXT, KEYS)
            .asSecret()
            .runs(RunAccess.INHERITED)
            .doc("The `vault` provider's token.");
    public static final Setting<String> VAULT_NAMESPACE = Setting.env("VAULT_NAMESPACE", SettingType.TEXT, KEYS)
            .runs(RunAccess.INHERITED)
            .doc("The `vault` provider's namespace, when used.");
    public static final Setting<Path> AWS_KMS_CREDENTIALS = Setting.env(
                    "STRATA_AWS_KMS_CREDENTIALS", SettingType.PATH, KMS_CLOUD)
            .computedDefault("AWS's default credential chain")
            .runs(RunAccess.INHERITED)
            .doc("The `aws-kms` provider: a properties file with `accessKey` and `secretKey`.");
    public static final Setting<Path> GOOGLE_CREDENTIALS = Setting.env(
                    "GOOGLE_APPLICATION_CREDENTIALS", SettingType.PATH, KMS_CLOUD)
            .computedDefault("application default credentials")
            .runs(RunAccess.INHERITED)
            .doc("The `gcp-kms` provider: a service account key file.");
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = Setting.env(
                    "KAFKA_BOOTSTRAP_SERVERS", SettingType.TEXT, ENGINE, Part.SERVER)
            .doc("Kafka sources without `bootstrapServers`: the brokers, `host:port,…`. The server publishes its"
                    + " lifecycle events there and its kafka and dataset triggers consume from them (docs/events.md);"
                    + " unset, it publishes none and those triggers start no run.");
    public static final Setting<String> SPARK_MASTER_URL = Setting.env("SPARK_MASTER_URL", SettingType.STRING, CLI)
            .defaultValue("local[*]")
            .doc("Where Spark runs when `--master` is not given: `local[*]`, `spark://host:7077`, `k8s://…`.");
    public static final Setting<String> TARGET = Setting.env("STRATA_TARGET", SettingType.TEXT, CLI, Part.SERVER)
            .computedDefault("none: the pipeline's own storage and Spark settings")
            .runs(RunAccess.INHERITED)
            .doc("The target (`targets:` in the pipeline or `strata.yaml`) a command uses when `--target` is not"
                    + " given; set on the server, the target of every run it starts.");
    public static final Setting<String> SPARK_UI_PORT = Setting.env("STRATA_SPARK_UI_PORT", SettingType.TEXT, CLI)
            .computedDefault("off")
            .doc("Turns Spark's UI on at this port (the next free one if taken), with the driver's Prometheus metrics"
                    + " at `/metrics/prometheus`.");
    public static final Setting<String> ROLE = Setting.env("STRATA_ROLE", SettingType.TEXT, CLI)
            .defaultValue("default")
            .doc("The reader's role for a pipeline's `access:` policies when `--role` is not given.");
    public static final Setting<String> QUARANTINE_SAMPLES = Setting.env(
                    "STRATA_QUARANTINE_SAMPLES", SettingType.oneOf("auto", "on", "off"), ENGINE, Part.SERVER)
            .defaultValue("auto")
            .runs(RunAccess.INHERITED)
            .doc(
                    "Whether a run copies up to 20 of each dataset's quarantined rows into the metadata store, masked"
                            + " for each role its `access:` names, for the web console's dataset page: `auto` for the runs"
                            + " `strata serve` starts (the ones the console shows), `on` for every run with a store, `off` for"
                            + " none (quarantined rows then stay in the lakehouse only). Each sample costs a small Spark read.");

    static final List<Setting<?>> ALL = List.of(
            SECRET_SOURCES,
            SECRET_VALUES,
            SECRETS_DIR,
            SECRETS_MOUNT,
            KEYS_DIR,
            VAULT_ADDR,
            VAULT_TOKEN,
            VAULT_NAMESPACE,
            AWS_KMS_CREDENTIALS,
            GOOGLE_CREDENTIALS,
            KAFKA_BOOTSTRAP_SERVERS,
            SPARK_MASTER_URL,
            TARGET,
            SPARK_UI_PORT,
            ROLE,
            QUARANTINE_SAMPLES);

    private RunConfig() {}
}
