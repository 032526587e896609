package dev.blocks.delivery.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.delivery.DeliveryMode;
import dev.blocks.delivery.sim.Simulation.ExactlyOnceSink;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulationProperties {

  static final int SCHEDULES = 10_000;
  static final SimConfig WORLD = SimConfig.small();

  /** The schedule of one seed: 0 to 8 random faults. */
  static List<Fault> faultsOf(long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    return Simulation.randomFaults(rng, WORLD, rng.nextInt(9));
  }

  /**
   * Runs {@link #SCHEDULES} seeded schedules; on the first violation, shrinks its faults, reruns
   * the shrunk schedule twice to show it replays byte for byte, and fails with the seed and the
   * list.
   */
  static void holdsFor(DeliveryMode mode) {
    holdsFor(mode, ExactlyOnceSink.TRANSACTIONAL);
  }

  static void holdsFor(DeliveryMode mode, ExactlyOnceSink sink) {
    for (long seed = 0; seed < SCHEDULES; seed++) {
      List<Fault> faults = faultsOf(seed);
      SimReport r = Simulation.run(mode, WORLD, seed, faults, sink);
      if (!r.violations().isEmpty()) {
        long s = seed;
        List<Fault> shrunk =
            Shrinker.shrink(
                faults, f -> !Simulation.run(mode, WORLD, s, f, sink).violations().isEmpty());
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        SimReport a = Simulation.run(mode, WORLD, seed, shrunk, sink, first);
        SimReport b = Simulation.run(mode, WORLD, seed, shrunk, sink, second);
        assertThat(second.toString()).isEqualTo(first.toString());
        assertThat(b).isEqualTo(a);
        throw new AssertionError(
            mode
                + " ("
                + sink
                + " sink) violated "
                + a.violations()
                + " with seed "
                + seed
                + " and shrunk faults "
                + shrunk
                + "\nreport "
                + a
                + "\ntrace:\n"
                + first);
      }
    }
  }

  @Test
  void atMostOnceNeverDuplicates() {
    holdsFor(DeliveryMode.AT_MOST_ONCE);
  }

  @Test
  void atLeastOnceNeverLosesAnAcknowledgedMessage() {
    holdsFor(DeliveryMode.AT_LEAST_ONCE);
  }

  @Test
  void exactlyOnceNeitherLosesNorDuplicatesNorReorders() {
    holdsFor(DeliveryMode.EXACTLY_ONCE);
  }

  /** The same for the idempotent sink over blocks-core's idempotency store. */
  @Test
  void exactlyOnceThroughTheCoreIdempotencyStoreNeitherLosesNorDuplicatesNorReorders() {
    holdsFor(DeliveryMode.EXACTLY_ONCE, ExactlyOnceSink.IDEMPOTENT_STORE);
  }
}
