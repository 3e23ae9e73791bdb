package dev.strata.server;

import dev.strata.store.AuditRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the audit log. A call by an authenticated principal is one row. A refusal of a caller that did not
 * authenticate is one row the first time a minute for its client address, method and outcome, and one more row at the
 * end of that minute counting how often it repeated ({@code repeats}): a flood of bad tokens costs the log two rows a
 * minute per address, not a row a request.
 */
final class AuditTrail {
    /** Addresses tracked at once; refusals from further addresses share one row. */
    static final int MAX_TRACKED = 10_000;

    static final String OTHER_CLIENTS = "(other clients)";

    /** What identical refusals share. */
    private record Key(String client, String method, String result, int status) {}

    /** Refusals since the key's first row this minute. */
    private static final class Repeats {
        int count;
        Instant last;
        String principal;
        String action;
        String target;
    }

    private final AuditRepository audit;
    private final Clock clock;
    private final Map<Key, Repeats> pending = new ConcurrentHashMap<>();

    AuditTrail(AuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a call. {@code principal} is who made it, or, for a caller that did not authenticate, who it claimed to be
     * ({@code jwt:alice (unverified)}), or {@code anonymous}.
     */
    void record(
            boolean authenticated,
            String principal,
            String method,
            String action,
            String target,
            String result,
            int status,
            String client) {
        Instant now = clock.instant();
        if (authenticated) {
            audit.append(now, principal, action, target, result, status, client);
            return;
        }
        String address = pending.size() >= MAX_TRACKED ? OTHER_CLIENTS : client;
        Key key = new Key(address, method, result, status);
        boolean[] first = {false};
        pending.compute(key, (k, repeats) -> {
            if (repeats == null) {
                first[0] = true;
                return new Repeats();
            }
            repeats.count++;
            repeats.last = now;
            repeats.principal =
                    repeats.principal == null || repeats.principal.equals(principal) ? principal : "(several)";
            repeats.action = action;
            repeats.target = target;
            return repeats;
        });
        if (first[0]) {
            audit.append(now, principal, action, target, result, status, address);
        }
    }

    /** Writes one row for each refusal that repeated since its first row, and starts a new minute. */
    void flush() {
        for (Key key : pending.keySet()) {
            Repeats repeats = pending.remove(key);
            if (repeats != null && repeats.count > 0) {
                audit.append(
                        Objects.requireNonNull(repeats.last),
                        repeats.principal,
                        repeats.action,
                        repeats.target,
                        key.result(),
                        key.status(),
                        key.client(),
                        repeats.count);
            }
        }
    }
}
