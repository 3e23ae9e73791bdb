package dev.strata.core.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do, each role including the ones before it: {@code viewer} reads; {@code operator} also runs
 * and cancels; {@code editor} also registers and changes pipelines; {@code admin} does everything, including API keys
 * and the audit log.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    EDITOR,
    ADMIN;

    /** True when this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The stronger of the two; {@code other} may be null. */
    public Role max(Role other) {
        return other == null || includes(other) ? this : other;
    }

    /** The role's name as users write it: {@code viewer}, {@code operator}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a user wrote, in any case; empty when there is none of that name. */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(wanted)).findFirst();
    }

    /** {@code viewer, operator, editor, admin}: for messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Role::label).toList());
    }
}
