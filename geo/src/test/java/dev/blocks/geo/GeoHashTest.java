package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class GeoHashTest {

  private static List<String[]> vectors() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    GeoHashTest.class.getResourceAsStream("geohash-vectors.csv")),
                StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(","));
        }
      }
    }
    return rows;
  }

  @Test
  void encode_publishedVectors_match() throws IOException {
    List<String[]> rows = vectors();
    assertThat(rows).isNotEmpty();
    for (String[] row : rows) {
      double lat = Double.parseDouble(row[0]);
      double lon = Double.parseDouble(row[1]);
      String hash = row[2];
      assertThat(GeoHash.encode(lat, lon, hash.length())).as("%s,%s", lat, lon).isEqualTo(hash);
      assertThat(GeoHash.decode(hash).contains(lat, lon)).isTrue();
    }
  }

  @Test
  void decode_ezs42_hasPublishedCentre() {
    GeoHash.Cell cell = GeoHash.decode("ezs42");
    // geohash.org reports 42.605, -5.603 for "ezs42" (rounded to the cell's precision).
    assertThat(cell.centerLatitude()).isCloseTo(42.605, org.assertj.core.data.Offset.offset(0.001));
    assertThat(cell.centerLongitude())
        .isCloseTo(-5.603, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void decodeOfEncodeContainsThePoint() {
    qt().forAll(doubles().between(-90, 90), doubles().between(-180, 180), integers().between(1, 12))
        .checkAssert(
            (lat, lon, p) ->
                assertThat(GeoHash.decode(GeoHash.encode(lat, lon, p)).contains(lat, lon))
                    .isTrue());
  }

  @Test
  void longerHashIsARefinementOfShorter() {
    qt().forAll(doubles().between(-90, 90), doubles().between(-180, 180), integers().between(1, 11))
        .checkAssert(
            (lat, lon, p) ->
                assertThat(GeoHash.encode(lat, lon, p + 1))
                    .startsWith(GeoHash.encode(lat, lon, p)));
  }

  @Test
  void decode_upperCase_isAccepted() {
    assertThat(GeoHash.decode("EZS42")).isEqualTo(GeoHash.decode("ezs42"));
  }

  @Test
  void badInput_namesTheValue() {
    assertThatThrownBy(() -> GeoHash.encode(Double.NaN, 0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latitude must be in [-90, 90], got NaN");
    assertThatThrownBy(() -> GeoHash.encode(91, 0, 5))
        .hasMessage("latitude must be in [-90, 90], got 91.0");
    assertThatThrownBy(() -> GeoHash.encode(0, -180.5, 5))
        .hasMessage("longitude must be in [-180, 180], got -180.5");
    assertThatThrownBy(() -> GeoHash.encode(0, 0, 13))
        .hasMessage("precision must be in [1, 12], got 13");
    assertThatThrownBy(() -> GeoHash.encode(0, 0, 0))
        .hasMessage("precision must be in [1, 12], got 0");
    assertThatThrownBy(() -> GeoHash.decode("ezsa2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("geohash has invalid character 'a' at index 3: \"ezsa2\"");
    assertThatThrownBy(() -> GeoHash.decode(""))
        .hasMessage("geohash length must be in [1, 12], got 0: \"\"");
    assertThatThrownBy(() -> GeoHash.decode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("geohash");
  }

  @Test
  void neighbour_publishedVectors_match() throws IOException {
    int count = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    GeoHashTest.class.getResourceAsStream("geohash-neighbours.csv")),
                StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] row = line.split(",", -1);
        GeoHash.Direction d = GeoHash.Direction.valueOf(row[1]);
        if (row[2].isEmpty()) {
          assertThat(GeoHash.neighbour(row[0], d)).as("%s %s", row[0], d).isEmpty();
        } else {
          assertThat(GeoHash.neighbour(row[0], d)).as("%s %s", row[0], d).contains(row[2]);
          assertThat(GeoHash.neighbours(row[0])).contains(row[2]);
        }
        count++;
      }
    }
    assertThat(count).isGreaterThan(20);
  }

  @Test
  void neighbours_ezzz_inCompassOrder() {
    assertThat(GeoHash.neighbours("ezzz"))
        .containsExactly("gbpb", "u000", "spbp", "spbn", "ezzy", "ezzw", "ezzx", "gbp8");
  }

  @Test
  void neighbours_polarRow_hasFiveAndWrapsLongitude() {
    // "b" is the north-west corner cell at precision 1, "z" the north-east one.
    assertThat(GeoHash.neighbours("b")).containsExactly("c", "9", "8", "x", "z");
    long[] out = new long[8];
    assertThat(GeoHash.neighbours(GeoHash.toBits("zzzzzzzzzzzz"), 60, out)).isEqualTo(5);
  }

  @Test
  void neighbours_coarseBits_areDistinct() {
    long[] out = new long[8];
    // One bit: two half-worlds east and west; each is the other's only neighbour.
    assertThat(GeoHash.neighbours(0, 1, out)).isEqualTo(1);
    assertThat(out[0]).isEqualTo(1);
  }

  @Test
  void encodeBits_sixtyBits_matchTwelveCharacters() {
    long bits = GeoHash.encodeBits(57.64911, 10.40744, 60);
    assertThat(GeoHash.fromBits(bits, 12)).startsWith("u4pruydqqvj");
    assertThat(GeoHash.decodeBits(bits, 60).contains(57.64911, 10.40744)).isTrue();
  }

  @Test
  void badBits_namesTheValue() {
    assertThatThrownBy(() -> GeoHash.encodeBits(0, 0, 61))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bits must be in [1, 60], got 61");
    assertThatThrownBy(() -> GeoHash.encodeBits(0, 0, 0))
        .hasMessage("bits must be in [1, 60], got 0");
    assertThatThrownBy(() -> GeoHash.decodeBits(0x20, 5))
        .hasMessage("hash must fit in 5 bits, got 0x20");
    assertThatThrownBy(() -> GeoHash.fromBits(-1, 12))
        .hasMessage("hash must fit in 60 bits, got 0xffffffffffffffff");
    assertThatThrownBy(() -> GeoHash.neighbours(0, 5, new long[7]))
        .hasMessage("out must have room for 8 cells, got 7");
    assertThatThrownBy(() -> GeoHash.neighbour("ezs4!", GeoHash.Direction.EAST))
        .hasMessage("geohash has invalid character '!' at index 4: \"ezs4!\"");
    assertThatThrownBy(() -> GeoHash.neighbours("ezs42ezs42ezs"))
        .hasMessage("geohash length must be in [1, 12], got 13: \"ezs42ezs42ezs\"");
  }
}
