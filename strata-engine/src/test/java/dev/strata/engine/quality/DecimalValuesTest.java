package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.SharedSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Decimal columns measured without a BigDecimal per value give what Spark's own cast and comparison give: the same
 * double, bit for bit, and the same verdict against a bound, over values at every edge of their type.
 */
class DecimalValuesTest {
    private static final int[][] TYPES = {{12, 2}, {15, 4}, {15, 0}, {9, 9}, {18, 3}, {20, 5}, {38, 10}};

    /** Random values of each type, with its extremes, zero, one unit of its last digit, and NULL. */
    private static Dataset<Row> values(int precision, int scale) {
        DataType type = DataTypes.createDecimalType(precision, scale);
        Random random = new Random(precision * 100L + scale);
        List<Row> rows = new ArrayList<>();
        BigDecimal largest =
                BigDecimal.TEN.pow(precision).subtract(BigDecimal.ONE).movePointLeft(scale);
        for (BigDecimal fixed : List.of(
                largest,
                largest.negate(),
                BigDecimal.ZERO,
                BigDecimal.ONE.movePointLeft(scale),
                new BigDecimal("0.1"))) {
            if (fixed.setScale(scale, java.math.RoundingMode.DOWN).compareTo(fixed) == 0
                    && fixed.precision() - fixed.scale() <= precision - scale) {
                rows.add(RowFactory.create(fixed.setScale(scale)));
            }
        }
        for (int i = 0; i < 2000; i++) {
            int digits = 1 + random.nextInt(Math.min(precision, 18));
            long unscaled = (long) (random.nextDouble() * Math.pow(10, digits));
            rows.add(RowFactory.create(BigDecimal.valueOf(random.nextBoolean() ? unscaled : -unscaled, scale)));
        }
        rows.add(RowFactory.create((Object) null));
        return SharedSpark.session().createDataFrame(rows, new StructType().add("v", type));
    }

    @Test
    void aDecimalAsADoubleIsTheCastBitForBit() {
        for (int[] t : TYPES) {
            DataType type = DataTypes.createDecimalType(t[0], t[1]);
            List<Row> pairs = values(t[0], t[1])
                    .select(col("v").cast("double"), DecimalValues.asDouble(col("v"), type))
                    .collectAsList();
            for (Row pair : pairs) {
                if (pair.isNullAt(0)) {
                    assertThat(pair.isNullAt(1)).isTrue();
                } else {
                    assertThat(Double.doubleToRawLongBits(pair.getDouble(1)))
                            .as("decimal(%d,%d) %s", t[0], t[1], pair.get(0))
                            .isEqualTo(Double.doubleToRawLongBits(pair.getDouble(0)));
                }
            }
        }
    }

    @Test
    void aBoundOfTheColumnsTypeComparesAsTheLiteralDoes() {
        List<BigDecimal> bounds = List.of(
                new BigDecimal("0"),
                new BigDecimal("1"),
                new BigDecimal("0.10"),
                new BigDecimal("-0.05"),
                new BigDecimal("200000"),
                new BigDecimal("0.125"),
                new BigDecimal("12345678901234567890"),
                new BigDecimal("1E-12"));
        for (int[] t : TYPES) {
            DataType type = DataTypes.createDecimalType(t[0], t[1]);
            Dataset<Row> values = values(t[0], t[1]);
            for (BigDecimal bound : bounds) {
                Column typed = DecimalValues.bound(bound, type);
                List<Row> verdicts = values.select(
                                col("v").geq(lit(bound)),
                                col("v").geq(typed),
                                col("v").lt(lit(bound)),
                                col("v").lt(typed))
                        .collectAsList();
                for (Row verdict : verdicts) {
                    assertThat(verdict.get(1))
                            .as("decimal(%d,%d) >= %s", t[0], t[1], bound)
                            .isEqualTo(verdict.get(0));
                    assertThat(verdict.get(3))
                            .as("decimal(%d,%d) < %s", t[0], t[1], bound)
                            .isEqualTo(verdict.get(2));
                }
            }
        }
    }

    @Test
    void aBoundTheColumnCannotHoldStaysAsGiven() {
        DataType type = DataTypes.createDecimalType(12, 2);
        assertThat(DecimalValues.bound(new BigDecimal("0.125"), type).expr().dataType())
                .isEqualTo(DataTypes.createDecimalType(3, 3));
        assertThat(DecimalValues.bound(new BigDecimal("0.1"), type).expr().dataType())
                .isEqualTo(type);
        assertThat(DecimalValues.bound(new BigDecimal("1E+12"), type).expr().dataType())
                .isNotEqualTo(type);
    }
}
