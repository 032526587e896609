package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the most frequent keys of a stream in bounded memory with the Space-Saving algorithm:
 * {@code capacity} counters; an unseen key replaces the smallest counter and inherits its count as
 * its overestimation error.
 *
 * <p>From Ahmed Metwally, Divyakant Agrawal and Amr El Abbadi, "Efficient Computation of Frequent
 * and Top-k Elements in Data Streams" (ICDT 2005). Guarantees: every key whose true count exceeds
 * {@code n / capacity} (for {@code n} offered keys) is tracked, and a tracked key's estimate
 * brackets its true count: {@code count - error <= true count <= count}. A min-heap over the
 * counters makes each offer {@code O(log capacity)}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=hot}
 *
 * <p>Not thread-safe: confine to one thread, or merge per-thread instances' {@link #top} results.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class HotKeys<K> {

  /**
   * A tracked key with its estimated count and the estimate's maximum overcount.
   *
   * @param key the key
   * @param count the estimate, at least the true count
   * @param error the most the estimate can exceed the true count
   * @param <K> the key type
   * @since 0.1
   */
  public record Counted<K>(K key, long count, long error) {

    /** Validates the fields. */
    public Counted {
      Objects.requireNonNull(key, "key");
      if (error < 0 || error > count) {
        throw new IllegalArgumentException("error must be in [0, count], got " + error);
      }
    }

    /**
     * Returns the guaranteed lower bound of the true count.
     *
     * @return {@code count - error}
     */
    public long guaranteed() {
      return count - error;
    }
  }

  private final int capacity;
  private final Map<K, Integer> slotOf = new HashMap<>();
  private final Object[] keys;
  private final long[] counts;
  private final long[] errors;
  private final int[] heap; // heap[h] = slot, ordered by counts[slot]
  private final int[] heapPos; // heapPos[slot] = h
  private int size;
  private long offered;

  /**
   * Creates a tracker with {@code capacity} counters.
   *
   * @param capacity the number of counters, at least 1
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public HotKeys(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.keys = new Object[capacity];
    this.counts = new long[capacity];
    this.errors = new long[capacity];
    this.heap = new int[capacity];
    this.heapPos = new int[capacity];
  }

  /**
   * Counts one occurrence of {@code key}.
   *
   * @param key the key
   */
  public void offer(K key) {
    offer(key, 1);
  }

  /**
   * Counts {@code weight} occurrences of {@code key}.
   *
   * @param key the key
   * @param weight the occurrences, at least 1
   * @throws IllegalArgumentException if {@code weight < 1}
   */
  public void offer(K key, long weight) {
    Objects.requireNonNull(key, "key");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1, got " + weight);
    }
    offered += weight;
    Integer slot = slotOf.get(key);
    if (slot != null) {
      counts[slot] += weight;
      siftDown(heapPos[slot]);
      return;
    }
    if (size < capacity) {
      int s = size++;
      keys[s] = key;
      counts[s] = weight;
      errors[s] = 0;
      heap[s] = s;
      heapPos[s] = s;
      slotOf.put(key, s);
      siftUp(s);
      return;
    }
    int s = heap[0];
    slotOf.remove(keys[s]);
    keys[s] = key;
    errors[s] = counts[s];
    counts[s] += weight;
    slotOf.put(key, s);
    siftDown(0);
  }

  /**
   * Returns up to {@code k} tracked keys, highest estimated count first.
   *
   * @param k how many, at least 0
   * @return the top keys
   * @throws IllegalArgumentException if {@code k < 0}
   */
  @SuppressWarnings("unchecked")
  public List<Counted<K>> top(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    Integer[] slots = new Integer[size];
    for (int i = 0; i < size; i++) {
      slots[i] = i;
    }
    Arrays.sort(slots, Comparator.comparingLong((Integer s) -> counts[s]).reversed());
    List<Counted<K>> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, size); i++) {
      int s = slots[i];
      out.add(new Counted<>((K) keys[s], counts[s], errors[s]));
    }
    return out;
  }

  /**
   * Returns the total weight offered so far.
   *
   * @return the stream length
   */
  public long offered() {
    return offered;
  }

  /**
   * Returns the number of counters.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  private void siftUp(int h) {
    while (h > 0) {
      int parent = (h - 1) >>> 1;
      if (counts[heap[parent]] <= counts[heap[h]]) {
        return;
      }
      swap(h, parent);
      h = parent;
    }
  }

  private void siftDown(int h) {
    while (true) {
      int left = 2 * h + 1;
      if (left >= size) {
        return;
      }
      int child = left + 1 < size && counts[heap[left + 1]] < counts[heap[left]] ? left + 1 : left;
      if (counts[heap[h]] <= counts[heap[child]]) {
        return;
      }
      swap(h, child);
      h = child;
    }
  }

  private void swap(int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
    heapPos[heap[a]] = a;
    heapPos[heap[b]] = b;
  }
}
