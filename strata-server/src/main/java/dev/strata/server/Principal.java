package dev.strata.server;

import dev.strata.core.auth.Role;
import java.util.Map;

/**
 * Who sent a request, and what they may do.
 *
 * @param id how the audit log and role bindings name them: an API key's id, {@code jwt:<subject>}, or {@code admin-token}
 * @param role the role they hold on every pipeline; null for a scoped principal, who holds roles only where bound
 * @param bindings roles held on single pipelines, by pipeline name
 */
record Principal(String id, Role role, Map<String, Role> bindings) {
    Principal {
        bindings = Map.copyOf(bindings);
    }

    /** The role held on {@code pipeline}: the stronger of the global role and a binding; null when none. */
    Role roleOn(String pipeline) {
        Role bound = bindings.get(pipeline);
        return role == null ? bound : role.max(bound);
    }

    /** True when the principal may see {@code pipeline} at all. */
    boolean sees(String pipeline) {
        return roleOn(pipeline) != null;
    }

    /** True when the principal holds {@code required} on at least one pipeline (or on all of them). */
    boolean hasSomewhere(Role required) {
        return has(required) || bindings.values().stream().anyMatch(bound -> bound.includes(required));
    }

    boolean has(Role required) {
        return role != null && role.includes(required);
    }
}
