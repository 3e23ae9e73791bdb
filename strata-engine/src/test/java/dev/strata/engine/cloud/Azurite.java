package dev.strata.engine.cloud;

import com.microsoft.azure.storage.OperationContext;
import com.microsoft.azure.storage.StorageCredentialsAccountAndKey;
import com.microsoft.azure.storage.StorageException;
import com.microsoft.azure.storage.blob.CloudBlobClient;
import com.microsoft.azure.storage.blob.CloudBlobContainer;
import com.microsoft.azure.storage.blob.ListBlobItem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Azurite's blob service (npm {@code azurite}, run with Node) on a free port of 127.0.0.1, for {@code wasb://} tests.
 * Installed on first use into {@code ~/.cache/strata/azurite-<version>} (or {@code -Dstrata.azurite.home}).
 *
 * <p>hadoop-azure's WASB driver builds the blob endpoint from the account's host name and has no endpoint setting
 * (its emulator mode is fixed to port 10000). So the tests use the production URI {@code
 * wasb://<container>@devstoreaccount1.blob.core.windows.net/} and the production key setting, and send the Azure
 * storage SDK's traffic to Azurite as its HTTP proxy ({@link OperationContext#setDefaultProxy}). Azurite takes the
 * account from the host name, as it does for production-style URLs.
 */
final class Azurite implements ObjectStore, ExtensionContext.Store.CloseableResource {
    /** 3.36 and later need Node 21; the machines have Node 20. */
    static final String VERSION = "3.35.0";

    static final String ACCOUNT = "devstoreaccount1";
    static final String HOST = ACCOUNT + ".blob.core.windows.net";
    static final String CONTAINER = "strata-it";

    /** Azurite's well-known development key: public, documented by Microsoft, and useless outside an emulator. */
    static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /** A second account whose key is random per JVM, so that tests can look for it as a canary. */
    static final String CANARY_ACCOUNT = "stratacanary";

    /** An account whose key the tests never learn: every request to it is refused. */
    static final String DENIED_ACCOUNT = "stratadenied";

    private final ChildProcess process;
    private final Path workDir;
    private final int port;
    private final long startMillis;
    private final String canaryKey;
    private final CloudBlobClient client;
    private final AtomicInteger roots = new AtomicInteger();

    private Azurite(ChildProcess process, Path workDir, int port, long startMillis, String canaryKey)
            throws URISyntaxException, InvalidKeyException {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.startMillis = startMillis;
        this.canaryKey = canaryKey;
        this.client =
                new CloudBlobClient(URI.create("http://" + HOST), new StorageCredentialsAccountAndKey(ACCOUNT, KEY));
    }

    static Azurite start() throws IOException, InterruptedException {
        Path main = install().resolve("node_modules/azurite/dist/src/blob/main.js");
        Path workDir = Files.createTempDirectory("strata-azurite");
        String canaryKey = randomKey();
        // Naming accounts replaces Azurite's default one, so devstoreaccount1 is named too.
        String accounts =
                ACCOUNT + ":" + KEY + ";" + CANARY_ACCOUNT + ":" + canaryKey + ";" + DENIED_ACCOUNT + ":" + randomKey();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            int port = ChildProcess.freePort();
            ChildProcess process = ChildProcess.start(
                    "Azurite",
                    List.of(
                            "node",
                            main.toString(),
                            "--blobHost",
                            "127.0.0.1",
                            "--blobPort",
                            Integer.toString(port),
                            "--location",
                            workDir.resolve("data").toString(),
                            "--skipApiVersionCheck",
                            "--disableTelemetry",
                            "--loose"),
                    workDir,
                    Map.of("AZURITE_ACCOUNTS", accounts));
            try {
                process.awaitReady(Duration.ofSeconds(60), () -> ChildProcess.answersHttp(port));
            } catch (IllegalStateException e) {
                process.close();
                if (attempt < 3 && e.getMessage().contains("EADDRINUSE")) {
                    continue;
                }
                throw e;
            }
            OperationContext.setDefaultProxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)));
            try {
                Azurite azurite =
                        new Azurite(process, workDir, port, (System.nanoTime() - started) / 1_000_000, canaryKey);
                azurite.client.getContainerReference(CONTAINER).createIfNotExists();
                System.out.printf("Azurite %s ready on 127.0.0.1:%d in %d ms%n", VERSION, port, azurite.startMillis);
                return azurite;
            } catch (URISyntaxException | InvalidKeyException | StorageException e) {
                process.close();
                throw new IllegalStateException("Cannot create container " + CONTAINER + " in Azurite: " + e, e);
            }
        }
    }

    /** The Azurite package folder, installed with npm if it is not there yet. */
    private static Path install() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty(
                "strata.azurite.home",
                Path.of(System.getProperty("user.home"), ".cache", "strata", "azurite-" + VERSION)
                        .toString()));
        if (Files.isRegularFile(home.resolve("node_modules/azurite/dist/src/blob/main.js"))) {
            return home;
        }
        Files.createDirectories(home.getParent());
        Path staging = Files.createTempDirectory(home.getParent(), "azurite-install-");
        List<String> command = List.of(
                "npm",
                "install",
                "--prefix",
                staging.toString(),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "azurite@" + VERSION);
        Path log = staging.resolve("npm-install.log");
        Process npm;
        try {
            npm = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot install Azurite " + VERSION + ": npm is not on the PATH (install Node.js 20 and npm, e.g."
                            + " apt-get install nodejs npm)",
                    e);
        }
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.descendants().forEach(ProcessHandle::destroyForcibly);
            npm.destroyForcibly();
            throw new IllegalStateException("Cannot install Azurite " + VERSION + ": `" + String.join(" ", command)
                    + "` did not finish in 5 minutes (see " + log + ")");
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("Cannot install Azurite " + VERSION + ": `" + String.join(" ", command)
                    + "` exited with " + npm.exitValue() + ":\n" + Files.readString(log));
        }
        try {
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // another JVM installed it meanwhile
            Cleanup.deleteTree(staging);
        }
        return home;
    }

    private static String randomKey() {
        byte[] key = new byte[64];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** The key of {@link #CANARY_ACCOUNT}. */
    String canaryKey() {
        return canaryKey;
    }

    /** The Hadoop setting that holds an account's key. */
    static String keySetting(String account) {
        return "fs.azure.account.key." + account + ".blob.core.windows.net";
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String newRoot(String label) {
        return "wasb://" + CONTAINER + "@" + HOST + "/" + label + "-" + roots.incrementAndGet();
    }

    @Override
    public void configure(Configuration conf) {
        conf.set(keySetting(ACCOUNT), KEY);
    }

    @Override
    public List<String> keys(String root) {
        URI uri = URI.create(root);
        String prefix = uri.getPath().substring(1) + "/";
        List<String> keys = new ArrayList<>();
        try {
            CloudBlobContainer container = client.getContainerReference(uri.getUserInfo());
            for (ListBlobItem item : container.listBlobs(prefix, true)) {
                String path = item.getUri().getPath();
                keys.add(path.substring(path.indexOf(prefix) + prefix.length()));
            }
        } catch (URISyntaxException | StorageException e) {
            throw new IllegalStateException("Cannot list " + root + " in Azurite: " + e, e);
        }
        return keys;
    }

    @Override
    public void close() throws IOException {
        OperationContext.setDefaultProxy(null);
        process.close();
        Cleanup.deleteTree(workDir);
    }

    @Override
    public String toString() {
        return name();
    }
}
