package dev.blocks.delivery.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.delivery.DeliveryMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationSnippets {

  @Test
  void simulate() {
    // @start region=simulate
    List<Fault> faults =
        List.of(
            new Fault(10, Fault.Kind.CRASH_AFTER_PROCESSING, 0),
            new Fault(20, Fault.Kind.LOST_ACK, 0),
            new Fault(0, Fault.Kind.POISON_MESSAGE, 3));
    SimReport r = Simulation.run(DeliveryMode.EXACTLY_ONCE, SimConfig.small(), 42L, faults);
    // r.lost() == 0, r.duplicated() == 0, r.deadLettered() == 1; same seed, same run
    // @end
    assertThat(r.violations()).isEmpty();
    assertThat(r.deadLettered()).isEqualTo(1);
    assertThat(Simulation.run(DeliveryMode.EXACTLY_ONCE, SimConfig.small(), 42L, faults))
        .isEqualTo(r);
  }
}
