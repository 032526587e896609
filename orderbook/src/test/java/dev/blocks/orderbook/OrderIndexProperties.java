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

  /**
   * Puts (absent keys) and removes in random order agree with a HashMap, including key edges; each
   * key maps to a pool slot whose record holds it (the index stores no keys), slots are reused LIFO
   * after removal with other ids, and the record-free search by key and slot (for the key its
   * record holds) finds an entry exactly when that key is mapped to that slot. Small tables (32
   * buckets) and keys in [-40, 40] put many keys on the same home bucket, where only the records
   * tell them apart.
   */
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
            integers().between(1, 64),
            integers().between(0, 2))
        .checkAssert(
            (keys, capacity, farCase) -> {
              OrderPool pool = new OrderPool(capacity);
              // far 1 or 2: most entries away from home store no distance (recomputed from
              // records).
              int far = farCase == 0 ? OrderIndex.FAR : farCase;
              OrderIndex index = new OrderIndex(capacity, pool, far);
              Map<Long, Integer> model = new HashMap<>();
              int puts = 0;
              for (long k : keys) {
                if (model.containsKey(k)) {
                  int slot = model.remove(k);
                  if ((puts & 2) == 0) {
                    index.remove(k);
                  } else {
                    int bucket = index.find(k, slot);
                    assertThat(bucket).isEqualTo(index.find(k));
                    index.removeAt(bucket);
                  }
                  pool.free(slot);
                } else if (model.size() < capacity) {
                  int slot = pool.allocate();
                  pool.init(slot, k, 0, 1, 1, 0, 0);
                  if ((puts & 1) == 0) {
                    index.put(k, slot);
                  } else {
                    int bucket = index.find(k);
                    assertThat(index.valueAt(bucket)).isEqualTo(OrderIndex.MISSING);
                    index.putAt(bucket, k, slot);
                  }
                  model.put(k, slot);
                  puts++;
                }
                assertThat(index.size()).isEqualTo(model.size());
                for (long probe : keys) {
                  assertThat(index.get(probe))
                      .as("get(%d)", probe)
                      .isEqualTo(model.getOrDefault(probe, OrderIndex.MISSING));
                }
                // The search by key and slot, for the key its record holds (freed slots keep their
                // last key), finds an entry exactly when the model maps that key to that slot.
                for (int slot = 0; slot < capacity; slot++) {
                  long key = pool.id(slot);
                  assertThat(index.find(key, slot) >= 0)
                      .as("find(%d, %d)", key, slot)
                      .isEqualTo(model.getOrDefault(key, OrderIndex.MISSING) == slot);
                }
              }
            });
  }
}
