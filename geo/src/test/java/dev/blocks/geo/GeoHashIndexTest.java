package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.geo.GeoPointsModel.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeoHashIndexTest {

  private static GeoHashIndex<Point> index(List<Point> points) {
    return GeoHashIndex.build(points, Point::lat, Point::lon);
  }

  @Test
  void withPrefix_isTheSeedsLikeQuery() {
    List<Point> points = GeoPointsModel.points(1, 2000);
    GeoHashIndex<Point> index = index(points);
    for (String prefix : List.of("b", "u", "z", "8", "x", "0", "zz", "bp")) {
      List<Point> expected = new ArrayList<>();
      for (Point p : points) {
        if (GeoHash.encode(p.lat(), p.lon(), 12).startsWith(prefix)) {
          expected.add(p);
        }
      }
      assertThat(index.withPrefix(prefix)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(index.countWithPrefix(prefix)).isEqualTo(expected.size());
    }
  }

  @Test
  void prefixScanEqualsFilter() {
    qt().withExamples(40)
        .forAll(longs().all(), integers().between(1, 4))
        .checkAssert(
            (seed, length) -> {
              List<Point> points = GeoPointsModel.points(seed, 500);
              GeoHashIndex<Point> index = index(points);
              Point q = points.get(new SplittableRandom(seed).nextInt(points.size()));
              String prefix = GeoHash.encode(q.lat(), q.lon(), length);
              List<Point> expected = new ArrayList<>();
              for (Point p : points) {
                if (GeoHash.encode(p.lat(), p.lon(), length).equals(prefix)) {
                  expected.add(p);
                }
              }
              assertThat(index.withPrefix(prefix)).containsExactlyInAnyOrderElementsOf(expected);
            });
  }

  @Test
  void withinRadius_reusingHits_allocatesNothing() {
    List<Point> points = GeoPointsModel.points(3, 20_000);
    GeoHashIndex<Point> index = index(points);
    Hits hits = new Hits(4096);
    SplittableRandom r = new SplittableRandom(5);
    double[][] queries = new double[200][];
    for (int i = 0; i < queries.length; i++) {
      Point q = GeoPointsModel.query(r, points);
      queries[i] = new double[] {q.lat(), q.lon(), r.nextDouble(0, 300_000)};
    }
    for (int round = 0; round < 3; round++) { // warm up: the buffer grows to the largest answer
      for (double[] q : queries) {
        index.withinRadius(q[0], q[1], q[2], hits);
      }
    }
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    long found = 0;
    for (double[] q : queries) {
      found += index.withinRadius(q[0], q[1], q[2], hits);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertThat(found).isPositive();
    // A few hundred bytes of slack for the measurement itself; any per-call covering array or
    // cell object would show up as thousands of bytes over 200 calls.
    assertThat(allocated).isLessThan(1024);
  }

  @Test
  void radiusEqualsBruteForce() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(0, 2_000_000))
        .checkAssert(
            (seed, radius) -> {
              List<Point> points = GeoPointsModel.points(seed, 400);
              GeoHashIndex<Point> index = index(points);
              SplittableRandom r = new SplittableRandom(seed ^ 7);
              Hits hits = new Hits(1);
              for (int i = 0; i < 5; i++) {
                Point q = GeoPointsModel.query(r, points);
                index.withinRadius(q.lat(), q.lon(), radius, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .isEqualTo(GeoPointsModel.within(points, q.lat(), q.lon(), radius));
              }
            });
  }

  @Test
  void nearestEqualsBruteForce() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(1, 120))
        .checkAssert(
            (seed, k) -> {
              List<Point> points = GeoPointsModel.points(seed, 300);
              GeoHashIndex<Point> index = index(points);
              SplittableRandom r = new SplittableRandom(seed ^ 11);
              Hits hits = new Hits();
              for (int i = 0; i < 5; i++) {
                Point q = GeoPointsModel.query(r, points);
                index.nearest(q.lat(), q.lon(), k, hits);
                assertThat(GeoPointsModel.hits(hits))
                    .isEqualTo(GeoPointsModel.nearest(points, q.lat(), q.lon(), k));
              }
            });
  }

  @Test
  void nearest_emptyIndex_findsNothing() {
    GeoHashIndex<Point> index = index(List.of());
    Hits hits = new Hits();
    assertThat(index.nearest(0, 0, 3, hits)).isZero();
    assertThat(index.withPrefix("u")).isEmpty();
  }

  @Test
  void badInput_namesTheValue() {
    GeoHashIndex<Point> index = index(GeoPointsModel.points(3, 50));
    Hits hits = new Hits();
    assertThatThrownBy(() -> index.nearest(0, 0, 0, hits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be >= 1, got 0");
    assertThatThrownBy(() -> index.withinRadius(0, 0, -5, hits))
        .hasMessage("radiusMeters must be >= 0, got -5.0");
    assertThatThrownBy(() -> index.withinRadius(0, 200, 5, hits))
        .hasMessage("longitude must be in [-180, 180], got 200.0");
    assertThatThrownBy(() -> index.withPrefix("ua"))
        .hasMessage("geohash has invalid character 'a' at index 1: \"ua\"");
    assertThatThrownBy(
            () ->
                GeoHashIndex.build(
                    List.of(new Point(0, 0), new Point(95, 0)), Point::lat, Point::lon))
        .hasMessage("item 1: latitude must be in [-90, 90], got 95.0");
    assertThat(index.size()).isEqualTo(50);
  }
}
