package dev.strata.engine.sink;

import dev.strata.engine.plugin.FormatRegistry;
import java.util.Set;

/** Finds a {@link Sink} by format name, among those installed ({@code META-INF/services}). */
public final class Sinks {
    private static final FormatRegistry<Sink> SINKS = FormatRegistry.load(Sink.class, Sink::format, "write");

    private Sinks() {}

    /** The formats a sink is installed for, sorted. */
    public static Set<String> available() {
        return SINKS.available();
    }

    /** The sink for a format, or a loud failure naming the ones available. */
    public static Sink forFormat(String format) {
        return SINKS.forFormat(format);
    }
}
