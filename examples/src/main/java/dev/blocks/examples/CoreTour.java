package dev.blocks.examples;

import dev.blocks.core.replica.ReadPolicy;
import dev.blocks.core.replica.ReadRoute;
import dev.blocks.core.replica.ReplicaRouter;
import dev.blocks.core.replica.Session;
import dev.blocks.core.replica.SimulatedReplication;
import dev.blocks.core.sharding.HashRouter;
import dev.blocks.core.sharding.KeyHasher;
import dev.blocks.core.sharding.ShardRouters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Tour section for blocks-core: sharding routers side by side, then read-your-writes replicas. */
final class CoreTour implements TourSection {

  @Override
  public String title() {
    return "core";
  }

  @Override
  public void run(PrintStream out) {
    shard(out);
    replicas(out);
  }

  private static void shard(PrintStream out) {
    int keys = 1_000_000;
    long[] hashes = new long[keys];
    KeyHasher<Object> hasher = KeyHasher.standard();
    for (int i = 0; i < keys; i++) {
      hashes[i] = hasher.hash("user-" + i);
    }
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add("db-" + i);
    }
    List<HashRouter<String>> routers =
        List.of(
            ShardRouters.modulo(nodes),
            ShardRouters.ring(nodes, 1000),
            ShardRouters.jumpBack(nodes),
            ShardRouters.maglev(nodes));
    out.printf("%,d keys \"user-0\"... on 10 nodes, then an 11th node \"db-10\" joins:%n", keys);
    out.printf(
        "  %-16s %10s %10s %12s %18s%n",
        "router", "peak/mean", "min/mean", "moved", "moved elsewhere");
    for (HashRouter<String> router : routers) {
      HashRouter<String> grown = router.withNode("db-10");
      int[] counts = new int[10];
      int moved = 0;
      int elsewhere = 0;
      for (long hash : hashes) {
        int before = router.shardOf(hash);
        int after = grown.shardOf(hash);
        counts[before]++;
        if (before != after) {
          moved++;
          if (after != 10) {
            elsewhere++;
          }
        }
      }
      int max = 0;
      int min = Integer.MAX_VALUE;
      for (int c : counts) {
        max = Math.max(max, c);
        min = Math.min(min, c);
      }
      double mean = keys / 10.0;
      out.printf(
          "  %-16s %10.3f %10.3f %11.2f%% %17.2f%%%n",
          router.algorithm(),
          max / mean,
          min / mean,
          100.0 * moved / keys,
          100.0 * elsewhere / keys);
    }
    out.println(
        "  (ideal movement 1/11 = 9.09%, all to the new node; \"moved elsewhere\" is movement"
            + " between old nodes)");
  }

  private static void replicas(PrintStream out) {
    long[] now = {0};
    SimulatedReplication db =
        new SimulatedReplication("primary", List.of("replica-a", "replica-b"), () -> now[0]);
    db.setLag("replica-a", Duration.ofSeconds(3));
    db.setLag("replica-b", Duration.ofMillis(20));
    ReplicaRouter router =
        ReplicaRouter.builder()
            .primary("primary")
            .replicas(List.of("replica-a", "replica-b"))
            .positions(db)
            .policy(ReadPolicy.WAIT_FOR_REPLICA)
            .waitTimeout(Duration.ofMillis(100), Duration.ofMillis(5))
            .time(() -> now[0], nanos -> now[0] += nanos)
            .build();
    for (int i = 0; i < 50; i++) {
      db.append(); // other clients' writes
      now[0] += Duration.ofMillis(10).toNanos();
    }
    Session alice = router.newSession();
    long token = router.write(alice, node -> db.append());
    out.printf(
        "Alice writes on the primary: token %d. replica-a is at %d (3 s behind), replica-b at %d"
            + " (20 ms behind).%n",
        token, db.position("replica-a"), db.position("replica-b"));
    long before = now[0];
    ReadRoute read = router.read(alice);
    out.printf(
        "Her next read (wait-for-replica policy) waited %d ms of simulated time and went to %s at"
            + " position %d (%s): it sees her write, and the lagging replica-a was passed over.%n",
        (now[0] - before) / 1_000_000, read.node(), read.position(), read.reason());
  }
}
