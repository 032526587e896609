package dev.blocks.geo;

/**
 * Great-circle distances on a spherical Earth, by the haversine formula (R. W. Sinnott, "Virtues of
 * the Haversine", Sky and Telescope 68(2), 1984), with the IUGG mean Earth radius R<sub>1</sub> =
 * {@value #EARTH_RADIUS_METERS} m (H. Moritz, "Geodetic Reference System 1980").
 *
 * <p>Every distance the geo indexes rank by comes from {@link #distance}, so a brute-force scan
 * with this method is the reference answer for their queries.
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class GreatCircle {

  /** The mean Earth radius used for every distance, metres. */
  public static final double EARTH_RADIUS_METERS = 6_371_008.8;

  /** Half the Earth's circumference along a great circle, metres: the largest distance. */
  public static final double MAX_DISTANCE_METERS = Math.PI * EARTH_RADIUS_METERS;

  private GreatCircle() {}

  /**
   * Returns the great-circle distance in metres between two points given in degrees.
   *
   * <p>The haversine formula {@code d = 2R asin(sqrt(h))}, {@code h = sin^2(dLat/2) + cos(lat1)
   * cos(lat2) sin^2(dLon/2)}. For the short distances proximity search lives on it avoids the
   * library's transcendental calls: below 0.1 rad, {@code sin} and {@code cos} of the half-angles
   * come from their Taylor series (truncated where the next term is below 1e-18 relative), {@code
   * cos(lat2)} from the angle-sum identity with the first point's sine and cosine (away from the
   * poles, where it keeps full relative precision), and below 0.05 {@code asin} from its series;
   * when both half-angle gaps are below 0.002 rad (about 25 km of latitude) shorter cuts of the
   * same series suffice; all other cases call {@link Math}. Either way the result is within a few
   * units in the last place of the exact haversine value.
   *
   * <p>The arguments are not validated (this is the hot path of every query); pass coordinates in
   * range.
   */
  public static double distance(
      double latitude1, double longitude1, double latitude2, double longitude2) {
    double phi1 = Math.toRadians(latitude1);
    return distance(phi1, Math.sin(phi1), Math.cos(phi1), longitude1, latitude2, longitude2);
  }

  /** Half-angles below this use the Taylor series of sin and cos. */
  private static final double SMALL_HALF_ANGLE = 0.1;

  /** Above this |latitude| in radians (80.2 degrees) cos(lat2) comes from {@link Math#cos}. */
  private static final double POLAR_RADIANS = 1.4;

  /** sin(sqrt(h)) arguments below this use the Taylor series of asin. */
  private static final double SMALL_ASIN = 0.05;

  /**
   * Returns the great-circle distance in metres from a first point whose latitude is given in
   * radians with its sine and cosine, computed once for many distances from the same point: the
   * same arithmetic as {@link #distance(double, double, double, double)}, bit for bit, when {@code
   * phi1 = Math.toRadians(latitude1)}, {@code sinPhi1 = Math.sin(phi1)} and {@code cosPhi1 =
   * Math.cos(phi1)}. The arguments are not validated.
   *
   * @param phi1 the first point's latitude in radians
   * @param sinPhi1 {@code Math.sin(phi1)}
   * @param cosPhi1 {@code Math.cos(phi1)}
   * @param longitude1 the first point's longitude in degrees
   * @param latitude2 the second point's latitude in degrees
   * @param longitude2 the second point's longitude in degrees
   */
  public static double distance(
      double phi1,
      double sinPhi1,
      double cosPhi1,
      double longitude1,
      double latitude2,
      double longitude2) {
    double phi2 = Math.toRadians(latitude2);
    double a = (phi2 - phi1) * 0.5;
    double b = Math.toRadians(longitude2 - longitude1) * 0.5;
    if (Math.abs(a) < TINY_HALF_ANGLE
        && Math.abs(b) < TINY_HALF_ANGLE
        && Math.abs(phi2) < POLAR_RADIANS) {
      return tinyDistance(sinPhi1, cosPhi1, a, b);
    }
    double sinA;
    double cosPhi2;
    if (Math.abs(a) < SMALL_HALF_ANGLE && Math.abs(phi2) < POLAR_RADIANS) {
      sinA = sinSmall(a);
      double a2 = a * a;
      // cos(2a) = 1 - 2 sin^2(a) and sin(2a) = 2 sin(a) cos(a): cos(phi1 + 2a) by angle sum.
      double cosA =
          1 - a2 * (0.5 - a2 * (1.0 / 24 - a2 * (1.0 / 720 - a2 * (1.0 / 40320 - a2 / 3628800.0))));
      cosPhi2 = cosPhi1 * (1 - 2 * sinA * sinA) - sinPhi1 * (2 * sinA * cosA);
    } else {
      sinA = Math.sin(a);
      cosPhi2 = Math.cos(phi2);
    }
    double sinB = Math.abs(b) < SMALL_HALF_ANGLE ? sinSmall(b) : Math.sin(b);
    double h = sinA * sinA + cosPhi1 * cosPhi2 * sinB * sinB;
    double s = Math.sqrt(Math.min(1, h));
    double c = s < SMALL_ASIN ? asinSmall(s) : Math.asin(s);
    return 2 * EARTH_RADIUS_METERS * c;
  }

  /**
   * Half-angles below this (about 25 km of latitude) use the short series of {@link #tinyDistance}.
   */
  private static final double TINY_HALF_ANGLE = 2e-3;

  /**
   * {@link #distance} when both half-angle gaps are below {@link #TINY_HALF_ANGLE}: the same
   * formula with the series cut where the next term falls below 1e-19 relative (sin to x^5, cos to
   * x^4, and asin to x^7 since {@code sqrt(h) < 2.9e-3} here), a quarter of the work of the general
   * series for the distances a city-scale search computes.
   */
  private static double tinyDistance(double sinPhi1, double cosPhi1, double a, double b) {
    double a2 = a * a;
    double sinA = a - a * a2 * (1.0 / 6 - a2 * (1.0 / 120));
    double cosA = 1 - a2 * (0.5 - a2 * (1.0 / 24));
    double cosPhi2 = cosPhi1 * (1 - 2 * sinA * sinA) - sinPhi1 * (2 * sinA * cosA);
    double b2 = b * b;
    double sinB = b - b * b2 * (1.0 / 6 - b2 * (1.0 / 120));
    return tinyArc(sinA * sinA + cosPhi1 * cosPhi2 * sinB * sinB);
  }

  /**
   * Whether {@link #distance} from a first point takes the short series of {@link #tinyDistance}
   * for every second point in a latitude/longitude box ({@code west <= east}, not crossing the
   * antimeridian): its tests compare {@code |a|}, {@code |b|} and {@code |phi2|} with constants,
   * and each of {@code a}, {@code b}, {@code phi2} is a non-decreasing function of the second
   * point's latitude or longitude (rounding is monotone), so they hold over the box exactly when
   * they hold at its edges.
   */
  static boolean tinyOverBox(
      double phi1, double longitude1, double south, double west, double north, double east) {
    double phiS = Math.toRadians(south);
    double phiN = Math.toRadians(north);
    return Math.abs((phiS - phi1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs((phiN - phi1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs(Math.toRadians(west - longitude1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs(Math.toRadians(east - longitude1) * 0.5) < TINY_HALF_ANGLE
        && Math.abs(phiS) < POLAR_RADIANS
        && Math.abs(phiN) < POLAR_RADIANS;
  }

  /**
   * {@link #tinyOverBox}'s reach as a gap in degrees, a part in a million short so that the
   * rounding of the radian conversion cannot matter.
   */
  private static final double TINY_DEGREES = Math.toDegrees(2 * TINY_HALF_ANGLE) * (1 - 1e-6);

  /** {@link #POLAR_RADIANS} in degrees, a part in a million short. */
  private static final double POLAR_DEGREES = Math.toDegrees(POLAR_RADIANS) * (1 - 1e-6);

  /**
   * The south edge of a point's short-series box: every box whose south edge is above it, north
   * edge below {@link #tinyNorth}, west edge above {@link #tinyWest} and east edge below {@link
   * #tinyEast} (all strictly) is accepted by {@link #tinyOverBox}; four comparisons in degrees
   * instead of that test's conversions.
   */
  static double tinySouth(double latitude) {
    return Math.max(latitude - TINY_DEGREES, -POLAR_DEGREES);
  }

  /** The north edge of a point's short-series box ({@link #tinySouth}). */
  static double tinyNorth(double latitude) {
    return Math.min(latitude + TINY_DEGREES, POLAR_DEGREES);
  }

  /** The west edge of a point's short-series box ({@link #tinySouth}). */
  static double tinyWest(double longitude) {
    return longitude - TINY_DEGREES;
  }

  /** The east edge of a point's short-series box ({@link #tinySouth}). */
  static double tinyEast(double longitude) {
    return longitude + TINY_DEGREES;
  }

  /**
   * Writes into {@code out[0, n)} the {@link #distance distances} from a first point (latitude in
   * radians with its sine and cosine, longitude in degrees) to the points {@code (lat[j], lon[j])},
   * every one of which must take the short series ({@link #tinyOverBox} of a box holding them):
   * then each result equals {@link #distance} bit for bit. Overwrites {@code lat[0, n)} and {@code
   * lon[0, n)} with intermediate terms. {@link #tinyDistance}'s arithmetic, split into five loops
   * of a few operations each, with no branch or call, so that the JIT compiles each to SIMD
   * instructions (a loop body as long as the whole formula is not unrolled, hence not vectorized):
   * about 1.3 ns a distance instead of 7. Each intermediate is stored as the same {@code double}
   * the one-point formula computes, so the results are the same.
   */
  static void tinyDistances(
      double phi1,
      double sinPhi1,
      double cosPhi1,
      double longitude1,
      double[] lat,
      double[] lon,
      double[] out,
      int n) {
    tinyHalfGaps(phi1, longitude1, lat, lon, n);
    tinyHaversines(sinPhi1, cosPhi1, lat, lon, out, n);
    tinyArcs(lon, out, 0, n);
  }

  /**
   * Replaces the points {@code (lat[j], lon[j])}, {@code j < n}, in degrees, by their half latitude
   * and longitude gaps in radians from a first point ({@link #tinyHalfLatitude}, {@link
   * #tinyHalfLongitude}). Two branch-free loops that the JIT compiles to SIMD instructions.
   */
  static void tinyHalfGaps(double phi1, double longitude1, double[] lat, double[] lon, int n) {
    for (int j = 0; j < n; j++) {
      lat[j] = tinyHalfLatitude(phi1, lat[j]);
    }
    for (int j = 0; j < n; j++) {
      lon[j] = tinyHalfLongitude(longitude1, lon[j]);
    }
  }

  /**
   * Returns the half latitude gap in radians that {@link #distance} computes from the first point's
   * latitude in radians to a second latitude in degrees (the same operations, so the same {@code
   * double}).
   */
  static double tinyHalfLatitude(double phi1, double latitude2) {
    return (Math.toRadians(latitude2) - phi1) * 0.5;
  }

  /**
   * Returns the half longitude gap in radians that {@link #distance} computes between two
   * longitudes in degrees (the same operations, so the same {@code double}).
   */
  static double tinyHalfLongitude(double longitude1, double longitude2) {
    return Math.toRadians(longitude2 - longitude1) * 0.5;
  }

  /**
   * Replaces the half gaps {@code (a[j], b[j])}, {@code j < n} ({@link #tinyHalfLatitude}, {@link
   * #tinyHalfLongitude}) of points on the short series by their haversine terms {@code h} in {@code
   * b[j]}, exactly as {@link #tinyDistance} computes them; overwrites {@code a[0, n)} and {@code
   * scratch[0, n)}. Two branch-free loops that the JIT compiles to SIMD instructions.
   */
  static void tinyHaversines(
      double sinPhi1, double cosPhi1, double[] a, double[] b, double[] scratch, int n) {
    // a becomes sin^2(a), scratch cos(lat1) cos(lat2) (cos(lat2) by the angle sum, as in
    // tinyDistance).
    for (int j = 0; j < n; j++) {
      double x = a[j];
      double x2 = x * x;
      double sinA = x - x * x2 * (1.0 / 6 - x2 * (1.0 / 120));
      double cosA = 1 - x2 * (0.5 - x2 * (1.0 / 24));
      double cosPhi2 = cosPhi1 * (1 - 2 * sinA * sinA) - sinPhi1 * (2 * sinA * cosA);
      a[j] = sinA * sinA;
      scratch[j] = cosPhi1 * cosPhi2;
    }
    // b becomes h.
    for (int j = 0; j < n; j++) {
      double y = b[j];
      double y2 = y * y;
      double sinB = y - y * y2 * (1.0 / 6 - y2 * (1.0 / 120));
      b[j] = a[j] + scratch[j] * sinB * sinB;
    }
  }

  /**
   * Writes into {@code out[j]}, {@code from <= j < to}, the distance in metres that {@link
   * #tinyDistance} finishes with from the haversine term {@code h[j]} ({@link #tinyArc} of it, bit
   * for bit); {@code out} may be {@code h}. One branch-free loop that the JIT compiles to SIMD
   * instructions.
   */
  static void tinyArcs(double[] h, double[] out, int from, int to) {
    for (int j = from; j < to; j++) {
      out[j] = tinyArc(h[j]);
    }
  }

  /**
   * Returns the distance in metres that {@link #tinyDistance} finishes with from a haversine term
   * {@code h}: {@code 2 R asin(sqrt(h))} by the asin series to x^7.
   *
   * <p>It is a non-decreasing function of {@code h >= 0} (also beyond the series' reach, up to
   * infinity): {@code Math.sqrt} is correctly rounded, hence non-decreasing; every other step is a
   * sum or product of non-negative terms that are each non-decreasing in {@code x = sqrt(h)} (the
   * series' coefficients are positive), and a correctly rounded sum or product of non-decreasing
   * non-negative terms is non-decreasing, since rounding to nearest is itself non-decreasing. So a
   * distance is within a radius exactly when its {@code h} is at most {@link
   * #tinyHaversineLimit}{@code (radius)}.
   */
  static double tinyArc(double h) {
    double x = Math.sqrt(h);
    double x2 = x * x;
    double c = x + x * x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112)));
    return 2 * EARTH_RADIUS_METERS * c;
  }

  /**
   * The bits of positive infinity, the largest haversine term {@link #tinyHaversineLimit} tries.
   */
  private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

  /**
   * Returns the largest {@code double h >= 0} whose {@link #tinyArc} is at most {@code
   * radiusMeters} (infinity for an infinite radius, -1 when none is: a negative or NaN radius), so
   * that, {@link #tinyArc} being non-decreasing, {@code tinyArc(h) <= radiusMeters} exactly when
   * {@code h <= tinyHaversineLimit(radiusMeters)} for every {@code h >= 0}. Searches the bit
   * patterns of non-negative doubles (ordered as the doubles are) from {@code sin^2(radius / 2R)}:
   * by doubling steps until the answer is bracketed, then by halving; a few evaluations at city
   * radii, where that start is within a few ulps, at most about 130 anywhere.
   */
  static double tinyHaversineLimit(double radiusMeters) {
    if (!(radiusMeters >= 0)) {
      return -1;
    }
    if (radiusMeters == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    double s = Math.sin(Math.min(radiusMeters / (2 * EARTH_RADIUS_METERS), 1));
    long guess = Double.doubleToRawLongBits(s * s);
    // tinyArc(bits low) <= radius < tinyArc(bits high); tinyArc(0) = 0 and tinyArc(inf) = inf.
    long low;
    long high;
    if (tinyArcBitsWithin(guess, radiusMeters)) {
      low = guess;
      high = INFINITY_BITS;
      for (long step = 1; step < INFINITY_BITS - low; step <<= 1) {
        if (!tinyArcBitsWithin(low + step, radiusMeters)) {
          high = low + step;
          break;
        }
        low += step;
      }
    } else {
      high = guess;
      low = 0;
      for (long step = 1; step < high; step <<= 1) {
        if (tinyArcBitsWithin(high - step, radiusMeters)) {
          low = high - step;
          break;
        }
        high -= step;
      }
    }
    while (high - low > 1) {
      long mid = (low + high) >>> 1;
      if (tinyArcBitsWithin(mid, radiusMeters)) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return Double.longBitsToDouble(low);
  }

  private static boolean tinyArcBitsWithin(long bits, double radiusMeters) {
    return tinyArc(Double.longBitsToDouble(bits)) <= radiusMeters;
  }

  /** sin(x) for |x| < 0.1: Taylor series to x^11 (next term below 1e-21 relative). */
  static double sinSmall(double x) {
    double x2 = x * x;
    return x
        - x
            * x2
            * (1.0 / 6
                - x2 * (1.0 / 120 - x2 * (1.0 / 5040 - x2 * (1.0 / 362880 - x2 / 39916800.0))));
  }

  /** asin(x) for 0 <= x < 0.05: Taylor series to x^15 (next term below 1e-20 relative). */
  static double asinSmall(double x) {
    double x2 = x * x;
    return x
        + x
            * x2
            * (1.0 / 6
                + x2
                    * (3.0 / 40
                        + x2
                            * (5.0 / 112
                                + x2
                                    * (35.0 / 1152
                                        + x2
                                            * (63.0 / 2816
                                                + x2 * (231.0 / 13312 + x2 * (143.0 / 10240)))))));
  }

  /**
   * Returns the smallest great-circle distance in metres from a point to any point of a
   * latitude/longitude rectangle (0 inside). A rectangle whose {@code west} exceeds its {@code
   * east} crosses the antimeridian. Exact up to floating-point rounding: the nearest point lies on
   * the point's own meridian when its longitude is in the rectangle's span, otherwise on one of the
   * two meridian edges, where the distance along a meridian has a single maximum of its cosine.
   */
  static double distanceToBox(
      double latitude, double longitude, double south, double west, double north, double east) {
    if (inLongitudeSpan(longitude, west, east)) {
      if (latitude < south) {
        return distance(latitude, longitude, south, longitude);
      }
      if (latitude > north) {
        return distance(latitude, longitude, north, longitude);
      }
      return 0;
    }
    return Math.min(
        distanceToMeridianSegment(latitude, longitude, west, south, north),
        distanceToMeridianSegment(latitude, longitude, east, south, north));
  }

  static boolean inLongitudeSpan(double longitude, double west, double east) {
    if (west <= east) {
      return longitude >= west && longitude <= east;
    }
    return longitude >= west || longitude <= east;
  }

  /** Distance from a point to the meridian arc at {@code meridian} between two latitudes. */
  static double distanceToMeridianSegment(
      double latitude, double longitude, double meridian, double south, double north) {
    double phi = Math.toRadians(latitude);
    double cosDLon = Math.cos(Math.toRadians(meridian - longitude));
    // cos(d) = sin(phi) sin(p) + cos(phi) cos(p) cos(dLon) = r cos(p - theta): maximal at theta.
    double theta = Math.toDegrees(Math.atan2(Math.sin(phi), Math.cos(phi) * cosDLon));
    if (theta >= south && theta <= north) {
      return distance(latitude, longitude, theta, meridian);
    }
    return Math.min(
        distance(latitude, longitude, south, meridian),
        distance(latitude, longitude, north, meridian));
  }
}
