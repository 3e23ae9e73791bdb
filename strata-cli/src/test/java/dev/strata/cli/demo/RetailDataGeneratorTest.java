package dev.strata.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.demo.RetailDataGenerator.Manifest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetailDataGeneratorTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern AMOUNT = Pattern.compile("-?\\d+\\.\\d{2}");
    private static final Pattern TIMESTAMP_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> TIERS = Set.of("bronze", "silver", "gold", "platinum");
    private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void regeneratesTheCommittedFirstBatchByteForByte() throws IOException {
        Manifest manifest = RetailDataGenerator.generate(tmp, 1, 1);

        assertThat(manifest.ordersFile()).isEqualTo(tmp.resolve("orders/orders-001.csv"));
        assertThat(manifest.customersFile()).isEqualTo(tmp.resolve("customers/customers-001.json"));
        assertSameBytes(manifest.ordersFile(), EXAMPLE.resolve("data/orders/orders-001.csv"));
        assertSameBytes(manifest.customersFile(), EXAMPLE.resolve("data/customers/customers-001.json"));
    }

    @Test
    void regeneratesTheCommittedSecondBatchByteForByte() throws IOException {
        Manifest manifest = RetailDataGenerator.generate(tmp, 2, 1);

        assertSameBytes(manifest.ordersFile(), EXAMPLE.resolve("batches/2/orders/orders-002.csv"));
        assertSameBytes(manifest.customersFile(), EXAMPLE.resolve("batches/2/customers/customers-002.json"));
    }

    @Test
    void manifestOfTheExampleSizeHasTheDocumentedCounts() {
        Manifest first = RetailDataGenerator.generate(tmp.resolve("1"), 1, 1);
        Manifest second = RetailDataGenerator.generate(tmp.resolve("2"), 2, 1);

        assertThat(first.orders()).isEqualTo(new Manifest.Orders(200, 4, 6, 5, 3, 3, 2, 0, 190));
        assertThat(first.customers()).isEqualTo(new Manifest.Customers(50, 2, 3, 2, 2, 1, 0, 43));
        assertThat(second.orders()).isEqualTo(new Manifest.Orders(60, 1, 2, 2, 1, 1, 1, 10, 47));
        assertThat(second.customers()).isEqualTo(new Manifest.Customers(20, 1, 1, 1, 1, 1, 5, 12));
    }

    @Test
    void manifestCountsMatchAnIndependentParseOfTheFiles() throws IOException {
        assertManifestMatchesFiles(1);
    }

    @Test
    void scaleThreeWritesThreeTimesEveryRowKindWithUniqueIds() throws IOException {
        Manifest one = RetailDataGenerator.generate(tmp.resolve("one"), 1, 1);
        Manifest oneLater = RetailDataGenerator.generate(tmp.resolve("one"), 2, 1);
        Manifest three = RetailDataGenerator.generate(tmp.resolve("three"), 1, 3);
        Manifest threeLater = RetailDataGenerator.generate(tmp.resolve("three"), 2, 3);

        assertThat(three.orders()).isEqualTo(times3(one.orders()));
        assertThat(three.customers()).isEqualTo(times3(one.customers()));
        assertThat(threeLater.orders()).isEqualTo(times3(oneLater.orders()));
        assertThat(threeLater.customers()).isEqualTo(times3(oneLater.customers()));
        assertManifestMatchesFiles(3);
    }

    @Test
    void laterBatchesResendOnlyTheDeclaredBatchOneIds() throws IOException {
        for (int scale : new int[] {1, 3}) {
            Path dir = tmp.resolve("s" + scale);
            RetailDataGenerator.generate(dir, 1, scale);
            Manifest second = RetailDataGenerator.generate(dir, 2, scale);
            Manifest third = RetailDataGenerator.generate(dir, 3, scale);

            Set<String> firstIds = orderIds(dir.resolve("orders/orders-001.csv"));
            Set<String> secondIds = orderIds(dir.resolve("orders/orders-002.csv"));
            Set<String> thirdIds = orderIds(dir.resolve("orders/orders-003.csv"));
            assertThat(intersection(firstIds, secondIds))
                    .hasSize(second.orders().updates());
            assertThat(intersection(firstIds, thirdIds)).hasSize(third.orders().updates());
            assertThat(intersection(secondIds, thirdIds))
                    .as("batch 3's new ids continue after batch 2's")
                    .isEqualTo(intersection(intersection(firstIds, secondIds), thirdIds));
        }
    }

    @Test
    void resentOrdersAreLaterAndChangeTheAmount() throws IOException {
        RetailDataGenerator.generate(tmp, 1, 1);
        RetailDataGenerator.generate(tmp, 2, 1);
        Map<String, List<String>> first = byId(csvRows(tmp.resolve("orders/orders-001.csv")));

        int checked = 0;
        for (List<String> row : csvRows(tmp.resolve("orders/orders-002.csv"))) {
            List<String> original = first.get(row.get(0));
            if (original != null) {
                assertThat(LocalDateTime.parse(row.get(5), TIMESTAMP))
                        .isAfter(LocalDateTime.parse(original.get(5), TIMESTAMP));
                assertThat(row.get(2)).isNotEqualTo(original.get(2));
                assertThat(List.of(row.get(1), row.get(3), row.get(4)))
                        .as("customer, currency and email of %s", row.get(0))
                        .isEqualTo(List.of(original.get(1), original.get(3), original.get(4)));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(10);
    }

    @Test
    void rejectsABatchOrScaleBelowOne() {
        assertThatThrownBy(() -> RetailDataGenerator.generate(tmp, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch 0");
        assertThatThrownBy(() -> RetailDataGenerator.generate(tmp, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale 0");
    }

    // ------------------------------------------------------------ independent parse

    private void assertManifestMatchesFiles(int scale) throws IOException {
        Path dir = tmp.resolve("parse-" + scale);
        Manifest first = RetailDataGenerator.generate(dir, 1, scale);
        Manifest second = RetailDataGenerator.generate(dir, 2, scale);

        Set<String> firstOrderIds = orderIds(first.ordersFile());
        assertThat(parseOrders(first.ordersFile(), Set.of())).isEqualTo(first.orders());
        assertThat(parseOrders(second.ordersFile(), firstOrderIds)).isEqualTo(second.orders());

        Set<String> firstCustomerIds = customerIds(first.customersFile());
        assertThat(parseCustomers(first.customersFile(), Set.of())).isEqualTo(first.customers());
        assertThat(parseCustomers(second.customersFile(), firstCustomerIds)).isEqualTo(second.customers());
    }

    /** Counts the orders file's row kinds from its text alone, and checks every row has at most one defect. */
    private static Manifest.Orders parseOrders(Path file, Set<String> earlierIds) throws IOException {
        List<List<String>> rows = csvRows(file);
        int nullKeys = 0, duplicates = 0, badEmails = 0, negative = 0, badAmounts = 0, badTimestamps = 0;
        Map<String, List<String>> seen = new HashMap<>();
        for (List<String> row : rows) {
            assertThat(row).as("fields of %s", row).hasSize(6);
            String id = row.get(0);
            int defects = 0;
            if (id.isEmpty()) {
                nullKeys++;
                defects++;
            } else if (seen.containsKey(id)) {
                List<String> earlier = seen.get(id);
                assertThat(LocalDateTime.parse(row.get(5), TIMESTAMP))
                        .as("duplicate %s is later than the first", id)
                        .isAfter(LocalDateTime.parse(earlier.get(5), TIMESTAMP));
                assertThat(row.get(2)).as("duplicate %s changes the amount", id).isNotEqualTo(earlier.get(2));
                duplicates++;
                defects++;
            } else {
                seen.put(id, row);
            }
            if (!EMAIL.matcher(row.get(4)).matches()) {
                badEmails++;
                defects++;
            }
            if (!AMOUNT.matcher(row.get(2)).matches()) {
                badAmounts++;
                defects++;
            } else if (new BigDecimal(row.get(2)).signum() < 0) {
                negative++;
                defects++;
            } else {
                assertThat(new BigDecimal(row.get(2))).isBetween(new BigDecimal("5.00"), new BigDecimal("500.00"));
            }
            if (!isTimestamp(row.get(5))) {
                badTimestamps++;
                defects++;
            }
            assertThat(row.get(3)).isIn(CURRENCIES);
            assertThat(row.get(1)).matches("C\\d{4,}");
            assertThat(defects).as("defects of row %s", row).isLessThanOrEqualTo(1);
        }
        int updates = intersection(seen.keySet(), earlierIds).size();
        return new Manifest.Orders(
                rows.size(),
                nullKeys,
                duplicates,
                badEmails,
                negative,
                badAmounts,
                badTimestamps,
                updates,
                seen.size() - updates);
    }

    /** Counts the customers file's line kinds from its text alone, and checks every line has at most one defect. */
    private static Manifest.Customers parseCustomers(Path file, Set<String> earlierIds) throws IOException {
        List<String> lines = lines(file);
        int nullKeys = 0, duplicates = 0, unknownTiers = 0, malformed = 0, badTimestamps = 0;
        Map<String, JsonNode> seen = new HashMap<>();
        for (String line : lines) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                malformed++;
                continue;
            }
            int defects = 0;
            JsonNode id = node.get("customer_id");
            if (id == null || id.isNull()) {
                nullKeys++;
                defects++;
            } else if (seen.containsKey(id.asText())) {
                assertThat(LocalDateTime.parse(node.get("updated_at").asText(), TIMESTAMP))
                        .as("duplicate %s is later than the first", id)
                        .isAfter(LocalDateTime.parse(
                                seen.get(id.asText()).get("updated_at").asText(), TIMESTAMP));
                duplicates++;
                defects++;
            } else {
                seen.put(id.asText(), node);
            }
            if (!TIERS.contains(node.get("tier").asText())) {
                unknownTiers++;
                defects++;
            }
            if (!isTimestamp(node.get("updated_at").asText())) {
                badTimestamps++;
                defects++;
            }
            assertThat(node.get("email").asText()).matches(EMAIL);
            assertThat(defects).as("defects of line %s", line).isLessThanOrEqualTo(1);
        }
        int updates = intersection(seen.keySet(), earlierIds).size();
        return new Manifest.Customers(
                lines.size(),
                nullKeys,
                duplicates,
                unknownTiers,
                malformed,
                badTimestamps,
                updates,
                seen.size() - updates);
    }

    private static boolean isTimestamp(String text) {
        if (!TIMESTAMP_SHAPE.matcher(text).matches()) {
            return false;
        }
        try {
            LocalDateTime.parse(text, TIMESTAMP); // strict: month 1-12, valid day of month, hour 0-23, …
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static List<List<String>> csvRows(Path file) throws IOException {
        List<String> lines = lines(file);
        assertThat(lines.get(0)).isEqualTo("order_id,customer_id,amount,currency,email,ordered_at");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(csvFields(line));
        }
        return rows;
    }

    // RFC 4180 fields of one line (the files have no embedded newlines).
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text)
                .as("%s uses \\n line endings and ends with one", file)
                .doesNotContain("\r")
                .endsWith("\n");
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    private static Set<String> orderIds(Path file) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (List<String> row : csvRows(file)) {
            if (!row.get(0).isEmpty()) {
                ids.add(row.get(0));
            }
        }
        return ids;
    }

    private static Set<String> customerIds(Path file) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines(file)) {
            try {
                JsonNode id = JSON.readTree(line).get("customer_id");
                if (id != null && !id.isNull()) {
                    ids.add(id.asText());
                }
            } catch (JsonProcessingException e) {
                // malformed line: not a customer
            }
        }
        return ids;
    }

    private static Map<String, List<String>> byId(List<List<String>> rows) {
        Map<String, List<String>> byId = new HashMap<>();
        for (List<String> row : rows) {
            if (!row.get(0).isEmpty()) {
                byId.putIfAbsent(row.get(0), row);
            }
        }
        return byId;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static Manifest.Orders times3(Manifest.Orders o) {
        return new Manifest.Orders(
                3 * o.rows(),
                3 * o.nullKeys(),
                3 * o.duplicates(),
                3 * o.badEmails(),
                3 * o.negativeAmounts(),
                3 * o.unparsableAmounts(),
                3 * o.unparsableTimestamps(),
                3 * o.updates(),
                3 * o.newIds());
    }

    private static Manifest.Customers times3(Manifest.Customers c) {
        return new Manifest.Customers(
                3 * c.rows(),
                3 * c.nullKeys(),
                3 * c.duplicates(),
                3 * c.unknownTiers(),
                3 * c.malformedJson(),
                3 * c.unparsableTimestamps(),
                3 * c.updates(),
                3 * c.newIds());
    }

    private static void assertSameBytes(Path generated, Path committed) throws IOException {
        assertThat(committed)
                .as("committed file %s (regenerate it, see examples/retail/README.md)", committed)
                .exists();
        assertThat(Files.readAllBytes(generated))
                .as("%s is byte-identical to %s", generated, committed)
                .isEqualTo(Files.readAllBytes(committed));
    }
}
