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
