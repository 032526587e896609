package dev.blocks.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Sets of geohash cells that cover a region: every point of the region lies in one of the cells
 * (the covering may hold cells that only touch the region's neighbourhood, never fewer). Used to
 * turn a box or a radius into a handful of geohash prefix scans.
 *
 * <p>A box whose {@code minLongitude} exceeds its {@code maxLongitude} crosses the antimeridian. A
 * circle is the spherical cap of points within a great-circle distance ({@link GreatCircle}) of a
 * centre; near a pole or the antimeridian its covering wraps accordingly.
 *
 * <p>With no precision given, the covering uses the finest precision whose covering has at most
 * {@value #AUTO_MAX_CELLS} cells.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.GeoHashSnippets region=cover}
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class GeoHashCover {

  /** The most cells an automatically sized covering holds. */
  public static final int AUTO_MAX_CELLS = 32;

  /** The most cells any covering returns. */
  public static final int MAX_CELLS = 1 << 20;

  private GeoHashCover() {}

  /**
   * Returns the geohashes of {@code precision} characters covering a box, in row-major order from
   * the south-west.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, {@code minLatitude >
   *     maxLatitude}, the precision is out of range, or the covering would exceed {@value
   *     #MAX_CELLS} cells
   */
  public static List<String> box(
      double minLatitude,
      double minLongitude,
      double maxLatitude,
      double maxLongitude,
      int precision) {
    GeoHash.checkPrecision(precision);
    return strings(
        boxBits(minLatitude, minLongitude, maxLatitude, maxLongitude, 5 * precision), precision);
  }

  /**
   * Returns the geohashes covering a box at the finest precision with at most {@value
   * #AUTO_MAX_CELLS} cells.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or {@code minLatitude >
   *     maxLatitude}
   */
  public static List<String> box(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude) {
    checkBox(minLatitude, minLongitude, maxLatitude, maxLongitude);
    int p = GeoHash.MAX_PRECISION;
    while (p > 1
        && boxCount(minLatitude, minLongitude, maxLatitude, maxLongitude, 5 * p) > AUTO_MAX_CELLS) {
      p--;
    }
    return box(minLatitude, minLongitude, maxLatitude, maxLongitude, p);
  }

  /**
   * Returns the geohashes of {@code precision} characters covering every point within {@code
   * radiusMeters} of a centre: the cells of the circle's bounding box whose nearest point is within
   * the radius.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, the radius is negative
   *     or NaN, the precision is out of range, or the covering would exceed {@value #MAX_CELLS}
   *     cells
   */
  public static List<String> circle(
      double latitude, double longitude, double radiusMeters, int precision) {
    GeoHash.checkPrecision(precision);
    return strings(circleBits(latitude, longitude, radiusMeters, 5 * precision), precision);
  }

  /**
   * Returns the geohashes covering a circle at the finest precision whose covering has at most
   * {@value #AUTO_MAX_CELLS} cells.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or the radius is
   *     negative or NaN
   */
  public static List<String> circle(double latitude, double longitude, double radiusMeters) {
    int p = autoPrecision(latitude, longitude, radiusMeters);
    return circle(latitude, longitude, radiusMeters, p);
  }

  /** The finest precision (characters) whose circle covering has at most AUTO_MAX_CELLS cells. */
  static int autoPrecision(double latitude, double longitude, double radiusMeters) {
    return autoPrecision(circleBox(latitude, longitude, radiusMeters));
  }

  /**
   * Returns the cells (right-aligned {@code bits}) covering a circle. The bounding box comes from
   * J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding
   * Coordinates" (2010); cells farther than the radius are dropped.
   */
  static long[] circleBits(double latitude, double longitude, double radiusMeters, int bits) {
    double[] b = circleBox(latitude, longitude, radiusMeters);
    long[] box = boxBits(b[0], b[1], b[2], b[3], bits);
    int n = 0;
    for (long cell : box) {
      GeoHash.Cell c = GeoHash.decodeBits(cell, bits);
      double d =
          GreatCircle.distanceToBox(
              latitude,
              longitude,
              c.minLatitude(),
              c.minLongitude(),
              c.maxLatitude(),
              c.maxLongitude());
      if (d <= radiusMeters * (1 + 1e-9) + 1e-6) {
        box[n++] = cell;
      }
    }
    return java.util.Arrays.copyOf(box, n);
  }

  /**
   * Returns {south, west, north, east} of a box holding the whole circle (west > east when it
   * crosses the antimeridian), slightly enlarged against rounding.
   */
  static double[] circleBox(double latitude, double longitude, double radiusMeters) {
    double[] out = new double[4];
    circleBox(latitude, longitude, radiusMeters, out);
    return out;
  }

  /** {@link #circleBox(double, double, double)} into {@code out[0..3]}, allocation-free. */
  static void circleBox(double latitude, double longitude, double radiusMeters, double[] out) {
    GeoHash.checkLatitude(latitude);
    GeoHash.checkLongitude(longitude);
    if (!(radiusMeters >= 0)) {
      throw new IllegalArgumentException("radiusMeters must be >= 0, got " + radiusMeters);
    }
    double delta = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS) + 1e-9;
    double south = latitude - delta;
    double north = latitude + delta;
    if (north >= 90 || south <= -90 || delta >= 90) {
      // The cap holds a pole: every longitude.
      set(out, Math.max(-90, south), -180, Math.min(90, north), 180);
      return;
    }
    double dLon =
        Math.toDegrees(
                Math.asin(
                    Math.min(
                        1,
                        Math.sin(radiusMeters / GreatCircle.EARTH_RADIUS_METERS)
                            / Math.cos(Math.toRadians(latitude)))))
            + 1e-9;
    if (dLon >= 180 || radiusMeters / GreatCircle.EARTH_RADIUS_METERS >= Math.PI / 2) {
      set(out, south, -180, north, 180);
      return;
    }
    double west = longitude - dLon;
    double east = longitude + dLon;
    if (west < -180) {
      west += 360;
    }
    if (east > 180) {
      east -= 360;
    }
    set(out, south, west, north, east);
  }

  private static void set(double[] out, double south, double west, double north, double east) {
    out[0] = south;
    out[1] = west;
    out[2] = north;
    out[3] = east;
  }

  /** The row (latitude index) of a latitude among the {@code 2^(bits/2)} rows. */
  static long row(double latitude, int bits) {
    return GeoHash.quantise(latitude, -90, 180) >>> (30 - bits / 2);
  }

  /** The column (longitude index) of a longitude among the {@code 2^((bits+1)/2)} columns. */
  static long column(double longitude, int bits) {
    return GeoHash.quantise(longitude, -180, 360) >>> (30 - (bits + 1) / 2);
  }

  /** The number of columns from {@code west} to {@code east} (west > east wraps round). */
  static long columnCount(double west, double east, int bits) {
    long lon0 = column(west, bits);
    long lon1 = column(east, bits);
    long columns = 1L << ((bits + 1) / 2);
    if (west <= east) {
      return lon1 - lon0 + 1;
    }
    return lon1 >= lon0 ? columns : columns - lon0 + lon1 + 1;
  }

  /** The finest precision whose covering of the box {@code b} has at most AUTO_MAX_CELLS cells. */
  static int autoPrecision(double[] b) {
    int p = GeoHash.MAX_PRECISION;
    while (p > 1
        && (row(b[2], 5 * p) - row(b[0], 5 * p) + 1) * columnCount(b[1], b[3], 5 * p)
            > AUTO_MAX_CELLS) {
      p--;
    }
    return p;
  }

  static long boxCount(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int bits) {
    long[] r = ranges(minLatitude, minLongitude, maxLatitude, maxLongitude, bits);
    return (r[1] - r[0] + 1) * r[2];
  }

  /** Cells (right-aligned bits) covering a box; rows south to north, columns west to east. */
  static long[] boxBits(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int bits) {
    long[] r = ranges(minLatitude, minLongitude, maxLatitude, maxLongitude, bits);
    long count = (r[1] - r[0] + 1) * r[2];
    if (count > MAX_CELLS) {
      throw new IllegalArgumentException(
          "covering needs at most " + MAX_CELLS + " cells, this region needs " + count);
    }
    int lonBits = (bits + 1) / 2;
    int latBits = bits / 2;
    long mask = (1L << lonBits) - 1;
    long[] out = new long[(int) count];
    int n = 0;
    for (long lat = r[0]; lat <= r[1]; lat++) {
      for (long i = 0; i < r[2]; i++) {
        out[n++] = GeoHash.cellBits(lat, latBits, (r[3] + i) & mask, lonBits);
      }
    }
    return out;
  }

  /** Returns {firstRow, lastRow, columnCount, firstColumn}. */
  private static long[] ranges(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int bits) {
    checkBox(minLatitude, minLongitude, maxLatitude, maxLongitude);
    GeoHash.checkBits(bits);
    int lonBits = (bits + 1) / 2;
    int latBits = bits / 2;
    long lat0 = GeoHash.quantise(minLatitude, -90, 180) >>> (30 - latBits);
    long lat1 = GeoHash.quantise(maxLatitude, -90, 180) >>> (30 - latBits);
    long lon0 = GeoHash.quantise(minLongitude, -180, 360) >>> (30 - lonBits);
    long lon1 = GeoHash.quantise(maxLongitude, -180, 360) >>> (30 - lonBits);
    long columns = 1L << lonBits;
    long count;
    if (minLongitude <= maxLongitude) {
      count = lon1 - lon0 + 1;
    } else if (lon1 >= lon0) {
      count = columns; // wraps all the way round
    } else {
      count = columns - lon0 + lon1 + 1;
    }
    return new long[] {lat0, lat1, count, lon0};
  }

  private static void checkBox(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude) {
    GeoHash.checkLatitude(minLatitude);
    GeoHash.checkLatitude(maxLatitude);
    GeoHash.checkLongitude(minLongitude);
    GeoHash.checkLongitude(maxLongitude);
    if (minLatitude > maxLatitude) {
      throw new IllegalArgumentException(
          "minLatitude must not exceed maxLatitude, got " + minLatitude + " > " + maxLatitude);
    }
  }

  private static List<String> strings(long[] cells, int precision) {
    List<String> out = new ArrayList<>(cells.length);
    for (long c : cells) {
      out.add(GeoHash.fromBits(c, precision));
    }
    return out;
  }
}
