package dev.blocks.delivery.log;

import java.util.Objects;

/**
 * A reusable position in one partition that reads forward into a {@link RecordBuffer}: the
 * allocation-free way to consume a partition (a Kafka consumer's fetch position for one partition).
 *
 * <p>Each {@link #poll} reads from the cursor's position and moves it to the buffer's {@link
 * RecordBuffer#nextOffset()}. A cursor does not commit offsets; a consumer group member commits
 * them through {@link PartitionedLog#commitOffset}. If retention has moved the partition's start
 * past the position, {@code poll} throws; {@link #seek} to {@link PartitionedLog#startOffset} to
 * resume.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.PartitionedLogSnippets region=batch}
 *
 * <p>Not thread-safe: confine a cursor to one thread (the log itself is thread-safe).
 *
 * @since 0.1
 */
public final class LogCursor {

  private final PartitionedLog log;
  private final TopicPartition tp;
  private final Isolation isolation;
  private long position;

  private LogCursor(PartitionedLog log, TopicPartition tp, Isolation isolation, long position) {
    this.log = log;
    this.tp = tp;
    this.isolation = isolation;
    this.position = position;
  }

  /**
   * Returns a cursor at {@code offset} of a partition.
   *
   * @param log the log
   * @param tp the partition
   * @param isolation which transactional records are visible
   * @param offset the first offset to read, in {@code [startOffset, endOffset]}
   * @return the cursor
   * @throws IllegalArgumentException if the topic, partition or offset does not exist
   */
  public static LogCursor of(
      PartitionedLog log, TopicPartition tp, Isolation isolation, long offset) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(tp, "tp");
    Objects.requireNonNull(isolation, "isolation");
    long start = log.startOffset(tp);
    long end = log.endOffset(tp);
    if (offset < start || offset > end) {
      throw new IllegalArgumentException(
          "offset for " + tp + " must be in [" + start + ", " + end + "], got " + offset);
    }
    return new LogCursor(log, tp, isolation, offset);
  }

  /**
   * Reads the records after the position into {@code into} (up to its capacity) and moves the
   * position past them.
   *
   * @param into the buffer, cleared first
   * @return how many records were read; 0 at the end (or the last stable offset)
   * @throws IllegalArgumentException if retention dropped the position
   */
  public int poll(RecordBuffer into) {
    int n = log.read(tp, position, isolation, into);
    position = into.nextOffset();
    return n;
  }

  /**
   * Returns the offset the next poll reads from.
   *
   * @return the position
   */
  public long position() {
    return position;
  }

  /**
   * Moves the position.
   *
   * @param offset the next offset to read, in {@code [startOffset, endOffset]}
   * @throws IllegalArgumentException if out of range (the position is then unchanged)
   */
  public void seek(long offset) {
    long start = log.startOffset(tp);
    long end = log.endOffset(tp);
    if (offset < start || offset > end) {
      throw new IllegalArgumentException(
          "offset for " + tp + " must be in [" + start + ", " + end + "], got " + offset);
    }
    position = offset;
  }

  /**
   * Returns the partition.
   *
   * @return the partition
   */
  public TopicPartition topicPartition() {
    return tp;
  }

  @Override
  public String toString() {
    return "LogCursor[" + tp + "@" + position + ", " + isolation + "]";
  }
}
