package dev.strata.cli.demo;

import static dev.strata.cli.demo.RetailValues.DAYS_PER_BATCH;
import static dev.strata.cli.demo.RetailValues.FIRST_DAY;
import static dev.strata.cli.demo.RetailValues.TIMESTAMP;
import static dev.strata.cli.demo.RetailValues.address;
import static dev.strata.cli.demo.RetailValues.cleanRows;
import static dev.strata.cli.demo.RetailValues.customerId;
import static dev.strata.cli.demo.RetailValues.differentAddress;
import static dev.strata.cli.demo.RetailValues.email;
import static dev.strata.cli.demo.RetailValues.name;
import static dev.strata.cli.demo.RetailValues.pick;
import static dev.strata.cli.demo.RetailValues.timeOn;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The customers JSON-lines file of a batch: its lines, each clean or with one defect. */
final class CustomerRows {
    static final List<String> TIERS = List.of("bronze", "silver", "gold", "platinum");
    private static final List<String> BAD_CUSTOMER_TIMESTAMPS = List.of("last tuesday", "not-a-date");
    private static final List<String> UNKNOWN_TIERS = List.of("diamond", "vip");

    private CustomerRows() {}

    record CustomerRow(
            RowKind kind,
            int index,
            String customerId,
            String address,
            String tier,
            LocalDateTime at,
            String line,
            boolean newId)
            implements RetailValues.GeneratedRow {}

    static List<CustomerRow> customers(int batch, int scale) {
        Profile profile = batch == 1 ? Profile.FIRST_CUSTOMERS : Profile.LATER_CUSTOMERS;
        int rows = profile.rows() * scale;
        int nextIndex = 1
                + (batch == 1
                        ? 0
                        : (Profile.FIRST_CUSTOMERS.newIds() + (batch - 2) * Profile.LATER_CUSTOMERS.newIds()) * scale);
        List<CustomerRow> resent = batch == 1
                ? List.of()
                : pick(cleanRows(customers(1, scale), Profile.FIRST_CUSTOMERS), profile.count(RowKind.UPDATE) * scale);
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

    /** The file's text: one JSON object (or a malformed line) per line. */
    static String jsonLines(List<CustomerRow> customers) {
        StringBuilder json = new StringBuilder(customers.size() * 160);
        for (CustomerRow c : customers) {
            json.append(c.line()).append('\n');
        }
        return json.toString();
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
}
