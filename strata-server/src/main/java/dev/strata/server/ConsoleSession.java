package dev.strata.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The console's sign-in: the API key or JWT a user signs in with is kept in a cookie the page's scripts cannot read
 * ({@code HttpOnly}), that travels only over HTTPS or to localhost ({@code Secure}) and never with a request another
 * site starts ({@code SameSite=Strict}). Every console request is authenticated from it by the API's own {@link
 * ApiGuard}, with the same rate limits, so a console user is exactly the principal the API would see.
 *
 * <p>Every form the console posts carries a CSRF token derived from the credential (an HMAC of it, so the page holds
 * nothing that signs in), and its {@code Origin}, when the browser sends one, must be the console's own. The form's
 * body is read only after both checks and the credential's authentication, and never past {@link #FORM_LIMIT}.
 */
final class ConsoleSession {
    static final String COOKIE = "strata_console";
    /** The form field, and the htmx header, that carry the CSRF token. */
    static final String CSRF_FIELD = "csrf";

    static final String CSRF_HEADER = "X-Strata-CSRF";
    /** The most a console form's body may hold. */
    static final int FORM_LIMIT = 16 * 1024;

    private static final String CREDENTIAL = "strata.console.credential";
    private static final byte[] CSRF_KEY = "strata-console-csrf-v1".getBytes(StandardCharsets.US_ASCII);

    private final ApiGuard guard;

    ConsoleSession(ApiGuard guard) {
        this.guard = guard;
    }

    /**
     * Authenticates the request from its cookie, before anything else of it is read: false (and nothing set) when there
     * is no cookie; the guard's 401 or 429 for one that does not authenticate.
     */
    boolean authenticate(Context ctx) {
        String credential = ctx.cookie(COOKIE);
        if (credential == null || credential.isBlank()) {
            return false;
        }
        guard.authenticate(ctx, "Bearer " + credential);
        ctx.attribute(CREDENTIAL, credential);
        return true;
    }

    /** Signs in with {@code credential}: the guard's 401 when it does not authenticate, else the cookie is set. */
    void signIn(Context ctx, String credential) {
        guard.authenticate(ctx, "Bearer " + credential);
        ctx.attribute(CREDENTIAL, credential);
        ctx.cookie(cookie(credential, -1));
    }

    static void signOut(Context ctx) {
        ctx.cookie(cookie("", 0));
    }

    private static Cookie cookie(String value, int maxAge) {
        return new Cookie(COOKIE, value, Console.ROOT, maxAge, true, 0, true, null, null, SameSite.STRICT);
    }

    /** The CSRF token of the signed-in request's forms. */
    String csrfToken(Context ctx) {
        String credential = ctx.attribute(CREDENTIAL);
        return credential == null ? "" : csrfToken(credential);
    }

    static String csrfToken(String credential) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CSRF_KEY, "HmacSHA256"));
            byte[] digest = mac.doFinal(credential.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * A posted form, once its origin and CSRF token hold: 403 for a post from another site or without the token this
     * sign-in's pages carry (a forged form), 413 past {@link #FORM_LIMIT}.
     */
    MultiMap<String> form(Context ctx) {
        MultiMap<String> fields = fields(ctx);
        String sent = ctx.header(CSRF_HEADER) != null ? ctx.header(CSRF_HEADER) : fields.getValue(CSRF_FIELD, 0);
        String expected = csrfToken(ctx);
        if (sent == null
                || expected.isEmpty()
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("the form's CSRF token is missing or wrong: it was not sent by this console");
        }
        return fields;
    }

    /**
     * A posted form's fields, once its origin holds (403 otherwise), read up to {@link #FORM_LIMIT} (413 past it): the
     * sign-in form's, which has no CSRF token yet, and the checked forms'.
     */
    static MultiMap<String> fields(Context ctx) {
        requireSameOrigin(ctx);
        String body = RequestBodies.read(ctx, FORM_LIMIT);
        MultiMap<String> fields = new MultiMap<>();
        try {
            UrlEncoded.decodeUtf8To(body, fields);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the form is not URL-encoded", "post it from the console's own page");
        }
        return fields;
    }

    /** 403 for a post whose {@code Origin} is another site's (a browser sends it with every cross-site post). */
    static void requireSameOrigin(Context ctx) {
        if (ctx.method() != HandlerType.POST) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        String originHost;
        try {
            URI uri = URI.create(origin);
            originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (originHost == null || !Objects.equals(originHost, host)) {
            throw ApiException.forbidden("the form was posted from another site, or from a page that hid its origin");
        }
    }
}
