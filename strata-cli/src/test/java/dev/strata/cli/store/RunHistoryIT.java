package dev.strata.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.engine.run.RunHistory;
import dev.strata.store.MetadataRunStoreProvider;
import dev.strata.store.ScratchDatabase;
import dev.strata.store.StoreLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Where a run keeps its ledger: the store it was given, or nowhere at all when that store does not open. */
class RunHistoryIT {
    @Test
    void aRunGivenADatabaseKeepsItsLedgerThere() {
        try (ScratchDatabase database = ScratchDatabase.create();
                RunHistory history = RunHistory.open(
                        new MetadataRunStoreProvider(),
                        Map.of("STRATA_DB_URL", database.settings(null).url(), "STRATA_DB_USER", "postgres"),
                        warning -> {})) {
            assertThat(history.ledgers().open("/lake", new Configuration())).isInstanceOf(StoreLedger.class);
        }
    }

    @Test
    void aRunGivenADatabaseThatDoesNotOpenRunsNothing() {
        List<String> warnings = new ArrayList<>();
        try (RunHistory history = RunHistory.open(
                new MetadataRunStoreProvider(),
                Map.of("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1:1/nothing", "STRATA_DB_PASSWORD", "canary-pw"),
                warnings::add)) {
            assertThatThrownBy(history::ledgers)
                    .isInstanceOf(StrataException.class)
                    .hasMessageContaining("Cannot keep the run ledger in the metadata store")
                    .hasMessageContaining("unset STRATA_DB_URL to keep the ledger in files");
            assertThat(warnings)
                    .singleElement()
                    .asString()
                    .contains("127.0.0.1:1")
                    .doesNotContain("canary-pw");
        }
    }
}
