package dev.strata.core.validate;

import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.Problem.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of pipeline files, which live in version control and are shown by the API: a value is refused
 * when it is written literally in an option whose name says it is a secret (a password, a secret or access key, a
 * token, a SAS, a private key, a credential, a JAAS config with a password), or when it looks like a credential
 * wherever it is (an AWS access key id, a PEM private key, a URL with a password). {@code ${secret:NAME}} and
 * {@code ${VAR}} references are what such places take. Also refuses secret references outside option values and
 * connection URLs.
 */
final class CredentialChecks {
    static final String MESSAGE = "a literal credential";
    static final String HINT = "write ${secret:NAME} and keep the value in a secret store";

    private static final Pattern AWS_ACCESS_KEY_ID =
            Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----");
    /**
     * scheme://user:password@host; the user may be empty (redis://:password@host). The scheme's length is bounded, so
     * that a long run of letters without "://" costs linear time, not quadratic (a 256 KiB value took minutes).
     */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,63}://[^\\s/?#@:]*:([^\\s/?#@]+)@");
    /** A password parameter of a JDBC URL: ?password=, &password=, ;password= (SQL Server). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;](?:password|pwd)=([^&;\\s]+)");
    /** password="…" or password=… in a JAAS configuration. */
    private static final Pattern JAAS_PASSWORD =
            Pattern.compile("(?i)(?<![A-Za-z0-9_.])password\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

    /** An option is a secret when its name ends in one of these words. */
    private static final Set<String> SECRET_WORDS = Set.of(
            "password",
            "passwd",
            "pwd",
            "passphrase",
            "secret",
            "token",
            "credential",
            "credentials",
            "apikey",
            "secretkey",
            "accesskey",
            "privatekey");
    /** …or in "key" after one of these: access key, secret key, private key, account key, API key. */
    private static final Set<String> KEY_KINDS =
            Set.of("access", "secret", "private", "account", "api", "encryption", "sas", "signing", "master", "shared");
    /**
     * Azure settings name the account or container after the secret part: fs.azure.account.key.ACCOUNT,
     * fs.azure.sas.CONTAINER.ACCOUNT, fs.azure.account.oauth2.client.secret[.ACCOUNT].
     */
    private static final Pattern AZURE_SECRET = Pattern.compile(
            "^(?:spark\\.hadoop\\.)?fs\\.azure\\.(?:account\\.key\\.|account\\.oauth2\\.client\\.secret(?:\\.|$)"
                    + "|sas\\.(?!token\\.provider\\.type$))");

    private static final Pattern WORD_SEPARATOR = Pattern.compile("[^A-Za-z0-9]+");
    private static final Pattern CAMEL_CASE = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    private CredentialChecks() {}

    /** A credential found in a value: what it is (null: the option's name says so) and where it starts (-1: start). */
    record Finding(String what, int offset) {}

    /** Checks one scalar as written, before interpolation, at {@code path}. */
    static void check(YamlPath path, String raw, Problems problems) {
        if (SecretReferences.references(raw) && !SecretReferences.allowedAt(path)) {
            problems.error(
                    path,
                    "a secret can only be used in an option or a connection URL",
                    "move it to " + SecretReferences.ALLOWED_PLACES
                            + ": from there it goes to Spark, never into data, paths or run records");
            // The reference is not resolved here: no follow-up problem about it.
            problems.unreadable(path);
            return;
        }
        find(path, raw)
                .ifPresent(finding -> problems.add(
                        path,
                        finding.offset() < 0
                                ? problems.map().valueAt(path)
                                : problems.map().insideValue(path, raw, finding.offset()),
                        finding.what() == null ? MESSAGE : MESSAGE + ": " + finding.what(),
                        HINT,
                        Severity.ERROR));
    }

    /**
     * Remembers the value of a secret option ({@link #isSecretOption}, or a JAAS config) for masking, however it was
     * written: {@code password: ${PG_PASSWORD}} is as secret as {@code ${secret:pg-password}}.
     */
    static void rememberSecretOption(YamlPath path, String value) {
        if (OptionMaps.isOptionValue(path)
                && path.last() instanceof String key
                && (isSecretOption(key) || isJaasConfig(key))
                // A reference left as written (the server resolves none) is no secret.
                && !value.contains("${")) {
            Secrets.remember(value);
        }
    }

    /** The first credential written literally in {@code raw} at {@code path}, if any. */
    static Optional<Finding> find(YamlPath path, String raw) {
        if (OptionMaps.isOptionValue(path) && path.last() instanceof String key) {
            if (isJaasConfig(key)) {
                Matcher password = JAAS_PASSWORD.matcher(raw);
                while (password.find()) {
                    String value = password.group(1) != null ? password.group(1) : password.group(2);
                    if (!value.isEmpty() && !hasReference(value)) {
                        return Optional.of(new Finding(null, -1));
                    }
                }
            } else if (isSecretOption(key) && isLiteral(raw)) {
                return Optional.of(new Finding(null, -1));
            }
        }
        Matcher privateKey = PRIVATE_KEY.matcher(raw);
        if (privateKey.find()) {
            return Optional.of(new Finding("a private key", privateKey.start()));
        }
        Matcher keyId = AWS_ACCESS_KEY_ID.matcher(raw);
        if (keyId.find()) {
            return Optional.of(new Finding("an AWS access key id", keyId.start()));
        }
        Matcher url = URL_PASSWORD.matcher(raw);
        while (url.find()) {
            if (!hasReference(url.group(1))) {
                return Optional.of(new Finding("a password in a URL", url.start(1)));
            }
        }
        if (raw.startsWith("jdbc:") || raw.contains("://")) {
            Matcher parameter = PASSWORD_PARAMETER.matcher(raw);
            while (parameter.find()) {
                if (!hasReference(parameter.group(1))) {
                    return Optional.of(new Finding("a password in a connection URL", parameter.start(1)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an option's name says its value is a secret: it ends in password, secret, token, credential(s),
     * passphrase; in access, secret, private, account or API key; in access key id; or it is an Azure account key, SAS
     * or client secret. {@code password_column} does not: its last word is column.
     */
    static boolean isSecretOption(String key) {
        if (AZURE_SECRET.matcher(key.toLowerCase(Locale.ROOT)).find()) {
            return true;
        }
        List<String> words = words(key);
        if (words.isEmpty()) {
            return false;
        }
        int n = words.size();
        String last = words.get(n - 1);
        if (SECRET_WORDS.contains(last)) {
            return true;
        }
        if (last.equals("key") && n >= 2 && KEY_KINDS.contains(words.get(n - 2))) {
            return true;
        }
        // s3.access-key-id (Iceberg's S3FileIO), aws_access_key_id.
        return last.equals("id")
                && n >= 3
                && words.get(n - 2).equals("key")
                && words.get(n - 3).equals("access");
    }

    /** Kafka's sasl.jaas.config (kafka.sasl.jaas.config as a Spark source option). */
    static boolean isJaasConfig(String key) {
        List<String> words = words(key);
        int n = words.size();
        return n >= 2 && words.get(n - 2).equals("jaas") && words.get(n - 1).equals("config");
    }

    /** The lower-case words of an option name: {@code fs.s3a.secretKey} is fs, s3a, secret, key. */
    private static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        for (String part : WORD_SEPARATOR.split(key)) {
            for (String word : CAMEL_CASE.split(part)) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }

    /**
     * Whether a secret option's value is written in the file: it has text and no reference, or a reference whose
     * default ({@code ${VAR:-default}}) is itself the secret.
     */
    private static boolean isLiteral(String raw) {
        if (raw.isBlank()) {
            return false;
        }
        if (!hasReference(raw)) {
            return true;
        }
        for (int at = raw.indexOf("${"); at >= 0; at = raw.indexOf("${", at + 2)) {
            int end = raw.indexOf('}', at);
            if (end < 0) {
                break;
            }
            if (at > 0 && raw.charAt(at - 1) == '$') {
                continue;
            }
            String body = raw.substring(at + 2, end);
            int fallback = body.indexOf(":-");
            if (fallback >= 0 && !body.startsWith(SecretReferences.PREFIX) && fallback + 2 < body.length()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} holds a {@code ${…}} reference (not an escaped {@code $${}). */
    private static boolean hasReference(String text) {
        for (int at = text.indexOf("${"); at >= 0; at = text.indexOf("${", at + 1)) {
            if ((at == 0 || text.charAt(at - 1) != '$') && text.indexOf('}', at) > 0) {
                return true;
            }
        }
        return false;
    }
}
