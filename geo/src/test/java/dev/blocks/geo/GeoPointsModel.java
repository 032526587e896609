package dev.blocks.geo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Random point sets for properties, and brute-force answers by exact great-circle distance. */
final class GeoPointsModel {

  record Point(double lat, double lon) {}

  record Hit(long id, double distance) {}

  private GeoPointsModel() {}

  /**
   * Points clustered at random places plus clusters at the poles and across the antimeridian, with
   * duplicates, from one seed.
   */
  static List<Point> points(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Point> out = new ArrayList<>(n);
    double[][] centres = {
      {r.nextDouble(-90, 90), r.nextDouble(-180, 180)},
      {89.9, r.nextDouble(-180, 180)},
      {-89.95, r.nextDouble(-180, 180)},
      {r.nextDouble(-60, 60), 179.99},
      {r.nextDouble(-60, 60), -179.99},
    };
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(8);
      if (kind < 5) {
        double[] c = centres[kind];
        double spread = r.nextBoolean() ? 0.05 : 2;
        out.add(clamp(c[0] + r.nextGaussian() * spread, c[1] + r.nextGaussian() * spread));
      } else if (kind == 5 && !out.isEmpty()) {
        out.add(out.get(r.nextInt(out.size()))); // duplicate location
      } else {
        out.add(new Point(r.nextDouble(-90, 90), r.nextDouble(-180, 180)));
      }
    }
    return out;
  }

  /** A query point drawn like the data: often near a cluster, a pole or the antimeridian. */
  static Point query(SplittableRandom r, List<Point> points) {
    int kind = r.nextInt(4);
    if (kind == 0 && !points.isEmpty()) {
      Point p = points.get(r.nextInt(points.size()));
      return clamp(p.lat() + r.nextGaussian() * 0.01, p.lon() + r.nextGaussian() * 0.01);
    }
    if (kind == 1) {
      return new Point(r.nextBoolean() ? 90 : -90, r.nextDouble(-180, 180));
    }
    if (kind == 2) {
      return new Point(r.nextDouble(-89, 89), r.nextBoolean() ? 180 : -180);
    }
    return new Point(r.nextDouble(-90, 90), r.nextDouble(-180, 180));
  }

  static Point clamp(double lat, double lon) {
    lat = Math.max(-90, Math.min(90, lat));
    while (lon > 180) {
      lon -= 360;
    }
    while (lon < -180) {
      lon += 360;
    }
    return new Point(lat, lon);
  }

  static List<Hit> all(List<Point> points, double lat, double lon) {
    List<Hit> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      out.add(new Hit(i, GreatCircle.distance(lat, lon, p.lat(), p.lon())));
    }
    out.sort(Comparator.comparingDouble(Hit::distance).thenComparingLong(Hit::id));
    return out;
  }

  static List<Hit> nearest(List<Point> points, double lat, double lon, int k) {
    List<Hit> all = all(points, lat, lon);
    return all.subList(0, Math.min(k, all.size()));
  }

  static List<Hit> within(List<Point> points, double lat, double lon, double radius) {
    List<Hit> out = new ArrayList<>();
    for (Hit h : all(points, lat, lon)) {
      if (h.distance() <= radius) {
        out.add(h);
      }
    }
    return out;
  }

  static List<Hit> hits(Hits h) {
    List<Hit> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      out.add(new Hit(h.id(i), h.distance(i)));
    }
    return out;
  }
}
