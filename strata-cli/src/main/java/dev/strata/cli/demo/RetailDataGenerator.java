package dev.strata.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the retail example's raw files: an orders CSV and a customers JSON-lines file per batch,
 * with deliberate defects at fixed positions, byte-identical for the same (batch, scale).
 *
 * <p>A file at scale {@code s} is {@code s} consecutive blocks of the batch's profile (200 orders
 * and 50 customers for batch 1, 60 and 20 for later batches). Inside a block, every defect sits at a
 * fixed row offset, so the counts are exact and each defective row carries exactly one defect.
 * Batch 1 introduces customers and orders; every later batch re-sends some batch-1 orders (later
 * {@code ordered_at}, changed amount) and customers (changed tier and/or address), and adds new ids
 * after the previous batches' range.
 */
public final class RetailDataGenerator {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
    private static final int DAYS_PER_BATCH = 5;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    static final String ORDERS_HEADER = "order_id,customer_id,amount,currency,email,ordered_at";
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    static final List<String> TIERS = List.of("bronze", "silver", "gold", "platinum");

    // No comma among them: Spark's CSV decimal parser (default locale en-US) strips commas, so
    // "12,50" would silently load as 1250.00 instead of failing.
    private static final List<String> BAD_AMOUNTS = List.of("abc", "12.50.3", "twelve");
    // Not out-of-range dates such as "2026-13-45 99:00:00": under Spark's default
    // spark.sql.legacy.timeParserPolicy=EXCEPTION the lenient legacy parser accepts those, and the
    // read aborts with SparkUpgradeException instead of yielding null. These yield null under any policy.
    private static final List<String> BAD_ORDER_TIMESTAMPS = List.of("yesterday", "31/11/2026 10:00");
    private static final List<String> BAD_CUSTOMER_TIMESTAMPS = List.of("last tuesday", "not-a-date");
    private static final List<String> UNKNOWN_TIERS = List.of("diamond", "vip");

    private static final List<String> FIRST_NAMES = List.of(
            "Ada", "Ben", "Clara", "David", "Elena", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kira", "Leo", "Maya",
            "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara");
    private static final List<String> LAST_NAMES = List.of(
            "Archer", "Baker", "Carter", "Dalton", "Ellis", "Fischer", "Garcia", "Hoffman", "Ito", "Jensen", "Keller",
            "Lopez", "Moreau", "Novak", "Olsen", "Petrov", "Quist", "Rossi", "Sato", "Tanaka");
    private static final List<String> STREETS = List.of(
            "Harbour Lane",
            "Mill Road",
            "Station Street",
            "Orchard Way",
            "Canal Walk",
            "Market Square",
            "Hill Crescent",
            "River Row",
            "Church Lane",
            "Park Avenue");
    private static final List<String> CITIES =
            List.of("Northport", "Easton", "Westbury", "Southvale", "Lakeside", "Brookfield");

    /** What one row of a file is; every defective row has exactly one defect. */
    enum RowKind {
        CLEAN,
        UPDATE,
        NULL_KEY,
        DUPLICATE,
        BAD_EMAIL,
        NEGATIVE_AMOUNT,
        UNPARSABLE_AMOUNT,
        UNPARSABLE_TIMESTAMP,
        UNKNOWN_TIER,
        MALFORMED_JSON
    }

    /**
     * Where each kind of row sits inside one block. A DUPLICATE repeats the key of the row
     * {@code duplicateDistance} lines earlier; a MALFORMED_JSON line is a truncated copy of the row
     * {@code malformedDistance} lines earlier. Both source rows are CLEAN rows with a new id.
     */
    record Profile(int rows, Map<Integer, RowKind> kinds, int duplicateDistance, int malformedDistance) {
        Profile {
            kinds = Map.copyOf(kinds);
            for (var e : kinds.entrySet()) {
                int source = e.getKey()
                        - switch (e.getValue()) {
                            case DUPLICATE -> duplicateDistance;
                            case MALFORMED_JSON -> malformedDistance;
                            default -> 0;
                        };
                if (source != e.getKey() && (source < 0 || kinds.containsKey(source))) {
                    throw new IllegalStateException("Cannot build profile: row " + e.getKey() + " copies row " + source
                            + ", which is not a clean row");
                }
            }
        }

