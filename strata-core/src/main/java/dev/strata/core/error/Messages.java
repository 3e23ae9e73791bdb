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

    /**
     * {@code text} when it has at most {@code max} characters; else its start and end around a note of how much was
     * left out, {@code max} characters or a few more in all.
     */
    public static String abbreviate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keep = Math.max(2, max - 40);
        int head = keep * 3 / 4;
        int tail = keep - head;
        return text.substring(0, head) + "… (" + (text.length() - keep) + " characters left out) …"
                + text.substring(text.length() - tail);
    }
}
