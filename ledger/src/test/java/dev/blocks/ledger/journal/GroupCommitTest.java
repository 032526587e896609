package dev.blocks.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

  /** Claims, fills with {@code value} and publishes one record; the caller serialises this. */
  static long publish(GroupCommit g, long value) {
    ByteBuffer b = g.claim();
    b.putLong(value).flip();
    return g.publish();
  }

  static List<Long> recovered(Path dir) {
    List<Long> out = new ArrayList<>();
    Journal.open(dir, b -> out.add(b.getLong())).close();
    return out;
  }

  @Test
  void concurrentCallers_everyAwaitedRecordIsDurableInTicketOrder_atMostOneForceEach(
      @TempDir Path tmp) throws Exception {
    Journal journal = Journal.open(tmp);
    GroupCommit g = new GroupCommit(journal, 4, 64);
    Object owner = new Object();
    int threads = 4;
    int each = 25;
    List<Thread> ts = new ArrayList<>();
    List<Long> order = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int k = 0; k < each; k++) {
                  long ticket;
                  synchronized (owner) {
                    ticket = publish(g, order.size() + 1L);
                    order.add(ticket);
                  }
                  g.awaitDurable(ticket);
                  assertThat(g.durableRecords()).isGreaterThanOrEqualTo(ticket);
                }
              });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join();
    }
    assertThat(g.durableRecords()).isEqualTo(threads * each);
    assertThat(g.forces()).isBetween(1L, (long) threads * each);
    g.close();
    journal.close();
    List<Long> expected = new ArrayList<>();
    for (long v = 1; v <= threads * each; v++) {
      expected.add(v);
    }
    assertThat(order).isEqualTo(expected);
    assertThat(recovered(tmp)).isEqualTo(expected);
  }

  @Test
  void fullRing_claimWaitsForTheJournalThread_andDrainCoversEverything(@TempDir Path tmp) {
    Journal journal = Journal.open(tmp);
    GroupCommit g = new GroupCommit(journal, 1, 16);
    for (long v = 1; v <= 20; v++) {
      assertThat(publish(g, v)).isEqualTo(v);
    }
    g.drain();
    assertThat(g.durableRecords()).isEqualTo(20);
    g.close();
    journal.close();
    assertThat(recovered(tmp)).hasSize(20).startsWith(1L, 2L).endsWith(20L);
  }

  @Test
  void ioFailure_failsTheWaiterAndEveryLaterCall(@TempDir Path tmp) {
    Journal journal = Journal.open(tmp);
    GroupCommit g = new GroupCommit(journal, 2, 16);
    g.awaitDurable(publish(g, 1));
    journal.close(); // the next append hits a closed channel
    long ticket = publish(g, 2);
    assertThatThrownBy(() -> g.awaitDurable(ticket))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal failed; record 2 not durable");
    assertThatThrownBy(g::claim)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal failed");
    assertThat(g.durableRecords()).isEqualTo(1);
    g.close();
  }

  @Test
  void closed_rejectsNewRecords(@TempDir Path tmp) {
    Journal journal = Journal.open(tmp);
    GroupCommit g = new GroupCommit(journal, 2, 16);
    g.close();
    g.close();
    assertThatThrownBy(g::claim)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is closed");
    journal.close();
  }

  @Test
  void badArguments_nameTheParameterAndValue(@TempDir Path tmp) {
    try (Journal journal = Journal.open(tmp)) {
      assertThatThrownBy(() -> new GroupCommit(journal, 0, 16))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("depth must be >= 1, got 0");
      assertThatThrownBy(() -> new GroupCommit(journal, 2, -5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("recordBytes must be >= 1, got -5");
      assertThatThrownBy(() -> new GroupCommit(null, 2, 16))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("journal");
    }
  }
}
