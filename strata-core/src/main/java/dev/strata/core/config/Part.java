package dev.strata.core.config;

/** The parts of Strata that read settings, as the configuration reference names them. */
public enum Part {
    LAUNCHER("bin/strata"),
    CLI("strata-cli"),
    SERVER("strata-server"),
    STORE("strata-store"),
    ENGINE("strata-engine"),
    KEYS("strata-core keys and secrets"),
    KMS_CLOUD("strata-kms-cloud"),
    BENCH("bench");

    private final String label;

    Part(String label) {
        this.label = label;
    }

    /** How the docs name this part. */
    public String label() {
        return label;
    }
}
