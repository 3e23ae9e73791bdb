package dev.strata.engine.cloud;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * S3Proxy (org.gaul:s3proxy, jar-with-dependencies) with its filesystem backend, in a child JVM on a free port of
 * 127.0.0.1: a real S3 API, with AWS v2/v4 request signing checked, for {@code s3a://} tests. Its secret key is random
 * per JVM, so that tests can look for it as a canary in everything Strata writes.
 */
final class S3Proxy implements ObjectStore, ExtensionContext.Store.CloseableResource {
    static final String BUCKET = "strata-it";
    static final String ACCESS_KEY = "strata-test-access";

    /** Copied there by maven-dependency-plugin (strata-engine/pom.xml, execution s3proxy). */
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

    private final ChildProcess process;
    private final Path workDir;
    private final int port;
    private final String secretKey;
    private final AmazonS3 client;
    private final long startMillis;
    private final AtomicInteger roots = new AtomicInteger();

    private S3Proxy(ChildProcess process, Path workDir, int port, String secretKey, long startMillis) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.secretKey = secretKey;
        this.startMillis = startMillis;
        this.client = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, secretKey)))
                .build();
    }

    /** Starts S3Proxy and creates the test bucket; retries on another port if the chosen one was taken meanwhile. */
    static S3Proxy start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("Cannot start S3Proxy: " + JAR.toAbsolutePath() + " is missing (run `mvn"
                    + " -pl strata-engine generate-test-resources`, which copies"
                    + " org.gaul:s3proxy:jar-with-dependencies there)");
        }
        Path workDir = Files.createTempDirectory("strata-s3proxy");
        Files.createDirectories(workDir.resolve("data"));
        String secretKey = "canary-s3-secret-" + UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            int port = ChildProcess.freePort();
            Path conf = workDir.resolve("s3proxy.conf");
            Files.writeString(
                    conf,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS_KEY,
                            "s3proxy.credential=" + secretKey,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + workDir.resolve("data"),
                            ""),
                    StandardCharsets.UTF_8);
            ChildProcess process = ChildProcess.start(
                    "S3Proxy",
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            JAR.toAbsolutePath().toString(),
                            "--properties",
                            conf.toString()),
                    workDir,
                    Map.of("LOG_LEVEL", "warn"));
            try {
                process.awaitReady(Duration.ofSeconds(60), () -> ChildProcess.answersHttp(port));
            } catch (IllegalStateException e) {
                process.close();
                if (attempt < 3 && e.getMessage().contains("BindException")) {
                    continue;
                }
                throw e;
            }
            S3Proxy proxy = new S3Proxy(process, workDir, port, secretKey, (System.nanoTime() - started) / 1_000_000);
            proxy.client.createBucket(BUCKET);
            System.out.printf("S3Proxy ready on 127.0.0.1:%d in %d ms%n", port, proxy.startMillis);
            return proxy;
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    String secretKey() {
        return secretKey;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String newRoot(String label) {
        return "s3a://" + BUCKET + "/" + label + "-" + roots.incrementAndGet();
    }

    @Override
    public void configure(Configuration conf) {
        endpointSettings(BUCKET).forEach(conf::set);
        conf.set("fs.s3a.bucket." + BUCKET + ".access.key", ACCESS_KEY);
        conf.set("fs.s3a.bucket." + BUCKET + ".secret.key", secretKey);
    }

    /**
     * What a user sets for a bucket behind a custom endpoint, without credentials: those come from the environment or
     * a provider chain. Per bucket, so that other buckets keep AWS's defaults.
     */
    Map<String, String> endpointSettings(String bucket) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "endpoint", endpoint());
        settings.put(prefix + "endpoint.region", "us-east-1");
        settings.put(prefix + "path.style.access", "true");
        settings.put(prefix + "connection.ssl.enabled", "false");
        return settings;
    }

    @Override
    public List<String> keys(String root) {
        URI uri = URI.create(root);
        String prefix = uri.getPath().substring(1) + "/";
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request request =
                new ListObjectsV2Request().withBucketName(uri.getHost()).withPrefix(prefix);
        ListObjectsV2Result page;
        do {
            page = client.listObjectsV2(request);
            for (S3ObjectSummary object : page.getObjectSummaries()) {
                keys.add(object.getKey().substring(prefix.length()));
            }
            request.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
    }

    @Override
    public void close() throws IOException {
        client.shutdown();
        process.close();
        Cleanup.deleteTree(workDir);
    }

    @Override
    public String toString() {
        return name();
    }
}
