package dev.strata.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaCheckTest {
    @Test
    void passesJava17AndNewer() {
        assertThat(JavaCheck.check(Runtime.Version.parse("17.0.12+7"), "Eclipse Adoptium"))
                .isEqualTo(CheckResult.ok("java", "Java 17.0.12+7 (Eclipse Adoptium)"));
        assertThat(JavaCheck.check().status()).isEqualTo(CheckResult.Status.OK);
    }

    @Test
    void failsAnOlderJavaWithAFix() {
        assertThat(JavaCheck.check(Runtime.Version.parse("11.0.2"), "Oracle"))
                .isEqualTo(CheckResult.fail(
                        "java",
                        "Java 11.0.2 (Oracle), older than the 17 Strata needs",
                        "install a JDK 17 or newer and point JAVA_HOME at it"));
    }
}
