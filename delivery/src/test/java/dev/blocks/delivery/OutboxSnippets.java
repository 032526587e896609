package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Retention;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxSnippets {

  @Test
  void outbox() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("emails", 1, Retention.unlimited());
    // @start region=outbox
    Outbox outbox = Outbox.create(log, "signup-service");
    Outbox.Entry e =
        outbox.add(
            "emails",
            "user-7".getBytes(StandardCharsets.UTF_8),
            "welcome".getBytes(StandardCharsets.UTF_8));
    // store e in the same database transaction as the new user row, then:
    outbox.relay();
    // after a crash: Outbox.restore(log, "signup-service", entriesStillInTheTable).relay()
    // @end
    assertThat(e.sequence()).isZero();
    assertThat(outbox.pending()).isEqualTo(List.of());
  }
}
