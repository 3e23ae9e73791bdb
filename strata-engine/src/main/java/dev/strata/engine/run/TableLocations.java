package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where each dataset's tables live, and their registration in the session catalog as {@code layer.name}. One instance
 * serves one run: a table is registered at most once per instance, when SQL first needs it. Datasets built at once
 * share the instance, and the catalog: one registers at a time.
 */
public final class TableLocations {
    private final StorageSpec storage;
    private final Set<DatasetName> registered = new HashSet<>();

    public TableLocations(StorageSpec storage) {
        this.storage = storage;
    }

    /** {@code <storage.root>/<layer>/<name>}. */
    public String location(DatasetName name) {
        return new Path(new Path(storage.root(), name.layer()), name.name()).toString();
    }

    /** The table of a dataset (or quarantine table). */
    public TableRef table(DatasetName name) {
        return new TableRef(name, location(name), storage);
    }

    /** Forgets a table's registration, so the next SQL that names it sees its new state. */
    public synchronized void invalidate(DatasetName name) {
        registered.remove(name);
        registered.remove(name.quarantine());
    }

    /** Registers every dataset table (and quarantine table) that exists, so SQL can name it {@code silver.orders}. */
    public synchronized void registerAll(SparkSession spark, List<DatasetPlan> datasets) {
        for (DatasetPlan dataset : datasets) {
            register(spark, dataset.name(), dataset.format());
            register(spark, dataset.name().quarantine(), TableFormat.DELTA);
        }
    }

    /** Registers one table if it exists and this instance has not yet; true when it is registered. */
    public synchronized boolean register(SparkSession spark, DatasetName name, TableFormat format) {
        if (registered.contains(name)) {
            return true;
        }
        Sink sink = Sinks.forFormat(format.id());
        TableRef table = table(name);
        if (!sink.exists(spark, table)) {
            return false;
        }
        sink.register(spark, table);
        registered.add(name);
        return true;
    }
}
