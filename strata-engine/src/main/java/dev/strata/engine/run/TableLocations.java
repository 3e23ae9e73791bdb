package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where each dataset's tables live, and their registration in the session catalog as {@code layer.name}. One instance
 * serves one run: a table is registered at most once per instance, when SQL first needs it.
 */
public final class TableLocations {
    private final String root;
    private final java.util.Set<DatasetName> registered = new java.util.HashSet<>();

    public TableLocations(String storageRoot) {
        this.root = storageRoot;
    }

    /** {@code <storage.root>/<layer>/<name>}. */
    public String location(DatasetName name) {
        return new Path(new Path(root, name.layer()), name.name()).toString();
    }

    /** Forgets a table's registration, so the next SQL that names it sees its new state. */
    public void invalidate(DatasetName name) {
        registered.remove(name);
        registered.remove(name.quarantine());
    }

    /** Registers every dataset table (and quarantine table) that exists, so SQL can name it {@code silver.orders}. */
    public void registerAll(SparkSession spark, List<DatasetPlan> datasets) {
        for (DatasetPlan dataset : datasets) {
            register(spark, dataset.name(), dataset.format());
            register(spark, dataset.name().quarantine(), TableFormat.DELTA);
        }
    }

    /** Registers one table if it exists and this instance has not yet; true when it is registered. */
    public boolean register(SparkSession spark, DatasetName name, TableFormat format) {
        if (registered.contains(name)) {
            return true;
        }
        Sink sink = Sinks.forFormat(format.id());
        String location = location(name);
        if (!sink.exists(spark, location)) {
            return false;
        }
        spark.sql("CREATE NAMESPACE IF NOT EXISTS `" + name.layer() + "`");
        String table = "`" + name.layer() + "`.`" + name.name() + "`";
        spark.sql("DROP TABLE IF EXISTS " + table);
        spark.sql(
                "CREATE TABLE " + table + " USING " + format.id() + " LOCATION '" + location.replace("'", "\\'") + "'");
        registered.add(name);
        return true;
    }
}
