package dev.strata.server;

import dev.strata.core.config.Config;
import dev.strata.core.config.ConfigException;
import dev.strata.core.config.ServerConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.server.backends.EngineLaunch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the server runs, from the environment. Every setting has a default that works on one machine with nothing
 * configured.
 *
 * @param pipelinesDirectory {@code STRATA_PIPELINES_DIR}: the only folder {@code config_path} may name files in, and
 *     the folder relative paths of posted YAML resolve against (default: the working directory)
 * @param dataDirectory {@code STRATA_HOME}/server: run logs and the YAML each run ran
 * @param maxConcurrentRuns {@code STRATA_MAX_CONCURRENT_RUNS}: runs at once (default 1 on up to 4 cores)
 * @param runCommand {@code STRATA_RUN_COMMAND}: the engine command a run starts, to which the server appends the
 *     pipeline file and its options (default: this installation's engine JVM, started directly, no shell); split on
 *     white space, never given to a shell
 * @param runTimeout {@code STRATA_RUN_TIMEOUT}: a run still going after it is killed and failed (default 6h)
 * @param maxRetries {@code STRATA_RUN_RETRIES}: how often a run whose engine crashed is started again (default 2)
 * @param retryBackoff {@code STRATA_RUN_RETRY_BACKOFF}: the first retry's delay, doubled for each next (default 10s)
 * @param requeueOrphans {@code STRATA_ORPHANED_RUNS}: {@code fail} (default) or {@code requeue} the runs a stopped
 *     server left running
 * @param adminToken {@code STRATA_ADMIN_TOKEN}: accepted as an admin key, to bootstrap; null when unset
 * @param privateMetrics {@code STRATA_METRICS_PRIVATE}: {@code /metrics} needs a token too
 * @param jwt how JWTs are verified; null when none are accepted
 * @param databaseConnections {@code STRATA_DB_POOL_SIZE}: connections to the metadata store (default 20)
 * @param rateLimit {@code STRATA_RATE_LIMIT}: requests a second per principal, {@code N} (burst 2N), {@code N/BURST}
 *     or {@code off} (default 100)
 * @param anonymousRateLimit {@code STRATA_RATE_LIMIT_ANONYMOUS}: refused (unauthenticated) requests a second per
 *     client address (default 5/20)
 * @param runEnvironment {@code STRATA_RUN_ENV}: names of the server's environment variables a run's engine inherits,
 *     and may use as {@code ${NAME}}, comma-separated (e.g. AWS_REGION,AWS_ACCESS_KEY_ID); none by default
 * @param allowedRoots {@code STRATA_ALLOWED_ROOTS}: where runs may read and write, comma-separated locations, each
 *     may contain {@code {pipeline}}; empty: each pipeline's own folder
 */
public record ServerSettings(
        Path pipelinesDirectory,
        Path dataDirectory,
        int maxConcurrentRuns,
        List<String> runCommand,
        Duration runTimeout,
        int maxRetries,
        Duration retryBackoff,
        boolean requeueOrphans,
        String adminToken,
        boolean privateMetrics,
        JwtSettings jwt,
        int databaseConnections,
        RateLimits.Limit rateLimit,
        RateLimits.Limit anonymousRateLimit,
        List<String> runEnvironment,
        List<String> allowedRoots) {

    /**
     * @param hmacSecret {@code STRATA_JWT_SECRET}: HS256 tokens signed with it
     * @param jwksUrl {@code STRATA_JWT_JWKS_URL}: RS256 tokens signed by a key of this set
     * @param issuer {@code STRATA_JWT_ISSUER}: the {@code iss} every token must carry
     * @param audience {@code STRATA_JWT_AUDIENCE}: an {@code aud} every token must carry
     * @param roleClaim {@code STRATA_JWT_ROLE_CLAIM}: the claim holding the role (default {@code role})
     */
    public record JwtSettings(String hmacSecret, String jwksUrl, String issuer, String audience, String roleClaim) {
        @Override
        public String toString() {
            // The secret never reaches a log line.
            return "JwtSettings[" + (hmacSecret != null ? "HS256" : "RS256 " + jwksUrl) + ", issuer=" + issuer
                    + ", audience=" + audience + ", roleClaim=" + roleClaim + "]";
        }
    }

    public ServerSettings {
        runCommand = List.copyOf(runCommand);
        runEnvironment = List.copyOf(runEnvironment);
        allowedRoots = List.copyOf(allowedRoots);
        if (maxConcurrentRuns < 1) {
            throw invalid(
                    ServerConfig.MAX_CONCURRENT_RUNS.name(), String.valueOf(maxConcurrentRuns), "a whole number >= 1");
        }
    }

    @Override
    public String toString() {
        return "ServerSettings[pipelines=" + pipelinesDirectory + ", data=" + dataDirectory + ", maxConcurrentRuns="
                + maxConcurrentRuns + ", runCommand=" + runCommand + ", runTimeout=" + runTimeout + ", maxRetries="
                + maxRetries + ", adminToken=" + (adminToken == null ? "unset" : "set") + ", jwt=" + jwt
                + ", rateLimit="
                + rateLimit + ", anonymousRateLimit=" + anonymousRateLimit + ", runEnvironment=" + runEnvironment
                + ", allowedRoots=" + allowedRoots + "]";
    }

    /**
     * Where a run of {@code pipeline} may read and write, and what its files triggers may watch: each {@code
     * STRATA_ALLOWED_ROOTS} location with {@code {pipeline}} replaced by its name, or, when none is set, the pipeline's
     * own folder.
     */
    public List<String> allowedRootsOf(String pipeline, Path baseDir) {
        if (allowedRoots.isEmpty()) {
            return List.of(baseDir.toString());
        }
        return allowedRoots.stream()
                .map(root -> root.replace("{pipeline}", pipeline))
                .toList();
    }

    /** Strata's own folder, {@code STRATA_HOME}. */
    public Path strataHome() {
        return dataDirectory.getParent();
    }

    /**
     * The settings {@code env} gives; {@code installDirectory} holds {@code bin/strata}. Throws one {@link
     * ConfigException} naming every bad setting.
     */
    public static ServerSettings fromEnvironment(Map<String, String> env, Path installDirectory) {
        Config config = Config.of(env);
        Path home = StoreConfig.home(config);
        Path pipelines = config.get(ServerConfig.PIPELINES_DIR).toAbsolutePath().normalize();
        int cores = Runtime.getRuntime().availableProcessors();
        int concurrent = config.get(ServerConfig.MAX_CONCURRENT_RUNS, cores <= 4 ? 1 : cores / 4);
        String runCommand = config.get(ServerConfig.RUN_COMMAND);
        List<String> command = runCommand == null
                ? EngineLaunch.defaultCommand(installDirectory.toAbsolutePath(), env)
                : new ArrayList<>(Arrays.asList(runCommand.trim().split("\\s+")));
        String orphans = config.get(ServerConfig.ORPHANED_RUNS);
        JwtSettings jwt = null;
        String jwtSecret = config.get(ServerConfig.JWT_SECRET);
        if (config.isSet(ServerConfig.JWT_SECRET) || config.isSet(ServerConfig.JWT_JWKS_URL)) {
            jwt = new JwtSettings(
                    jwtSecret,
                    config.get(ServerConfig.JWT_JWKS_URL),
                    config.get(ServerConfig.JWT_ISSUER),
                    config.get(ServerConfig.JWT_AUDIENCE),
                    config.get(ServerConfig.JWT_ROLE_CLAIM));
        }
        List<String> runEnvironment = runEnvironment(config);
        ServerSettings settings = new ServerSettings(
                pipelines,
                home.resolve("server"),
                concurrent,
                command,
                config.get(ServerConfig.RUN_TIMEOUT),
                config.get(ServerConfig.RUN_RETRIES),
                config.get(ServerConfig.RUN_RETRY_BACKOFF),
                orphans.equals("requeue"),
                config.get(ServerConfig.ADMIN_TOKEN),
                config.get(ServerConfig.METRICS_PRIVATE),
                jwt,
                config.get(ServerConfig.DB_POOL_SIZE),
                config.parse(ServerConfig.RATE_LIMIT, RateLimits.Limit::parse),
                config.parse(ServerConfig.RATE_LIMIT_ANONYMOUS, RateLimits.Limit::parse),
                runEnvironment,
                config.get(ServerConfig.ALLOWED_ROOTS, List.of()));
        config.validate();
        return settings;
    }

    /**
     * Variables a run may not inherit, whatever STRATA_RUN_ENV says: they change how a process or the JVM starts, or
     * point a run at the server's own store and secrets.
     */
    private static final java.util.regex.Pattern NOT_INHERITABLE = java.util.regex.Pattern.compile(
            "(?i)(STRATA_.*|LD_.*|DYLD_.*|BASH_ENV|ENV|BASH_FUNC_.*|SHELLOPTS|PS4|IFS|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS"
                    + "|JDK_JAVA_OPTIONS|JAVA_OPTS|CLASSPATH|PG.*|POSTGRES_.*|PATH|HOME)");

    private static List<String> runEnvironment(Config config) {
        List<String> names = config.get(ServerConfig.RUN_ENV, List.of());
        for (String name : names) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")
                    || NOT_INHERITABLE.matcher(name).matches()) {
                config.invalid(
                        ServerConfig.RUN_ENV,
                        "names of variables runs need, such as AWS_REGION; " + name
                                + " changes how processes start or reaches the server's own store, and is never passed");
                return List.of();
            }
        }
        return names;
    }

    private static StrataException invalid(String name, String value, String expected) {
        return new StrataException(ErrorCode.INVALID_SPEC, name + "=" + value + " is not valid (set " + expected + ")");
    }
}
