package dev.strata.engine.source;

import dev.strata.engine.plugin.FormatRegistry;

/** Finds a {@link Source} by format name, among those installed ({@code META-INF/services}). */
public final class Sources {
    private static final FormatRegistry<Source> SOURCES = FormatRegistry.load(Source.class, Source::format, "read");

    private Sources() {}

    /** The source for a format, or a loud failure naming the ones available. */
    public static Source forFormat(String format) {
        return SOURCES.forFormat(format);
    }
}