        RowKind kindAt(int offset) {
            return kinds.getOrDefault(offset, RowKind.CLEAN);
        }

        /** Offsets of clean rows that a duplicate or malformed line copies. */
        Set<Integer> copiedOffsets() {
            Set<Integer> copied = new HashSet<>();
            kinds.forEach((offset, kind) -> {
                if (kind == RowKind.DUPLICATE) {
                    copied.add(offset - duplicateDistance);
                } else if (kind == RowKind.MALFORMED_JSON) {
                    copied.add(offset - malformedDistance);
                }
            });
            return copied;
        }

        int count(RowKind kind) {
            return (int) kinds.values().stream().filter(k -> k == kind).count();
        }

        /** Rows that introduce a key not seen before (per block). */
        int newIds() {
            return rows
                    - count(RowKind.NULL_KEY)
                    - count(RowKind.DUPLICATE)
                    - count(RowKind.MALFORMED_JSON)
                    - count(RowKind.UPDATE);
        }
    }

    static final Profile FIRST_ORDERS = new Profile(
            200,
            kinds(
                    RowKind.NULL_KEY, List.of(17, 67, 117, 167),
                    RowKind.DUPLICATE, List.of(29, 59, 89, 119, 149, 179),
                    RowKind.BAD_EMAIL, List.of(23, 63, 103, 143, 183),
                    RowKind.NEGATIVE_AMOUNT, List.of(41, 107, 173),
                    RowKind.UNPARSABLE_AMOUNT, List.of(47, 113, 191),
                    RowKind.UNPARSABLE_TIMESTAMP, List.of(77, 157)),
            20,
            0);
    static final Profile LATER_ORDERS = new Profile(
            60,
            kinds(
                    RowKind.UPDATE, List.of(2, 5, 11, 16, 24, 29, 35, 40, 50, 57),
                    RowKind.NULL_KEY, List.of(13),
                    RowKind.DUPLICATE, List.of(31, 53),
                    RowKind.BAD_EMAIL, List.of(7, 37),
                    RowKind.NEGATIVE_AMOUNT, List.of(19),
                    RowKind.UNPARSABLE_AMOUNT, List.of(27),
                    RowKind.UNPARSABLE_TIMESTAMP, List.of(47)),
            10,
            0);
    static final Profile FIRST_CUSTOMERS = new Profile(
            50,
            kinds(
                    RowKind.NULL_KEY, List.of(11, 36),
                    RowKind.DUPLICATE, List.of(19, 33, 47),
                    RowKind.UNKNOWN_TIER, List.of(14, 41),
                    RowKind.MALFORMED_JSON, List.of(25, 44),
                    RowKind.UNPARSABLE_TIMESTAMP, List.of(30)),
            12,
            5);
    static final Profile LATER_CUSTOMERS = new Profile(
            20,
            kinds(
                    RowKind.UPDATE, List.of(1, 4, 8, 11, 17),
                    RowKind.NULL_KEY, List.of(6),
                    RowKind.DUPLICATE, List.of(15),
                    RowKind.UNKNOWN_TIER, List.of(12),
                    RowKind.MALFORMED_JSON, List.of(18),
                    RowKind.UNPARSABLE_TIMESTAMP, List.of(3)),
            6,
            4);

