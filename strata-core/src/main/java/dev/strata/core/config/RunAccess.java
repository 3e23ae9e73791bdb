package dev.strata.core.config;

/**
 * Whether a run the server starts sees a setting. The server builds each run's environment from an allow-list: the
 * settings declared {@link #INHERITED} and the values it sets itself; everything else, above all the server's own
 * secrets, is never passed.
 */
public enum RunAccess {
    /** A run inherits the server's value (where runs find their secrets and keys). */
    INHERITED("inherited from the server"),
    /** The server sets a run's own value (its store connection, its Strata home). */
    SET_BY_SERVER("set by the server for each run"),
    /** The server never passes it to a run. */
    NOT_PASSED("never passed");

    private final String description;

    RunAccess(String description) {
        this.description = description;
    }

    /** What the docs say. */
    public String description() {
        return description;
    }
}
