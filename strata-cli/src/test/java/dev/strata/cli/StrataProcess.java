package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/strata} process whose output can be read while it runs, and signalled as a terminal would. */
final class StrataProcess {
    /** What the process printed, and its exit code. */
    record Outcome(int exitCode, String out, String err) {}

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> pumps = new ArrayList<>();

    private StrataProcess(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), out));
        pumps.add(pump(process.getErrorStream(), err));
    }

    /** Starts {@code bin/strata ARGS} with {@code env} added to this JVM's environment. */
    static StrataProcess start(Map<String, String> env, String... args) throws IOException {
        return start(Path.of("..", "bin", "strata"), env, null, args);
    }

    /** Starts {@code launcher ARGS} (a copy of bin/strata) with {@code env} added to this JVM's environment. */
    static StrataProcess start(Path launcher, Map<String, String> env, String... args) throws IOException {
        return start(launcher, env, null, args);
    }

    /** Starts {@code bin/strata ARGS} reading its standard input from {@code stdin}. */
    static StrataProcess startWithInput(Path stdin, Map<String, String> env, String... args) throws IOException {
        return start(Path.of("..", "bin", "strata"), env, stdin, args);
    }

    private static StrataProcess start(Path launcher, Map<String, String> env, Path stdin, String... args)
            throws IOException {
        // SIGINT at its default, as a terminal's foreground process has it: a JVM that a non-interactive shell started
        // in the background (CI, `mvn verify &`) has it ignored, its children inherit that, and a JVM that starts with
        // SIGINT ignored installs no handler for it, so Ctrl-C would do nothing. env execs, as bin/strata does.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", "bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("STRATA_DRIVER_MEMORY", "1g");
        builder.environment().putAll(env);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        return new StrataProcess(builder.start());
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The JVM's pid: env and bin/strata exec java. */
    long pid() {
        return process.pid();
    }

    /** Waits until stdout or stderr holds {@code text}, failing at the deadline or when the process ends first. */
    void awaitOutput(String text, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!out.toString().contains(text) && !err.toString().contains(text)) {
            assertThat(process.isAlive())
                    .as("strata ended before printing '%s':%n%s%n%s", text, out, err)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("'%s' within %s:%n%s%n%s", text, deadline, out, err)
                    .isLessThan(end);
            Thread.sleep(100);
        }
    }

    /** Sends {@code signal} (INT, STOP, CONT) to the process, as {@code kill -SIGNAL pid}. */
    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    /** Waits for the process to end: its exit code, stdout and stderr. */
    Outcome await() throws Exception {
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("strata exits").isTrue();
        for (Thread pump : pumps) {
            pump.join(Duration.ofSeconds(30).toMillis());
        }
        return new Outcome(process.exitValue(), out.toString(), err.toString());
    }

    /** Kills it if a failed assertion left it running. */
    void destroy() {
        process.destroyForcibly();
    }
}
