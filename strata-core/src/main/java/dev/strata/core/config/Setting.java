package dev.strata.core.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One declared environment variable, family of environment variables (by prefix) or system property that Strata
 * reads: its name, type, default, documentation, whether it is a secret (then redacted in every message and never
 * passed to a run unless declared {@link RunAccess#INHERITED}), which parts read it, and its checks. Like one {@code
 * ConfigDef.define(…)} in Kafka; the declarations are in {@link StrataConfig}.
 *
 * @param name the variable's or property's name; for a {@link Origin#ENVIRONMENT_PREFIX} family, the prefix
 * @param defaultValue the text that stands for the value when unset; null when there is none or it is computed
 * @param defaultDescription what the docs say the default is when it is computed (null: {@code defaultValue})
 * @param checks what a parsed value must satisfy, in order; the first that fails is reported
 * @param <T> the parsed value's Java type
 */
public record Setting<T>(
        String name,
        Origin origin,
        SettingType<T> type,
        String defaultValue,
        String defaultDescription,
        String documentation,
        boolean secret,
        Set<Part> readBy,
        RunAccess runs,
        List<Check<T>> checks) {

    /** Where a setting's text comes from. */
    public enum Origin {
        ENVIRONMENT,
        ENVIRONMENT_PREFIX,
        SYSTEM_PROPERTY
    }

    /**
     * A condition on the parsed value. When it fails the problem reads "NAME=value is not valid (set {@code
     * expected})", or what {@code message} makes of the shown value when one is given.
     */
    public record Check<T>(Predicate<T> valid, String expected, UnaryOperator<String> message) {}

    public Setting {
        readBy = Set.copyOf(readBy);
        checks = List.copyOf(checks);
    }

    /** An environment variable of {@code type}, read by {@code readBy}. */
    public static <T> Setting<T> env(String name, SettingType<T> type, Part first, Part... more) {
        return declared(name, Origin.ENVIRONMENT, type, first, more);
    }

    /** Every environment variable whose name starts with {@code prefix}. */
    public static Setting<String> prefix(String prefix, Part first, Part... more) {
        return declared(prefix, Origin.ENVIRONMENT_PREFIX, SettingType.STRING, first, more);
    }

    /** A JVM system property of {@code type}. */
    public static <T> Setting<T> property(String name, SettingType<T> type, Part first, Part... more) {
        return declared(name, Origin.SYSTEM_PROPERTY, type, first, more);
    }

    /** A setting with no default, documentation or checks yet, not secret, and not passed to runs. */
    private static <T> Setting<T> declared(String name, Origin origin, SettingType<T> type, Part first, Part... more) {
        return new Setting<>(
                name, origin, type, null, null, "", false, parts(first, more), RunAccess.NOT_PASSED, List.of());
    }

    /** This setting with the default {@code text}, parsed like a set value. */
    public Setting<T> defaultValue(String text) {
        return new Setting<>(name, origin, type, text, defaultDescription, documentation, secret, readBy, runs, checks);
    }

    /** This setting with a default the reading part computes, as the docs describe it. */
    public Setting<T> computedDefault(String description) {
        return new Setting<>(
                name, origin, type, defaultValue, description, documentation, secret, readBy, runs, checks);
    }

    public Setting<T> doc(String text) {
        return new Setting<>(name, origin, type, defaultValue, defaultDescription, text, secret, readBy, runs, checks);
    }

    /** This setting as a secret: its value is never shown, and a run gets it only when declared inherited. */
    public Setting<T> asSecret() {
        return new Setting<>(
                name, origin, type, defaultValue, defaultDescription, documentation, true, readBy, runs, checks);
    }

    /** This setting with what runs see of it. */
    public Setting<T> runs(RunAccess access) {
        return new Setting<>(
                name, origin, type, defaultValue, defaultDescription, documentation, secret, readBy, access, checks);
    }

    /** This setting with one more check, reported as "NAME=value is not valid (set {@code expected})". */
    public Setting<T> check(Predicate<T> valid, String expected) {
        return withCheck(new Check<>(valid, expected, null));
    }

    /** This setting with one more check, reported as what {@code message} makes of the shown value. */
    public Setting<T> checkWithMessage(Predicate<T> valid, UnaryOperator<String> message) {
        return withCheck(new Check<>(valid, null, message));
    }

    /** Whether {@code variable} is this setting or, for a family, one of its members. */
    public boolean names(String variable) {
        return origin == Origin.ENVIRONMENT_PREFIX ? variable.startsWith(name) : variable.equals(name);
    }

    /** How the docs name it: {@code STRATA_SECRET_*} for a family, {@code -Dname} for a property. */
    public String displayName() {
        return switch (origin) {
            case ENVIRONMENT -> name;
            case ENVIRONMENT_PREFIX -> name + "*";
            case SYSTEM_PROPERTY -> "-D" + name;
        };
    }

    /** {@code value}, or {@code ***} when this setting is a secret. */
    public String shown(String value) {
        return secret ? "***" : value;
    }

    private Setting<T> withCheck(Check<T> check) {
        List<Check<T>> all = new ArrayList<>(checks);
        all.add(check);
        return new Setting<>(
                name, origin, type, defaultValue, defaultDescription, documentation, secret, readBy, runs, all);
    }

    private static Set<Part> parts(Part first, Part... more) {
        return EnumSet.of(first, more);
    }
}
