package dev.strata.core.crypto;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.io.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The managed keys of one host or deployment: a folder ({@code STRATA_KEYS_DIR}, else {@code $STRATA_HOME/keys}, else
 * {@code ~/.strata/keys}) holding, per key, {@code NAME.keyset} (its AES-GCM and AES-SIV Tink keysets, each encrypted
 * under the key's KEK with the key's name as associated data) and {@code NAME.json} (its {@link KeyMetadata}). Files
 * are 0600 in a 0700 folder and replaced atomically; changes take a lock on the folder.
 */
public final class KeyStore {
    /** The setting that places the key store, independent of {@code storage:}. */
    public static final String KEYS_DIR = RunConfig.KEYS_DIR.name();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Parameters AEAD = PredefinedAeadParameters.AES256_GCM;
    private static final Parameters DETERMINISTIC = PredefinedDeterministicAeadParameters.AES256_SIV;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path directory;
    private final KmsContext context;

    public KeyStore(Path directory, Map<String, String> env) {
        Tink.register();
        this.directory = directory.toAbsolutePath().normalize();
        this.context = new KmsContext(this.directory, env);
    }

    /** The key store the environment names: {@code STRATA_KEYS_DIR}, else {@code $STRATA_HOME/keys}. */
    public static KeyStore fromEnvironment(Map<String, String> env) {
        return new KeyStore(directory(env), env);
    }

    /** The folder {@link #fromEnvironment} uses. */
    public static Path directory(Map<String, String> env) {
        Config config = Config.of(env);
        Path keys = config.get(RunConfig.KEYS_DIR);
        Path directory = keys != null ? keys : StoreConfig.home(config).resolve("keys");
        config.validate();
        return directory;
    }

    public Path directory() {
        return directory;
    }

