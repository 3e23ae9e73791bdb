package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The retail example's Delta tables, read back in this JVM to compare two runs of it. */
final class RetailTables {
    /** The tables of the example's orders branch, {@code --only +gold.daily_revenue}, quarantine included. */
    static final List<String> ORDERS_BRANCH = List.of(
            "bronze.orders",
            "bronze.orders__quarantine",
            "silver.orders",
            "silver.orders__quarantine",
            "gold.daily_revenue");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RetailTables() {}

    /**
     * A table's rows as sorted JSON lines, read from {@code lakehouse/<layer>/<name>} under the run's folder with the
     * tests' one session; the columns that name when or from which folder a row was written (ingestion and quarantine
     * times, the source file's path) are left out.
     */
    static List<String> rows(Path dir, String table) throws IOException {
        Path location = dir.resolve("lakehouse").resolve(table.replace('.', '/'));
        List<String> rows = new ArrayList<>();
        for (String line : SharedSpark.session()
                .read()
                .format("delta")
                .load(location.toString())
                .toJSON()
                .collectAsList()) {
            JsonNode row = JSON.readTree(line);
            ObjectNode kept = ((ObjectNode) row).deepCopy();
            for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("_ingested_at") || name.equals("_quarantined_at")) {
                    kept.remove(name);
                } else if (name.equals("_source_file")) {
                    kept.put(
                            name,
                            row.get(name)
                                    .asText()
                                    .replace(dir.toUri().toString(), "")
                                    .replace(dir.toString(), ""));
                }
            }
            rows.add(JSON.writeValueAsString(kept));
        }
        rows.sort(null);
        return rows;
    }
}
