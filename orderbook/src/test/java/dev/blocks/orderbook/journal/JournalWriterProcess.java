package dev.blocks.orderbook.journal;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link JournalCrashTest}: appends a deterministic command stream (from a seed)
 * through a sequencer, committing every 8 commands and printing the count after each commit, until
 * it is killed. With a third argument {@code background} it uses the background flusher instead and
 * prints the durable sequence number whenever it advances (what a gateway would acknowledge).
 */
public final class JournalWriterProcess {
  private JournalWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    boolean background = args.length > 2 && args[2].equals("background");
    MatchingEngine engine = MatchingEngine.builder().capacity(1 << 16).build();
    if (background) {
      // Group commit every 8 commands on the flusher thread; acknowledge what is durable.
      try (Sequencer s =
          Sequencer.builder(file, engine).background(true).groupCommit(8, 1 << 20).open()) {
        Script script = new Script(seed);
        long acknowledged = 0;
        while (true) {
          script.next(s);
          long durable = s.durableSequence();
          if (durable > acknowledged) {
            acknowledged = durable;
            System.out.println("committed " + durable);
            System.out.flush();
          }
        }
      }
    }
    try (Sequencer s = Sequencer.open(file, engine, true)) {
      Script script = new Script(seed);
      for (long n = 1; ; n++) {
        script.next(s);
        if (n % 8 == 0) {
          s.commit();
          System.out.println("committed " + n);
          System.out.flush();
        }
      }
    }
  }

  /** The i-th command of a seeded stream, applied through a sequencer or straight to an engine. */
  static final class Script {
    private final SplittableRandom random;
    private final OrderRequest r = new OrderRequest();
    private long nextId = 1;

    Script(long seed) {
      random = new SplittableRandom(seed);
    }

    void next(Sequencer s) {
      int k = random.nextInt(10);
      if (k < 3 && nextId > 1) {
        s.cancel(1 + random.nextLong(nextId - 1));
        return;
      }
      r.clear()
          .orderId(nextId++)
          .owner(random.nextInt(4))
          .side(random.nextBoolean() ? Side.BUY : Side.SELL);
      if (k == 9) {
        r.market(r.side() == Side.BUY ? 1_100 : 900);
      } else {
        r.limit(990 + random.nextInt(21));
      }
      s.submit(r.quantity(1 + random.nextInt(50)));
    }
  }
}
