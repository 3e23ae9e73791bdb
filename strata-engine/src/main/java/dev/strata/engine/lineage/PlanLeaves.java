package dev.strata.engine.lineage;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.engine.lineage.LineageNames.DatasetId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.plans.logical.LeafNode;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.collection.JavaConverters;

/**
 * Names the leaves of one dataset's batch plan: a table registered as {@code layer.name} (SQL), a file scan of a
 * pipeline table (upstream reads, joins) by its location, and, for a dataset that reads a source, any other scan.
 */
final class PlanLeaves implements Function<LogicalPlan, DatasetId> {
    private final LineageNames names;
    private final Map<String, DatasetName> byName = new HashMap<>();
    private final Map<String, DatasetName> byLocation = new HashMap<>();
    private final DatasetId source;

    /** @param locations each dataset's table location */
    PlanLeaves(
            LineageNames names, List<DatasetPlan> datasets, Function<DatasetName, String> locations, DatasetPlan plan) {
        this.names = names;
        for (DatasetPlan dataset : datasets) {
            for (DatasetName name : List.of(dataset.name(), dataset.name().quarantine())) {
                byName.put(name.toString(), name);
                byLocation.put(path(locations.apply(name)), name);
            }
        }
        this.source = plan.source() == null ? null : names.source(plan.source());
    }

    @Override
    public DatasetId apply(LogicalPlan node) {
        if (node instanceof SubqueryAlias alias
                && !alias.identifier().qualifier().isEmpty()) {
            String name = alias.identifier().qualifier().last() + "."
                    + alias.identifier().name();
            DatasetName dataset = byName.get(name);
            if (dataset != null) {
                return names.dataset(dataset);
            }
        }
        if (node instanceof LogicalRelation relation && relation.relation() instanceof HadoopFsRelation files) {
            for (Path root : JavaConverters.seqAsJavaList(files.location().rootPaths())) {
                DatasetName dataset = byLocation.get(path(root.toString()));
                if (dataset != null) {
                    return names.dataset(dataset);
                }
            }
        }
        if (source != null && node instanceof LeafNode && !(node instanceof LocalRelation)) {
            return source;
        }
        return null;
    }

    private static String path(String location) {
        String path = new Path(location).toUri().getPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
