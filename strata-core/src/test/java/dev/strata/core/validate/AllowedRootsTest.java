package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedRootsTest {
    @TempDir
    Path dir;

    private Path allowed;
    private Path outside;
    private AllowedRoots roots;

    @BeforeEach
    void folders() throws IOException {
        allowed = Files.createDirectories(dir.resolve("allowed"));
        outside = Files.createDirectories(dir.resolve("outside"));
        roots = AllowedRoots.of(List.of(allowed.toString(), "s3a://Lake/pipelines/shop"));
    }

    @Test
    void allowsLocationsUnderARootWhetherOrNotTheyExist() {
        assertThat(roots.violation(allowed.toString())).isEmpty();
        assertThat(roots.violation(allowed.resolve("lakehouse/silver").toString()))
                .isEmpty();
        assertThat(roots.violation("file://" + allowed.resolve("x"))).isEmpty();
        assertThat(roots.violation("file:" + allowed.resolve("x"))).isEmpty();
        assertThat(roots.violation("s3a://lake/pipelines/shop/")).isEmpty();
        assertThat(roots.violation("S3A://lake/pipelines/shop//bronze/orders")).isEmpty();
    }

    @Test
    void refusesLocationsOutsideEveryRoot() {
        assertThat(roots.violation(outside.toString()))
                .contains("it is outside the allowed roots (" + allowed + ", s3a://Lake/pipelines/shop)");
        assertThat(roots.violation(allowed + "2/x")).isPresent();
        assertThat(roots.violation("/etc/passwd")).isPresent();
        assertThat(roots.violation("s3a://lake/pipelines/shopping")).isPresent();
        assertThat(roots.violation("s3a://other/pipelines/shop")).isPresent();
        assertThat(roots.violation("s3://lake/pipelines/shop"))
                .as("another scheme")
                .isPresent();
        assertThat(roots.violation("gs://lake/pipelines/shop")).isPresent();
    }

    @Test
    void refusesEveryParentSegment() {
        assertThat(roots.violation(allowed + "/../outside")).contains("it has a '..' segment, which is never allowed");
        assertThat(roots.violation("s3a://lake/pipelines/shop/../other")).isPresent();
        assertThat(roots.violation(allowed + "/{..,x}/outside")).isPresent();
        assertThat(roots.violation(allowed + "/..data"))
                .as("a name that starts with two dots")
                .isEmpty();
    }

    @Test
    void followsSymbolicLinksSoThatNoneLeadsOut() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link"), outside);
        Path inner = Files.createSymbolicLink(allowed.resolve("inner"), Files.createDirectories(allowed.resolve("a")));

        assertThat(roots.violation(link.resolve("data.csv").toString()))
                .contains("it resolves to '" + outside.toRealPath().resolve("data.csv")
                        + "' through a symbolic link, outside the allowed roots (" + allowed
                        + ", s3a://Lake/pipelines/shop)");
        assertThat(roots.violation(link.toString())).isPresent();
        assertThat(roots.violation(inner.resolve("b").toString())).isEmpty();
    }

    @Test
    void refusesADanglingLink() throws IOException {
        Path dangling = Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("not-yet"));

        assertThat(roots.violation(dangling.resolve("x").toString()))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("it cannot be resolved"));
    }

    @Test
    void resolvesTheRootsThemselvesThroughLinks() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("linked-root"), allowed);
        AllowedRoots linked = AllowedRoots.of(List.of(linkedRoot.toString()));

        assertThat(linked.violation(allowed.resolve("x").toString())).isEmpty();
        assertThat(linked.violation(outside.toString())).isPresent();
    }

    @Test
    void anyAllowsEverything() {
        assertThat(AllowedRoots.any().isAny()).isTrue();
        assertThat(AllowedRoots.any().violation("/etc/passwd")).isEmpty();
    }

    @Test
    void namesEveryLocationOfAPipeline() {
        PipelineSpec spec = Yaml.parse("""
                        name: shop
                        storage:
                          root: /lake
                          iceberg: {type: hadoop, warehouse: /wh, options: {io-impl: x, "s3.staging-dir": /tmp/s}}
                        sources:
                          raw: {format: csv, path: /in, options: {header: "true", basePath: /in, paths: "[\\"/a\\",\\"/b\\"]"}}
                          topic: {format: kafka, topic: t, options: {kafka.ssl.truststore.location: /etc/ts.jks}}
                        datasets:
                          bronze.raw: {from: raw, write: {options: {checkpointLocation: /ck}}}
                          bronze.topic: {from: topic}
                        """).spec();

        assertThat(AllowedRoots.locations(spec))
                .extracting(l -> l.path() + "=" + l.location())
                .containsExactly(
                        "storage.root=/lake",
                        "storage.iceberg.warehouse=/wh",
                        "storage.iceberg.options.s3.staging-dir=/tmp/s",
                        "sources.raw.path=/in",
                        "sources.raw.options.basePath=/in",
                        "sources.raw.options.paths=/a",
                        "sources.raw.options.paths=/b",
                        "sources.topic.options.kafka.ssl.truststore.location=/etc/ts.jks",
                        "datasets.bronze.raw.write.options.checkpointLocation=/ck");
    }

    @Test
    void theLoaderRefusesEveryLocationOutsideTheRootsWhereItIsWritten() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link"), outside);
        String yaml = """
                name: shop
                storage: {root: %s}
                sources:
                  mine: {format: csv, path: data/}
                  theirs: {format: csv, path: %s}
                  linked: {format: csv, path: link/data.csv, options: {path: /etc}}
                datasets:
                  bronze.mine: {from: mine}
                  bronze.theirs: {from: theirs}
                  bronze.linked: {from: linked}
                """.formatted(outside.resolve("lake"), outside.resolve("other-pipeline"));

        PipelineValidationException e = catchThrowableOfType(
                PipelineValidationException.class,
                () -> PipelineLoader.parse(
                        yaml,
                        allowed.resolve("pipeline.yaml"),
                        Variables.restricted(Map.of(), Map.of()),
                        AllowedRoots.of(List.of(allowed.toString()))));

        String file = allowed.resolve("pipeline.yaml").toString();
        String hint = " (a server run reads and writes only under its allowed roots)";
        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        file + ":2:17: storage.root: Cannot use '" + outside.resolve("lake")
                                + "' in a server run: it is outside the allowed roots (" + allowed + ")" + hint,
                        file + ":5:31: sources.theirs.path: Cannot use '" + outside.resolve("other-pipeline")
                                + "' in a server run: it is outside the allowed roots (" + allowed + ")" + hint,
                        file + ":6:31: sources.linked.path: Cannot use '" + link.resolve("data.csv")
                                + "' in a server run: it resolves to '"
                                + outside.toRealPath().resolve("data.csv")
                                + "' through a symbolic link, outside the allowed roots (" + allowed + ")" + hint,
                        file + ":6:62: sources.linked.options.path: Cannot use '/etc' in a server run: it is"
                                + " outside the allowed roots (" + allowed + ")" + hint);
    }

    @Test
    void theLoaderAcceptsAPipelineThatStaysUnderItsRoot() {
        Pipeline pipeline = PipelineLoader.parse(
                "name: shop\nsources: {raw: {format: csv, path: data/}}\ndatasets: {bronze.raw: {from: raw}}\n",
                allowed.resolve("pipeline.yaml"),
                Variables.restricted(Map.of(), Map.of()),
                AllowedRoots.of(List.of(allowed.toString())));

        assertThat(pipeline.spec().storage().root())
                .isEqualTo(allowed.resolve("lakehouse").toString());
    }
}
