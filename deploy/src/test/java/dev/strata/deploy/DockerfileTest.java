package dev.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile keeps the layout bin/strata expects. No image is built here (no Docker daemon on this
 * machine, docs/deploy.md): instead every file the launcher looks for under its install folder must be copied to the
 * same place under /opt/strata, be let through the .dockerignore, and the entrypoint must be the launcher.
 */
class DockerfileTest {
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path DOCKERFILE = REPOSITORY.resolve("deploy/docker/Dockerfile");

    @Test
    void theImageHoldsEveryFileTheLauncherLooksFor() throws IOException {
        String launcher = Files.readString(REPOSITORY.resolve("bin/strata"));
        List<String> expected = new ArrayList<>();
        Matcher paths =
                Pattern.compile("\\$strata_install_dir/([A-Za-z0-9_./-]+)").matcher(launcher);
        while (paths.find()) {
            expected.add(paths.group(1));
        }
        assertThat(expected)
                .contains(
                        "strata-server/target/strata-server.jar",
                        "strata-server/target/lib",
                        "strata-cli/target/strata-cli.jar",
                        "strata-cli/target/lib",
                        "bin/spark-jvm.args");

        List<String> copied = copiedIntoInstall();
        String ignore = Files.readString(REPOSITORY.resolve("deploy/docker/Dockerfile.dockerignore"));
        for (String path : expected) {
            if (path.endsWith(".jsa")) {
                continue; // the class-data archive is JDK-specific and optional: the launcher skips it when absent
            }
            assertThat(copied)
                    .as("the Dockerfile copies %s to /opt/strata/%s", path, path)
                    .contains(path);
            assertThat(ignore).as(".dockerignore lets %s through", path).contains("!" + path);
        }
        assertThat(copied).contains("bin/strata");
    }

    @Test
    void theEntrypointIsTheLauncherRunAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile).contains("ENTRYPOINT [\"strata\"]");
        assertThat(dockerfile).contains("PATH=/opt/strata/bin:$PATH");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001:10001$");
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
        assertThat(dockerfile).contains("CMD [\"serve\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]");
    }

    /** Each COPY's sources, when its destination is the same path under /opt/strata (a folder destination ends in /). */
    static List<String> copiedIntoInstall() throws IOException {
        List<String> copied = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            String[] words = line.substring(5).trim().split("\\s+");
            String destination = words[words.length - 1];
            for (int i = 0; i < words.length - 1; i++) {
                String source = words[i].replaceAll("/$", "");
                String target = destination.endsWith("/") && !words[i].endsWith("/")
                        ? destination + Path.of(source).getFileName()
                        : destination.replaceAll("/$", "");
                if (target.equals("/opt/strata/" + source)) {
                    copied.add(source);
                }
            }
        }
        return copied;
    }
}
