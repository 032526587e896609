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

  // Scratch for index traversals: a min-heap of (lower bound, node), reused between queries.
  private double[] heapKeys = new double[64];
  private int[] heapNodes = new int[64];
  private int heapSize;

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

  /**
   * The distance a candidate must not exceed to enter a top-k kept by {@link #topOffer}; +inf until
   * full.
   */
  double topBound(int k) {
    return size < k ? Double.POSITIVE_INFINITY : distances[0];
  }

  /**
   * Offers a candidate to a top-k kept as a max-heap by (distance, id), whose root is the worst
   * kept hit: O(log k) a candidate. Call {@link #sort} afterwards.
   */
  void topOffer(long id, double distance, int k) {
    if (size < k) {
      ensure(size + 1);
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        double pd = distances[parent];
        if (pd > distance || (pd == distance && ids[parent] > id)) {
          break;
        }
        distances[i] = pd;
        ids[i] = ids[parent];
        i = parent;
      }
      distances[i] = distance;
      ids[i] = id;
      return;
    }
    double worst = distances[0];
    if (distance > worst || (distance == worst && id >= ids[0])) {
      return;
    }
    int n = size;
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        break;
      }
      int m = l + 1 < n && greater(l + 1, l) ? l + 1 : l;
      double md = distances[m];
      if (md < distance || (md == distance && ids[m] < id)) {
        break;
      }
      distances[i] = md;
      ids[i] = ids[m];
      i = m;
    }
    distances[i] = distance;
    ids[i] = id;
  }

  /** Appends without ordering; call {@link #sort} afterwards. */
  void add(long id, double distance) {
    ensure(size + 1);
    ids[size] = id;
    distances[size] = distance;
    size++;
  }

  /** Replaces every id {@code i} by {@code table[i]}; order is kept if the table is increasing. */
  void remapIds(long[] table) {
    for (int i = 0; i < size; i++) {
      ids[i] = table[(int) ids[i]];
    }
  }

  /** Keeps the first {@code newSize} hits. */
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

  void heapClear() {
    heapSize = 0;
  }

  boolean heapEmpty() {
    return heapSize == 0;
  }

  double heapMinKey() {
    return heapKeys[0];
  }

  void heapPush(double key, int node) {
    if (heapSize == heapKeys.length) {
      heapKeys = Arrays.copyOf(heapKeys, heapSize * 2);
      heapNodes = Arrays.copyOf(heapNodes, heapSize * 2);
    }
    int i = heapSize++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heapKeys[parent] <= key) {
        break;
      }
      heapKeys[i] = heapKeys[parent];
      heapNodes[i] = heapNodes[parent];
      i = parent;
    }
    heapKeys[i] = key;
    heapNodes[i] = node;
  }

  /** Removes the node with the smallest key and returns it. */
  int heapPop() {
    int top = heapNodes[0];
    int n = --heapSize;
    double key = heapKeys[n];
    int node = heapNodes[n];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        break;
      }
      int m = l + 1 < n && heapKeys[l + 1] < heapKeys[l] ? l + 1 : l;
      if (heapKeys[m] >= key) {
        break;
      }
      heapKeys[i] = heapKeys[m];
      heapNodes[i] = heapNodes[m];
      i = m;
    }
    heapKeys[i] = key;
    heapNodes[i] = node;
    return top;
  }
}
