package dev.strata.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
    @TempDir
    Path dir;

    private KeyStore store() {
        return new KeyStore(dir.resolve("keys"), Map.of());
    }

    @Test
    void createsAKeyWhoseFilesOnlyItsOwnerMayReadAndWhoseKeysetsAreEncrypted() throws Exception {
        KeyMetadata key = store().create("pii", "local", null, List.of("user:alice"));

        assertThat(key.kekUri()).isEqualTo("local:master.key");
        assertThat(key.generation()).isEqualTo(1);
        assertThat(key.disabled()).isFalse();
        for (String file : List.of("master.key", "pii.keyset", "pii.json")) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve("keys").resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))))
                .isEqualTo("rwx------");
        String keyset = Files.readString(dir.resolve("keys/pii.keyset"), StandardCharsets.UTF_8);
        assertThat(keyset).as("encrypted keysets name no key type in clear").doesNotContain("AesGcmKey");
        assertThat(Files.readString(dir.resolve("keys/master.key"), StandardCharsets.UTF_8))
                .as("the local KEK is a cleartext Tink keyset")
                .contains("type.googleapis.com/google.crypto.tink.AesGcmKey");
        assertThat(store().list()).extracting(KeyMetadata::name).containsExactly("pii");
        assertThat(store().require("pii").grants()).containsExactly("user:alice");
    }

    @Test
    void rotationKeepsOldValuesReadableAndEncryptsNewOnesUnderTheNewPrimary() throws Exception {
        KeyStore store = store();
        KeyMetadata created = store.create("pii", "local", null, List.of());
        ColumnCipher before = store.open("pii").encrypter(true);
        String old = before.encrypt("alice@example.com", "silver.orders.email");
        String oldRandom = store.open("pii").encrypter(false).encrypt("alice@example.com", "silver.orders.email");

        KeyMetadata rotated = store.rotate("pii");

        assertThat(rotated.generation()).isEqualTo(2);
        assertThat(rotated.deterministicPrimaryKeyId()).isNotEqualTo(created.deterministicPrimaryKeyId());
        ColumnCipher after = store.open("pii").encrypter(true);
        String fresh = after.encrypt("alice@example.com", "silver.orders.email");
        assertThat(fresh).as("the new primary key makes another ciphertext").isNotEqualTo(old);
        assertThat(ColumnCipher.keyId(old)).isEqualTo(created.deterministicPrimaryKeyId());
        assertThat(ColumnCipher.keyId(fresh)).isEqualTo(rotated.deterministicPrimaryKeyId());
        assertThat(after.decrypt(old, "silver.orders.email")).isEqualTo("alice@example.com");
        assertThat(after.decrypt(fresh, "silver.orders.email")).isEqualTo("alice@example.com");
        assertThat(store.open("pii").decrypter(false).decrypt(oldRandom, "silver.orders.email"))
                .isEqualTo("alice@example.com");
    }

    @Test
    void deterministicValuesRepeatAndRandomizedOnesDoNot() {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        ColumnCipher siv = store.open("pii").encrypter(true);
        ColumnCipher gcm = store.open("pii").encrypter(false);

        assertThat(siv.encrypt("x", "a.b.c")).isEqualTo(siv.encrypt("x", "a.b.c"));
        assertThat(gcm.encrypt("x", "a.b.c")).isNotEqualTo(gcm.encrypt("x", "a.b.c"));
        assertThat(siv.encrypt(null, "a.b.c")).isNull();
    }

    @Test
    void aValueMovedToAnotherColumnOrDatasetDoesNotDecrypt() {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        ColumnCipher cipher = store.open("pii").encrypter(true);
        String value = cipher.encrypt("alice@example.com", ColumnCipher.context("silver.orders", "email"));

        assertThatThrownBy(() -> cipher.decrypt(value, ColumnCipher.context("silver.orders", "phone")))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.decrypt(value, ColumnCipher.context("silver.customers", "email")))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aDisabledKeyRefusesNewEncryptionButStillDecrypts() throws Exception {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        String value = store.open("pii").encrypter(false).encrypt("v", "a.b.c");

        store.disable("pii");

        assertThatThrownBy(() -> store.open("pii").encrypter(false))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot encrypt with key 'pii': it is disabled (existing data still decrypts; run strata"
                        + " keys enable pii, or use another key)");
        assertThat(store.open("pii").decrypter(false).decrypt(value, "a.b.c")).isEqualTo("v");
        assertThat(store.enable("pii").disabled()).isFalse();
    }

    @Test
    void refusesAKeyFileItsGroupOrOthersMayRead() throws Exception {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        Path master = dir.resolve("keys/master.key");
        Files.setPosixFilePermissions(master, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> store.open("pii"))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use key file " + master + ": its group or others may access it (rw-r--r--)"
                        + " (chmod 600 " + master + ")");
    }

    @Test
    void aKeysetUnderAnotherKeyEncryptionKeyDoesNotOpen() throws Exception {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        Files.delete(dir.resolve("keys/master.key"));
        store.create("other", "local", null, List.of()); // generates a new master.key

        assertThatThrownBy(() -> store.open("pii"))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot open key 'pii' under key-encryption key local:master.key:")
                .hasMessageEndingWith(
                        "(check the KMS settings, and that the keyset file belongs to this" + " key-encryption key)");
    }

    @Test
    void aKeysetRenamedToAnotherKeyDoesNotOpen() throws Exception {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        store.create("other", "local", null, List.of());
        Files.copy(
                dir.resolve("keys/pii.keyset"),
                dir.resolve("keys/other.keyset"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store.open("other"))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot open key 'other'");
    }

    @Test
    void refusesBadNamesDuplicatesAndMissingKeys() {
        KeyStore store = store();
        assertThatThrownBy(() -> store.create("../etc", "local", null, List.of()))
                .hasMessage("Cannot use key name '../etc': use 1-64 letters, digits, '_' or '-', starting with a"
                        + " letter or digit");
        store.create("pii", "local", null, List.of());
        assertThatThrownBy(() -> store.create("pii", "local", null, List.of()))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot create key 'pii': it exists in " + dir.resolve("keys")
                        + " (rotate it with strata keys rotate pii, or pick another name)");
        assertThatThrownBy(() -> store.rotate("nope"))
                .isInstanceOf(StrataException.class)
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("Cannot find key 'nope' in " + dir.resolve("keys")
                        + " (create it with strata keys create nope, or set STRATA_KEYS_DIR to the key store that"
                        + " holds it)");
    }

    @Test
    void aMissingKmsPluginFailsWithTheNamesThatAreThereAndTheFix() {
        assertThatThrownBy(() -> store().create("pii", "aws-kms", "aws-kms://arn:aws:kms:eu-west-1:1:key/x", List.of()))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use KMS 'aws-kms': no KeyProvider named aws-kms on the class path (available:"
                        + " local, vault; put the strata-kms-cloud jar and its dependencies on the class path)");
        assertThatThrownBy(() -> KeyProviders.named("hsm"))
                .hasMessage("Cannot use KMS 'hsm': no KeyProvider named hsm on the class path (available: local,"
                        + " vault; use one of them)");
    }

    @Test
    void keyStoreFolderComesFromStrataKeysDirElseStrataHome() {
        assertThat(KeyStore.directory(Map.of("STRATA_KEYS_DIR", "/k", "STRATA_HOME", "/h")))
                .isEqualTo(Path.of("/k"));
        assertThat(KeyStore.directory(Map.of("STRATA_HOME", "/h"))).isEqualTo(Path.of("/h/keys"));
        assertThat(KeyStore.directory(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".strata", "keys"));
    }

    @Test
    void materialNeverPrintsKeyBytes() {
        KeyStore store = store();
        store.create("pii", "local", null, List.of());
        assertThat(store.open("pii").toString()).isEqualTo("KeyMaterial[pii, generation 1]");
    }
}
