package dev.blocks.examples;

import dev.blocks.geo.GeoHash;
import dev.blocks.geo.GeoHashIndex;
import dev.blocks.geo.Hits;
import dev.blocks.geo.ProximitySearch;
import dev.blocks.geo.QuadTree;
import dev.blocks.geo.UpdatableQuadTree;
import dev.blocks.geo.tile.Tile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tour section for blocks-geo: the proximity service and map tiles of the seed design. */
final class GeoTour implements TourSection {

  private static final String[] KINDS = {"cafe", "bakery", "pharmacy", "diner", "bookshop"};

  /** A business of the synthetic world. */
  record Business(int id, String kind, double lat, double lon) {}

  @Override
  public String title() {
    return "geo";
  }

  @Override
  public void run(PrintStream out) {
    double lat = 42.6;
    double lon = -5.6;
    String hash = GeoHash.encode(lat, lon, 5);
    out.printf(
        "geohash(%.1f, %.1f, 5) = %s, neighbours %s%n", lat, lon, hash, GeoHash.neighbours(hash));

    // 1M synthetic businesses: 200 Gaussian towns plus a uniform background, fixed seed.
    List<Business> businesses = world(1_000_000, 2024);
    long t0 = System.nanoTime();
    QuadTree<Business> tree = QuadTree.build(businesses, Business::lat, Business::lon);
    long t1 = System.nanoTime();
    GeoHashIndex<Business> byHash = GeoHashIndex.build(businesses, Business::lat, Business::lon);
    long t2 = System.nanoTime();
    out.printf(
        "indexed %,d businesses: quadtree %d ms (%,d nodes, leaf capacity %d), geohash index %d ms%n",
        tree.size(),
        (t1 - t0) / 1_000_000,
        tree.nodeCount(),
        tree.capacity(),
        (t2 - t1) / 1_000_000);

    Hits hits = new Hits(5);
    tree.nearest(lat, lon, 5, hits);
    out.printf("nearest 5 to (%.1f, %.1f), by great-circle distance:%n", lat, lon);
    for (int i = 0; i < hits.size(); i++) {
      Business b = tree.item(hits.id(i));
      out.printf("  #%-7d %-8s %8.0f m%n", b.id(), b.kind(), hits.distance(i));
    }

    // The seed's prefix query: WHERE geohash LIKE 'ezs4%' is one range scan of the sorted index.
    String prefix = GeoHash.encode(lat, lon, 4);
    out.printf(
        "prefix query geohash LIKE '%s%%': %,d businesses%n",
        prefix, byHash.countWithPrefix(prefix));

    ProximitySearch search = ProximitySearch.over(tree);
    ProximitySearch.Page page = search.withinRadius(lat, lon, 5_000, 0, 3);
    out.printf(
        "within 5 km: %,d businesses, first page of %d, more: %s%n",
        page.total(), page.results().size(), page.hasNext());

    UpdatableQuadTree live = UpdatableQuadTree.create();
    for (Business b : businesses.subList(0, 10_000)) {
      live.put(b.id(), b.lat(), b.lon());
    }
    live.put(999_999_999L, lat, lon); // a business opens right here
    live.remove(businesses.get(0).id());
    live.nearest(lat, lon, 1, hits);
    out.printf(
        "updatable tree: %,d live, nearest id %d at %.0f m, %d rebuilds so far%n",
        live.size(), hits.id(0), hits.distance(0), live.rebuilds());

    for (int zoom : new int[] {0, 10, 21}) {
      Tile t = Tile.at(lat, lon, zoom);
      out.printf(
          "tile at zoom %2d: /%d/%d/%d.png quadkey \"%s\"%n",
          zoom, zoom, t.x(), t.y(), t.quadKey());
    }
  }

  static List<Business> world(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] towns = new double[200][];
    for (int i = 0; i < towns.length; i++) {
      towns[i] =
          new double[] {r.nextDouble(-60, 70), r.nextDouble(-180, 180), r.nextDouble(0.02, 0.3)};
    }
    towns[0] = new double[] {42.6, -5.6, 0.05}; // a town around the tour's point
    List<Business> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double la;
      double lo;
      if (r.nextInt(10) == 0) {
        la = Math.toDegrees(Math.asin(r.nextDouble(-1, 1)));
        lo = r.nextDouble(-180, 180);
      } else {
        double[] t = towns[r.nextInt(towns.length)];
        la = Math.max(-90, Math.min(90, t[0] + r.nextGaussian() * t[2]));
        lo = t[1] + r.nextGaussian() * t[2];
        lo = lo > 180 ? lo - 360 : lo < -180 ? lo + 360 : lo;
      }
      out.add(new Business(i, KINDS[r.nextInt(KINDS.length)], la, lo));
    }
    return out;
  }
}
