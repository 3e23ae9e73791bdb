package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnscaledValue;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decimal columns measured without a {@code java.math.BigDecimal} per value, with the same results. Spark keeps a
 * decimal of up to 18 digits as a long of its unscaled digits, but compares it with a literal of another scale, and
 * casts it to a double, through a BigDecimal made for each row. A bound of the column's own type compares the longs;
 * and a double of at most 15 digits is the unscaled long divided by a power of ten, which is exactly what {@code
 * BigDecimal.doubleValue} computes for such a value (one correctly rounded division).
 */
final class DecimalValues {
    /** Digits of a decimal whose unscaled value is below 2^52, where that division is BigDecimal's own. */
    private static final int EXACT_DOUBLE_DIGITS = 15;

    /** Scales whose power of ten is an exact double (10^22 is the largest). */
    private static final int EXACT_POWERS = 22;

    private DecimalValues() {}

    /** The type of top-level column {@code name}, or null when {@code schema} is unknown or has no such column. */
    static DataType type(StructType schema, String name) {
        if (schema == null || name == null) {
            return null;
        }
        return Arrays.stream(schema.fields())
                .filter(f -> f.name().equals(name))
                .map(StructField::dataType)
                .findFirst()
                .orElse(null);
    }

    /**
     * {@code bound} as a literal to compare a column of {@code type} with: of the column's own decimal type when it is
     * one of at most 18 digits and holds the bound exactly, so the comparison needs no cast; else as given.
     */
    static Column bound(BigDecimal bound, DataType type) {
        if (type instanceof DecimalType decimal && decimal.precision() <= Decimal.MAX_LONG_DIGITS()) {
            try {
                BigDecimal scaled = bound.setScale(decimal.scale());
                if (scaled.precision() <= decimal.precision()) {
                    Decimal value = new Decimal()
                            .set(scaled.unscaledValue().longValueExact(), decimal.precision(), decimal.scale());
                    return new Column(new Literal(value, decimal));
                }
            } catch (ArithmeticException e) {
                // More decimals than the column has: compared as given.
            }
        }
        return lit(bound);
    }

    /** {@code value}, of {@code type}, as a double: bit for bit what {@code CAST(value AS DOUBLE)} gives. */
    static Column asDouble(Column value, DataType type) {
        if (type instanceof DecimalType decimal
                && decimal.precision() <= EXACT_DOUBLE_DIGITS
                && decimal.scale() >= 0
                && decimal.scale() <= EXACT_POWERS) {
            Column unscaled = new Column(new UnscaledValue(value.expr())).cast("double");
            return decimal.scale() == 0 ? unscaled : unscaled.divide(lit(Double.parseDouble("1e" + decimal.scale())));
        }
        return value.cast("double");
    }
}
