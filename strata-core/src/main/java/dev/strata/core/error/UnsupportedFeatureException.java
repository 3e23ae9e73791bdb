package dev.strata.core.error;

/** A key that validates but that this version cannot execute yet: never skipped silently. */
public class UnsupportedFeatureException extends StrataException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String what, String where) {
        super(ErrorCode.UNSUPPORTED, "not supported yet: " + what + " (at " + where + ")");
    }
}
