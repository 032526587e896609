package dev.blocks.delivery;

import dev.blocks.delivery.log.LogRecord;

/**
 * Turns one input message into output records, for the transactional exactly-once sink: the outputs
 * and the input's offset are committed in one log transaction.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Transform {

  /**
   * Emits the outputs of {@code record}. Outputs of a failed attempt are discarded.
   *
   * @param record the input
   * @param out where outputs go
   * @throws Exception when the attempt failed
   */
  void apply(LogRecord record, Emitter out) throws Exception;

  /** Receives the outputs of one input. Not thread-safe. */
  interface Emitter {
    /**
     * Emits one output record to the output topic, partitioned by key.
     *
     * @param key the key
     * @param value the value
     */
    void emit(byte[] key, byte[] value);
  }
}
