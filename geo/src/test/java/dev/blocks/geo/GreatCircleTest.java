package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GreatCircleTest {

  @Test
  void distance_quarterMeridian_isQuarterCircumference() {
    assertThat(GreatCircle.distance(0, 0, 90, 0))
        .isCloseTo(Math.PI / 2 * GreatCircle.EARTH_RADIUS_METERS, within(1e-6));
    assertThat(GreatCircle.distance(0, 179.5, 0, -179.5))
        .isCloseTo(Math.toRadians(1) * GreatCircle.EARTH_RADIUS_METERS, within(1e-6));
    assertThat(GreatCircle.distance(89, 0, 89, 180))
        .isCloseTo(Math.toRadians(2) * GreatCircle.EARTH_RADIUS_METERS, within(1e-6));
  }

  /** The haversine formula with the library's functions only: the textbook reference. */
  private static double textbook(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double a = StrictMath.sin((p2 - p1) / 2);
    double b = StrictMath.sin(Math.toRadians(lon2 - lon1) / 2);
    double h = a * a + StrictMath.cos(p1) * StrictMath.cos(p2) * b * b;
    return 2 * GreatCircle.EARTH_RADIUS_METERS * StrictMath.asin(Math.sqrt(Math.min(1, h)));
  }

  /**
   * A second point offset from {@code p} by metres to thousands of km (both sides of each series
   * threshold), latitude clamped to the poles and longitude wrapped into [-180, 180].
   */
  private static double[] nearby(SplittableRandom r, GeoPointsModel.Point p) {
    double scale = Math.pow(10, r.nextDouble(-9, 1.5));
    double lat2 = Math.max(-90, Math.min(90, p.lat() + r.nextGaussian() * scale));
    double lon2 = p.lon() + r.nextGaussian() * scale;
    lon2 = lon2 > 180 ? lon2 - 360 : lon2 < -180 ? lon2 + 360 : lon2;
    return new double[] {lat2, lon2};
  }

  @Test
  void distance_seriesPaths_agreeWithTheTextbookFormulaToRounding() {
    qt().withExamples(2000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              GeoPointsModel.Point p = GeoPointsModel.query(r, java.util.List.of());
              double[] q = nearby(r, p);
              double lat2 = q[0];
              double lon2 = q[1];
              double expected = textbook(p.lat(), p.lon(), lat2, lon2);
              double got = GreatCircle.distance(p.lat(), p.lon(), lat2, lon2);
              // Within a few ulps of the larger terms (1e-13 relative), or 1 nm for tiny distances.
              assertThat(got).isCloseTo(expected, within(1e-13 * expected + 1e-9));
              assertThat(GreatCircle.distance(lat2, lon2, p.lat(), p.lon()))
                  .isCloseTo(got, within(1e-13 * got + 1e-9));
            });
  }

  @Test
  void distance_withPrecomputedLatitudeTerms_equalsTheFourArgumentFormBitForBit() {
    qt().withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              GeoPointsModel.Point p = GeoPointsModel.query(r, java.util.List.of());
              double[] q = nearby(r, p);
              double lat2 = q[0];
              double lon2 = q[1];
              double phi = Math.toRadians(p.lat());
              assertThat(
                      GreatCircle.distance(phi, Math.sin(phi), Math.cos(phi), p.lon(), lat2, lon2))
                  .isEqualTo(GreatCircle.distance(p.lat(), p.lon(), lat2, lon2));
            });
  }

  @Test
  void distanceToBoxIsALowerBoundOfEveryPointInTheBox() {
    qt().forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              GeoPointsModel.Point p = GeoPointsModel.query(r, java.util.List.of());
              double a = r.nextDouble(-90, 90);
              double b = r.nextBoolean() ? r.nextDouble(-90, 90) : (r.nextBoolean() ? 90 : -90);
              double south = Math.min(a, b);
              double north = Math.max(a, b);
              double west = r.nextDouble(-180, 180);
              double east = r.nextDouble(-180, 180);
              double lb = GreatCircle.distanceToBox(p.lat(), p.lon(), south, west, north, east);
              double width = west <= east ? east - west : 360 - (west - east);
              double best = Double.POSITIVE_INFINITY;
              for (int i = 0; i <= 40; i++) {
                for (int j = 0; j <= 40; j++) {
                  double lat = south + (north - south) * i / 40;
                  double lon = west + width * j / 40;
                  lon = lon > 180 ? lon - 360 : lon;
                  double d = GreatCircle.distance(p.lat(), p.lon(), lat, lon);
                  assertThat(d).isGreaterThanOrEqualTo(lb - 1e-6);
                  best = Math.min(best, d);
                }
              }
              // Tight: the grid's best point is within one grid step of the bound.
              double step =
                  GreatCircle.distance(0, 0, (north - south) / 40, 0)
                      + GreatCircle.distance(0, 0, 0, width / 40);
              assertThat(best).isLessThanOrEqualTo(lb + step + 1e-6);
            });
  }
}
