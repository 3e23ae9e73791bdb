package dev.strata.cli.demo;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    /** Orders of every later batch: 60 rows per block, 10 of them updates of batch-1 orders. */
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
    /** Customers of batch 1: 50 lines per block. */
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
    /** Customers of every later batch: 20 lines per block, 5 of them updates of batch-1 customers. */
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
}
