package dev.strata.core.secret;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A byte stream that masks secret values ({@link Secrets#redact}) line by line, for a process's standard output and
 * error: whatever prints there (a library, the JVM's report of an uncaught exception) passes the same mask as Strata's
 * own output. A line without a secret is passed on byte for byte.
 */
public final class RedactingOutputStream extends OutputStream {
    private final OutputStream out;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingOutputStream(OutputStream out, Charset charset) {
        this.out = requireNonNull(out, "out is null");
        this.charset = requireNonNull(charset, "charset is null");
    }

    /** Puts {@code System.out} and {@code System.err} behind masking, in the JVM's default charset. */
    public static synchronized void installOnStandardStreams() {
        if (!(System.out instanceof Masked)) {
            System.setOut(new Masked(System.out));
        }
        if (!(System.err instanceof Masked)) {
            System.setErr(new Masked(System.err));
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            drain();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            // '\n' is never part of a multi-byte character in UTF-8 or any ASCII-compatible charset.
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                drain();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        drain();
        out.close();
    }

    private void drain() throws IOException {
        if (line.size() == 0) {
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        if (Secrets.any()) {
            String text = new String(bytes, charset);
            String masked = Secrets.redact(text);
            if (!masked.equals(text)) {
                bytes = masked.getBytes(charset);
            }
        }
        out.write(bytes);
    }

    /** A standard stream behind masking; autoflush as the JVM's own. */
    private static final class Masked extends PrintStream {
        Masked(PrintStream original) {
            super(new RedactingOutputStream(original, Charset.defaultCharset()), true, Charset.defaultCharset());
        }
    }
}
