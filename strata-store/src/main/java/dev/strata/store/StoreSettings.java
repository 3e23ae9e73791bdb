package dev.strata.store;

import dev.strata.core.config.Config;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the metadata store lives: an external PostgreSQL at {@code url} (a JDBC URL without credentials), or an
 * embedded PostgreSQL whose data directory is {@code embeddedDirectory}. Exactly one of the two is set; {@link
 * #toString()} never shows a password or token.
 *
 * <p>On an external PostgreSQL, {@code runUser} and {@code runPassword} name the role child runs connect as (the
 * server's own user when unset); {@code runToken} is what a child run proves it is the run it reports progress for.
 * An embedded store manages its roles and passwords itself (docs/security.md).
 */
public record StoreSettings(
        String url,
        String user,
        String password,
        Path embeddedDirectory,
        String runUser,
        String runPassword,
        String runToken) {
    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    public StoreSettings {
        if ((url == null) == (embeddedDirectory == null)) {
            throw new IllegalArgumentException("exactly one of url and embeddedDirectory must be set");
        }
        if (url != null && !url.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("url must start with " + JDBC_PREFIX + ": " + redacted(url));
        }
        embeddedDirectory = embeddedDirectory == null
                ? null
                : embeddedDirectory.toAbsolutePath().normalize();
    }

    /** Settings without a separate run role or a run token. */
    public StoreSettings(String url, String user, String password, Path embeddedDirectory) {
        this(url, user, password, embeddedDirectory, null, null, null);
    }

    /**
     * The store the environment names: {@code STRATA_DB_URL} (with {@code STRATA_DB_USER} and {@code
     * STRATA_DB_PASSWORD}); else {@code POSTGRES_HOST} with {@code POSTGRES_PORT} (5432), {@code POSTGRES_USER}
     * (postgres), {@code POSTGRES_DB} (the user's name) and {@code POSTGRES_PASSWORD}; else an embedded PostgreSQL in
     * {@code $STRATA_HOME/postgres}, {@code ~/.strata/postgres} by default.
     *
     * <p>With an external store, {@code STRATA_DB_RUN_USER} and {@code STRATA_DB_RUN_PASSWORD} name the role child
     * runs connect as, and {@code STRATA_DB_RUN_TOKEN} is the token a child run was given by the server that started
     * it.
     */
    public static StoreSettings fromEnvironment(Map<String, String> env) {
        Config config = Config.of(env);
        StoreSettings settings = fromEnvironmentWithoutRun(config);
        StoreSettings result = settings.isEmbedded()
                ? settings
                : settings.withRun(
                        config.get(StoreConfig.DB_RUN_USER),
                        config.get(StoreConfig.DB_RUN_PASSWORD),
                        config.get(StoreConfig.DB_RUN_TOKEN));
        config.validate();
        return result;
    }

    private static StoreSettings fromEnvironmentWithoutRun(Config config) {
        String url = config.get(StoreConfig.DB_URL);
        if (url != null) {
            return external(url, config.get(StoreConfig.DB_USER), config.get(StoreConfig.DB_PASSWORD));
        }
        String host = config.get(StoreConfig.POSTGRES_HOST);
        if (host != null) {
            String port = config.get(StoreConfig.POSTGRES_PORT);
            String user = config.get(StoreConfig.POSTGRES_USER);
            String database = config.get(StoreConfig.POSTGRES_DB, user);
            return external(
                    JDBC_PREFIX + host + ":" + port + "/" + database, user, config.get(StoreConfig.POSTGRES_PASSWORD));
        }
        return embedded(StoreConfig.home(config).resolve("postgres"));
    }

    /** Strata's own folder: {@code STRATA_HOME}, else {@code ~/.strata}. */
    public static Path strataHome(Map<String, String> env) {
        Config config = Config.of(env);
        Path home = StoreConfig.home(config);
        config.validate();
        return home;
    }

    /** An embedded PostgreSQL whose data directory, kept across runs, is {@code directory}. */
    public static StoreSettings embedded(Path directory) {
        return new StoreSettings(null, null, null, directory);
    }

    /**
     * An external PostgreSQL. {@code url} is {@code jdbc:postgresql://host:port/db} or {@code postgresql://…}; a
     * {@code user:password@} in it is taken out of the URL, and {@code user} and {@code password}, when given, win.
     */
    public static StoreSettings external(String url, String user, String password) {
        String text = url == null ? "" : url.strip();
        String rest;
        if (text.startsWith(JDBC_PREFIX)) {
            rest = text.substring(JDBC_PREFIX.length());
        } else if (text.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (text.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use the metadata store URL '" + redacted(text) + "': it is not a PostgreSQL URL"
                            + " (use postgresql://host:5432/database or jdbc:postgresql://host:5432/database)");
        }
        int authorityEnd = indexOfAny(rest, "/?");
        int at = rest.lastIndexOf('@', authorityEnd - 1);
        String urlUser = null;
        String urlPassword = null;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            urlUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            urlPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            rest = rest.substring(at + 1);
        }
        return new StoreSettings(JDBC_PREFIX + rest, orDefault(user, urlUser), orDefault(password, urlPassword), null);
    }

    /** Whether this is an embedded PostgreSQL. */
    public boolean isEmbedded() {
        return embeddedDirectory != null;
    }

    /** These settings with the run role {@code user} (and its password) and the run token {@code token}. */
    public StoreSettings withRun(String user, String password, String token) {
        return new StoreSettings(url, this.user, this.password, embeddedDirectory, user, password, token);
    }

    /**
     * The environment variables a child process reads these settings from ({@link #fromEnvironment}): {@code
     * STRATA_DB_URL}, and {@code STRATA_DB_USER}, {@code STRATA_DB_PASSWORD} and {@code STRATA_DB_RUN_TOKEN} where
     * set. Only an external store's settings can be handed on: an embedded data directory is its server's alone.
     */
    public Map<String, String> environment() {
        if (isEmbedded()) {
            throw new IllegalStateException("an embedded store is reached through MetadataStore.runConnection");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(StoreConfig.DB_URL.name(), url);
        if (user != null) {
            env.put(StoreConfig.DB_USER.name(), user);
        }
        if (password != null) {
            env.put(StoreConfig.DB_PASSWORD.name(), password);
        }
        if (runToken != null) {
            env.put(StoreConfig.DB_RUN_TOKEN.name(), runToken);
        }
        return Collections.unmodifiableMap(env);
    }

    /**
     * What a user reads in messages: {@code embedded PostgreSQL in /root/.strata/postgres} or {@code
     * postgresql://127.0.0.1:5432/strata}, with no credentials and no URL parameters.
     */
    public String describe() {
        if (isEmbedded()) {
            return "embedded PostgreSQL in " + embeddedDirectory;
        }
        String withoutPrefix = url.substring("jdbc:".length());
        int query = withoutPrefix.indexOf('?');
        return query < 0 ? withoutPrefix : withoutPrefix.substring(0, query);
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + (url == null ? null : redacted(url)) + ", user=" + user + ", password="
                + (password == null ? null : "***") + ", embeddedDirectory=" + embeddedDirectory
                + (runUser == null ? "" : ", runUser=" + runUser)
                + (runPassword == null ? "" : ", runPassword=***")
                + (runToken == null ? "" : ", runToken=***") + "]";
    }

    /** The URL with the value of a {@code password=} parameter, and any {@code user:password@}, masked. */
    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@?]*@", "//***@");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String decode(String text) {
        return text.isEmpty() ? null : URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
