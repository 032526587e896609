package dev.blocks.delivery.log;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

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

  private InMemoryLog(InstantSource clock, Duration transactionTimeout) {
    super(clock, transactionTimeout);
    createInternalTopics();
  }

  /**
   * Returns an empty log whose record timestamps (for age retention) come from {@code clock}.
   *
   * @param clock the wall clock
   * @return the log
   */
  public static InMemoryLog create(InstantSource clock) {
    return new InMemoryLog(clock, DEFAULT_TRANSACTION_TIMEOUT);
  }

  /**
   * Returns an empty log whose record timestamps and transaction deadlines come from {@code clock}.
   * A transaction left open for {@code transactionTimeout} (Kafka's {@code transaction.timeout.ms},
   * 60 s by default) is aborted and its producer fenced with the next epoch, so that read-committed
   * readers are never held back for longer.
   *
   * @param clock the wall clock
   * @param transactionTimeout in (0, 365 days]
   * @return the log
   * @throws IllegalArgumentException if the timeout is out of range
   */
  public static InMemoryLog create(InstantSource clock, Duration transactionTimeout) {
    return new InMemoryLog(
        Objects.requireNonNull(clock, "clock"), checkTransactionTimeout(transactionTimeout));
  }

  /**
   * Returns an empty log that reads the system clock for record timestamps.
   *
   * @return the log
   */
  public static InMemoryLog create() {
    return new InMemoryLog(InstantSource.system(), DEFAULT_TRANSACTION_TIMEOUT);
  }

  @Override
  PartitionStore openStore(String topic, int partition, long firstOffset) {
    return new MemoryPartitionStore(firstOffset);
  }

  @Override
  void persistTopic(String topic, int partitions, Retention retention) {}
}
