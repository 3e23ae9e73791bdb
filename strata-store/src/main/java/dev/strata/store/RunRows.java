package dev.strata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How {@link RunRepository}'s records map to the {@code runs} and {@code run_datasets} rows, and back. */
final class RunRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> MESSAGES = new TypeReference<>() {};

    private RunRows() {}

    static DatasetOutcome dataset(ResultSet rs, String prefix) throws SQLException {
        return new DatasetOutcome(
                rs.getString(prefix + "dataset"),
                rs.getString(prefix + "state"),
                rs.getLong(prefix + "rows_in"),
                rs.getLong(prefix + "written"),
                rs.getLong(prefix + "quarantined"),
                rs.getLong(prefix + "dropped"),
                (Double) rs.getObject(prefix + "seconds"),
                rs.getString(prefix + "message"),
                rs.getInt(prefix + "attempts"),
                messages(rs.getString(prefix + "failed_attempts")),
                (Integer) rs.getObject(prefix + "rules_passed"),
                (Integer) rs.getObject(prefix + "rules_total"));
    }

    /** A run and its outcomes from the rows of a {@code runs} join {@code run_datasets} (columns {@code d_*}). */
    static Optional<RunRepository.RunWithDatasets> withDatasets(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        StoredRun run = run(rs);
        List<DatasetOutcome> datasets = new ArrayList<>();
        do {
            if (rs.getString("d_dataset") != null) {
                datasets.add(dataset(rs, "d_"));
            }
        } while (rs.next());
        return Optional.of(new RunRepository.RunWithDatasets(run, List.copyOf(datasets)));
    }

    /** Whether {@code e} was caused by a unique constraint's violation. */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> messages(String json) throws SQLException {
        try {
            return json == null ? List.of() : JSON.readValue(json, MESSAGES);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable failed attempts", e);
        }
    }

    /** Messages as the JSON array a {@code failed_attempts} column holds. */
    static String messagesJson(List<String> messages) {
        try {
            return JSON.writeValueAsString(messages == null ? List.of() : messages);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write messages as JSON", e);
        }
    }

    static StoredRun run(ResultSet rs) throws SQLException {
        Map<String, String> parameters;
        try {
            parameters = JSON.readValue(rs.getString("parameters"), PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable parameters of run " + rs.getString("id"), e);
        }
        return new StoredRun(
                rs.getString("id"),
                rs.getString("pipeline"),
                rs.getInt("version"),
                State.parse(rs.getString("state")).orElseThrow(),
                rs.getString("only_selector"),
                parameters,
                rs.getInt("attempt"),
                rs.getString("submitted_by"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("server_id"),
                (Long) rs.getObject("pid"),
                rs.getBoolean("cancel_requested"),
                (Integer) rs.getObject("exit_code"),
                rs.getString("message"),
                instant(rs, "logical_time"),
                rs.getString("resumed_from"),
                triggerEvents(rs.getString("trigger_events")));
    }

    private static TriggerEvents triggerEvents(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, TriggerEvents.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable trigger_events of a run", e);
        }
    }

    /** What started a run, as the JSON its {@code trigger_events} column holds; null for none. */
    static String triggerEventsJson(TriggerEvents events) {
        try {
            return events == null ? null : JSON.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write trigger events as JSON", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A run's parameters as the JSON its {@code parameters} column holds. */
    static String parametersJson(Map<String, String> parameters) {
        try {
            return JSON.writeValueAsString(parameters == null ? Map.of() : parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write parameters as JSON", e);
        }
    }
}
