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
import java.util.Map;

/** How {@link RunRepository}'s records map to the {@code runs} and {@code run_datasets} rows, and back. */
final class RunRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {};

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
                rs.getString(prefix + "message"));
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
                instant(rs, "logical_time"));
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
