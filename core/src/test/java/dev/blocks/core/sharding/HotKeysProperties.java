package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HotKeysProperties {

  /** Zipf-like stream: key k drawn with probability proportional to 1/(k+1). */
  private static int skewed(SplittableRandom random, int universe) {
    double u = random.nextDouble();
    return (int) Math.min(universe - 1, Math.floor(Math.exp(u * Math.log(universe + 1.0)) - 1));
  }

  @Test
  void estimatesBracketTrueCountsAndFrequentKeysAreNeverMissed() {
    qt().withExamples(40)
        .forAll(integers().between(1, 64), integers().between(1, 5000), longs().all())
        .checkAssert(
            (capacity, length, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              HotKeys<Integer> hot = new HotKeys<>(capacity);
              Map<Integer, Long> exact = new HashMap<>();
              for (int i = 0; i < length; i++) {
                int key = skewed(random, 500);
                hot.offer(key);
                exact.merge(key, 1L, Long::sum);
              }
              List<HotKeys.Counted<Integer>> top = hot.top(capacity);
              assertThat(top.size()).isLessThanOrEqualTo(capacity);
              for (HotKeys.Counted<Integer> c : top) {
                long truth = exact.get(c.key());
                assertThat(c.guaranteed()).isLessThanOrEqualTo(truth);
                assertThat(c.count()).isGreaterThanOrEqualTo(truth);
              }
              for (int i = 0; i + 1 < top.size(); i++) {
                assertThat(top.get(i).count()).isGreaterThanOrEqualTo(top.get(i + 1).count());
              }
              for (Map.Entry<Integer, Long> e : exact.entrySet()) {
                if (e.getValue() > length / capacity) {
                  assertThat(top).extracting(HotKeys.Counted::key).contains(e.getKey());
                }
              }
              assertThat(hot.offered()).isEqualTo((long) length);
            });
  }

  @Test
  void badArguments_areRejectedAndStateIsUnchanged() {
    assertThatThrownBy(() -> new HotKeys<String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 1, got 0");
    HotKeys<String> hot = new HotKeys<>(2);
    hot.offer("a");
    assertThatThrownBy(() -> hot.offer("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be >= 1, got 0");
    assertThatThrownBy(() -> hot.top(-1)).hasMessage("k must be >= 0, got -1");
    assertThat(hot.offered()).isEqualTo(1);
    assertThat(hot.top(2)).extracting(HotKeys.Counted::count).containsExactly(1L);
  }
}
