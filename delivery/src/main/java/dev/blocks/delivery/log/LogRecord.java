package dev.blocks.delivery.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record read from a partition: where it sits and what it carries.
 *
 * <p>The arrays are shared with the log, not copied, so that reads allocate no payload copies: do
 * not modify them.
 *
 * <p>Immutable as long as nobody writes into the shared arrays.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset in its partition
 * @param key the key bytes, possibly empty, never null
 * @param value the value bytes, possibly empty, never null
 * @since 0.1
 */
public record LogRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

  /** Validates the components. */
  public LogRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the record's topic partition.
   *
   * @return a new value
   */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogRecord r
        && r.topic.equals(topic)
        && r.partition == partition
        && r.offset == offset
        && Arrays.equals(r.key, key)
        && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, Arrays.hashCode(key), Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return topic
        + "-"
        + partition
        + "@"
        + offset
        + "["
        + key.length
        + "B key, "
        + value.length
        + "B value]";
  }
}
