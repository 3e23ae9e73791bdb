package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.engine.isolation.FailureDetails;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Maps every failure to one readable message and an exit code, exactly once. No stack trace without --debug. Secret
 * values are masked in all of it ({@link Secrets#redact}).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        // A restricted run wrote the stack trace to its private engine.log: the console gets no details.
        if (StrataCommand.debug && !StrataCommand.restricted) {
            // A third party's message may quote an option, and so a secret: the trace is masked like the rest.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.redact(trace.toString()));
        }
        if (e instanceof PipelineValidationException invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(problem);
            }
            err.println(invalid.problems().size() + " problem(s) found.");
            err.flush();
            return ErrorCode.INVALID_SPEC.exitCode();
        }
        if (e instanceof StrataException known) {
            err.println("strata: " + FailureDetails.describe(known, StrataCommand.restricted));
            err.flush();
            return known.code().exitCode();
        }
        if (StrataCommand.restricted) {
            err.println("strata: unexpected error: " + FailureDetails.withheld(e));
            err.flush();
            return ErrorCode.INTERNAL.exitCode();
        }
        err.println("strata: unexpected error: " + Messages.firstLine(e)
                + (StrataCommand.debug ? "" : " (re-run with --debug for the stack trace)"));
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }

    /** Bad command-line usage: the message and the usage, exit 2. */
    static final class Parameters implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            PrintWriter err = cli.getErr();
            err.println("strata: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("(see: " + cli.getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return 2;
        }
    }
}
