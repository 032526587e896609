package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.geo.GeoPointsModel.Hit;
import dev.blocks.geo.GeoPointsModel.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuadTreeTest {

  private static QuadTree<Point> tree(List<Point> points, int capacity) {
    return QuadTree.build(points, Point::lat, Point::lon, capacity);
  }

  @Test
  void nearest_smallExample_ranksByGreatCircleNotDegrees() {
    // At 80N one degree of longitude is 19 km and one of latitude 111 km: flat degrees would pick
    // the point 0.6 degrees north, great-circle distance picks the one 1 degree east.
    List<Point> points = List.of(new Point(80.6, 0), new Point(80, 1));
    QuadTree<Point> tree = tree(points, 1);
    assertThat(tree.nearest(80, 0, 1)).containsExactly(new Point(80, 1));
  }

  @Test
  void nearest_acrossTheAntimeridian_findsTheCloseNeighbour() {
    List<Point> points = List.of(new Point(0, 179.99), new Point(0, -179.5), new Point(0, 170));
    QuadTree<Point> tree = tree(points, 1);
    assertThat(tree.nearest(0, -179.99, 2)).containsExactly(points.get(0), points.get(1));
  }

  @Test
  void nearest_atThePole_everyLongitudeIsEquallyFar() {
    List<Point> points = new ArrayList<>();
    for (int lon = -180; lon < 180; lon += 45) {
      points.add(new Point(89, lon));
    }
    QuadTree<Point> tree = tree(points, 2);
    Hits hits = new Hits();
    tree.nearest(90, 0, 8, hits);
    assertThat(hits.ids()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(hits.distance(7) - hits.distance(0)).isLessThan(1e-3);
    assertThat(GeoPointsModel.hits(hits)).isEqualTo(GeoPointsModel.nearest(points, 90, 0, 8));
  }

  @Test
  void build_duplicatesBeyondCapacity_stopAtMaxDepth() {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      points.add(new Point(12.5, 45.25));
    }
    QuadTree<Point> tree = tree(points, 4);
    assertThat(tree.nearest(12.5, 45.25, 50)).hasSize(50);
    assertThat(tree.maxLeafSizeBelowMaxDepth()).isLessThanOrEqualTo(4);
  }

  @Test
  void emptyTree_answersNothing() {
    QuadTree<Point> tree = tree(List.of(), 100);
    assertThat(tree.nearest(0, 0, 5)).isEmpty();
    assertThat(tree.withinRadius(0, 0, 1e7)).isEmpty();
    assertThat(tree.withinBox(-90, -180, 90, 180, new Hits())).isZero();
  }

  @Test
  void leavesRespectCapacityAndBoxesHoldTheirPoints() {
    qt().withExamples(40)
        .forAll(longs().all(), integers().between(1, 50))
        .checkAssert(
            (seed, capacity) -> {
              QuadTree<Point> tree = tree(GeoPointsModel.points(seed, 600), capacity);
              assertThat(tree.maxLeafSizeBelowMaxDepth()).isLessThanOrEqualTo(capacity);
              assertThat(tree.boxesContainTheirPoints()).isTrue();
              assertThat(tree.checkGrids()).isGreaterThanOrEqualTo(0);
            });
  }

  @Test
  void leafGridsHoldTheirPointsAndLargeLeavesHaveThem() {
    qt().withExamples(20)
        .forAll(longs().all(), integers().between(17, 255))
        .checkAssert(
            (seed, capacity) -> {
              QuadTree<Point> tree = tree(GeoPointsModel.points(seed, 1500), capacity);
              int gridded = tree.checkGrids();
              // Every leaf of 17 to 255 points has a grid, and no other leaf has one.
              assertThat(gridded).isEqualTo(tree.leavesHolding(17, 255));
              // Pigeonhole: a node split for holding more than 64 points has a child of at least
              // 17, which is a leaf of 17 to capacity (<= 255) points or is split in turn, unless
              // the depth cap stops it. Below 64 no leaf need be gridded (see the test after).
              if (capacity >= 64 && tree.leavesHolding(capacity + 1, Integer.MAX_VALUE) == 0) {
                assertThat(gridded).isPositive();
              }
            });
  }

  @Test
  void capacity17_canLeaveNoLeafLargeEnoughForAGrid() {
    // The example CI found on 2026-12-02 against an older, wrong form of the property above
    // ("1,500 points in leaves of at most 255 always grid one"): every leaf holds 16 or fewer.
    QuadTree<Point> tree = tree(GeoPointsModel.points(12, 1500), 17);
    assertThat(tree.leavesHolding(17, 255)).isZero();
    assertThat(tree.checkGrids()).isZero();
    assertThat(tree.leavesHolding(1, 16)).isPositive();
  }

  @Test
  void leafOf255Points_cellEndsReadUnsigned_andSearchesEqualBruteForce() {
    // One gridded leaf of 255 points: its last cell's end, 255, is stored as a byte (-1 signed).
    List<Point> points = GeoPointsModel.points(7, 255);
    QuadTree<Point> tree = tree(points, 255);
    assertThat(tree.nodeCount()).isEqualTo(1);
    assertThat(tree.checkGrids()).isEqualTo(1);
    Point q = points.get(100);
    for (double radius : new double[] {5e3, 5e5, 2e7}) {
      Hits within = new Hits();
      tree.withinRadius(q.lat(), q.lon(), radius, within);
      assertThat(GeoPointsModel.hits(within))
          .isEqualTo(GeoPointsModel.within(points, q.lat(), q.lon(), radius));
    }
    Hits near = new Hits();
    tree.nearest(q.lat(), q.lon(), 20, near);
    assertThat(GeoPointsModel.hits(near))
        .isEqualTo(GeoPointsModel.nearest(points, q.lat(), q.lon(), 20));
  }

  @Test
  void gridCell_everyCellOfABoxLiesBetweenItsFirstAndLast_columnsThenRows() {
    qt().forAll(
            integers().between(0, QuadTree.GRID - 1),
            integers().between(0, QuadTree.GRID - 1),
            integers().between(0, QuadTree.GRID - 1),
            integers().between(0, QuadTree.GRID - 1))
        .checkAssert(
            (ra, rb, ca, cb) -> {
              int r0 = Math.min(ra, rb);
              int r1 = Math.max(ra, rb);
              int c0 = Math.min(ca, cb);
              int c1 = Math.max(ca, cb);
              int first = QuadTree.gridCell(r0, c0);
              int last = QuadTree.gridCell(r1, c1);
              for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                  assertThat(QuadTree.gridCell(r, c)).isBetween(first, last);
                }
              }
              // Column-major: the run holds the whole columns between, not the whole rows.
              assertThat(last - first).isEqualTo(QuadTree.GRID * (c1 - c0) + (r1 - r0));
            });
    boolean[] seen = new boolean[QuadTree.GRID * QuadTree.GRID];
    for (int r = 0; r < QuadTree.GRID; r++) {
      for (int c = 0; c < QuadTree.GRID; c++) {
        seen[QuadTree.gridCell(r, c)] = true;
      }
    }
    assertThat(seen).containsOnly(true);
  }

  @Test
  void oneGriddedLeaf_radiusAndNearestEqualBruteForce_forCirclesOverEveryCell() {
    // A single gridded leaf (capacity 255) of points in a 0.2 x 0.3 degree box: circles centred on
    // a 9 x 9 lattice over and beside the leaf, from inside one cell to covering the leaf, list its
    // points by the column-major run of the circle's box (radius) or of its cells' bounds (k).
    qt().withExamples(30)
        .forAll(longs().all(), integers().between(17, 255))
        .checkAssert(
            (seed, n) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat0 = r.nextDouble(-70, 70);
              double lon0 = r.nextDouble(-170, 169);
              List<Point> points = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                points.add(new Point(lat0 + r.nextDouble(0.2), lon0 + r.nextDouble(0.3)));
              }
              QuadTree<Point> tree = tree(points, 255);
              assertThat(tree.checkGrids()).isEqualTo(1);
              Hits hits = new Hits(1);
              for (int i = -1; i <= 7; i++) {
                for (int j = -1; j <= 7; j++) {
                  double lat = lat0 + 0.2 * i / 6;
                  double lon = lon0 + 0.3 * j / 6;
                  for (double radius : new double[] {300, 2e3, 6e3, 3e4}) {
                    tree.withinRadius(lat, lon, radius, hits);
                    assertThat(GeoPointsModel.hits(hits))
                        .as("seed %d n %d at %f %f radius %f", seed, n, lat, lon, radius)
                        .isEqualTo(GeoPointsModel.within(points, lat, lon, radius));
                  }
                  tree.nearest(lat, lon, 10, hits);
                  assertThat(GeoPointsModel.hits(hits))
                      .isEqualTo(GeoPointsModel.nearest(points, lat, lon, 10));
                }
              }
            });
  }

  @Test
  void nearestEqualsBruteForce() {
    qt().withExamples(80)
        .forAll(longs().all(), integers().between(1, 120), integers().between(1, 300))
        .checkAssert(
            (seed, k, capacity) -> {
              List<Point> points = GeoPointsModel.points(seed, 500);
              QuadTree<Point> tree = tree(points, capacity);
              SplittableRandom r = new SplittableRandom(seed ^ 3);
              Hits hits = new Hits(1);
              for (int i = 0; i < 8; i++) {
                Point q = GeoPointsModel.query(r, points);
                tree.nearest(q.lat(), q.lon(), k, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s k %d", seed, q, k)
                    .isEqualTo(GeoPointsModel.nearest(points, q.lat(), q.lon(), k));
              }
            });
  }

  @Test
  void nearestByCircle_equalsBruteForce_onEveryPath() {
    // k of at least RADIUS_MIN_K first collects a circle sized from the local density: exact on
    // the first circle, on a grown one, and after giving up to best-first search (sparse places,
    // k beyond the local density). Each path must be taken, and each must equal brute force.
    int[] paths = new int[3];
    qt().withExamples(50)
        .forAll(
            longs().all(),
            integers().between(QuadTree.RADIUS_MIN_K, 260),
            integers().between(1, 150))
        .checkAssert(
            (seed, k, capacity) -> {
              List<Point> points = GeoPointsModel.points(seed, 1500);
              QuadTree<Point> tree = tree(points, capacity);
              SplittableRandom r = new SplittableRandom(seed ^ 11);
              Hits hits = new Hits(1);
              for (int i = 0; i < 8; i++) {
                Point q = GeoPointsModel.query(r, points);
                tree.nearest(q.lat(), q.lon(), k, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s k %d", seed, q, k)
                    .isEqualTo(GeoPointsModel.nearest(points, q.lat(), q.lon(), k));
                paths[Math.min(2, hits.radiusTries)]++;
              }
            });
    assertThat(paths).as("best-first, first circle, grown circle").doesNotContain(0);
  }

  /** The textbook haversine term between two points in degrees. */
  private static double haversineTerm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double a = Math.sin((p2 - p1) / 2);
    double b = Math.sin(Math.toRadians(lon2 - lon1) / 2);
    return a * a + Math.cos(p1) * Math.cos(p2) * b * b;
  }

  @Test
  void circleBound_isBelowTheHaversineTerm_andTightAtCityScale() {
    // k-nearest circles compute exact distances only for points whose lower bound is near the k-th
    // smallest: it must be a true bound everywhere (poles, antimeridian, far points, equal points)
    // and within a few parts in a million at city scale, or few circles would be answered early.
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(-12, 2))
        .checkAssert(
            (seed, log10Spread) -> {
              SplittableRandom r = new SplittableRandom(seed);
              Point q = GeoPointsModel.query(r, List.of(new Point(0, 0)));
              double spread = Math.pow(10, log10Spread);
              for (int i = 0; i < 50; i++) {
                Point p =
                    r.nextInt(10) == 0
                        ? new Point(r.nextDouble(-90, 90), r.nextDouble(-180, 180))
                        : r.nextInt(10) == 0
                            ? q
                            : GeoPointsModel.clamp(
                                q.lat() + r.nextGaussian() * spread,
                                q.lon() + r.nextGaussian() * spread);
                double phi = Math.toRadians(q.lat());
                double h = haversineTerm(q.lat(), q.lon(), p.lat(), p.lon());
                double lo =
                    QuadTree.circleLow(
                        p.lat(), p.lon(), q.lat(), q.lon(), Math.sin(phi), Math.cos(phi));
                assertThat(lo).as("query %s point %s", q, p).isLessThanOrEqualTo(h * (1 + 1e-12));
                double gap =
                    Math.max(
                        Math.abs(p.lat() - q.lat()),
                        Math.min(Math.abs(p.lon() - q.lon()), 360 - Math.abs(p.lon() - q.lon())));
                if (gap <= 0.1 && Math.abs(q.lat()) <= 60) {
                  assertThat(h - lo)
                      .as("query %s point %s", q, p)
                      .isLessThanOrEqualTo(1e-5 * h + 4e-14 * Math.sqrt(h) + 1e-27);
                }
              }
            });
  }

  @Test
  void nearestByCircle_exactTies_rankByIdLikeBruteForce() {
    // Points mirrored across the query's meridian (longitude 0) are exactly as far from it, and
    // duplicated points are equally far: the k-th nearest is often tied, and every point tied with
    // it must reach the ranking, which then takes the smallest ids.
    int[] circles = new int[1];
    qt().withExamples(60)
        .forAll(
            longs().all(),
            integers().between(QuadTree.RADIUS_MIN_K, 400),
            integers().between(1, 120))
        .checkAssert(
            (seed, k, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat0 = r.nextDouble(-85, 85);
              List<Point> points = new ArrayList<>();
              while (points.size() < 600) {
                int kind = r.nextInt(4);
                if (kind == 0 && !points.isEmpty()) {
                  points.add(points.get(r.nextInt(points.size())));
                } else {
                  // Coarse steps make many points share a distance exactly.
                  double dLat = (r.nextInt(41) - 20) * 0.01;
                  double dLon = r.nextInt(21) * 0.01;
                  points.add(new Point(lat0 + dLat, dLon));
                  points.add(new Point(lat0 + dLat, -dLon));
                }
              }
              QuadTree<Point> tree = tree(points, capacity);
              Hits hits = new Hits(1);
              tree.nearest(lat0, 0, k, hits);
              assertThat(GeoPointsModel.hits(hits))
                  .as("seed %d k %d", seed, k)
                  .isEqualTo(GeoPointsModel.nearest(points, lat0, 0, k));
              circles[0] += hits.radiusTries > 0 ? 1 : 0;
            });
    assertThat(circles[0]).as("answers by a circle").isPositive();
  }

  @Test
  void radiusEqualsBruteForce() {
    qt().withExamples(80)
        .forAll(longs().all(), doubles().between(0, 3_000_000), integers().between(1, 40))
        .checkAssert(
            (seed, radius, capacity) -> {
              List<Point> points = GeoPointsModel.points(seed, 500);
              QuadTree<Point> tree = tree(points, capacity);
              SplittableRandom r = new SplittableRandom(seed ^ 5);
              Hits hits = new Hits(1);
              for (int i = 0; i < 8; i++) {
                Point q = GeoPointsModel.query(r, points);
                tree.withinRadius(q.lat(), q.lon(), radius, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .isEqualTo(GeoPointsModel.within(points, q.lat(), q.lon(), radius));
              }
            });
  }

  @Test
  void smallRadiusEqualsBruteForce() {
    // Radii from 1 m to 1,000 km on a log scale, where whole nodes fall inside the circle.
    qt().withExamples(60)
        .forAll(longs().all(), doubles().between(0, 6), integers().between(1, 120))
        .checkAssert(
            (seed, log10, capacity) -> {
              List<Point> points = GeoPointsModel.points(seed, 800);
              QuadTree<Point> tree = tree(points, capacity);
              SplittableRandom r = new SplittableRandom(seed ^ 7);
              Hits hits = new Hits(1);
              double radius = Math.pow(10, log10);
              for (int i = 0; i < 8; i++) {
                Point q = GeoPointsModel.query(r, points);
                tree.withinRadius(q.lat(), q.lon(), radius, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s radius %s", seed, q, radius)
                    .isEqualTo(GeoPointsModel.within(points, q.lat(), q.lon(), radius));
              }
            });
  }

  /**
   * Radius search through the SIMD distance pass (runs of nodes within the short series' reach of
   * the query) and the bounded scan (the others) equals brute force: dense cities of a few km, also
   * straddling the series' polar limit (80.2 degrees), near a pole and across the antimeridian,
   * radii of 1 m to 40 km. Fails unless both paths occur.
   */
  @Test
  void radiusThroughSimdPass_equalsBruteForce_onBothPaths() {
    long[] paths = new long[2];
    qt().withExamples(60)
        .forAll(longs().all(), doubles().between(0, 4.6), integers().between(4, 120))
        .checkAssert(
            (seed, log10, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[][] centres = {
                {r.nextDouble(-60, 60), r.nextDouble(-180, 180)},
                {(r.nextBoolean() ? 1 : -1) * r.nextDouble(80.0, 80.4), r.nextDouble(-180, 180)},
                {89.97, r.nextDouble(-180, 180)},
                {r.nextDouble(-60, 60), 179.995},
              };
              List<Point> points = new ArrayList<>();
              for (int i = 0; i < 1500; i++) {
                double[] c = centres[r.nextInt(centres.length)];
                double spread = r.nextBoolean() ? 0.01 : 0.1;
                points.add(
                    GeoPointsModel.clamp(
                        c[0] + r.nextGaussian() * spread, c[1] + r.nextGaussian() * spread));
              }
              QuadTree<Point> tree = tree(points, capacity);
              Hits hits = new Hits(1);
              double radius = Math.pow(10, log10);
              for (int i = 0; i < 8; i++) {
                double[] c = centres[r.nextInt(centres.length)];
                Point q =
                    GeoPointsModel.clamp(
                        c[0] + r.nextGaussian() * 0.05, c[1] + r.nextGaussian() * 0.05);
                tree.withinRadius(q.lat(), q.lon(), radius, hits);
                paths[0] += hits.runPoints() - hits.tinyPoints;
                paths[1] += hits.tinyPoints;
                // Dead ids (an updatable tree's removed points) are skipped on both paths.
                assertRadiusEqualsBruteForce(tree, points, q, radius, hits, r, 40, seed);
              }
            });
    assertThat(paths).as("points bounded, points through the SIMD pass").doesNotContain(0L);
  }

  /**
   * Radius search through the SIMD pass, which keeps a point by its haversine term against the
   * radius's limit ({@link GreatCircle#tinyHaversineLimit}), equals brute force when the radius is
   * exactly some points' distance from the query, or the double just below or above it: a dense
   * city, the radius changing from query to query on one buffer (which keeps the last radius's
   * limit) and repeating. Fails unless the SIMD pass kept points at the exact radius.
   */
  @Test
  void radiusEqualToAPointsDistance_throughSimdPass_equalsBruteForce() {
    long[] onEdge = new long[1];
    qt().withExamples(40)
        .forAll(longs().all(), integers().between(4, 120))
        .checkAssert(
            (seed, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat = r.nextDouble(-70, 70);
              double lon = r.nextDouble(-179, 179);
              List<Point> points = new ArrayList<>();
              for (int i = 0; i < 1500; i++) {
                points.add(
                    GeoPointsModel.clamp(
                        lat + r.nextGaussian() * 0.03, lon + r.nextGaussian() * 0.03));
              }
              QuadTree<Point> tree = tree(points, capacity);
              Hits hits = new Hits(1);
              for (int i = 0; i < 12; i++) {
                Point q =
                    i % 3 == 0
                        ? points.get(r.nextInt(points.size()))
                        : GeoPointsModel.clamp(
                            lat + r.nextGaussian() * 0.03, lon + r.nextGaussian() * 0.03);
                Point p = points.get(r.nextInt(points.size()));
                double exact = GreatCircle.distance(q.lat(), q.lon(), p.lat(), p.lon());
                // The double below a zero distance is negative, not a radius: zero then.
                double radius =
                    Math.max(
                        0.0,
                        new double[] {exact, Math.nextDown(exact), Math.nextUp(exact)}
                            [r.nextInt(3)]);
                tree.withinRadius(q.lat(), q.lon(), radius, hits);
                List<Hit> expected = GeoPointsModel.within(points, q.lat(), q.lon(), radius);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s radius %s", seed, q, radius)
                    .isEqualTo(expected);
                if (radius == exact && hits.tinyPoints == hits.runPoints()) {
                  onEdge[0] += expected.stream().filter(h -> h.distance() == exact).count();
                }
              }
            });
    assertThat(onEdge[0]).as("points kept by the SIMD pass at the exact radius").isPositive();
  }

  /**
   * Asserts that {@code hits}, just filled by {@code tree.withinRadius(q, radius, hits)}, equal
   * brute force, then that the same query with {@code deadCount} random ids removed (an updatable
   * tree's tombstones) equals brute force without them.
   */
  private static void assertRadiusEqualsBruteForce(
      QuadTree<Point> tree,
      List<Point> points,
      Point q,
      double radius,
      Hits hits,
      SplittableRandom r,
      int deadCount,
      long seed) {
    List<GeoPointsModel.Hit> expected = GeoPointsModel.within(points, q.lat(), q.lon(), radius);
    assertThat(GeoPointsModel.hits(hits))
        .as("seed %d query %s radius %s", seed, q, radius)
        .isEqualTo(expected);
    int[] dead = r.ints(deadCount, 0, points.size()).sorted().distinct().toArray();
    tree.withinRadius(q.lat(), q.lon(), radius, hits, dead);
    assertThat(GeoPointsModel.hits(hits))
        .as("seed %d query %s radius %s, dead ids", seed, q, radius)
        .isEqualTo(
            expected.stream()
                .filter(h -> java.util.Arrays.binarySearch(dead, (int) h.id()) < 0)
                .toList());
  }

  /**
   * A small circle (1 m to 20 km) whose box lies within the short series' reach takes every listed
   * point through the SIMD pass, also the points of a leaf far wider than that reach (clamped to it
   * first): the answer equals brute force with such leaves holding points from centimetres to half
   * the Earth away, on both sides of the query, beside the poles' series limit and across the
   * antimeridian, with ids removed too. Fails unless some query takes points of a node wider than
   * the reach through the SIMD pass.
   */
  @Test
  void smallCircle_inWideLeaves_takesEveryPointThroughTheSimdPass_equalsBruteForce() {
    long[] wide = new long[1];
    qt().withExamples(80)
        .forAll(longs().all(), doubles().between(0, 4.3), integers().between(4, 200))
        .checkAssert(
            (seed, log10, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat0 = r.nextInt(4) == 0 ? r.nextDouble(-80.1, 80.1) : r.nextDouble(-60, 60);
              double lon0 = r.nextBoolean() ? r.nextDouble(-180, 180) : 179.9 + r.nextDouble(0.1);
              List<Point> points = new ArrayList<>();
              for (int i = 0; i < 300; i++) {
                // Spreads from 1e-7 to 100 degrees around the query: a few near, most far.
                double spread = Math.pow(10, r.nextDouble(-7, 2));
                points.add(
                    GeoPointsModel.clamp(
                        lat0 + r.nextGaussian() * spread, lon0 + r.nextGaussian() * spread));
              }
              QuadTree<Point> tree = tree(points, capacity);
              Hits hits = new Hits(1);
              double radius = Math.pow(10, log10);
              for (int i = 0; i < 6; i++) {
                Point q =
                    GeoPointsModel.clamp(
                        lat0 + r.nextGaussian() * 0.01, lon0 + r.nextGaussian() * 0.01);
                tree.withinRadius(q.lat(), q.lon(), radius, hits);
                if (hits.circleTiny) {
                  assertThat(hits.tinyPoints).isEqualTo(hits.runPoints());
                  wide[0] += hits.widePoints;
                }
                assertRadiusEqualsBruteForce(tree, points, q, radius, hits, r, 30, seed);
              }
            });
    assertThat(wide[0])
        .as("points of nodes wider than the series' reach through the SIMD pass")
        .isPositive();
  }

  /**
   * Radius search, whose listing drops a node outside the circle's latitude/longitude box by four
   * comparisons (and by its haversine bound where there is no box: a cap that may hold a pole or
   * crosses the antimeridian), equals brute force with points on the circle itself: at every half
   * degree of bearing (so also at the cap's extreme latitudes and longitudes, the box's edges) a
   * point just inside, on and just outside the radius, in leaves of 1 to 6 points; queries at the
   * equator, at mid and high latitudes, within a radius of a pole and beside the antimeridian;
   * radii of 1 m to 3,000 km. Also k nearest for k = 40, whose circles the same listing collects.
   */
  @Test
  void radiusOnTheCircleEdge_equalsBruteForce_withAndWithoutTheBox() {
    qt().withExamples(60)
        .forAll(longs().all(), doubles().between(0, 6.5), integers().between(1, 6))
        .checkAssert(
            (seed, log10, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double radius = Math.pow(10, log10);
              double lat;
              double lon = r.nextDouble(-180, 180);
              switch (r.nextInt(5)) {
                case 0:
                  lat = r.nextDouble(-1, 1);
                  break;
                case 1:
                  lat = (r.nextBoolean() ? 1 : -1) * r.nextDouble(60, 89);
                  break;
                case 2:
                  // Within (or just beyond) the radius of a pole.
                  double reach = Math.toDegrees(radius / GreatCircle.EARTH_RADIUS_METERS);
                  lat = (r.nextBoolean() ? 1 : -1) * Math.max(0, 90 - reach * r.nextDouble(0, 2));
                  break;
                case 3:
                  lat = r.nextDouble(-70, 70);
                  lon = (r.nextBoolean() ? 1 : -1) * (180 - r.nextDouble(0, 0.05));
                  break;
                default:
                  lat = r.nextDouble(-80, 80);
              }
              Point q = GeoPointsModel.clamp(lat, lon);
              double delta = radius / GreatCircle.EARTH_RADIUS_METERS;
              List<Point> points = new ArrayList<>();
              for (int b = 0; b < 720; b++) {
                double bearing = Math.toRadians(b * 0.5 + r.nextDouble(-0.01, 0.01));
                for (double f : new double[] {1 - 1e-9, 1, 1 + 1e-9}) {
                  points.add(destination(q, bearing, delta * f));
                }
              }
              for (int i = 0; i < 300; i++) {
                points.add(
                    destination(q, r.nextDouble(0, 2 * Math.PI), delta * r.nextDouble(0, 2)));
              }
              QuadTree<Point> tree = tree(points, capacity);
              Hits hits = new Hits(1);
              for (Point at : new Point[] {q, points.get(r.nextInt(points.size()))}) {
                tree.withinRadius(at.lat(), at.lon(), radius, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s radius %s", seed, at, radius)
                    .isEqualTo(GeoPointsModel.within(points, at.lat(), at.lon(), radius));
                tree.nearest(at.lat(), at.lon(), 40, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .as("seed %d query %s k 40", seed, at)
                    .isEqualTo(GeoPointsModel.nearest(points, at.lat(), at.lon(), 40));
              }
            });
  }

  /** The point {@code angle} radians from {@code from} along an initial {@code bearing}. */
  private static Point destination(Point from, double bearing, double angle) {
    double phi1 = Math.toRadians(from.lat());
    double phi2 =
        Math.asin(
            Math.sin(phi1) * Math.cos(angle)
                + Math.cos(phi1) * Math.sin(angle) * Math.cos(bearing));
    double dLon =
        Math.atan2(
            Math.sin(bearing) * Math.sin(angle) * Math.cos(phi1),
            Math.cos(angle) - Math.sin(phi1) * Math.sin(phi2));
    return GeoPointsModel.clamp(Math.toDegrees(phi2), from.lon() + Math.toDegrees(dLon));
  }

  @Test
  void boxEqualsBruteForce() {
    qt().withExamples(80)
        .forAll(longs().all(), integers().between(1, 40))
        .checkAssert(
            (seed, capacity) -> {
              List<Point> points = GeoPointsModel.points(seed, 500);
              QuadTree<Point> tree = tree(points, capacity);
              SplittableRandom r = new SplittableRandom(seed ^ 9);
              Hits hits = new Hits(1);
              for (int i = 0; i < 8; i++) {
                double a = r.nextDouble(-90, 90);
                double b = r.nextDouble(-90, 90);
                double south = Math.min(a, b);
                double north = Math.max(a, b);
                double west = r.nextDouble(-180, 180);
                double east = r.nextDouble(-180, 180);
                tree.withinBox(south, west, north, east, hits);
                double cLat = (south + north) / 2;
                double cLon = west <= east ? (west + east) / 2 : (west + east + 360) / 2;
                cLon = cLon > 180 ? cLon - 360 : cLon;
                List<Hit> expected = new ArrayList<>();
                for (Hit h : GeoPointsModel.all(points, cLat, cLon)) {
                  Point p = points.get((int) h.id());
                  boolean lonIn =
                      west <= east
                          ? p.lon() >= west && p.lon() <= east
                          : p.lon() >= west || p.lon() <= east;
                  if (p.lat() >= south && p.lat() <= north && lonIn) {
                    expected.add(h);
                  }
                }
                assertThat(GeoPointsModel.hits(hits)).isEqualTo(expected);
              }
            });
  }

  @Test
  void badInput_namesTheValueAndLeavesTheTreeUsable() {
    List<Point> points = GeoPointsModel.points(5, 100);
    QuadTree<Point> tree = tree(points, 10);
    Hits hits = new Hits();
    assertThatThrownBy(() -> tree.nearest(0, 0, 0, hits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be >= 1, got 0");
    assertThatThrownBy(() -> tree.nearest(Double.NaN, 0, 3, hits))
        .hasMessage("latitude must be in [-90, 90], got NaN");
    assertThatThrownBy(() -> tree.nearest(0, -180.5, 3, hits))
        .hasMessage("longitude must be in [-180, 180], got -180.5");
    assertThatThrownBy(() -> tree.withinRadius(0, 0, -0.5, hits))
        .hasMessage("radiusMeters must be >= 0, got -0.5");
    assertThatThrownBy(() -> tree.withinRadius(0, 0, Double.NaN, hits))
        .hasMessage("radiusMeters must be >= 0, got NaN");
    assertThatThrownBy(() -> tree.withinBox(10, 0, 0, 1, hits))
        .hasMessage("south must not exceed north, got 10.0 > 0.0");
    assertThatThrownBy(() -> QuadTree.build(points, Point::lat, Point::lon, 0))
        .hasMessage("capacity must be >= 1, got 0");
    assertThatThrownBy(
            () ->
                QuadTree.build(List.of(new Point(0, 0), new Point(0, 181)), Point::lat, Point::lon))
        .hasMessage("item 1: longitude must be in [-180, 180], got 181.0");
    assertThatThrownBy(() -> new Hits(0)).hasMessage("capacity must be >= 1, got 0");
    assertThat(tree.nearest(0, 0, 3)).isEqualTo(tree(points, 10).nearest(0, 0, 3));
  }

  @Test
  void badK_generated_isRejectedNamingTheValue() {
    QuadTree<Point> tree = tree(GeoPointsModel.points(5, 20), 4);
    qt().forAll(integers().between(Integer.MIN_VALUE, 0))
        .checkAssert(
            k ->
                assertThatThrownBy(() -> tree.nearest(1, 1, k, new Hits()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("k must be >= 1, got " + k));
  }
}
