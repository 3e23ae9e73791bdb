package dev.strata.engine.crypto;

import dev.strata.core.crypto.ColumnCipher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ciphers of one JVM (the driver, or an executor), one per keyset and kind: a task's function finds the cipher its
 * keyset made on this executor before, so a keyset is parsed once per executor, never per row.
 */
final class Ciphers {
    private static final Map<String, ColumnCipher> CIPHERS = new ConcurrentHashMap<>();

    private Ciphers() {}

    static ColumnCipher get(byte[] keyset, boolean deterministic) {
        return CIPHERS.computeIfAbsent(
                digest(keyset) + (deterministic ? ":siv" : ":gcm"), k -> ColumnCipher.of(keyset, deterministic));
    }

    private static String digest(byte[] keyset) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyset));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
