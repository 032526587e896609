package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.blocks.core.sharding.Routers.Algorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardRouterTest {

  @Test
  void anyAlgorithm_noNodes_namesTheEmptyList() {
    for (Algorithm algorithm : Routers.all()) {
      assertThatThrownBy(() -> algorithm.over(List.of()))
          .as(algorithm.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("nodes must not be empty, got []");
    }
  }

  @Test
  void anyAlgorithm_duplicateNode_namesTheDuplicate() {
    for (Algorithm algorithm : Routers.all()) {
      assertThatThrownBy(() -> algorithm.over(List.of("a", "b", "a")))
          .as(algorithm.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("node ids must be unique, got duplicate \"a\" in [a, b, a]");
    }
  }

  @Test
  void anyAlgorithm_emptyNodeId_isRejected() {
    for (Algorithm algorithm : Routers.all()) {
      assertThatThrownBy(() -> algorithm.over(List.of("a", "")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("node ids must not be empty");
    }
  }

  @Test
  void anyAlgorithm_addingAPresentNode_isRejectedAndRouterUnchanged() {
    for (Algorithm algorithm : Routers.all()) {
      ShardRouter<Long> router = algorithm.over(Routers.nodes(3));
      assertThatThrownBy(() -> router.withNode("node-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("duplicate \"node-1\"");
      assertThat(router.nodes()).containsExactly("node-0", "node-1", "node-2");
    }
  }

  @Test
  void anyAlgorithm_removingAnAbsentOrTheOnlyNode_isRejected() {
    for (Algorithm algorithm : Routers.all()) {
      ShardRouter<Long> router = algorithm.over(Routers.nodes(2));
      assertThatThrownBy(() -> router.withoutNode("ghost"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("node must be present, got \"ghost\" not in [node-0, node-1]");
      ShardRouter<Long> single = algorithm.over(List.of("solo"));
      assertThatThrownBy(() -> single.withoutNode("solo"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the only node \"solo\"");
      assertThat(router.nodes()).containsExactly("node-0", "node-1");
    }
  }

  @Test
  void jump_removingANodeButTheLast_namesTheLastAndTheIndex() {
    for (JumpRouter<Long> router :
        List.of(
            ShardRouters.<Long>jump(Routers.nodes(4)),
            ShardRouters.<Long>jumpBack(Routers.nodes(4)))) {
      assertThatThrownBy(() -> router.withoutNode("node-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "jump routers can remove only the last node \"node-3\", got \"node-1\" at index 1");
      assertThat(router.withoutNode("node-3").nodes())
          .containsExactly("node-0", "node-1", "node-2");
    }
  }

  @Test
  void weighted_nonPositiveOrNonFiniteWeight_namesNodeAndValue() {
    qt().forAll(doubles().between(-1e9, 0))
        .checkAssert(
            w -> {
              Map<String, Double> weights = new LinkedHashMap<>();
              weights.put("a", 1.0);
              weights.put("b", w);
              String message = "weight of node \"b\" must be finite and > 0, got " + w;
              assertThatThrownBy(() -> ShardRouters.ring(weights, 10, KeyHasher.standard()))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage(message);
              assertThatThrownBy(() -> ShardRouters.rendezvous(weights, KeyHasher.standard()))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage(message);
            });
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      RingRouter<Long> ring = ShardRouters.ring(List.of("a"), 10);
      assertThatThrownBy(() -> ring.withNode("b", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("weight of node \"b\" must be finite and > 0, got " + bad);
      assertThat(ring.nodes()).containsExactly("a");
    }
  }

  @Test
  void weights_keepNodeOrderThroughAddAndRemove() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("z", 2.0);
    weights.put("a", 0.5);
    RingRouter<Long> ring = ShardRouters.ring(weights, 10, KeyHasher.standard());
    assertThat(ring.withNode("m", 3.0).weights())
        .containsExactly(Map.entry("z", 2.0), Map.entry("a", 0.5), Map.entry("m", 3.0));
    RendezvousRouter<Long> hrw = ShardRouters.rendezvous(weights, KeyHasher.standard());
    assertThat(hrw.withNode("m", 3.0).withoutNode("z").weights())
        .containsExactly(Map.entry("a", 0.5), Map.entry("m", 3.0));
  }

  @Test
  void boundedLoad_epsilonNotPositive_namesTheValue() {
    qt().forAll(doubles().between(-100, 0))
        .checkAssert(
            epsilon ->
                assertThatThrownBy(
                        () -> ShardRouters.boundedLoad(List.of("a"), epsilon, List.of(1L, 2L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("epsilon must be finite and > 0, got " + epsilon));
    assertThatThrownBy(() -> ShardRouters.boundedLoad(List.of("a"), Double.NaN, List.of(1L)))
        .hasMessage("epsilon must be finite and > 0, got NaN");
  }

  @Test
  void counts_belowOne_areRejectedWithTheValue() {
    qt().forAll(integers().between(-1000, 0))
        .checkAssert(
            bad -> {
              assertThatThrownBy(() -> ShardRouters.ring(List.of("a"), bad))
                  .hasMessage("virtualNodes must be >= 1, got " + bad);
              assertThatThrownBy(
                      () -> ShardRouters.multiProbe(List.of("a"), bad, KeyHasher.standard()))
                  .hasMessage("probes must be >= 1, got " + bad);
              assertThatThrownBy(() -> ShardRouters.maglev(List.of("a"), bad, KeyHasher.standard()))
                  .hasMessage("tableSize must be a prime >= the node count, got " + bad);
            });
  }

  @Test
  void maglev_tableSizeNotPrime_isRejected() {
    assertThatThrownBy(() -> ShardRouters.maglev(List.of("a", "b"), 100, KeyHasher.standard()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tableSize must be a prime >= the node count 2, got 100");
    assertThat(ShardRouters.maglev(List.of("a", "b"), 101, KeyHasher.standard()).tableSize())
        .isEqualTo(101);
  }

  @Test
  void maglev_defaultTable_isTheSmallestPrimeAboveHundredTimesNodes() {
    assertThat(ShardRouters.maglev(Routers.nodes(1000)).tableSize()).isEqualTo(100_003);
    assertThat(ShardRouters.maglev(Routers.nodes(100)).tableSize()).isEqualTo(10_007);
    assertThat(ShardRouters.maglev(Routers.nodes(100)).withNode("x").tableSize()).isEqualTo(10_007);
  }

  @Test
  void algorithm_namesItsParameters() {
    assertThat(ShardRouters.ring(List.of("a"), 7).algorithm()).isEqualTo("ring(7)");
    assertThat(ShardRouters.jumpBack(List.of("a")).algorithm()).isEqualTo("jump-back");
    assertThat(ShardRouters.multiProbe(List.of("a")).algorithm()).isEqualTo("multi-probe(21)");
  }

  @Test
  void route_nullKey_isRejected() {
    ShardRouter<Long> router = ShardRouters.jump(List.of("a"));
    assertThatThrownBy(() -> router.route(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void nodes_isImmutable() {
    List<String> input = new ArrayList<>(List.of("a", "b"));
    ShardRouter<Long> router = ShardRouters.rendezvous(input);
    input.add("c");
    assertThat(router.nodes()).containsExactly("a", "b");
    assertThatThrownBy(() -> router.nodes().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keyHasher_standard_hashesByValueAndSeed() {
    KeyHasher<Object> h = KeyHasher.standard();
    assertThat(h.hash("user-42")).isEqualTo(h.hash(new StringBuilder("user-42")));
    assertThat(h.hash(42L)).isEqualTo(h.hash(42)).isNotEqualTo(h.hash(43L));
    assertThat(KeyHasher.standard(1).hash("x")).isNotEqualTo(h.hash("x"));
    assertThat(h.hash(new byte[] {1, 2, 3}))
        .isEqualTo(KeyHasher.hashBytes(new byte[] {1, 2, 3}, 0));
  }
}
