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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UpdatableQuadTreeTest {

  /** Answers of a tree rebuilt from scratch over the model map, ids as tie order. */
  private static List<ProximitySearch.Result> fresh(
      TreeMap<Long, Point> model, Point q, int k, double radius) {
    List<Long> ids = new ArrayList<>(model.keySet());
    List<Point> points = new ArrayList<>(model.values());
    QuadTree<Point> tree = QuadTree.build(points, Point::lat, Point::lon, 8);
    Hits hits = new Hits();
    if (k > 0) {
      tree.nearest(q.lat(), q.lon(), k, hits);
    } else {
      tree.withinRadius(q.lat(), q.lon(), radius, hits);
    }
    List<ProximitySearch.Result> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      out.add(new ProximitySearch.Result(ids.get((int) hits.id(i)), hits.distance(i)));
    }
    return out;
  }

  private static List<ProximitySearch.Result> results(Hits hits) {
    List<ProximitySearch.Result> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      out.add(new ProximitySearch.Result(hits.id(i), hits.distance(i)));
    }
    return out;
  }

  @Test
  void updatesThenQueriesEqualARebuildFromScratch() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(1, 64), integers().between(1, 16))
        .checkAssert(
            (seed, threshold, capacity) -> {
              SplittableRandom r = new SplittableRandom(seed);
              List<Point> pool = GeoPointsModel.points(seed, 300);
              UpdatableQuadTree tree = UpdatableQuadTree.create(capacity, threshold);
              TreeMap<Long, Point> model = new TreeMap<>();
              Hits hits = new Hits(1);
              for (int step = 0; step < 150; step++) {
                long id = r.nextLong(-40, 200);
                int op = r.nextInt(10);
                if (op < 6) {
                  Point p = pool.get(r.nextInt(pool.size()));
                  tree.put(id, p.lat(), p.lon());
                  model.put(id, p);
                } else if (op < 9) {
                  assertThat(tree.remove(id)).isEqualTo(model.remove(id) != null);
                } else {
                  tree.rebuild();
                }
                assertThat(tree.size()).isEqualTo(model.size());
                if (step % 10 == 9) {
                  Point q = GeoPointsModel.query(r, pool);
                  int k = 1 + r.nextInt(120);
                  tree.nearest(q.lat(), q.lon(), k, hits);
                  assertThat(results(hits)).isEqualTo(fresh(model, q, k, 0));
                  double radius = r.nextDouble(0, 3_000_000);
                  tree.withinRadius(q.lat(), q.lon(), radius, hits);
                  assertThat(results(hits)).isEqualTo(fresh(model, q, 0, radius));
                }
              }
            });
  }

  @Test
  void put_movesAPoint() {
    UpdatableQuadTree tree = UpdatableQuadTree.create(2, 100);
    tree.put(7, 10, 10);
    tree.rebuild();
    tree.put(7, -10, -10);
    Hits hits = new Hits();
    assertThat(tree.nearest(-10, -10, 5, hits)).isEqualTo(1);
    assertThat(hits.id(0)).isEqualTo(7);
    assertThat(hits.distance(0)).isZero();
    assertThat(tree.withinRadius(10, 10, 1000, hits)).isZero();
  }

  @Test
  void deltaOverThreshold_rebuildsAndKeepsAnswers() {
    UpdatableQuadTree tree = UpdatableQuadTree.create(4, 3);
    for (int i = 0; i < 10; i++) {
      tree.put(i, i, i);
    }
    assertThat(tree.rebuilds()).isGreaterThanOrEqualTo(2);
    assertThat(tree.size()).isEqualTo(10);
    Hits hits = new Hits();
    tree.nearest(0, 0, 3, hits);
    assertThat(hits.ids()).containsExactly(0, 1, 2);
  }

  @Test
  void badInput_namesTheValueAndLeavesTheTreeUnchanged() {
    UpdatableQuadTree tree = UpdatableQuadTree.create();
    tree.put(1, 5, 5);
    assertThatThrownBy(() -> tree.put(2, 91, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latitude must be in [-90, 90], got 91.0");
    assertThatThrownBy(() -> tree.put(1, 0, Double.NaN))
        .hasMessage("longitude must be in [-180, 180], got NaN");
    assertThatThrownBy(() -> tree.nearest(0, 0, -1, new Hits()))
        .hasMessage("k must be >= 1, got -1");
    assertThatThrownBy(() -> tree.withinRadius(0, 0, -1, new Hits()))
        .hasMessage("radiusMeters must be >= 0, got -1.0");
    assertThatThrownBy(() -> UpdatableQuadTree.create(0, 5))
        .hasMessage("capacity must be >= 1, got 0");
    assertThatThrownBy(() -> UpdatableQuadTree.create(5, 0))
        .hasMessage("rebuildThreshold must be >= 1, got 0");
    assertThat(tree.size()).isEqualTo(1);
    Hits hits = new Hits();
    tree.nearest(0, 0, 5, hits);
    assertThat(hits.ids()).containsExactly(1);
    assertThat(tree.remove(99)).isFalse();
  }

  @Test
  void proximitySearch_pagesTheAnswer() {
    UpdatableQuadTree tree = UpdatableQuadTree.create();
    for (int i = 0; i < 25; i++) {
      tree.put(100 + i, 0, i * 0.001);
    }
    ProximitySearch search = ProximitySearch.over(tree);
    ProximitySearch.Page first = search.nearest(0, 0, 20, 0, 8);
    ProximitySearch.Page last = search.nearest(0, 0, 20, 16, 8);
    assertThat(first.results()).extracting(ProximitySearch.Result::id).startsWith(100L, 101L);
    assertThat(first.total()).isEqualTo(20);
    assertThat(first.hasNext()).isTrue();
    assertThat(last.results()).hasSize(4);
    assertThat(last.hasNext()).isFalse();
    ProximitySearch.Page radius = search.withinRadius(0, 0, 1_000, 0, 100);
    assertThat(radius.total()).isEqualTo(9); // 0.001 degree is about 111 m
    assertThat(radius.results().get(8).distanceMeters()).isLessThanOrEqualTo(1_000);
    assertThatThrownBy(() -> search.nearest(0, 0, 5, -1, 3))
        .hasMessage("offset must be >= 0, got -1");
    assertThatThrownBy(() -> search.withinRadius(0, 0, 5, 0, 0))
        .hasMessage("limit must be >= 1, got 0");
  }

  @Test
  void proximitySearch_pagesConcatenateToTheWholeAnswer() {
    qt().withExamples(30)
        .forAll(longs().all(), integers().between(1, 40))
        .checkAssert(
            (seed, limit) -> {
              List<Point> points = GeoPointsModel.points(seed, 200);
              ProximitySearch search =
                  ProximitySearch.over(GeoHashIndex.build(points, Point::lat, Point::lon));
              Point q = GeoPointsModel.query(new SplittableRandom(seed), points);
              List<ProximitySearch.Result> all = new ArrayList<>();
              ProximitySearch.Page page;
              int offset = 0;
              do {
                page = search.nearest(q.lat(), q.lon(), 50, offset, limit);
                all.addAll(page.results());
                offset += limit;
              } while (page.hasNext());
              List<ProximitySearch.Result> expected = new ArrayList<>();
              for (GeoPointsModel.Hit h : GeoPointsModel.nearest(points, q.lat(), q.lon(), 50)) {
                expected.add(new ProximitySearch.Result(h.id(), h.distance()));
              }
              assertThat(all).isEqualTo(expected);
            });
  }

  @Test
  void readersSeeWholeSnapshotsWhileAWriterRebuilds() throws Exception {
    UpdatableQuadTree tree = UpdatableQuadTree.create(8, 16); // rebuilds every 17 updates
    int total = 3000;
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < total; i++) {
                tree.put(i, 1, 1);
              }
            });
    writer.start();
    Hits hits = new Hits();
    boolean sawPartial = false;
    while (writer.isAlive()) {
      int n = tree.withinRadius(1, 1, 1, hits);
      // Updates are applied in order and snapshots are whole: a reader sees exactly ids 0..n-1
      // (all at distance 0, so in id order), never a gap or a duplicate.
      long[] expected = new long[n];
      for (int i = 0; i < n; i++) {
        expected[i] = i;
      }
      assertThat(hits.ids()).containsExactly(expected);
      sawPartial |= n > 0 && n < total;
    }
    writer.join();
    assertThat(tree.size()).isEqualTo(total);
    assertThat(tree.withinRadius(1, 1, 1, hits)).isEqualTo(total);
    assertThat(tree.rebuilds()).isPositive();
    assertThat(sawPartial || tree.size() == total).isTrue();
  }
}