    /** Refuses a key name that could not name a file, or would escape the folder. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use key name '" + name + "': use 1-64 letters, digits, '_' or '-', starting with a letter"
                            + " or digit");
        }
        return name;
    }

    /** Whether a key name is well formed. */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Creates a key: fresh AES-GCM and AES-SIV keysets encrypted under a KEK of {@code kms}.
     *
     * @param kekUri the KEK within the KMS, or null for the KMS's default (local: a generated {@code master.key})
     * @param grants the roles that may decrypt with it
     */
    public KeyMetadata create(String name, String kms, String kekUri, List<String> grants) {
        checkName(name);
        KeyProvider provider = KeyProviders.named(kms);
        return locked(() -> {
            if (Files.exists(metadataFile(name)) || Files.exists(keysetFile(name))) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "Cannot create key '" + name + "': it exists in " + directory
                                + " (rotate it with strata keys rotate " + name + ", or pick another name)");
            }
            String uri = kekUri != null ? kekUri : provider.defaultKekUri(context);
            Aead kek = provider.keyEncryptionKey(uri, context);
            try {
                KeysetHandle aead = KeysetHandle.generateNew(AEAD);
                KeysetHandle deterministic = KeysetHandle.generateNew(DETERMINISTIC);
                KeyMetadata metadata = new KeyMetadata(
                        name, kms, uri, Instant.now(), null, 1, primary(aead), primary(deterministic), false, grants);
                writeKeysets(name, kek, aead, deterministic);
                writeMetadata(metadata);
                return metadata;
            } catch (GeneralSecurityException e) {
                throw kmsFailure("create key '" + name + "'", uri, e);
            }
        });
    }

    /** Every key, by name. */
    public List<KeyMetadata> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<KeyMetadata> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".json") && !fileName.startsWith(".")) {
                    String name = fileName.substring(0, fileName.length() - ".json".length());
                    if (validName(name) && Files.exists(keysetFile(name))) {
                        keys.add(readMetadata(name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the keys in " + directory + ": " + e.getMessage(), e);
        }
        keys.sort(Comparator.comparing(KeyMetadata::name));
        return keys;
    }

    /** A key's metadata, if the key exists. */
    public Optional<KeyMetadata> metadata(String name) {
        if (!validName(name) || !Files.exists(metadataFile(name))) {
            return Optional.empty();
        }
        return Optional.of(readMetadata(name));
    }

    /** A key's metadata; a missing key fails with the fix. */
    public KeyMetadata require(String name) {
        checkName(name);
        return metadata(name)
                .orElseThrow(() -> new StrataException(
                        ErrorCode.NOT_FOUND,
                        "Cannot find key '" + name + "' in " + directory + " (create it with strata keys create " + name
                                + ", or set " + KEYS_DIR + " to the key store that holds it)"));
    }

    /** The key's keysets, decrypted under its KEK. Works for a disabled key too: its data must stay readable. */
    public KeyMaterial open(String name) {
        KeyMetadata metadata = require(name);
        Aead kek = KeyProviders.named(metadata.kms()).keyEncryptionKey(metadata.kekUri(), context);
        try {
            KeysetHandle[] keysets = readKeysets(name, kek);
            return new KeyMaterial(
                    metadata,
                    TinkProtoKeysetFormat.serializeKeyset(keysets[0], InsecureSecretKeyAccess.get()),
                    TinkProtoKeysetFormat.serializeKeyset(keysets[1], InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw kmsFailure("open key '" + name + "'", metadata.kekUri(), e);
        }
    }

    /**
     * Adds a new primary key to both keysets; the old keys stay, so data written before still decrypts, and new
     * values use the new key.
     */
    public KeyMetadata rotate(String name) {
        KeyMetadata metadata = require(name);
        return locked(() -> {
            KeyMetadata current = readMetadata(name);
            Aead kek = KeyProviders.named(current.kms()).keyEncryptionKey(current.kekUri(), context);
            try {
                KeysetHandle[] keysets = readKeysets(name, kek);
                KeysetHandle aead = withNewPrimary(keysets[0], AEAD);
                KeysetHandle deterministic = withNewPrimary(keysets[1], DETERMINISTIC);
                KeyMetadata rotated = current.rotatedTo(Instant.now(), primary(aead), primary(deterministic));
                writeKeysets(name, kek, aead, deterministic);
                writeMetadata(rotated);
                return rotated;
            } catch (GeneralSecurityException e) {
                throw kmsFailure("rotate key '" + name + "'", metadata.kekUri(), e);
            }
        });
    }

    /** Refuses new encryption with the key from now on; existing data still decrypts. */
    public KeyMetadata disable(String name) {
        return update(name, m -> m.withDisabled(true));
    }

    public KeyMetadata enable(String name) {
        return update(name, m -> m.withDisabled(false));
    }

    /** Lets {@code role} decrypt with the key. */
    public KeyMetadata grant(String name, String role) {
        return update(name, m -> {
            List<String> grants = new ArrayList<>(m.grants());
            if (!grants.contains(role)) {
                grants.add(role);
            }
            return m.withGrants(grants);
        });
    }

    public KeyMetadata revoke(String name, String role) {
        return update(name, m -> {
            List<String> grants = new ArrayList<>(m.grants());
            grants.remove(role);
            return m.withGrants(grants);
        });
    }

    private KeyMetadata update(String name, java.util.function.UnaryOperator<KeyMetadata> change) {
        require(name);
        return locked(() -> {
            KeyMetadata updated = change.apply(readMetadata(name));
            writeMetadata(updated);
            return updated;
        });
    }

    private static KeysetHandle withNewPrimary(KeysetHandle keyset, Parameters parameters)
            throws GeneralSecurityException {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.addEntry(KeysetHandle.generateEntryFromParameters(parameters)
                .withRandomId()
                .makePrimary());
        return builder.build();
    }

    private static long primary(KeysetHandle keyset) {
        return Integer.toUnsignedLong(keyset.getPrimary().getId());
    }

    private Path metadataFile(String name) {
        return directory.resolve(name + ".json");
    }

    private Path keysetFile(String name) {
        return directory.resolve(name + ".keyset");
    }

    private static byte[] associatedData(String name, String kind) {
        return ("strata-keyset:" + name + ":" + kind).getBytes(StandardCharsets.UTF_8);
    }

    private void writeKeysets(String name, Aead kek, KeysetHandle aead, KeysetHandle deterministic)
            throws GeneralSecurityException {
        ObjectNode file = JSON.createObjectNode();
        file.put("format", "tink-encrypted-keysets/1");
        file.put(
                "aead",
                Base64.getEncoder()
                        .encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(
                                aead, kek, associatedData(name, "aead"))));
        file.put(
                "deterministic",
                Base64.getEncoder()
                        .encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(
                                deterministic, kek, associatedData(name, "deterministic"))));
        try {
            PrivateFiles.writeAtomically(keysetFile(name), JSON.writeValueAsBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KeysetHandle[] readKeysets(String name, Aead kek) throws GeneralSecurityException {
        Path file = keysetFile(name);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot open key '" + name + "': " + file + " is missing (restore it from your backup)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!node.path("aead").isTextual() || !node.path("deterministic").isTextual()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot open key '" + name + "': " + file + " is not a Strata keyset file (restore it from your"
                            + " backup)");
        }
        return new KeysetHandle[] {
            TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(node.path("aead").asText()), kek, associatedData(name, "aead")),
            TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(node.path("deterministic").asText()),
                    kek,
                    associatedData(name, "deterministic"))
        };
    }

    private KeyMetadata readMetadata(String name) {
        Path file = metadataFile(name);
        try {
            return JSON.readValue(file.toFile(), KeyMetadata.class);
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot read key metadata " + file + ": " + e.getClass().getSimpleName()
                            + " (restore it from your backup)");
        }
    }

    private void writeMetadata(KeyMetadata metadata) {
        try {
            PrivateFiles.writeAtomically(metadataFile(metadata.name()), JSON.writeValueAsBytes(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T locked(Supplier<T> change) {
        PrivateFiles.createDirectory(directory);
        try (FileChannel channel = FileChannel.open(
                        directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return change.get();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the key store " + directory + ": " + e.getMessage(), e);
        }
    }

    private static StrataException kmsFailure(String action, String kekUri, GeneralSecurityException e) {
        return new StrataException(
                ErrorCode.ACCESS_DENIED,
                "Cannot " + action + " under key-encryption key " + kekUri + ": " + e.getMessage()
                        + " (check the KMS settings, and that the keyset file belongs to this key-encryption key)",
                e);
    }
}
