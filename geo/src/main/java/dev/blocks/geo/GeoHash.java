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
 * <p>Besides strings of 1 to 12 characters, a geohash can be handled as up to 60 bits in a {@code
 * long} ({@link #encodeBits}, {@link #decodeBits}); the bit forms are allocation-free. Each cell
 * has up to eight neighbours: longitude wraps across the antimeridian, and a cell in the
 * northernmost or southernmost row has no neighbours beyond the pole (see {@link #neighbour}).
 *
 * {@snippet class=dev.blocks.geo.GeoHashSnippets region=neighbours}
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class GeoHash {

  /** The largest supported precision in characters (60 bits). */
  public static final int MAX_PRECISION = 12;

  /** The largest supported number of bits. */
  public static final int MAX_BITS = 60;

  private static final Direction[] DIRECTIONS = Direction.values();

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
    checkPrecision(precision);
    long bits = encodeBits(latitude, longitude, 5 * precision);
    return toBase32(bits, precision);
  }

  /**
   * Returns the geohash of a point as its leading {@code bits} bits, right-aligned in a {@code
   * long}: longitude bits at even positions counted from the most significant, as in the string
   * form ({@code encodeBits(lat, lon, 5 * p)} spells {@code encode(lat, lon, p)} in base 32).
   *
   * <p>Allocation-free: the point is quantised to 30 bits per axis with an exact correction at cell
   * edges, then the two axes are interleaved with bit tricks.
   *
   * @param latitude degrees in [-90, 90]
   * @param longitude degrees in [-180, 180]
   * @param bits number of bits, in [1, 60]
   * @return the geohash bits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, or bits is out of
   *     range
   */
  public static long encodeBits(double latitude, double longitude, int bits) {
    checkLatitude(latitude);
    checkLongitude(longitude);
    checkBits(bits);
    long code = spread(quantise(longitude, -180, 360)) << 1 | spread(quantise(latitude, -90, 180));
    return code >>> (MAX_BITS - bits);
  }

  /**
   * Returns the cell named by the leading {@code bits} bits of a geohash, right-aligned.
   *
   * @throws IllegalArgumentException if bits is out of range or {@code hash} has bits set above
   *     them
   */
  public static Cell decodeBits(long hash, int bits) {
    checkHash(hash, bits);
    int lonBits = (bits + 1) / 2;
    int latBits = bits / 2;
    long code = hash << (MAX_BITS - bits);
    long lonQ = compact(code >>> 1) >>> (30 - lonBits);
    long latQ = compact(code) >>> (30 - latBits);
    return cell(latQ, latBits, lonQ, lonBits);
  }

  /**
   * Returns the bits of a geohash string: 5 per character, right-aligned.
   *
   * @throws IllegalArgumentException if the string is empty, too long, or holds a character outside
   *     the alphabet
   * @throws NullPointerException if {@code geohash} is null
   */
  public static long toBits(String geohash) {
    java.util.Objects.requireNonNull(geohash, "geohash");
    int n = geohash.length();
    checkLength(geohash);
    long bits = 0;
    for (int i = 0; i < n; i++) {
      bits = bits << 5 | charValue(geohash, i);
    }
    return bits;
  }

  /**
   * Returns the geohash string of {@code 5 * precision} right-aligned bits.
   *
   * @throws IllegalArgumentException if the precision is out of range or {@code hash} has bits set
   *     above {@code 5 * precision}
   */
  public static String fromBits(long hash, int precision) {
    checkPrecision(precision);
    checkHash(hash, 5 * precision);
    return toBase32(hash, precision);
  }

  /**
   * Returns the neighbour of a cell in a direction, or empty beyond a pole. Longitude wraps: the
   * eastern neighbour of a cell on 180° is the cell on -180° at the same latitude.
   *
   * <p>Pole convention: a cell in the northernmost row has no northern, north-eastern or
   * north-western neighbour (and the southernmost row likewise to the south). A geohash grid ends
   * at the pole; the cells on the far side of the pole are not adjacent in the grid, so they are
   * not returned. Callers who want everything near a pole should use {@link GeoHashCover#circle}.
   *
   * @throws IllegalArgumentException if the geohash is invalid
   * @throws NullPointerException if an argument is null
   */
  public static java.util.Optional<String> neighbour(String geohash, Direction direction) {
    java.util.Objects.requireNonNull(direction, "direction");
    int precision = geohash == null ? 0 : geohash.length();
    long n = neighbourBits(toBits(geohash), 5 * precision, direction);
    return n < 0 ? java.util.Optional.empty() : java.util.Optional.of(toBase32(n, precision));
  }

  /**
   * Returns the neighbours of a cell in the order N, NE, E, SE, S, SW, W, NW, leaving out those
   * beyond a pole (see {@link #neighbour} for the convention): 8 cells, or 5 for a cell in the
   * northernmost or southernmost row.
   *
   * @throws IllegalArgumentException if the geohash is invalid
   * @throws NullPointerException if {@code geohash} is null
   */
  public static java.util.List<String> neighbours(String geohash) {
    long bits = toBits(geohash);
    int precision = geohash.length();
    long[] out = new long[8];
    int n = neighbours(bits, 5 * precision, out);
    java.util.List<String> result = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(toBase32(out[i], precision));
    }
    return result;
  }

  /**
   * Writes the distinct neighbours of a cell given as right-aligned bits into {@code out}, in the
   * order N, NE, E, SE, S, SW, W, NW, leaving out cells beyond a pole and (at 1 to 4 bits, where
   * the grid is too coarse) cells already listed or the cell itself; returns how many were written.
   * Allocation-free.
   *
   * @param out room for at least 8 cells
   * @return the number of neighbours written, at most 8
   * @throws IllegalArgumentException if bits is out of range, {@code hash} has bits set above them,
   *     or {@code out} is shorter than 8
   */
  public static int neighbours(long hash, int bits, long[] out) {
    checkHash(hash, bits);
    if (out.length < 8) {
      throw new IllegalArgumentException("out must have room for 8 cells, got " + out.length);
    }
    int n = 0;
    for (Direction d : DIRECTIONS) {
      long c = neighbourBits(hash, bits, d);
      if (c < 0 || c == hash) {
        continue;
      }
      boolean seen = false;
      for (int i = 0; i < n; i++) {
        seen |= out[i] == c;
      }
      if (!seen) {
        out[n++] = c;
      }
    }
    return n;
  }

  /** Returns the neighbour's bits, or -1 beyond a pole. */
  static long neighbourBits(long hash, int bits, Direction d) {
    checkHash(hash, bits);
    int lonBits = (bits + 1) / 2;
    int latBits = bits / 2;
    long code = hash << (MAX_BITS - bits);
    long lonQ = compact(code >>> 1) >>> (30 - lonBits);
    long latQ = compact(code) >>> (30 - latBits);
    long lat = latQ + d.latitudeStep;
    if (lat < 0 || lat >= (1L << latBits)) {
      return -1;
    }
    long lon = (lonQ + d.longitudeStep) & ((1L << lonBits) - 1);
    return cellBits(lat, latBits, lon, lonBits);
  }

  /** Bits of the cell at grid position (latQ, lonQ) with the given bit counts per axis. */
  static long cellBits(long latQ, int latBits, long lonQ, int lonBits) {
    int bits = latBits + lonBits;
    long code = spread(lonQ << (30 - lonBits)) << 1 | spread(latQ << (30 - latBits));
    return code >>> (MAX_BITS - bits);
  }

  static Cell cell(long latQ, int latBits, long lonQ, int lonBits) {
    double latStep = 180.0 / (1L << latBits);
    double lonStep = 360.0 / (1L << lonBits);
    return new Cell(
        -90 + latQ * latStep,
        -180 + lonQ * lonStep,
        -90 + (latQ + 1) * latStep,
        -180 + (lonQ + 1) * lonStep);
  }

  /**
   * Returns {@code q} in [0, 2^30) such that the value lies in [lo + q·w, lo + (q+1)·w), w = span /
   * 2^30, exactly as the bisection of the geohash definition decides (edges are exact doubles).
   */
  static long quantise(double value, double lo, double span) {
    double w = span / (1 << 30);
    long q = (long) ((value - lo) / w);
    if (q > (1 << 30) - 1) {
      q = (1 << 30) - 1;
    }
    if (q < 0) {
      q = 0;
    }
    while (q > 0 && value < lo + q * w) {
      q--;
    }
    while (q < (1 << 30) - 1 && value >= lo + (q + 1) * w) {
      q++;
    }
    return q;
  }

  /** Spreads the low 32 bits of {@code x} to the even bit positions. */
  static long spread(long x) {
    x &= 0xFFFFFFFFL;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x << 2)) & 0x3333333333333333L;
    x = (x | (x << 1)) & 0x5555555555555555L;
    return x;
  }

  /** Gathers the even bit positions of {@code x} into the low 32 bits. */
  static long compact(long x) {
    x &= 0x5555555555555555L;
    x = (x | (x >>> 1)) & 0x3333333333333333L;
    x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
    x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
    x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
    return x;
  }

  private static String toBase32(long bits, int precision) {
    char[] out = new char[precision];
    for (int c = precision - 1; c >= 0; c--) {
      out[c] = BASE32[(int) (bits & 31)];
      bits >>>= 5;
    }
    return new String(out);
  }

  static void checkPrecision(int precision) {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "precision must be in [1, " + MAX_PRECISION + "], got " + precision);
    }
  }

  static void checkBits(int bits) {
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException("bits must be in [1, " + MAX_BITS + "], got " + bits);
    }
  }

  static void checkHash(long hash, int bits) {
    checkBits(bits);
    if (bits < 64 && (hash >>> bits) != 0) {
      throw new IllegalArgumentException(
          "hash must fit in " + bits + " bits, got 0x" + Long.toHexString(hash));
    }
  }

  private static void checkLength(String geohash) {
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
  }

  private static int charValue(String geohash, int i) {
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
    return value;
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
    long bits = toBits(geohash);
    return decodeBits(bits, 5 * geohash.length());
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
   * A compass direction from a geohash cell to one of its eight neighbours.
   *
   * @since 0.1
   */
  public enum Direction {
    /** North: one row up. */
    NORTH(1, 0),
    /** North-east. */
    NORTH_EAST(1, 1),
    /** East: one column east, wrapping at 180°. */
    EAST(0, 1),
    /** South-east. */
    SOUTH_EAST(-1, 1),
    /** South: one row down. */
    SOUTH(-1, 0),
    /** South-west. */
    SOUTH_WEST(-1, -1),
    /** West: one column west, wrapping at -180°. */
    WEST(0, -1),
    /** North-west. */
    NORTH_WEST(1, -1);

    final int latitudeStep;
    final int longitudeStep;

    Direction(int latitudeStep, int longitudeStep) {
      this.latitudeStep = latitudeStep;
      this.longitudeStep = longitudeStep;
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
