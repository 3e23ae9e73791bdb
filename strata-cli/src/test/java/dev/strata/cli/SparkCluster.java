package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.session.ExecutorJars;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a Master and two Workers (1 core, 1g each) as child JVMs from the
 * build's own Spark jars, no Spark download. Its "Spark home" holds every jar of the CLI's {@code lib} except those the
 * driver ships ({@link ExecutorJars}), so executors see what a stock Spark install has: the engine, Delta, Iceberg,
 * Hudi and Kafka reach them only through {@code spark.jars}.
 */
final class SparkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path LIB = Path.of("target", "lib").toAbsolutePath();

    final String masterUrl;
    private final Path home;
    private final int webUiPort;
    private final Process master;
    final List<Process> workers = new ArrayList<>();

    private SparkCluster(Path home, int port, int webUiPort, Process master) {
        this.home = home;
        this.masterUrl = "spark://127.0.0.1:" + port;
        this.webUiPort = webUiPort;
        this.master = master;
    }

    static SparkCluster start(Path dir, int workerCount) throws Exception {
        return start(dir, workerCount, sparkHome(dir.resolve("spark-home")));
    }

    /**
     * A cluster whose Spark home holds exactly the jars of {@code jars}, e.g. a stock Spark distribution's (the
     * spark-dist module's {@code target/jars}): what executors need beyond them must come from the application.
     */
    static SparkCluster startFromJars(Path dir, int workerCount, Path jars) throws Exception {
        return start(dir, workerCount, linkedHome(dir.resolve("spark-home"), jars, jar -> true));
    }

    private static SparkCluster start(Path dir, int workerCount, Path home) throws Exception {
        int port = freePort();
        int webUi = freePort();
        Process master = launch(
                home,
                dir.resolve("master.log"),
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--webui-port",
                String.valueOf(webUi));
        SparkCluster cluster = new SparkCluster(home, port, webUi, master);
        try {
            for (int i = 0; i < workerCount; i++) {
                cluster.workers.add(cluster.startWorker(dir, i));
            }
            cluster.awaitAliveWorkers(workerCount);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private Process startWorker(Path dir, int index) throws IOException {
        Path work = Files.createDirectories(dir.resolve("worker-" + index));
        return launch(
                home,
                dir.resolve("worker-" + index + ".log"),
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(freePort()),
                "--webui-port",
                String.valueOf(freePort()),
                "--cores",
                "1",
                "--memory",
                "1g",
                "--work-dir",
                work.toString(),
                masterUrl);
    }

    /** The Spark home: {@code jars/} links to the CLI's jars but the shipped ones; executors start from it. */
    private static Path sparkHome(Path home) throws IOException {
        return linkedHome(home, LIB, jar -> !ExecutorJars.ships(jar));
    }

    private static Path linkedHome(Path home, Path from, Predicate<Path> linked) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        try (Stream<Path> lib = Files.list(from)) {
            for (Path jar : lib.filter(linked).toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return home;
    }

    private static Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("..", "bin", "spark-jvm.args").toAbsolutePath(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                ChildJvms.ENGINE_OPTIONS,
                "-cp",
                home.resolve("jars") + "/*",
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        // Spark's launcher, which Workers use to start executors, looks for a build directory without it.
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** The master's view of the cluster ({@code /json/}: workers, their state, applications). */
    JsonNode state() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return JSON.readTree(
                HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    void awaitAliveWorkers(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (state().path("aliveworkers").asInt() == count) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The master's UI starts a few seconds after its JVM.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the Spark master did not see " + count + " alive workers in 2 minutes");
    }

    /** Whether an application is running with at least one executor on this worker's slot. */
    boolean applicationRunning() throws IOException, InterruptedException {
        return state().path("activeapps").size() > 0
                && state().path("coresused").asInt() > 0;
    }

    /** Kills a worker and its executors, as a machine lost mid-run. */
    void killWorker(int index) throws InterruptedException {
        kill(workers.get(index));
    }

    private static void kill(Process process) throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            kill(worker);
        }
        kill(master);
    }
}
