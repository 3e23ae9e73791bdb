package dev.strata.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonKeyTest {
    private static final Path PIPELINES = Path.of("/srv/pipelines");
    private static final Path CWD = Path.of("/home/ana");

    @TempDir
    Path dir;

    @Test
    void ignoresWhatTheShellAndTerminalChange() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", "/home/ana", "PWD", "/a", "TERM", "xterm"));
        DaemonKey before = key(env);
        env.putAll(Map.of("PWD", "/b", "OLDPWD", "/a", "SHLVL", "3", "TERM", "screen", "TMUX_PANE", "%1"));
        env.putAll(Map.of("COLUMNS", "200", "LINES", "50", "SSH_TTY", "/dev/pts/1", "_", "/usr/bin/strata"));

        assertThat(key(env)).isEqualTo(before);
    }

    @Test
    void changesWithTheEnvironmentTheMasterTheFoldersAndTheBuild() {
        Map<String, String> env = Map.of("HOME", "/home/ana");
        DaemonKey key = key(env);

        assertThat(key(Map.of("HOME", "/home/ana", "AWS_PROFILE", "prod"))).isNotEqualTo(key);
        assertThat(DaemonKey.of(PIPELINES, CWD, "f1", "local[2]", env).id()).isNotEqualTo(key.id());
        assertThat(DaemonKey.of(PIPELINES, Path.of("/tmp"), "f1", "local[*]", env)
                        .id())
                .isNotEqualTo(key.id());
        assertThat(DaemonKey.of(Path.of("/srv/other"), CWD, "f1", "local[*]", env)
                        .id())
                .isNotEqualTo(key.id());
        assertThat(DaemonKey.of(PIPELINES, CWD, "f2", "local[*]", env).id()).isNotEqualTo(key.id());
    }

    @Test
    void keepsTheEnvironmentOnlyAsAHash() {
        DaemonKey key = key(Map.of("DB_PASSWORD", "hunter2"));

        assertThat(key.id()).matches("[0-9a-f]{32}");
        assertThat(key.toString()).doesNotContain("hunter2").doesNotContain("DB_PASSWORD");
    }

    @Test
    void fingerprintChangesWhenAJarIsReplacedOrTouched() throws Exception {
        Path jar = Files.writeString(dir.resolve("strata-cli.jar"), "v1");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "a");
        String classPath = jar + File.pathSeparator + classes;
        String first = DaemonKey.fingerprint(classPath);

        assertThat(DaemonKey.fingerprint(classPath)).isEqualTo(first);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        String touched = DaemonKey.fingerprint(classPath);
        assertThat(touched).isNotEqualTo(first);
        Files.writeString(classes.resolve("B.class"), "b");
        assertThat(DaemonKey.fingerprint(classPath)).isNotEqualTo(touched);
    }

    private static DaemonKey key(Map<String, String> env) {
        return DaemonKey.of(PIPELINES, CWD, "f1", "local[*]", env);
    }
}
