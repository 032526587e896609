package dev.blocks.delivery.log;

/**
 * Where one partition's record payloads live: memory or segment files. The engine keeps the
 * per-offset metadata itself and calls a store under its lock only.
 */
interface PartitionStore {

  /** Stores one frame at {@code offset} (always the next offset). */
  void append(
      long offset,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      byte[] key,
      byte[] value);

  /**
   * Stores {@code count} data frames at {@code firstOffset} onwards (always the next offset), with
   * sequences {@code firstSeq + i} (or -1 for all when {@code firstSeq} is -1). The default appends
   * them one by one.
   */
  default void appendBatch(
      long firstOffset,
      byte kind,
      long pid,
      int epoch,
      int firstSeq,
      long timestamp,
      byte[][] keys,
      byte[][] values,
      int count) {
    for (int i = 0; i < count; i++) {
      append(
          firstOffset + i,
          kind,
          pid,
          epoch,
          firstSeq < 0 ? -1 : firstSeq + i,
          timestamp,
          keys[i],
          values[i]);
    }
  }

  /** Returns the key bytes of a retained offset. */
  byte[] key(long offset);

  /** Returns the value bytes of a retained offset. */
  byte[] value(long offset);

  /** Forgets everything before {@code offset} (retention). */
  void dropBefore(long offset);

  /** Makes every appended frame durable according to the store's policy. */
  void flush();

  /** Releases resources. */
  void close();
}
