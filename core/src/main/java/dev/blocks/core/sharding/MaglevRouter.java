package dev.blocks.core.sharding;

import java.util.List;

/**
 * Maglev hashing: a lookup table of prime size {@code M} filled by letting every node claim slots
 * along its own pseudo-random permutation, round-robin, so each node owns {@code M/n} slots give or
 * take one; a key's node is one table read.
 *
 * <p>From Daniel Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer"
 * (NSDI 2016), section 3.4. The default table size is the smallest prime above {@code 100 × n}, as
 * the paper recommends, so peak/mean stays within about 1%. The table keeps its size when nodes are
 * added or removed (a new size would reshuffle every key), so a router that grows far beyond its
 * first node count should be rebuilt with a larger table, and at most {@code M} nodes fit. Maglev
 * trades minimal disruption for balance: adding or removing a node also moves a small fraction of
 * the other nodes' keys between them (the balance table in BENCHMARKS.md reports it).
 *
 * <p>Immutable and thread-safe; {@link #shardOf(long)} allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class MaglevRouter<K> extends HashRouter<K> {

  private final int[] table;

  MaglevRouter(List<String> nodes, int tableSize, KeyHasher<? super K> hasher) {
    super(nodes, hasher);
    int m = tableSize == 0 ? smallestPrimeAbove(100L * nodeIds.length) : tableSize;
    if (!isPrime(m) || m < nodeIds.length) {
      throw new IllegalArgumentException(
          "tableSize must be a prime >= the node count " + nodeIds.length + ", got " + tableSize);
    }
    this.table = populate(nodeIds, m);
  }

  static int[] populate(String[] nodeIds, int m) {
    int n = nodeIds.length;
    long[] offset = new long[n];
    long[] skip = new long[n];
    long[] next = new long[n];
    for (int i = 0; i < n; i++) {
      offset[i] = Long.remainderUnsigned(Nodes.nodeHash(nodeIds[i], -2), m);
      skip[i] = Long.remainderUnsigned(Nodes.nodeHash(nodeIds[i], -3), m - 1L) + 1;
    }
    int[] entry = new int[m];
    java.util.Arrays.fill(entry, -1);
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        int c = (int) ((offset[i] + next[i] * skip[i]) % m);
        while (entry[c] >= 0) {
          next[i]++;
          c = (int) ((offset[i] + next[i] * skip[i]) % m);
        }
        entry[c] = i;
        next[i]++;
        if (++filled == m) {
          return entry;
        }
      }
    }
  }

  static boolean isPrime(long x) {
    if (x < 2) {
      return false;
    }
    if (x % 2 == 0) {
      return x == 2;
    }
    for (long d = 3; d * d <= x; d += 2) {
      if (x % d == 0) {
        return false;
      }
    }
    return true;
  }

  static int smallestPrimeAbove(long x) {
    long p = x + 1;
    while (!isPrime(p)) {
      p++;
    }
    if (p > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Maglev table size must fit an int array, got " + p);
    }
    return (int) p;
  }

  @Override
  public int shardOf(long keyHash) {
    return table[Nodes.fastRange(keyHash, table.length)];
  }

  /**
   * Returns the lookup table's size, a prime.
   *
   * @return the table size
   */
  public int tableSize() {
    return table.length;
  }

  @Override
  public MaglevRouter<K> withNode(String node) {
    return new MaglevRouter<>(Nodes.plus(nodes, node), table.length, hasher);
  }

  @Override
  public MaglevRouter<K> withoutNode(String node) {
    return new MaglevRouter<>(Nodes.minus(nodes, node), table.length, hasher);
  }

  @Override
  public String algorithm() {
    return "maglev(" + table.length + ")";
  }
}
