package dev.blocks.orderbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderIndexProperties {

  /** Puts (absent keys) and removes in random order agree with a HashMap, including key edges. */
  @Test
  void behavesLikeAHashMap() {
    qt().withExamples(100)
        .forAll(
            lists()
                .of(
                    longs()
                        .between(-40, 40)
                        .mix(longs().all(), 10)
                        .mix(longs().between(Long.MAX_VALUE - 2, Long.MAX_VALUE), 5))
                .ofSizeBetween(0, 200),
            integers().between(1, 64))
        .checkAssert(
            (keys, capacity) -> {
              OrderIndex index = new OrderIndex(capacity);
              Map<Long, Integer> model = new HashMap<>();
              int value = 0;
              for (long k : keys) {
                if (model.containsKey(k)) {
                  index.remove(k);
                  model.remove(k);
                } else if (model.size() < capacity) {
                  if ((value & 1) == 0) {
                    index.put(k, value);
                  } else {
                    int bucket = index.find(k);
                    assertThat(index.valueAt(bucket)).isEqualTo(OrderIndex.MISSING);
                    index.putAt(bucket, k, value);
                  }
                  model.put(k, value++);
                }
                assertThat(index.size()).isEqualTo(model.size());
                for (long probe : keys) {
                  assertThat(index.get(probe))
                      .as("get(%d)", probe)
                      .isEqualTo(model.getOrDefault(probe, OrderIndex.MISSING));
                }
              }
            });
  }
}
