package dev.strata.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared test broker comes back on its port with its data after {@code stop()}: what the outage tests rely on. */
@ExtendWith(KafkaBroker.class)
class KafkaBrokerRestartIT {
    @Test
    void keepsItsRecordsAndPortAcrossARestart(KafkaBroker.Server kafka) {
        kafka.createTopic("restart-check", 1);
        kafka.produce("restart-check", List.of("a", "b"));
        kafka.stop();
        assertThat(kafka.running()).isFalse();
        kafka.start();
        kafka.produce("restart-check", List.of("c"));
        List<ConsumerRecord<String, String>> records =
                kafka.read("restart-check", 3, Duration.ofSeconds(60), Duration.ZERO);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("a", "b", "c");
    }
}
