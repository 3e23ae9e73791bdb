package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --format} of the commands that print rows ({@code sql}, {@code quality history}): table, csv or json. */
final class OutputFormat {
    private static final List<String> CHOICES = List.of("table", "csv", "json");

    @Option(names = "--format", defaultValue = "table", description = "table | csv | json (default: ${DEFAULT-VALUE}).")
    String format;

    /** The chosen format in lower case; an unknown one is refused with exit 2 before any work starts. */
    String chosen() {
        return parse(format);
    }

    /** {@code table}, {@code csv} or {@code json} in lower case; anything else is refused. */
    static String parse(String format) {
        String output = format.toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(output)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot print as '" + format + "' (expected table | csv | json)");
        }
        return output;
    }
}
