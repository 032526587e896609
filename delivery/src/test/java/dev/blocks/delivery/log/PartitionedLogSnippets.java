package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionedLogSnippets {

  @Test
  void produceConsume() {
    // @start region=produceConsume
    PartitionedLog log = InMemoryLog.create();
    log.createTopic("orders", 4, Retention.unlimited());
    byte[] key = "customer-42".getBytes(StandardCharsets.UTF_8);
    TopicPartition tp = TopicPartition.of("orders", log.partitionFor("orders", key));

    ProducerId producer = log.initProducer("checkout"); // id + epoch
    log.append(producer, 0, tp, key, "order-1".getBytes(StandardCharsets.UTF_8));
    AppendResult again =
        log.append(producer, 0, tp, key, "order-1".getBytes(StandardCharsets.UTF_8));
    // again.status() == DUPLICATE: acknowledged, not appended twice

    Assignment mine = log.join("billing", "worker-1", "orders"); // owns all 4 partitions
    Fetch fetch = log.read(tp, 0, 100, Isolation.READ_COMMITTED);
    log.commitOffset("billing", "worker-1", mine.generation(), tp, fetch.nextOffset());
    // @end
    assertThat(again.status()).isEqualTo(AppendResult.Status.DUPLICATE);
    assertThat(fetch.records()).hasSize(1);
    assertThat(log.committedOffset("billing", tp)).hasValue(1);
  }
}
