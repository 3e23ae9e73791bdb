package dev.strata.core.secret;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resolves secret names to values by asking each {@link SecretSource} in turn, in the order {@value #SOURCES_ENV}
 * lists them ({@value #DEFAULT_SOURCES} by default); the first that holds the secret wins. A resolved value is
 * remembered by {@link Secrets}, so that it is masked wherever it would be printed.
 *
 * <p>{@code STRATA_SECRET_SOURCES=none} resolves nothing and leaves each reference as written: the server validates
 * posted pipelines that way, without its own environment.
 */
public final class SecretResolver {
    /** The setting that orders the sources: a comma-separated list of their kinds, or {@value #NONE}. */
    public static final String SOURCES_ENV = "STRATA_SECRET_SOURCES";

    public static final String DEFAULT_SOURCES = "env,file,kubernetes";

    /** Resolve nothing; references stay as written. */
    public static final String NONE = "none";

    /** A Kubernetes Secret key's syntax, without a leading '.': no path can be formed from it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private static final Map<String, SecretSource.Factory> FACTORIES = factories();

    private final List<SecretSource> sources;
    private final String order;
    private final Resolution.Failed misconfigured;

    private SecretResolver(List<SecretSource> sources, String order, Resolution.Failed misconfigured) {
        this.sources = List.copyOf(sources);
        this.order = order;
        this.misconfigured = misconfigured;
    }

    /** The outcome of resolving one name. None of them prints a value. */
    public sealed interface Resolution permits Resolution.Resolved, Resolution.LeftAsWritten, Resolution.Failed {
        /** The value, and where it was found. */
        record Resolved(String value, String where) implements Resolution {
            public Resolved {
                requireNonNull(value, "value is null");
            }

            @Override
            public String toString() {
                return "Resolved[" + where + "]";
            }
        }

        /** Resolution is off ({@code STRATA_SECRET_SOURCES=none}): keep the reference as written. */
        record LeftAsWritten() implements Resolution {}

        /** Not resolved: why, and how to fix it, in the validator's message shape. */
        record Failed(String message, String hint) implements Resolution {}
    }

    /** A resolver configured by {@code env}: {@value #SOURCES_ENV} and each source's own settings. */
    public static SecretResolver fromEnvironment(Map<String, String> env) {
        String configured = env.get(SOURCES_ENV);
        String order = configured == null || configured.isBlank()
                ? DEFAULT_SOURCES
                : configured.strip().toLowerCase(Locale.ROOT);
        if (order.equals(NONE)) {
            return new SecretResolver(List.of(), order, null);
        }
        List<SecretSource> sources = new ArrayList<>();
        for (String kind : order.split("\\s*,\\s*")) {
            SecretSource.Factory factory = FACTORIES.get(kind);
            if (factory == null) {
                return new SecretResolver(
                        List.of(),
                        order,
                        new Resolution.Failed(
                                "unknown secret source '" + kind + "' in " + SOURCES_ENV + "=" + configured,
                                "list some of " + String.join(", ", FACTORIES.keySet()) + ", separated by commas, or "
                                        + NONE));
            }
            sources.add(factory.create(env));
        }
        return new SecretResolver(sources, order, null);
    }

    /** Whether {@code name} is a valid secret name: a Kubernetes Secret key not starting with '.'. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Resolves one secret; a resolved value is remembered by {@link Secrets}. */
    public Resolution resolve(String name) {
        if (!isValidName(name)) {
            return new Resolution.Failed(
                    "invalid secret name '" + name + "'",
                    "use letters, digits, '.', '_' and '-', starting with a letter or digit, e.g."
                            + " ${secret:db-password}");
        }
        if (misconfigured != null) {
            return misconfigured;
        }
        if (order.equals(NONE)) {
            return new Resolution.LeftAsWritten();
        }
        List<String> looked = new ArrayList<>();
        for (SecretSource source : sources) {
            SecretSource.Lookup lookup = source.lookup(name);
            if (lookup instanceof SecretSource.Found found) {
                Secrets.remember(found.value());
                return new Resolution.Resolved(found.value(), found.where());
            } else if (lookup instanceof SecretSource.Refused refused) {
                return new Resolution.Failed(
                        "secret '" + name + "' cannot be used: " + refused.reason(), refused.fix());
            } else {
                looked.add(((SecretSource.Absent) lookup).where());
            }
        }
        return new Resolution.Failed(
                "secret '" + name + "' is not set; looked in " + String.join(", ", looked),
                "provide it in one of those places; " + SOURCES_ENV + " chooses and orders them");
    }

    private static Map<String, SecretSource.Factory> factories() {
        Map<String, SecretSource.Factory> factories = new TreeMap<>();
        ServiceLoader.load(SecretSource.Factory.class, SecretResolver.class.getClassLoader())
                .forEach(factory -> factories.put(factory.kind(), factory));
        return factories;
    }
}
