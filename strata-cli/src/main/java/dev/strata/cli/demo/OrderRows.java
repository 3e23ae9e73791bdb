package dev.strata.cli.demo;

import static dev.strata.cli.demo.RetailValues.DAYS_PER_BATCH;
import static dev.strata.cli.demo.RetailValues.FIRST_DAY;
import static dev.strata.cli.demo.RetailValues.TIMESTAMP;
import static dev.strata.cli.demo.RetailValues.amount;
import static dev.strata.cli.demo.RetailValues.cents;
import static dev.strata.cli.demo.RetailValues.cleanRows;
import static dev.strata.cli.demo.RetailValues.customerId;
import static dev.strata.cli.demo.RetailValues.differentCents;
import static dev.strata.cli.demo.RetailValues.email;
import static dev.strata.cli.demo.RetailValues.orderId;
import static dev.strata.cli.demo.RetailValues.pick;
import static dev.strata.cli.demo.RetailValues.timeOn;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The orders CSV of a batch: its rows, each clean or with one defect, and their CSV text. */
final class OrderRows {
    static final String ORDERS_HEADER = "order_id,customer_id,amount,currency,email,ordered_at";
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    // No comma among them: Spark's CSV decimal parser (default locale en-US) strips commas, so
    // "12,50" would silently load as 1250.00 instead of failing.
    private static final List<String> BAD_AMOUNTS = List.of("abc", "12.50.3", "twelve");
    // Not out-of-range dates such as "2026-13-45 99:00:00": under Spark's default
    // spark.sql.legacy.timeParserPolicy=EXCEPTION the lenient legacy parser accepts those, and the
    // read aborts with SparkUpgradeException instead of yielding null. These yield null under any policy.
    private static final List<String> BAD_ORDER_TIMESTAMPS = List.of("yesterday", "31/11/2026 10:00");

    private OrderRows() {}

    record OrderRow(
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
            implements RetailValues.GeneratedRow {}

    static List<OrderRow> orders(int batch, int scale) {
        Profile profile = batch == 1 ? Profile.FIRST_ORDERS : Profile.LATER_ORDERS;
        int rows = profile.rows() * scale;
        int nextId = 1
                + (batch == 1
                        ? 0
                        : (Profile.FIRST_ORDERS.newIds() + (batch - 2) * Profile.LATER_ORDERS.newIds()) * scale);
        int knownCustomers =
                Profile.FIRST_CUSTOMERS.newIds() * scale + (batch - 1) * Profile.LATER_CUSTOMERS.newIds() * scale;
        List<OrderRow> resent = batch == 1
                ? List.of()
                : pick(cleanRows(orders(1, scale), Profile.FIRST_ORDERS), profile.count(RowKind.UPDATE) * scale);
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

    /** The file's text: the header, then one line per row. */
    static String csv(List<OrderRow> orders) {
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
        return csv.toString();
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
