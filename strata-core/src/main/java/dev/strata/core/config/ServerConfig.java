package dev.strata.core.config;

import static dev.strata.core.config.Part.LAUNCHER;
import static dev.strata.core.config.Part.SERVER;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings of {@code strata serve} (docs/server.md, docs/security.md). */
public final class ServerConfig {
    public static final Setting<Path> PIPELINES_DIR = Setting.env("STRATA_PIPELINES_DIR", SettingType.PATH, SERVER)
            .defaultValue(".")
            .doc("The only folder `config_path` may name files in, and the folder relative paths of posted YAML resolve"
                    + " against (default: the working directory).");
    public static final Setting<Integer> MAX_CONCURRENT_RUNS = Setting.env(
                    "STRATA_MAX_CONCURRENT_RUNS", SettingType.INTEGER, SERVER)
            .computedDefault("1 on up to 4 cores, else a quarter of the cores")
            .check(runs -> runs >= 1, "a whole number >= 1")
            .doc("Runs at once.");
    public static final Setting<String> RUN_COMMAND = Setting.env("STRATA_RUN_COMMAND", SettingType.STRING, SERVER)
            .computedDefault("this installation's engine JVM, started directly")
            .doc("The engine command a run starts, to which the server appends the pipeline file and its options;"
                    + " split on white space, never given to a shell.");
    public static final Setting<Duration> RUN_TIMEOUT = Setting.env("STRATA_RUN_TIMEOUT", SettingType.DURATION, SERVER)
            .defaultValue("6h")
            .doc("A run still going after this is killed and failed (a pipeline's `timeout:` wins).");
    public static final Setting<Integer> RUN_RETRIES = Setting.env("STRATA_RUN_RETRIES", SettingType.INTEGER, SERVER)
            .defaultValue("2")
            .doc("How often a run whose engine crashed is started again.");
    public static final Setting<Duration> RUN_RETRY_BACKOFF = Setting.env(
                    "STRATA_RUN_RETRY_BACKOFF", SettingType.DURATION, SERVER)
            .defaultValue("10s")
            .doc("The first retry's delay, doubled for each next.");
    public static final Setting<String> ORPHANED_RUNS = Setting.env(
                    "STRATA_ORPHANED_RUNS", SettingType.oneOf("fail", "requeue"), SERVER)
            .defaultValue("fail")
            .doc("What becomes of the runs a stopped server left running: failed, or queued again.");
    public static final Setting<String> ADMIN_TOKEN = Setting.env("STRATA_ADMIN_TOKEN", SettingType.STRING, SERVER)
            .asSecret()
            .doc("Accepted as an admin key, to create the first real keys.");
    public static final Setting<Boolean> METRICS_PRIVATE = Setting.env(
                    "STRATA_METRICS_PRIVATE", SettingType.BOOLEAN, SERVER)
            .defaultValue("false")
            .doc("`/metrics` needs a token too.");
    public static final Setting<String> JWT_SECRET = Setting.env("STRATA_JWT_SECRET", SettingType.STRING, SERVER)
            .asSecret()
            .checkWithMessage(
                    secret -> secret.length() >= 32,
                    shown -> "STRATA_JWT_SECRET is too short for HS256 (set a secret of at least 32 characters)")
            .doc("HS256 JWTs signed with it are accepted; at least 32 characters.");
    public static final Setting<String> JWT_JWKS_URL = Setting.env("STRATA_JWT_JWKS_URL", SettingType.TEXT, SERVER)
            .doc("RS256 JWTs signed by a key of this JSON Web Key Set are accepted.");
    public static final Setting<String> JWT_ISSUER = Setting.env("STRATA_JWT_ISSUER", SettingType.STRING, SERVER)
            .doc("The `iss` every JWT must carry, when set.");
    public static final Setting<String> JWT_AUDIENCE = Setting.env("STRATA_JWT_AUDIENCE", SettingType.STRING, SERVER)
            .doc("An `aud` every JWT must carry, when set.");
    public static final Setting<String> JWT_ROLE_CLAIM = Setting.env(
                    "STRATA_JWT_ROLE_CLAIM", SettingType.STRING, SERVER)
            .defaultValue("role")
            .doc("The JWT claim holding the role.");
    public static final Setting<Integer> DB_POOL_SIZE = Setting.env("STRATA_DB_POOL_SIZE", SettingType.INTEGER, SERVER)
            .defaultValue("20")
            .doc("Connections to the metadata store the server keeps.");

