package dev.strata.engine.lineage;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.lineage.LineageNames.DatasetId;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's OpenLineage events: START, then COMPLETE or FAIL, for the pipeline (the parent job) and for each dataset it
 * builds (a child job with the parent run facet). The runner tells it what happens; it never fails the run: whatever
 * goes wrong in building or sending an event is logged and the run goes on. {@link #NONE} does nothing and computes
 * nothing, which is what a run without a configured transport gets.
 */
public class RunLineage {
    /** No lineage. */
    public static final RunLineage NONE = new RunLineage();

    /** The producer every event and facet names. */
    static final URI PRODUCER = URI.create("urn:dev.strata:strata-engine");

    private static final Logger LOG = LoggerFactory.getLogger(RunLineage.class);

    /**
     * What the runner knows of a run when it starts.
     *
     * @param all every dataset's plan, the ones not selected included (they name the tables SQL reads)
     * @param logicalTime the run's logical (scheduled) time, or null
     * @param tables each dataset's table
     */
    public record Context(
            SparkSession spark,
            Pipeline pipeline,
            PipelinePlan all,
            PipelinePlan selected,
            String runId,
            Instant logicalTime,
            Function<DatasetName, TableRef> tables) {}

    private final LineageSettings settings;
    private final Context context;
    private final LineageSender sender;
    private final LineageNames names;
    private final OpenLineage ol;
    private final LineageFacets facets;
    private final Map<String, Map<String, Map<ColumnLineage.Field, ColumnLineage.Kind>>> columns =
            new ConcurrentHashMap<>();
    private final Map<String, DatasetMetrics> measured = new ConcurrentHashMap<>();

    private RunLineage() {
        this.settings = LineageSettings.NONE;
        this.context = null;
        this.sender = null;
        this.names = null;
        this.ol = null;
        this.facets = null;
    }

    private RunLineage(LineageSettings settings, Context context, LineageSender sender) {
        this.settings = settings;
        this.context = context;
        this.sender = sender;
        this.names = new LineageNames(context.pipeline(), settings.values().get("sourceServers"));
        this.ol = new OpenLineage(PRODUCER);
        this.facets = new LineageFacets(ol);
    }

    /** Lineage for one run, which has started: sends the pipeline's START event. */
    public static RunLineage start(LineageSettings settings, Context context) {
        if (!settings.enabled()) {
            return NONE;
        }
        RunLineage lineage = new RunLineage(
                settings, context, new LineageSender(settings.open(), settings.target(), settings.timeout()));
        lineage.safely(
                "start", () -> lineage.sender.send(lineage.pipelineEvent(OpenLineage.RunEvent.EventType.START, null)));
        return lineage;
    }

    private boolean enabled() {
        return sender != null;
    }

    public void datasetStarted(DatasetPlan plan) {
        if (enabled()) {
            safely(
                    plan.name().toString(),
                    () -> sender.send(datasetEvent(OpenLineage.RunEvent.EventType.START, plan, null)));
        }
    }

    /** A batch's rows after the dataset's transform steps, whose analyzed plan says where its columns come from. */
    public void transformed(DatasetPlan plan, Dataset<Row> rows) {
        if (enabled()) {
            safely(
                    plan.name().toString(),
                    () -> columns.put(
                            plan.name().toString(),
                            ColumnLineage.of(
                                    rows.queryExecution().analyzed(),
                                    new PlanLeaves(
                                            names,
                                            context.all().datasets(),
                                            n -> context.tables().apply(n).location(),
                                            plan))));
        }
    }

    /** {@code history}, which also tells this lineage what each dataset's batch measured. */
    public MetricHistory recording(MetricHistory history) {
        if (!enabled()) {
            return history;
        }
        return new MetricHistory() {
            @Override
            public void record(DatasetMetrics metrics) {
                measured.put(metrics.dataset(), metrics);
                history.record(metrics);
            }

            @Override
            public List<MetricPoint> history(
                    String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
                return history.history(pipeline, dataset, key, limit, excludingRunId);
            }
        };
    }

    public void datasetFinished(DatasetResult result) {
        if (!enabled()) {
            return;
        }
        DatasetPlan plan = plan(result.dataset());
        if (plan != null) {
            safely(
                    result.dataset(),
                    () -> sender.send(datasetEvent(
                            result.status() == RunStatus.FAILED || result.status() == RunStatus.UPSTREAM_FAILED
                                    ? OpenLineage.RunEvent.EventType.FAIL
                                    : OpenLineage.RunEvent.EventType.COMPLETE,
                            plan,
                            result)));
        }
    }

    public void runFinished(RunResult run) {
        if (enabled()) {
            safely(
                    "run",
                    () -> sender.send(pipelineEvent(
                            run.status() == RunStatus.SUCCEEDED
                                    ? OpenLineage.RunEvent.EventType.COMPLETE
                                    : OpenLineage.RunEvent.EventType.FAIL,
                            run)));
        }
    }

    /** Waits, at most the timeout, for unsent events; tells {@code warnings} when some were lost. */
    public void close(Consumer<String> warnings) {
        String warning = enabled() ? sender.close() : null;
        if (warning != null) {
            warnings.accept(warning);
        }
    }

    private DatasetPlan plan(String dataset) {
        return context.all().datasets().stream()
                .filter(d -> d.name().toString().equals(dataset))
                .findFirst()
                .orElse(null);
    }

    private void safely(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Cannot describe {} for OpenLineage; the run goes on", what, e);
        }
    }

    private OpenLineage.RunEvent pipelineEvent(OpenLineage.RunEvent.EventType type, RunResult run) {
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        for (DatasetPlan plan : context.selected().datasets()) {
            if (plan.source() != null) {
                DatasetId source = names.source(plan.source());
                if (source != null && inputs.stream().noneMatch(i -> i.getName().equals(source.name()))) {
                    inputs.add(ol.newInputDataset(source.namespace(), source.name(), null, null));
                }
            }
            DatasetId output = names.dataset(plan.name());
            outputs.add(ol.newOutputDataset(output.namespace(), output.name(), null, null));
        }
        OpenLineage.RunFacetsBuilder runFacets = ol.newRunFacetsBuilder();
        nominalTime(runFacets);
        if (run != null && run.status() != RunStatus.SUCCEEDED) {
            List<String> failed = run.datasets().stream()
                    .filter(d -> d.status() == RunStatus.FAILED)
                    .map(DatasetResult::dataset)
                    .toList();
            runFacets.errorMessage(ol.newErrorMessageRunFacet(
                    "run " + context.runId() + " " + run.status().name().toLowerCase(java.util.Locale.ROOT)
                            + (failed.isEmpty() ? "" : ": " + String.join(", ", failed) + " failed"),
                    "JAVA",
                    null));
        }
        return event(
                type,
                ol.newRun(names.runId(context.runId()), runFacets.build()),
                job(names.pipelineName(), "PIPELINE", null),
                inputs,
                outputs);
    }

    private OpenLineage.RunEvent datasetEvent(
            OpenLineage.RunEvent.EventType type, DatasetPlan plan, DatasetResult result) {
        String dataset = plan.name().toString();
        OpenLineage.RunFacetsBuilder runFacets = ol.newRunFacetsBuilder()
                .parent(ol.newParentRunFacet(
                        ol.newParentRunFacetRun(names.runId(context.runId())),
                        ol.newParentRunFacetJob(settings.namespace(), names.pipelineName()),
                        ol.newParentRunFacetRoot(
                                ol.newRootRun(names.runId(context.runId())),
                                ol.newRootJob(settings.namespace(), names.pipelineName()))));
        nominalTime(runFacets);
        if (type == OpenLineage.RunEvent.EventType.FAIL && result.message() != null) {
            runFacets.errorMessage(ol.newErrorMessageRunFacet(Secrets.redact(result.message()), "JAVA", null));
        }
        DatasetBatch batch = new DatasetBatch(ol, facets, names, plan, result);
        return event(
                type,
                ol.newRun(names.runId(context.runId(), dataset), runFacets.build()),
                job(names.jobName(dataset), "DATASET", plan.spec().sql()),
                batch.inputs(result == null ? null : measured.get(dataset)),
                batch.outputs(result == null ? null : schemaOf(plan, result), columns.get(dataset)));
    }

    /** The written table's schema, read from the table; null when there is none to read. */
    private StructType schemaOf(DatasetPlan plan, DatasetResult result) {
        if (result.status() != RunStatus.SUCCEEDED && result.status() != RunStatus.SKIPPED) {
            return null;
        }
        try {
            TableRef table = context.tables().apply(plan.name());
            var sink = Sinks.forFormat(plan.format().id());
            return sink.exists(context.spark(), table)
                    ? sink.read(context.spark(), table).schema()
                    : null;
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the schema of {} for OpenLineage", plan.name(), e);
            return null;
        }
    }

    private void nominalTime(OpenLineage.RunFacetsBuilder runFacets) {
        if (context.logicalTime() != null) {
            runFacets.nominalTime(
                    ol.newNominalTimeRunFacet(ZonedDateTime.ofInstant(context.logicalTime(), ZoneOffset.UTC), null));
        }
    }

    private OpenLineage.Job job(String name, String jobType, String sql) {
        OpenLineage.JobFacetsBuilder jobFacets =
                ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "STRATA", jobType));
        if (sql != null) {
            jobFacets.sql(ol.newSQLJobFacet(Secrets.redact(sql.strip()), "spark"));
        }
        return ol.newJob(settings.namespace(), name, jobFacets.build());
    }

    private OpenLineage.RunEvent event(
            OpenLineage.RunEvent.EventType type,
            OpenLineage.Run run,
            OpenLineage.Job job,
            List<OpenLineage.InputDataset> inputs,
            List<OpenLineage.OutputDataset> outputs) {
        return ol.newRunEvent(ZonedDateTime.now(ZoneOffset.UTC), type, run, job, inputs, outputs);
    }
}
