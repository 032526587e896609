package dev.blocks.geo.tile;

/**
 * A pixel of the whole-world Web Mercator map at a zoom level: {@code x} and {@code y} count from
 * the north-west corner, in [0, 256 · 2<sup>zoom</sup> − 1] (at most 2<sup>29</sup> − 1 at zoom 21,
 * so an {@code int} never overflows).
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.tile.TileSnippets region=pixel}
 *
 * <p>Immutable.
 *
 * @param zoom zoom level in [0, 21]
 * @param x pixel column
 * @param y pixel row
 * @since 0.1
 */
public record Pixel(int zoom, int x, int y) {

  /**
   * Validates the zoom and the pixel's range.
   *
   * @throws IllegalArgumentException if the zoom or a coordinate is out of range
   */
  public Pixel {
    WebMercator.checkZoom(zoom);
    int size = mapSize(zoom);
    if (x < 0 || x >= size) {
      throw new IllegalArgumentException(
          "x must be in [0, " + (size - 1) + "] at zoom " + zoom + ", got " + x);
    }
    if (y < 0 || y >= size) {
      throw new IllegalArgumentException(
          "y must be in [0, " + (size - 1) + "] at zoom " + zoom + ", got " + y);
    }
  }

  /**
   * Returns the width (and height) of the world map in pixels at a zoom: 256 · 2<sup>zoom</sup>.
   *
   * @throws IllegalArgumentException if the zoom is out of range
   */
  public static int mapSize(int zoom) {
    WebMercator.checkZoom(zoom);
    return Tile.SIZE << zoom;
  }

  /**
   * Returns the pixel holding a point. Latitude is clamped to ±{@value Tile#MAX_LATITUDE}°;
   * longitude 180 maps to the last column.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or the zoom is out of
   *     range
   */
  public static Pixel at(double latitude, double longitude, int zoom) {
    WebMercator.checkLatitude(latitude);
    WebMercator.checkLongitude(longitude);
    int size = mapSize(zoom);
    return new Pixel(
        zoom,
        WebMercator.cell(WebMercator.x(longitude), size),
        WebMercator.cell(WebMercator.y(latitude), size));
  }

  /** Returns the tile holding this pixel. */
  public Tile tile() {
    return new Tile(zoom, x / Tile.SIZE, y / Tile.SIZE);
  }

  /** Returns the latitude of this pixel's north-west corner. */
  public double latitude() {
    return WebMercator.latitude((double) y / mapSize(zoom));
  }

  /** Returns the longitude of this pixel's north-west corner. */
  public double longitude() {
    return WebMercator.longitude((double) x / mapSize(zoom));
  }
}
