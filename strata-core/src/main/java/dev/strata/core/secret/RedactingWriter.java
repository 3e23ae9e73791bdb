package dev.strata.core.secret;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that masks secret values ({@link Secrets#redact}) in what passes through it. It holds text back until a
 * line ends or it is flushed, so that a value written in pieces is still masked whole within a line.
 */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public RedactingWriter(Writer out) {
        this.out = requireNonNull(out, "out is null");
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        synchronized (lock) {
            for (int i = offset; i < offset + length; i++) {
                line.append(chars[i]);
                if (chars[i] == '\n') {
                    drain();
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            drain();
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            drain();
            out.close();
        }
    }

    private void drain() throws IOException {
        if (line.length() > 0) {
            out.write(Secrets.redact(line.toString()));
            line.setLength(0);
        }
    }
}
