package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.RunStoreProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's RunnerMain finds the metadata store through the service strata-store registers. */
class RunStoreProviderTest {
    @Test
    void theStoreIsTheRunStoreOnTheClassPath() {
        assertThat(RunStoreProvider.onClassPath()).isInstanceOf(MetadataRunStoreProvider.class);
    }

    @Test
    void onlyAnEnvironmentThatNamesADatabaseGivesRunsOne() {
        RunStoreProvider stores = new MetadataRunStoreProvider();
        assertThat(stores.namesDatabase(Map.of())).isFalse();
        assertThat(stores.namesDatabase(Map.of("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/strata")))
                .isTrue();
    }
}
