package dev.strata.engine.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Dates and timestamps as Spark returns them, in seconds since the epoch (UTC), so their metrics are numbers. */
final class TimeValues {
    private TimeValues() {}

    static double epochSeconds(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.getTime() / 1000.0;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toEpochDay() * 86_400.0;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli() / 1000.0;
        }
        if (value instanceof LocalDate date) {
            return date.toEpochDay() * 86_400.0;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
        }
        throw new IllegalArgumentException("not a date or timestamp: " + value);
    }
}
