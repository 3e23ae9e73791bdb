package dev.strata.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void keepsOnlyTheFirstLine() {
        assertThat(Messages.firstLine(new IllegalStateException("[X] broken table\n== Plan ==\nProject")))
                .isEqualTo("[X] broken table");
    }

    @Test
    void namesTheTypeWhenThereIsNoMessage() {
        assertThat(Messages.firstLine(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
