package dev.strata.core.access;

import dev.strata.core.spec.AccessSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset's access policy resolved for one reader's role: the mask of each column whose policy for that role (or
 * for {@code default}) is not {@code clear}, and the row filter of the role (or of {@code default}).
 */
public record DataAccess(Map<String, MaskPolicy> masks, Optional<String> rowFilter) {
    /** The role whose policies apply to every role not listed. */
    public static final String DEFAULT_ROLE = "default";

    public static final DataAccess NONE = new DataAccess(Map.of(), Optional.empty());

    public DataAccess {
        masks = Map.copyOf(masks);
    }

    /** The policies of {@code spec} for {@code role}; none when the dataset declares no {@code access:}. */
    public static DataAccess resolve(AccessSpec spec, String role) {
        if (spec == null) {
            return NONE;
        }
        Map<String, MaskPolicy> masks = new LinkedHashMap<>();
        spec.mask().forEach((column, policies) -> {
            String policy = policies.containsKey(role) ? policies.get(role) : policies.get(DEFAULT_ROLE);
            if (policy != null) {
                MaskPolicy parsed = MaskPolicy.parse(policy);
                if (parsed.kind() != MaskPolicy.Kind.CLEAR) {
                    masks.put(column, parsed);
                }
            }
        });
        String filter = spec.rowFilter().containsKey(role)
                ? spec.rowFilter().get(role)
                : spec.rowFilter().get(DEFAULT_ROLE);
        return new DataAccess(masks, Optional.ofNullable(filter).filter(f -> !f.isBlank()));
    }

    public boolean restricts() {
        return !masks.isEmpty() || rowFilter.isPresent();
    }
}
