package dev.strata.core.crypto;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives Strata uses, once per JVM. */
final class Tink {
    private static volatile boolean registered;

    private Tink() {}

    static void register() {
        if (registered) {
            return;
        }
        synchronized (Tink.class) {
            if (!registered) {
                try {
                    AeadConfig.register();
                    DeterministicAeadConfig.register();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Cannot register Tink's AEAD primitives: " + e.getMessage(), e);
                }
                registered = true;
            }
        }
    }
}
