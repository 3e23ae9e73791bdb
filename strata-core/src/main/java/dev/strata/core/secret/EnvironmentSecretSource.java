package dev.strata.core.secret;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;

/**
 * Secrets in environment variables named {@code STRATA_SECRET_<NAME>}: the name upper-cased, with '.' and '-' as '_'.
 * The prefix keeps a pipeline from reading the process's other settings (a store URL, a token) as secrets.
 */
public final class EnvironmentSecretSource implements SecretSource {
    /** The prefix of every secret's variable. */
    public static final String PREFIX = "STRATA_SECRET_";

    private final Map<String, String> env;

    public EnvironmentSecretSource(Map<String, String> env) {
        this.env = requireNonNull(env, "env is null");
    }

    /** The variable that holds secret {@code name}: {@code db-password} is {@code STRATA_SECRET_DB_PASSWORD}. */
    public static String variable(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public Lookup lookup(String name) {
        String variable = variable(name);
        String value = env.get(variable);
        if (value == null) {
            return new Absent("environment variable " + variable + " (not set)");
        }
        if (value.isEmpty()) {
            return new Absent("environment variable " + variable + " (empty)");
        }
        return new Found(value, "environment variable " + variable);
    }

    /** {@code env}. */
    public static final class Factory implements SecretSource.Factory {
        @Override
        public String kind() {
            return "env";
        }

        @Override
        public SecretSource create(Map<String, String> env) {
            return new EnvironmentSecretSource(env);
        }
    }
}
