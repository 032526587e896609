package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoHashSnippets {

  @Test
  void encode() {
    // @start region=encode
    String hash = GeoHash.encode(42.6, -5.6, 5); // "ezs42"
    GeoHash.Cell cell = GeoHash.decode(hash); // about 4.9 km x 4.9 km around the point
    boolean inside = cell.contains(42.6, -5.6); // true
    // @end
    assertThat(hash).isEqualTo("ezs42");
    assertThat(inside).isTrue();
  }
}
