package dev.strata.core.spec;

import dev.strata.core.config.SettingType;
import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as pipeline files write them: a whole number and a unit, {@code 30s}, {@code 15m}, {@code 48h}, {@code 7d}, {@code 2w}. */
public final class Durations {
    /** The syntax of a duration: a whole number and one of the units s, m, h, d, w. */
    public static final Pattern SYNTAX = SettingType.DURATION_SYNTAX;

    private Durations() {}

    /** The duration, or an IllegalArgumentException that says the syntax (one grammar with duration settings). */
    public static Duration parse(String text) {
        return SettingType.duration(text);
    }
}
