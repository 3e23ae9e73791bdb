package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who sees what of a dataset when it is read through Strata (strata sql, profiles, quality reports). */
public record AccessSpec(
        @JsonPropertyDescription("Masking per column and role: {column: {role: policy}}. A policy is clear, redact,"
                + " hash, last4, null or an SQL expression over the row; the role 'default' applies to every role"
                + " not listed, and a column without a policy for the reader's role is shown as stored.")
        Map<String, Map<String, String>> mask,

        @JsonPropertyDescription(
                "Row filter per role: {role: \"SQL condition\"}; 'default' applies to every role not" + " listed.")
        Map<String, String> rowFilter) {

    public AccessSpec {
        Map<String, Map<String, String>> masks = new LinkedHashMap<>();
        if (mask != null) {
            mask.forEach((column, policies) -> masks.put(column, Specs.orderedCopy(policies)));
        }
        mask = java.util.Collections.unmodifiableMap(masks);
        rowFilter = Specs.orderedCopy(rowFilter);
    }
}
