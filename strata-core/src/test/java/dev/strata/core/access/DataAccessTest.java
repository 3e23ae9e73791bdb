package dev.strata.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.AccessSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataAccessTest {
    private static final AccessSpec SPEC = new AccessSpec(
            Map.of(
                    "email", Map.of("viewer", "hash", "analyst", "clear", "default", "redact"),
                    "phone", Map.of("viewer", "last4"),
                    "note", Map.of("default", "upper(substr(note, 1, 1))")),
            Map.of("viewer", "country = 'DE'", "default", "false"));

    @Test
    void aRolesOwnPolicyWinsOverTheDefaultAndClearMasksNothing() {
        DataAccess viewer = DataAccess.resolve(SPEC, "viewer");
        assertThat(viewer.masks())
                .containsOnly(
                        Map.entry("email", new MaskPolicy(MaskPolicy.Kind.HASH, null)),
                        Map.entry("phone", new MaskPolicy(MaskPolicy.Kind.LAST4, null)),
                        Map.entry("note", new MaskPolicy(MaskPolicy.Kind.EXPRESSION, "upper(substr(note, 1, 1))")));
        assertThat(viewer.rowFilter()).contains("country = 'DE'");

        DataAccess analyst = DataAccess.resolve(SPEC, "analyst");
        assertThat(analyst.masks()).containsOnlyKeys("note");
        assertThat(analyst.rowFilter()).as("the default filter").contains("false");

        DataAccess other = DataAccess.resolve(SPEC, "auditor");
        assertThat(other.masks().get("email").kind()).isEqualTo(MaskPolicy.Kind.REDACT);
        assertThat(other.masks()).doesNotContainKey("phone");
    }

    @Test
    void noAccessSpecRestrictsNothing() {
        assertThat(DataAccess.resolve(null, "viewer").restricts()).isFalse();
        assertThat(DataAccess.resolve(new AccessSpec(null, null), "viewer"))
                .isEqualTo(new DataAccess(Map.of(), Optional.empty()));
        assertThat(MaskPolicy.parse(" NULL ").kind()).isEqualTo(MaskPolicy.Kind.NULL);
    }
}
