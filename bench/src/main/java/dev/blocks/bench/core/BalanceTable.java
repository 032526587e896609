package dev.blocks.bench.core;

import dev.blocks.core.sharding.HashRouter;
import dev.blocks.core.sharding.JumpRouter;
import dev.blocks.core.sharding.KeyHasher;
import dev.blocks.core.sharding.ShardRouters;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Prints the balance table of BENCHMARKS.md: for every router at 100 and 1000 nodes over a stream
 * of random 64-bit keys, the peak/mean and min/mean keys per node, and the fraction of keys moved
 * when a node is added and when one is removed (the last node for jump routers, which can remove
 * only that one; the middle node otherwise), with the ideal minimum beside each.
 *
 * <p>Run: {@code java -Xmx3g -cp bench/target/benchmarks.jar dev.blocks.bench.core.BalanceTable
 * [keys]} (default 10,000,000 keys).
 */
public final class BalanceTable {

  private BalanceTable() {}

  /** A named router factory. */
  private record Algorithm(String name, Function<List<String>, HashRouter<Long>> factory) {}

  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    long seed = 42;
    KeyHasher<Long> identity = key -> key;
    List<Long> population = new KeyList(seed, keys);
    List<Algorithm> algorithms =
        List.of(
            new Algorithm("modulo", n -> ShardRouters.modulo(n, identity)),
            new Algorithm("ring, 100 vnodes", n -> ShardRouters.ring(n, 100, identity)),
            new Algorithm("ring, 1000 vnodes", n -> ShardRouters.ring(n, 1000, identity)),
            new Algorithm("rendezvous", n -> ShardRouters.rendezvous(n, identity)),
            new Algorithm("jump", n -> ShardRouters.jump(n, identity)),
            new Algorithm("jump-back", n -> ShardRouters.jumpBack(n, identity)),
            new Algorithm("maglev (M > 100 n)", n -> ShardRouters.maglev(n, prime(n), identity)),
            new Algorithm("multi-probe, 21 probes", n -> ShardRouters.multiProbe(n, 21, identity)),
            new Algorithm(
                "bounded-load, ε = 0.25",
                n -> ShardRouters.boundedLoad(n, 0.25, population, 100, identity)),
            new Algorithm(
                "bounded-load, ε = 0.05",
                n -> ShardRouters.boundedLoad(n, 0.05, population, 100, identity)));
    System.out.printf(
        Locale.ROOT,
        "%,d keys. Moved: fraction of all keys that change node; ideal add 1/(n+1), remove 1/n.%n%n",
        keys);
    System.out.println(
        "| algorithm | nodes | peak/mean | min/mean | moved on add | of which not to the new node"
            + " | moved on remove | of which not off the removed node |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : new int[] {100, 1000}) {
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        nodes.add("node-" + i);
      }
      for (Algorithm algorithm : algorithms) {
        HashRouter<Long> router = algorithm.factory().apply(nodes);
        HashRouter<Long> grown = router.withNode("added");
        String removed = router instanceof JumpRouter<Long> ? nodes.get(n - 1) : nodes.get(n / 2);
        int removedIndex = nodes.indexOf(removed);
        HashRouter<Long> shrunk = router.withoutNode(removed);
        long[] counts = new long[n];
        long movedAdd = 0;
        long strayAdd = 0;
        long movedRemove = 0;
        long strayRemove = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < keys; k++) {
          long key = random.nextLong();
          int owner = router.shardOf(key);
          counts[owner]++;
          String before = nodes.get(owner);
          String afterAdd = grown.nodes().get(grown.shardOf(key));
          if (!before.equals(afterAdd)) {
            movedAdd++;
            if (!afterAdd.equals("added")) {
              strayAdd++;
            }
          }
          String afterRemove = shrunk.nodes().get(shrunk.shardOf(key));
          if (!before.equals(afterRemove)) {
            movedRemove++;
            if (owner != removedIndex) {
              strayRemove++;
            }
          }
        }
        long max = 0;
        long min = Long.MAX_VALUE;
        for (long c : counts) {
          max = Math.max(max, c);
          min = Math.min(min, c);
        }
        double mean = (double) keys / n;
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.3f | %.3f | %.4f (ideal %.4f) | %.4f | %.4f (ideal %.4f) | %.4f |%n",
            algorithm.name(),
            n,
            max / mean,
            min / mean,
            (double) movedAdd / keys,
            1.0 / (n + 1),
            (double) strayAdd / keys,
            (double) movedRemove / keys,
            1.0 / n,
            (double) strayRemove / keys);
      }
    }
  }

  private static int prime(List<String> nodes) {
    long p = 100L * nodes.size() + 1;
    while (!isPrime(p)) {
      p++;
    }
    return (int) p;
  }

  private static boolean isPrime(long x) {
    for (long d = 2; d * d <= x; d++) {
      if (x % d == 0) {
        return false;
      }
    }
    return x > 1;
  }

  /** The key stream as a list, regenerated from the seed on every iteration, never stored. */
  private static final class KeyList extends AbstractList<Long> {
    private final long seed;
    private final int size;

    KeyList(long seed, int size) {
      this.seed = seed;
      this.size = size;
    }

    @Override
    public Long get(int index) {
      throw new UnsupportedOperationException("iterate the keys instead");
    }

    @Override
    public java.util.Iterator<Long> iterator() {
      SplittableRandom random = new SplittableRandom(seed);
      return new java.util.Iterator<>() {
        int left = size;

        @Override
        public boolean hasNext() {
          return left > 0;
        }

        @Override
        public Long next() {
          left--;
          return random.nextLong();
        }
      };
    }

    @Override
    public int size() {
      return size;
    }
  }
}
