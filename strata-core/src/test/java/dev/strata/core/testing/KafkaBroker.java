package dev.strata.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) for integration tests, injected as a
 * {@link Server} parameter by {@code @ExtendWith(KafkaBroker.class)}. It runs in a child JVM on its own classpath,
 * {@code target/kafka-broker}, which the build fills with Kafka's server jars: a module whose tests use it declares
 * the parent POM's {@code kafka-broker} execution of maven-antrun-plugin with {@code <phase>generate-test-resources
 * </phase>}. One broker serves the whole test JVM: it starts on first use and stops when the JUnit run ends.
 *
 * <p>{@link Server#stop()} and {@link Server#start()} take the broker down and bring it back on the same port, with
 * its data, to simulate an outage. A test that stops it starts it again before it ends.
 */
public final class KafkaBroker implements ParameterResolver {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Server.class, k -> Server.launch(), Server.class);
    }

    /** The running broker: its address, and the few client calls tests need. */
    public static final class Server implements ExtensionContext.Store.CloseableResource {
        private final Path home;
        private final String classpath;
        private final String bootstrapServers;
        private final Admin admin;
        private final Thread killOnExit;
        private volatile Process process;

        private Server(Process process, Path home, String classpath, String bootstrapServers, Admin admin) {
            this.process = process;
            this.home = home;
            this.classpath = classpath;
            this.bootstrapServers = bootstrapServers;
            this.admin = admin;
            this.killOnExit = new Thread(() -> kill(this.process), "kafka-broker-kill");
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }

        /** Stops the broker (as a crash would: killed), keeping its data and port for {@link #start()}. */
        public synchronized void stop() {
            kill(process);
        }

        /** Starts the stopped broker again on the same port with the data it had; returns when it answers. */
        public synchronized void start() {
            if (process.isAlive()) {
                return;
            }
            Path log = home.resolve("broker.log");
            process = launchBroker(classpath, home.resolve("server.properties"), log);
            awaitReady(process, admin, log);
        }

        /** True while the broker process runs. */
        public boolean running() {
            return process.isAlive();
        }

        /** {@code 127.0.0.1:<port>}, for {@code kafka.bootstrap.servers}. */
        public String bootstrapServers() {
            return bootstrapServers;
        }

        public void createTopic(String topic, int partitions) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getMessage(), e);
            }
        }

        /**
         * Every record of the topic from its beginning, read without a consumer group: polls until at least {@code
         * atLeast} arrived or {@code timeout} passed, then {@code settle} longer to catch any extra (a duplicate). In
         * each partition's order; empty when the topic does not exist.
         */
        public List<ConsumerRecord<String, String>> read(String topic, int atLeast, Duration timeout, Duration settle) {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                long deadline = System.nanoTime() + timeout.toNanos();
                List<TopicPartition> partitions = List.of();
                while (partitions.isEmpty() && System.nanoTime() < deadline) {
                    partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (records.size() < atLeast && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                long settled = System.nanoTime() + settle.toNanos();
                while (System.nanoTime() < settled) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
            return records;
        }

        /** Sends the values (NULL for a tombstone), without keys, and waits until every one is acknowledged. */
        public void produce(String topic, List<String> values) {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                List<Future<?>> sent = new ArrayList<>();
                for (String value : values) {
                    sent.add(producer.send(new ProducerRecord<>(topic, value)));
                }
                for (Future<?> ack : sent) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Cannot produce to " + topic + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
            kill(process);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: nothing left to undo.
            }
            deleteRecursively(home);
        }

        static Server launch() {
            Path jars = brokerClasspath();
            long started = System.nanoTime();
            Path home;
            try {
                home = Files.createTempDirectory("strata-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int port = freePort();
            int controllerPort = freePort();
            Path config = home.resolve("server.properties");
            writeConfig(config, home.resolve("data"), port, controllerPort);
            String classpath = jars.toAbsolutePath() + "/*";

            Path formatLog = home.resolve("format.log");
            Process format = launch(
                    formatLog,
                    List.of(
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            classpath,
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            Uuid.randomUuid().toString(),
                            "-c",
                            config.toString()));
            waitFor(format, formatLog);

            Path log = home.resolve("broker.log");
            Process broker = launchBroker(classpath, config, log);
            String bootstrap = "127.0.0.1:" + port;
            Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
            try {
                awaitReady(broker, admin, log);
            } catch (RuntimeException e) {
                admin.close(Duration.ZERO);
                kill(broker);
                throw e;
            }
            System.err.printf(
                    "Kafka broker on %s ready in %d ms (log: %s)%n",
                    bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), log);
            return new Server(broker, home, classpath, bootstrap, admin);
        }

        private static Process launchBroker(String classpath, Path config, Path log) {
            return launch(
                    log,
                    List.of(
                            "-Xmx512m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-Djava.net.preferIPv4Stack=true",
                            "-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-cp",
                            classpath,
                            "kafka.Kafka",
                            config.toString()));
        }

        private static void awaitReady(Process broker, Admin admin, Path log) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            String lastError = "no answer yet";
            while (System.nanoTime() < deadline) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with code " + broker.exitValue()
                            + " before it was ready; the end of " + log + ":\n" + tail(log));
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(2, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException | TimeoutException e) {
                    lastError = String.valueOf(e.getMessage());
                }
            }
            throw new IllegalStateException("Kafka broker not ready after " + START_TIMEOUT.toSeconds() + " s ("
                    + lastError + "); the end of " + log + ":\n" + tail(log));
        }

        private static Path brokerClasspath() {
            Path jars = Path.of(System.getProperty("strata.kafka.broker.dir", "target/kafka-broker"));
            try (Stream<Path> files = Files.list(jars)) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_"))) {
                    return jars;
                }
            } catch (IOException e) {
                // Reported below.
            }
            throw new IllegalStateException("Cannot start the test Kafka broker: no Kafka server jars in "
                    + jars.toAbsolutePath()
                    + " (declare the parent POM's kafka-broker execution of maven-antrun-plugin in this module's POM,"
                    + " and run `mvn generate-test-resources`, which copies them there)");
        }

        private static void writeConfig(Path config, Path data, int port, int controllerPort) {
            String properties = String.join(
                    "\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + data,
                    "num.partitions=1",
                    "num.network.threads=2",
                    "num.io.threads=2",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "transaction.state.log.num.partitions=1",
                    "group.initial.rebalance.delay.ms=0",
                    "");
            try {
                Files.writeString(config, properties, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Process launch(Path log, List<String> args) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(args);
            try {
                return new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void waitFor(Process process, Path log) {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill(process);
                    throw new IllegalStateException("Kafka storage format did not finish in 60 s:\n" + tail(log));
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "Kafka storage format failed with code " + process.exitValue() + ":\n" + tail(log));
            }
        }

        /** Killed outright: the data dir is thrown away or recovered on restart, as after a crash. */
        private static void kill(Process process) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        private static void deleteRecursively(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp dir is harmless.
            }
        }
    }
}
