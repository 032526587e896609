package dev.blocks.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

  @Test
  void neighbours() {
    // @start region=neighbours
    List<String> around = GeoHash.neighbours("ezs42"); // N, NE, E, SE, S, SW, W, NW
    long bits = GeoHash.encodeBits(42.6, -5.6, 25); // the same cell as 25 bits in a long
    long[] cells = new long[8];
    int n =
        GeoHash.neighbours(bits, 25, cells); // allocation-free variant: 8 here, 5 in a polar row
    // @end
    assertThat(around).hasSize(8).first().isEqualTo("ezs48");
    assertThat(n).isEqualTo(8);
  }

  @Test
  void cover() {
    // @start region=cover
    // Cells to scan for everything within 5 km of a point (automatic precision, <= 32 cells).
    List<String> cells = GeoHashCover.circle(42.6, -5.6, 5_000);
    // A box that crosses the antimeridian: west edge 179, east edge -179.
    List<String> pacific = GeoHashCover.box(10, 179, 11, -179, 1); // ["x", "8"]
    // @end
    assertThat(cells).contains("ezs42");
    assertThat(pacific).containsExactly("x", "8");
  }

  record Shop(String name, double lat, double lon) {}

  @Test
  void index() {
    // @start region=index
    List<Shop> shops =
        List.of(
            new Shop("bakery", 42.6001, -5.6002),
            new Shop("cafe", 42.6050, -5.5900),
            new Shop("mill", 43.2000, -5.0000));
    GeoHashIndex<Shop> index = GeoHashIndex.build(shops, Shop::lat, Shop::lon);
    List<Shop> inCell = index.withPrefix("ezs4"); // WHERE geohash LIKE 'ezs4%'
    Hits hits = new Hits();
    index.withinRadius(42.6, -5.6, 2_000, hits); // bakery then cafe, with metres
    Shop nearest = index.item(hits.id(0));
    // @end
    assertThat(inCell).extracting(Shop::name).containsExactlyInAnyOrder("bakery", "cafe");
    assertThat(hits.size()).isEqualTo(2);
    assertThat(nearest.name()).isEqualTo("bakery");
  }
}
