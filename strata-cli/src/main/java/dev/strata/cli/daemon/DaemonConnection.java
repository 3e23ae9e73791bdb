package dev.strata.cli.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One connection between a client and a daemon: JSON lines each way. Reading and writing may happen on two threads at
 * once (the client sends {@code interrupt} while it reads output), which the channel allows and {@link
 * java.nio.channels.Channels}' streams, which lock the channel for either, would not.
 */
public final class DaemonConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    DaemonConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(new ChannelInput(channel), StandardCharsets.UTF_8));
        this.out = new ChannelOutput(channel);
    }

    /** Connects to the daemon listening at {@code socket}; throws when none does. */
    public static DaemonConnection connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new DaemonConnection(channel);
    }

    /** Sends {@code message} as one line. */
    public void send(DaemonMessage message) throws IOException {
        byte[] line = (encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(line);
        }
    }

    /** The next message, or null when the other side closed the connection. */
    public DaemonMessage receive() throws IOException {
        String line = in.readLine();
        return line == null ? null : decode(line);
    }

    static String encode(DaemonMessage message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a daemon message is always JSON", e);
        }
    }

    static DaemonMessage decode(String line) throws IOException {
        return JSON.readValue(line, DaemonMessage.class);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return length == 0 ? 0 : channel.read(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
