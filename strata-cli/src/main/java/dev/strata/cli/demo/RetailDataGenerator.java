package dev.strata.cli.demo;

import static dev.strata.cli.demo.RetailValues.count;

import dev.strata.cli.demo.CustomerRows.CustomerRow;
import dev.strata.cli.demo.OrderRows.OrderRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
        List<OrderRow> orders = OrderRows.orders(batch, scale);
        List<CustomerRow> customers = CustomerRows.customers(batch, scale);
        String suffix = String.format(Locale.ROOT, "%03d", batch);
        Path ordersFile = outDir.resolve("orders").resolve("orders-" + suffix + ".csv");
        Path customersFile = outDir.resolve("customers").resolve("customers-" + suffix + ".json");
        write(ordersFile, OrderRows.csv(orders));
        write(customersFile, CustomerRows.jsonLines(customers));

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

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
