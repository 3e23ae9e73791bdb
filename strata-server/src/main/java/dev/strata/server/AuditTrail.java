package dev.strata.server;

import dev.strata.store.AuditRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the audit log. A call by an authenticated principal is one row. A refusal of a caller that did not
 * authenticate is one row the first time a minute for its client address, method, outcome and claimed identity, and
 * one more row at the end of that minute counting how often it repeated ({@code repeats}). Past {@link
 * #MAX_IDENTITIES} claimed identities a minute for one address, method and outcome, further ones share the identity
 * {@value #SEVERAL}: a flood of bad tokens costs the log a bounded number of rows a minute per address, not a row a
 * request.
 */
final class AuditTrail {
    /** Refusal groups tracked at once; refusals from further addresses share one group. */
    static final int MAX_TRACKED = 10_000;

    static final String OTHER_CLIENTS = "(other clients)";

    /** Claimed identities with rows of their own, a minute, per client address, method and outcome. */
    static final int MAX_IDENTITIES = 10;

    static final String SEVERAL = "(several)";

    /** Refusals of one address, method and outcome. */
    private record Group(String client, String method, String result, int status) {}

    /** What identical refusals share. */
    private record Key(Group group, String principal) {}

    /** Refusals since the key's first row this minute. */
    private static final class Repeats {
        int count;
        Instant last;
        String action;
        String target;
    }

    private final AuditRepository audit;
    private final Clock clock;
    private final Map<Key, Repeats> pending = new ConcurrentHashMap<>();
    private final Map<Group, Integer> identities = new ConcurrentHashMap<>();

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
        String address = identities.size() >= MAX_TRACKED ? OTHER_CLIENTS : client;
        Group group = new Group(address, method, result, status);
        Key own = new Key(group, principal);
        Key key = pending.containsKey(own) || identities.merge(group, 1, Integer::sum) <= MAX_IDENTITIES
                ? own
                : new Key(group, SEVERAL);
        boolean[] first = {false};
        pending.compute(key, (k, repeats) -> {
            if (repeats == null) {
                first[0] = true;
                return new Repeats();
            }
            repeats.count++;
            repeats.last = now;
            repeats.action = action;
            repeats.target = target;
            return repeats;
        });
        if (first[0]) {
            audit.append(now, key.principal(), action, target, result, status, address);
        }
    }

    /** Writes one row for each refusal that repeated since its first row, and starts a new minute. */
    void flush() {
        identities.clear();
        for (Key key : pending.keySet()) {
            Repeats repeats = pending.remove(key);
            if (repeats != null && repeats.count > 0) {
                audit.append(
                        repeats.last,
                        key.principal(),
                        repeats.action,
                        repeats.target,
                        key.group().result(),
                        key.group().status(),
                        key.group().client(),
                        repeats.count);
            }
        }
    }
}
