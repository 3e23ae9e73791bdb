package dev.strata.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.secret.SecretResolver.Resolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    @TempDir
    Path dir;

    private static String canary() {
        return "canary-" + UUID.randomUUID();
    }

    private Path privateFile(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A Secret volume as the kubelet lays it out: keys are links into ..data, a link to a timestamped folder. */
    private Path kubernetesMount(Map<String, String> keys) throws IOException {
        Path mount = dir.resolve("mount");
        Path version = mount.resolve("..2026_12_01_10_00_00.123456789");
        Files.createDirectories(version);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Path file = version.resolve(key.getKey());
            Files.writeString(file, key.getValue(), StandardCharsets.UTF_8);
            // The default mode of a Secret volume.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
        for (String key : keys.keySet()) {
            Files.createSymbolicLink(mount.resolve(key), Path.of("..data", key));
        }
        return mount;
    }

    private static String value(Resolution resolution) {
        assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
        return ((Resolution.Resolved) resolution).value();
    }

    private static String failure(Resolution resolution) {
        assertThat(resolution).isInstanceOf(Resolution.Failed.class);
        Resolution.Failed failed = (Resolution.Failed) resolution;
        return failed.message() + " (" + failed.hint() + ")";
    }

    private Map<String, String> nowhere() {
        return Map.of(
                DirectorySecretSource.DIR_ENV, dir.resolve("none").toString(),
                DirectorySecretSource.MOUNT_ENV, dir.resolve("no-mount").toString());
    }

    @Test
    void readsTheEnvironmentUnderThePrefixedUpperCaseName() {
        String secret = canary();
        Map<String, String> env = Map.of("STRATA_SECRET_DB_PASSWORD", secret, "db-password", "not this one");

        assertThat(value(SecretResolver.fromEnvironment(env).resolve("db-password")))
                .isEqualTo(secret);
        assertThat(value(SecretResolver.fromEnvironment(env).resolve("db.password")))
                .isEqualTo(secret);
        assertThat(Secrets.redact("pw=" + secret)).isEqualTo("pw=***");
    }

    @Test
    void readsAPrivateFileLessOneTrailingNewline() throws IOException {
        String secret = canary();
        privateFile(dir.resolve("secrets"), "db-password", secret + "\n\n");

        Resolution resolution = SecretResolver.fromEnvironment(Map.of(
                        DirectorySecretSource.DIR_ENV, dir.resolve("secrets").toString()))
                .resolve("db-password");

        assertThat(value(resolution)).isEqualTo(secret + "\n");
        assertThat(resolution.toString()).doesNotContain(secret);
    }

    @Test
    void refusesAFileOtherUsersCanRead() throws IOException {
        Path file = privateFile(dir.resolve("secrets"), "db-password", canary());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(failure(SecretResolver.fromEnvironment(Map.of(
                                DirectorySecretSource.DIR_ENV,
                                dir.resolve("secrets").toString()))
                        .resolve("db-password")))
                .isEqualTo("secret 'db-password' cannot be used: " + file
                        + " can be read or written by other users (rw-r--r--) (chmod 600 " + file.toRealPath() + ")");
    }

    @Test
    void refusesALinkOutOfTheSecretsDirectory() throws IOException {
        Path outside = privateFile(dir.resolve("elsewhere"), "shadow", canary());
        Files.createDirectories(dir.resolve("secrets"));
        Files.createSymbolicLink(dir.resolve("secrets/db-password"), outside);

        assertThat(failure(SecretResolver.fromEnvironment(Map.of(
                                DirectorySecretSource.DIR_ENV,
                                dir.resolve("secrets").toString()))
                        .resolve("db-password")))
                .startsWith("secret 'db-password' cannot be used: " + dir.resolve("secrets/db-password")
                        + " links to a file outside " + dir.resolve("secrets"));
    }

    @Test
    void readsAKubernetesSecretMountThroughItsDataLinks() throws IOException {
        String secret = canary();
        Path mount = kubernetesMount(Map.of("db-password", secret, "api-token", "other-" + canary()));

        Resolution resolution = SecretResolver.fromEnvironment(
                        Map.of(DirectorySecretSource.MOUNT_ENV, mount.toString()))
                .resolve("db-password");

        assertThat(value(resolution)).isEqualTo(secret);
        assertThat(((Resolution.Resolved) resolution).where())
                .isEqualTo("Kubernetes secret mount " + mount.resolve("db-password"));
    }

    @Test
    void theFirstSourceInTheConfiguredOrderWins() throws IOException {
        String fromFile = canary();
        String fromEnv = canary();
        privateFile(dir.resolve("secrets"), "token", fromFile);
        Map<String, String> env = Map.of(
                "STRATA_SECRET_TOKEN",
                fromEnv,
                DirectorySecretSource.DIR_ENV,
                dir.resolve("secrets").toString());

        assertThat(value(SecretResolver.fromEnvironment(env).resolve("token"))).isEqualTo(fromEnv);
        Map<String, String> fileFirst = new java.util.HashMap<>(env);
        fileFirst.put(SecretResolver.SOURCES_ENV, "file, env");
        assertThat(value(SecretResolver.fromEnvironment(fileFirst).resolve("token")))
                .isEqualTo(fromFile);
        fileFirst.put(SecretResolver.SOURCES_ENV, "kubernetes");
        assertThat(SecretResolver.fromEnvironment(fileFirst).resolve("token")).isInstanceOf(Resolution.Failed.class);
    }

    @Test
    void aMissingSecretSaysWhereItLookedInOrder() {
        Map<String, String> env = nowhere();

        assertThat(failure(SecretResolver.fromEnvironment(env).resolve("db-password")))
                .isEqualTo("secret 'db-password' is not set; looked in environment variable STRATA_SECRET_DB_PASSWORD"
                        + " (not set), file " + dir.resolve("none/db-password") + " (no directory "
                        + dir.resolve("none") + "), Kubernetes secret mount " + dir.resolve("no-mount/db-password")
                        + " (no directory " + dir.resolve("no-mount") + ")"
                        + " (provide it in one of those places; STRATA_SECRET_SOURCES chooses and orders them)");
    }

    @Test
    void anUnsetSecretsDirIsSaidSo() {
        assertThat(failure(SecretResolver.fromEnvironment(Map.of(SecretResolver.SOURCES_ENV, "file"))
                        .resolve("db")))
                .startsWith("secret 'db' is not set; looked in file STRATA_SECRETS_DIR/db (STRATA_SECRETS_DIR is not"
                        + " set)");
    }

    @Test
    void anEmptyValueCountsAsNotSet() throws IOException {
        privateFile(dir.resolve("secrets"), "db", "\n");
        Map<String, String> env = Map.of(
                "STRATA_SECRET_DB",
                "",
                DirectorySecretSource.DIR_ENV,
                dir.resolve("secrets").toString(),
                SecretResolver.SOURCES_ENV,
                "env,file");

        assertThat(failure(SecretResolver.fromEnvironment(env).resolve("db")))
                .startsWith("secret 'db' is not set; looked in environment variable STRATA_SECRET_DB (empty), file "
                        + dir.resolve("secrets/db") + " (empty)");
    }

    @Test
    void refusesNamesThatCouldFormAPath() {
        for (String name : new String[] {"../etc/passwd", "..data", ".hidden", "a/b", "", "with space"}) {
            assertThat(failure(SecretResolver.fromEnvironment(Map.of()).resolve(name)))
                    .as(name)
                    .startsWith("invalid secret name '" + name + "'");
        }
    }

    @Test
    void refusesAnUnknownSourceKind() {
        assertThat(failure(SecretResolver.fromEnvironment(Map.of(SecretResolver.SOURCES_ENV, "env,vault"))
                        .resolve("db")))
                .isEqualTo("unknown secret source 'vault' in STRATA_SECRET_SOURCES=env,vault"
                        + " (list some of env, file, kubernetes, separated by commas, or none)");
    }

    @Test
    void noneLeavesEveryReferenceAsWritten() {
        assertThat(SecretResolver.fromEnvironment(Map.of(SecretResolver.SOURCES_ENV, "none"))
                        .resolve("db"))
                .isInstanceOf(Resolution.LeftAsWritten.class);
    }
}
