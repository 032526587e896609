package dev.blocks.geo.tile;

/**
 * The latitude/longitude rectangle a map tile covers.
 *
 * <p>Immutable.
 *
 * @param south southern edge, degrees
 * @param west western edge, degrees
 * @param north northern edge, degrees
 * @param east eastern edge, degrees
 * @since 0.1
 */
public record TileBounds(double south, double west, double north, double east) {

  /**
   * Validates the edges.
   *
   * @throws IllegalArgumentException if an edge is NaN or out of range, or the edges are out of
   *     order
   */
  public TileBounds {
    WebMercator.checkLatitude(south);
    WebMercator.checkLatitude(north);
    WebMercator.checkLongitude(west);
    WebMercator.checkLongitude(east);
    if (south > north || west > east) {
      throw new IllegalArgumentException(
          "tile bounds out of order: south "
              + south
              + ", north "
              + north
              + ", west "
              + west
              + ", east "
              + east);
    }
  }

  /** Returns whether the point lies in the closed rectangle. */
  public boolean contains(double latitude, double longitude) {
    return latitude >= south && latitude <= north && longitude >= west && longitude <= east;
  }
}
