package dev.blocks.delivery.log;

/**
 * The identity of one producer instance: a producer id and its epoch.
 *
 * <p>The log keeps one sequence per producer id and partition. Calling {@link
 * PartitionedLog#initProducer(String)} again with the same transactional id bumps the epoch: the
 * log then rejects everything from older epochs (the old instance is fenced).
 *
 * <p>Immutable.
 *
 * @param id the producer id, at least 0
 * @param epoch the epoch, at least 0
 * @since 0.1
 */
public record ProducerId(long id, int epoch) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is negative
   */
  public ProducerId {
    if (id < 0) {
      throw new IllegalArgumentException("producer id must be >= 0, got " + id);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
  }
}
