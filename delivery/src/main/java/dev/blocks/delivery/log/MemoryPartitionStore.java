package dev.blocks.delivery.log;

import java.util.Arrays;

/** Payloads in two growable arrays. Not thread-safe; the engine's lock guards it. */
final class MemoryPartitionStore implements PartitionStore {

  private static final byte[][] EMPTY = new byte[0][];
  private byte[][] keys = EMPTY;
  private byte[][] values = EMPTY;
  private long base;
  private int size;
  private int cleared;

  MemoryPartitionStore(long firstOffset) {
    this.base = firstOffset;
  }

  @Override
  public void append(
      long offset,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      byte[] key,
      byte[] value) {
    if (size == keys.length) {
      int capacity = Math.max(16, size * 2);
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }

  @Override
  public void appendBatch(
      long firstOffset,
      byte kind,
      long pid,
      int epoch,
      int firstSeq,
      long timestamp,
      byte[][] batchKeys,
      byte[][] batchValues,
      int count) {
    if (size + count > keys.length) {
      int capacity = Math.max(16, Math.max(size + count, size * 2));
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    System.arraycopy(batchKeys, 0, keys, size, count);
    System.arraycopy(batchValues, 0, values, size, count);
    size += count;
  }

  @Override
  public byte[] key(long offset) {
    return keys[(int) (offset - base)];
  }

  @Override
  public byte[] value(long offset) {
    return values[(int) (offset - base)];
  }

  @Override
  public void dropBefore(long offset) {
    int drop = (int) (offset - base);
    if (drop <= 0) {
      return;
    }
    if (drop >= 1024 && drop > size / 2) {
      System.arraycopy(keys, drop, keys, 0, size - drop);
      System.arraycopy(values, drop, values, 0, size - drop);
      Arrays.fill(keys, size - drop, size, null);
      Arrays.fill(values, size - drop, size, null);
      size -= drop;
      base = offset;
      cleared = 0;
    } else {
      for (int i = cleared; i < drop; i++) {
        keys[i] = null;
        values[i] = null;
      }
      cleared = Math.max(cleared, drop);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
