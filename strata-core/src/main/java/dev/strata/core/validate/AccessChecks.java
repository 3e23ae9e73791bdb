package dev.strata.core.validate;

import dev.strata.core.spec.AccessSpec;
import java.util.regex.Pattern;

/**
 * Checks a dataset's {@code access:}. Roles are names; policies are a keyword or an SQL expression (Spark checks its
 * syntax when it is read).
 */
final class AccessChecks {
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:-]*");
    private static final String ROLE_HINT = "a role is letters, digits, '_', '.', '@', ':' or '-'";

    private final Problems problems;

    AccessChecks(Problems problems) {
        this.problems = problems;
    }

    void check(YamlPath path, AccessSpec access) {
        access.mask().forEach((column, policies) -> {
            if (policies.isEmpty()) {
                problems.error(
                        path.resolve("mask", column),
                        "mask of '" + column + "' names no role",
                        "e.g. " + column + ": {viewer: hash, default: redact}");
            }
            policies.forEach((role, policy) -> {
                YamlPath at = path.resolve("mask", column, role);
                if (checkRole(at, role) && (policy == null || policy.isBlank())) {
                    problems.error(at, "empty masking policy", "clear, redact, hash, last4, null or an SQL expression");
                }
            });
        });
        access.rowFilter().forEach((role, condition) -> {
            YamlPath at = path.resolve("row_filter", role);
            if (checkRole(at, role) && (condition == null || condition.isBlank())) {
                problems.error(at, "empty row filter", "an SQL condition, e.g. country = 'DE'");
            }
        });
    }

    /** Reports an invalid role name at its key; whether the name is valid. */
    private boolean checkRole(YamlPath at, String role) {
        if (ROLE.matcher(role).matches()) {
            return true;
        }
        problems.errorAtKey(at, "invalid role '" + role + "'", ROLE_HINT);
        return false;
    }
}
