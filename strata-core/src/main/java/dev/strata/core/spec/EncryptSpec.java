package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Columns encrypted before the write with a managed key. */
public record EncryptSpec(
        @JsonProperty(required = true) @JsonPropertyDescription("Columns to encrypt.")
        List<String> columns,

        @JsonProperty(required = true) @JsonPropertyDescription("Name of the managed key.")
        String key,

        @JsonPropertyDescription("Deterministic encryption (AES-SIV) keeps columns joinable.")
        Boolean deterministic) {

    public EncryptSpec {
        columns = Specs.copy(columns);
        deterministic = deterministic != null && deterministic;
    }
}
