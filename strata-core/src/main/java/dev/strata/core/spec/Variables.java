package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import dev.strata.core.config.Config;
import dev.strata.core.config.ServerConfig;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the {@code ${NAME}} references of a pipeline file take their values from.
 *
 * <ul>
 *   <li>{@link #environment}, {@link #of}: a CLI run. A declared parameter takes its value from {@code params} (the
 *       {@code --param} options), else the environment variable of its name, else its default; any other name from
 *       the environment, as before parameters existed.
 *   <li>{@link #restricted}: a run started by the server. A declared parameter takes its value from {@code params},
 *       else its default; the only other names are those the operator lists, comma-separated, in
 *       {@code STRATA_RUN_ENV}. A name starting with {@code STRATA_} never resolves, and neither does any other
 *       environment variable: such a reference is a validation error.
 *   <li>{@link #unresolved}: the server checking a posted file. Declared parameters take their default; other
 *       references are left as written.
 * </ul>
 *
 * @param params values given for the run, by parameter name
 * @param env the environment
 * @param mode which of the above
 */
public record Variables(Map<String, String> params, Map<String, String> env, Mode mode) {
    /** The operator's comma-separated allow-list of environment variables a server-started run may reference. */
    public static final String RUN_ENV = ServerConfig.RUN_ENV.name();

    /** How references resolve; see {@link Variables}. */
    public enum Mode {
        ENVIRONMENT,
        RESTRICTED,
        UNRESOLVED
    }

    public Variables {
        params = Map.copyOf(params);
        // A view, not a copy: a caller may pass a map that answers get() for any name.
        env = Collections.unmodifiableMap(requireNonNull(env, "env is null"));
        requireNonNull(mode, "mode is null");
    }

    /** A CLI run without parameter values: everything from the environment. */
    public static Variables environment(Map<String, String> env) {
        return new Variables(Map.of(), env, Mode.ENVIRONMENT);
    }

    /** A CLI run: {@code --param} values first, then the environment, then the declared defaults. */
    public static Variables of(Map<String, String> params, Map<String, String> env) {
        return new Variables(params, env, Mode.ENVIRONMENT);
    }

    /** A server-started run: declared parameters and the variables {@code STRATA_RUN_ENV} lists, nothing else. */
    public static Variables restricted(Map<String, String> params, Map<String, String> env) {
        return new Variables(params, env, Mode.RESTRICTED);
    }

    /** A file checked without running it: declared parameters take their default, other references stay as written. */
    public static Variables unresolved() {
        return new Variables(Map.of(), Map.of(), Mode.UNRESOLVED);
    }

    /** Names only: the environment holds secrets, and values have no place in a log line. */
    @Override
    public String toString() {
        return "Variables[mode=" + mode + ", params=" + params.keySet() + ", env=" + env.size() + " variables]";
    }

    /**
     * The environment variables a restricted run may reference: those {@code STRATA_RUN_ENV} lists, except names starting
     * with {@code STRATA_}, which are never passed.
     */
    public Set<String> runEnvironment() {
        Set<String> names = new LinkedHashSet<>();
        Config.of(env).get(ServerConfig.RUN_ENV, List.<String>of()).stream()
                .filter(name -> !Parameters.isReserved(name))
                .forEach(names::add);
        return names;
    }
}
