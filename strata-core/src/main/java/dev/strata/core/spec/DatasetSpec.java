package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One dataset (table) of the pipeline: its input, transforms, rules and how it is written. */
public record DatasetSpec(
        @JsonPropertyDescription("A source name, or an upstream dataset as layer.name.")
        String from,

        @JsonPropertyDescription("A single Spark SQL query over other datasets by their names; instead of from.")
        String sql,

        @JsonPropertyDescription("Steps applied in order; each step is an object with exactly one key.")
        List<TransformSpec> transform,

        @JsonPropertyDescription("Quality rules.") List<RuleSpec> expect,

        @JsonPropertyDescription("What happens when the input has columns the table lacks.")
        SchemaEvolution schemaEvolution,

        @JsonPropertyDescription("How the dataset is written.")
        WriteSpec write,

        @JsonPropertyDescription("Columns to encrypt before the write.")
        EncryptSpec encrypt,

        @JsonPropertyDescription("Masking per column and role, and row filters per role, for reads through Strata.")
        AccessSpec access,

        @JsonPropertyDescription("Free text shown by plan.") String description) {

    public DatasetSpec {
        transform = Specs.copy(transform);
        expect = Specs.copy(expect);
        schemaEvolution = schemaEvolution == null ? SchemaEvolution.STRICT : schemaEvolution;
        write = write == null ? WriteSpec.APPEND : write;
    }
}