    /** Exactly what {@link #generate} wrote, so tests can assert counts without re-deriving them. */
    public record Manifest(
            int batch, int scale, Path ordersFile, Path customersFile, Orders orders, Customers customers) {
        public Manifest {
            Objects.requireNonNull(ordersFile, "ordersFile is null");
            Objects.requireNonNull(customersFile, "customersFile is null");
            Objects.requireNonNull(orders, "orders is null");
            Objects.requireNonNull(customers, "customers is null");
        }

        /**
         * Counts of the orders CSV: {@code rows} excludes the header; {@code updates} re-send a batch-1
         * order_id; {@code newIds} are order_ids not used by any earlier batch.
         */
        public record Orders(
                int rows,
                int nullKeys,
                int duplicates,
                int badEmails,
                int negativeAmounts,
                int unparsableAmounts,
                int unparsableTimestamps,
                int updates,
                int newIds) {
            /** Distinct non-null order_ids in the file. */
            public int distinctIds() {
                return newIds + updates;
            }

            /** Rows without any defect (updates included). */
            public int cleanRows() {
                return rows
                        - nullKeys
                        - duplicates
                        - badEmails
                        - negativeAmounts
                        - unparsableAmounts
                        - unparsableTimestamps;
            }
        }

        /**
         * Counts of the customers JSON-lines file: {@code malformedJson} lines are truncated copies of
         * an earlier line of the file; {@code updates} change tier and/or address of a batch-1 customer.
         */
        public record Customers(
                int rows,
                int nullKeys,
                int duplicates,
                int unknownTiers,
                int malformedJson,
                int unparsableTimestamps,
                int updates,
                int newIds) {
            /** Distinct non-null customer_ids among the parsable lines of the file. */
            public int distinctIds() {
                return newIds + updates;
            }

            /** Lines without any defect (updates included). */
            public int cleanRows() {
                return rows - nullKeys - duplicates - unknownTiers - malformedJson - unparsableTimestamps;
            }
        }

        /** The {@link #describe()} summary, so that printing a manifest is readable. */
        @Override
        public String toString() {
            return describe().stripTrailing();
        }

        /** A human-readable summary, one line per file. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: %d rows (%d clean; %d null order_id, %d duplicate order_id, %d bad email, %d negative"
                            + " amount, %d unparsable amount, %d unparsable ordered_at; %d updates of batch-1"
                            + " orders, %d new order_ids, %d distinct order_ids)%n"
                            + "%s: %d lines (%d clean; %d null customer_id, %d duplicate customer_id, %d unknown"
                            + " tier, %d malformed JSON, %d unparsable updated_at; %d updates of batch-1"
                            + " customers, %d new customer_ids, %d distinct customer_ids)%n",
                    ordersFile,
                    orders.rows(),
                    orders.cleanRows(),
                    orders.nullKeys(),
                    orders.duplicates(),
                    orders.badEmails(),
                    orders.negativeAmounts(),
                    orders.unparsableAmounts(),
                    orders.unparsableTimestamps(),
                    orders.updates(),
                    orders.newIds(),
                    orders.distinctIds(),
                    customersFile,
                    customers.rows(),
                    customers.cleanRows(),
                    customers.nullKeys(),
                    customers.duplicates(),
                    customers.unknownTiers(),
                    customers.malformedJson(),
                    customers.unparsableTimestamps(),
                    customers.updates(),
                    customers.newIds(),
                    customers.distinctIds());
        }
    }

    private RetailDataGenerator() {}

    /**
     * Writes {@code outDir/orders/orders-NNN.csv} and {@code outDir/customers/customers-NNN.json} for
     * the batch and returns what was written.
     */
    public static Manifest generate(Path outDir, int batch, int scale) {
        Objects.requireNonNull(outDir, "outDir is null");
        if (batch < 1 || batch > 999) {
            throw new IllegalArgumentException(
                    "Cannot generate retail data: batch " + batch + " is out of range (use 1..999)");
        }
        if (scale < 1 || scale > 1000) {
            throw new IllegalArgumentException(
                    "Cannot generate retail data: scale " + scale + " is out of range (use 1..1000)");
        }
        List<OrderRow> orders = orders(batch, scale);
        List<CustomerRow> customers = customers(batch, scale);
        String suffix = String.format(Locale.ROOT, "%03d", batch);
        Path ordersFile = outDir.resolve("orders").resolve("orders-" + suffix + ".csv");
        Path customersFile = outDir.resolve("customers").resolve("customers-" + suffix + ".json");

        StringBuilder csv =
                new StringBuilder(orders.size() * 80).append(ORDERS_HEADER).append('\n');
        for (OrderRow o : orders) {
            csv.append(csvField(o.orderId()))
                    .append(',')
                    .append(csvField(o.customerId()))
                    .append(',')
                    .append(csvField(o.amount()))
                    .append(',')
                    .append(csvField(o.currency()))
                    .append(',')
                    .append(csvField(o.email()))
                    .append(',')
                    .append(csvField(o.orderedAt()))
                    .append('\n');
        }
        StringBuilder json = new StringBuilder(customers.size() * 160);
        for (CustomerRow c : customers) {
            json.append(c.line()).append('\n');
        }
        write(ordersFile, csv.toString());
        write(customersFile, json.toString());

        return new Manifest(
                batch,
                scale,
                ordersFile,
                customersFile,
                new Manifest.Orders(
                        orders.size(),
                        count(orders, RowKind.NULL_KEY),
                        count(orders, RowKind.DUPLICATE),
                        count(orders, RowKind.BAD_EMAIL),
                        count(orders, RowKind.NEGATIVE_AMOUNT),
                        count(orders, RowKind.UNPARSABLE_AMOUNT),
                        count(orders, RowKind.UNPARSABLE_TIMESTAMP),
                        count(orders, RowKind.UPDATE),
                        (int) orders.stream().filter(OrderRow::newId).count()),
                new Manifest.Customers(
                        customers.size(),
                        count(customers, RowKind.NULL_KEY),
                        count(customers, RowKind.DUPLICATE),
                        count(customers, RowKind.UNKNOWN_TIER),
                        count(customers, RowKind.MALFORMED_JSON),
                        count(customers, RowKind.UNPARSABLE_TIMESTAMP),
                        count(customers, RowKind.UPDATE),
                        (int) customers.stream().filter(CustomerRow::newId).count()));
    }

    /** {@code RetailDataGenerator <outDir> [--batch N] [--scale N]}: writes one batch and prints its manifest. */
    public static void main(String[] args) {
        Path outDir = null;
        int batch = 1;
        int scale = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = intArg(args, ++i, "--batch");
                case "--scale" -> scale = intArg(args, ++i, "--scale");
                default -> {
                    if (args[i].startsWith("--") || outDir != null) {
                        throw new IllegalArgumentException(
                                "Cannot generate retail data: unexpected argument '" + args[i] + "' (" + USAGE + ")");
                    }
                    outDir = Path.of(args[i]);
                }
            }
        }
        if (outDir == null) {
            throw new IllegalArgumentException("Cannot generate retail data: no output folder given (" + USAGE + ")");
        }
        System.out.print(generate(outDir, batch, scale).describe());
    }

    private static final String USAGE = "usage: RetailDataGenerator <outDir> [--batch N] [--scale N]";

    private static int intArg(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(
                    "Cannot generate retail data: " + option + " needs a number (" + USAGE + ")");
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Cannot generate retail data: " + option + " '" + args[i] + "' is not a number (" + USAGE + ")", e);
        }
    }

    // ---------------------------------------------------------------- orders

    /** The clean rows of a first batch that no later line of it copies: the ones a later batch may update. */
    private static <T extends GeneratedRow> List<T> cleanRows(List<T> all, Profile profile) {
        Set<Integer> copied = profile.copiedOffsets();
        List<T> clean = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            if (all.get(r).kind() == RowKind.CLEAN && !copied.contains(r % profile.rows())) {
                clean.add(all.get(r));
            }
        }
        return clean;
    }

    private static int count(List<? extends GeneratedRow> rows, RowKind kind) {
        return (int) rows.stream().filter(row -> row.kind() == kind).count();
    }

    /** A generated line and the kind of defect (or none) it carries. */
    private interface GeneratedRow {
        RowKind kind();
    }

    private record OrderRow(
            RowKind kind,
            String orderId,
            String customerId,
            String amount,
            String currency,
            String email,
            String orderedAt,
            long cents,
            LocalDateTime at,
            boolean newId)
            implements GeneratedRow {}

    static List<OrderRow> orders(int batch, int scale) {
        Profile profile = batch == 1 ? FIRST_ORDERS : LATER_ORDERS;
        int rows = profile.rows() * scale;
        int nextId = 1 + (batch == 1 ? 0 : (FIRST_ORDERS.newIds() + (batch - 2) * LATER_ORDERS.newIds()) * scale);
        int knownCustomers = FIRST_CUSTOMERS.newIds() * scale + (batch - 1) * LATER_CUSTOMERS.newIds() * scale;
        List<OrderRow> resent = batch == 1
                ? List.of()
                : pick(cleanRows(orders(1, scale), FIRST_ORDERS), profile.count(RowKind.UPDATE) * scale);
        Random random = new Random(0x5EED_0000L + 7919L * batch);
        LocalDate firstDay = FIRST_DAY.plusDays((long) (batch - 1) * DAYS_PER_BATCH);

        List<OrderRow> out = new ArrayList<>(rows);
        Map<RowKind, Integer> seen = new EnumMap<>(RowKind.class);
        int updates = 0;
        for (int r = 0; r < rows; r++) {
            RowKind kind = profile.kindAt(r % profile.rows());
            LocalDate day = firstDay.plusDays((long) r * DAYS_PER_BATCH / rows);
            int customer = 1 + random.nextInt(knownCustomers);
            long cents = cents(random);
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            LocalDateTime at = timeOn(day, random);
            OrderRow row = switch (kind) {
                case CLEAN, BAD_EMAIL, NEGATIVE_AMOUNT, UNPARSABLE_AMOUNT, UNPARSABLE_TIMESTAMP -> {
                    String id = orderId(nextId++);
                    String email = email(customer);
                    String amount = amount(cents);
                    String orderedAt = TIMESTAMP.format(at);
                    int nth = seen.merge(kind, 1, Integer::sum) - 1;
                    switch (kind) {
                        case BAD_EMAIL -> email = nth % 2 == 0 ? email.replace('@', '.') : email.replace('.', ' ');
                        case NEGATIVE_AMOUNT -> amount = "-" + amount;
                        case UNPARSABLE_AMOUNT -> amount = BAD_AMOUNTS.get(nth % BAD_AMOUNTS.size());
                        case UNPARSABLE_TIMESTAMP ->
                            orderedAt = BAD_ORDER_TIMESTAMPS.get(nth % BAD_ORDER_TIMESTAMPS.size());
                        default -> {}
                    }
                    yield new OrderRow(
                            kind, id, customerId(customer), amount, currency, email, orderedAt, cents, at, true);
                }
                case NULL_KEY ->
                    new OrderRow(
                            kind,
                            "",
                            customerId(customer),
                            amount(cents),
                            currency,
                            email(customer),
                            TIMESTAMP.format(at),
                            cents,
                            at,
                            false);
                case DUPLICATE -> {
                    OrderRow source = out.get(r - profile.duplicateDistance());
                    LocalDateTime later = source.at().plusMinutes(30 + random.nextInt(151));
                    long changed = differentCents(random, source.cents());
                    yield new OrderRow(
                            kind,
                            source.orderId(),
                            source.customerId(),
                            amount(changed),
                            source.currency(),
                            source.email(),
                            TIMESTAMP.format(later),
                            changed,
                            later,
                            false);
                }
                case UPDATE -> {
                    OrderRow source = resent.get(updates++);
                    long changed = differentCents(random, source.cents());
                    yield new OrderRow(
                            kind,
                            source.orderId(),
                            source.customerId(),
                            amount(changed),
                            source.currency(),
                            source.email(),
                            TIMESTAMP.format(at),
                            changed,
                            at,
                            false);
                }
                default -> throw new IllegalStateException("Cannot generate orders: unexpected row kind " + kind);
            };
            out.add(row);
        }
        return out;
    }

    // ---------------------------------------------------------------- customers

    private record CustomerRow(
            RowKind kind,
            int index,
            String customerId,
            String address,
            String tier,
            LocalDateTime at,
            String line,
            boolean newId)
            implements GeneratedRow {}

    static List<CustomerRow> customers(int batch, int scale) {
        Profile profile = batch == 1 ? FIRST_CUSTOMERS : LATER_CUSTOMERS;
        int rows = profile.rows() * scale;
        int nextIndex =
                1 + (batch == 1 ? 0 : (FIRST_CUSTOMERS.newIds() + (batch - 2) * LATER_CUSTOMERS.newIds()) * scale);
        List<CustomerRow> resent = batch == 1
                ? List.of()
                : pick(cleanRows(customers(1, scale), FIRST_CUSTOMERS), profile.count(RowKind.UPDATE) * scale);
        Random random = new Random(0xC0FFEE_0000L + 7919L * batch);
        LocalDate firstDay = FIRST_DAY.plusDays((long) (batch - 1) * DAYS_PER_BATCH);

        List<CustomerRow> out = new ArrayList<>(rows);
        int updates = 0;
        int nullKeys = 0;
        int unknownTiers = 0;
        int badTimestamps = 0;
        for (int r = 0; r < rows; r++) {
            RowKind kind = profile.kindAt(r % profile.rows());
            LocalDate day = firstDay.plusDays((long) r * DAYS_PER_BATCH / rows);
            String address = address(random);
            String tier = TIERS.get(random.nextInt(TIERS.size()));
            LocalDateTime at = timeOn(day, random);
            CustomerRow row = switch (kind) {
                case CLEAN, UNKNOWN_TIER, UNPARSABLE_TIMESTAMP -> {
                    int index = nextIndex++;
                    String updatedAt = TIMESTAMP.format(at);
                    if (kind == RowKind.UNKNOWN_TIER) {
                        tier = UNKNOWN_TIERS.get(unknownTiers++ % UNKNOWN_TIERS.size());
                    } else if (kind == RowKind.UNPARSABLE_TIMESTAMP) {
                        updatedAt = BAD_CUSTOMER_TIMESTAMPS.get(badTimestamps++ % BAD_CUSTOMER_TIMESTAMPS.size());
                    }
                    String id = customerId(index);
                    yield new CustomerRow(
                            kind,
                            index,
                            id,
                            address,
                            tier,
                            at,
                            customerJson(id, true, index, address, tier, updatedAt),
                            true);
                }
                case NULL_KEY -> {
                    // Half the null keys are an explicit null, half a missing field: Spark reads both as null.
                    boolean explicitNull = nullKeys++ % 2 == 0;
                    int index = 1 + random.nextInt(Math.max(1, nextIndex - 1));
                    yield new CustomerRow(
                            kind,
                            index,
                            null,
                            address,
                            tier,
                            at,
                            customerJson(null, explicitNull, index, address, tier, TIMESTAMP.format(at)),
                            false);
                }
                case DUPLICATE -> {
                    CustomerRow source = out.get(r - profile.duplicateDistance());
                    LocalDateTime later = source.at().plusMinutes(30 + random.nextInt(151));
                    String moved = differentAddress(random, source.address());
                    yield new CustomerRow(
                            kind,
                            source.index(),
                            source.customerId(),
                            moved,
                            source.tier(),
                            later,
                            customerJson(
                                    source.customerId(),
                                    true,
                                    source.index(),
                                    moved,
                                    source.tier(),
                                    TIMESTAMP.format(later)),
                            false);
                }
                case MALFORMED_JSON -> {
                    CustomerRow source = out.get(r - profile.malformedDistance());
                    String line = source.line();
                    String truncated = line.substring(0, line.indexOf("\"name\":") + "\"name\":".length());
                    yield new CustomerRow(
                            kind,
                            source.index(),
                            source.customerId(),
                            source.address(),
                            source.tier(),
                            source.at(),
                            truncated,
                            false);
                }
                case UPDATE -> {
                    CustomerRow source = resent.get(updates);
                    // Cycle: tier only, address only, both.
                    int change = updates++ % 3;
                    String newTier =
                            change == 1 ? source.tier() : TIERS.get((TIERS.indexOf(source.tier()) + 1) % TIERS.size());
                    String newAddress = change == 0 ? source.address() : differentAddress(random, source.address());
                    yield new CustomerRow(
                            kind,
                            source.index(),
                            source.customerId(),
                            newAddress,
                            newTier,
                            at,
                            customerJson(
                                    source.customerId(),
                                    true,
                                    source.index(),
                                    newAddress,
                                    newTier,
                                    TIMESTAMP.format(at)),
                            false);
                }
                default -> throw new IllegalStateException("Cannot generate customers: unexpected row kind " + kind);
            };
            out.add(row);
        }
        return out;
    }

    private static String customerJson(
            String id, boolean withIdField, int index, String address, String tier, String updatedAt) {
        StringBuilder s = new StringBuilder(160).append('{');
        if (withIdField) {
            s.append("\"customer_id\":")
                    .append(id == null ? "null" : jsonString(id))
                    .append(',');
        }
        return s.append("\"name\":")
                .append(jsonString(name(index)))
                .append(',')
                .append("\"email\":")
                .append(jsonString(email(index)))
                .append(',')
                .append("\"address\":")
                .append(jsonString(address))
                .append(',')
                .append("\"tier\":")
                .append(jsonString(tier))
                .append(',')
                .append("\"updated_at\":")
                .append(jsonString(updatedAt))
                .append('}')
                .toString();
    }

    // ---------------------------------------------------------------- values

    private static <T> List<T> pick(List<T> candidates, int count) {
        int step = candidates.size() / count;
        if (step < 1) {
            throw new IllegalStateException("Cannot pick " + count + " rows to re-send from " + candidates.size());
        }
        List<T> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(candidates.get(i * step));
        }
        return picked;
    }

    private static Map<Integer, RowKind> kinds(Object... kindsAndOffsets) {
        Map<Integer, RowKind> kinds = new TreeMap<>();
        for (int i = 0; i < kindsAndOffsets.length; i += 2) {
            RowKind kind = (RowKind) kindsAndOffsets[i];
            @SuppressWarnings("unchecked")
            List<Integer> offsets = (List<Integer>) kindsAndOffsets[i + 1];
            for (int offset : offsets) {
                RowKind previous = kinds.put(offset, kind);
                if (previous != null) {
                    throw new IllegalStateException(
                            "Cannot build profile: row " + offset + " is both " + previous + " and " + kind);
                }
            }
        }
        return kinds;
    }

    private static long cents(Random random) {
        return 500L + random.nextInt(49_501); // 5.00 .. 500.00
    }

    private static long differentCents(Random random, long cents) {
        long changed = cents(random);
        return changed == cents ? (cents == 50_000 ? 500 : cents + 1) : changed;
    }

    private static String amount(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    // 08:00:00 .. 20:59:59, so that a duplicate up to 3 hours later stays on the same day.
    private static LocalDateTime timeOn(LocalDate day, Random random) {
        return day.atTime(8, 0).plusSeconds(random.nextInt(13 * 3600));
    }

    private static String orderId(int n) {
        return String.format(Locale.ROOT, "O%06d", n);
    }

    private static String customerId(int index) {
        return String.format(Locale.ROOT, "C%04d", index);
    }

    private static String firstName(int index) {
        return FIRST_NAMES.get((index - 1) % FIRST_NAMES.size());
    }

    // Pairs (first, last) are distinct for the first 400 customers; later ones get a number in the email.
    private static String lastName(int index) {
        int n = index - 1;
        return LAST_NAMES.get((n / FIRST_NAMES.size() + n) % LAST_NAMES.size());
    }

    private static String name(int index) {
        return firstName(index) + " " + lastName(index);
    }

    private static String email(int index) {
        int round = (index - 1) / (FIRST_NAMES.size() * LAST_NAMES.size());
        return (firstName(index) + "." + lastName(index)).toLowerCase(Locale.ROOT)
                + (round == 0 ? "" : "." + (round + 1))
                + "@example.com";
    }

    private static String address(Random random) {
        return (1 + random.nextInt(199)) + " " + STREETS.get(random.nextInt(STREETS.size())) + ", "
                + CITIES.get(random.nextInt(CITIES.size()));
    }

    private static String differentAddress(Random random, String address) {
        String moved = address(random);
        return moved.equals(address) ? "1" + moved : moved;
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String jsonString(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
