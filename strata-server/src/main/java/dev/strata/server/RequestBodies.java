package dev.strata.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies, read at most once and never past a limit: a declared {@code Content-Length} over it is refused
 * before anything is read, and a chunked body (which declares none) is cut off one byte past it. Handlers read the body
 * only after the caller was authorized for what they asked.
 */
final class RequestBodies {
    /** A JSON request: run options, keys, role bindings. */
    static final int JSON_LIMIT = 64 * 1024;

    /** A pipeline: the YAML reader's own limit of 1 MiB characters, with room for JSON escaping. */
    static final int PIPELINE_LIMIT = 4 * 1024 * 1024;

    private static final String READ = "strata.body";

    private RequestBodies() {}

    /** The body as UTF-8 text; 413 past {@code limit} bytes, 400 when it is not UTF-8. */
    static String read(Context ctx, int limit) {
        String cached = ctx.attribute(READ);
        if (cached != null) {
            return cached;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read", "send it again");
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not UTF-8 text", "send UTF-8");
        }
        ctx.attribute(READ, text);
        return text;
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(
                413, "content_too_large", "the request body is larger than " + limit + " bytes", "send a smaller body");
    }
}
