package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryModeSnippets {

  @Test
  void choose() {
    // @start region=choose
    DeliveryMode payments = DeliveryMode.cheapest(false, false); // EXACTLY_ONCE
    DeliveryMode metrics = DeliveryMode.cheapest(true, false); // AT_MOST_ONCE
    // @end
    assertThat(payments).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    assertThat(metrics).isEqualTo(DeliveryMode.AT_MOST_ONCE);
  }
}
