package dev.blocks.delivery.log;

import java.util.List;
import java.util.Objects;

/**
 * The partitions one member of a consumer group owns in one generation.
 *
 * <p>Immutable.
 *
 * @param group the group
 * @param member the member id
 * @param generation the group generation this assignment belongs to
 * @param partitions the owned partitions, sorted
 * @since 0.1
 */
public record Assignment(
    String group, String member, int generation, List<TopicPartition> partitions) {

  /** Validates and copies the components. */
  public Assignment {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(member, "member");
    partitions = List.copyOf(partitions);
  }
}
