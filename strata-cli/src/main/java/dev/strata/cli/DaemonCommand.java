package dev.strata.cli;

import dev.strata.cli.daemon.DaemonClient;
import dev.strata.cli.daemon.DaemonDirectory;
import dev.strata.cli.daemon.DaemonMessage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code strata daemon status|stop}: this user's warm engines. */
@Command(
        name = "daemon",
        description = "See or stop this user's warm engines: the background JVMs that keep Spark started for"
                + " `strata run` and `strata sql`.",
        subcommands = {DaemonCommand.Status.class, DaemonCommand.Stop.class})
final class DaemonCommand {
    @Command(name = "status", description = "List this user's daemons: pid, pipeline folder, commands running.")
    static final class Status implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = DaemonDirectory.open(System.getenv());
            List<DaemonClient.Daemon> daemons = DaemonClient.list(folder);
            if (daemons.isEmpty()) {
                out.println("No daemon is running.");
            }
            for (DaemonClient.Daemon daemon : daemons) {
                DaemonMessage status = DaemonClient.status(folder, daemon.key());
                out.printf(
                        Locale.ROOT,
                        "pid %d  %s  %s  since %s%n",
                        daemon.pid(),
                        daemon.pipelineDirectory(),
                        status == null
                                ? "not answering"
                                : status.running() > 0
                                        ? "running " + status.running() + " command(s)"
                                        : "idle, served " + status.served() + " command(s)",
                        daemon.started());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop this user's daemons, each once the commands it runs have ended.")
    static final class Stop implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = DaemonDirectory.open(System.getenv());
            List<DaemonClient.Daemon> daemons = DaemonClient.list(folder);
            for (DaemonClient.Daemon daemon : daemons) {
                boolean heard = DaemonClient.stop(folder, daemon.key());
                out.printf(
                        Locale.ROOT,
                        "pid %d  %s  %s%n",
                        daemon.pid(),
                        daemon.pipelineDirectory(),
                        heard ? "stopping" : "not answering (kill " + daemon.pid() + " to end it)");
            }
            if (daemons.isEmpty()) {
                out.println("No daemon is running.");
            }
            out.flush();
            return 0;
        }
    }
}
