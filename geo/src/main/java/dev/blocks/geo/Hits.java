package dev.blocks.geo;

import java.util.Arrays;

/**
 * A reusable buffer of search results: ids with their great-circle distances in metres, sorted by
 * distance and then by id. Pass one to a query to get its answer without allocating; the buffer
 * grows only when an answer does not fit, so after warm-up queries allocate nothing.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.QuadTreeSnippets region=hits}
 *
 * <p>Not thread-safe: confine each buffer to one thread (each query thread owns its own).
 *
 * @since 0.1
 */
public final class Hits {

  private long[] ids;
  private double[] distances;
  private int size;

  /** Creates an empty buffer with room for 16 hits. */
  public Hits() {
    this(16);
  }

  /**
   * Creates an empty buffer with room for {@code capacity} hits.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public Hits(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    ids = new long[capacity];
    distances = new double[capacity];
  }

  /** Returns the number of hits. */
  public int size() {
    return size;
  }

  /**
   * Returns the id of the {@code i}-th nearest hit.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, size)
   */
  public long id(int i) {
    java.util.Objects.checkIndex(i, size);
    return ids[i];
  }

  /**
   * Returns the distance in metres of the {@code i}-th nearest hit.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, size)
   */
  public double distance(int i) {
    java.util.Objects.checkIndex(i, size);
    return distances[i];
  }

  /** Returns the ids in order, as a new array. */
  public long[] ids() {
    return Arrays.copyOf(ids, size);
  }

  /** Returns the distances in order, as a new array. */
  public double[] distances() {
    return Arrays.copyOf(distances, size);
  }

  void clear() {
    size = 0;
  }

  /** The distance a candidate must not exceed to enter a top-k of size k; +inf until full. */
  double bound(int k) {
    return size < k ? Double.POSITIVE_INFINITY : distances[k - 1];
  }

  /** Offers a candidate to a top-k kept sorted by (distance, id). */
  void offer(long id, double distance, int k) {
    if (size == k) {
      double worst = distances[k - 1];
      if (distance > worst || (distance == worst && id > ids[k - 1])) {
        return;
      }
      size--;
    }
    ensure(size + 1);
    int i = size - 1;
    while (i >= 0 && (distances[i] > distance || (distances[i] == distance && ids[i] > id))) {
      distances[i + 1] = distances[i];
      ids[i + 1] = ids[i];
      i--;
    }
    distances[i + 1] = distance;
    ids[i + 1] = id;
    size++;
  }

  /** Appends without ordering; call {@link #sort} afterwards. */
  void add(long id, double distance) {
    ensure(size + 1);
    ids[size] = id;
    distances[size] = distance;
    size++;
  }

  /** Removes the hits from {@code from} on. */
  void truncate(int newSize) {
    size = Math.min(size, newSize);
  }

  /** Sorts by (distance, id) in place, allocation-free (heap sort). */
  void sort() {
    int n = size;
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(0, end);
      siftDown(0, end);
    }
  }

  private void siftDown(int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l + 1 < n && greater(l + 1, l) ? l + 1 : l;
      if (!greater(m, i)) {
        return;
      }
      swap(i, m);
      i = m;
    }
  }

  private boolean greater(int a, int b) {
    return distances[a] > distances[b] || (distances[a] == distances[b] && ids[a] > ids[b]);
  }

  private void swap(int a, int b) {
    double d = distances[a];
    distances[a] = distances[b];
    distances[b] = d;
    long t = ids[a];
    ids[a] = ids[b];
    ids[b] = t;
  }

  private void ensure(int capacity) {
    if (capacity > ids.length) {
      int c = Math.max(capacity, ids.length * 2);
      ids = Arrays.copyOf(ids, c);
      distances = Arrays.copyOf(distances, c);
    }
  }
}
