package dev.strata.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> MODES = List.of("append", "overwrite", "merge", "scd2", "delete");

    @Test
    void suggestsTheClosestCandidateWithinTwoEdits() {
        assertThat(Suggestions.closest("apend", MODES)).contains("append");
        assertThat(Suggestions.closest("MERGE", MODES)).contains("merge");
        assertThat(Suggestions.closest("overwirte", MODES)).contains("overwrite");
    }

    @Test
    void suggestsOurWordForAnotherToolsWord() {
        assertThat(Suggestions.closest("upsert", MODES)).contains("merge");
        assertThat(Suggestions.closest("accepted_values", List.of("in_set", "not_null")))
                .contains("in_set");
    }

    @Test
    void suggestsAWordTheInputIsAPrefixOf() {
        assertThat(Suggestions.closest("partition", List.of("partition_by", "keys")))
                .contains("partition_by");
    }

    @Test
    void suggestsNothingForAFarOffWord() {
        assertThat(Suggestions.closest("xyz", MODES)).isEmpty();
        assertThat(Suggestions.closest("", MODES)).isEmpty();
    }

    @Test
    void allowsOnlyOneEditInShortWords() {
        assertThat(Suggestions.closest("sc", List.of("scd2"))).isEmpty();
        assertThat(Suggestions.closest("scd", List.of("scd2"))).contains("scd2");
    }

    @Test
    void wordsTheSuggestion() {
        assertThat(Suggestions.didYouMean("wirte", List.of("write"), true)).contains("did you mean 'write'?");
        assertThat(Suggestions.didYouMean("silver.order", List.of("silver.orders"), false))
                .contains("did you mean silver.orders?");
    }
}
