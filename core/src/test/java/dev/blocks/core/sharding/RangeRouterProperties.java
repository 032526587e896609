package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RangeRouterProperties {

  /** Random split / merge / add / remove steps on integer keys in [0, 1000). */
  @Test
  void boundariesStayDisjointAndCompleteThroughSplitsAndMerges() {
    qt().withExamples(25)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              RangeRouter<Integer> router = RangeRouter.of(Comparator.naturalOrder(), "n0");
              int fresh = 1;
              for (int step = 0; step < 40; step++) {
                RangeRouter<Integer> before = router;
                List<Integer> bounds = router.boundaries();
                int drawn = random.nextInt(4);
                int op = drawn == 1 && bounds.isEmpty() ? 0 : drawn;
                String removed = null;
                if (op == 0) {
                  int at = random.nextInt(1000);
                  if (bounds.contains(at)) {
                    continue;
                  }
                  String node =
                      random.nextBoolean()
                          ? "n" + fresh++
                          : router.nodes().get(random.nextInt(router.nodes().size()));
                  router = router.split(at, node);
                  assertThat(router.route(at)).isEqualTo(node);
                  if (at > 0) {
                    assertThat(router.route(at - 1)).isEqualTo(before.route(at - 1));
                  }
                } else if (op == 1) {
                  int at = bounds.get(random.nextInt(bounds.size()));
                  router = router.merge(at);
                  assertThat(router.route(at)).isEqualTo(before.route(at - 1));
                } else if (op == 2) {
                  router = router.withNode("n" + fresh++);
                } else if (router.nodes().size() > 1) {
                  removed = router.nodes().get(random.nextInt(router.nodes().size()));
                  router = router.withoutNode(removed);
                }
                checkComplete(router);
                for (int key = -5; key < 1005; key += 7) {
                  String from = before.route(key);
                  String to = router.route(key);
                  assertThat(router.nodes()).contains(to);
                  assertThat(to).isEqualTo(model(router, key));
                  if (op >= 2) {
                    assertThat(from.equals(to) || from.equals(removed)).isTrue();
                  }
                }
              }
            });
  }

  private static void checkComplete(RangeRouter<Integer> router) {
    List<KeyRange<Integer>> ranges = router.ranges();
    assertThat(ranges.get(0).lower()).isEmpty();
    assertThat(ranges.get(ranges.size() - 1).upper()).isEmpty();
    for (int i = 0; i + 1 < ranges.size(); i++) {
      Optional<Integer> upper = ranges.get(i).upper();
      assertThat(upper).isPresent().isEqualTo(ranges.get(i + 1).lower());
      if (ranges.get(i).lower().isPresent()) {
        assertThat(ranges.get(i).lower().get()).isLessThan(upper.get());
      }
    }
  }

  /** Linear scan: the last range whose lower bound is at or below the key. */
  private static String model(RangeRouter<Integer> router, int key) {
    String owner = null;
    for (KeyRange<Integer> range : router.ranges()) {
      if (range.lower().isEmpty() || range.lower().get() <= key) {
        owner = range.node();
      }
    }
    return owner;
  }

  @Test
  void badBoundariesAndOwners_areRejectedWithTheValues() {
    Comparator<Integer> order = Comparator.naturalOrder();
    assertThatThrownBy(() -> RangeRouter.of(order, List.of(5, 5), List.of("a", "b", "c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boundaries must be strictly increasing, got 5 then 5");
    assertThatThrownBy(() -> RangeRouter.of(order, List.of(5), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owners must number boundaries + 1 = 2, got 1 owners [a]");
    RangeRouter<Integer> router = RangeRouter.of(order, List.of(10), List.of("a", "b"));
    assertThatThrownBy(() -> router.split(10, "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("split point must not already be a boundary, got 10");
    assertThatThrownBy(() -> router.merge(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("merge point must be a boundary, got 11");
    assertThat(router.ranges()).hasSize(2);
  }

  @Test
  void ranges_iterateInKeyOrder() {
    RangeRouter<Integer> router =
        RangeRouter.<Integer>of(Comparator.naturalOrder(), "a").split(50, "b").split(20, "c");
    List<String> owners = new ArrayList<>();
    for (KeyRange<Integer> range : router.ranges()) {
      owners.add(range.node());
    }
    assertThat(owners).containsExactly("a", "c", "b");
    assertThat(router.rangeOf(30).toString()).isEqualTo("[20, 50) → c");
  }
}
