package dev.blocks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.core.sharding.JumpHash;
import dev.blocks.delivery.DeliveryMode;
import dev.blocks.erasure.GaloisField;
import dev.blocks.geo.GeoHash;
import dev.blocks.ledger.Allocation;
import dev.blocks.orderbook.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of README.md's module table, compiled and run here. {@link
 * #readmeShowsExactlyTheseExamples} fails when the README and this file drift apart.
 */
class ReadmeExamplesTest {

  @Test
  void core() {
    // @start region=core
    int shard = JumpHash.bucket(0x9E3779B97F4A7C15L, 16); // jump consistent hash, 16 shards
    int after = JumpHash.bucket(0x9E3779B97F4A7C15L, 17); // same shard, or the new one
    // @end
    assertThat(after).isIn(shard, 16);
  }

  @Test
  void erasure() {
    // @start region=erasure
    int product = GaloisField.mul(0x57, 0x13); // GF(2^8) over 0x11d
    int back = GaloisField.div(product, 0x13); // 0x57
    // @end
    assertThat(back).isEqualTo(0x57);
  }

  @Test
  void geo() {
    // @start region=geo
    String hash = GeoHash.encode(42.6, -5.6, 5); // "ezs42"
    GeoHash.Cell cell = GeoHash.decode(hash); // the cell's bounds and centre
    // @end
    assertThat(hash).isEqualTo("ezs42");
    assertThat(cell.contains(42.6, -5.6)).isTrue();
  }

  @Test
  void orderbook() {
    // @start region=orderbook
    boolean takes = Side.BUY.crosses(10_011, 10_010); // a bid at 100.11 vs an ask at 100.10
    // @end
    assertThat(takes).isTrue();
  }

  @Test
  void ledger() {
    // @start region=ledger
    long[] parts = Allocation.largestRemainder(10_000, 1, 1, 1); // [3334, 3333, 3333]
    // @end
    assertThat(parts).containsExactly(3334, 3333, 3333);
  }

  @Test
  void delivery() {
    // @start region=delivery
    DeliveryMode mode = DeliveryMode.cheapest(false, false); // EXACTLY_ONCE
    // @end
    assertThat(mode).isEqualTo(DeliveryMode.EXACTLY_ONCE);
  }

  @Test
  void readmeShowsExactlyTheseExamples() throws IOException {
    Path here = Path.of("src/test/java/dev/blocks/examples/ReadmeExamplesTest.java");
    Path readme = Path.of("../README.md");
    String source = Files.readString(here, StandardCharsets.UTF_8);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("// @start region=(\\w+)\\n(.*?)\\n\\s*// @end", Pattern.DOTALL)
            .matcher(source);
    List<String> regions = new ArrayList<>();
    while (m.find()) {
      regions.add(m.group(1));
      StringBuilder block = new StringBuilder();
      for (String line : m.group(2).split("\n")) {
        block.append(line.strip()).append('\n');
      }
      assertThat(text).as("README shows region %s", m.group(1)).contains(block.toString());
    }
    assertThat(regions)
        .containsExactly("core", "erasure", "geo", "orderbook", "ledger", "delivery");
  }
}
