package dev.strata.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets (Bucket4j) per caller: one per principal for authenticated requests, and one per client address for
 * requests that do not authenticate, so that guessing tokens, or flooding the audit log with refusals, is slow.
 */
final class RateLimits {
    /**
     * A sustained rate with a burst; {@link #OFF} never refuses.
     *
     * @param perSecond requests a second, sustained
     * @param burst requests at once, after a quiet period
     */
    record Limit(long perSecond, long burst) {
        static final Limit OFF = new Limit(0, 0);

        boolean off() {
            return perSecond == 0;
        }

        /** {@code off}, or {@code N} requests a second with a burst of {@code 2N}, or {@code N/B}. */
        static Limit parse(String text) {
            String value = text.strip();
            if (value.equalsIgnoreCase("off") || value.equals("0")) {
                return OFF;
            }
            String[] parts = value.split("/", 2);
            long rate = Long.parseLong(parts[0].strip());
            long burst = parts.length == 2 ? Long.parseLong(parts[1].strip()) : 2 * rate;
            if (rate < 1 || burst < 1) {
                throw new NumberFormatException("not positive");
            }
            return new Limit(rate, burst);
        }

        @Override
        public String toString() {
            return off() ? "off" : perSecond + "/s (burst " + burst + ")";
        }
    }

    private final Limit principals;
    private final Limit anonymous;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RateLimits(Limit principals, Limit anonymous) {
        this.principals = principals;
        this.anonymous = anonymous;
    }

    /** Takes one request from the principal's bucket; a 429 when it is empty. */
    void admitPrincipal(String principal) {
        admit("principal:" + principal, principals);
    }

    /** Takes one refused request from the client address's bucket; a 429 when it is empty. */
    void admitRefusal(String address) {
        admit("address:" + address, anonymous);
    }

    /** Whether the address has refusals left, without taking one: a drained address gets no token checked. */
    boolean refusalsLeft(String address) {
        if (anonymous.off()) {
            return true;
        }
        Bucket bucket = buckets.getIfPresent("address:" + address);
        return bucket == null || bucket.getAvailableTokens() > 0;
    }

    /** The 429 an address that has no refusals left gets. */
    ApiException refusedAddress() {
        return tooMany(TimeUnit.SECONDS.toNanos(1));
    }

    private void admit(String key, Limit limit) {
        if (limit.off()) {
            return;
        }
        Bucket bucket = buckets.get(
                key,
                k -> Bucket.builder()
                        .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw tooMany(probe.getNanosToWaitForRefill());
        }
    }

    private static ApiException tooMany(long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new ApiException(
                        429,
                        "too_many_requests",
                        "too many requests; try again in " + seconds + " s",
                        "slow down, or ask the operator to raise STRATA_RATE_LIMIT")
                .retryAfter(seconds);
    }
}
