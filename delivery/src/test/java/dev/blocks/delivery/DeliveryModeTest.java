package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryModeTest {

  @Test
  void onlyAtMostOnce_commitsBeforeProcessing_andMayLose() {
    for (DeliveryMode m : DeliveryMode.values()) {
      assertThat(m.mayLose()).isEqualTo(m.commitsBeforeProcessing());
    }
  }

  @Test
  void exactlyOnce_neitherLosesNorDuplicates() {
    assertThat(DeliveryMode.EXACTLY_ONCE.mayLose()).isFalse();
    assertThat(DeliveryMode.EXACTLY_ONCE.mayDuplicate()).isFalse();
  }

  @Test
  void noModeBothLosesAndDuplicates() {
    for (DeliveryMode m : DeliveryMode.values()) {
      assertThat(m.mayLose() && m.mayDuplicate()).as("%s", m).isFalse();
    }
  }

  @Test
  void cheapest_givesAtLeastTheRequestedGuarantees() {
    for (boolean loss : new boolean[] {false, true}) {
      for (boolean dup : new boolean[] {false, true}) {
        DeliveryMode m = DeliveryMode.cheapest(loss, dup);
        assertThat(!m.mayLose() || loss).as("loss=%s dup=%s -> %s", loss, dup, m).isTrue();
        assertThat(!m.mayDuplicate() || dup).as("loss=%s dup=%s -> %s", loss, dup, m).isTrue();
      }
    }
    assertThat(DeliveryMode.cheapest(false, false)).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    assertThat(DeliveryMode.cheapest(false, true)).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
    assertThat(DeliveryMode.cheapest(true, false)).isEqualTo(DeliveryMode.AT_MOST_ONCE);
  }
}
