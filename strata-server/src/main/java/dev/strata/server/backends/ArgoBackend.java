package dev.strata.server.backends;

import dev.strata.core.argo.ArgoOptions;
import dev.strata.core.argo.Granularity;
import dev.strata.core.argo.RunWorkflows;
import dev.strata.core.config.Config;
import dev.strata.core.config.ExecutorConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.server.ServerSettings;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.StoreSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each engine as an Argo Workflow on Kubernetes ({@code STRATA_EXECUTOR=argo}): one Workflow per run attempt,
 * named from the run id ({@link RunWorkflows#name}), with the pipeline and the run's values in a ConfigMap and the
 * store's connection (the run role and the run's own token) in a Secret, both of the Workflow's name and owned by it.
 * The server follows the Workflow's {@code status.phase}, stops it with {@code spec.shutdown: Terminate} and deletes
 * it, and copies its pods' output to the run's log when it ends (docs/deploy.md, "Where server runs run").
 *
 * <p>A task whose pod crashed is retried by Argo ({@code retryStrategy}, {@code STRATA_RUN_RETRIES} times), so a failed
 * Workflow is a failed run: the server does not start it again.
 */
final class ArgoBackend implements RunBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ArgoBackend.class);

    /** Argo's Workflows, without an API discovery call. */
    static final ResourceDefinitionContext WORKFLOWS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Workflow")
            .withPlural("workflows")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final ArgoOptions options;
    private final ServerSettings settings;
    private final String podDbUrl;
    private final Duration poll;

    ArgoBackend(
            KubernetesClient client,
            String namespace,
            ArgoOptions options,
            ServerSettings settings,
            String podDbUrl,
            Duration poll) {
        this.client = client;
        this.namespace = namespace;
        this.options = options;
        this.settings = settings;
        this.podDbUrl = podDbUrl;
        this.poll = poll;
    }

    /**
     * The back-end the settings describe, or empty with each problem recorded in {@code config}: the image is needed;
     * the Kubernetes API is found as kubectl finds it ({@code KUBECONFIG} of the server's environment, {@code
     * ~/.kube/config}, the pod's service account).
     */
    static Optional<RunBackend> fromEnvironment(Config config, ServerSettings settings, Map<String, String> env) {
        String image = config.get(ExecutorConfig.ARGO_IMAGE);
        String dbUrl = config.get(ExecutorConfig.ARGO_DB_URL);
        if (dbUrl != null) {
            try {
                dbUrl = StoreSettings.external(dbUrl, null, null).url();
            } catch (StrataException e) {
                config.invalid(ExecutorConfig.ARGO_DB_URL, "a PostgreSQL URL, e.g. postgresql://host:5432/strata");
            }
        }
        if (image == null && !config.isSet(ExecutorConfig.ARGO_IMAGE)) {
            config.problem("STRATA_ARGO_IMAGE is not set, and the argo executor needs it (set it to the engine image"
                    + " of this release, e.g. STRATA_ARGO_IMAGE=" + ArgoOptions.IMAGE_REPOSITORY + ":<version>)");
        }
        String namespace = config.get(ExecutorConfig.ARGO_NAMESPACE);
        io.fabric8.kubernetes.client.Config kube = kubeConfig(config, env);
        if (image == null || kube == null || (namespace == null && config.isSet(ExecutorConfig.ARGO_NAMESPACE))) {
            return Optional.empty();
        }
        if (namespace == null) {
            namespace = kube.getNamespace() == null ? "default" : kube.getNamespace();
        }
        ArgoOptions options = new ArgoOptions(
                image,
                namespace,
                Granularity.valueOf(config.get(ExecutorConfig.ARGO_GRANULARITY).toUpperCase(Locale.ROOT)),
                config.get(ExecutorConfig.ARGO_SERVICE_ACCOUNT),
                config.get(ExecutorConfig.ARGO_CPU),
                config.get(ExecutorConfig.ARGO_MEMORY),
                settings.maxRetries(),
                null,
                null,
                null);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
        return Optional.of(new ArgoBackend(client, namespace, options, settings, dbUrl, Duration.ofSeconds(1)));
    }

    private static io.fabric8.kubernetes.client.Config kubeConfig(Config config, Map<String, String> env) {
        String file = env.get("KUBECONFIG");
        if (file == null) {
            return io.fabric8.kubernetes.client.Config.autoConfigure(null);
        }
        Path path = Path.of(file.split(java.io.File.pathSeparator)[0]);
        try {
            return io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | KubernetesClientException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
            config.problem("KUBECONFIG=" + file + " cannot be read as a Kubernetes configuration (" + why
                    + "; unset it to use ~/.kube/config or the pod's service account)");
            return null;
        }
    }

    @Override
    public String name() {
        return RunBackends.ARGO;
    }

    @Override
    public EngineRun start(EngineRequest request) throws IOException {
        StoredRun run = request.run();
        String name = RunWorkflows.name(run.id(), run.attempt());
        if (request.store().isEmbedded()) {
            throw new IOException("Cannot run on the argo executor: the store is an embedded PostgreSQL, which pods"
                    + " cannot reach (set STRATA_DB_URL to a PostgreSQL the pods reach, or STRATA_ARGO_DB_URL)");
        }
        Map<String, String> store = storeEnvironment(request.store());
        RunWorkflows.Submission submission = new RunWorkflows.Submission(
                run.id(),
                run.attempt(),
                run.only(),
                run.parameters(),
                run.logicalTime(),
                settings.allowedRootsOf(run.pipeline(), Path.of("/tmp/strata/work")),
                settings.runEnvironment(),
                List.copyOf(store.keySet()));
        Map<String, Object> tree;
        try {
            PipelineSpec spec = PipelineLoader.parse(
                            request.yaml(), request.pipelineFile(), Variables.unresolved(), AllowedRoots.any())
                    .spec();
            tree = RunWorkflows.workflow(spec, request.yaml(), options, submission);
        } catch (StrataException e) { // an invalid version, or one Argo tasks cannot split (ArgoExportException)
            throw new IOException("Cannot run on the argo executor: " + e.getMessage(), e);
        }
        GenericKubernetesResource workflow =
                client.getKubernetesSerialization().convertValue(tree, GenericKubernetesResource.class);
        try {
            GenericKubernetesResource created = workflows().resource(workflow).create();
            OwnerReference owner = new OwnerReferenceBuilder()
                    .withApiVersion(created.getApiVersion())
                    .withKind(created.getKind())
                    .withName(name)
                    .withUid(created.getMetadata().getUid())
                    .build();
            try {
                client.configMaps()
                        .inNamespace(namespace)
                        .resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withLabels(created.getMetadata().getLabels())
                                .withOwnerReferences(owner)
                                .endMetadata()
                                .withData(RunWorkflows.configMapData(request.yaml(), submission))
                                .build())
                        .create();
                client.secrets()
                        .inNamespace(namespace)
                        .resource(new SecretBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withLabels(created.getMetadata().getLabels())
                                .withOwnerReferences(owner)
                                .endMetadata()
                                .withType("Opaque")
                                .withStringData(store)
                                .build())
                        .create();
                workflow(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"suspend\": false}}");
            } catch (KubernetesClientException e) {
                deleteQuietly(name);
                throw e;
            }
        } catch (KubernetesClientException e) {
            throw new IOException(
                    "Cannot submit the Argo Workflow " + name + " in namespace " + namespace + ": " + reason(e)
                            + " (check that Argo Workflows is installed there and that the server's service account"
                            + " may create workflows, configmaps and secrets: the Helm chart's argo.rbac.create)",
                    e);
        }
        LOG.info("Run {} submitted as the Argo Workflow {}/{}", run.id(), namespace, name);
        return new ArgoRun(this, name, request.logFile());
    }

    /** The run's store connection as the pods read it: the server's, with the URL pods reach when one is set. */
    private Map<String, String> storeEnvironment(StoreSettings store) {
        Map<String, String> env = new LinkedHashMap<>(store.environment());
        if (podDbUrl != null) {
            env.put(StoreConfig.DB_URL.name(), podDbUrl);
        }
        return env;
    }

    @Override
    public void killLeftover(StoredRun orphan) {
        String name = RunWorkflows.name(orphan.id(), orphan.attempt());
        try {
            if (workflow(name).get() != null) {
                LOG.warn("Stopping the Argo Workflow {} that a stopped server left running", name);
                terminate(name);
                deleteQuietly(name);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot stop the Argo Workflow {} of run {}: {}", name, orphan.id(), reason(e));
        }
    }

    /** Asks Argo to stop the Workflow: its pods are killed, its exit handler runs, its phase becomes Failed. */
    void terminate(String name) {
        try {
            workflow(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"shutdown\": \"Terminate\"}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Deletes the Workflow with its ConfigMap and Secret (its owner references would too, once Kubernetes collects). */
    void deleteQuietly(String name) {
        try {
            workflow(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot delete the Argo Workflow {}: {}", name, reason(e));
        }
        deleteRunObjects(name);
    }

    /** Deletes the run's ConfigMap and Secret, which hold its connection to the store, once it ended. */
    void deleteRunObjects(String name) {
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
            client.configMaps().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot delete the Secret and ConfigMap of the Argo Workflow {}: {}", name, reason(e));
        }
    }

    Resource<GenericKubernetesResource> workflow(String name) {
        return workflows().withName(name);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            workflows() {
        return client.genericKubernetesResources(WORKFLOWS).inNamespace(namespace);
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    Duration poll() {
        return poll;
    }

    /** What the API server said, without the request: a status's message, or the exception's. */
    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        return e.getCode() > 0 ? "HTTP " + e.getCode() : String.valueOf(e.getMessage());
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "argo " + namespace + " " + options.image();
    }
}
