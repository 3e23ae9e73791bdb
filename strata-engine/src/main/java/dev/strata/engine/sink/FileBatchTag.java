package dev.strata.engine.sink;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The name of a plain-file batch folder's value, {@code <writer>-<version>}: the batch's {@link CommitId} made safe for
 * a path. Distinct writers never share a tag, so a folder tells which writer committed which batch.
 */
final class FileBatchTag {
    private FileBatchTag() {}

    /** The tag of a commit: its writer, escaped for a path, a dash and its version. */
    static String of(CommitId commit) {
        return writer(commit.appId()) + "-" + commit.version();
    }

    /** A writer's id with every byte but ASCII letters, digits, '-' and '.' escaped as {@code _xx}. */
    static String writer(String appId) {
        StringBuilder tag = new StringBuilder();
        for (byte b : appId.getBytes(UTF_8)) {
            char c = (char) (b & 0xff);
            boolean safe = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.');
            if (safe) {
                tag.append(c);
            } else {
                // '_' only ever starts an escape, so distinct writers never share a tag.
                tag.append('_').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return tag.toString();
    }

    /** The version after a writer's {@code <writer>-} prefix, or -1 when the text is not one (a dash in a tag, say). */
    static long version(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
