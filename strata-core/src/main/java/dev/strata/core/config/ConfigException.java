package dev.strata.core.config;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.List;

/**
 * Every bad setting a part read, at once: one problem alone is the message; several are listed after a count. Each
 * problem names the setting, its value ({@code ***} for a secret) and what to set instead.
 */
public final class ConfigException extends StrataException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(ErrorCode.INVALID_SPEC, message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, in the order the settings were read. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        return problems.size() == 1
                ? problems.get(0)
                : problems.size() + " settings are not valid: " + String.join("; ", problems);
    }
}