    private static final String RATE = "requests a second, e.g. 100 (burst 200), 100/500, or off";

    public static final Setting<String> RATE_LIMIT = Setting.env(
                    "STRATA_RATE_LIMIT", SettingType.text("rate limit", RATE), SERVER)
            .defaultValue("100")
            .doc("Requests a second per principal: `N` (burst 2N), `N/BURST` or `off`.");
    public static final Setting<String> RATE_LIMIT_ANONYMOUS = Setting.env(
                    "STRATA_RATE_LIMIT_ANONYMOUS", SettingType.text("rate limit", RATE), SERVER)
            .defaultValue("5/20")
            .doc("Refused (unauthenticated) requests a second per client address.");
    public static final Setting<List<String>> RUN_ENV = Setting.env(
                    "STRATA_RUN_ENV", SettingType.LIST, SERVER, Part.ENGINE)
            .computedDefault("none")
            .runs(RunAccess.SET_BY_SERVER)
            .doc("Comma-separated names of the server's environment variables a run inherits and may use as `${NAME}`"
                    + " (e.g. `AWS_REGION`); never `STRATA_*`, `PATH`, `HOME`, `LD_*`, `JAVA_TOOL_OPTIONS`, `BASH_ENV`,"
                    + " `PG*` or others that change how processes start.");
    public static final Setting<List<String>> ALLOWED_ROOTS = Setting.env(
                    "STRATA_ALLOWED_ROOTS", SettingType.LIST, SERVER)
            .computedDefault("each pipeline's own folder")
            .doc("Where server-started runs may read and write: comma-separated locations, each may contain"
                    + " `{pipeline}`.");
    public static final Setting<String> DRIVER_MEMORY = Setting.env(
                    "STRATA_DRIVER_MEMORY", SettingType.TEXT, SERVER, LAUNCHER)
            .defaultValue("4g")
            .doc("The engine JVM's heap (`-Xmx`), for `strata run` and server-started runs.");
    public static final Setting<String> JAVA_OPTS = Setting.env("STRATA_JAVA_OPTS", SettingType.TEXT, SERVER, LAUNCHER)
            .doc("More options for the engine JVM, split on white space (e.g. `-Dspark.hadoop.fs.s3a.endpoint=…`).");
    public static final Setting<String> SPARK_LOCAL_IP = Setting.env("SPARK_LOCAL_IP", SettingType.TEXT, SERVER)
            .defaultValue("127.0.0.1")
            .runs(RunAccess.SET_BY_SERVER)
            .doc("The address a server-started run's Spark binds to.");
    public static final Setting<Path> INSTALL_DIR = Setting.property("strata.install.dir", SettingType.PATH, SERVER)
            .defaultValue(".")
            .doc("Where the launcher lives (set by `bin/strata`); the default engine command runs its CLI.");

    static final List<Setting<?>> ALL = List.of(
            PIPELINES_DIR,
            MAX_CONCURRENT_RUNS,
            RUN_COMMAND,
            RUN_TIMEOUT,
            RUN_RETRIES,
            RUN_RETRY_BACKOFF,
            ORPHANED_RUNS,
            ADMIN_TOKEN,
            METRICS_PRIVATE,
            JWT_SECRET,
            JWT_JWKS_URL,
            JWT_ISSUER,
            JWT_AUDIENCE,
            JWT_ROLE_CLAIM,
            DB_POOL_SIZE,
            RATE_LIMIT,
            RATE_LIMIT_ANONYMOUS,
            RUN_ENV,
            ALLOWED_ROOTS,
            DRIVER_MEMORY,
            JAVA_OPTS,
            SPARK_LOCAL_IP,
            INSTALL_DIR);

    private ServerConfig() {}
}
