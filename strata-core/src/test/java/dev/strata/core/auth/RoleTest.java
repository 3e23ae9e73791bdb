package dev.strata.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void eachRoleIncludesTheOnesBeforeIt() {
        assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
        assertThat(Role.EDITOR.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.EDITOR.includes(Role.ADMIN)).isFalse();
    }

    @Test
    void maxIsTheStrongerRole() {
        assertThat(Role.VIEWER.max(Role.EDITOR)).isEqualTo(Role.EDITOR);
        assertThat(Role.ADMIN.max(Role.VIEWER)).isEqualTo(Role.ADMIN);
        assertThat(Role.OPERATOR.max(null)).isEqualTo(Role.OPERATOR);
    }

    @Test
    void parsesWhatUsersWrite() {
        assertThat(Role.parse(" Operator ")).hasValue(Role.OPERATOR);
        assertThat(Role.parse("root")).isEmpty();
        assertThat(Role.parse(null)).isEmpty();
        assertThat(Role.labels()).isEqualTo("viewer, operator, editor, admin");
    }
}
