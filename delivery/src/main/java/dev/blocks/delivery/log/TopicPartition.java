package dev.blocks.delivery.log;

import java.util.Objects;

/**
 * One partition of one topic: the unit of ordering, assignment and offset commits.
 *
 * <p>Immutable.
 *
 * @param topic the topic name, not blank
 * @param partition the partition number, at least 0
 * @since 0.1
 */
public record TopicPartition(String topic, int partition) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the topic is blank or the partition negative
   */
  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, got '" + topic + "'");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
  }

  /**
   * Returns the topic partition.
   *
   * @param topic the topic name
   * @param partition the partition number
   * @return the value
   */
  public static TopicPartition of(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
