package dev.blocks.delivery.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reusable list of records to append to one partition in a single call: one lock, one consecutive
 * offset range, and for a sequenced append one sequence range.
 *
 * <p>This is the shape of a Kafka record batch: the producer gathers records per partition and
 * sends them together, and the log numbers them from a base offset (and a base sequence). Build a
 * batch with {@link #add}, hand it to {@link PartitionedLog#append(TopicPartition, RecordBatch)} or
 * {@link PartitionedLog#append(ProducerId, int, TopicPartition, RecordBatch)}, then {@link #clear}
 * it and fill it again: after warm-up no call allocates. The log keeps references to the key and
 * value arrays, not copies, so the caller must not modify them after appending.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.PartitionedLogSnippets region=batch}
 *
 * <p>Not thread-safe: confine a batch to one thread.
 *
 * @since 0.1
 */
public final class RecordBatch {

  private byte[][] keys;
  private byte[][] values;
  private int size;

  private RecordBatch(int capacity) {
    this.keys = new byte[capacity][];
    this.values = new byte[capacity][];
  }

  /**
   * Returns an empty batch with room for {@code capacity} records before it grows.
   *
   * @param capacity the initial capacity, at least 1
   * @return the batch
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static RecordBatch withCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    return new RecordBatch(capacity);
  }

  /**
   * Adds a record at the end.
   *
   * @param key the key, possibly empty
   * @param value the value, possibly empty
   * @return this
   * @throws NullPointerException if the key or the value is null
   */
  public RecordBatch add(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (size == keys.length) {
      int capacity = keys.length * 2;
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    keys[size] = key;
    values[size] = value;
    size++;
    return this;
  }

  /**
   * Returns how many records the batch holds.
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * Returns the key of record {@code i}.
   *
   * @param i the index, in {@code [0, size())}
   * @return the key
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
   * @return the value
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public byte[] value(int i) {
    Objects.checkIndex(i, size);
    return values[i];
  }

  /**
   * Empties the batch, keeping its capacity.
   *
   * @return this
   */
  public RecordBatch clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    return this;
  }

  byte[][] keys() {
    return keys;
  }

  byte[][] values() {
    return values;
  }

  @Override
  public String toString() {
    return "RecordBatch[" + size + " records]";
  }
}
