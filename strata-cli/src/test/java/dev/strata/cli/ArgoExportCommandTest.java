package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata argo export}: files under --output, notes on stderr, exit 2 for what cannot run as asked. */
class ArgoExportCommandTest {
    private static final String RETAIL =
            Path.of("..", "examples", "retail", "pipeline.yaml").toString();

    @Test
    void writesOneFilePerManifestAndNotesWhatFallsBack(@TempDir Path out) throws IOException {
        Invocation export = strata("argo", "export", RETAIL, "--output", out.toString(), "--namespace", "data");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("strata-retail-configmap.yaml", "strata-retail-workflowtemplate.yaml");
        String template = Files.readString(out.resolve("strata-retail-workflowtemplate.yaml"));
        assertThat(template)
                .contains("namespace: data")
                .contains("image: ghcr.io/strata-dev/strata:")
                .contains("- name: silver-orders")
                .contains("value: silver.orders");
        assertThat(export.out()).contains("wrote " + out.resolve("strata-retail-workflowtemplate.yaml"));
        assertThat(export.err())
                .contains("note: storage.root is '${LAKEHOUSE}', by default './lakehouse'")
                .contains("note: sources.orders_raw.path 'data/orders/' is relative");
    }

    @Test
    void printsEveryManifestToStdoutWithTheImageGiven() {
        Invocation export = strata("argo", "export", RETAIL, "--granularity", "layer", "--image", "registry.local/s:1");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out())
                .startsWith("---\napiVersion: v1\nkind: ConfigMap\n")
                .contains("image: registry.local/s:1")
                .contains("value: gold.*");
    }

    @Test
    void refusesWhatCannotRunAsAskedWithExit2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: local
                storage: {root: /data/lake}
                sources:
                  raw: {format: csv, path: /in, schema: "id STRING"}
                datasets:
                  bronze.raw: {from: raw, write: {mode: append}}
                  silver.raw: {from: bronze.raw, write: {mode: append}}
                """);

        Invocation export = strata("argo", "export", file.toString());
        Invocation granularity = strata("argo", "export", file.toString(), "--granularity", "table");

        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.err())
                .contains("cannot run as separate dataset tasks: storage.root '/data/lake' is a path on each pod's")
                .contains("--granularity pipeline")
                .doesNotContain("Exception");
        assertThat(granularity.exitCode()).isEqualTo(2);
        assertThat(granularity.err()).contains("unknown granularity 'table' (expected dataset | layer | pipeline)");
        assertThat(strata("argo", "export", file.toString(), "--granularity", "pipeline")
                        .exitCode())
                .isZero();
    }
}
