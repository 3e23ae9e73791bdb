package dev.strata.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static String canary() {
        return "canary-" + UUID.randomUUID();
    }

    @Test
    void masksARememberedValueWhereverItAppears() {
        String secret = canary();
        Secrets.remember(secret);

        assertThat(Secrets.redact("jdbc:postgresql://db/shop?password=" + secret + " failed; " + secret))
                .isEqualTo("jdbc:postgresql://db/shop?password=*** failed; ***");
    }

    @Test
    void masksTheUrlEncodedFormAsItAppearsInAUrl() {
        String secret = "p@ss word/" + UUID.randomUUID();
        Secrets.remember(secret);

        assertThat(Secrets.redact("postgresql://app:"
                        + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8) + "@db/shop"))
                .isEqualTo("postgresql://app:***@db/shop");
    }

    @Test
    void masksEachLineOfAMultiLineSecret() {
        String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
                + UUID.randomUUID().toString().replace("-", "");
        String key = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        Secrets.remember(key);

        assertThat(Secrets.redact("bad key line: " + body)).isEqualTo("bad key line: ***");
        assertThat(Secrets.redact("key=" + key)).isEqualTo("key=***");
    }

    @Test
    void masksALongerSecretWholeWhenItContainsAShorterOne() {
        String shorter = canary();
        String longer = shorter + "-and-more";
        Secrets.remember(shorter);
        Secrets.remember(longer);

        assertThat(Secrets.redact("[" + longer + "]")).isEqualTo("[***]");
    }

    @Test
    void leavesValuesTooShortToMaskAndNullAlone() {
        Secrets.remember("123");

        assertThat(Secrets.redact("rows 1, 2, 123")).isEqualTo("rows 1, 2, 123");
        assertThat(Secrets.redact(null)).isNull();
    }

    @Test
    void aRedactingWriterMasksAValueWrittenInPieces() throws Exception {
        String secret = canary();
        Secrets.remember(secret);
        java.io.StringWriter target = new java.io.StringWriter();
        try (RedactingWriter writer = new RedactingWriter(target)) {
            writer.write("token " + secret.substring(0, 10));
            writer.write(secret.substring(10) + " end\nnext ");
            writer.write(secret);
        }

        assertThat(target.toString()).isEqualTo("token *** end\nnext ***");
    }

    @Test
    void aRedactingStreamMasksWholeLinesAndPassesOtherBytesAsTheyAre() throws Exception {
        String secret = "canary-" + UUID.randomUUID();
        Secrets.remember(secret);
        java.io.ByteArrayOutputStream target = new java.io.ByteArrayOutputStream();
        byte[] latin = {(byte) 0xE9, '\n'};
        try (RedactingOutputStream stream =
                new RedactingOutputStream(target, java.nio.charset.StandardCharsets.UTF_8)) {
            byte[] text = ("ünïcode " + secret + " end\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            stream.write(text, 0, 12);
            stream.write(text, 12, text.length - 12);
            stream.write(latin);
            stream.write(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        byte[] expected =
                concat("ünïcode *** end\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), latin, "***".getBytes());
        assertThat(target.toByteArray())
                .as("a line with no secret keeps its invalid UTF-8 byte")
                .isEqualTo(expected);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
