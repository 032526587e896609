package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalancePlanTest {

  @Test
  void planListsExactlyTheKeysWhoseNodeChanges() {
    qt().withExamples(30)
        .forAll(integers().between(1, 20), longs().all())
        .checkAssert(
            (n, seed) -> {
              List<Long> keys = Routers.keys(seed, 2000);
              ShardRouter<Long> before = ShardRouters.modulo(Routers.nodes(n));
              ShardRouter<Long> after = ShardRouters.ring(Routers.nodes(n + 1), 50);
              RebalancePlan<Long> plan = RebalancePlan.between(before, after, keys);
              long moved =
                  keys.stream().filter(k -> !before.route(k).equals(after.route(k))).count();
              assertThat(plan.moves()).hasSize((int) moved);
              assertThat(plan.keys()).isEqualTo(2000);
              assertThat(plan.movedFraction()).isEqualTo(moved / 2000.0);
              assertThat(plan.flows().values().stream().mapToLong(Long::longValue).sum())
                  .isEqualTo(moved);
              for (RebalancePlan.Move<Long> m : plan.moves()) {
                assertThat(m.from()).isEqualTo(before.route(m.key())).isNotEqualTo(m.to());
                assertThat(m.to()).isEqualTo(after.route(m.key()));
              }
            });
  }

  @Test
  void shardLoad_countsAndRatios() {
    Map<String, Long> loads = new LinkedHashMap<>();
    loads.put("a", 10L);
    loads.put("b", 30L);
    loads.put("c", 20L);
    ShardLoad load = new ShardLoad(loads);
    assertThat(load.total()).isEqualTo(60);
    assertThat(load.peakToMean()).isEqualTo(1.5);
    assertThat(load.minToMean()).isEqualTo(0.5);
    assertThat(load.hottest()).isEqualTo("b");
    loads.put("d", -1L);
    assertThatThrownBy(() -> new ShardLoad(loads))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("load of node \"d\" must be >= 0, got -1");
  }

  @Test
  void shardLoad_ofRouter_includesIdleNodes() {
    ShardLoad load = ShardLoad.of(ShardRouters.jump(List.of("a", "b")), List.of(1L));
    assertThat(load.loads()).containsOnlyKeys("a", "b");
    assertThat(load.total()).isEqualTo(1);
    assertThat(load.minToMean()).isZero();
  }
}
