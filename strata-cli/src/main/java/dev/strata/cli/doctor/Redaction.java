package dev.strata.cli.doctor;

import dev.strata.core.secret.Secrets;
import java.util.regex.Pattern;

/** Keeps passwords out of what the doctor prints, whatever a library put into an exception's message. */
final class Redaction {
    /** scheme://user:password@ in a URL. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^\\s/:@]*):[^\\s/@]+@");
    /** password=… as a URL or JDBC parameter. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;\\s]+");

    private Redaction() {}

    static String withoutUrlPasswords(String text) {
        if (text == null) {
            return "";
        }
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1:" + Secrets.MASK + "@");
        masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + Secrets.MASK);
        return Secrets.redact(masked);
    }
}
