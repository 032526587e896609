package dev.blocks.geo.tile;

/**
 * The spherical Web Mercator projection (EPSG:3857) as used by map tiles, in normalised map
 * coordinates: {@code x} runs from 0 at 180°W to 1 at 180°E, {@code y} from 0 at the northern clamp
 * latitude to 1 at the southern one.
 *
 * <p>Formulas from Microsoft's "Bing Maps Tile System" article and the OpenStreetMap wiki page
 * "Slippy map tilenames".
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 */
final class WebMercator {

  private WebMercator() {}

  static double clampLatitude(double latitude) {
    return Math.max(-Tile.MAX_LATITUDE, Math.min(Tile.MAX_LATITUDE, latitude));
  }

  /** Normalised x in [0, 1] for a longitude in [-180, 180]. */
  static double x(double longitude) {
    return (longitude + 180) / 360;
  }

  /** Normalised y for a latitude, clamped to the projection's limit first. */
  static double y(double latitude) {
    double sin = Math.sin(Math.toRadians(clampLatitude(latitude)));
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }

  /** Longitude of normalised x. */
  static double longitude(double x) {
    return x * 360 - 180;
  }

  /** Latitude of normalised y. */
  static double latitude(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))));
  }

  /** {@code floor(f * n)} clipped to [0, n - 1]; {@code n} is at most 2^29, so no overflow. */
  static int cell(double f, int n) {
    double v = Math.floor(f * n);
    if (v < 0) {
      return 0;
    }
    if (v > n - 1) {
      return n - 1;
    }
    return (int) v;
  }

  static void checkLatitude(double latitude) {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be in [-90, 90], got " + latitude);
    }
  }

  static void checkLongitude(double longitude) {
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude must be in [-180, 180], got " + longitude);
    }
  }

  static void checkZoom(int zoom) {
    if (zoom < 0 || zoom > Tile.MAX_ZOOM) {
      throw new IllegalArgumentException("zoom must be in [0, " + Tile.MAX_ZOOM + "], got " + zoom);
    }
  }
}
