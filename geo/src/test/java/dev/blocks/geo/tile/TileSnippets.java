package dev.blocks.geo.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileSnippets {

  @Test
  void tile() {
    // @start region=tile
    Tile tile = Tile.at(40.1222, 20.6852, 9); // Tile[zoom=9, x=285, y=193]
    String url = "https://tile.openstreetmap.org/9/" + tile.x() + "/" + tile.y() + ".png";
    String quadKey = tile.quadKey(); // Bing Maps key, one digit per zoom level
    TileBounds box = tile.bounds(); // the latitude/longitude rectangle it draws
    List<Tile> view = Tile.covering(39.99, -105, 40, -104.99, 14); // tiles to fetch for a view
    // @end
    assertThat(url).endsWith("/9/285/193.png");
    assertThat(Tile.fromQuadKey(quadKey)).isEqualTo(tile);
    assertThat(box.contains(40.1222, 20.6852)).isTrue();
    assertThat(view).hasSize(2);
  }

  @Test
  void pixel() {
    // @start region=pixel
    Pixel p = Pixel.at(40.1222, 20.6852, 9); // global pixel at zoom 9
    Tile t = p.tile(); // the tile that draws it: (285, 193)
    int column = p.x() % Tile.SIZE; // pixel column inside that tile
    // @end
    assertThat(t).isEqualTo(new Tile(9, 285, 193));
    assertThat(column).isBetween(0, 255);
  }
}
