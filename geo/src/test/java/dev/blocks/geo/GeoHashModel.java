package dev.blocks.geo;

/** The slow, obviously correct geohash: bisection of the intervals, one bit at a time. */
final class GeoHashModel {

  private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

  private GeoHashModel() {}

  static String encode(double latitude, double longitude, int precision) {
    double latLo = -90;
    double latHi = 90;
    double lonLo = -180;
    double lonHi = 180;
    StringBuilder out = new StringBuilder();
    boolean lonBit = true;
    int value = 0;
    for (int bit = 0; bit < 5 * precision; bit++) {
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
      if (bit % 5 == 4) {
        out.append(BASE32.charAt(value));
        value = 0;
      }
    }
    return out.toString();
  }
}
