package dev.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.strata.core.config.Setting;
import dev.strata.core.config.StrataConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/strata through the real Helm (helm-java embeds it): lint, then template with the default values and
 * with the main options on, every rendered object parsed strictly into the fabric8 model ({@link KubernetesObjects}).
 */
class HelmChartTest {
    static final Path CHART = Path.of("helm", "strata").toAbsolutePath();
    static final Path VALUES = Path.of("src", "test", "resources", "values").toAbsolutePath();
    static final String VERSION = System.getProperty("strata.version");

    @Test
    void lintFindsNothingEvenInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages())
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void defaultValuesRenderTheServerWithProbesResourcesAndALockedDownContainer() {
        Map<String, HasMetadata> objects = render(null);
        assertThat(objects.keySet())
                .containsExactlyInAnyOrder(
                        "ConfigMap/strata", "Deployment/strata", "Service/strata", "ServiceAccount/strata");

        Deployment deployment = (Deployment) objects.get("Deployment/strata");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(VERSION).isNotBlank();
        assertThat(server.getImage()).isEqualTo("ghcr.io/strata-dev/strata:" + VERSION);
        assertThat(server.getCommand()).containsExactly("strata");
        assertThat(server.getArgs()).containsExactly("serve", "--host", "0.0.0.0", "--port", "8080");
        assertThat(server.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(server.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(server.getResources().getRequests())
                .containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("3Gi"));
        assertThat(server.getResources().getLimits()).containsEntry("memory", new Quantity("5Gi"));

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(server.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(server.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(server.getVolumeMounts())
                .extracting(mount -> mount.getMountPath())
                .containsExactly("/tmp", "/var/lib/strata");
        assertThat(server.getEnv()).isEmpty();

        ConfigMap config = (ConfigMap) objects.get("ConfigMap/strata");
        assertThat(config.getData())
                .doesNotContainKey("STRATA_DB_URL")
                .containsEntry("STRATA_HOME", "/var/lib/strata")
                .containsEntry("STRATA_SERVER_MEMORY", "1g")
                .containsEntry("STRATA_DRIVER_MEMORY", "3g")
                .containsEntry("STRATA_MAX_CONCURRENT_RUNS", "1");
        assertOnlyDeclaredNonSecretSettings(config);
        assertThat(server.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("strata");

        Service service = (Service) objects.get("Service/strata");
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
                .isEqualTo("http");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(((ServiceAccount) objects.get("ServiceAccount/strata")).getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void mainOptionsRenderPostgresqlSecretReferencesArgoRbacAndAServiceMonitor() {
        Map<String, HasMetadata> objects = render("all-options.yaml");
        assertThat(objects.keySet())
                .containsExactlyInAnyOrder(
                        "ConfigMap/strata",
                        "Deployment/strata",
                        "Service/strata",
                        "ServiceAccount/strata",
                        "Service/strata-postgresql",
                        "StatefulSet/strata-postgresql",
                        "Role/strata-argo",
                        "RoleBinding/strata-argo",
                        "ServiceMonitor/strata",
                        "ServiceAccount/strata-runner",
                        "Role/strata-runner",
                        "RoleBinding/strata-runner");

        Deployment deployment = (Deployment) objects.get("Deployment/strata");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(server.getImage()).isEqualTo("registry.example.com/data/strata:0.1.0-test");
        assertThat(secretReferences(server.getEnv()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "STRATA_DB_PASSWORD", "strata-db/pg-password",
                        "STRATA_ADMIN_TOKEN", "strata-secrets/admin-token",
                        "STRATA_JWT_SECRET", "strata-secrets/jwt-secret",
                        "OPENLINEAGE_API_KEY", "strata-secrets/lineage-key",
                        "STRATA_EVENTS_PRODUCER_SASL_JAAS_CONFIG", "strata-secrets/kafka-jaas"));
        assertThat(server.getEnv()).allSatisfy(env -> assertThat(env.getValue()).isNull());
        for (EnvVar env : server.getEnv()) {
            assertThat(StrataConfig.variable(env.getName()))
                    .as("%s is a declared secret setting", env.getName())
                    .hasValueSatisfying(setting -> assertThat(setting.secret()).isTrue());
        }
        assertThat(server.getResources().getRequests()).containsEntry("memory", new Quantity("8Gi"));
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo("strata");
        assertThat(server.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/strata/pipelines");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(pod.getVolumes())
                .filteredOn(volume -> volume.getConfigMap() != null)
                .extracting(volume -> volume.getConfigMap().getName())
                .containsExactly("strata-pipelines");

        ConfigMap config = (ConfigMap) objects.get("ConfigMap/strata");
        assertThat(config.getData())
                .containsEntry("STRATA_DB_URL", "postgresql://strata-postgresql:5432/strata")
                .containsEntry("STRATA_DB_USER", "strata")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                .containsEntry("STRATA_EVENTS_TOPIC", "lake.events")
                .containsEntry("OPENLINEAGE_URL", "http://marquez:5000")
                .containsEntry("STRATA_RUN_TIMEOUT", "2h")
                .containsEntry("STRATA_MAX_CONCURRENT_RUNS", "2")
                .containsEntry("STRATA_METRICS_PRIVATE", "true")
                .doesNotContainKey("SPARK_MASTER_URL");
        assertOnlyDeclaredNonSecretSettings(config);

        StatefulSet postgresql = (StatefulSet) objects.get("StatefulSet/strata-postgresql");
        Container database =
                postgresql.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(secretReferences(database.getEnv()))
                .containsExactly(Map.entry("POSTGRES_PASSWORD", "strata-db/pg-password"));
        assertThat(postgresql
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsNonRoot())
                .isTrue();
        assertThat(postgresql
                        .getSpec()
                        .getVolumeClaimTemplates()
                        .get(0)
                        .getSpec()
                        .getResources()
                        .getRequests())
                .containsEntry("storage", new Quantity("8Gi"));
        assertThat(((Service) objects.get("Service/strata-postgresql"))
                        .getSpec()
                        .getPorts()
                        .get(0)
                        .getPort())
                .isEqualTo(5432);

        Role role = (Role) objects.get("Role/strata-argo");
        // Exactly the calls of the server's argo executor (ArgoBackend, ArgoRun), nothing more.
        assertThat(role.getRules())
                .extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
                .containsExactly(
                        "[argoproj.io] [workflows] [create, get, patch, delete]",
                        "[] [configmaps, secrets] [create, delete]",
                        "[] [pods] [list]",
                        "[] [pods/log] [get]");
        RoleBinding binding = (RoleBinding) objects.get("RoleBinding/strata-argo");
        assertThat(binding.getRoleRef().getName()).isEqualTo("strata-argo");
        assertThat(binding.getSubjects().get(0).getName()).isEqualTo("strata");
        assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("lake");

        // The task pods of exported workflows (strata argo export --service-account strata-runner): their executor
        // reports WorkflowTaskResults, nothing more.
        PolicyRule runner =
                ((Role) objects.get("Role/strata-runner")).getRules().get(0);
        assertThat(runner.getResources()).containsExactly("workflowtaskresults");
        assertThat(runner.getVerbs()).containsExactlyInAnyOrder("create", "patch");
        assertThat(((RoleBinding) objects.get("RoleBinding/strata-runner"))
                        .getSubjects()
                        .get(0)
                        .getName())
                .isEqualTo("strata-runner");

        ServiceMonitor monitor = (ServiceMonitor) objects.get("ServiceMonitor/strata");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
        assertThat(endpoint.getPort()).isEqualTo("http");
        assertThat(endpoint.getPath()).isEqualTo("/metrics");
        assertThat(endpoint.getBearerTokenSecret().getName()).isEqualTo("strata-secrets");
        assertThat(endpoint.getBearerTokenSecret().getKey()).isEqualTo("viewer-key");
        assertThat(monitor.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void anExternalDatabaseIsNamedInTheConfigMapWithItsPasswordFromASecret() {
        Map<String, HasMetadata> objects = render("external-db.yaml");
        ConfigMap config = (ConfigMap) objects.get("ConfigMap/strata");
        assertThat(config.getData())
                .containsEntry("STRATA_DB_URL", "postgresql://db.internal:5432/strata")
                .containsEntry("STRATA_DB_USER", "strata_server");
        Container server = ((Deployment) objects.get("Deployment/strata"))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(secretReferences(server.getEnv()))
                .containsExactly(Map.entry("STRATA_DB_PASSWORD", "strata-db/password"));
        assertThat(objects.keySet()).noneMatch(name -> name.contains("postgresql"));
    }

    @Test
    void aPasswordInTheDatabaseUrlOrABundledDatabaseWithoutASecretIsRefused() {
        assertThatThrownBy(() -> render("password-in-url.yaml"))
                .hasMessageContaining("externalDatabase.url must not contain a password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> render("postgresql-without-secret.yaml"))
                .hasMessageContaining("postgresql.existingSecret is required");
    }

    @Test
    void theStrictParserRefusesAFieldTheModelDoesNotKnow() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          readinesProbe: {httpGet: {path: /ready, port: 8080}}
                """;
        assertThatThrownBy(() -> KubernetesObjects.parse(misspelt)).hasMessageContaining("readinesProbe");
    }

    /** {@code helm template strata CHART --namespace lake [-f VALUES/values]}, keyed by kind/name. */
    static Map<String, HasMetadata> render(String valuesFile) {
        var template = new Helm(CHART).template().withName("strata").withNamespace("lake");
        if (valuesFile != null) {
            template = template.withValuesFile(VALUES.resolve(valuesFile));
        }
        List<HasMetadata> objects = KubernetesObjects.parse(template.call());
        return objects.stream()
                .collect(Collectors.toMap(
                        object -> object.getKind() + "/" + object.getMetadata().getName(), o -> o));
    }

    /** Each variable set from a Secret, as name to "secret/key". */
    static Map<String, String> secretReferences(List<EnvVar> env) {
        return env.stream()
                .filter(variable -> variable.getValueFrom() != null
                        && variable.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(
                        EnvVar::getName,
                        variable -> variable.getValueFrom().getSecretKeyRef().getName() + "/"
                                + variable.getValueFrom().getSecretKeyRef().getKey()));
    }

    /** A ConfigMap is readable by whoever reads the namespace: only settings Strata declares, and none secret. */
    static void assertOnlyDeclaredNonSecretSettings(ConfigMap config) {
        for (String name : config.getData().keySet()) {
            Optional<Setting<?>> setting = StrataConfig.variable(name);
            assertThat(setting)
                    .as("%s is a setting Strata reads (docs/configuration.md)", name)
                    .isPresent();
            assertThat(setting.get().secret())
                    .as("%s is secret: it belongs in a Secret", name)
                    .isFalse();
        }
    }
}
