package dev.blocks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.core.idempotency.IdempotencyKey;
import dev.blocks.core.idempotency.IdempotentExecutor;
import dev.blocks.core.idempotency.InMemoryIdempotencyStore;
import dev.blocks.core.sharding.ShardRouter;
import dev.blocks.core.sharding.ShardRouters;
import dev.blocks.delivery.log.AppendResult;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.PartitionedLog;
import dev.blocks.delivery.log.ProducerId;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import dev.blocks.erasure.ReedSolomon;
import dev.blocks.erasure.durability.Durability;
import dev.blocks.geo.GeoHash;
import dev.blocks.geo.QuadTree;
import dev.blocks.geo.tile.Tile;
import dev.blocks.ledger.Account;
import dev.blocks.ledger.CreateTransferResult;
import dev.blocks.ledger.Ledger;
import dev.blocks.ledger.Transfer;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of README.md's module list, compiled and run here. {@link
 * #readmeShowsExactlyTheseExamples} fails when the README and this file drift apart.
 */
class ReadmeExamplesTest {

  record Place(String name, double lat, double lon) {}

  @Test
  void core() throws Exception {
    AtomicInteger charges = new AtomicInteger();
    // @start region=core
    IdempotentExecutor<String> payments = IdempotentExecutor.of(InMemoryIdempotencyStore.create());
    IdempotencyKey key = IdempotencyKey.of("shop-7", "alice", "order-1001");
    String first = payments.execute(key, "EUR 25.00", () -> "ch_" + charges.incrementAndGet());
    String again = payments.execute(key, "EUR 25.00", () -> "ch_" + charges.incrementAndGet());
    ShardRouter<String> router = ShardRouters.jumpBack(List.of("db-0", "db-1", "db-2"));
    String owner = router.route("user-42"); // the same node for this key, every time
    // @end
    assertThat(first).isEqualTo("ch_1");
    assertThat(again).isEqualTo(first);
    assertThat(charges).hasValue(1);
    assertThat(owner).isIn("db-0", "db-1", "db-2").isEqualTo(router.route("user-42"));
  }

