package dev.strata.engine.plugin;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plugins of one kind (sources, sinks) installed on the class path, by format name. Plugins are found once through
 * {@link ServiceLoader} ({@code META-INF/services/<interface>}); asking for a format none declares fails with one
 * message style: {@code Cannot read format 'x': no Source for it on the classpath (available: a, b)}.
 *
 * @param <T> the plugin interface
 */
public final class FormatRegistry<T> {
    private final String kind;
    private final String verb;
    private final Map<String, T> byFormat;

    private FormatRegistry(String kind, String verb, Map<String, T> byFormat) {
        this.kind = kind;
        this.verb = verb;
        this.byFormat = Collections.unmodifiableMap(byFormat);
    }

    /**
     * Loads every implementation of {@code type} that the class loader of {@code type} sees.
     *
     * @param format the format name a plugin answers to
     * @param verb what the plugins do with a format, for the error message: {@code read} or {@code write}
     */
    public static <T> FormatRegistry<T> load(Class<T> type, Function<T, String> format, String verb) {
        Map<String, T> plugins = new TreeMap<>();
        ServiceLoader.load(type, type.getClassLoader()).forEach(p -> plugins.put(format.apply(p), p));
        return new FormatRegistry<>(type.getSimpleName(), verb, plugins);
    }

    /** The formats a plugin is installed for, sorted. */
    public Set<String> available() {
        return byFormat.keySet();
    }

    /** The plugin for a format, or a loud failure naming the ones available. */
    public T forFormat(String format) {
        T plugin = byFormat.get(format);
        if (plugin == null) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot " + verb + " format '" + format + "': no " + kind + " for it on the classpath (available: "
                            + String.join(", ", byFormat.keySet()) + ")");
        }
        return plugin;
    }
}
