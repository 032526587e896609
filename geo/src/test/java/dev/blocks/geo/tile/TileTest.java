package dev.blocks.geo.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TileTest {

  private static final double EPS = 1e-9;

  private static List<String[]> vectors(String kind) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(TileTest.class.getResourceAsStream("tile-vectors.csv")),
                StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#") && line.startsWith(kind + ",")) {
          rows.add(line.split(","));
        }
      }
    }
    assertThat(rows).as("vectors of kind %s", kind).isNotEmpty();
    return rows;
  }

  @Test
  void at_publishedVectors_match() throws IOException {
    for (String[] r : vectors("tile")) {
      int zoom = Integer.parseInt(r[3]);
      Tile t = Tile.at(Double.parseDouble(r[1]), Double.parseDouble(r[2]), zoom);
      assertThat(t).isEqualTo(new Tile(zoom, Integer.parseInt(r[4]), Integer.parseInt(r[5])));
    }
  }

  @Test
  void quadKey_publishedVectors_matchBothWays() throws IOException {
    for (String[] r : vectors("quadkey")) {
      Tile t = new Tile(Integer.parseInt(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3]));
      assertThat(t.quadKey()).isEqualTo(r[4]);
      assertThat(Tile.fromQuadKey(r[4])).isEqualTo(t);
    }
  }

  @Test
  void bounds_publishedVectors_match() throws IOException {
    for (String[] r : vectors("bounds")) {
      TileBounds b =
          new Tile(Integer.parseInt(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3])).bounds();
      assertThat(b.west()).isCloseTo(Double.parseDouble(r[4]), within(EPS));
      assertThat(b.south()).isCloseTo(Double.parseDouble(r[5]), within(EPS));
      assertThat(b.east()).isCloseTo(Double.parseDouble(r[6]), within(EPS));
      assertThat(b.north()).isCloseTo(Double.parseDouble(r[7]), within(EPS));
    }
  }

  @Test
  void covering_publishedVectors_match() throws IOException {
    for (String[] r : vectors("covering")) {
      int zoom = Integer.parseInt(r[5]);
      List<Tile> expected = new ArrayList<>();
      for (String xy : r[6].split("\\|")) {
        String[] p = xy.split(":");
        expected.add(new Tile(zoom, Integer.parseInt(p[0]), Integer.parseInt(p[1])));
      }
      List<Tile> got =
          Tile.covering(
              Double.parseDouble(r[1]),
              Double.parseDouble(r[2]),
              Double.parseDouble(r[3]),
              Double.parseDouble(r[4]),
              zoom);
      assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void at_longitude180_isLastColumn() {
    for (int zoom = 0; zoom <= Tile.MAX_ZOOM; zoom++) {
      assertThat(Tile.at(0, 180, zoom).x()).isEqualTo((1 << zoom) - 1);
      assertThat(Tile.at(0, -180, zoom).x()).isZero();
    }
  }

  @Test
  void at_poles_areClampedToFirstAndLastRow() {
    for (int zoom = 0; zoom <= Tile.MAX_ZOOM; zoom++) {
      assertThat(Tile.at(90, 0, zoom).y()).isZero();
      assertThat(Tile.at(Tile.MAX_LATITUDE, 0, zoom).y()).isZero();
      assertThat(Tile.at(-90, 0, zoom).y()).isEqualTo((1 << zoom) - 1);
      assertThat(Tile.at(-Tile.MAX_LATITUDE, 0, zoom).y()).isEqualTo((1 << zoom) - 1);
    }
  }

  @Test
  void zoom21_cornersDoNotOverflow() {
    Tile se = Tile.at(-90, 180, 21);
    assertThat(se).isEqualTo(new Tile(21, (1 << 21) - 1, (1 << 21) - 1));
    assertThat(se.quadKey()).isEqualTo("333333333333333333333");
    assertThat(Pixel.at(-90, 180, 21)).isEqualTo(new Pixel(21, (256 << 21) - 1, (256 << 21) - 1));
    assertThat(Pixel.mapSize(21)).isEqualTo(1 << 29);
  }

  @Test
  void zoom0_isOneTileWithEmptyQuadKey() {
    assertThat(Tile.at(12, 34, 0)).isEqualTo(new Tile(0, 0, 0));
    assertThat(new Tile(0, 0, 0).quadKey()).isEmpty();
    assertThat(Tile.fromQuadKey("")).isEqualTo(new Tile(0, 0, 0));
  }

  @Test
  void covering_acrossAntimeridian_takesBothEdges() {
    List<Tile> tiles = Tile.covering(5, 175, 10, -175, 2);
    assertThat(tiles).containsExactly(new Tile(2, 3, 1), new Tile(2, 0, 1));
  }

  @Test
  void covering_wrappingBoxInOneColumn_coversTheWholeRow() {
    // West edge 10.5, east edge 10.2: the box goes all the way round the world.
    assertThat(Tile.covering(1, 10.5, 2, 10.2, 3)).hasSize(8);
  }

  @Test
  void parent_ofQuadKeyIsItsPrefix() {
    Tile t = Tile.fromQuadKey("0313102310");
    assertThat(t.parent().quadKey()).isEqualTo("031310231");
    assertThatThrownBy(() -> new Tile(0, 0, 0).parent())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the zoom-0 tile has no parent");
  }

  // ---- properties ----

  @Test
  void roundTripOfAPointStaysInTheTile() {
    qt().forAll(
            doubles().between(-85.05, 85.05),
            doubles().between(-180, 180),
            integers().between(0, 21))
        .checkAssert(
            (lat, lon, zoom) -> {
              TileBounds b = Tile.at(lat, lon, zoom).bounds();
              assertThat(lat).isBetween(b.south() - EPS, b.north() + EPS);
              assertThat(lon).isBetween(b.west() - EPS, b.east() + EPS);
            });
  }

  @Test
  void pointsInsideATileMapBackToIt() {
    qt().forAll(
            integers().between(0, 21),
            doubles().between(0, 0.999999),
            doubles().between(0, 0.999999),
            doubles().between(0.001, 0.999))
        .checkAssert(
            (zoom, fx, fy, inside) -> {
              int n = 1 << zoom;
              Tile t = new Tile(zoom, (int) (fx * n), (int) (fy * n));
              double lat = WebMercator.latitude((t.y() + inside) / n);
              double lon = WebMercator.longitude((t.x() + 1 - inside) / n);
              assertThat(Tile.at(lat, lon, zoom)).isEqualTo(t);
              assertThat(Tile.at(t.centerLatitude(), t.centerLongitude(), zoom)).isEqualTo(t);
              assertThat(t.bounds().contains(lat, lon)).isTrue();
            });
  }

  @Test
  void quadKeyRoundTripsAndNests() {
    qt().forAll(
            integers().between(1, 21),
            doubles().between(0, 0.999999),
            doubles().between(0, 0.999999))
        .checkAssert(
            (zoom, fx, fy) -> {
              int n = 1 << zoom;
              Tile t = new Tile(zoom, (int) (fx * n), (int) (fy * n));
              String key = t.quadKey();
              assertThat(key).hasSize(zoom);
              assertThat(Tile.fromQuadKey(key)).isEqualTo(t);
              assertThat(key).startsWith(t.parent().quadKey());
            });
  }

  @Test
  void pixelLiesInTheTileOfThePoint() {
    qt().forAll(doubles().between(-90, 90), doubles().between(-180, 180), integers().between(0, 21))
        .checkAssert(
            (lat, lon, zoom) -> {
              Pixel p = Pixel.at(lat, lon, zoom);
              Tile t = Tile.at(lat, lon, zoom);
              // Pixel and tile come from the same projected value, so they agree except on the
              // last ulp of a tile edge.
              assertThat(Math.abs(p.tile().x() - t.x()) + Math.abs(p.tile().y() - t.y()))
                  .isLessThanOrEqualTo(p.tile().equals(t) ? 0 : 1);
              assertThat(p.longitude()).isLessThanOrEqualTo(lon + EPS);
            });
  }

  @Test
  void coveringContainsTheTileOfEveryPointInTheBox() {
    qt().forAll(
            doubles()
                .between(-90, 90)
                .zip(doubles().between(-90, 90), (a, b) -> new double[] {a, b}),
            doubles().between(-180, 180),
            doubles().between(-180, 180),
            integers().between(0, 7))
        .checkAssert(
            (lats, west, east, zoom) -> {
              double south = Math.min(lats[0], lats[1]);
              double north = Math.max(lats[0], lats[1]);
              List<Tile> tiles = Tile.covering(south, west, north, east, zoom);
              Set<Tile> set = new HashSet<>(tiles);
              assertThat(set).hasSize(tiles.size());
              assertThat((long) tiles.size())
                  .isEqualTo(Tile.coveringCount(south, west, north, east, zoom));
              double width = west <= east ? east - west : 360 - (west - east);
              for (int i = 0; i <= 8; i++) {
                for (int j = 0; j <= 8; j++) {
                  double lat = south + (north - south) * i / 8;
                  double lon = west + width * j / 8;
                  if (lon > 180) {
                    lon -= 360;
                  }
                  assertThat(set).contains(Tile.at(lat, lon, zoom));
                }
              }
            });
  }

  // ---- bad input ----

  @Test
  void badInput_namesTheValue() {
    assertThatThrownBy(() -> Tile.at(Double.NaN, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latitude must be in [-90, 90], got NaN");
    assertThatThrownBy(() -> Tile.at(90.5, 0, 3))
        .hasMessage("latitude must be in [-90, 90], got 90.5");
    assertThatThrownBy(() -> Tile.at(0, 180.25, 3))
        .hasMessage("longitude must be in [-180, 180], got 180.25");
    assertThatThrownBy(() -> Tile.at(0, 0, 22)).hasMessage("zoom must be in [0, 21], got 22");
    assertThatThrownBy(() -> Tile.at(0, 0, -1)).hasMessage("zoom must be in [0, 21], got -1");
    assertThatThrownBy(() -> Pixel.at(0, 0, 22)).hasMessage("zoom must be in [0, 21], got 22");
    assertThatThrownBy(() -> new Tile(3, 8, 0)).hasMessage("x must be in [0, 7] at zoom 3, got 8");
    assertThatThrownBy(() -> new Tile(3, 0, -1))
        .hasMessage("y must be in [0, 7] at zoom 3, got -1");
    assertThatThrownBy(() -> Tile.fromQuadKey("0142"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quadKey has invalid character '4' at index 2: \"0142\"");
    assertThatThrownBy(() -> Tile.fromQuadKey("0".repeat(22)))
        .hasMessageStartingWith("quadKey length must be in [0, 21], got 22");
    assertThatThrownBy(() -> Tile.fromQuadKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("quadKey");
    assertThatThrownBy(() -> Tile.covering(10, 0, 5, 1, 3))
        .hasMessage("minLatitude must not exceed maxLatitude, got 10.0 > 5.0");
    assertThatThrownBy(() -> Tile.covering(-90, -180, 90, 180, 12))
        .hasMessage("covering needs at most 4194304 tiles, this box needs 16777216");
  }

  @Test
  void badCoordinates_generated_areRejectedNamingTheValue() {
    qt().forAll(
            doubles().between(90.000001, Double.MAX_VALUE),
            integers().between(0, 1),
            integers().between(0, 21))
        .checkAssert(
            (m, sign, z) -> {
              double v = sign == 0 ? m : -m;
              assertThatThrownBy(() -> Tile.at(v, 0, z))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("latitude must be in [-90, 90], got " + v);
              assertThatThrownBy(() -> Tile.at(0, 2 * v, z))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("longitude must be in [-180, 180], got " + (2 * v));
            });
    qt().forAll(
            integers()
                .between(22, Integer.MAX_VALUE)
                .mix(integers().between(Integer.MIN_VALUE, -1)))
        .checkAssert(
            z ->
                assertThatThrownBy(() -> Tile.at(0, 0, z))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zoom must be in [0, 21], got " + z));
  }
}
