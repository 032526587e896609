package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuadTreeSnippets {

  record Place(String name, double lat, double lon) {}

  private static final List<Place> PLACES =
      List.of(
          new Place("Ferry Building", 37.7955, -122.3937),
          new Place("Coit Tower", 37.8024, -122.4058),
          new Place("Oracle Park", 37.7786, -122.3893),
          new Place("Golden Gate Bridge", 37.8199, -122.4783));

  @Test
  void nearest() {
    // @start region=nearest
    QuadTree<Place> tree = QuadTree.build(PLACES, Place::lat, Place::lon); // capacity 100
    List<Place> near = tree.nearest(37.7946, -122.3999, 2); // great-circle distance
    List<Place> walk = tree.withinRadius(37.7946, -122.3999, 1_500); // within 1.5 km
    // @end
    assertThat(near).extracting(Place::name).containsExactly("Ferry Building", "Coit Tower");
    assertThat(walk).extracting(Place::name).containsExactly("Ferry Building", "Coit Tower");
  }

  @Test
  void hits() {
    QuadTree<Place> tree = QuadTree.build(PLACES, Place::lat, Place::lon);
    // @start region=hits
    Hits hits = new Hits(10); // one per thread, reused: queries then allocate nothing
    int n = tree.nearest(37.7946, -122.3999, 3, hits);
    for (int i = 0; i < n; i++) {
      Place p = tree.item(hits.id(i)); // id = position in the build collection
      double metres = hits.distance(i);
      assertThat(p).isNotNull();
      assertThat(metres).isPositive();
    }
    // @end
    assertThat(n).isEqualTo(3);
  }

  @Test
  void updates() {
    // @start region=updates
    UpdatableQuadTree live = UpdatableQuadTree.create(); // capacity 100, rebuild past 4096 changes
    live.put(1L, 37.7955, -122.3937); // add
    live.put(2L, 37.8024, -122.4058);
    live.put(1L, 37.7786, -122.3893); // move
    live.remove(2L); // remove
    Hits hits = new Hits();
    live.nearest(37.7946, -122.3999, 5, hits); // base tree + delta, merged
    // @end
    assertThat(hits.size()).isEqualTo(1);
    assertThat(hits.id(0)).isEqualTo(1L);
  }

  @Test
  void search() {
    QuadTree<Place> tree = QuadTree.build(PLACES, Place::lat, Place::lon);
    // @start region=search
    ProximitySearch search = ProximitySearch.over(tree);
    ProximitySearch.Page page = search.withinRadius(37.7946, -122.3999, 10_000, 0, 2);
    for (ProximitySearch.Result r : page.results()) {
      Place p = tree.item(r.id());
      String line = p.name() + " " + Math.round(r.distanceMeters()) + " m";
      assertThat(line).isNotBlank();
    }
    boolean more = page.hasNext(); // the next page starts at offset 2
    // @end
    assertThat(page.total()).isEqualTo(4);
    assertThat(more).isTrue();
  }
}
