package org.apache.spark.network.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Version;
import dev.strata.core.crypto.ColumnCipher;
import java.security.GeneralSecurityException;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import org.junit.jupiter.api.Test;

/**
 * Spark 3.5.7's spark-network-common was built against Tink 1.9.0; the build pins 1.15.0, which Strata's column
 * encryption needs. This test runs on the engine's own class path: it proves the pinned Tink (and the protobuf runtime it
 * needs) is the one loaded, and that Spark's own use of Tink, the authentication handshake of {@code
 * spark.authenticate} with AES-GCM session keys (X25519, HKDF), still works on it. (In the package of Spark's
 * package-private AuthEngine.)
 */
class TinkOnSparkClassPathTest {
    @Test
    void theEnginesClassPathLoadsThePinnedTinkAndItsProtobuf() {
        assertThat(Version.TINK_VERSION).isEqualTo("1.15.0");
        assertThat(KeysetHandle.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .endsWith("tink-1.15.0.jar");
        assertThat(com.google.protobuf.Message.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .as("Tink 1.15 needs protobuf-java 3.25; hive-metastore's 2.5.0 must not win")
                .endsWith("protobuf-java-3.25.3.jar");
        assertThat(ColumnCipher.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .as("strata-core on the same class path")
                .contains("strata-core");
    }

    @Test
    void sparksAuthenticationHandshakeStillWorksOnThePinnedTink() throws Exception {
        TransportConf conf = new TransportConf("rpc", MapConfigProvider.EMPTY);
        try (AuthEngine client = new AuthEngine("app", "secret", conf);
                AuthEngine server = new AuthEngine("app", "secret", conf)) {
            AuthMessage challenge = client.challenge();
            AuthMessage response = server.response(challenge);
            client.deriveSessionCipher(challenge, response);

            assertThat(client.sessionCipher().getKeyId())
                    .as("both sides derived the same session key")
                    .isEqualTo(server.sessionCipher().getKeyId());
        }
        try (AuthEngine client = new AuthEngine("app", "secret", conf);
                AuthEngine server = new AuthEngine("app", "another secret", conf)) {
            AuthMessage challenge = client.challenge();
            assertThatThrownBy(() -> server.response(challenge)).isInstanceOf(GeneralSecurityException.class);
        }
    }
}
