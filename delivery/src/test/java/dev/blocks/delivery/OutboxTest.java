package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void relayCrashAfterAppendBeforeMarking_restoredRelayAppendsNothingTwice() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("events", 1, Retention.unlimited());
    Outbox outbox = Outbox.create(log, "billing-outbox");
    outbox.add("events", b("a"), b("1"));
    outbox.add("events", b("a"), b("2"));
    List<Outbox.Entry> stored = outbox.pending(); // what the database holds
    assertThat(outbox.relay()).isEqualTo(2); // appended, but the process dies before marking
    Outbox restored = Outbox.restore(log, "billing-outbox", stored);
    restored.add("events", b("a"), b("3"));
    assertThat(restored.relay()).isEqualTo(3);
    assertThat(log.read(TopicPartition.of("events", 0), 0, 10, Isolation.READ_COMMITTED).records())
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("1", "2", "3");
    outbox.add("events", b("a"), b("zombie"));
    assertThatThrownBy(outbox::relay)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was fenced");
  }
}
