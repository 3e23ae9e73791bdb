package dev.strata.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The values of declared settings, read from one environment and the system properties: typed, defaulted and checked.
 * Like Kafka's {@code AbstractConfig}, it collects every bad value instead of stopping at the first: a part reads all
 * its settings, adds its own cross-checks with {@link #invalid}, then calls {@link #validate()}, which throws one
 * {@link ConfigException} listing each problem. Reads are lazy, so a setting a part does not use is never judged.
 */
public final class Config {
    private final Map<String, String> environment;
    private final UnaryOperator<String> properties;
    private final List<String> problems = new ArrayList<>();

    private Config(Map<String, String> environment, UnaryOperator<String> properties) {
        this.environment = Collections.unmodifiableMap(environment);
        this.properties = properties;
    }

    /** Settings from {@code environment} and this JVM's system properties. */
    public static Config of(Map<String, String> environment) {
        return new Config(environment, System::getProperty);
    }

    /** Settings from {@code environment} and the system properties {@code properties} (for tests). */
    public static Config of(Map<String, String> environment, Map<String, String> properties) {
        return new Config(environment, properties::get);
    }

    /** The value of one setting of {@code environment}, its default when unset; throws when it is not valid. */
    public static <T> T read(Setting<T> setting, Map<String, String> environment) {
        Config config = of(environment);
        T value = config.get(setting);
        config.validate();
        return value;
    }

    /** The text as set, or null when unset or blank. */
    public String text(Setting<?> setting) {
        String value = switch (setting.origin()) {
            case ENVIRONMENT -> environment.get(setting.name());
            case SYSTEM_PROPERTY -> properties.apply(setting.name());
            case ENVIRONMENT_PREFIX ->
                throw new IllegalArgumentException(setting.displayName() + " is a family: read it with family()");
        };
        return value == null || value.isBlank() ? null : value;
    }

    /** Whether the setting is set to a non-blank text. */
    public boolean isSet(Setting<?> setting) {
        return text(setting) != null;
    }

    /**
     * The parsed value; the declared default when unset; null when unset without a default. A value that does not
     * parse or fails a check is recorded as a problem, and the default stands in for it until {@link #validate()}.
     */
    public <T> T get(Setting<T> setting) {
        return get(setting, null);
    }

    /** As {@link #get(Setting)}, with {@code fallback} for a setting whose default is computed by its reader. */
    public <T> T get(Setting<T> setting, T fallback) {
        T defaultValue =
                setting.defaultValue() == null ? fallback : setting.type().parse(setting.defaultValue());
        String text = text(setting);
        if (text == null) {
            return defaultValue;
        }
        T value;
        try {
            value = setting.type().parse(text);
        } catch (IllegalArgumentException e) {
            invalid(setting, setting.type().expected());
            return defaultValue;
        }
        for (Setting.Check<T> check : setting.checks()) {
            if (!check.valid().test(value)) {
                if (check.message() != null) {
                    problems.add(check.message().apply(setting.shown(text)));
                } else {
                    invalid(setting, check.expected());
                }
                return defaultValue;
            }
        }
        return value;
    }

    /**
     * The value {@code parser} makes of the text (or of the default when unset), for a type that the reading part
     * owns; when the parser throws, the setting's type says what was expected, and the result is null.
     */
    public <R> R parse(Setting<String> setting, Function<String, R> parser) {
        String text = get(setting);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            invalid(setting, setting.type().expected());
            return null;
        }
    }

    /** Every variable of a family, by its full name, in name order. */
    public Map<String, String> family(Setting<?> prefix) {
        Map<String, String> members = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (prefix.names(name)) {
                members.put(name, value);
            }
        });
        return members;
    }

    /** Records "NAME=value is not valid (set {@code expected})", the value shown only when not a secret. */
    public void invalid(Setting<?> setting, String expected) {
        String value = setting.origin() == Setting.Origin.SYSTEM_PROPERTY
                ? properties.apply(setting.name())
                : environment.get(setting.name());
        problems.add(setting.name() + "=" + setting.shown(value) + " is not valid (set " + expected + ")");
    }

    /** Records a problem worded by the reading part; it must not contain a secret's value. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws one {@link ConfigException} listing every problem recorded so far, if any. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
