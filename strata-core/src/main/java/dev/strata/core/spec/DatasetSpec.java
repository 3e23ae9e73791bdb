package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

        @JsonPropertyDescription("What the dataset holds, in free text; shown by plan and compile.")
        String description,

        @JsonPropertyDescription("Labels that select the dataset, e.g. [pii, finance]: --only tag:pii; each a letter or"
                + " '_' followed by letters, digits and '_'.")
        List<String> tags,

        @JsonPropertyDescription("A description per column, by column name, e.g. {email: \"the customer's address\"};"
                + " shown by plan and compile.")
        Map<String, String> columns,

        @JsonPropertyDescription("How often the dataset is tried again after an engine or storage error (not after a"
                + " rule with on_fail: fail), 0 to 10; the pipeline's defaults.retries, else 0, when absent.")
        Integer retries,

        @JsonPropertyDescription("The wait before the first retry, doubled before each next one (at most 1h a wait),"
                + " e.g. 30s; the pipeline's defaults.retry_backoff, else 30s, when absent.")
        String retryBackoff) {

    /** What a tag may be: a letter or '_' followed by letters, digits and '_'. */
    public static final Pattern TAG = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    public DatasetSpec {
        transform = Specs.copy(transform);
        expect = List.copyOf(RuleNames.distinct(Specs.copy(expect)));
        tags = Specs.copy(tags);
        columns = Specs.orderedCopy(columns);
        schemaEvolution = schemaEvolution == null ? SchemaEvolution.STRICT : schemaEvolution;
        write = write == null ? WriteSpec.APPEND : write;
    }
}
