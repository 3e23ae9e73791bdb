package dev.strata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one {@code strata} invocation printed and returned; runs in this JVM, so only for commands without Spark. */
record Invocation(int exitCode, String out, String err) {

    static Invocation strata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Invocation(code, out.toString(), err.toString());
    }

    /** Everything printed, for assertions about what must appear nowhere. */
    String all() {
        return out + err;
    }
}
