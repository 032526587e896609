package dev.blocks.delivery.log;

import java.util.Objects;

/**
 * A caller-owned, reusable buffer that a read fills with records: offsets, keys and values side by
 * side, without a {@link LogRecord} or a list per read.
 *
 * <p>{@link PartitionedLog#read(TopicPartition, long, Isolation, RecordBuffer)} (or a {@link
 * LogCursor}) clears it, fills up to {@link #capacity()} records, and sets {@link #nextOffset()}.
 * The key and value arrays are shared with the log, not copied: do not modify them. After warm-up
 * filling a buffer allocates nothing (for the in-process log); this is shown with JMH {@code -prof
 * gc} in {@code LogThroughputBenchmark}.
 *
 * <p>The filling methods ({@link #clear()}, {@link #add}, {@link #setNextOffset}) are public so
 * that implementations of {@link PartitionedLog} in other packages (a Kafka client) can fill it.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.PartitionedLogSnippets region=batch}
 *
 * <p>Not thread-safe: confine a buffer to one thread.
 *
 * @since 0.1
 */
public final class RecordBuffer {

  private final long[] offsets;
  private final byte[][] keys;
  private final byte[][] values;
  private int size;
  private long nextOffset;

  private RecordBuffer(int capacity) {
    this.offsets = new long[capacity];
    this.keys = new byte[capacity][];
    this.values = new byte[capacity][];
  }

  /**
   * Returns an empty buffer that holds up to {@code capacity} records.
   *
   * @param capacity the most records one read returns, at least 1
   * @return the buffer
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static RecordBuffer withCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    return new RecordBuffer(capacity);
  }

  /**
   * Returns the most records the buffer holds.
   *
   * @return the capacity
   */
  public int capacity() {
    return offsets.length;
  }

  /**
   * Returns how many records the last read put in.
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * Returns the offset of record {@code i}.
   *
   * @param i the index, in {@code [0, size())}
   * @return the offset
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public long offset(int i) {
    Objects.checkIndex(i, size);
    return offsets[i];
  }

  /**
   * Returns the key of record {@code i}.
   *
   * @param i the index, in {@code [0, size())}
   * @return the key (shared with the log)
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public byte[] key(int i) {
    Objects.checkIndex(i, size);
    return keys[i];
  }

  /**
   * Returns the value of record {@code i}.
   *
   * @param i the index, in {@code [0, size())}
   * @return the value (shared with the log)
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public byte[] value(int i) {
    Objects.checkIndex(i, size);
    return values[i];
  }

  /**
   * Returns the offset to read from next: it can be past the last record's offset plus one, as in
   * {@link Fetch#nextOffset()}.
   *
   * @return the offset
   */
  public long nextOffset() {
    return nextOffset;
  }

  /**
   * Empties the buffer (a read does this first).
   *
   * @return this
   */
  public RecordBuffer clear() {
    java.util.Arrays.fill(keys, 0, size, null);
    java.util.Arrays.fill(values, 0, size, null);
    size = 0;
    return this;
  }

  /**
   * Appends a record (for log implementations).
   *
   * @param offset the record's offset
   * @param key the key
   * @param value the value
   * @return this
   * @throws IllegalStateException if the buffer is full
   * @throws NullPointerException if the key or the value is null
   */
  public RecordBuffer add(long offset, byte[] key, byte[] value) {
    if (size == offsets.length) {
      throw new IllegalStateException("buffer is full: capacity " + offsets.length);
    }
    offsets[size] = offset;
    keys[size] = Objects.requireNonNull(key, "key");
    values[size] = Objects.requireNonNull(value, "value");
    size++;
    return this;
  }

  /**
   * Sets the offset to read from next (for log implementations).
   *
   * @param nextOffset the offset
   * @return this
   */
  public RecordBuffer setNextOffset(long nextOffset) {
    this.nextOffset = nextOffset;
    return this;
  }

  /** Adds without checks: the engine has checked capacity and nulls. */
  void put(long offset, byte[] key, byte[] value) {
    offsets[size] = offset;
    keys[size] = key;
    values[size] = value;
    size++;
  }

  @Override
  public String toString() {
    return "RecordBuffer[" + size + "/" + offsets.length + " records, next " + nextOffset + "]";
  }
}
