package dev.strata.cli;

import dev.strata.core.argo.ArgoExport;
import dev.strata.core.argo.ArgoOptions;
import dev.strata.core.argo.Granularity;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code strata argo export FILE}: the pipeline's ConfigMap, WorkflowTemplate, and, when it has them, the CronWorkflow
 * of its schedule and the EventSource and Sensor of its Kafka triggers; to stdout as one YAML stream, or one file each
 * under {@code --output}. What falls back or is not mapped is noted on stderr; what cannot work exits 2.
 */
@Command(
        name = "export",
        description = "Write the pipeline as Argo manifests: ConfigMap, WorkflowTemplate, CronWorkflow (schedule:),"
                + " EventSource and Sensor (Kafka triggers:). Apply them with kubectl apply -f.")
final class ArgoExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            description = "The engine image, entrypoint strata (default: " + ArgoOptions.IMAGE_REPOSITORY
                    + ":<this version>).")
    String image;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace written into every manifest.")
    String namespace;

    @Option(
            names = "--granularity",
            paramLabel = "dataset|layer|pipeline",
            defaultValue = "dataset",
            converter = GranularityConverter.class,
            description = "One task per dataset, per layer, or one for the pipeline (default: ${DEFAULT-VALUE}).")
    Granularity granularity;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Write one file per manifest here (default: all to stdout).")
    Path output;

    @Option(
            names = "--service-account",
            paramLabel = "NAME",
            defaultValue = ArgoOptions.DEFAULT_SERVICE_ACCOUNT,
            description = "Service account of the workflow's pods and the Sensor (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(
            names = "--cpu",
            paramLabel = "CPU",
            defaultValue = ArgoOptions.DEFAULT_CPU,
            description = "CPU each task requests (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            defaultValue = ArgoOptions.DEFAULT_MEMORY,
            description = "Memory each task requests and is limited to (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(
            names = "--task-retries",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "How often Argo starts again a task whose pod crashed or was lost (default: ${DEFAULT-VALUE}).")
    int taskRetries;

    @Option(
            names = "--secret",
            paramLabel = "NAME",
            description = "The Kubernetes Secret that ${secret:NAME} and ${VAR} references read (default:"
                    + " strata-<pipeline>-secrets).")
    String secret;

    @Option(
            names = "--events-url",
            paramLabel = "URL",
            description = "Where the exit handler posts the run's final lifecycle event (default: none; also the"
                    + " workflow parameter events-url).")
    String eventsUrl;

    @Option(
            names = "--kafka-url",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers the EventSource of Kafka triggers reads (required with one).")
    String kafkaUrl;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (taskRetries < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--task-retries must be 0 or more");
        }
        Pipeline pipeline = PipelineLoader.load(file, file, Variables.unresolved(), AllowedRoots.any());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ArgoOptions options = new ArgoOptions(
                image != null ? image : ArgoOptions.defaultImage(StrataCommand.Version.projectVersion()),
                namespace,
                granularity,
                serviceAccount,
                cpu,
                memory,
                taskRetries,
                secret,
                eventsUrl,
                kafkaUrl);
        ArgoExport export = ArgoExport.of(pipeline.spec(), text, options);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        export.notes().forEach(note -> err.println("note: " + note));
        if (output == null) {
            out.print(export.yaml());
        } else {
            write(export, output, out);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static void write(ArgoExport export, Path directory, PrintWriter out) {
        try {
            Files.createDirectories(directory);
            for (ArgoExport.Manifest manifest : export.manifests()) {
                Path target = directory.resolve(manifest.file());
                Files.writeString(target, manifest.yaml(), StandardCharsets.UTF_8);
                out.println("wrote " + target + " (" + manifest.kind() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifests under " + directory, e);
        }
    }

    static final class GranularityConverter implements ITypeConverter<Granularity> {
        @Override
        public Granularity convert(String value) {
            try {
                return Granularity.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "unknown granularity '" + value + "' (expected dataset | layer | pipeline)");
            }
        }
    }
}
