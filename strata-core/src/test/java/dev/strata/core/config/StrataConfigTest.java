package dev.strata.core.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.access.DataAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Holds the declarations to a record, in the manner of Trino's {@code assertRecordedDefaults} and {@code
 * assertFullMapping}: a setting added, removed or given another default without updating this test fails it.
 */
class StrataConfigTest {
    /** Every setting and its default: the text that stands for it, "computed: …" for one its reader works out. */
    private static final Map<String, String> RECORDED_DEFAULTS = Map.ofEntries(
            entry("STRATA_PIPELINES_DIR", "."),
            entry("STRATA_MAX_CONCURRENT_RUNS", "computed: 1 on up to 4 cores, else a quarter of the cores"),
            entry("STRATA_RUN_COMMAND", "computed: this installation's engine JVM, started directly"),
            entry("STRATA_RUN_TIMEOUT", "6h"),
            entry("STRATA_RUN_RETRIES", "2"),
            entry("STRATA_RUN_RETRY_BACKOFF", "10s"),
            entry("STRATA_EVENTS_TOPIC", "strata.events"),
            entry("STRATA_EVENTS_PRODUCER_*", "unset"),
            entry("STRATA_EVENTS_RETENTION", "7d"),
            entry("STRATA_SCHEDULE_POLL", "10s"),
            entry("STRATA_SCHEDULE_MISFIRE_THRESHOLD", "60s"),
            entry("STRATA_SCHEDULE_SECONDS", "false"),
            entry("STRATA_ORPHANED_RUNS", "fail"),
            entry("STRATA_ADMIN_TOKEN", "unset"),
            entry("STRATA_METRICS_PRIVATE", "false"),
            entry("STRATA_JWT_SECRET", "unset"),
            entry("STRATA_JWT_JWKS_URL", "unset"),
            entry("STRATA_JWT_ISSUER", "unset"),
            entry("STRATA_JWT_AUDIENCE", "unset"),
            entry("STRATA_JWT_ROLE_CLAIM", "role"),
            entry("STRATA_DB_POOL_SIZE", "20"),
            entry("STRATA_RATE_LIMIT", "100"),
            entry("STRATA_RATE_LIMIT_ANONYMOUS", "5/20"),
            entry("STRATA_RUN_ENV", "computed: none"),
            entry("STRATA_ALLOWED_ROOTS", "computed: each pipeline's own folder"),
            entry("STRATA_EXECUTOR", "local"),
            entry("STRATA_PIPELINE_EXECUTORS", "computed: none"),
            entry("STRATA_SPARK_MASTER", "unset"),
            entry(
                    "STRATA_SPARK_SUBMIT",
                    "computed: this installation's own spark-submit: its JVM running Spark's SparkSubmit"),
            entry("STRATA_SPARK_SUBMIT_OPTIONS", "unset"),
            entry("STRATA_ENGINE_JAR", "computed: this installation's `strata-engine-<version>-all.jar`"),
            entry("STRATA_ARGO_IMAGE", "unset"),
            entry("STRATA_ARGO_NAMESPACE", "computed: the Kubernetes configuration's namespace (in a pod: its own)"),
            entry("STRATA_ARGO_SERVICE_ACCOUNT", "strata-runner"),
            entry("STRATA_ARGO_DB_URL", "computed: `STRATA_DB_URL`"),
            entry("STRATA_ARGO_GRANULARITY", "pipeline"),
            entry("STRATA_ARGO_CPU", "2"),
            entry("STRATA_ARGO_MEMORY", "4Gi"),
            entry("STRATA_DRIVER_MEMORY", "4g"),
            entry("STRATA_JAVA_OPTS", "unset"),
            entry("SPARK_LOCAL_IP", "127.0.0.1"),
            entry("-Dstrata.install.dir", "."),
            entry("STRATA_HOME", "computed: ~/.strata"),
            entry("STRATA_DB_URL", "computed: an embedded PostgreSQL in `$STRATA_HOME/postgres`"),
            entry("STRATA_DB_USER", "unset"),
            entry("STRATA_DB_PASSWORD", "unset"),
            entry("STRATA_DB_RUN_USER", "computed: the server's user"),
            entry("STRATA_DB_RUN_PASSWORD", "unset"),
            entry("STRATA_DB_RUN_TOKEN", "unset"),
            entry("POSTGRES_HOST", "unset"),
            entry("POSTGRES_PORT", "5432"),
            entry("POSTGRES_USER", "postgres"),
            entry("POSTGRES_DB", "computed: `POSTGRES_USER`"),
            entry("POSTGRES_PASSWORD", "unset"),
            entry("-Dstrata.postgres.binaries", "computed: `$STRATA_HOME/postgres-binaries`"),
            entry("-Duser.home", "computed: set by the JVM"),
            entry("STRATA_SECRET_SOURCES", "env,file,kubernetes"),
            entry("STRATA_SECRET_*", "unset"),
            entry("STRATA_SECRETS_DIR", "unset"),
            entry("STRATA_SECRETS_MOUNT", "/var/run/secrets/strata"),
            entry("STRATA_KEYS_DIR", "computed: `$STRATA_HOME/keys`"),
            entry("VAULT_ADDR", "unset"),
            entry("VAULT_TOKEN", "unset"),
            entry("VAULT_NAMESPACE", "unset"),
            entry("STRATA_AWS_KMS_CREDENTIALS", "computed: AWS's default credential chain"),
            entry("GOOGLE_APPLICATION_CREDENTIALS", "computed: application default credentials"),
            entry("KAFKA_BOOTSTRAP_SERVERS", "unset"),
            entry("STRATA_TRIGGER_GROUP_ID", "strata-triggers"),
            entry("STRATA_TRIGGER_DLQ_TOPIC", "computed: `<topic>.dlq`, per topic"),
            entry("STRATA_TRIGGER_POLL", "10s"),
            entry("STRATA_TRIGGER_SESSION_TIMEOUT", "45s"),
            entry("STRATA_TRIGGER_KAFKA_*", "unset"),
            entry("SPARK_MASTER_URL", "local[*]"),
            entry("STRATA_TARGET", "computed: none: the pipeline's own storage and Spark settings"),
            entry("STRATA_SPARK_UI_PORT", "computed: off"),
            entry("STRATA_ROLE", "default"),
            entry("STRATA_QUARANTINE_SAMPLES", "auto"),
            entry("STRATA_LINEAGE_TRANSPORT", "computed: `http` when `OPENLINEAGE_URL` is set, else `none`"),
            entry("OPENLINEAGE_URL", "unset"),
            entry("OPENLINEAGE_ENDPOINT", "/api/v1/lineage"),
            entry("OPENLINEAGE_API_KEY", "unset"),
            entry("OPENLINEAGE_NAMESPACE", "strata"),
            entry("STRATA_LINEAGE_FILE", "unset"),
            entry("STRATA_LINEAGE_KAFKA_TOPIC", "openlineage.events"),
            entry("STRATA_LINEAGE_KAFKA_BOOTSTRAP_SERVERS", "computed: `KAFKA_BOOTSTRAP_SERVERS`"),
            entry("STRATA_LINEAGE_TIMEOUT", "5s"),
            entry("STRATA_DAEMON", "on"),
            entry("STRATA_DAEMON_IDLE", "30m"),
            entry("XDG_RUNTIME_DIR", "computed: set by the login session"),
            entry("STRATA_SERVER_MEMORY", "1g"),
            entry("STRATA_SERVER_JAVA_OPTS", "unset"),
            entry("-Djava.io.tmpdir", "computed: set by the JVM"),
            entry("-Duser.name", "computed: set by the JVM"),
            entry("-Djava.home", "computed: set by the JVM"),
            entry("COLUMNS", "computed: set by the shell; 80 when unset"),
            entry("-Dstrata.bench.master", "local[*]"));

