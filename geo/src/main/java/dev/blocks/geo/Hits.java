package dev.blocks.geo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  // Written by QuadTree's cache-line touches so that the JIT keeps their reads; never read.
  double touched;

  // How the last k-nearest search found its answer: the number of circles collected, or 0 for
  // best-first search (for tests and diagnostics).
  int radiusTries;

  // The points the last radius scan passed through its SIMD distance loop (for tests).
  int tinyPoints;

  // The last radius listing's short-series box around the query (degrees), and whether the
  // circle's box lies within it (then every listed point may take the SIMD pass, clamped to it).
  double tinyS;
  double tinyW;
  double tinyN;
  double tinyE;
  boolean circleTiny;

  // The points of the last radius scan that went through the SIMD pass clamped to the short-series
  // box, from nodes wider than it (for tests).
  int widePoints;

  private long[] ids;
  private double[] distances;
  private int size;

  // Scratch for index traversals: a min-heap of (lower bound, node), reused between queries.
  private double[] heapKeys = new double[64];
  private int[] heapNodes = new int[64];
  private int heapSize;

  // Scratch for per-leaf lower bounds, and for the bucket pass of sortWithin.
  private double[] scratch = new double[128];
  private long[] scratchIds = new long[0];
  private int[] buckets = new int[0];
  private int[] bucketOf = new int[0];

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
    insertBefore(size, distance, id);
    size++;
  }

  /**
   * Stores (distance, id) among the first {@code i} pairs, which are sorted by (distance, id):
   * those that order after it move up by one, into position {@code i} at most.
   */
  private void insertBefore(int i, double distance, long id) {
    double[] dist = distances;
    long[] ident = ids;
    int j = i - 1;
    while (j >= 0 && (dist[j] > distance || (dist[j] == distance && ident[j] > id))) {
      dist[j + 1] = dist[j];
      ident[j + 1] = ident[j];
      j--;
    }
    dist[j + 1] = distance;
    ident[j + 1] = id;
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

  /**
   * {@link #topOffer} for a candidate named by its index {@code i} into {@code idOf}, which gives
   * its id: the heap keeps indexes and reads {@code idOf} only to break a tie of distances, so a
   * candidate's id is looked up only if needed. Call {@link #indexesToIds} afterwards.
   */
  void topOfferIndex(int i, double distance, int k, int[] idOf) {
    if (size < k) {
      // Filling: append, and order the k into a heap once, when full (O(k) rather than a sift per
      // insert: a best-first search offers nearly ascending distances, each of which would climb
      // to the root).
      ensure(size + 1);
      distances[size] = distance;
      ids[size++] = i;
      if (size == k) {
        for (int at = k / 2 - 1; at >= 0; at--) {
          double d = distances[at];
          int id = (int) ids[at];
          siftDownIndex(at, d, id, idOf);
        }
      }
      return;
    }
    double worst = distances[0];
    if (distance > worst || (distance == worst && idOf[i] >= idOf[(int) ids[0]])) {
      return;
    }
    siftDownIndex(0, distance, i, idOf);
  }

  /**
   * Puts the candidate (distance, index {@code i}) at heap slot {@code at} and sifts it down the
   * max-heap of (distance, id) over the {@code size} kept.
   */
  private void siftDownIndex(int at, double distance, int i, int[] idOf) {
    int n = size;
    while (true) {
      int l = 2 * at + 1;
      if (l >= n) {
        break;
      }
      int m = l;
      if (l + 1 < n) {
        double a = distances[l + 1];
        double b = distances[l];
        if (a > b || (a == b && idOf[(int) ids[l + 1]] > idOf[(int) ids[l]])) {
          m = l + 1;
        }
      }
      double md = distances[m];
      if (md < distance || (md == distance && idOf[(int) ids[m]] < idOf[i])) {
        break;
      }
      distances[at] = md;
      ids[at] = ids[m];
      at = m;
    }
    distances[at] = distance;
    ids[at] = i;
  }

  /** Replaces each kept index {@code i} (from {@link #topOfferIndex}) by its id {@code idOf[i]}. */
  void indexesToIds(int[] idOf) {
    for (int j = 0; j < size; j++) {
      ids[j] = idOf[(int) ids[j]];
    }
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

  /** Sets the size to {@code n}, growing the arrays if needed; fill the slots with {@link #put}. */
  void resize(int n) {
    ensure(n);
    size = n;
  }

  /** Writes hit slot {@code at} (below {@link #size}). */
  void put(int at, long id, double distance) {
    ids[at] = id;
    distances[at] = distance;
  }

  /**
   * Sorts by (distance, id) with one insertion pass, for hits already nearly in order (its cost
   * grows with how far each hit must move), and keeps the first {@code keep}.
   */
  void insertionSort(int keep) {
    insertionPass(size);
    size = Math.min(size, keep);
  }

  /** Insertion sort by (distance, id) of the first {@code n} hits. */
  private void insertionPass(int n) {
    double[] dist = distances;
    long[] id = ids;
    for (int i = 1; i < n; i++) {
      insertBefore(i, dist[i], id[i]);
    }
  }

  /** Keeps the first {@code newSize} hits. */
  void truncate(int newSize) {
    size = Math.min(size, newSize);
  }

  /**
   * Sorts by (distance, id) in place, allocation-free: quicksort (median of three, insertion sort
   * below 24 hits) falling back to heap sort past 2 log2(n) levels, so O(n log n) always.
   */
  void sort() {
    quickSort(0, size, 2 * (32 - Integer.numberOfLeadingZeros(size)));
  }

  /**
   * Sorts by (distance, id) hits whose distances all lie in [0, {@code maxDistance}]: a counting
   * pass into two to four buckets per hit by squared relative distance (uniform for points spread
   * evenly over a disc), {@link #sort}'s introsort inside buckets of more than 16 hits, then one
   * insertion pass that orders the small buckets, so that almost no comparison is left to chance.
   * O(n log n) in the worst case (everything in one bucket). Allocation-free once the scratch
   * arrays have grown.
   */
  void sortWithin(double maxDistance) {
    sortWithin(maxDistance, size);
  }

  /**
   * {@link #sortWithin(double)} keeping only the first {@code keep} hits: the hits of the buckets
   * past the one that reaches {@code keep} are all farther than those kept, and are dropped before
   * they are moved or compared.
   */
  void sortWithin(double maxDistance, int keep) {
    int n = size;
    if (n <= 24 || !(maxDistance > 0) || maxDistance == Double.POSITIVE_INFINITY) {
      sort();
      truncate(keep);
      return;
    }
    int b = Math.min(1 << 16, Integer.highestOneBit(n - 1) << 2);
    if (buckets.length < b + 1) {
      buckets = new int[b + 1];
    } else {
      java.util.Arrays.fill(buckets, 0, b + 1, 0);
    }
    if (scratchIds.length < n) {
      scratchIds = new long[Math.max(n, ids.length)];
    }
    double[] d2 = scratch(n);
    double scale = b / (maxDistance * maxDistance);
    if (bucketOf.length < n) {
      bucketOf = new int[Math.max(n, ids.length)];
    }
    int[] of = bucketOf;
    for (int i = 0; i < n; i++) {
      int j = bucket(distances[i], scale, b);
      of[i] = j;
      buckets[j + 1]++;
    }
    // After the prefix sums buckets[j] is where bucket j starts. They stop at `last`, the bucket
    // that reaches `keep` hits: bucket(d) never decreases with d, so every later hit is farther.
    // The running sum stays in a register: summing in place would make each step wait for the
    // previous step's store.
    int last = b - 1;
    int sum = 0;
    for (int i = 0; i < b; i++) {
      sum += buckets[i + 1];
      buckets[i + 1] = sum;
      if (sum >= keep) {
        last = i;
        break;
      }
    }
    int m = buckets[last + 1];
    for (int i = 0; i < n; i++) {
      int j = of[i];
      if (j <= last) {
        int at = buckets[j]++;
        d2[at] = distances[i];
        scratchIds[at] = ids[i];
      }
    }
    System.arraycopy(d2, 0, distances, 0, m);
    System.arraycopy(scratchIds, 0, ids, 0, m);
    // After the scatter buckets[j] is the end of bucket j, which is where bucket j + 1 starts.
    // Buckets of more than BIG_BUCKET hits (many equal or close distances) get the introsort; then
    // one insertion pass over all the hits orders the small buckets: a hit never moves past its own
    // bucket, since every hit of an earlier bucket is strictly nearer, and the sorted big buckets
    // move nothing. The loop's branch is then nearly always the same way, unlike a per-bucket call.
    int from = 0;
    for (int j = 0; j <= last; j++) {
      int to = buckets[j];
      if (to - from > BIG_BUCKET) {
        quickSort(from, to, 2 * (32 - Integer.numberOfLeadingZeros(to - from)));
      }
      from = to;
    }
    insertionPass(m);
    size = Math.min(m, keep);
  }

  /**
   * Ranks hits that hold leaf-order indexes (from {@link #add} or {@link #addWithin}) by (distance,
   * id), replacing each index {@code i} by its id {@code idOf[i]} on the way, for distances in [0,
   * {@code maxDistance}] (farther ones share the last bucket and stay exact). A counting pass puts
   * each hit into one of two to four buckets a hit by its squared relative distance ({@code min(b -
   * 1, floor(d * d * b / max^2))}, which never decreases with {@code d}, so a hit of an earlier
   * bucket is never farther than one of a later bucket and equal distances share a bucket); the
   * hits are then scattered in bucket order straight into the result arrays (swapped with spare
   * ones, so nothing is copied back), and only the hits of one bucket are ordered among themselves:
   * one insertion pass over all of them ({@link #settle}), which moves a hit only within its
   * bucket, after an introsort of any bucket of more than {@value #BIG_BUCKET} hits (many equal or
   * close distances), so O(n log n) in the worst case. Fewer than 256 hits (a city-scale radius
   * query) are counted in bytes ({@link #rankFew}), whose bucket starts come eight at a time.
   * Allocation-free once the scratch arrays have grown.
   */
  void rankIndexes(double maxDistance, int[] idOf) {
    int n = size;
    if (n <= 1 || !(maxDistance > 0) || maxDistance == Double.POSITIVE_INFINITY) {
      indexesToIds(idOf);
      sort();
      return;
    }
    if (bucketOf.length < n) {
      bucketOf = new int[Math.max(n, ids.length)];
    }
    if (spareIds.length < ids.length) {
      spareIds = new long[ids.length];
      spareDistances = new double[ids.length];
    }
    if (n < 256) {
      rankFew(n, maxDistance, idOf);
      return;
    }
    int b = Math.min(1 << 16, Integer.highestOneBit(n - 1) << 2);
    if (buckets.length < b + 1) {
      buckets = new int[b + 1];
    } else {
      Arrays.fill(buckets, 0, b, 0);
    }
    int[] count = buckets;
    int[] of = bucketOf;
    double[] dist = distances;
    long[] at = ids;
    double scale = b / (maxDistance * maxDistance);
    for (int i = 0; i < n; i++) {
      double d = dist[i];
      int j = Math.min(b - 1, (int) (d * d * scale));
      of[i] = j;
      count[j]++;
    }
    // Bucket starts; the running sum stays in a register, and the largest bucket is noted on the
    // way (off the sum's chain).
    int sum = 0;
    int crowded = 0;
    for (int j = 0; j < b; j++) {
      int c = count[j];
      count[j] = sum;
      sum += c;
      crowded = Math.max(crowded, c);
    }
    long[] toIds = spareIds;
    double[] toDist = spareDistances;
    for (int i = 0; i < n; i++) {
      int p = count[of[i]]++;
      toIds[p] = idOf[(int) at[i]];
      toDist[p] = dist[i];
    }
    swapSpare();
    // count[j] is now the end of bucket j.
    if (crowded > BIG_BUCKET) {
      int from = 0;
      for (int j = 0; j < b; j++) {
        int to = count[j];
        if (to - from > BIG_BUCKET) {
          quickSort(from, to, 2 * (32 - Integer.numberOfLeadingZeros(to - from)));
        }
        from = to;
      }
    }
    settle(n);
  }

  /**
   * {@link #rankIndexes} for fewer than 256 hits (of at least two; the scratch arrays grown), with
   * the counts in bytes: every count and every bucket start is then below 256, so the bucket starts
   * come eight buckets a step, each step one multiplication of the eight counts read as a long by
   * {@code 0x0101010101010101}, which sums them into each byte without a carry across bytes (SWAR,
   * "SIMD within a register"); a step's running total is the top byte. The counts' bytes are read
   * in little-endian order, bucket {@code 8s} in the low byte. The same buckets, scatter and {@link
   * #settle} as the int counts, whose prefix pass takes a step a bucket.
   */
  private void rankFew(int n, double maxDistance, int[] idOf) {
    int b = Math.max(8, Integer.highestOneBit(n - 1) << 2);
    if (fewCounts.length < b) {
      fewCounts = new byte[b];
    } else {
      Arrays.fill(fewCounts, 0, b, (byte) 0);
    }
    byte[] count = fewCounts;
    int[] of = bucketOf;
    double[] dist = distances;
    long[] at = ids;
    double scale = b / (maxDistance * maxDistance);
    int last = b - 1;
    for (int i = 0; i < n; i++) {
      double d = dist[i];
      int j = Math.min(last, (int) (d * d * scale));
      of[i] = j;
      count[j]++;
    }
    // Each step turns eight counts x into their bucket starts: the running total in every byte,
    // plus x * 0x01..01 (byte k: the sum of counts 0..k of the step), minus x. Buckets of more than
    // BIG_BUCKET hits are noted on the way, eight at a time: a byte above BIG_BUCKET either has its
    // top bit set or gets it by adding 127 - BIG_BUCKET, which cannot carry out of a byte below
    // 128.
    long total = 0;
    long crowded = 0;
    for (int k = 0; k < b; k += 8) {
      long x = (long) LONGS.get(count, k);
      long inclusive = x * BYTES;
      LONGS.set(count, k, total * BYTES + inclusive - x);
      total += inclusive >>> 56;
      crowded |= (x + BYTES * (127 - BIG_BUCKET)) | x;
    }
    long[] toIds = spareIds;
    double[] toDist = spareDistances;
    for (int i = 0; i < n; i++) {
      int j = of[i];
      int p = count[j] & 0xff;
      count[j] = (byte) (p + 1);
      toIds[p] = idOf[(int) at[i]];
      toDist[p] = dist[i];
    }
    swapSpare();
    // count[j] is now the end of bucket j.
    if ((crowded & TOP_BITS) != 0) {
      int from = 0;
      for (int j = 0; j < b; j++) {
        int to = count[j] & 0xff;
        if (to - from > BIG_BUCKET) {
          quickSort(from, to, 2 * (32 - Integer.numberOfLeadingZeros(to - from)));
        }
        from = to;
      }
    }
    settle(n);
  }

  /** Longs read from and written to a byte array, little-endian: byte 0 is the low byte. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** One in every byte of a long. */
  private static final long BYTES = 0x0101_0101_0101_0101L;

  /** The top bit of every byte of a long. */
  private static final long TOP_BITS = 0x8080_8080_8080_8080L;

  // rankFew's counts, one byte a bucket.
  private byte[] fewCounts = new byte[0];

  /**
   * Insertion sort by (distance, id) of the first {@code n} hits, for hits nearly in order: the
   * largest distance so far stays in a register, so a hit already in place costs one read and one
   * comparison (no id read, no write back), and only a hit that must move takes the inner loop.
   */
  void settle(int n) {
    double[] dist = distances;
    long[] id = ids;
    double top = dist[0];
    for (int i = 1; i < n; i++) {
      double d = dist[i];
      if (d <= top) {
        long h = id[i];
        if (d < top || id[i - 1] > h) {
          insertBefore(i, d, h);
          d = dist[i];
        }
      }
      top = d;
    }
  }

  /**
   * Makes the spare arrays (just filled by a scatter) the result arrays, and the result the spare.
   */
  private void swapSpare() {
    long[] oldIds = ids;
    double[] oldDistances = distances;
    ids = spareIds;
    distances = spareDistances;
    spareIds = oldIds;
    spareDistances = oldDistances;
  }

  // The other half of the result arrays for rankIndexes, which scatters into them and swaps.
  private long[] spareIds = new long[0];
  private double[] spareDistances = new double[0];

  /** Buckets of {@link #sortWithin} above this many hits are sorted on their own. */
  private static final int BIG_BUCKET = 16;

  private static int bucket(double distance, double scale, int b) {
    return Math.min(b - 1, (int) (distance * distance * scale));
  }

  private void quickSort(int lo, int hi, int depth) {
    while (hi - lo > 24) {
      if (depth-- == 0) {
        heapSort(lo, hi);
        return;
      }
      int mid = (lo + hi) >>> 1;
      if (greater(lo, mid)) {
        swap(lo, mid);
      }
      if (greater(mid, hi - 1)) {
        swap(mid, hi - 1);
        if (greater(lo, mid)) {
          swap(lo, mid);
        }
      }
      double pd = distances[mid];
      long pid = ids[mid];
      int i = lo;
      int j = hi - 1;
      while (i <= j) {
        while (distances[i] < pd || (distances[i] == pd && ids[i] < pid)) {
          i++;
        }
        while (distances[j] > pd || (distances[j] == pd && ids[j] > pid)) {
          j--;
        }
        if (i <= j) {
          swap(i, j);
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        quickSort(lo, j + 1, depth);
        lo = i;
      } else {
        quickSort(i, hi, depth);
        hi = j + 1;
      }
    }
    for (int i = lo + 1; i < hi; i++) {
      double d = distances[i];
      long id = ids[i];
      int j = i - 1;
      while (j >= lo && (distances[j] > d || (distances[j] == d && ids[j] > id))) {
        distances[j + 1] = distances[j];
        ids[j + 1] = ids[j];
        j--;
      }
      distances[j + 1] = d;
      ids[j + 1] = id;
    }
  }

  private void heapSort(int lo, int hi) {
    int n = hi - lo;
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(lo, i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(lo, lo + end);
      siftDown(lo, 0, end);
    }
  }

  /** Sift-down in the max-heap of the {@code n} hits from {@code lo}. */
  private void siftDown(int lo, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l + 1 < n && greater(lo + l + 1, lo + l) ? l + 1 : l;
      if (!greater(lo + m, lo + i)) {
        return;
      }
      swap(lo + i, lo + m);
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

  /** A scratch array of at least {@code n} doubles, grown (only) when too small. */
  double[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new double[Math.max(n, 2 * scratch.length)];
    }
    return scratch;
  }

  // Radius search's work list: per run of leaf-order points, (from, to, node), node -1 for a run
  // whose points all lie inside the circle.
  private int[] runs = new int[3 * 32];
  private int runCount;

  private int runPoints;

  void runsClear() {
    runCount = 0;
    runPoints = 0;
  }

  /** The number of points in the runs listed. */
  int runPoints() {
    return runPoints;
  }

  void runAdd(int from, int to, int node) {
    if (3 * runCount + 3 > runs.length) {
      runs = Arrays.copyOf(runs, 2 * runs.length);
    }
    int at = 3 * runCount++;
    runPoints += to - from;
    runs[at] = from;
    runs[at + 1] = to;
    runs[at + 2] = node;
  }

  int runCount() {
    return runCount;
  }

  int[] runs() {
    return runs;
  }

  // Radius search's SIMD distance pass: the gathered points' coordinates, leaf-order indexes and
  // distances.
  private double[] tinyLat = new double[128];
  private double[] tinyLon = new double[128];
  private double[] tinyDist = new double[128];
  private int[] tinyAt = new int[128];

  double[] tinyLat(int n) {
    if (tinyLat.length < n) {
      tinyLat = new double[Math.max(n, 2 * tinyLat.length)];
    }
    return tinyLat;
  }

  double[] tinyLon(int n) {
    if (tinyLon.length < n) {
      tinyLon = new double[Math.max(n, 2 * tinyLon.length)];
    }
    return tinyLon;
  }

  double[] tinyDist(int n) {
    if (tinyDist.length < n) {
      tinyDist = new double[Math.max(n, 2 * tinyDist.length)];
    }
    return tinyDist;
  }

  int[] tinyAt(int n) {
    if (tinyAt.length < n) {
      tinyAt = new int[Math.max(n, 2 * tinyAt.length)];
    }
    return tinyAt;
  }

  /**
   * Appends the candidates {@code at[j]}, {@code j < n}, whose haversine term {@code h[j]} (of the
   * short series, {@link GreatCircle#tinyHaversines}) is at most {@code hMax}, with their
   * distances: kept without a branch (each is written at the end and the end moves past it only if
   * it qualifies), then their terms replaced by {@link GreatCircle#tinyArc} in one SIMD loop, so
   * that only the kept candidates pay for the square root and the arc series. The terms must be
   * {@code >= 0}, as those of points on the short series are (a sum of squares and a square times a
   * product of two cosines of latitudes below the series' polar limit).
   */
  void addWithinArcs(int[] at, double[] h, int n, double hMax) {
    ensure(size + n);
    long[] id = ids;
    double[] dist = distances;
    int from = size;
    int m = from;
    for (int j = 0; j < n; j++) {
      double x = h[j];
      id[m] = at[j];
      dist[m] = x;
      m += x <= hMax ? 1 : 0;
    }
    size = m;
    GreatCircle.tinyArcs(dist, dist, from, m);
  }

  // The radius of the last tinyHaversineLimit call and its answer (NaN: none yet).
  private double limitRadius = Double.NaN;
  private double limit;

  /**
   * {@link GreatCircle#tinyHaversineLimit} of {@code radiusMeters}, computed again only when the
   * radius differs from the last call's.
   */
  double tinyHaversineLimit(double radiusMeters) {
    if (radiusMeters != limitRadius) {
      limit = GreatCircle.tinyHaversineLimit(radiusMeters);
      limitRadius = radiusMeters;
    }
    return limit;
  }

  /**
   * Removes, from the hits at {@code from} onwards, those holding an index {@code i} whose id
   * {@code idOf[i]} is in {@code dead} (sorted), keeping the others' order.
   */
  void dropDead(int from, int[] idOf, int[] dead) {
    int m = from;
    for (int j = from; j < size; j++) {
      if (Arrays.binarySearch(dead, idOf[(int) ids[j]]) < 0) {
        ids[m] = ids[j];
        distances[m++] = distances[j];
      }
    }
    size = m;
  }

  // A k-nearest circle's candidates: leaf-order positions with a lower bound of each one's
  // haversine term; and the counts of the pass that finds the k-th smallest bound.
  private int[] candidatePositions = new int[256];
  private double[] candidateLows = new double[256];
  private int[] candidateCounts = new int[0];

  /** Grows the candidate arrays to hold at least {@code n}. */
  void candidatesEnsure(int n) {
    if (candidatePositions.length < n) {
      int c = Math.max(n, 2 * candidatePositions.length);
      candidatePositions = new int[c];
      candidateLows = new double[c];
    }
  }

  int[] candidatePositions() {
    return candidatePositions;
  }

  double[] candidateLows() {
    return candidateLows;
  }

  /** The counts last returned by {@link #candidateCounts(int)}. */
  int[] candidateCounts() {
    return candidateCounts;
  }

  /** A zeroed scratch array of at least {@code n} counts. */
  int[] candidateCounts(int n) {
    if (candidateCounts.length < n) {
      candidateCounts = new int[Math.max(n, 2 * candidateCounts.length)];
    } else {
      Arrays.fill(candidateCounts, 0, n, 0);
    }
    return candidateCounts;
  }

  // Scratch for the positions of a leaf's points that pass their bound (radius search).
  private int[] selected = new int[128];

  int[] selected(int n) {
    if (selected.length < n) {
      selected = new int[Math.max(n, 2 * selected.length)];
    }
    return selected;
  }

  // Nodes passed with their bound during a k-nearest search's first descent (below an empty
  // quadrant of the path), before any distance bound is known.
  private final double[] pendingKeys = new double[3 * QuadTree.MAX_DEPTH + 8];
  private final int[] pendingNodes = new int[3 * QuadTree.MAX_DEPTH + 8];
  private int pendingSize;

  // The nodes a radius listing has still to visit (a stack: depth-first, at most three more a
  // level, so 4 * MAX_DEPTH + 8 never overflows).
  final int[] listStack = new int[4 * QuadTree.MAX_DEPTH + 8];

  // The first descent's path by depth: the node holding the query and the first of its group of
  // four (its siblings are the rest of the group, still unread).
  final int[] pathNodes = new int[QuadTree.MAX_DEPTH + 2];
  final int[] pathGroups = new int[QuadTree.MAX_DEPTH + 2];

  // The cells (south, west, north, east) holding the query on a k-nearest search's path, by depth.
  final double[] chainS = new double[QuadTree.MAX_DEPTH + 2];
  final double[] chainW = new double[QuadTree.MAX_DEPTH + 2];
  final double[] chainN = new double[QuadTree.MAX_DEPTH + 2];
  final double[] chainE = new double[QuadTree.MAX_DEPTH + 2];

  void chainCell(int depth, double s, double w, double n, double e) {
    chainS[depth] = s;
    chainW[depth] = w;
    chainN[depth] = n;
    chainE[depth] = e;
  }

  int pendingSize() {
    return pendingSize;
  }

  int pendingNode(int i) {
    return pendingNodes[i];
  }

  double pendingKey(int i) {
    return pendingKeys[i];
  }

  // Per-leaf grid cells of a search: row and column terms, and the cells as packed (bound, index).
  final double[] rowTerms = new double[QuadTree.GRID];
  final double[] colTerms = new double[QuadTree.GRID];
  final long[] cellOrder = new long[QuadTree.GRID * QuadTree.GRID];
  private double[] selectScratch = new double[128];

  void pendingClear() {
    pendingSize = 0;
  }

  /** Records a node passed with its bound during the first descent. */
  void pendingAdd(double key, int node) {
    pendingKeys[pendingSize] = key;
    pendingNodes[pendingSize++] = node;
  }

  /**
   * Returns the {@code rank}-th smallest (1-based) of {@code values[0, n)}, which is left
   * unchanged: quickselect (median of three) on a scratch copy. Requires {@code 1 <= rank <= n} and
   * no NaN.
   */
  double select(double[] values, int n, int rank) {
    if (selectScratch.length < n) {
      selectScratch = new double[Math.max(n, 2 * selectScratch.length)];
    }
    double[] a = selectScratch;
    System.arraycopy(values, 0, a, 0, n);
    int lo = 0;
    int hi = n - 1;
    int target = rank - 1;
    while (hi - lo > 8) {
      int mid = (lo + hi) >>> 1;
      double x = a[lo];
      double y = a[mid];
      double z = a[hi];
      double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      // Now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot.
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return pivot;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double v = a[i];
      int j = i - 1;
      while (j >= lo && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return a[target];
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
