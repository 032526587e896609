package dev.blocks.geo.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A 256 × 256-pixel Web Mercator map tile, numbered as OpenStreetMap's "slippy map" tiles: zoom 0
 * is one tile covering the world, each zoom doubles the columns and rows, {@code x} counts columns
 * east from 180°W and {@code y} counts rows south from about 85.0511°N.
 *
 * <p>Latitude is clamped to ±{@value #MAX_LATITUDE}° (the latitude at which the square map ends);
 * longitude 180 maps to the last column, as do points of the last column. Tile numbers and quadkeys
 * fit an {@code int} and a {@code long} at every zoom up to {@value #MAX_ZOOM}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.tile.TileSnippets region=tile}
 *
 * <p>Immutable.
 *
 * <p>References: OpenStreetMap wiki, "Slippy map tilenames"; Joe Schwartz, "Bing Maps Tile System"
 * (Microsoft, 2018) for quadkeys.
 *
 * @param zoom zoom level in [0, 21]
 * @param x column in [0, 2<sup>zoom</sup> − 1]
 * @param y row in [0, 2<sup>zoom</sup> − 1]
 * @since 0.1
 */
public record Tile(int zoom, int x, int y) {

  /** The highest supported zoom level. */
  public static final int MAX_ZOOM = 21;

  /** Tile width and height in pixels. */
  public static final int SIZE = 256;

  /** The latitude limit of the projection, degrees; latitudes beyond it are clamped. */
  public static final double MAX_LATITUDE = 85.05112878;

  /** The most tiles {@link #covering} returns: 2<sup>22</sup>. */
  public static final int MAX_COVERING = 1 << 22;

  /**
   * Validates the zoom and the tile's range.
   *
   * @throws IllegalArgumentException if the zoom or a coordinate is out of range
   */
  public Tile {
    WebMercator.checkZoom(zoom);
    int n = 1 << zoom;
    if (x < 0 || x >= n) {
      throw new IllegalArgumentException(
          "x must be in [0, " + (n - 1) + "] at zoom " + zoom + ", got " + x);
    }
    if (y < 0 || y >= n) {
      throw new IllegalArgumentException(
          "y must be in [0, " + (n - 1) + "] at zoom " + zoom + ", got " + y);
    }
  }

  /**
   * Returns the tile holding a point at a zoom level.
   *
   * @param latitude degrees in [-90, 90]; clamped to ±{@value #MAX_LATITUDE}
   * @param longitude degrees in [-180, 180]; 180 is in the last column
   * @param zoom zoom level in [0, 21]
   * @return the tile
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or the zoom is out of
   *     range
   */
  public static Tile at(double latitude, double longitude, int zoom) {
    WebMercator.checkLatitude(latitude);
    WebMercator.checkLongitude(longitude);
    WebMercator.checkZoom(zoom);
    int n = 1 << zoom;
    return new Tile(
        zoom,
        WebMercator.cell(WebMercator.x(longitude), n),
        WebMercator.cell(WebMercator.y(latitude), n));
  }

  /**
   * Returns the tile a Bing Maps quadkey names: one digit 0–3 per zoom level (the empty key is the
   * zoom-0 tile).
   *
   * @throws IllegalArgumentException if the key is longer than 21 digits or holds a character other
   *     than 0–3
   * @throws NullPointerException if {@code quadKey} is null
   */
  public static Tile fromQuadKey(String quadKey) {
    Objects.requireNonNull(quadKey, "quadKey");
    int zoom = quadKey.length();
    if (zoom > MAX_ZOOM) {
      throw new IllegalArgumentException(
          "quadKey length must be in [0, " + MAX_ZOOM + "], got " + zoom + ": \"" + quadKey + "\"");
    }
    int x = 0;
    int y = 0;
    for (int i = 0; i < zoom; i++) {
      int digit = quadKey.charAt(i) - '0';
      if (digit < 0 || digit > 3) {
        throw new IllegalArgumentException(
            "quadKey has invalid character '"
                + quadKey.charAt(i)
                + "' at index "
                + i
                + ": \""
                + quadKey
                + "\"");
      }
      x = (x << 1) | (digit & 1);
      y = (y << 1) | (digit >> 1);
    }
    return new Tile(zoom, x, y);
  }

  /**
   * Returns this tile's Bing Maps quadkey: the bits of {@code y} and {@code x} interleaved, written
   * in base 4 with one digit per zoom level.
   */
  public String quadKey() {
    char[] out = new char[zoom];
    for (int i = zoom; i > 0; i--) {
      int mask = 1 << (i - 1);
      int digit = ((x & mask) != 0 ? 1 : 0) + ((y & mask) != 0 ? 2 : 0);
      out[zoom - i] = (char) ('0' + digit);
    }
    return new String(out);
  }

  /** Returns the latitude/longitude rectangle this tile covers. */
  public TileBounds bounds() {
    double n = 1 << zoom;
    return new TileBounds(
        WebMercator.latitude((y + 1) / n),
        WebMercator.longitude(x / n),
        WebMercator.latitude(y / n),
        WebMercator.longitude((x + 1) / n));
  }

  /** Returns the latitude of the tile's centre in projected space. */
  public double centerLatitude() {
    return WebMercator.latitude((y + 0.5) / (1 << zoom));
  }

  /** Returns the longitude of the tile's centre. */
  public double centerLongitude() {
    return WebMercator.longitude((x + 0.5) / (1 << zoom));
  }

  /**
   * Returns the tile one zoom level up that contains this one.
   *
   * @throws IllegalStateException if this is the zoom-0 tile
   */
  public Tile parent() {
    if (zoom == 0) {
      throw new IllegalStateException("the zoom-0 tile has no parent");
    }
    return new Tile(zoom - 1, x >> 1, y >> 1);
  }

  /**
   * Returns how many tiles {@link #covering} would return, without building them.
   *
   * @throws IllegalArgumentException on the same inputs as {@link #covering}
   */
  public static long coveringCount(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int zoom) {
    int[] r = range(minLatitude, minLongitude, maxLatitude, maxLongitude, zoom);
    return (long) columns(r, zoom).length * (r[3] - r[2] + 1L);
  }

  /**
   * Returns the tiles at {@code zoom} that cover a latitude/longitude box, row by row from north to
   * south and within a row from west to east. A box whose {@code minLongitude} exceeds its {@code
   * maxLongitude} crosses the antimeridian and covers the columns east of {@code minLongitude} and
   * west of {@code maxLongitude}.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, {@code minLatitude >
   *     maxLatitude}, the zoom is out of range, or the box needs more than {@value #MAX_COVERING}
   *     tiles
   */
  public static List<Tile> covering(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int zoom) {
    long count = coveringCount(minLatitude, minLongitude, maxLatitude, maxLongitude, zoom);
    if (count > MAX_COVERING) {
      throw new IllegalArgumentException(
          "covering needs at most " + MAX_COVERING + " tiles, this box needs " + count);
    }
    int[] r = range(minLatitude, minLongitude, maxLatitude, maxLongitude, zoom);
    int[] columns = columns(r, zoom);
    List<Tile> out = new ArrayList<>((int) count);
    for (int y = r[2]; y <= r[3]; y++) {
      for (int x : columns) {
        out.add(new Tile(zoom, x, y));
      }
    }
    return out;
  }

  /** Columns west to east; r[4] == 1 marks a box that crosses the antimeridian. */
  private static int[] columns(int[] r, int zoom) {
    int n = 1 << zoom;
    if (r[4] == 0) {
      int[] out = new int[r[1] - r[0] + 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = r[0] + i;
      }
      return out;
    }
    if (r[1] >= r[0]) {
      // The two halves overlap: the box wraps all the way round.
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = (r[0] + i) % n;
      }
      return out;
    }
    int[] out = new int[n - r[0] + r[1] + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = (r[0] + i) % n;
    }
    return out;
  }

  /** Returns {xWest, xEast, yNorth, ySouth, crossesAntimeridian ? 1 : 0}. */
  private static int[] range(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude, int zoom) {
    WebMercator.checkLatitude(minLatitude);
    WebMercator.checkLatitude(maxLatitude);
    WebMercator.checkLongitude(minLongitude);
    WebMercator.checkLongitude(maxLongitude);
    WebMercator.checkZoom(zoom);
    if (minLatitude > maxLatitude) {
      throw new IllegalArgumentException(
          "minLatitude must not exceed maxLatitude, got " + minLatitude + " > " + maxLatitude);
    }
    int n = 1 << zoom;
    return new int[] {
      WebMercator.cell(WebMercator.x(minLongitude), n),
      WebMercator.cell(WebMercator.x(maxLongitude), n),
      WebMercator.cell(WebMercator.y(maxLatitude), n),
      WebMercator.cell(WebMercator.y(minLatitude), n),
      minLongitude > maxLongitude ? 1 : 0
    };
  }
}
