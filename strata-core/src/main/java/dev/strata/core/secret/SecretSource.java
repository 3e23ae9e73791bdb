package dev.strata.core.secret;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Where {@code ${secret:NAME}} values come from: the environment, a directory of files, a Kubernetes secret mount, or a
 * plugin found by {@link Factory#kind()}.
 */
public interface SecretSource {
    /** What this source holds under {@code name}: its value, nothing, or a value it refuses to hand out. */
    Lookup lookup(String name);

    /** The outcome of one {@link #lookup}. None of them prints a value. */
    sealed interface Lookup permits Found, Absent, Refused {}

    /** The value, and where it was found, e.g. {@code file /etc/strata/secrets/db-password}. */
    record Found(String value, String where) implements Lookup {
        public Found {
            requireNonNull(value, "value is null");
            requireNonNull(where, "where is null");
        }

        @Override
        public String toString() {
            return "Found[" + where + "]";
        }
    }

    /** Not held here: where this source looked, and why it is not there, e.g. {@code file /s/db (no such file)}. */
    record Absent(String where) implements Lookup {
        public Absent {
            requireNonNull(where, "where is null");
        }
    }

    /** Held, but unsafe to use, e.g. a file other users can read: the reason and the fix. */
    record Refused(String reason, String fix) implements Lookup {
        public Refused {
            requireNonNull(reason, "reason is null");
            requireNonNull(fix, "fix is null");
        }
    }

    /** Makes a source from the process environment's settings; listed in {@code META-INF/services}. */
    interface Factory {
        /** The name {@code STRATA_SECRET_SOURCES} lists this source by, e.g. {@code env}. */
        String kind();

        SecretSource create(Map<String, String> env);
    }
}
