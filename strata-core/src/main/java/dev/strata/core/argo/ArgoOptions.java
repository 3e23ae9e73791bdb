package dev.strata.core.argo;

import static java.util.Objects.requireNonNull;

/**
 * What {@code strata argo export} is told besides the pipeline: the engine image, the namespace (null: none written,
 * {@code kubectl apply -n} decides), the granularity, and what every task pod gets.
 *
 * @param image the engine image, whose entrypoint is {@code strata}
 * @param namespace the namespace written into every manifest, or null
 * @param granularity how the pipeline is split into tasks
 * @param serviceAccount the service account of the workflow's pods (and of the Sensor that submits workflows)
 * @param cpu the CPU each task requests, e.g. {@code 2}
 * @param memory the memory each task requests and is limited to, e.g. {@code 4Gi}
 * @param taskRetries how often Argo starts a task again whose pod crashed or was lost
 * @param secretName the Kubernetes Secret the pipeline's {@code ${secret:NAME}} and {@code ${VAR}} references read
 * @param eventsUrl where the exit handler posts the run's final lifecycle event, or null (none by default)
 * @param kafkaUrl the Kafka bootstrap servers the EventSource of Kafka triggers reads, or null
 */
public record ArgoOptions(
        String image,
        String namespace,
        Granularity granularity,
        String serviceAccount,
        String cpu,
        String memory,
        int taskRetries,
        String secretName,
        String eventsUrl,
        String kafkaUrl) {

    /** The image's repository; the tag is the project version. */
    public static final String IMAGE_REPOSITORY = "ghcr.io/strata-dev/strata";

    public static final String DEFAULT_SERVICE_ACCOUNT = "strata-runner";
    public static final String DEFAULT_CPU = "2";
    public static final String DEFAULT_MEMORY = "4Gi";

    /** As {@code STRATA_RUN_RETRIES}: how often the server starts a run again whose engine crashed. */
    public static final int DEFAULT_TASK_RETRIES = 2;

    public ArgoOptions {
        requireNonNull(image, "image is null");
        requireNonNull(granularity, "granularity is null");
        requireNonNull(serviceAccount, "serviceAccount is null");
        requireNonNull(cpu, "cpu is null");
        requireNonNull(memory, "memory is null");
        if (taskRetries < 0) {
            throw new IllegalArgumentException("taskRetries is negative");
        }
    }

    /** The default image of a version: {@code ghcr.io/strata-dev/strata:<version>}. */
    public static String defaultImage(String version) {
        return IMAGE_REPOSITORY + ":" + version;
    }

    /** The defaults, for the given image and granularity. */
    public static ArgoOptions defaults(String image, Granularity granularity) {
        return new ArgoOptions(
                image,
                null,
                granularity,
                DEFAULT_SERVICE_ACCOUNT,
                DEFAULT_CPU,
                DEFAULT_MEMORY,
                DEFAULT_TASK_RETRIES,
                null,
                null,
                null);
    }

    /** The Secret references read from: {@code --secret}, else {@code strata-<pipeline>-secrets}. */
    public String secretFor(String resourceName) {
        return secretName != null ? secretName : resourceName + "-secrets";
    }
}