    /** A value other than the default for every setting, and what it parses to. */
    private static final Map<String, Mapping> FULL_MAPPING = Map.ofEntries(
            entry("STRATA_PIPELINES_DIR", new Mapping("/srv/pipelines", Path.of("/srv/pipelines"))),
            entry("STRATA_MAX_CONCURRENT_RUNS", new Mapping("3", 3)),
            entry("STRATA_RUN_COMMAND", new Mapping("/usr/bin/strata run", "/usr/bin/strata run")),
            entry("STRATA_RUN_TIMEOUT", new Mapping("90m", Duration.ofMinutes(90))),
            entry("STRATA_RUN_RETRIES", new Mapping("5", 5)),
            entry("STRATA_RUN_RETRY_BACKOFF", new Mapping("1m", Duration.ofMinutes(1))),
            entry("STRATA_EVENTS_TOPIC", new Mapping("lake.events", "lake.events")),
            entry("STRATA_EVENTS_RETENTION", new Mapping("2d", Duration.ofDays(2))),
            entry("STRATA_SCHEDULE_POLL", new Mapping("2s", Duration.ofSeconds(2))),
            entry("STRATA_SCHEDULE_MISFIRE_THRESHOLD", new Mapping("5m", Duration.ofMinutes(5))),
            entry("STRATA_SCHEDULE_SECONDS", new Mapping("true", true)),
            entry("STRATA_ORPHANED_RUNS", new Mapping("requeue", "requeue")),
            entry("STRATA_ADMIN_TOKEN", new Mapping("admin-token", "admin-token")),
            entry("STRATA_METRICS_PRIVATE", new Mapping("true", true)),
            entry("STRATA_JWT_SECRET", new Mapping("x".repeat(32), "x".repeat(32))),
            entry("STRATA_JWT_JWKS_URL", new Mapping(" https://idp/jwks ", "https://idp/jwks")),
            entry("STRATA_JWT_ISSUER", new Mapping("https://idp", "https://idp")),
            entry("STRATA_JWT_AUDIENCE", new Mapping("strata", "strata")),
            entry("STRATA_JWT_ROLE_CLAIM", new Mapping("groups", "groups")),
            entry("STRATA_DB_POOL_SIZE", new Mapping("8", 8)),
            entry("STRATA_RATE_LIMIT", new Mapping("off", "off")),
            entry("STRATA_RATE_LIMIT_ANONYMOUS", new Mapping("2/7", "2/7")),
            entry("STRATA_RUN_ENV", new Mapping("AWS_REGION, AWS_PROFILE", List.of("AWS_REGION", "AWS_PROFILE"))),
            entry("STRATA_ALLOWED_ROOTS", new Mapping("s3a://lake/{pipeline},", List.of("s3a://lake/{pipeline}"))),
            entry("STRATA_EXECUTOR", new Mapping("spark-submit", "spark-submit")),
            entry("STRATA_PIPELINE_EXECUTORS", new Mapping("nightly=argo", List.of("nightly=argo"))),
            entry("STRATA_SPARK_MASTER", new Mapping("spark://spark-master:7077", "spark://spark-master:7077")),
            entry("STRATA_SPARK_SUBMIT", new Mapping("/opt/spark/bin/spark-submit", "/opt/spark/bin/spark-submit")),
            entry("STRATA_SPARK_SUBMIT_OPTIONS", new Mapping("--executor-memory 8g", "--executor-memory 8g")),
            entry("STRATA_ENGINE_JAR", new Mapping("/opt/strata/engine.jar", Path.of("/opt/strata/engine.jar"))),
            entry("STRATA_ARGO_IMAGE", new Mapping("registry.example.com/strata:1", "registry.example.com/strata:1")),
            entry("STRATA_ARGO_NAMESPACE", new Mapping("data-pipelines", "data-pipelines")),
            entry("STRATA_ARGO_SERVICE_ACCOUNT", new Mapping("etl-runner", "etl-runner")),
            entry(
                    "STRATA_ARGO_DB_URL",
                    new Mapping("postgresql://pg.data:5432/strata", "postgresql://pg.data:5432/strata")),
            entry("STRATA_ARGO_GRANULARITY", new Mapping("dataset", "dataset")),
            entry("STRATA_ARGO_CPU", new Mapping("4", "4")),
            entry("STRATA_ARGO_MEMORY", new Mapping("16Gi", "16Gi")),
            entry("STRATA_DRIVER_MEMORY", new Mapping("8g", "8g")),
            entry("STRATA_JAVA_OPTS", new Mapping("-Da=b", "-Da=b")),
            entry("SPARK_LOCAL_IP", new Mapping("10.0.0.5", "10.0.0.5")),
            entry("strata.install.dir", new Mapping("/opt/strata", Path.of("/opt/strata"))),
            entry("STRATA_HOME", new Mapping("/srv/strata", Path.of("/srv/strata"))),
            entry("STRATA_DB_URL", new Mapping("postgresql://db/strata", "postgresql://db/strata")),
            entry("STRATA_DB_USER", new Mapping("strata", "strata")),
            entry("STRATA_DB_PASSWORD", new Mapping("hunter2", "hunter2")),
            entry("STRATA_DB_RUN_USER", new Mapping("strata_run", "strata_run")),
            entry("STRATA_DB_RUN_PASSWORD", new Mapping("hunter3", "hunter3")),
            entry("STRATA_DB_RUN_TOKEN", new Mapping("token", "token")),
            entry("POSTGRES_HOST", new Mapping("pg", "pg")),
            entry("POSTGRES_PORT", new Mapping("6543", "6543")),
            entry("POSTGRES_USER", new Mapping("app", "app")),
            entry("POSTGRES_DB", new Mapping("lake", "lake")),
            entry("POSTGRES_PASSWORD", new Mapping("hunter4", "hunter4")),
            entry("strata.postgres.binaries", new Mapping("/opt/pg", Path.of("/opt/pg"))),
            entry("user.home", new Mapping("/home/ana", Path.of("/home/ana"))),
            entry("STRATA_SECRET_SOURCES", new Mapping("file", "file")),
            entry("STRATA_SECRETS_DIR", new Mapping("/etc/strata/secrets", Path.of("/etc/strata/secrets"))),
            entry("STRATA_SECRETS_MOUNT", new Mapping("/mnt/secrets", Path.of("/mnt/secrets"))),
            entry("STRATA_KEYS_DIR", new Mapping("/srv/keys", Path.of("/srv/keys"))),
            entry("VAULT_ADDR", new Mapping("https://vault:8200", "https://vault:8200")),
            entry("VAULT_TOKEN", new Mapping("s.token", "s.token")),
            entry("VAULT_NAMESPACE", new Mapping("team", "team")),
            entry("STRATA_AWS_KMS_CREDENTIALS", new Mapping("/etc/aws.properties", Path.of("/etc/aws.properties"))),
            entry("GOOGLE_APPLICATION_CREDENTIALS", new Mapping("/etc/gcp.json", Path.of("/etc/gcp.json"))),
            entry("KAFKA_BOOTSTRAP_SERVERS", new Mapping("k1:9092,k2:9092", "k1:9092,k2:9092")),
            entry("STRATA_TRIGGER_GROUP_ID", new Mapping("strata-eu", "strata-eu")),
            entry("STRATA_TRIGGER_DLQ_TOPIC", new Mapping("strata.dead", "strata.dead")),
            entry("STRATA_TRIGGER_POLL", new Mapping("2s", Duration.ofSeconds(2))),
            entry("STRATA_TRIGGER_SESSION_TIMEOUT", new Mapping("6s", Duration.ofSeconds(6))),
            entry("SPARK_MASTER_URL", new Mapping("spark://m:7077", "spark://m:7077")),
            entry("STRATA_TARGET", new Mapping("prod", "prod")),
            entry("STRATA_SPARK_UI_PORT", new Mapping("4040", "4040")),
            entry("STRATA_ROLE", new Mapping("analyst", "analyst")),
            entry("STRATA_QUARANTINE_SAMPLES", new Mapping("off", "off")),
            entry("STRATA_LINEAGE_TRANSPORT", new Mapping("kafka", "kafka")),
            entry("OPENLINEAGE_URL", new Mapping("http://marquez:5000", "http://marquez:5000")),
            entry("OPENLINEAGE_ENDPOINT", new Mapping("/api/v2/lineage", "/api/v2/lineage")),
            entry("OPENLINEAGE_API_KEY", new Mapping("key", "key")),
            entry("OPENLINEAGE_NAMESPACE", new Mapping("lake", "lake")),
            entry("STRATA_LINEAGE_FILE", new Mapping("/var/lineage.jsonl", "/var/lineage.jsonl")),
            entry("STRATA_LINEAGE_KAFKA_TOPIC", new Mapping("lineage", "lineage")),
            entry("STRATA_LINEAGE_KAFKA_BOOTSTRAP_SERVERS", new Mapping("k3:9092", "k3:9092")),
            entry("STRATA_LINEAGE_TIMEOUT", new Mapping("30s", java.time.Duration.ofSeconds(30))),
            entry("STRATA_DAEMON", new Mapping("off", "off")),
            entry("STRATA_DAEMON_IDLE", new Mapping("2h", Duration.ofHours(2))),
            entry("XDG_RUNTIME_DIR", new Mapping("/run/user/1000", Path.of("/run/user/1000"))),
            entry("STRATA_SERVER_MEMORY", new Mapping("2g", "2g")),
            entry("STRATA_SERVER_JAVA_OPTS", new Mapping("-Dx=y", "-Dx=y")),
            entry("java.io.tmpdir", new Mapping("/scratch", Path.of("/scratch"))),
            entry("user.name", new Mapping("ana", "ana")),
            entry("java.home", new Mapping("/opt/jdk", Path.of("/opt/jdk"))),
            entry("COLUMNS", new Mapping("120", "120")),
            entry("strata.bench.master", new Mapping("local[2]", "local[2]")));

