package dev.blocks.geo;

/**
 * Geohash: the base-32 strings that name nested latitude/longitude cells, as defined by Gustavo
 * Niemeyer's geohash.org (2008). Sharing a prefix means sharing a cell, so a prefix query over
 * sorted geohashes finds every point in a cell.
 *
 * <p>Bits alternate between longitude (first) and latitude, each halving its interval; every 5 bits
 * become one character of the alphabet {@code 0123456789bcdefghjkmnpqrstuvwxyz}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.GeoHashSnippets region=encode}
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class GeoHash {

  /** The largest supported precision in characters (60 bits). */
  public static final int MAX_PRECISION = 12;

  private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
  private static final int[] DECODE = new int[128];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < BASE32.length; i++) {
      DECODE[BASE32[i]] = i;
    }
  }

  private GeoHash() {}

  /**
   * Returns the geohash of a point with {@code precision} characters.
   *
   * @param latitude degrees in [-90, 90]
   * @param longitude degrees in [-180, 180]
   * @param precision characters, in [1, 12]
   * @return the geohash, lower case
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or the precision is
   *     out of range
   */
  public static String encode(double latitude, double longitude, int precision) {
    checkLatitude(latitude);
    checkLongitude(longitude);
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "precision must be in [1, " + MAX_PRECISION + "], got " + precision);
    }
    double latLo = -90;
    double latHi = 90;
    double lonLo = -180;
    double lonHi = 180;
    char[] out = new char[precision];
    boolean lonBit = true;
    for (int c = 0; c < precision; c++) {
      int value = 0;
      for (int b = 0; b < 5; b++) {
        value <<= 1;
        if (lonBit) {
          double mid = (lonLo + lonHi) / 2;
          if (longitude >= mid) {
            value |= 1;
            lonLo = mid;
          } else {
            lonHi = mid;
          }
        } else {
          double mid = (latLo + latHi) / 2;
          if (latitude >= mid) {
            value |= 1;
            latLo = mid;
          } else {
            latHi = mid;
          }
        }
        lonBit = !lonBit;
      }
      out[c] = BASE32[value];
    }
    return new String(out);
  }

  /**
   * Returns the cell that {@code geohash} names: its bounds and centre.
   *
   * @param geohash 1 to 12 characters of the geohash alphabet (upper case accepted)
   * @return the cell
   * @throws IllegalArgumentException if the string is empty, too long, or holds a character outside
   *     the alphabet (the message names the character and its index)
   * @throws NullPointerException if {@code geohash} is null
   */
  public static Cell decode(String geohash) {
    java.util.Objects.requireNonNull(geohash, "geohash");
    int n = geohash.length();
    if (n < 1 || n > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "geohash length must be in [1, "
              + MAX_PRECISION
              + "], got "
              + n
              + ": \""
              + geohash
              + "\"");
    }
    double latLo = -90;
    double latHi = 90;
    double lonLo = -180;
    double lonHi = 180;
    boolean lonBit = true;
    for (int i = 0; i < n; i++) {
      char ch = Character.toLowerCase(geohash.charAt(i));
      int value = ch < 128 ? DECODE[ch] : -1;
      if (value < 0) {
        throw new IllegalArgumentException(
            "geohash has invalid character '"
                + geohash.charAt(i)
                + "' at index "
                + i
                + ": \""
                + geohash
                + "\"");
      }
      for (int b = 4; b >= 0; b--) {
        boolean bit = ((value >> b) & 1) != 0;
        if (lonBit) {
          double mid = (lonLo + lonHi) / 2;
          if (bit) {
            lonLo = mid;
          } else {
            lonHi = mid;
          }
        } else {
          double mid = (latLo + latHi) / 2;
          if (bit) {
            latLo = mid;
          } else {
            latHi = mid;
          }
        }
        lonBit = !lonBit;
      }
    }
    return new Cell(latLo, lonLo, latHi, lonHi);
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

  /**
   * A geohash cell: a latitude/longitude rectangle, south-west corner inclusive.
   *
   * <p>Immutable.
   *
   * @param minLatitude southern edge, degrees
   * @param minLongitude western edge, degrees
   * @param maxLatitude northern edge, degrees
   * @param maxLongitude eastern edge, degrees
   * @since 0.1
   */
  public record Cell(
      double minLatitude, double minLongitude, double maxLatitude, double maxLongitude) {

    /** Validates that the edges are ordered and in range. */
    public Cell {
      checkLatitude(minLatitude);
      checkLatitude(maxLatitude);
      checkLongitude(minLongitude);
      checkLongitude(maxLongitude);
      if (minLatitude > maxLatitude || minLongitude > maxLongitude) {
        throw new IllegalArgumentException(
            "cell edges out of order: lat ["
                + minLatitude
                + ", "
                + maxLatitude
                + "], lon ["
                + minLongitude
                + ", "
                + maxLongitude
                + "]");
      }
    }

    /** Returns the latitude of the cell's centre. */
    public double centerLatitude() {
      return (minLatitude + maxLatitude) / 2;
    }

    /** Returns the longitude of the cell's centre. */
    public double centerLongitude() {
      return (minLongitude + maxLongitude) / 2;
    }

    /**
     * Returns whether the point lies in the cell: edges on the south and west are in, edges on the
     * north and east are in only where they are the edge of the world (90 or 180).
     */
    public boolean contains(double latitude, double longitude) {
      boolean latIn =
          latitude >= minLatitude
              && (latitude < maxLatitude || (maxLatitude == 90 && latitude == 90));
      boolean lonIn =
          longitude >= minLongitude
              && (longitude < maxLongitude || (maxLongitude == 180 && longitude == 180));
      return latIn && lonIn;
    }
  }
}
