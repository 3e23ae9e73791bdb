package dev.strata.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSpecTest {
    @Test
    void withOnFailKeepsEveryOtherField() throws ReflectiveOperationException {
        RecordComponent[] components = RuleSpec.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = sample(components[i].getType(), i);
        }
        RuleSpec rule = RuleSpec.class
                .getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
                .newInstance(values);

        RuleSpec changed = rule.withOnFail(OnFail.FAIL);

        assertThat(changed.onFail()).isEqualTo(OnFail.FAIL);
        for (RecordComponent component : components) {
            if (!component.getName().equals("onFail")) {
                assertThat(component.getAccessor().invoke(changed))
                        .as(component.getName())
                        .isEqualTo(component.getAccessor().invoke(rule));
            }
        }
    }

    /** A value of the type, different per position, so that two fields swapped would show. */
    private static Object sample(Class<?> type, int position) {
        if (type == String.class) {
            return "v" + position;
        }
        if (type == Double.class) {
            return 0.5 + position;
        }
        if (type == Integer.class) {
            return position + 1;
        }
        if (type == Boolean.class) {
            return Boolean.TRUE;
        }
        if (type == BigDecimal.class) {
            return BigDecimal.valueOf(position);
        }
        if (type == List.class) {
            return List.of("v" + position);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[position % constants.length];
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
