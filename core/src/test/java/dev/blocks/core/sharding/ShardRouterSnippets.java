package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardRouterSnippets {

  @Test
  void route() {
    // @start region=route
    List<String> nodes = List.of("db-0", "db-1", "db-2", "db-3");
    ShardRouter<String> router = ShardRouters.jumpBack(nodes);
    String owner = router.route("user-42"); // one of the four, always the same one

    ShardRouter<String> grown = router.withNode("db-4"); // a new router; the old one is unchanged
    String after = grown.route("user-42"); // owner, or the new node "db-4"
    // @end
    assertThat(nodes).contains(owner);
    assertThat(after).isIn(owner, "db-4");
  }

  @Test
  void jumpBack() {
    // @start region=jumpBack
    long hash = KeyHasher.hashUtf8("order-1234", 0); // spread the key first
    int bucket = JumpBackHash.bucket(hash, 1000); // in [0, 1000), in constant expected time
    int grown = JumpBackHash.bucket(hash, 1001); // the same bucket, or the new bucket 1000
    // @end
    assertThat(grown).isIn(bucket, 1000);
  }

  @Test
  void hasher() {
    // @start region=hasher
    record Order(long customerId, long orderId) {}
    // route orders by customer, so that one customer's orders share a shard
    KeyHasher<Order> byCustomer = order -> KeyHasher.hashLong(order.customerId(), 0);
    HashRouter<Order> router = ShardRouters.ring(List.of("a", "b", "c"), 1000, byCustomer);
    // @end
    assertThat(router.route(new Order(7, 1))).isEqualTo(router.route(new Order(7, 2)));
  }

  @Test
  void range() {
    // @start region=range
    RangeRouter<String> users = RangeRouter.of(Comparator.naturalOrder(), "s0");
    users = users.split("h", "s1").split("p", "s2"); // [-∞,h) → s0, [h,p) → s1, [p,+∞) → s2
    String owner = users.route("kim"); // "s1"
    users = users.merge("p"); // [h,+∞) → s1
    // @end
    assertThat(owner).isEqualTo("s1");
    assertThat(users.route("zed")).isEqualTo("s1");
  }

  @Test
  void rebalance() {
    // @start region=rebalance
    List<Long> keys = IntStream.range(0, 10_000).mapToObj(i -> (long) i).toList();
    ShardRouter<Long> before = ShardRouters.rendezvous(List.of("a", "b", "c"));
    RebalancePlan<Long> plan = RebalancePlan.between(before, before.withNode("d"), keys);
    double moved = plan.movedFraction(); // about 1/4, every move ending on "d"
    // @end
    assertThat(moved).isBetween(0.2, 0.3);
    assertThat(plan.moves()).allSatisfy(m -> assertThat(m.to()).isEqualTo("d"));
  }

  @Test
  void load() {
    // @start region=load
    List<Long> sample = IntStream.range(0, 100_000).mapToObj(i -> (long) i).toList();
    ShardLoad load = ShardLoad.of(ShardRouters.maglev(List.of("a", "b", "c", "d")), sample);
    double peak = load.peakToMean(); // close to 1.0
    // @end
    assertThat(peak).isBetween(1.0, 1.05);
  }

  @Test
  void hot() {
    // @start region=hot
    HotKeys<String> hot = new HotKeys<>(100); // 100 counters, whatever the stream's size
    for (int i = 0; i < 100_000; i++) {
      hot.offer(i % 10 == 0 ? "celebrity" : "user-" + i);
    }
    HotKeys.Counted<String> top = hot.top(1).get(0); // "celebrity", counted 10,000 (± error)
    // @end
    assertThat(top.key()).isEqualTo("celebrity");
    assertThat(top.guaranteed()).isLessThanOrEqualTo(10_000).isGreaterThan(9_000);
    assertThat(hot.top(5).stream().map(HotKeys.Counted::key).collect(Collectors.toList()).get(0))
        .isEqualTo("celebrity");
  }
}
