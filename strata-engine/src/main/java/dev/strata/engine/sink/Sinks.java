package dev.strata.engine.sink;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds a {@link Sink} by format name. */
public final class Sinks {
    private static final Map<String, Sink> BY_FORMAT = load();

    private Sinks() {}

    private static Map<String, Sink> load() {
        Map<String, Sink> sinks = new TreeMap<>();
        ServiceLoader.load(Sink.class, Sinks.class.getClassLoader()).forEach(s -> sinks.put(s.format(), s));
        return sinks;
    }

    /** The formats a sink is installed for, sorted. */
    public static java.util.Set<String> available() {
        return java.util.Collections.unmodifiableSet(BY_FORMAT.keySet());
    }

    /** The sink for a format, or a loud failure naming the ones available. */
    public static Sink forFormat(String format) {
        Sink sink = BY_FORMAT.get(format);
        if (sink == null) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "not supported yet: writing format '" + format + "' (no Sink for it on the classpath; available: "
                            + String.join(", ", BY_FORMAT.keySet()) + ")");
        }
        return sink;
    }
}
