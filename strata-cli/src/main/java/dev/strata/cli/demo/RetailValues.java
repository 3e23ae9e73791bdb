package dev.strata.cli.demo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** The values every generated file shares: days, names, amounts, ids and addresses, and picking rows to re-send. */
final class RetailValues {
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
    static final int DAYS_PER_BATCH = 5;
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

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

    private RetailValues() {}

    /** A generated line and the kind of defect (or none) it carries. */
    interface GeneratedRow {
        RowKind kind();
    }

    /** The clean rows of a first batch that no later line of it copies: the ones a later batch may update. */
    static <T extends GeneratedRow> List<T> cleanRows(List<T> all, Profile profile) {
        Set<Integer> copied = profile.copiedOffsets();
        List<T> clean = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            if (all.get(r).kind() == RowKind.CLEAN && !copied.contains(r % profile.rows())) {
                clean.add(all.get(r));
            }
        }
        return clean;
    }

    static int count(List<? extends GeneratedRow> rows, RowKind kind) {
        return (int) rows.stream().filter(row -> row.kind() == kind).count();
    }

    static <T> List<T> pick(List<T> candidates, int count) {
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

    static long cents(Random random) {
        return 500L + random.nextInt(49_501); // 5.00 .. 500.00
    }

    static long differentCents(Random random, long cents) {
        long changed = cents(random);
        return changed == cents ? (cents == 50_000 ? 500 : cents + 1) : changed;
    }

    static String amount(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    // 08:00:00 .. 20:59:59, so that a duplicate up to 3 hours later stays on the same day.
    static LocalDateTime timeOn(LocalDate day, Random random) {
        return day.atTime(8, 0).plusSeconds(random.nextInt(13 * 3600));
    }

    static String orderId(int n) {
        return String.format(Locale.ROOT, "O%06d", n);
    }

    static String customerId(int index) {
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

    static String name(int index) {
        return firstName(index) + " " + lastName(index);
    }

    static String email(int index) {
        int round = (index - 1) / (FIRST_NAMES.size() * LAST_NAMES.size());
        return (firstName(index) + "." + lastName(index)).toLowerCase(Locale.ROOT)
                + (round == 0 ? "" : "." + (round + 1))
                + "@example.com";
    }

    static String address(Random random) {
        return (1 + random.nextInt(199)) + " " + STREETS.get(random.nextInt(STREETS.size())) + ", "
                + CITIES.get(random.nextInt(CITIES.size()));
    }

    static String differentAddress(Random random, String address) {
        String moved = address(random);
        return moved.equals(address) ? "1" + moved : moved;
    }
}
