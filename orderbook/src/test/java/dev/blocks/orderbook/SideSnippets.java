package dev.blocks.orderbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SideSnippets {

  @Test
  void crosses() {
    // @start region=crosses
    long bestAsk = 10_010; // 100.10 with a tick of 0.01
    boolean marketable = Side.BUY.crosses(10_011, bestAsk); // true: a buy at 100.11 takes it
    boolean passive = Side.BUY.crosses(10_009, bestAsk); // false: it rests in the book
    // @end
    assertThat(marketable).isTrue();
    assertThat(passive).isFalse();
  }
}
