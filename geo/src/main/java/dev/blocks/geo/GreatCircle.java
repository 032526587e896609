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
   * <p>The arguments are not validated (this is the hot path of every query); pass coordinates in
   * range.
   */
  public static double distance(
      double latitude1, double longitude1, double latitude2, double longitude2) {
    double phi1 = Math.toRadians(latitude1);
    return distance(phi1, Math.cos(phi1), longitude1, latitude2, longitude2);
  }

  /**
   * The haversine distance with the first point's latitude in radians and its cosine precomputed:
   * the same arithmetic as {@link #distance(double, double, double, double)}, bit for bit.
   */
  static double distance(
      double phi1, double cosPhi1, double longitude1, double latitude2, double longitude2) {
    double phi2 = Math.toRadians(latitude2);
    double sinDLat = Math.sin((phi2 - phi1) * 0.5);
    double sinDLon = Math.sin(Math.toRadians(longitude2 - longitude1) * 0.5);
    double h = sinDLat * sinDLat + cosPhi1 * Math.cos(phi2) * sinDLon * sinDLon;
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(Math.min(1, h)));
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
