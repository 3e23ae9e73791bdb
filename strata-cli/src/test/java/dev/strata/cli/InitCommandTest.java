package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.validate.PipelineSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata init}: a project that validates at once, and a folder with work in it is left alone. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void scaffoldsAProjectThatValidatesForEachTarget() throws IOException {
        Path project = dir.resolve("shop");

        Invocation init = strata("init", project.toString());

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out())
                .contains("Created project shop in " + project)
                .contains("  pipeline.yaml", "  strata.yaml", "  .gitignore", "  .vscode/settings.json");
        assertThat(Files.readString(project.resolve(".strata/pipeline.schema.json")))
                .isEqualTo(PipelineSchema.bundled());
        assertThat(Files.readString(project.resolve(".vscode/settings.json")))
                .contains("\"./.strata/pipeline.schema.json\": [\"pipeline.yaml\", \"pipelines/*.yaml\"]");
        assertThat(Files.readString(project.resolve("pipeline.yaml")))
                .startsWith("# yaml-language-server: $schema=.strata/pipeline.schema.json\n")
                .contains("\nname: shop\n");
        assertThat(Files.readAllLines(project.resolve(".gitignore"))).contains("/lakehouse/", "/lakehouse-dev/");
        assertThat(Files.readAllLines(project.resolve("data/orders/orders-001.csv")))
                .hasSize(13);

        String pipeline = project.resolve("pipeline.yaml").toString();
        Invocation validate = strata("validate", pipeline);
        Invocation validateDev = strata("validate", pipeline, "--target", "dev");

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).isEqualTo(pipeline + ": valid (pipeline shop: 3 datasets, 1 sources)\n");
        assertThat(validateDev.exitCode()).as(validateDev.err()).isZero();
    }

    @Test
    void refusesAFolderThatIsNotEmpty() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        Invocation init = strata("init", dir.toString());

        assertThat(init.exitCode()).isEqualTo(2);
        assertThat(init.err())
                .isEqualTo("strata: Cannot create a project in " + dir + ": the folder is not empty (choose a new or"
                        + " empty folder, or pass --force to write the project's files into it)\n");
        assertThat(Files.list(dir)).containsExactly(dir.resolve("notes.txt"));
    }

    @Test
    void writesIntoAFolderThatIsNotEmptyWithForceLeavingOtherFiles() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        Invocation init = strata("init", dir.toString(), "--force", "--name", "sales");

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(Files.readString(dir.resolve("pipeline.yaml"))).contains("\nname: sales\n");
    }

    @Test
    void refusesANameAPipelineCannotHave() {
        Invocation init = strata("init", dir.resolve("p").toString(), "--name", "my shop");

        assertThat(init.exitCode()).isEqualTo(2);
        assertThat(init.err())
                .isEqualTo("strata: Cannot name the pipeline 'my shop': a name has letters, digits, '_' and '-' only"
                        + " (e.g. my_shop)\n");
    }
}