    private record Mapping(String text, Object value) {}

    @Test
    void everyDefaultIsRecorded() {
        Map<String, String> declared = new LinkedHashMap<>();
        for (Setting<?> setting : StrataConfig.ALL) {
            declared.put(
                    setting.displayName(),
                    setting.defaultDescription() != null
                            ? "computed: " + setting.defaultDescription()
                            : Objects.requireNonNullElse(setting.defaultValue(), "unset"));
        }
        assertThat(declared)
                .as("record the default of a setting you add or change in RECORDED_DEFAULTS")
                .containsExactlyInAnyOrderEntriesOf(RECORDED_DEFAULTS);
    }

    @Test
    void everySettingMapsToItsTypedValue() {
        Map<String, String> env = new HashMap<>();
        Map<String, String> properties = new HashMap<>();
        List<Setting<?>> settings = StrataConfig.ALL.stream()
                .filter(setting -> setting.origin() != Setting.Origin.ENVIRONMENT_PREFIX)
                .toList();
        for (Setting<?> setting : settings) {
            Mapping mapping = FULL_MAPPING.get(setting.name());
            assertThat(mapping)
                    .as("record a non-default value of %s in FULL_MAPPING", setting.name())
                    .isNotNull();
            (setting.origin() == Setting.Origin.SYSTEM_PROPERTY ? properties : env).put(setting.name(), mapping.text());
        }
        assertThat(FULL_MAPPING.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        settings.stream().map(Setting::name).toList());
        Config config = Config.of(env, properties);
        for (Setting<?> setting : settings) {
            Object value = config.get(setting);
            assertThat(value)
                    .as(setting.name())
                    .isEqualTo(FULL_MAPPING.get(setting.name()).value());
            assertThat(value).as("%s differs from its default", setting.name()).isNotEqualTo(defaultOf(setting));
        }
        config.validate();
    }

