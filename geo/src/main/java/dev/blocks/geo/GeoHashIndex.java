package dev.blocks.geo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A static point index that keeps points sorted by their 60-bit geohash, so that every geohash
 * prefix is one contiguous range: the in-memory form of the classic {@code WHERE geohash LIKE
 * '9q8%'} proximity query. Radius search scans the ranges of a {@link GeoHashCover#circle covering}
 * and keeps the points within the exact great-circle distance; k-nearest search widens the radius
 * until k points are found.
 *
 * <p>Each item's id is its position in the collection it was built from; results with equal
 * distances are ordered by id.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.GeoHashSnippets region=index}
 *
 * <p>Immutable after {@link #build}; thread-safe, since queries only read its arrays (each thread
 * passes its own {@link Hits}).
 *
 * @param <T> item type
 * @since 0.1
 */
public final class GeoHashIndex<T> implements ProximityIndex {

  private final long[] hashes;
  private final double[] latitudes;
  private final double[] longitudes;
  private final int[] ids;
  private final Object[] items;

  private GeoHashIndex(
      long[] hashes, double[] latitudes, double[] longitudes, int[] ids, Object[] items) {
    this.hashes = hashes;
    this.latitudes = latitudes;
    this.longitudes = longitudes;
    this.ids = ids;
    this.items = items;
  }

