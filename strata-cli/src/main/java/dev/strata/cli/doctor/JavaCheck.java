package dev.strata.cli.doctor;

import java.lang.management.ManagementFactory;

/** The JDK: Strata and Spark 3.5 need Java 17 or newer. */
public final class JavaCheck {
    static final int REQUIRED = 17;

    private JavaCheck() {}

    /** Checks this JVM. */
    public static CheckResult check() {
        return check(Runtime.version(), ManagementFactory.getRuntimeMXBean().getVmVendor());
    }

    static CheckResult check(Runtime.Version version, String vendor) {
        String detail = "Java " + version + " (" + vendor + ")";
        if (version.feature() < REQUIRED) {
            return CheckResult.fail(
                    "java",
                    detail + ", older than the " + REQUIRED + " Strata needs",
                    "install a JDK " + REQUIRED + " or newer and point JAVA_HOME at it");
        }
        return CheckResult.ok("java", detail);
    }
}
