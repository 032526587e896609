package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HitsTest {

  record Hit(long id, double distance) {}

  private static final Comparator<Hit> ORDER =
      Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::id);

  /**
   * Hits with distinct ids and many tied distances (few distinct values when {@code values} is
   * small).
   */
  private static List<Hit> hits(long seed, int n, int values) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Hit> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Hit(i * 7919L % 100_003 + r.nextInt(3) * 100_003L, r.nextInt(values) * 0.5));
    }
    return out;
  }

  @Test
  void selectReturnsTheRankedValueAndLeavesTheInputAlone() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(1, 300), integers().between(1, 1000))
        .checkAssert(
            (seed, n, values) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] a = new double[n + 3];
              for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(values) * 0.25;
              }
              double[] before = a.clone();
              double[] sorted = java.util.Arrays.copyOf(a, n);
              java.util.Arrays.sort(sorted);
              int rank = 1 + r.nextInt(n);
              assertThat(new Hits().select(a, n, rank)).isEqualTo(sorted[rank - 1]);
              assertThat(a).isEqualTo(before);
            });
  }

  @Test
  void sortEqualsAModelSortByDistanceThenId() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 400), integers().between(1, 1000))
        .checkAssert(
            (seed, n, values) -> {
              List<Hit> model = hits(seed, n, values);
              Hits hits = new Hits();
              model.forEach(h -> hits.add(h.id(), h.distance()));
              hits.sort();
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  @Test
  void sortWithinEqualsAModelSort() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 600), integers().between(1, 1000))
        .checkAssert(
            (seed, n, values) -> {
              List<Hit> model = hits(seed, n, values);
              double max = values * 0.5 * new SplittableRandom(seed).nextDouble(0.5, 1.5);
              Hits hits = new Hits();
              model.forEach(h -> hits.add(h.id(), h.distance()));
              hits.sortWithin(max); // also past max: those share the last bucket
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  @Test
  void sortWithinKeepingTheFirstEqualsAModelSortCut() {
    qt().withExamples(300)
        .forAll(
            longs().all(),
            integers().between(0, 600),
            integers().between(1, 1000),
            integers().between(0, 700))
        .checkAssert(
            (seed, n, values, keep) -> {
              List<Hit> model = hits(seed, n, values);
              double max = values * 0.5 * new SplittableRandom(seed).nextDouble(0.5, 1.5);
              Hits hits = new Hits();
              model.forEach(h -> hits.add(h.id(), h.distance()));
              hits.sortWithin(max, keep);
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model.subList(0, Math.min(keep, n)));
            });
  }

  /**
   * {@link Hits#rankIndexes} on hits holding indexes into a table of ids (a random permutation, so
   * index order is not id order), with distances crowded on the ranking's own bucket boundaries
   * ({@code sqrt(q / scale)} and its neighbouring doubles), exact ties, zero, and distances past
   * the maximum: the result must be the model's (distance, id) order with the ids looked up.
   */
  @Test
  void rankIndexesEqualsAModelSortOnBucketBoundariesAndTies() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 700), integers().between(1, 1500))
        .checkAssert(
            (seed, n, spread) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double max = r.nextDouble(1e-3, 1e5);
              int b = n < 2 ? 1 : Math.min(1 << 16, Integer.highestOneBit(n - 1) << 2);
              double scale = b / (max * max);
              int[] idOf = new int[n + 5];
              for (int i = 0; i < idOf.length; i++) {
                idOf[i] = i * 7 + 3;
              }
              for (int i = idOf.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idOf[i];
                idOf[i] = idOf[j];
                idOf[j] = t;
              }
              List<Hit> model = new ArrayList<>();
              Hits hits = new Hits(1 + r.nextInt(8));
              double[] pool = new double[spread];
              for (int v = 0; v < spread; v++) {
                double edge = Math.sqrt(r.nextInt(b + 2) / scale);
                pool[v] =
                    switch (r.nextInt(6)) {
                      case 0 -> Math.nextDown(edge);
                      case 1 -> Math.nextUp(edge);
                      case 2 -> 0.0;
                      case 3 -> max * r.nextDouble(1, 3);
                      case 4 -> max * r.nextDouble();
                      default -> edge;
                    };
              }
              int[] order = r.ints(0, idOf.length).distinct().limit(n).toArray();
              for (int i : order) {
                double d = pool[r.nextInt(spread)];
                hits.add(i, d);
                model.add(new Hit(idOf[i], d));
              }
              hits.rankIndexes(max, idOf);
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  /**
   * {@link Hits#settle} (the ranking's last pass) on hits nearly in order: runs of ascending
   * distances with some hits displaced a few places, exact ties whose ids come in either order,
   * neighbouring doubles, and zero; the result must be the model's (distance, id) order.
   */
  @Test
  void settleEqualsAModelSortOnNearlyOrderedHitsWithTies() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 300), integers().between(0, 8))
        .checkAssert(
            (seed, n, displaced) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] d = new double[n];
              double at = 0;
              for (int i = 0; i < n; i++) {
                at +=
                    switch (r.nextInt(4)) {
                      case 0 -> 0.0; // an exact tie with the previous hit
                      case 1 -> Math.ulp(at == 0 ? Double.MIN_VALUE : at);
                      default -> r.nextDouble(0, 10);
                    };
                d[i] = at;
              }
              for (int k = 0; k < displaced * n / 16 && n > 1; k++) {
                int i = r.nextInt(n);
                int j = Math.min(n - 1, Math.max(0, i + r.nextInt(-4, 5)));
                double t = d[i];
                d[i] = d[j];
                d[j] = t;
              }
              List<Hit> model = new ArrayList<>();
              Hits hits = new Hits(1 + r.nextInt(4));
              for (int i = 0; i < n; i++) {
                long id = r.nextLong(1_000_000);
                while (containsId(model, id)) {
                  id = r.nextLong(1_000_000);
                }
                hits.add(id, d[i]);
                model.add(new Hit(id, d[i]));
              }
              hits.settle(hits.size());
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  /**
   * {@link Hits#rankIndexes} at the sizes its buffers switch at: no hit, one hit, and answers that
   * grow the buffer far past its start (thousands of hits, with ties crowding single buckets), each
   * then ranked again into the same grown buffer.
   */
  @Test
  void rankIndexesEqualsAModelSortFromNoHitToAGrownBuffer() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(0, 4), integers().between(1, 3))
        .checkAssert(
            (seed, size, rounds) -> {
              SplittableRandom r = new SplittableRandom(seed);
              int[] sizes = {0, 1, 2, 1 + r.nextInt(5000), 5000};
              Hits hits = new Hits(1);
              for (int round = 0; round < rounds; round++) {
                int n = sizes[(size + round) % sizes.length];
                double max = r.nextDouble(1, 1e4);
                int[] idOf = new int[n + 3];
                for (int i = 0; i < idOf.length; i++) {
                  idOf[i] = (int) ((i * 2_654_435_761L) & 0x7fff_ffff);
                }
                int distinct = 1 + r.nextInt(Math.max(1, n));
                hits.clear();
                List<Hit> model = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                  double d = max * (r.nextInt(distinct) / (double) distinct);
                  hits.add(i + 3, d);
                  model.add(new Hit(idOf[i + 3], d));
                }
                hits.rankIndexes(max, idOf);
                model.sort(ORDER);
                assertThat(read(hits)).containsExactlyElementsOf(model);
              }
            });
  }

  /**
   * {@link Hits#rankIndexes} around the 256 hits below which it counts in bytes, eight buckets a
   * step: every hit at one distance (one bucket holding up to 255 hits), every hit within one
   * step's eight buckets (a step summing to all of them), zero, hits on the buckets' own edges and
   * their neighbouring doubles, and hits past the maximum (in the last bucket); the result must be
   * the model's (distance, id) order with the ids looked up.
   */
  @Test
  void rankIndexesEqualsAModelSortAroundTheByteCountLimit() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 6), integers().between(0, 4))
        .checkAssert(
            (seed, size, shape) -> {
              SplittableRandom r = new SplittableRandom(seed);
              int[] sizes = {2, 3, 9, 254, 255, 256, 2 + r.nextInt(300)};
              int n = sizes[size];
              double max = r.nextDouble(1e-2, 1e5);
              int b = Math.max(8, Integer.highestOneBit(Math.max(1, n - 1)) << 2);
              double scale = b / (max * max);
              int step = 8 * r.nextInt(b / 8);
              int[] idOf = new int[n + 2];
              for (int i = 0; i < idOf.length; i++) {
                idOf[i] = (int) ((i * 2_654_435_761L + seed) & 0x7fff_ffff);
              }
              double one = max * r.nextDouble();
              Hits hits = new Hits(1 + r.nextInt(300));
              List<Hit> model = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                double edge = Math.sqrt((step + r.nextInt(9)) / scale);
                double d =
                    switch (shape) {
                      case 0 -> one;
                      case 1 -> Math.min(Math.nextDown(edge), Math.sqrt((step + 7.5) / scale));
                      case 2 -> r.nextBoolean() ? 0.0 : max * r.nextDouble(1, 2);
                      case 3 -> r.nextBoolean() ? edge : Math.nextUp(edge);
                      default -> max * r.nextDouble();
                    };
                d = Math.max(Math.sqrt(step / scale), Math.min(d, 2 * max));
                if (shape == 2 || shape == 4) {
                  d = r.nextInt(8) == 0 ? 0.0 : d;
                }
                hits.add(i + 2, d);
                model.add(new Hit(idOf[i + 2], d));
              }
              hits.rankIndexes(max, idOf);
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  /**
   * {@link Hits#rankIndexes} on the shapes that stress its buckets, at 2 to 300 hits (across the
   * 256 below which it counts in bytes): every hit in one bucket at distinct distances (one bucket
   * of up to 300 hits, ordered by the introsort or the insertion pass), many hits at one to four
   * distances with ids in either order, hits exactly at the maximum (the radius) and at its
   * neighbouring doubles, and hits at zero; the result must be the model's (distance, id) order
   * with the ids looked up.
   */
  @Test
  void rankIndexesEqualsAModelSortInOneBucketAtTheRadiusAndOnFewDistances() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(2, 300), integers().between(0, 3))
        .checkAssert(
            (seed, n, shape) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double max = r.nextDouble(1e-2, 1e5);
              int b = Math.max(8, Integer.highestOneBit(n - 1) << 2);
              double scale = b / (max * max);
              int q = r.nextInt(b);
              double low = Math.sqrt(q / scale);
              double high = Math.nextDown(Math.min(max, Math.sqrt((q + 1) / scale)));
              double[] few = new double[1 + r.nextInt(4)];
              for (int v = 0; v < few.length; v++) {
                few[v] = r.nextInt(4) == 0 ? max : max * r.nextDouble();
              }
              int[] idOf = new int[n + 4];
              for (int i = 0; i < idOf.length; i++) {
                idOf[i] = r.nextBoolean() ? 1_000_000 - i : (int) ((i * 2_654_435_761L) >>> 33);
              }
              Hits hits = new Hits(1 + r.nextInt(300));
              List<Hit> model = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                double d =
                    switch (shape) {
                      case 0 -> Math.max(low, Math.min(high, low + (high - low) * r.nextDouble()));
                      case 1 -> few[r.nextInt(few.length)];
                      case 2 ->
                          switch (r.nextInt(4)) {
                            case 0 -> max;
                            case 1 -> Math.nextDown(max);
                            case 2 -> 0.0;
                            default -> max * r.nextDouble();
                          };
                      default -> r.nextBoolean() ? max : Math.nextUp(max);
                    };
                hits.add(i + 4, d);
                model.add(new Hit(idOf[i + 4], d));
              }
              hits.rankIndexes(max, idOf);
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  /**
   * {@link Hits#insertionSort} (k-nearest search's pass over hits nearly in order) keeps the first
   * {@code keep} of the model's (distance, id) order, with exact ties whose ids come in either
   * order and hits displaced a few places.
   */
  @Test
  void insertionSortKeepsTheFirstOfAModelSort() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 300), integers().between(0, 320))
        .checkAssert(
            (seed, n, keep) -> {
              SplittableRandom r = new SplittableRandom(seed);
              List<Hit> model = hits(seed, n, 1 + r.nextInt(2 * n + 1));
              model.sort(ORDER);
              List<Hit> shuffled = new ArrayList<>(model);
              for (int k = 0; k < n / 4; k++) {
                int i = r.nextInt(n);
                int j = Math.min(n - 1, Math.max(0, i + r.nextInt(-5, 6)));
                shuffled.set(i, shuffled.set(j, shuffled.get(i)));
              }
              Hits hits = new Hits(1);
              shuffled.forEach(h -> hits.add(h.id(), h.distance()));
              hits.insertionSort(keep);
              assertThat(read(hits)).containsExactlyElementsOf(model.subList(0, Math.min(keep, n)));
            });
  }

  private static boolean containsId(List<Hit> hits, long id) {
    for (Hit h : hits) {
      if (h.id() == id) {
        return true;
      }
    }
    return false;
  }

  @Test
  void topOfferThenSortKeepsTheKBest() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 400), integers().between(1, 150))
        .checkAssert(
            (seed, n, k) -> {
              List<Hit> model = hits(seed, n, 1 + (int) (Math.abs(seed) % 50));
              Hits hits = new Hits();
              for (Hit h : model) {
                if (h.distance() <= hits.topBound(k)) {
                  hits.topOffer(h.id(), h.distance(), k);
                }
              }
              hits.sort();
              model.sort(ORDER);
              assertThat(read(hits)).containsExactlyElementsOf(model.subList(0, Math.min(k, n)));
            });
  }

  /**
   * {@link Hits#addWithinArcs} appends, after the hits already held and in their order, exactly the
   * candidates whose haversine term is at most the limit, each with {@link GreatCircle#tinyArc} of
   * its term: terms on both sides of and on the limit, limits of -1 (none kept) to above every term
   * (all kept), buffers starting small.
   */
  @Test
  void addWithinArcs_appendsExactlyTheTermsWithinTheLimit_withTheirArcs() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 300), integers().between(0, 20))
        .checkAssert(
            (seed, n, held) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] h = new double[n + 2];
              int[] at = new int[n + 2];
              for (int j = 0; j < h.length; j++) {
                h[j] = r.nextInt(50) * 1e-9;
                at[j] = r.nextInt(1 << 20);
              }
              double limit = r.nextInt(4) == 0 ? -1 : r.nextInt(52) * 1e-9;
              Hits hits = new Hits(1);
              List<Hit> model = new ArrayList<>();
              for (int i = 0; i < held; i++) {
                hits.add(i, i * 0.5);
                model.add(new Hit(i, i * 0.5));
              }
              for (int j = 0; j < n; j++) {
                if (h[j] <= limit) {
                  model.add(new Hit(at[j], GreatCircle.tinyArc(h[j])));
                }
              }
              hits.addWithinArcs(at, h, n, limit);
              assertThat(read(hits)).containsExactlyElementsOf(model);
            });
  }

  /**
   * {@link Hits#tinyHaversineLimit} answers {@link GreatCircle#tinyHaversineLimit} of each radius,
   * whatever radii came before it (the buffer keeps the last radius's answer).
   */
  @Test
  void tinyHaversineLimit_answersForEachRadius_whateverCameBefore() {
    qt().withExamples(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] radii = {0, 1, 5000, Math.nextUp(5000.0), r.nextDouble(0, 1e5)};
              Hits hits = new Hits();
              for (int i = 0; i < 20; i++) {
                double radius = radii[r.nextInt(radii.length)];
                assertThat(hits.tinyHaversineLimit(radius))
                    .as("radius %s", radius)
                    .isEqualTo(GreatCircle.tinyHaversineLimit(radius));
              }
            });
  }

  private static List<Hit> read(Hits hits) {
    List<Hit> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      out.add(new Hit(hits.id(i), hits.distance(i)));
    }
    return out;
  }
}
