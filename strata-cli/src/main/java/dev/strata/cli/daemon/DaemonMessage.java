package dev.strata.cli.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of the daemon protocol, as JSON. The client sends {@code command} (argv, working folder, key), then perhaps {@code interrupt}; or {@code status} or {@code stop}. The daemon answers with
 * {@code out} and {@code err} text as the command prints it, then {@code exit} with the exit code; or {@code status}
 * with its pid and what it serves; or {@code refused} with why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DaemonMessage(
        Type type,
        List<String> argv,
        String cwd,
        String key,
        String text,
        Integer code,
        Long pid,
        Integer running,
        Integer served) {

    /** What a message is. */
    public enum Type {
        command,
        interrupt,
        status,
        stop,
        out,
        err,
        exit,
        refused
    }

    public DaemonMessage {
        if (type == null) {
            throw new IllegalArgumentException("a daemon message needs a type");
        }
        argv = argv == null ? null : List.copyOf(argv);
    }

    /** A client's request to run {@code argv} from {@code cwd}, for the daemon of {@code key}. */
    public static DaemonMessage command(List<String> argv, String cwd, String key) {
        return new DaemonMessage(Type.command, argv, cwd, key, null, null, null, null, null);
    }

    /** A message of {@code type} with nothing else in it (interrupt, status, stop). */
    public static DaemonMessage of(Type type) {
        return new DaemonMessage(type, null, null, null, null, null, null, null, null);
    }

    /** Text the command printed to its standard output ({@code out}) or error ({@code err}), or why it was refused. */
    public static DaemonMessage text(Type type, String text) {
        return new DaemonMessage(type, null, null, null, text, null, null, null, null);
    }

    /** The command's exit code. */
    public static DaemonMessage exit(int code) {
        return new DaemonMessage(Type.exit, null, null, null, null, code, null, null, null);
    }

    /** The daemon's answer to {@code status}. */
    public static DaemonMessage status(long pid, String pipelineDirectory, int running, int served) {
        return new DaemonMessage(Type.status, null, null, null, pipelineDirectory, null, pid, running, served);
    }
}
