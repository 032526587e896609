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

  /**
   * A box that {@link GreatCircle#tinyOverBox} accepts holds only points on the short-series path
   * (the conditions of {@link GreatCircle#distance}, restated here), and for those {@link
   * GreatCircle#tinyDistances} equals the distance bit for bit: queries anywhere, also just around
   * the series' polar limit (80.2 degrees) and at the antimeridian, boxes straddling the half-angle
   * limit (0.229 degrees), points on the corners, the edges and inside.
   */
  @Test
  void tinyOverBox_onlyAcceptsShortSeriesBoxes_andTinyDistancesEqualDistanceBitForBit() {
    int[] accepted = new int[2];
    qt().withExamples(3000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat1;
              switch (r.nextInt(4)) {
                case 0:
                  lat1 = (r.nextBoolean() ? 1 : -1) * r.nextDouble(79.9, 80.5);
                  break;
                case 1:
                  lat1 = r.nextDouble(-90, 90);
                  break;
                default:
                  lat1 = r.nextDouble(-70, 70);
              }
              double lon1 =
                  r.nextInt(3) == 0 ? (r.nextBoolean() ? 179.9 : -179.9) : r.nextDouble(-180, 180);
              double reach = r.nextBoolean() ? 0.3 : 0.01;
              double south = clamp(lat1 + r.nextDouble(-reach, reach), 90);
              double north = clamp(south + r.nextDouble(0, reach), 90);
              double west = clamp(lon1 + r.nextDouble(-reach, reach), 180);
              double east = clamp(west + r.nextDouble(0, reach), 180);
              double phi1 = Math.toRadians(lat1);
              boolean tiny = GreatCircle.tinyOverBox(phi1, lon1, south, west, north, east);
              accepted[tiny ? 1 : 0]++;
              int n = 40;
              double[] lat = new double[n];
              double[] lon = new double[n];
              for (int j = 0; j < n; j++) {
                lat[j] =
                    j < 4
                        ? (j < 2 ? south : north)
                        : r.nextDouble() < 0.2 ? south : lerp(r, south, north);
                lon[j] =
                    j < 4
                        ? (j % 2 == 0 ? west : east)
                        : r.nextDouble() < 0.2 ? east : lerp(r, west, east);
              }
              if (!tiny) {
                return;
              }
              double[] out = new double[n];
              GreatCircle.tinyDistances(
                  phi1, Math.sin(phi1), Math.cos(phi1), lon1, lat.clone(), lon.clone(), out, n);
              for (int j = 0; j < n; j++) {
                double phi2 = Math.toRadians(lat[j]);
                assertThat(Math.abs((phi2 - phi1) * 0.5)).isLessThan(2e-3);
                assertThat(Math.abs(Math.toRadians(lon[j] - lon1) * 0.5)).isLessThan(2e-3);
                assertThat(Math.abs(phi2)).isLessThan(1.4);
                assertThat(out[j])
                    .as("lat %s lon %s to %s %s", lat1, lon1, lat[j], lon[j])
                    .isEqualTo(GreatCircle.distance(lat1, lon1, lat[j], lon[j]));
              }
            });
    assertThat(accepted[0]).as("boxes refused").isGreaterThan(100);
    assertThat(accepted[1]).as("boxes accepted").isGreaterThan(100);
  }

  /**
   * The short-series box in degrees ({@link GreatCircle#tinySouth} and the others, four comparisons
   * a node in radius listing) accepts only boxes {@link GreatCircle#tinyOverBox} accepts, and every
   * box that test accepts with its edges 1e-5 degrees inside the reach and 1e-4 degrees inside the
   * polar limit (which the degree box keeps a part in a million short): queries anywhere, just
   * around the polar limit and at the antimeridian; box edges on both sides of the reach (0.229
   * degrees) and of the polar limit (80.2 degrees), within 1e-9 of them.
   */
  @Test
  void tinyBoxInDegrees_acceptsOnlyWhatTinyOverBoxAccepts_andNearlyAllOfIt() {
    int[] accepted = new int[2];
    double reach = Math.toDegrees(4e-3);
    double polar = Math.toDegrees(1.4);
    qt().withExamples(20000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat1 =
                  r.nextBoolean()
                      ? (r.nextBoolean() ? 1 : -1) * r.nextDouble(79.8, 80.6)
                      : r.nextDouble(-90, 90);
              double lon1 =
                  r.nextInt(3) == 0 ? (r.nextBoolean() ? 179.9 : -179.9) : r.nextDouble(-180, 180);
              double[] edge = new double[4];
              for (int j = 0; j < 4; j++) {
                // An edge on either side of the reach, within 1e-9 or 2e-5 of it, or well inside.
                int kind = r.nextInt(3);
                double inside =
                    kind == 0
                        ? r.nextDouble(-1e-9, 1e-9)
                        : kind == 1 ? r.nextDouble(-2e-5, 2e-5) : r.nextDouble(-0.01, 0.2);
                edge[j] = (j % 2 == 0 ? lat1 : lon1) + (j < 2 ? -1 : 1) * (reach - inside);
                if (j % 2 == 0 && r.nextInt(4) == 0) {
                  edge[j] = (j < 2 ? -1 : 1) * polar + r.nextDouble(-1e-9, 1e-9);
                }
              }
              double south = clamp(Math.min(edge[0], edge[2]), 90);
              double north = clamp(Math.max(edge[0], edge[2]), 90);
              double west = clamp(Math.min(edge[1], edge[3]), 180);
              double east = clamp(Math.max(edge[1], edge[3]), 180);
              boolean degrees =
                  south > GreatCircle.tinySouth(lat1)
                      && north < GreatCircle.tinyNorth(lat1)
                      && west > GreatCircle.tinyWest(lon1)
                      && east < GreatCircle.tinyEast(lon1);
              boolean radians =
                  GreatCircle.tinyOverBox(Math.toRadians(lat1), lon1, south, west, north, east);
              accepted[degrees ? 1 : 0]++;
              String box = lat1 + " " + lon1 + ": " + south + " " + west + " " + north + " " + east;
              if (degrees) {
                assertThat(radians).as(box).isTrue();
              }
              double in = 1e-5;
              boolean wellInside =
                  south > lat1 - reach + in
                      && north < lat1 + reach - in
                      && west > lon1 - reach + in
                      && east < lon1 + reach - in
                      // The polar limit in degrees is a part in a million short (8e-5 degrees).
                      && Math.max(-south, north) < polar - 1e-4;
              if (radians && wellInside) {
                assertThat(degrees).as(box).isTrue();
              }
            });
    assertThat(accepted[0]).as("boxes refused").isGreaterThan(1000);
    assertThat(accepted[1]).as("boxes accepted").isGreaterThan(200);
  }

  /**
   * {@link GreatCircle#tinyArc} is non-decreasing in {@code h >= 0} (what the radius scan's filter
   * on the haversine term rests on): over runs of consecutive doubles from random starts at city
   * scale and anywhere up to the largest double, over random pairs, and at the edges (0, the
   * smallest subnormal, the largest double, infinity).
   */
  @Test
  void tinyArc_isNonDecreasingInTheHaversineTerm() {
    double[] edges = {0, Double.MIN_VALUE, Double.MIN_NORMAL, 1, Double.MAX_VALUE};
    for (int i = 0; i < edges.length; i++) {
      assertThat(GreatCircle.tinyArc(edges[i]))
          .isLessThanOrEqualTo(GreatCircle.tinyArc(Math.nextUp(edges[i])));
    }
    assertThat(GreatCircle.tinyArc(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    qt().withExamples(2000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double h =
                  r.nextBoolean()
                      ? Math.pow(10, r.nextDouble(-20, -4))
                      : Double.longBitsToDouble(r.nextLong(0, 0x7FF0000000000000L));
              double previous = GreatCircle.tinyArc(h);
              for (int i = 0; i < 200; i++) {
                h = Math.nextUp(h);
                double next = GreatCircle.tinyArc(h);
                assertThat(next).as("h %s", h).isGreaterThanOrEqualTo(previous);
                previous = next;
              }
              double a = Math.pow(10, r.nextDouble(-20, 0));
              double b = Math.pow(10, r.nextDouble(-20, 0));
              assertThat(GreatCircle.tinyArc(Math.min(a, b)))
                  .isLessThanOrEqualTo(GreatCircle.tinyArc(Math.max(a, b)));
            });
  }

  /**
   * {@link GreatCircle#tinyHaversineLimit} is the largest haversine term whose {@link
   * GreatCircle#tinyArc} is within the radius: its arc is at most the radius and the next double's
   * exceeds it; radii from 0 and the smallest subnormal through city scale (also radii that are
   * exactly an arc, and the doubles beside them) to the largest double; -1 for a negative or NaN
   * radius, infinity for an infinite one.
   */
  @Test
  void tinyHaversineLimit_isTheLargestTermWithinTheRadius() {
    qt().withExamples(3000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double radius;
              switch (r.nextInt(5)) {
                case 0:
                  radius = Math.pow(10, r.nextDouble(-3, 5));
                  break;
                case 1:
                  radius = GreatCircle.tinyArc(Math.pow(10, r.nextDouble(-20, -4)));
                  break;
                case 2:
                  double arc = GreatCircle.tinyArc(Math.pow(10, r.nextDouble(-16, -5)));
                  radius = r.nextBoolean() ? Math.nextUp(arc) : Math.nextDown(arc);
                  break;
                case 3:
                  radius = Math.pow(10, r.nextDouble(-320, 308));
                  break;
                default:
                  radius = new double[] {0, Double.MIN_VALUE, Double.MAX_VALUE, 5000}[r.nextInt(4)];
              }
              double limit = GreatCircle.tinyHaversineLimit(radius);
              assertThat(limit).as("radius %s", radius).isGreaterThanOrEqualTo(0);
              assertThat(GreatCircle.tinyArc(limit))
                  .as("radius %s", radius)
                  .isLessThanOrEqualTo(radius);
              assertThat(GreatCircle.tinyArc(Math.nextUp(limit)))
                  .as("radius %s", radius)
                  .isGreaterThan(radius);
            });
    assertThat(GreatCircle.tinyHaversineLimit(0)).isEqualTo(0);
    assertThat(GreatCircle.tinyHaversineLimit(-1)).isEqualTo(-1);
    assertThat(GreatCircle.tinyHaversineLimit(-Double.MIN_VALUE)).isEqualTo(-1);
    assertThat(GreatCircle.tinyHaversineLimit(Double.NaN)).isEqualTo(-1);
    assertThat(GreatCircle.tinyHaversineLimit(Double.POSITIVE_INFINITY))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  /**
   * On the short series, a point is within a radius exactly when its haversine term ({@link
   * GreatCircle#tinyHaversines}) is at most {@link GreatCircle#tinyHaversineLimit} of the radius,
   * and {@link GreatCircle#tinyArcs} of the term is its {@link GreatCircle#distance} bit for bit:
   * points around queries anywhere below the series' polar limit, radii set to a point's exact
   * distance, the doubles beside it and random ones.
   */
  @Test
  void haversineTermWithinLimit_exactlyWhenDistanceWithinRadius() {
    qt().withExamples(1000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double lat1 = r.nextDouble(-80, 80);
              double lon1 = r.nextDouble(-179.7, 179.7);
              int n = 64;
              double[] lat = new double[n];
              double[] lon = new double[n];
              double reach = Math.pow(10, r.nextDouble(-7, -0.7));
              for (int j = 0; j < n; j++) {
                lat[j] = lat1 + r.nextDouble(-reach, reach);
                lon[j] = lon1 + r.nextDouble(-reach, reach);
              }
              double phi1 = Math.toRadians(lat1);
              double[] a = lat.clone();
              double[] h = lon.clone();
              GreatCircle.tinyHalfGaps(phi1, lon1, a, h, n);
              GreatCircle.tinyHaversines(Math.sin(phi1), Math.cos(phi1), a, h, new double[n], n);
              double[] d = new double[n];
              GreatCircle.tinyArcs(h, d, 0, n);
              double exact = GreatCircle.distance(lat1, lon1, lat[0], lon[0]);
              double[] radii = {
                exact, Math.nextUp(exact), Math.nextDown(exact), r.nextDouble(0, 2e5 * reach)
              };
              for (double radius : radii) {
                double limit = GreatCircle.tinyHaversineLimit(radius);
                for (int j = 0; j < n; j++) {
                  double distance = GreatCircle.distance(lat1, lon1, lat[j], lon[j]);
                  assertThat(d[j]).isEqualTo(distance);
                  assertThat(h[j] <= limit)
                      .as("lat %s lon %s to %s %s radius %s", lat1, lon1, lat[j], lon[j], radius)
                      .isEqualTo(distance <= radius);
                }
              }
            });
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private static double lerp(SplittableRandom r, double lo, double hi) {
    return Math.min(hi, lo + (hi - lo) * r.nextDouble());
  }
}
