package dev.strata.core.argo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strata.core.plan.PlanFormat;
import dev.strata.core.plan.PlanRenderer;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code strata argo export}: golden files of the retail example at each granularity, every manifest valid against the
 * official Argo schemas, the DAG equal to the plan's edges, secrets only as references. After an intended change,
 * regenerate the golden files with {@code mvn -o -q test -pl strata-core -Dtest=ArgoExportTest
 * -Dstrata.updateGoldens=true} and review the diff.
 */
class ArgoExportTest {
    private static final Path RETAIL = Path.of("..", "examples", "retail", "pipeline.yaml");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "argo", "golden");
    private static final String IMAGE = "ghcr.io/strata-dev/strata:golden";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A pipeline with everything the export maps: parameters, secrets, timeout, schedule, every trigger kind. */
    private static final String EVERYTHING = """
            name: orders_eu
            parameters:
              MODE: {type: string, default: incremental, allowed: [full, incremental], description: "how much to read"}
              DAY: {type: date}
            storage: {root: "s3a://lake/orders", format: delta}
            timeout: 45m
            defaults: {retries: 2, retry_backoff: 1m}
            schedule: {cron: "30 2 * * *", timezone: Europe/Berlin, catch_up: skip, paused: true}
            triggers:
              - kafka:
                  topic: landing.orders
                  filter: {type: com.example.order.*, data.region: [eu, uk], data.priority: 1}
              - dataset: {pipeline: retail, name: gold.daily_revenue}
              - files: {path: /landing, pattern: "*.csv"}
                debounce: 0s
            sources:
              orders_db:
                format: jdbc
                url: "jdbc:postgresql://db:5432/shop?user=${DB_USER}&password=${secret:db-password}"
                table: orders
                options: {fetchsize: "${FETCH:-1000}"}
            datasets:
              bronze.orders:
                from: orders_db
                write: {mode: append}
              silver.orders:
                from: bronze.orders
                write: {mode: merge, keys: [id]}
            """;

    @ParameterizedTest
    @EnumSource(Granularity.class)
    void exportsTheRetailExampleAsItsGoldenFile(Granularity granularity) {
        ArgoExport export = ArgoExport.of(retail(), retailText(), ArgoOptions.defaults(IMAGE, granularity));

        assertGolden(export.yaml(), "retail-" + granularity.id() + ".yaml");
        assertThat(export.notes())
                .anySatisfy(note -> assertThat(note)
                        .startsWith("storage.root is '${LAKEHOUSE}', by default './lakehouse', a path on the pod's own")
                        .contains("argo submit -p LAKEHOUSE=s3a://…"))
                .anySatisfy(note -> assertThat(note).startsWith("sources.orders_raw.path 'data/orders/' is relative"));
    }

    @ParameterizedTest
    @EnumSource(Granularity.class)
    void everyManifestValidatesAgainstTheOfficialArgoSchemas(Granularity granularity) {
        List<ArgoExport> exports = List.of(
                ArgoExport.of(retail(), retailText(), ArgoOptions.defaults(IMAGE, granularity)),
                ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(granularity)));
        List<String> kinds = new ArrayList<>();
        for (ArgoExport export : exports) {
            for (ArgoExport.Manifest manifest : export.manifests()) {
                JsonNode written = readYaml(manifest.yaml());
                kinds.add(manifest.kind());
                if (manifest.kind().equals("ConfigMap")) { // core Kubernetes, not in the Argo schemas
                    assertThat(written.path("apiVersion").asText()).isEqualTo("v1");
                    assertThat(written.at("/data/pipeline.yaml").isTextual()).isTrue();
                    continue;
                }
                assertThat(ArgoSchemas.problems(written)).as(manifest.file()).isEmpty();
                if (manifest.kind().equals("Sensor")) {
                    JsonNode workflow = written.at("/spec/triggers/0/template/argoWorkflow/source/resource");
                    assertThat(ArgoSchemas.problems(workflow))
                            .as("the Sensor's Workflow")
                            .isEmpty();
                }
            }
        }
        assertThat(kinds)
                .containsOnly("ConfigMap", "WorkflowTemplate", "CronWorkflow", "EventSource", "Sensor")
                .contains("ConfigMap", "WorkflowTemplate", "CronWorkflow", "EventSource", "Sensor");
    }

    @Test
    void theSchemaCheckCatchesAWrongManifest() {
        ArgoExport export = ArgoExport.of(retail(), retailText(), ArgoOptions.defaults(IMAGE, Granularity.DATASET));
        JsonNode template = readYaml(export.manifests().get(1).yaml());
        ((com.fasterxml.jackson.databind.node.ObjectNode) template.get("spec")).put("activeDeadlineSeconds", "soon");
        ((com.fasterxml.jackson.databind.node.ObjectNode) template).remove("metadata");

        assertThat(ArgoSchemas.problems(template))
                .anySatisfy(problem -> assertThat(problem).contains("activeDeadlineSeconds"))
                .anySatisfy(problem -> assertThat(problem).contains("metadata"));

        JsonNode sensor = readYaml(ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(Granularity.DATASET))
                .manifests()
                .get(4)
                .yaml());
        ((com.fasterxml.jackson.databind.node.ObjectNode) sensor.at("/spec/dependencies/0")).remove("eventSourceName");
        assertThat(ArgoSchemas.problems(sensor)).singleElement().asString().contains("eventSourceName");
    }

    @Test
    void theDagsDependenciesEqualThePlansEdges() throws IOException {
        String shop = resource("/plan/shop.yaml") + "\nstorage: {root: \"s3a://lake/shop\"}\n";
        for (String text : List.of(retailText(), EVERYTHING, shop)) {
            PipelineSpec spec = text.equals(retailText()) ? retail() : parse(text);
            JsonNode plan = new ObjectMapper().readTree(PlanRenderer.render(Planner.plan(spec), spec, PlanFormat.JSON));
            Set<String> planEdges = new TreeSet<>();
            for (JsonNode edge : plan.path("edges")) {
                if (!edge.path("from").asText().startsWith("source:")) {
                    planEdges.add(TaskGraph.taskName(edge.path("from").asText()) + " -> "
                            + TaskGraph.taskName(edge.path("to").asText()));
                }
            }
            ArgoExport export = ArgoExport.of(spec, text, everythingOptions(Granularity.DATASET));
            JsonNode dag = readYaml(export.manifests().get(1).yaml()).at("/spec/templates/0/dag/tasks");
            Set<String> dagEdges = new TreeSet<>();
            Set<String> tasks = new TreeSet<>();
            for (JsonNode task : dag) {
                tasks.add(task.path("name").asText());
                for (JsonNode from : task.path("dependencies")) {
                    dagEdges.add(from.asText() + " -> " + task.path("name").asText());
                }
            }
            assertThat(dagEdges).as(spec.name()).isEqualTo(planEdges).isNotEmpty();
            assertThat(tasks).as(spec.name()).hasSize(spec.datasets().size());
        }
    }

    @Test
    void secretsAndEnvironmentVariablesAreSecretKeyRefsNeverValues() {
        ArgoExport export = ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(Granularity.PIPELINE));
        JsonNode container = readYaml(export.manifests().get(1).yaml()).at("/spec/templates/1/container");

        assertThat(container.path("env").toString())
                .isEqualTo("[{\"name\":\"STRATA_SECRET_DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":"
                        + "{\"name\":\"strata-orders-eu-secrets\",\"key\":\"db-password\"}}},"
                        + "{\"name\":\"DB_USER\",\"valueFrom\":{\"secretKeyRef\":"
                        + "{\"name\":\"strata-orders-eu-secrets\",\"key\":\"DB_USER\"}}},"
                        + "{\"name\":\"FETCH\",\"valueFrom\":{\"secretKeyRef\":"
                        + "{\"name\":\"strata-orders-eu-secrets\",\"key\":\"FETCH\",\"optional\":true}}}]");
        // The ConfigMap carries the file as written: the reference, never a value.
        assertThat(export.manifests().get(0).yaml()).contains("password=${secret:db-password}");
        assertThat(export.yaml()).doesNotContainPattern("(?m)^\\s*value: .*secret");
    }

    @Test
    void parametersTimeoutRetriesAndTheExitHandlerAreMapped() {
        ArgoExport export = ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(Granularity.DATASET));
        JsonNode spec = readYaml(export.manifests().get(1).yaml()).path("spec");

        assertThat(spec.path("activeDeadlineSeconds").asLong()).isEqualTo(45 * 60);
        assertThat(spec.path("onExit").asText()).isEqualTo("exit-handler");
        assertThat(spec.at("/arguments/parameters/2").toString())
                .isEqualTo("{\"name\":\"MODE\",\"value\":\"incremental\",\"enum\":[\"full\",\"incremental\"],"
                        + "\"description\":\"how much to read (string)\"}");
        assertThat(spec.at("/arguments/parameters/3").toString())
                .isEqualTo("{\"name\":\"DAY\",\"description\":\"date, required\"}");
        JsonNode run = spec.at("/templates/1");
        assertThat(run.at("/retryStrategy/limit").asInt()).isEqualTo(3);
        assertThat(run.at("/retryStrategy/backoff/duration").asText()).isEqualTo("10s");
        assertThat(run.at("/container/args").toString())
                .contains("\"--run-id\",\"" + WorkflowTemplates.RUN_ID.replace("'", "'") + "\"")
                .contains(
                        "\"--param\",\"MODE={{workflow.parameters.MODE}}\",\"--param\",\"DAY={{workflow.parameters.DAY}}\"");
        assertThat(run.at("/container/resources").toString())
                .isEqualTo("{\"requests\":{\"cpu\":\"3\",\"memory\":\"6Gi\"},\"limits\":{\"memory\":\"6Gi\"}}");
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("etl");
        assertThat(spec.at("/arguments/parameters/1/value").asText()).isEqualTo("http://events.example/strata");
    }

    @Test
    void theScheduleBecomesACronWorkflow() {
        ArgoExport export = ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(Granularity.LAYER));
        JsonNode cron = readYaml(export.manifests().get(2).yaml());

        assertThat(cron.path("kind").asText()).isEqualTo("CronWorkflow");
        assertThat(cron.path("spec").toString())
                .isEqualTo("{\"schedules\":[\"30 2 * * *\"],\"timezone\":\"Europe/Berlin\","
                        + "\"concurrencyPolicy\":\"Forbid\",\"suspend\":true,\"startingDeadlineSeconds\":60,"
                        + "\"workflowMetadata\":{\"labels\":{\"strata.dev/pipeline\":\"orders_eu\"}},"
                        + "\"workflowSpec\":{\"workflowTemplateRef\":{\"name\":\"strata-orders-eu\"}}}");
        assertThat(CronWorkflows.startingDeadline(dev.strata.core.spec.ScheduleSpec.CatchUp.ONCE))
                .isEqualTo(86400);
        assertThat(CronWorkflows.startingDeadline(dev.strata.core.spec.ScheduleSpec.CatchUp.ALL))
                .isEqualTo(86400);
    }

    @Test
    void kafkaTriggersBecomeAnEventSourceAndASensorAndTheOthersAreNoted() {
        ArgoExport export = ArgoExport.of(parse(EVERYTHING), EVERYTHING, everythingOptions(Granularity.DATASET));
        JsonNode source = readYaml(export.manifests().get(3).yaml());
        JsonNode sensor = readYaml(export.manifests().get(4).yaml());

        assertThat(source.at("/spec/kafka/trigger-0").toString())
                .isEqualTo("{\"url\":\"kafka:9092\",\"topic\":\"landing.orders\",\"jsonBody\":true,"
                        + "\"consumerGroup\":{\"groupName\":\"strata-orders-eu-trigger-0\"}}");
        assertThat(sensor.at("/spec/dependencies/0/filters/data").toString())
                .isEqualTo(
                        "[{\"path\":\"body.type\",\"type\":\"string\",\"value\":[\"^\\\\Qcom.example.order.\\\\E.*$\"]},"
                                + "{\"path\":\"body.data.region\",\"type\":\"string\",\"value\":[\"^\\\\Qeu\\\\E$\",\"^\\\\Quk\\\\E$\"]},"
                                + "{\"path\":\"body.data.priority\",\"type\":\"number\",\"value\":[\"1\"]}]");
        assertThat(sensor.at("/spec/triggers/0/template/argoWorkflow/source/resource/spec")
                        .toString())
                .isEqualTo("{\"workflowTemplateRef\":{\"name\":\"strata-orders-eu\"}}");
        assertThat(export.notes())
                .anySatisfy(note -> assertThat(note).startsWith("triggers[0]: debounce 30s is not mapped"))
                .anySatisfy(note ->
                        assertThat(note).startsWith("triggers[1] (after retail's gold.daily_revenue) is not exported"))
                .anySatisfy(note -> assertThat(note).startsWith("triggers[2] (files under /landing) is not exported"))
                .anySatisfy(note -> assertThat(note)
                        .startsWith("parameter DAY has no default, and the CronWorkflow and Sensor give it no value"));
        assertThat(KafkaTriggers.regex("*a.b*")).isEqualTo("^.*\\Qa.b\\E.*$");
    }

    @Test
    void aKafkaTriggerWithoutABrokerIsRefused() {
        assertThatThrownBy(() ->
                        ArgoExport.of(parse(EVERYTHING), EVERYTHING, ArgoOptions.defaults(IMAGE, Granularity.DATASET)))
                .isInstanceOf(ArgoExportException.class)
                .hasMessage("triggers[0] starts a run on Kafka topic landing.orders, and the EventSource needs the"
                        + " broker (pass --kafka-url HOST:PORT[,HOST:PORT…])");
    }

    @Test
    void aLocalStorageRootCannotBeSplitIntoTasksButRunsAsOne() {
        String local = """
                name: local
                storage: {root: /data/lake}
                sources:
                  events: {format: kafka, topic: events, bootstrap_servers: "kafka:9092", schema: "id STRING"}
                datasets:
                  bronze.events: {from: events, write: {mode: append}}
                  silver.events: {from: bronze.events, write: {mode: append}}
                """;
        for (Granularity split : List.of(Granularity.DATASET, Granularity.LAYER)) {
            assertThatThrownBy(() -> ArgoExport.of(parse(local), local, ArgoOptions.defaults(IMAGE, split)))
                    .isInstanceOf(ArgoExportException.class)
                    .hasMessage("the datasets of pipeline local cannot run as separate " + split.id() + " tasks:"
                            + " storage.root '/data/lake' is a path on each pod's own disk, so no task would see the"
                            + " tables, ledger and checkpoints the one before it wrote (write an object store URI"
                            + " such as s3a://bucket/lake as storage.root, or export with --granularity pipeline)");
        }
        ArgoExport whole = ArgoExport.of(parse(local), local, ArgoOptions.defaults(IMAGE, Granularity.PIPELINE));
        assertThat(whole.notes())
                .containsExactly("storage.root '/data/lake' is a path on the pod's own disk: the tables vanish with"
                        + " the pod unless you mount a volume there; prefer an object store URI (s3a://…)");

        String shared = local.replace("/data/lake", "s3a://lake/local");
        ArgoExport split = ArgoExport.of(parse(shared), shared, ArgoOptions.defaults(IMAGE, Granularity.DATASET));
        assertThat(split.notes()).singleElement().asString().startsWith("bronze.events reads Kafka source events:");
    }

    @Test
    void layersThatReadEachOtherCannotBeLayerTasks() {
        String crossing = """
                name: crossing
                storage: {root: "s3a://lake/crossing"}
                sources:
                  raw: {format: csv, path: "s3a://in/raw", schema: "id STRING"}
                datasets:
                  silver.a: {from: raw, write: {mode: append}}
                  gold.b: {sql: "SELECT * FROM silver.a", write: {mode: overwrite}}
                  silver.c: {sql: "SELECT * FROM gold.b", write: {mode: overwrite}}
                """;
        assertThatThrownBy(
                        () -> ArgoExport.of(parse(crossing), crossing, ArgoOptions.defaults(IMAGE, Granularity.LAYER)))
                .isInstanceOf(ArgoExportException.class)
                .hasMessage("the layers silver, gold read each other's datasets, so they cannot run as separate tasks"
                        + " one after the other (export with --granularity dataset)");
        assertThat(ArgoExport.of(parse(crossing), crossing, ArgoOptions.defaults(IMAGE, Granularity.DATASET))
                        .manifests())
                .hasSize(2);
    }

    private static PipelineSpec retailSpec;

    private static PipelineSpec retail() {
        if (retailSpec == null) {
            retailSpec = PipelineLoader.load(RETAIL, RETAIL, Variables.unresolved(), AllowedRoots.any())
                    .spec();
        }
        return retailSpec;
    }

    private static String retailText() {
        try {
            return Files.readString(RETAIL, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PipelineSpec parse(String text) {
        return PipelineLoader.parse(text, Path.of("/work/p/pipeline.yaml"), Variables.unresolved(), AllowedRoots.any())
                .spec();
    }

    private static ArgoOptions everythingOptions(Granularity granularity) {
        return new ArgoOptions(
                IMAGE, "data", granularity, "etl", "3", "6Gi", 3, null, "http://events.example/strata", "kafka:9092");
    }

    private static JsonNode readYaml(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (var in = ArgoExportTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertGolden(String actual, String golden) {
        Path file = GOLDEN.resolve(golden);
        try {
            if (Boolean.getBoolean("strata.updateGoldens")) {
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            String expected = Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8)
                    : "<missing golden file " + file + ">";
            assertThat(actual)
                    .as("golden file %s (regenerate with -Dstrata.updateGoldens=true and review the diff)", file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
