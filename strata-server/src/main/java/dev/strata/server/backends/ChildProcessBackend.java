package dev.strata.server.backends;

import dev.strata.store.RunRepository.StoredRun;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs each engine as a child process of the server, started directly with no shell: {@code local} starts the engine
 * JVM itself ({@code STRATA_RUN_COMMAND}), {@code spark-submit} starts {@code spark-submit} in client mode, whose driver
 * is that child process. Either way the server supervises a process on its own host: it reads its exit code, kills its
 * whole process tree, and finds it again by pid after a restart.
 */
final class ChildProcessBackend implements RunBackend {
    private final String name;
    private final List<String> launcher;
    private final EngineLaunch launch;

    /** @param launcher the command before {@code strata run}'s own arguments, e.g. {@code [java, …, run]} */
    ChildProcessBackend(String name, List<String> launcher, EngineLaunch launch) {
        this.name = name;
        this.launcher = List.copyOf(launcher);
        this.launch = launch;
    }

    @Override
    public String name() {
        return name;
    }

    /** The whole command line of one run. */
    List<String> command(EngineRequest request) {
        StoredRun run = request.run();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(launch.runArguments(
                request.pipelineFile(),
                run.id(),
                request.baseDir(),
                request.summaryFile(),
                run.only(),
                launch.allowedRoots(run.pipeline(), request.baseDir()),
                run.parameters(),
                run.logicalTime()));
        return command;
    }

    @Override
    public EngineRun start(EngineRequest request) throws IOException {
        List<String> command = command(request);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(request.baseDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(request.logFile().toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.environment(request.store()));
        try {
            return new ChildProcess(builder.start());
        } catch (IOException e) {
            throw new IOException(
                    "cannot start the engine (" + command.get(0) + "): " + e.getMessage() + " (" + hint() + ")", e);
        }
    }

    private String hint() {
        return name.equals(RunBackends.SPARK_SUBMIT)
                ? "set STRATA_SPARK_SUBMIT to the spark-submit command"
                : "set STRATA_RUN_COMMAND to the strata launcher's run command";
    }

    @Override
    public void killLeftover(StoredRun orphan) {
        ProcessTrees.killLeftover(orphan);
    }

    @Override
    public String toString() {
        return name + " " + launcher;
    }

    private record ChildProcess(Process process) implements EngineRun {
        @Override
        public Long pid() {
            return process.pid();
        }

        @Override
        public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        }

        @Override
        public void kill() {
            ProcessTrees.kill(process.toHandle());
        }
    }
}
