package dev.strata.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --logical-time}: an ISO-8601 instant, with {@code Z} or an offset ({@code 2026-01-31T09:00:00+01:00}). */
final class LogicalTimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant (e.g. 2026-01-31T08:00:00Z)");
        }
    }
}
