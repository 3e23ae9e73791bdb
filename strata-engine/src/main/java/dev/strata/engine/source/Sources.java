package dev.strata.engine.source;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds a {@link Source} by format name. */
public final class Sources {
    private static final Map<String, Source> BY_FORMAT = load();

    private Sources() {}

    private static Map<String, Source> load() {
        Map<String, Source> sources = new TreeMap<>();
        ServiceLoader.load(Source.class, Sources.class.getClassLoader()).forEach(s -> sources.put(s.format(), s));
        return sources;
    }

    public static Source forFormat(String format) {
        Source source = BY_FORMAT.get(format);
        if (source == null) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot read format '" + format + "': no Source for it on the classpath (available: "
                            + String.join(", ", BY_FORMAT.keySet()) + ")");
        }
        return source;
    }
}
