package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.Entry;
import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Geometries;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.GreatCircle;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Everything within 5 km of a location near a city, with distances, nearest first (ties by id): our
 * {@link QuadTree#withinRadius} against what a user of JTS {@code STRtree} or rtree2 does for the
 * same answer: a bounding-box query (split in two across the antimeridian, all longitudes when the
 * circle holds a pole), the same exact haversine filter ({@link GreatCircle#distance}, with the
 * query's latitude terms computed once per query, as the index does) and a sort of the hits by
 * (distance, id) into reused primitive arrays. {@code jtsStrTreeUnsorted} is JTS without the sort
 * (box plus filter only), for reference. All variants use the same 4,096 query points and return
 * the same number of hits (checked by {@code GeoLatency}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GeoRadiusBenchmark {

  @Param({"1000000"})
  int points;

  @Param({"5000"})
  double radiusMeters;

  private double[] qLat;
  private double[] qLon;
  private int q;
  private QuadTree<Void> quad;
  private final Hits hits = new Hits(1024);
  STRtree strtree;
  RTree<Integer, Point> rtree;
  private double[] lat;
  private double[] lon;

  // The peers' reused result buffers and JTS visitor: no per-query allocation on our side.
  private int[] peerIds = new int[1024];
  private double[] peerDistances = new double[1024];
  private int peerSize;
  private double visitLat;
  private double visitLon;
  // The query's latitude terms, computed once per query for the peers' exact filter too.
  private double visitPhi;
  private double visitSin;
  private double visitCos;

  private void startQuery(int i) {
    peerSize = 0;
    visitLat = qLat[i];
    visitLon = qLon[i];
    visitPhi = Math.toRadians(visitLat);
    visitSin = Math.sin(visitPhi);
    visitCos = Math.cos(visitPhi);
  }

  private final ItemVisitor visitor = item -> offerPeer((Integer) item);

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    SyntheticWorld world = SyntheticWorld.generate(points, 42);
    double[][] queries = world.queries(4096, 7);
    useWorld(world, queries[0], queries[1]);
    String method = params.getBenchmark();
    if (method.endsWith("blocksQuadTree")) {
      quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    } else if (method.contains("minimal")) {
      answers(QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY));
      checkRanking();
      checkTiny();
      if (method.endsWith("minimalInPlace")) {
        answersInPlace(QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY));
      }
    } else if (method.endsWith("rtree2")) {
      rtree = GeoNearestBenchmark.rtree2(world);
    } else {
      strtree = GeoNearestBenchmark.jts(world);
    }
  }

  // Per query, the answer's points (ids and coordinates) stored contiguously: the input of the
  // minimal work every correct sorted answer needs, for the "minimal" rows.
  private int[] answerFrom;
  private int[] answerId;
  private double[] answerLat;
  private double[] answerLon;

  private void answers(QuadTree<Void> tree) {
    answerFrom = new int[4097];
    int total = 0;
    for (int i = 0; i < 4096; i++) {
      total += tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      answerFrom[i + 1] = total;
    }
    answerId = new int[total];
    answerLat = new double[total];
    answerLon = new double[total];
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int i = 0; i < 4096; i++) {
      int n = tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      // In a random order, as an index hands its hits over before the sort.
      int[] order = new int[n];
      for (int j = 0; j < n; j++) {
        int t = r.nextInt(j + 1);
        order[j] = order[t];
        order[t] = j;
      }
      for (int j = 0; j < n; j++) {
        int p = (int) hits.id(order[j]);
        int at = answerFrom[i] + j;
        answerId[at] = p;
        answerLat[at] = lat[p];
        answerLon[at] = lon[p];
      }
    }
  }

  /**
   * Fails unless the packed ranking orders every query's answer as the merge sort does and as the
   * index does (same ids in the same order).
   */
  private void checkRanking() {
    QuadTree<Void> tree = QuadTree.ofPoints(lat, lon, QuadTree.DEFAULT_CAPACITY);
    for (int i = 0; i < 4096; i++) {
      int n = minimalAt(i, true);
      int[] merged = java.util.Arrays.copyOf(peerIds, n);
      minimalAt(i, false);
      rankPacked();
      int[] ranked = java.util.Arrays.copyOf(peerIds, n);
      minimalAt(i, false);
      rankBuckets();
      int[] bucketed = java.util.Arrays.copyOf(peerIds, n);
      int m = tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      long[] ours = java.util.Arrays.copyOf(hits.ids(), m);
      if (!java.util.Arrays.equals(merged, ranked)
          || !java.util.Arrays.equals(merged, bucketed)
          || !java.util.Arrays.equals(
              ranked, java.util.Arrays.stream(ours).mapToInt(x -> (int) x).toArray())) {
        throw new IllegalStateException("rankings differ at query " + i);
      }
    }
  }

  void useWorld(SyntheticWorld world, double[] qLat, double[] qLon) {
    lat = world.lat;
    lon = world.lon;
    this.qLat = qLat;
    this.qLon = qLon;
  }

  @Benchmark
  public int blocksQuadTree() {
    int i = q++ & 4095;
    return quad.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
  }

  @Benchmark
  public int jtsStrTree() {
    return (int) jtsAt(q++ & 4095, true);
  }

  @Benchmark
  public int jtsStrTreeUnsorted() {
    return (int) jtsAt(q++ & 4095, false);
  }

  @Benchmark
  public int rtree2() {
    return (int) rtree2At(q++ & 4095);
  }

  /**
   * The least work of any correct answer, with the answer's points handed over contiguously (no
   * index, no search): their exact distances and the peers' sort by (distance, id).
   */
  @Benchmark
  public int minimalSorted() {
    return minimalAt(q++ & 4095, true);
  }

  /**
   * The least work of any correct answer with the fastest ranking we know: the answer's exact
   * distances and a sort of packed (distance bits, position) longs with an exact (distance, id)
   * fix-up pass ({@link #rankPacked}).
   */
  @Benchmark
  public int minimalRanked() {
    peerSize = minimalAt(q++ & 4095, false);
    rankPacked();
    return peerSize;
  }

  /**
   * The least work of any correct answer with a distribution ranking ({@link #rankBuckets}): the
   * answer's exact distances, a counting pass into buckets by squared relative distance and one
   * insertion pass.
   */
  @Benchmark
  public int minimalBuckets() {
    peerSize = minimalAt(q++ & 4095, false);
    rankBuckets();
    return peerSize;
  }

  /**
   * The least work of any correct answer with the exact distances computed as the index computes
   * them: the answer's points through the SIMD short-series loops ({@link #tinyDistances}, equal to
   * {@link GreatCircle#distance} bit for bit, checked in setup; the few answers out of the short
   * series' reach use the scalar call), then {@link #rankBuckets}.
   */
  @Benchmark
  public int minimalTiny() {
    peerSize = minimalTinyAt(q++ & 4095);
    rankBuckets();
    return peerSize;
  }

  /**
   * The answer's exact distances only, by the SIMD loops ({@link #minimalTiny} without ranking).
   */
  @Benchmark
  public int minimalTinyUnsorted() {
    return minimalTinyAt(q++ & 4095);
  }

  private double[] tinyLat = new double[1024];
  private double[] tinyLon = new double[1024];

  // Per query, whether every point of its answer takes the short series (set in setup).
  private boolean[] answerTiny;

  int minimalTinyAt(int i) {
    if (!answerTiny[i]) {
      return minimalAt(i, false);
    }
    double la = qLat[i];
    double lo = qLon[i];
    int from = answerFrom[i];
    int n = answerFrom[i + 1] - from;
    ensurePeerCapacity(n);
    if (tinyLat.length < n) {
      tinyLat = new double[peerIds.length];
      tinyLon = new double[peerIds.length];
    }
    double phi = Math.toRadians(la);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    System.arraycopy(answerId, from, peerIds, 0, n);
    System.arraycopy(answerLat, from, tinyLat, 0, n);
    System.arraycopy(answerLon, from, tinyLon, 0, n);
    tinyDistances(phi, sinPhi, cosPhi, lo, tinyLat, tinyLon, peerDistances, n);
    peerSize = n;
    return n;
  }

  /** Half-angles below this take {@link GreatCircle#distance}'s short series (its constant). */
  private static final double TINY_HALF_ANGLE = 2e-3;

  private static final double POLAR_RADIANS = 1.4;

  /** Whether {@link GreatCircle#distance} takes its short series for this pair (its own tests). */
  private static boolean tiny(double phi1, double longitude1, double latitude2, double longitude2) {
    double phi2 = Math.toRadians(latitude2);
    return Math.abs((phi2 - phi1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs(Math.toRadians(longitude2 - longitude1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs(phi2) < POLAR_RADIANS;
  }

  /**
   * The library's SIMD distance loops (dev.blocks.geo.GreatCircle.tinyDistances, package-private
   * there), copied: the short series of {@link GreatCircle#distance} split into five branch-free
   * loops that C2 vectorizes. Overwrites {@code lat} and {@code lon}.
   */
  static void tinyDistances(
      double phi1,
      double sinPhi1,
      double cosPhi1,
      double longitude1,
      double[] lat,
      double[] lon,
      double[] out,
      int n) {
    for (int j = 0; j < n; j++) {
      lat[j] = (Math.toRadians(lat[j]) - phi1) * 0.5;
    }
    for (int j = 0; j < n; j++) {
      lon[j] = Math.toRadians(lon[j] - longitude1) * 0.5;
    }
    for (int j = 0; j < n; j++) {
      double a = lat[j];
      double a2 = a * a;
      double sinA = a - a * a2 * (1.0 / 6 - a2 * (1.0 / 120));
      double cosA = 1 - a2 * (0.5 - a2 * (1.0 / 24));
      double cosPhi2 = cosPhi1 * (1 - 2 * sinA * sinA) - sinPhi1 * (2 * sinA * cosA);
      lat[j] = sinA * sinA;
      out[j] = cosPhi1 * cosPhi2;
    }
    for (int j = 0; j < n; j++) {
      double b = lon[j];
      double b2 = b * b;
      double sinB = b - b * b2 * (1.0 / 6 - b2 * (1.0 / 120));
      lon[j] = lat[j] + out[j] * sinB * sinB;
    }
    for (int j = 0; j < n; j++) {
      double x = Math.sqrt(lon[j]);
      double x2 = x * x;
      double c = x + x * x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112)));
      out[j] = 2 * GreatCircle.EARTH_RADIUS_METERS * c;
    }
  }

  /**
   * Marks the queries whose whole answer takes the short series, and fails unless the SIMD loops
   * give every such answer's distances bit for bit as {@link GreatCircle#distance} does and the
   * ranking after them orders the answer as the index does.
   */
  private void checkTiny() {
    answerTiny = new boolean[4096];
    QuadTree<Void> tree = QuadTree.ofPoints(lat, lon, QuadTree.DEFAULT_CAPACITY);
    int tinyQueries = 0;
    for (int i = 0; i < 4096; i++) {
      double phi = Math.toRadians(qLat[i]);
      boolean all = true;
      for (int j = answerFrom[i]; j < answerFrom[i + 1]; j++) {
        all &= tiny(phi, qLon[i], answerLat[j], answerLon[j]);
      }
      answerTiny[i] = all;
      tinyQueries += all ? 1 : 0;
      int n = minimalAt(i, false);
      double[] scalar = java.util.Arrays.copyOf(peerDistances, n);
      minimalTinyAt(i);
      for (int j = 0; j < n; j++) {
        if (Double.doubleToRawLongBits(scalar[j]) != Double.doubleToRawLongBits(peerDistances[j])) {
          throw new IllegalStateException("SIMD distance differs at query " + i + ", hit " + j);
        }
      }
      rankBuckets();
      int[] ranked = java.util.Arrays.copyOf(peerIds, n);
      int m = tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      long[] ours = java.util.Arrays.copyOf(hits.ids(), m);
      if (!java.util.Arrays.equals(
          ranked, java.util.Arrays.stream(ours).mapToInt(x -> (int) x).toArray())) {
        throw new IllegalStateException("SIMD-distance ranking differs at query " + i);
      }
    }
    if (tinyQueries < 4000) {
      throw new IllegalStateException("only " + tinyQueries + " of 4096 answers are in reach");
    }
  }

  /** The answer's exact distances only (no index, no search, no sort). */
  @Benchmark
  public int minimalUnsorted() {
    return minimalAt(q++ & 4095, false);
  }

  /** Grows the peer result arrays to hold at least {@code n} answers. */
  private void ensurePeerCapacity(int n) {
    if (peerIds.length < n) {
      peerIds = java.util.Arrays.copyOf(peerIds, Math.max(n, 2 * peerIds.length));
      peerDistances = java.util.Arrays.copyOf(peerDistances, peerIds.length);
    }
  }

  int minimalAt(int i, boolean sort) {
    peerSize = 0;
    double la = qLat[i];
    double lo = qLon[i];
    int from = answerFrom[i];
    int n = answerFrom[i + 1] - from;
    ensurePeerCapacity(n);
    // The query's own terms once, as the index does: the per-point work is the distance alone.
    double phi = Math.toRadians(la);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    for (int j = 0; j < n; j++) {
      peerIds[j] = answerId[from + j];
      peerDistances[j] =
          GreatCircle.distance(phi, sinPhi, cosPhi, lo, answerLat[from + j], answerLon[from + j]);
    }
    peerSize = n;
    if (sort) {
      sortPeer();
    }
    return peerSize;
  }

  long jtsAt(int i, boolean sort) {
    startQuery(i);
    double[] b = box(i);
    for (int j = 0; j < b.length; j += 4) {
      strtree.query(new Envelope(b[j], b[j + 1], b[j + 2], b[j + 3]), visitor);
    }
    if (sort) {
      sortPeer();
    }
    return peerSize;
  }

  long rtree2At(int i) {
    startQuery(i);
    double[] b = box(i);
    for (int j = 0; j < b.length; j += 4) {
      for (Entry<Integer, Point> e :
          rtree.search(Geometries.rectangle(b[j], b[j + 2], b[j + 1], b[j + 3]))) {
        offerPeer(e.value());
      }
    }
    sortPeer();
    return peerSize;
  }

  private void offerPeer(int p) {
    double d = GreatCircle.distance(visitPhi, visitSin, visitCos, visitLon, lat[p], lon[p]);
    if (d <= radiusMeters) {
      if (peerSize == peerIds.length) {
        peerIds = java.util.Arrays.copyOf(peerIds, 2 * peerSize);
        peerDistances = java.util.Arrays.copyOf(peerDistances, 2 * peerSize);
      }
      peerIds[peerSize] = p;
      peerDistances[peerSize++] = d;
    }
  }

  private long[] packed = new long[1024];

  /** Bits of a packed key that hold the hit's position (the distance keeps the rest). */
  private static final int POSITION_BITS = 16;

  /**
   * Ranks the hits by (distance, id): sorts longs holding a distance's bits (non-negative doubles
   * order as their bits) with its low {@value #POSITION_BITS} mantissa bits replaced by the hit's
   * position, then one insertion pass by the full (distance, id) order, which moves only hits whose
   * distances agree in their top 48 bits (within about 1e-11 relative). Exact for any input; more
   * than 65,536 hits use the merge sort.
   */
  void rankPacked() {
    int n = peerSize;
    if (n > 1 << POSITION_BITS) {
      sortPeer();
      return;
    }
    if (packed.length < n) {
      packed = new long[peerIds.length];
    }
    if (mergeIds.length < n) {
      mergeIds = new int[peerIds.length];
      mergeDistances = new double[peerIds.length];
    }
    long[] key = packed;
    double[] d = peerDistances;
    long low = (1L << POSITION_BITS) - 1;
    for (int j = 0; j < n; j++) {
      key[j] = (Double.doubleToRawLongBits(d[j]) & ~low) | j;
    }
    java.util.Arrays.sort(key, 0, n);
    int[] id = mergeIds;
    double[] dist = mergeDistances;
    for (int j = 0; j < n; j++) {
      int p = (int) (key[j] & low);
      id[j] = peerIds[p];
      dist[j] = d[p];
    }
    insertionSort(dist, id, n);
    System.arraycopy(id, 0, peerIds, 0, n);
    System.arraycopy(dist, 0, peerDistances, 0, n);
  }

  private int[] counts = new int[0];

  /** Buckets per hit, as a power of two, for {@link #rankBuckets}. */
  private static final int BUCKET_SHIFT = Integer.getInteger("geo.bucketShift", 2);

  /**
   * Ranks the hits by (distance, id), all within {@code radiusMeters}: counts them into about
   * {@code 2^(BUCKET_SHIFT - 1)} to {@code 2^BUCKET_SHIFT} buckets a hit (as the index sorts) by
   * squared relative distance (even for points spread evenly over a disc), scatters them in bucket
   * order and finishes with one insertion pass by the full (distance, id) order ({@link #settle},
   * as the index's ranking), which moves a hit only within its bucket. Exact for any input.
   */
  void rankBuckets() {
    int n = peerSize;
    if (mergeIds.length < n) {
      mergeIds = new int[peerIds.length];
      mergeDistances = new double[peerIds.length];
    }
    int[] id = mergeIds;
    double[] dist = mergeDistances;
    if (n > 1) {
      int b = Math.min(1 << 16, Integer.highestOneBit(n - 1) << BUCKET_SHIFT);
      if (counts.length < b + 1) {
        counts = new int[b + 1];
      } else {
        java.util.Arrays.fill(counts, 0, b + 1, 0);
      }
      double scale = b / (radiusMeters * radiusMeters);
      double[] d = peerDistances;
      for (int j = 0; j < n; j++) {
        counts[Math.min(b - 1, (int) (d[j] * d[j] * scale)) + 1]++;
      }
      for (int j = 0; j < b; j++) {
        counts[j + 1] += counts[j];
      }
      for (int j = 0; j < n; j++) {
        int at = counts[Math.min(b - 1, (int) (d[j] * d[j] * scale))]++;
        id[at] = peerIds[j];
        dist[at] = d[j];
      }
    } else {
      System.arraycopy(peerIds, 0, id, 0, n);
      System.arraycopy(peerDistances, 0, dist, 0, n);
    }
    settle(dist, id, n);
    System.arraycopy(id, 0, peerIds, 0, n);
    System.arraycopy(dist, 0, peerDistances, 0, n);
  }

  /**
   * The library's last ranking pass (dev.blocks.geo.Hits.settle, package-private there), copied:
   * insertion by (distance, id) for pairs nearly in order, the largest distance so far kept in a
   * register, so that a pair already in place costs one read and one comparison.
   */
  private static void settle(double[] dist, int[] id, int n) {
    if (n == 0) {
      return;
    }
    double top = dist[0];
    for (int i = 1; i < n; i++) {
      double d = dist[i];
      if (d <= top) {
        int h = id[i];
        if (d < top || id[i - 1] > h) {
          int j = i - 1;
          while (j >= 0 && (dist[j] > d || (dist[j] == d && id[j] > h))) {
            dist[j + 1] = dist[j];
            id[j + 1] = id[j];
            j--;
          }
          dist[j + 1] = d;
          id[j + 1] = h;
          d = dist[i];
        }
      }
      top = d;
    }
  }

  /** Sorts the first {@code n} (distance, id) pairs by distance, then id, by insertion. */
  private static void insertionSort(double[] dist, int[] id, int n) {
    for (int j = 1; j < n; j++) {
      double dj = dist[j];
      int ij = id[j];
      int at = j;
      while (at > 0 && (dist[at - 1] > dj || (dist[at - 1] == dj && id[at - 1] > ij))) {
        dist[at] = dist[at - 1];
        id[at] = id[at - 1];
        at--;
      }
      dist[at] = dj;
      id[at] = ij;
    }
  }

  private int[] mergeIds = new int[1024];
  private double[] mergeDistances = new double[1024];

  /**
   * Sorts the hits by (distance, id): bottom-up merge sort into reused scratch arrays, O(n log n)
   * (an answer can hold thousands of hits in a dense city).
   */
  private void sortPeer() {
    int n = peerSize;
    if (mergeIds.length < n) {
      mergeIds = new int[peerIds.length];
      mergeDistances = new double[peerIds.length];
    }
    int[] srcI = peerIds;
    double[] srcD = peerDistances;
    int[] dstI = mergeIds;
    double[] dstD = mergeDistances;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          boolean left =
              j >= hi
                  || (i < mid && (srcD[i] < srcD[j] || (srcD[i] == srcD[j] && srcI[i] < srcI[j])));
          if (left) {
            dstI[k] = srcI[i];
            dstD[k] = srcD[i++];
          } else {
            dstI[k] = srcI[j];
            dstD[k] = srcD[j++];
          }
        }
      }
      int[] ti = srcI;
      srcI = dstI;
      dstI = ti;
      double[] td = srcD;
      srcD = dstD;
      dstD = td;
    }
    if (srcI != peerIds) {
      System.arraycopy(srcI, 0, peerIds, 0, n);
      System.arraycopy(srcD, 0, peerDistances, 0, n);
    }
  }

  // The "minimalInPlace" row: the tree's own leaf-order coordinate and id arrays (read by
  // reflection in setup: they are private to the index) and, per query, its answer's positions in
  // them as runs [from, to), ascending.
  private double[] placeXy;
  private int[] placeIds;
  private int[] placeFrom;
  private int[] placeRuns;

  /**
   * Records, for every query, where its answer's points lie in the tree's own arrays (runs of
   * consecutive leaf-order positions that are all hits), then fails unless {@link #minimalInPlace}
   * ranks every answer as the index does.
   */
  private void answersInPlace(QuadTree<Void> tree) {
    try {
      java.lang.reflect.Field xy = QuadTree.class.getDeclaredField("coords");
      java.lang.reflect.Field id = QuadTree.class.getDeclaredField("ids");
      xy.setAccessible(true);
      id.setAccessible(true);
      placeXy = (double[]) xy.get(tree);
      placeIds = (int[]) id.get(tree);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the tree's leaf-order arrays are not readable", e);
    }
    int[] position = new int[placeIds.length];
    for (int p = 0; p < placeIds.length; p++) {
      position[placeIds[p]] = p;
    }
    placeFrom = new int[4097];
    int[] runs = new int[1024];
    int count = 0;
    for (int i = 0; i < 4096; i++) {
      int n = tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      int[] at = new int[n];
      for (int j = 0; j < n; j++) {
        at[j] = position[(int) hits.id(j)];
      }
      java.util.Arrays.sort(at);
      for (int j = 0; j < n; j++) {
        if (count + 2 > runs.length) {
          runs = java.util.Arrays.copyOf(runs, 2 * runs.length);
        }
        if (j > 0 && at[j] == at[j - 1] + 1) {
          runs[count - 1] = at[j] + 1;
        } else {
          runs[count++] = at[j];
          runs[count++] = at[j] + 1;
        }
      }
      placeFrom[i + 1] = count;
    }
    placeRuns = java.util.Arrays.copyOf(runs, count);
    for (int i = 0; i < 4096; i++) {
      int n = minimalInPlaceAt(i);
      rankBuckets();
      int m = tree.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      boolean same = n == m;
      for (int j = 0; same && j < n; j++) {
        same =
            peerIds[j] == hits.id(j)
                && Double.doubleToRawLongBits(peerDistances[j])
                    == Double.doubleToRawLongBits(hits.distance(j));
      }
      if (!same) {
        throw new IllegalStateException("in-place ranking differs at query " + i);
      }
    }
  }

  /**
   * The least work of any correct answer read where a single-copy point index keeps it: every
   * coordinate and id line of the answer touched first ({@link #touchInPlace}), then its points
   * gathered from the tree's own leaf-order arrays at their real positions (so with the real cache
   * misses of a rotating query stream, but without any search and without a single point that is
   * not a hit), their distances by the SIMD loops, then {@link #rankBuckets}. An index that keeps
   * each point's exact coordinates (16 bytes) and id (4 bytes) once, in a spatial order, reads at
   * least these lines.
   */
  @Benchmark
  public int minimalInPlace() {
    int i = q++ & 4095;
    touchInPlace(i);
    peerSize = minimalInPlaceAt(i);
    rankBuckets();
    return peerSize;
  }

  /** Keeps {@link #touchInPlace}'s reads alive. */
  double touched;

  /**
   * Reads one word of every coordinate and id cache line of a query's answer before the gather, as
   * the index does with its listed runs: the loads are independent, so their misses overlap
   * (slightly faster than the gather alone in a two-row run: 3.04 against 3.18 us, 05:33 UTC).
   */
  void touchInPlace(int i) {
    double[] xy = placeXy;
    int[] id = placeIds;
    double sum = 0;
    int isum = 0;
    for (int r = placeFrom[i]; r < placeFrom[i + 1]; r += 2) {
      int from = placeRuns[r];
      int to = placeRuns[r + 1];
      for (int p = 2 * from, e = 2 * to; p < e; p += 8) {
        sum += xy[p];
      }
      sum += xy[2 * to - 1];
      for (int p = from; p < to; p += 16) {
        isum += id[p];
      }
      isum += id[to - 1];
    }
    touched = sum + isum;
  }

  int minimalInPlaceAt(int i) {
    int n = answerFrom[i + 1] - answerFrom[i];
    ensurePeerCapacity(n);
    if (tinyLat.length < n) {
      tinyLat = new double[peerIds.length];
      tinyLon = new double[peerIds.length];
    }
    double[] xy = placeXy;
    int[] id = placeIds;
    int t = 0;
    for (int r = placeFrom[i]; r < placeFrom[i + 1]; r += 2) {
      for (int p = placeRuns[r], e = placeRuns[r + 1]; p < e; p++, t++) {
        tinyLat[t] = xy[2 * p];
        tinyLon[t] = xy[2 * p + 1];
        peerIds[t] = id[p];
      }
    }
    double la = qLat[i];
    double lo = qLon[i];
    double phi = Math.toRadians(la);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    if (answerTiny[i]) {
      tinyDistances(phi, sinPhi, cosPhi, lo, tinyLat, tinyLon, peerDistances, n);
    } else {
      for (int j = 0; j < n; j++) {
        peerDistances[j] = GreatCircle.distance(phi, sinPhi, cosPhi, lo, tinyLat[j], tinyLon[j]);
      }
    }
    peerSize = n;
    return n;
  }

  /**
   * {minLon, maxLon, minLat, maxLat} boxes holding the circle: one box, two across the
   * antimeridian, or a full band of longitudes when the circle reaches a pole.
   */
  private double[] box(int i) {
    double dLat = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS) + 1e-9;
    double south = qLat[i] - dLat;
    double north = qLat[i] + dLat;
    if (south <= -90 || north >= 90) {
      return new double[] {-180, 180, Math.max(-90, south), Math.min(90, north)};
    }
    double dLon =
        Math.toDegrees(
                Math.asin(
                    Math.min(
                        1,
                        Math.sin(radiusMeters / GreatCircle.EARTH_RADIUS_METERS)
                            / Math.cos(Math.toRadians(qLat[i])))))
            + 1e-9;
    double west = qLon[i] - dLon;
    double east = qLon[i] + dLon;
    if (west < -180) {
      return new double[] {west + 360, 180, south, north, -180, east, south, north};
    }
    if (east > 180) {
      return new double[] {west, 180, south, north, -180, east - 360, south, north};
    }
    return new double[] {west, east, south, north};
  }
}
