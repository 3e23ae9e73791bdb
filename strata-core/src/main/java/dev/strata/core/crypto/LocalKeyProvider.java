package dev.strata.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.io.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * A key-encryption key in a local file: a Tink AES-256-GCM keyset in cleartext JSON, readable by its owner only. For
 * development and single-host setups; anyone who can read the file can decrypt every key of the store.
 *
 * <p>KEK URI: {@code local:PATH}, relative to the key store's folder; the default {@code local:master.key} is generated
 * (mode 0600) on first use. A file that its group or others may read is refused.
 */
public final class LocalKeyProvider implements KeyProvider {
    public static final String NAME = "local";
    static final String DEFAULT_FILE = "master.key";
    private static final String PREFIX = "local:";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String exampleUri() {
        return "local:master.key";
    }

    @Override
    public String defaultKekUri(KmsContext context) {
        Path file = context.keysDirectory().resolve(DEFAULT_FILE);
        if (!Files.exists(file)) {
            generate(file);
        }
        return PREFIX + DEFAULT_FILE;
    }

    @Override
    public Aead keyEncryptionKey(String kekUri, KmsContext context) {
        Tink.register();
        Path file = file(kekUri, context);
        checkOwnerOnly(file);
        try {
            KeysetHandle kek = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            return kek.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (NoSuchFileException e) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot read the local key-encryption key " + file + ": no such file (it encrypts the keys of "
                            + context.keysDirectory() + "; restore it from your backup, or point STRATA_KEYS_DIR at"
                            + " the key store it belongs to)");
        } catch (IOException | GeneralSecurityException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot read the local key-encryption key " + file + ": not a Tink keyset ("
                            + e.getClass().getSimpleName() + ") (restore it from your backup)");
        }
    }

    static Path file(String kekUri, KmsContext context) {
        if (kekUri == null || !kekUri.startsWith(PREFIX) || kekUri.length() == PREFIX.length()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key-encryption key '" + kekUri + "' with KMS local: expected local:PATH (e.g. "
                            + "local:master.key, relative to " + context.keysDirectory() + ")");
        }
        return context.keysDirectory()
                .resolve(kekUri.substring(PREFIX.length()))
                .normalize();
    }

    /** Refuses a key file its group or others may read or write. */
    static void checkOwnerOnly(Path file) {
        Optional<String> shared;
        try {
            shared = PrivateFiles.sharedMode(file);
        } catch (IOException e) {
            return; // reported by the read, with the fix
        }
        shared.ifPresent(mode -> {
            throw new StrataException(
                    ErrorCode.ACCESS_DENIED,
                    "Cannot use key file " + file + ": its group or others may access it (" + mode + ") (chmod 600 "
                            + file + ")");
        });
    }

    private static void generate(Path file) {
        Tink.register();
        try {
            KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(kek, InsecureSecretKeyAccess.get());
            PrivateFiles.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a local key-encryption key: " + e.getMessage(), e);
        }
    }
}
