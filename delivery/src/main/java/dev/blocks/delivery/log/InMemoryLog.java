package dev.blocks.delivery.log;

import java.time.InstantSource;

/**
 * The in-process {@link PartitionedLog}: every partition in memory, nothing persisted.
 *
 * <p>Use it for tests, simulations and single-process pipelines; {@link FileLog} adds durability
 * with the same behaviour. Appends cost one array slot per record and never copy the payload: the
 * caller hands the arrays over and must not modify them afterwards.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.PartitionedLogSnippets region=produceConsume}
 *
 * <p>Thread-safe: every method synchronizes on the log (one writer at a time, as a single-writer
 * state machine).
 *
 * @since 0.1
 */
public final class InMemoryLog extends LogEngine {

  private InMemoryLog(InstantSource clock) {
    super(clock);
    createInternalTopics();
  }

  /**
   * Returns an empty log whose record timestamps (for age retention) come from {@code clock}.
   *
   * @param clock the wall clock
   * @return the log
   */
  public static InMemoryLog create(InstantSource clock) {
    return new InMemoryLog(clock);
  }

  /**
   * Returns an empty log that reads the system clock for record timestamps.
   *
   * @return the log
   */
  public static InMemoryLog create() {
    return new InMemoryLog(InstantSource.system());
  }

  @Override
  PartitionStore openStore(String topic, int partition, long firstOffset) {
    return new MemoryPartitionStore(firstOffset);
  }

  @Override
  void persistTopic(String topic, int partitions, Retention retention) {}
}
