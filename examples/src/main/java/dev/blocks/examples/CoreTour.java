package dev.blocks.examples;

import dev.blocks.core.sharding.JumpHash;
import java.io.PrintStream;
import java.util.SplittableRandom;

/** Tour section for blocks-core. */
final class CoreTour implements TourSection {

  @Override
  public String title() {
    return "core";
  }

  @Override
  public void run(PrintStream out) {
    int keys = 100_000;
    int[] before = new int[10];
    int moved = 0;
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < keys; i++) {
      long key = random.nextLong();
      int a = JumpHash.bucket(key, 10);
      before[a]++;
      if (JumpHash.bucket(key, 11) != a) {
        moved++;
      }
    }
    int max = 0;
    for (int c : before) {
      max = Math.max(max, c);
    }
    out.printf(
        "Jump consistent hash: %,d keys on 10 shards, peak/mean %.3f; adding an 11th shard moved"
            + " %.2f%% of keys (ideal 1/11 = 9.09%%).%n",
        keys, max / (keys / 10.0), 100.0 * moved / keys);
    out.println(
        "Not built yet: retry and backoff, idempotency, rate limiting (issue 3); the other sharding"
            + " routers and read replicas (issue 4).");
  }
}
