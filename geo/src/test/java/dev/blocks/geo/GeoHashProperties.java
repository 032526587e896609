package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class GeoHashProperties {

  /** Latitudes with exact cell edges, poles and zero in the mix. */
  private static Gen<Double> latitudes() {
    return doubles()
        .between(-90, 90)
        .mix(integers().between(0, 1 << 12).map(k -> -90 + 180.0 * k / (1 << 12)), 30)
        .mix(doubles().between(-1e-300, 1e-300), 5);
  }

  private static Gen<Double> longitudes() {
    return doubles()
        .between(-180, 180)
        .mix(integers().between(0, 1 << 12).map(k -> -180 + 360.0 * k / (1 << 12)), 30);
  }

  @Test
  void encodeEqualsTheBisectionModel() {
    qt().forAll(latitudes(), longitudes(), integers().between(1, 12))
        .checkAssert(
            (lat, lon, p) ->
                assertThat(GeoHash.encode(lat, lon, p))
                    .isEqualTo(GeoHashModel.encode(lat, lon, p)));
  }

  @Test
  void encodeBitsSpellsTheString() {
    qt().forAll(latitudes(), longitudes(), integers().between(1, 12))
        .checkAssert(
            (lat, lon, p) -> {
              long bits = GeoHash.encodeBits(lat, lon, 5 * p);
              assertThat(GeoHash.fromBits(bits, p)).isEqualTo(GeoHash.encode(lat, lon, p));
              assertThat(GeoHash.toBits(GeoHash.encode(lat, lon, p))).isEqualTo(bits);
            });
  }

  @Test
  void decodeBitsOfEncodeBitsContainsThePoint() {
    qt().forAll(latitudes(), longitudes(), integers().between(1, 60))
        .checkAssert(
            (lat, lon, b) -> {
              long bits = GeoHash.encodeBits(lat, lon, b);
              assertThat(GeoHash.decodeBits(bits, b).contains(lat, lon)).isTrue();
              if (b > 1) {
                assertThat(GeoHash.encodeBits(lat, lon, b - 1)).isEqualTo(bits >>> 1);
              }
            });
  }

  @Test
  void neighboursAreAdjacentAndSymmetric() {
    qt().forAll(latitudes(), longitudes(), integers().between(1, 12))
        .checkAssert(
            (lat, lon, p) -> {
              String hash = GeoHash.encode(lat, lon, p);
              GeoHash.Cell cell = GeoHash.decode(hash);
              List<String> ns = GeoHash.neighbours(hash);
              boolean polar = cell.maxLatitude() == 90 || cell.minLatitude() == -90;
              assertThat(ns).doesNotHaveDuplicates().doesNotContain(hash);
              assertThat(ns).hasSize(polar ? 5 : 8);
              for (String n : ns) {
                assertThat(touches(cell, GeoHash.decode(n))).as("%s next to %s", n, hash).isTrue();
                assertThat(GeoHash.neighbours(n)).as("neighbours of %s", n).contains(hash);
              }
            });
  }

  @Test
  void eachDirectionIsTheMatchingOffset() {
    qt().forAll(latitudes(), longitudes(), integers().between(1, 12))
        .checkAssert(
            (lat, lon, p) -> {
              String hash = GeoHash.encode(lat, lon, p);
              GeoHash.Cell c = GeoHash.decode(hash);
              double h = c.maxLatitude() - c.minLatitude();
              double w = c.maxLongitude() - c.minLongitude();
              for (GeoHash.Direction d : GeoHash.Direction.values()) {
                double nLat = c.centerLatitude() + d.latitudeStep * h;
                double nLon = c.centerLongitude() + d.longitudeStep * w;
                nLon = nLon > 180 ? nLon - 360 : nLon < -180 ? nLon + 360 : nLon;
                if (nLat > 90 || nLat < -90) {
                  assertThat(GeoHash.neighbour(hash, d)).isEmpty();
                } else {
                  assertThat(GeoHash.neighbour(hash, d)).contains(GeoHash.encode(nLat, nLon, p));
                }
              }
            });
  }

  static boolean touches(GeoHash.Cell a, GeoHash.Cell b) {
    boolean lat = a.minLatitude() <= b.maxLatitude() && b.minLatitude() <= a.maxLatitude();
    boolean lon =
        (a.minLongitude() <= b.maxLongitude() && b.minLongitude() <= a.maxLongitude())
            || (a.minLongitude() == -180 && b.maxLongitude() == 180)
            || (b.minLongitude() == -180 && a.maxLongitude() == 180);
    return lat && lon;
  }
}
