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

  @Test
  void batch() {
    // @start region=batch
    PartitionedLog log = InMemoryLog.create();
    log.createTopic("events", 1, Retention.unlimited());
    TopicPartition tp = TopicPartition.of("events", 0);
    ProducerId producer = log.initProducer("");

    RecordBatch batch = RecordBatch.withCapacity(64); // reused: clear() and fill again
    byte[] none = new byte[0];
    for (int i = 0; i < 3; i++) {
      batch.add(none, ("event-" + i).getBytes(StandardCharsets.UTF_8));
    }
    AppendResult first = log.append(producer, 0, tp, batch); // sequences 0, 1, 2; offsets 0, 1, 2
    AppendResult resent = log.append(producer, 0, tp, batch); // DUPLICATE: nothing appended

    RecordBuffer buffer = RecordBuffer.withCapacity(256); // reused by every poll
    LogCursor cursor = LogCursor.of(log, tp, Isolation.READ_COMMITTED, 0);
    int n;
    while ((n = cursor.poll(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        handle(buffer.offset(i), buffer.value(i));
      }
    }
    // @end
    assertThat(first).isEqualTo(new AppendResult(AppendResult.Status.APPENDED, 0));
    assertThat(resent.status()).isEqualTo(AppendResult.Status.DUPLICATE);
    assertThat(cursor.position()).isEqualTo(3);
    assertThat(handled).containsExactly("0=event-0", "1=event-1", "2=event-2");
  }

  private final java.util.List<String> handled = new java.util.ArrayList<>();

  private void handle(long offset, byte[] value) {
    handled.add(offset + "=" + new String(value, StandardCharsets.UTF_8));
  }
}
