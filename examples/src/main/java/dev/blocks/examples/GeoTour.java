package dev.blocks.examples;

import dev.blocks.geo.GeoHash;
import java.io.PrintStream;

/** Tour section for blocks-geo. */
final class GeoTour implements TourSection {

  @Override
  public String title() {
    return "geo";
  }

  @Override
  public void run(PrintStream out) {
    double lat = 42.6;
    double lon = -5.6;
    for (int p : new int[] {1, 3, 5, 7}) {
      String hash = GeoHash.encode(lat, lon, p);
      GeoHash.Cell cell = GeoHash.decode(hash);
      out.printf(
          "geohash(%.1f, %.1f, %d) = %-7s cell %.4f..%.4f lat, %.4f..%.4f lon%n",
          lat,
          lon,
          p,
          hash,
          cell.minLatitude(),
          cell.maxLatitude(),
          cell.minLongitude(),
          cell.maxLongitude());
    }
    out.println("Not built yet: neighbours, quadtree search and map tiles (issue 6).");
  }
}
