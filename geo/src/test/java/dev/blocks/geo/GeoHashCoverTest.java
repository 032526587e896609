package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeoHashCoverTest {

  @Test
  void box_ofOneCell_isThatCell() {
    GeoHash.Cell c = GeoHash.decode("ezs42");
    double eps = 1e-9;
    assertThat(
            GeoHashCover.box(
                c.minLatitude() + eps,
                c.minLongitude() + eps,
                c.maxLatitude() - eps,
                c.maxLongitude() - eps,
                5))
        .containsExactly("ezs42");
  }

  @Test
  void box_acrossAntimeridian_takesBothEdges() {
    List<String> cells = GeoHashCover.box(10, 179, 11, -179, 1);
    assertThat(cells).containsExactly("x", "8");
  }

  @Test
  void circle_atThePole_coversEveryLongitude() {
    List<String> cells = GeoHashCover.circle(90, 0, 100_000, 2);
    for (int lon = -180; lon <= 180; lon += 5) {
      assertThat(cells).contains(GeoHash.encode(89.5, lon, 2));
    }
  }

  @Test
  void circle_automatic_staysWithinTheCellBudget() {
    List<String> cells = GeoHashCover.circle(42.6, -5.6, 5_000);
    assertThat(cells.size()).isBetween(1, GeoHashCover.AUTO_MAX_CELLS);
    assertThat(cells.get(0)).hasSize(5);
  }

  @Test
  void boxCoveringContainsEveryPointOfTheBox() {
    qt().forAll(
            doubles()
                .between(-90, 90)
                .zip(doubles().between(-90, 90), (a, b) -> new double[] {a, b}),
            doubles().between(-180, 180),
            doubles().between(-180, 180),
            integers().between(0, 2))
        .checkAssert(
            (lats, west, east, precision) -> {
              double south = Math.min(lats[0], lats[1]);
              double north = Math.max(lats[0], lats[1]);
              List<String> cells =
                  precision == 0
                      ? GeoHashCover.box(south, west, north, east)
                      : GeoHashCover.box(south, west, north, east, precision);
              Set<String> set = new HashSet<>(cells);
              assertThat(set).hasSize(cells.size());
              int p = cells.get(0).length();
              double width = west <= east ? east - west : 360 - (west - east);
              for (int i = 0; i <= 10; i++) {
                for (int j = 0; j <= 10; j++) {
                  double lat = south + (north - south) * i / 10;
                  double lon = west + width * j / 10;
                  lon = lon > 180 ? lon - 360 : lon;
                  assertThat(set).contains(GeoHash.encode(lat, lon, p));
                }
              }
            });
  }

  @Test
  void circleCoveringContainsEveryPointOfTheCircle() {
    qt().withExamples(300)
        .forAll(longs().all(), doubles().between(0, 3_000_000), integers().between(0, 2))
        .checkAssert(
            (seed, radius, precision) -> {
              SplittableRandom r = new SplittableRandom(seed);
              GeoPointsModel.Point c = GeoPointsModel.query(r, List.of());
              List<String> cells =
                  precision == 0
                      ? GeoHashCover.circle(c.lat(), c.lon(), radius)
                      : GeoHashCover.circle(c.lat(), c.lon(), radius, precision);
              Set<String> set = new HashSet<>(cells);
              int p = cells.get(0).length();
              for (int i = 0; i < 200; i++) {
                GeoPointsModel.Point q =
                    destination(c.lat(), c.lon(), r.nextDouble(360), radius * r.nextDouble());
                if (GreatCircle.distance(c.lat(), c.lon(), q.lat(), q.lon()) <= radius) {
                  assertThat(set).contains(GeoHash.encode(q.lat(), q.lon(), p));
                }
              }
            });
  }

  @Test
  void badInput_namesTheValue() {
    assertThatThrownBy(() -> GeoHashCover.circle(0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("radiusMeters must be >= 0, got -1.0");
    assertThatThrownBy(() -> GeoHashCover.circle(0, 0, Double.NaN, 3))
        .hasMessage("radiusMeters must be >= 0, got NaN");
    assertThatThrownBy(() -> GeoHashCover.circle(0, 0, 10, 13))
        .hasMessage("precision must be in [1, 12], got 13");
    assertThatThrownBy(() -> GeoHashCover.box(5, 0, 4, 1, 3))
        .hasMessage("minLatitude must not exceed maxLatitude, got 5.0 > 4.0");
    assertThatThrownBy(() -> GeoHashCover.box(-90, -180, 90, 180, 6))
        .hasMessage("covering needs at most 1048576 cells, this region needs 1073741824");
    assertThatThrownBy(() -> GeoHashCover.circle(Double.NaN, 0, 1))
        .hasMessage("latitude must be in [-90, 90], got NaN");
  }

  /** The point at a distance and initial bearing from a start (spherical direct problem). */
  static GeoPointsModel.Point destination(
      double lat, double lon, double bearingDegrees, double meters) {
    double d = meters / GreatCircle.EARTH_RADIUS_METERS;
    double phi = Math.toRadians(lat);
    double theta = Math.toRadians(bearingDegrees);
    double phi2 =
        Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(theta));
    double lambda2 =
        Math.toRadians(lon)
            + Math.atan2(
                Math.sin(theta) * Math.sin(d) * Math.cos(phi),
                Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
    return GeoPointsModel.clamp(Math.toDegrees(phi2), Math.toDegrees(lambda2));
  }
}
