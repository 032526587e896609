package dev.blocks.delivery.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocks.delivery.DeliveryMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

  /** Holding at-least-once to "no duplicates" fails on some seed; that failure must shrink. */
  @Test
  void failingSchedule_shrinksToAOneMinimalListThatReplaysByteForByte() {
    SimConfig world = SimulationProperties.WORLD;
    for (long seed = 0; seed < 2_000; seed++) {
      List<Fault> faults = SimulationProperties.faultsOf(seed);
      long s = seed;
      Predicate<List<Fault>> duplicates =
          f -> Simulation.run(DeliveryMode.AT_LEAST_ONCE, world, s, f).duplicated() > 0;
      if (!duplicates.test(faults)) {
        continue;
      }
      List<Fault> shrunk = Shrinker.shrink(faults, duplicates);
      assertThat(faults).containsAll(shrunk);
      assertThat(duplicates.test(shrunk)).isTrue();
      for (int i = 0; i < shrunk.size(); i++) {
        List<Fault> less = new ArrayList<>(shrunk);
        less.remove(i);
        assertThat(duplicates.test(less)).as("without %s", shrunk.get(i)).isFalse();
      }
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      Simulation.run(DeliveryMode.AT_LEAST_ONCE, world, seed, shrunk, a);
      Simulation.run(DeliveryMode.AT_LEAST_ONCE, world, seed, shrunk, b);
      assertThat(b.toString()).isNotEmpty().isEqualTo(a.toString());
      return;
    }
    throw new AssertionError("no seed in 2000 made at-least-once duplicate");
  }

  @Test
  void shrink_passingSchedule_isRejected() {
    assertThatThrownBy(() -> Shrinker.shrink(List.of(), f -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("faults must fail to be shrunk, got []");
  }
}
