package dev.strata.core.argo;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;

/** A pipeline that cannot be exported as asked (exit 2): what is impossible, and what to do instead. */
public final class ArgoExportException extends StrataException {
    private static final long serialVersionUID = 1L;

    public ArgoExportException(String message, String hint) {
        super(ErrorCode.UNSUPPORTED, message + " (" + hint + ")");
    }
}