  /**
   * Builds an index over {@code items}, reading each item's coordinates once.
   *
   * @throws IllegalArgumentException if an item's coordinate is NaN or out of range (the message
   *     names the item's position)
   * @throws NullPointerException if an argument or an item is null
   */
  public static <T> GeoHashIndex<T> build(
      Collection<? extends T> items,
      ToDoubleFunction<? super T> latitude,
      ToDoubleFunction<? super T> longitude) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(latitude, "latitude");
    Objects.requireNonNull(longitude, "longitude");
    Object[] all = items.toArray();
    int n = all.length;
    long[] hashes = new long[n];
    int[] order = new int[n];
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked")
      T item = (T) Objects.requireNonNull(all[i], "item");
      lat[i] = latitude.applyAsDouble(item);
      lon[i] = longitude.applyAsDouble(item);
      try {
        hashes[i] = GeoHash.encodeBits(lat[i], lon[i], GeoHash.MAX_BITS);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("item " + i + ": " + e.getMessage(), e);
      }
      order[i] = i;
    }
    RadixSort.sort(hashes, order, n, GeoHash.MAX_BITS);
    double[] sortedLat = new double[n];
    double[] sortedLon = new double[n];
    for (int i = 0; i < n; i++) {
      sortedLat[i] = lat[order[i]];
      sortedLon[i] = lon[order[i]];
    }
    return new GeoHashIndex<>(hashes, sortedLat, sortedLon, order, all);
  }

  @Override
  public int size() {
    return items.length;
  }

  /**
   * Returns the item with an id (its position in the build collection).
   *
   * @throws IndexOutOfBoundsException if the id is not in [0, size)
   */
  @SuppressWarnings("unchecked")
  public T item(long id) {
    Objects.checkIndex(id, items.length);
    return (T) items[(int) id];
  }

  /**
   * Returns the items whose geohash starts with {@code prefix}, in geohash order: one binary search
   * and one range scan.
   *
   * @throws IllegalArgumentException if the prefix is empty, longer than 12 characters or holds a
   *     character outside the geohash alphabet
   * @throws NullPointerException if {@code prefix} is null
   */
  public List<T> withPrefix(String prefix) {
    int[] range = prefixRange(prefix);
    List<T> out = new ArrayList<>(range[1] - range[0]);
    for (int i = range[0]; i < range[1]; i++) {
      out.add(item(ids[i]));
    }
    return out;
  }

  /**
   * Returns how many items have a geohash starting with {@code prefix}, allocation-free apart from
   * validating the prefix.
   *
   * @throws IllegalArgumentException if the prefix is invalid
   * @throws NullPointerException if {@code prefix} is null
   */
  public int countWithPrefix(String prefix) {
    int[] range = prefixRange(prefix);
    return range[1] - range[0];
  }

  private int[] prefixRange(String prefix) {
    long bits = GeoHash.toBits(prefix);
    int shift = GeoHash.MAX_BITS - 5 * prefix.length();
    return new int[] {lowerBound(bits << shift), lowerBound((bits + 1) << shift)};
  }

  /**
   * Puts into {@code out} every item within {@code radiusMeters} of a point, nearest first, ties by
   * id.
   *
   * @return the number of hits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or the radius is
   *     negative or NaN
   */
  @Override
  public int withinRadius(double latitude, double longitude, double radiusMeters, Hits out) {
    Objects.requireNonNull(out, "out");
    // The covering is walked cell by cell, never materialised: allocation-free once out has grown.
    double[] b = out.scratch(4);
    GeoHashCover.circleBox(latitude, longitude, radiusMeters, b);
    double south = b[0];
    double west = b[1];
    double north = b[2];
    double east = b[3];
    int bits = 5 * GeoHashCover.autoPrecision(b);
    int latBits = bits / 2;
    int lonBits = (bits + 1) / 2;
    long mask = (1L << lonBits) - 1;
    double latStep = 180.0 / (1L << latBits);
    double lonStep = 360.0 / (1L << lonBits);
    long row0 = GeoHashCover.row(south, bits);
    long row1 = GeoHashCover.row(north, bits);
    long col0 = GeoHashCover.column(west, bits);
    long columns = GeoHashCover.columnCount(west, east, bits);
    int shift = GeoHash.MAX_BITS - bits;
    double reach = radiusMeters * (1 + 1e-9) + 1e-6;
    double phi = Math.toRadians(latitude);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    out.clear();
    for (long row = row0; row <= row1; row++) {
      for (long i = 0; i < columns; i++) {
        long col = (col0 + i) & mask;
        double cellWest = -180 + col * lonStep;
        if (GreatCircle.distanceToBox(
                latitude,
                longitude,
                -90 + row * latStep,
                cellWest,
                -90 + (row + 1) * latStep,
                cellWest + lonStep)
            > reach) {
          continue;
        }
        long cell = GeoHash.cellBits(row, latBits, col, lonBits);
        int end = lowerBound((cell + 1) << shift);
        for (int p = lowerBound(cell << shift); p < end; p++) {
          double d =
              GreatCircle.distance(phi, sinPhi, cosPhi, longitude, latitudes[p], longitudes[p]);
          if (d <= radiusMeters) {
            out.add(ids[p], d);
          }
        }
      }
    }
    out.sortWithin(radiusMeters);
    return out.size();
  }

  /**
   * Puts into {@code out} the {@code k} items nearest to a point (fewer if the index is smaller),
   * nearest first, ties by id. Searches circles of growing radius until one holds k items.
   *
   * @return the number of hits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or {@code k < 1}
   */
  @Override
  public int nearest(double latitude, double longitude, int k, Hits out) {
    Objects.requireNonNull(out, "out");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    GeoHash.checkLatitude(latitude);
    GeoHash.checkLongitude(longitude);
    double earth = 4 * Math.PI * GreatCircle.EARTH_RADIUS_METERS * GreatCircle.EARTH_RADIUS_METERS;
    double radius =
        Math.sqrt(Math.min(k, Math.max(1, items.length)) * earth / Math.max(1, items.length)) / 8;
    while (true) {
      int n = withinRadius(latitude, longitude, radius, out);
      if (n >= k || radius >= GreatCircle.MAX_DISTANCE_METERS) {
        out.truncate(k);
        return out.size();
      }
      radius = Math.min(GreatCircle.MAX_DISTANCE_METERS, radius * 4);
    }
  }

  /** Returns the first index whose hash is >= key. */
  private int lowerBound(long key) {
    int lo = 0;
    int hi = hashes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hashes[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
