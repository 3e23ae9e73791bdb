package dev.strata.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.MetricKey;
import dev.strata.store.HistoryImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A metric history to import: CSV with the header {@code time,metric,value} (any order), or a JSON array of objects
 * with those fields. Every row is checked before anything is imported; the problems name the file and line.
 */
final class HistoryFile {
    static final List<String> COLUMNS = List.of("time", "metric", "value");
    private static final int MAX_PROBLEMS = 20;
    private static final String TIME_HINT =
            "write an ISO-8601 time with its offset, e.g. 2026-11-01T06:00:00Z, or a date (midnight UTC)";

    private final Path file;
    private final Instant now;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<HistoryImport.Point> points = new ArrayList<>();

    private HistoryFile(Path file, Instant now) {
        this.file = file;
        this.now = now;
    }

    /** The points of the file; any bad row is an INVALID_SPEC error (exit 2) listing the rows, and nothing is read. */
    static List<HistoryImport.Point> read(Path file, Instant now) {
        if (!Files.isRegularFile(file)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, file + ": no such file (give the CSV or JSON history to import)");
        }
        HistoryFile reader = new HistoryFile(file, now);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                reader.readJson();
            } else if (name.endsWith(".csv")) {
                reader.readCsv();
            } else {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        file + ": cannot tell the format (name the file .csv, with the header time,metric,value, or"
                                + " .json, an array of {\"time\", \"metric\", \"value\"})");
            }
        } catch (JsonProcessingException e) {
            reader.problem(
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getOriginalMessage(),
                    "check the file's syntax");
        } catch (IOException e) {
            throw new StrataException(ErrorCode.INVALID_SPEC, "Cannot read " + file + ": " + e.getMessage());
        }
        if (reader.problems.isEmpty() && reader.points.isEmpty()) {
            reader.problems.add(file + ": no values to import (add rows of time,metric,value)");
        }
        if (!reader.problems.isEmpty()) {
            int more = reader.problems.size() - MAX_PROBLEMS;
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot import " + file + " (nothing was imported):\n  "
                            + String.join(
                                    "\n  ", reader.problems.subList(0, Math.min(MAX_PROBLEMS, reader.problems.size())))
                            + (more > 0 ? "\n  ... and " + more + " more" : ""));
        }
        return List.copyOf(reader.points);
    }

    private void readCsv() throws IOException {
        CsvMapper mapper = new CsvMapper(); // without a schema, each line is an array of strings
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            List<String> header = null;
            int line = 0;
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                // One row a line (a quoted value with a line break would shift the count; history files have none).
                line++;
                List<String> cells = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    cells.add(parser.getValueAsString());
                }
                if (header == null) {
                    header = cells.stream()
                            .map(c -> c.trim().toLowerCase(Locale.ROOT))
                            .toList();
                    if (!(header.size() == 3 && header.containsAll(COLUMNS))) {
                        problem(
                                line,
                                "the header is " + String.join(",", cells),
                                "the first line must be time,metric,value");
                        return;
                    }
                    continue;
                }
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                if (cells.size() != 3) {
                    problem(
                            line,
                            cells.size() + " columns",
                            "each row has 3: time,metric,value (quote a metric with commas)");
                    continue;
                }
                add(
                        line,
                        cells.get(header.indexOf("time")),
                        cells.get(header.indexOf("metric")),
                        cells.get(header.indexOf("value")));
            }
        }
    }

    private void readJson() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                problem(
                        parser.currentTokenLocation().getLineNr(),
                        "the file is not a JSON array",
                        "write [{\"time\": ..., \"metric\": ..., \"value\": ...}, ...]");
                return;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode row = mapper.readTree(parser);
                List<String> unknown = new ArrayList<>();
                for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                    String field = names.next();
                    if (!COLUMNS.contains(field)) {
                        unknown.add(field);
                    }
                }
                if (!unknown.isEmpty()) {
                    problem(
                            line,
                            "unknown field " + String.join(", ", unknown),
                            "each object has time, metric and value");
                    continue;
                }
                JsonNode value = row.get("value");
                add(
                        line,
                        row.hasNonNull("time") ? row.get("time").asText() : null,
                        row.hasNonNull("metric") ? row.get("metric").asText() : null,
                        value == null || value.isNull()
                                ? null
                                : value.isNumber() ? value.numberValue().toString() : value.asText());
            }
        }
    }

    private void add(int line, String timeText, String metricText, String valueText) {
        int before = problems.size();
        Instant time = null;
        if (timeText == null || timeText.isBlank()) {
            problem(line, "time is missing", TIME_HINT);
        } else {
            time = time(timeText.trim());
            if (time == null) {
                problem(line, "time '" + timeText + "' is not a time", TIME_HINT);
            } else if (time.isAfter(now)) {
                problem(line, "time " + time + " is in the future", "import only past values");
            }
        }
        MetricKey key = null;
        if (metricText == null || metricText.isBlank()) {
            problem(line, "metric is missing", "e.g. row_count, completeness(email), mean(amount)");
        } else {
            try {
                key = MetricKey.parse(metricText.trim());
            } catch (IllegalArgumentException e) {
                problem(line, e.getMessage(), "e.g. row_count, completeness(email), mean(amount)");
            }
        }
        Double value = null;
        if (valueText == null || valueText.isBlank()) {
            problem(line, "value is missing", "a number, e.g. 1042");
        } else {
            try {
                value = Double.parseDouble(valueText.trim());
            } catch (NumberFormatException e) {
                value = null;
            }
            if (value == null || !Double.isFinite(value)) {
                problem(line, "value '" + valueText + "' is not a finite number", "a number, e.g. 1042 or 0.98");
            }
        }
        if (problems.size() > before) {
            return;
        }
        String identity = time + " " + key;
        Integer earlier = seen.putIfAbsent(identity, line);
        if (earlier != null) {
            problem(line, key + " at " + time + " is also on line " + earlier, "keep one value per metric and time");
            return;
        }
        points.add(new HistoryImport.Point(time, key, value));
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private void problem(int line, String message, String hint) {
        problems.add(file.getFileName() + ":" + line + ": " + message + " (" + hint + ")");
    }
}
