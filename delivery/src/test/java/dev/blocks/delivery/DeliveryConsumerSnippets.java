package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.PartitionedLog;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryConsumerSnippets {

  @Test
  void consume() {
    PartitionedLog log = InMemoryLog.create();
    log.createTopic("payments", 2, Retention.unlimited());
    log.createTopic("payments.dlq", 1, Retention.unlimited());
    log.append(
        TopicPartition.of("payments", 0), new byte[0], "pay-1".getBytes(StandardCharsets.UTF_8));
    List<String> applied = new ArrayList<>();
    // @start region=consume
    ProcessedMessages processed = ProcessedMessages.inMemory(); // or a table in your database
    DeliveryConsumer consumer =
        DeliveryConsumer.builder(log, "ledger", "worker-1", "payments")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .idempotentSink(processed, r -> r.topic() + "-" + r.partition() + "@" + r.offset())
            .handler(r -> applied.add(new String(r.value(), StandardCharsets.UTF_8)))
            .deadLetter("payments.dlq", 5) // after 5 failed attempts
            .backoff(
                BackoffSchedule.exponential(Duration.ofMillis(50), Duration.ofSeconds(5)),
                System::nanoTime)
            .build();
    consumer.poll(); // call in a loop
    // @end
    assertThat(applied).containsExactly("pay-1");
  }
}