    @Test
    void everyBadValueIsReportedAtOnceAndSecretsAreNeverShown() {
        Config config = Config.of(Map.of(
                "STRATA_RUN_RETRIES", "many",
                "STRATA_RUN_TIMEOUT", "soon",
                "STRATA_JWT_SECRET", "short",
                "STRATA_ORPHANED_RUNS", "ignore"));
        assertThat(config.get(ServerConfig.RUN_RETRIES))
                .as("the default stands in")
                .isEqualTo(2);
        config.get(ServerConfig.RUN_TIMEOUT);
        config.get(ServerConfig.JWT_SECRET);
        config.get(ServerConfig.ORPHANED_RUNS);
        config.invalid(StoreConfig.DB_PASSWORD, "a password");
        assertThatThrownBy(config::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessage("5 settings are not valid: STRATA_RUN_RETRIES=many is not valid (set a whole number);"
                        + " STRATA_RUN_TIMEOUT=soon is not valid (set a duration such as 90s, 15m or 2h);"
                        + " STRATA_JWT_SECRET is too short for HS256 (set a secret of at least 32 characters);"
                        + " STRATA_ORPHANED_RUNS=ignore is not valid (set fail or requeue);"
                        + " STRATA_DB_PASSWORD=*** is not valid (set a password)")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5));
    }

    @Test
    void aCheckSaysWhatToSetAndBlankIsUnset() {
        assertThatThrownBy(
                        () -> Config.read(ServerConfig.MAX_CONCURRENT_RUNS, Map.of("STRATA_MAX_CONCURRENT_RUNS", "0")))
                .hasMessage("STRATA_MAX_CONCURRENT_RUNS=0 is not valid (set a whole number >= 1)");
        assertThat(Config.read(ServerConfig.RUN_RETRIES, Map.of("STRATA_RUN_RETRIES", " ")))
                .isEqualTo(2);
        assertThat(Config.read(StoreConfig.POSTGRES_PORT, Map.of())).isEqualTo("5432");
    }

    @Test
    void aFamilyCoversItsMembersAndRunsInheritOnlyWhatIsDeclaredInherited() {
        assertThat(StrataConfig.variable("STRATA_SECRET_DB_PASSWORD")).contains(RunConfig.SECRET_VALUES);
        assertThat(StrataConfig.variable("STRATA_SECRET_SOURCES")).contains(RunConfig.SECRET_SOURCES);
        assertThat(StrataConfig.variable("HOSTNAME")).isEmpty();
        assertThat(Config.of(Map.of("STRATA_SECRET_A", "1", "VAULT_TOKEN", "t")).family(RunConfig.SECRET_VALUES))
                .containsOnlyKeys("STRATA_SECRET_A");
        for (Setting<?> setting : List.of(
                ServerConfig.JWT_SECRET,
                ServerConfig.ADMIN_TOKEN,
                StoreConfig.DB_PASSWORD,
                StoreConfig.DB_RUN_PASSWORD,
                StoreConfig.POSTGRES_PASSWORD)) {
            assertThat(setting.secret()).isTrue();
            assertThat(StrataConfig.inheritedByRuns(setting.name()))
                    .as(setting.name())
                    .isFalse();
        }
        assertThat(StrataConfig.inheritedByRuns("STRATA_SECRET_DB_PASSWORD")).isTrue();
        assertThat(StrataConfig.inheritedByRuns("VAULT_TOKEN")).isTrue();
        // A run the server starts uses the server's target.
        assertThat(StrataConfig.inheritedByRuns("STRATA_TARGET")).isTrue();
        // A run the server starts sends its lineage where the server's settings say, with the server's API key.
        assertThat(LineageConfig.ALL).allMatch(setting -> StrataConfig.inheritedByRuns(setting.name()));
        assertThat(LineageConfig.API_KEY.secret()).isTrue();
    }

    @Test
    void defaultsOtherPartsNameAgreeWithTheDeclarations() {
        assertThat(RunConfig.ROLE.defaultValue()).isEqualTo(DataAccess.DEFAULT_ROLE);
    }

    private static Object defaultOf(Setting<?> setting) {
        return setting.defaultValue() == null ? null : setting.type().parse(setting.defaultValue());
    }
}
