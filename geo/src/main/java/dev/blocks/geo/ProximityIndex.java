package dev.blocks.geo;

/**
 * A point index that answers proximity queries by exact great-circle distance ({@link
 * GreatCircle#distance}), nearest first, ties by id. Implemented by {@link QuadTree}, {@link
 * GeoHashIndex} and {@link UpdatableQuadTree}; {@link ProximitySearch} pages over any of them.
 *
 * <p>Thread-safety: implementations must allow concurrent queries, each thread passing its own
 * {@link Hits}; all three in this package do.
 *
 * @since 0.1
 */
public interface ProximityIndex {

  /** Returns the number of points. */
  int size();

  /**
   * Puts into {@code out} the {@code k} points nearest to a location with their distances in
   * metres.
   *
   * @return the number of hits, {@code min(k, size())}
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or {@code k < 1}
   */
  int nearest(double latitude, double longitude, int k, Hits out);

  /**
   * Puts into {@code out} the points within {@code radiusMeters} (inclusive) of a location with
   * their distances in metres.
   *
   * @return the number of hits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or the radius is
   *     negative or NaN
   */
  int withinRadius(double latitude, double longitude, double radiusMeters, Hits out);
}
