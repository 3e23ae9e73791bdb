package dev.strata.core.spec;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file (or a selection of it) that cannot be used; carries every problem found, one per line. */
public class PipelineValidationException extends StrataException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // immutable lists of records
    private final List<Problem> problems;

    @SuppressWarnings("serial")
    private final List<Problem> warnings;

    public PipelineValidationException(List<Problem> problems) {
        this(problems, List.of());
    }

    public PipelineValidationException(List<Problem> problems, List<Problem> warnings) {
        super(ErrorCode.INVALID_SPEC, render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** A single problem. */
    public static PipelineValidationException of(Problem problem) {
        return new PipelineValidationException(List.of(problem));
    }

    /** The errors, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** Warnings found along the way; they did not cause the failure. */
    public List<Problem> warnings() {
        return warnings;
    }

    private static String render(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
