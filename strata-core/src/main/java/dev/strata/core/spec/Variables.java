package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import dev.strata.core.config.Config;
import dev.strata.core.config.ServerConfig;
import java.time.Instant;
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
 * <p>Every mode but {@link Mode#UNRESOLVED} also fills in the run's own variables, {@code ${run.logical_time}} (an
 * ISO-8601 instant) and {@code ${run.logical_date}} (its date in the schedule's time zone): the time the run is for,
 * which a scheduled run takes from its fire time ({@code strata run --logical-time}), and any other run from its
 * start.
 *
 * @param params values given for the run, by parameter name
 * @param env the environment
 * @param mode which of the above
 * @param logicalTime the run's logical time; null for the time the file is loaded, i.e. the run's start
 */
public record Variables(Map<String, String> params, Map<String, String> env, Mode mode, Instant logicalTime) {
    /** The prefix of the run's own variables, {@code ${run.logical_time}} and {@code ${run.logical_date}}. */
    public static final String RUN_PREFIX = "run.";

    /** {@code ${run.logical_time}}: the instant the run is for, e.g. {@code 2026-01-31T08:00:00Z}. */
    public static final String LOGICAL_TIME = RUN_PREFIX + "logical_time";

    /** {@code ${run.logical_date}}: the logical time's date in the schedule's time zone, e.g. {@code 2026-01-31}. */
    public static final String LOGICAL_DATE = RUN_PREFIX + "logical_date";

    /** The operator's comma-separated allow-list of environment variables a server-started run may reference. */
    public static final String RUN_ENV = ServerConfig.RUN_ENV.name();

    /** How references resolve; see {@link Variables}. */
    public enum Mode {
        ENVIRONMENT,
        RESTRICTED,
        UNRESOLVED
    }

    public Variables(Map<String, String> params, Map<String, String> env, Mode mode) {
        this(params, env, mode, null);
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

    /** The same variables for a run whose logical time is {@code time} (null: the run's start). */
    public Variables withLogicalTime(Instant time) {
        return new Variables(params, env, mode, time);
    }

    /** Names only: the environment holds secrets, and values have no place in a log line. */
    @Override
    public String toString() {
        return "Variables[mode=" + mode + ", params=" + params.keySet() + ", env=" + env.size() + " variables"
                + (logicalTime == null ? "" : ", logicalTime=" + logicalTime) + "]";
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
