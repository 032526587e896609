package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerSnippets {

  @TempDir Path dir;

  @Test
  void recover() throws IOException {
    long before;
    // @start region=recover
    Path journal = dir.resolve("orders.journal");
    MatchingEngine engine = MatchingEngine.builder().capacity(1_000).build();
    try (Sequencer sequencer = Sequencer.open(journal, engine, true)) {
      OrderRequest r = new OrderRequest();
      sequencer.submit(r.clear().orderId(1).side(Side.SELL).limit(10_010).quantity(200));
      sequencer.submit(r.clear().orderId(2).side(Side.BUY).market(10_020).quantity(50));
      sequencer.commit(); // one force for both commands: now they are durable
    }
    // After a restart (or a crash): replaying the journal rebuilds the same book.
    MatchingEngine recovered = MatchingEngine.builder().capacity(1_000).build();
    try (Sequencer sequencer = Sequencer.open(journal, recovered, true)) {
      // sequencer.lastSequence() == 2; recovered.stateHash() == engine.stateHash()
      // @end
      assertThat(sequencer.lastSequence()).isEqualTo(2);
      before = engine.stateHash();
    }
    assertThat(recovered.stateHash()).isEqualTo(before);
    assertThat(recovered.remainingQuantity(1)).isEqualTo(150);
  }
}
