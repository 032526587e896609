package dev.blocks.core.sharding;

import java.util.Arrays;

/**
 * A hash ring in a flat layout: one sorted {@code long[]} whose entries pack a 43-bit ring position
 * above a 20-bit owner index, and a direct-mapped bucket index over the top bits of the position,
 * so a successor lookup is one index read and a short forward scan, without a binary search or any
 * pointer chasing.
 */
final class Ring {

  static final int POSITION_BITS = 43;
  static final int OWNER_BITS = 20;
  static final int MAX_OWNERS = 1 << OWNER_BITS;
  private static final long OWNER_MASK = MAX_OWNERS - 1;

  private final long[] entries;
  private final int[] bucketStart;
  private final int shift;

  /** Builds a ring from unsorted packed entries (see {@link #entry}). */
  Ring(long[] entries) {
    Arrays.sort(entries);
    this.entries = entries;
    int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, entries.length - 1)));
    bits = Math.min(bits, 24);
    this.shift = POSITION_BITS - bits;
    int buckets = 1 << bits;
    this.bucketStart = new int[buckets + 1];
    int e = 0;
    for (int b = 0; b < buckets; b++) {
      while (e < entries.length && position(entries[e]) >>> shift < b) {
        e++;
      }
      bucketStart[b] = e;
    }
    bucketStart[buckets] = entries.length;
  }

  static long entry(long pointHash, int owner) {
    return (pointHash >>> (64 - POSITION_BITS)) << OWNER_BITS | owner;
  }

  static long position(long entry) {
    return entry >>> OWNER_BITS;
  }

  static long keyPosition(long keyHash) {
    return keyHash >>> (64 - POSITION_BITS);
  }

  static int owner(long entry) {
    return (int) (entry & OWNER_MASK);
  }

  int size() {
    return entries.length;
  }

  long entryAt(int index) {
    return entries[index];
  }

  /** Index of the first entry at or after {@code position}, wrapping to 0 past the end. */
  int successor(long position) {
    long target = position << OWNER_BITS;
    int i = bucketStart[(int) (position >>> shift)];
    long[] e = entries;
    while (i < e.length && e[i] < target) {
      i++;
    }
    return i == e.length ? 0 : i;
  }

  /** Clockwise distance from {@code position} to the entry at {@code index}. */
  long distance(long position, int index) {
    long d = position(entries[index]) - position;
    return d < 0 ? d + (1L << POSITION_BITS) : d;
  }
}
