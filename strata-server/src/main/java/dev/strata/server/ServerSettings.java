package dev.strata.server;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Durations;
import dev.strata.store.StoreSettings;
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
            throw invalid("STRATA_MAX_CONCURRENT_RUNS", String.valueOf(maxConcurrentRuns), "a whole number >= 1");
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

    /** Strata's own folder, {@code STRATA_HOME}. */
    public Path strataHome() {
        return dataDirectory.getParent();
    }

    /** The settings {@code env} gives; {@code installDirectory} holds {@code bin/strata}. */
    public static ServerSettings fromEnvironment(Map<String, String> env, Path installDirectory) {
        Path home = StoreSettings.strataHome(env);
        Path pipelines = Path.of(env.getOrDefault("STRATA_PIPELINES_DIR", "."))
                .toAbsolutePath()
                .normalize();
        int cores = Runtime.getRuntime().availableProcessors();
        int concurrent = integer(env, "STRATA_MAX_CONCURRENT_RUNS", cores <= 4 ? 1 : cores / 4);
        List<String> command = env.get("STRATA_RUN_COMMAND") == null
                ? EngineLaunch.defaultCommand(installDirectory.toAbsolutePath(), env)
                : new ArrayList<>(
                        Arrays.asList(env.get("STRATA_RUN_COMMAND").trim().split("\\s+")));
        String orphans = env.getOrDefault("STRATA_ORPHANED_RUNS", "fail");
        if (!orphans.equals("fail") && !orphans.equals("requeue")) {
            throw invalid("STRATA_ORPHANED_RUNS", orphans, "fail or requeue");
        }
        JwtSettings jwt = null;
        if (env.get("STRATA_JWT_SECRET") != null || env.get("STRATA_JWT_JWKS_URL") != null) {
            if (env.get("STRATA_JWT_SECRET") != null
                    && env.get("STRATA_JWT_SECRET").length() < 32) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "STRATA_JWT_SECRET is too short for HS256 (set a secret of at least 32 characters)");
            }
            jwt = new JwtSettings(
                    env.get("STRATA_JWT_SECRET"),
                    env.get("STRATA_JWT_JWKS_URL"),
                    env.get("STRATA_JWT_ISSUER"),
                    env.get("STRATA_JWT_AUDIENCE"),
                    env.getOrDefault("STRATA_JWT_ROLE_CLAIM", "role"));
        }
        String admin = env.get("STRATA_ADMIN_TOKEN");
        return new ServerSettings(
                pipelines,
                home.resolve("server"),
                concurrent,
                command,
                duration(env, "STRATA_RUN_TIMEOUT", "6h"),
                integer(env, "STRATA_RUN_RETRIES", 2),
                duration(env, "STRATA_RUN_RETRY_BACKOFF", "10s"),
                orphans.equals("requeue"),
                admin == null || admin.isBlank() ? null : admin,
                Boolean.parseBoolean(env.getOrDefault("STRATA_METRICS_PRIVATE", "false")),
                jwt,
                integer(env, "STRATA_DB_POOL_SIZE", 20),
                limit(env, "STRATA_RATE_LIMIT", "100"),
                limit(env, "STRATA_RATE_LIMIT_ANONYMOUS", "5/20"),
                runEnvironment(env.getOrDefault("STRATA_RUN_ENV", "")),
                list(env.getOrDefault("STRATA_ALLOWED_ROOTS", "")));
    }

    /**
     * Variables a run may not inherit, whatever STRATA_RUN_ENV says: they change how a process or the JVM starts, or
     * point a run at the server's own store and secrets.
     */
    private static final java.util.regex.Pattern NOT_INHERITABLE = java.util.regex.Pattern.compile(
            "(?i)(STRATA_.*|LD_.*|DYLD_.*|BASH_ENV|ENV|BASH_FUNC_.*|SHELLOPTS|PS4|IFS|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS"
                    + "|JDK_JAVA_OPTIONS|JAVA_OPTS|CLASSPATH|PG.*|POSTGRES_.*|PATH|HOME)");

    private static List<String> runEnvironment(String text) {
        List<String> names = list(text);
        for (String name : names) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")
                    || NOT_INHERITABLE.matcher(name).matches()) {
                throw invalid(
                        "STRATA_RUN_ENV",
                        text,
                        "names of variables runs need, such as AWS_REGION; " + name
                                + " changes how processes start or reaches the server's own store, and is never passed");
            }
        }
        return names;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .toList();
    }

    private static RateLimits.Limit limit(Map<String, String> env, String name, String fallback) {
        String text = env.getOrDefault(name, fallback);
        try {
            return RateLimits.Limit.parse(text);
        } catch (NumberFormatException e) {
            throw invalid(name, text, "requests a second, e.g. 100 (burst 200), 100/500, or off");
        }
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text, "a whole number");
        }
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        String text = env.getOrDefault(name, fallback);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name, text, "a duration such as 90s, 15m or 2h");
        }
    }

    private static StrataException invalid(String name, String value, String expected) {
        return new StrataException(ErrorCode.INVALID_SPEC, name + "=" + value + " is not valid (set " + expected + ")");
    }
}