  @Test
  void erasure() {
    byte[][] shards = new byte[6][1000];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 4; i++) {
      random.nextBytes(shards[i]);
    }
    byte[][] original = new byte[6][];
    // @start region=erasure
    ReedSolomon rs = ReedSolomon.vandermonde(4, 2); // 4 data + 2 parity shards
    rs.encode(shards); // shards: byte[6][n], data in 0..3; fills parity 4 and 5
    // @end
    for (int i = 0; i < 6; i++) {
      original[i] = shards[i].clone();
    }
    // @start region=erasure2
    shards[1] = new byte[1000]; // lose two shards
    shards[4] = new byte[1000];
    rs.reconstruct(shards, new boolean[] {true, false, true, true, false, true});
    double nines = Durability.ofErasure(4, 2, 0.10, 1).nines(); // AFR 10 %, 1-day repair
    // @end
    assertThat(shards).isDeepEqualTo(original);
    assertThat(nines).isBetween(6.0, 7.0);
  }

  @Test
  void geo() {
    List<Place> places =
        List.of(
            new Place("Ferry Building", 37.7955, -122.3937),
            new Place("Coit Tower", 37.8024, -122.4058),
            new Place("Oracle Park", 37.7786, -122.3893));
    // @start region=geo
    String cell = GeoHash.encode(42.6, -5.6, 5); // "ezs42"
    QuadTree<Place> tree = QuadTree.build(places, Place::lat, Place::lon); // leaf capacity 100
    List<Place> near = tree.nearest(37.7946, -122.3999, 2); // exact great-circle ranking
    Tile tile = Tile.at(37.7946, -122.3999, 10); // OSM slippy-map tile at zoom 10
    // @end
    assertThat(cell).isEqualTo("ezs42");
    assertThat(near).extracting(Place::name).containsExactly("Ferry Building", "Coit Tower");
    assertThat(tile.zoom()).isEqualTo(10);
  }

  @Test
  void orderbook() {
    List<String> trades = new ArrayList<>();
    OrderBookListener listener =
        new OrderBookListener() {
          @Override
          public void onTrade(long maker, long taker, Side side, long price, long quantity) {
            trades.add(quantity + "@" + price);
          }
        };
    // @start region=orderbook
    MatchingEngine engine = MatchingEngine.builder().capacity(10_000).listener(listener).build();
    engine.limit(1, 7, Side.SELL, 10_010, 200); // order 1, owner 7: sell 200 lots at 100.10
    engine.limit(2, 7, Side.SELL, 10_011, 900); // sell 900 at 100.11
    engine.market(3, 8, Side.BUY, 500, 10_020); // buy 500, paying at most 100.20
    long bestAsk = engine.bestAsk(); // 10_011: 200 filled at 100.10, then 300 at 100.11
    // @end
    assertThat(trades).containsExactly("200@10010", "300@10011");
    assertThat(bestAsk).isEqualTo(10_011);
  }

  @Test
  void ledger() {
    // @start region=ledger
    Ledger ledger = Ledger.inMemory(); // or Ledger.open(path): journaled, crash-safe
    ledger.createAccounts(List.of(Account.of(1, 840, 10, 0), Account.of(2, 840, 20, 0))); // USD
    Transfer watch =
        Transfer.builder()
            .id(1001)
            .debitAccountId(1)
            .creditAccountId(2)
            .amount(200_00)
            .ledger(840)
            .code(1)
            .build();
    List<CreateTransferResult> results = ledger.createTransfers(List.of(watch)); // [OK]
    List<CreateTransferResult> retry = ledger.createTransfers(List.of(watch)); // [EXISTS]
    // @end
    assertThat(results).containsExactly(CreateTransferResult.OK);
    assertThat(retry).containsExactly(CreateTransferResult.EXISTS);
  }

  @Test
  void delivery() {
    byte[] key = "customer-42".getBytes(StandardCharsets.UTF_8);
    byte[] order = "order-1".getBytes(StandardCharsets.UTF_8);
    // @start region=delivery
    PartitionedLog log = InMemoryLog.create();
    log.createTopic("orders", 4, Retention.unlimited());
    ProducerId producer = log.initProducer("checkout"); // idempotent: id, epoch, sequence
    TopicPartition tp = TopicPartition.of("orders", log.partitionFor("orders", key));
    AppendResult first = log.append(producer, 0, tp, key, order); // APPENDED at offset 0
    AppendResult again = log.append(producer, 0, tp, key, order); // DUPLICATE: not appended
    // @end
    assertThat(first.status()).isEqualTo(AppendResult.Status.APPENDED);
    assertThat(again.status()).isEqualTo(AppendResult.Status.DUPLICATE);
  }

  @Test
  void readmeShowsExactlyTheseExamples() throws IOException {
    Path here = Path.of("src/test/java/dev/blocks/examples/ReadmeExamplesTest.java");
    String source = Files.readString(here, StandardCharsets.UTF_8);
    String text = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    List<String> regions = new ArrayList<>();
    for (Matcher m = REGION.matcher(source); m.find(); ) {
      regions.add(m.group(1));
      assertThat(text).as("README shows region %s", m.group(1)).contains(block(m.group(2)));
    }
    assertThat(regions)
        .containsExactly("core", "erasure", "erasure2", "geo", "orderbook", "ledger", "delivery");
  }

  static final Pattern REGION =
      Pattern.compile("// @start region=(\\w+)\\n(.*?)\\n\\s*// @end", Pattern.DOTALL);

  /** The region's lines with the indentation of the test method removed. */
  static String block(String region) {
    String[] lines = region.split("\n");
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder block = new StringBuilder();
    for (String line : lines) {
      block.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return block.toString();
  }
}
