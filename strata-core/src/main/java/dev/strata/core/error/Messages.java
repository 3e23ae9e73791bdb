package dev.strata.core.error;

import dev.strata.core.secret.Secrets;

/** Turns a third-party exception into the part a user needs. */
public final class Messages {
    private Messages() {}

    /**
     * The first line of a throwable's message: Spark and Delta put the query plan and hints after it. Falls back to
     * the exception's type when there is no message. Secret values in it are masked ({@link Secrets#redact}).
     */
    public static String firstLine(Throwable e) {
        String message = Secrets.redact(e.getMessage());
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
