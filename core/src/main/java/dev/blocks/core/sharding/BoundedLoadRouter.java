package dev.blocks.core.sharding;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Consistent hashing with bounded loads: keys of a known population are placed one by one on a ring
 * with virtual nodes, each going to the first node clockwise whose load is below the capacity
 * {@code ⌈(1+ε)·m/n⌉} for {@code m} keys on {@code n} nodes, so no node ever holds more than that.
 *
 * <p>From Vahab Mirrokni, Mikkel Thorup and Morteza Zadimoghaddam, "Consistent Hashing with Bounded
 * Loads" (SODA 2018). The paper places balls as they arrive; here the population is given up front
 * and placed in ascending hash order, which makes the placement a pure function of the key set and
 * the node set. The bound holds by construction ({@link #capacity()}), for any key population. The
 * price is extra movement when nodes change: keys displaced by a full node shift further, about
 * {@code O(1/ε²)} times the minimal amount in the paper's analysis; the balance table in
 * BENCHMARKS.md reports it.
 *
 * <p>Keys outside the population are routed like a new arrival that is not counted: to the first
 * node clockwise whose load is below capacity. Distinct keys whose 64-bit hashes collide count
 * once. Memory: 12 bytes per population key.
 *
 * <p>Immutable and thread-safe; {@link #shardOf(long)} allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class BoundedLoadRouter<K> extends HashRouter<K> {

  private final double epsilon;
  private final int virtualNodes;
  private final long[] keyHashes;
  private final int[] owners;
  private final int[] loads;
  private final int capacity;
  private final Ring ring;

  BoundedLoadRouter(
      List<String> nodes,
      double epsilon,
      int virtualNodes,
      long[] distinctSortedHashes,
      KeyHasher<? super K> hasher) {
    super(nodes, hasher);
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
    }
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtualNodes must be >= 1, got " + virtualNodes);
    }
    if ((long) nodeIds.length * virtualNodes > 1 << 27 || nodeIds.length > Ring.MAX_OWNERS) {
      throw new IllegalArgumentException(
          "nodes × virtualNodes must be at most 2^27, got " + nodeIds.length * (long) virtualNodes);
    }
    this.epsilon = epsilon;
    this.virtualNodes = virtualNodes;
    this.keyHashes = distinctSortedHashes;
    int n = nodeIds.length;
    long[] entries = new long[n * virtualNodes];
    for (int i = 0, e = 0; i < n; i++) {
      for (int v = 0; v < virtualNodes; v++) {
        entries[e++] = Ring.entry(Nodes.nodeHash(nodeIds[i], v), i);
      }
    }
    this.ring = new Ring(entries);
    this.capacity = capacity(keyHashes.length, n, epsilon);
    this.loads = new int[n];
    this.owners = new int[keyHashes.length];
    for (int k = 0; k < keyHashes.length; k++) {
      int owner = firstWithRoom(keyHashes[k]);
      owners[k] = owner;
      loads[owner]++;
    }
  }

  static int capacity(long keys, int nodes, double epsilon) {
    double c = Math.ceil((1 + epsilon) * keys / nodes);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, c));
  }

  static long[] distinctSortedHashes(Iterable<?> keys, KeyHasher<Object> hasher) {
    Objects.requireNonNull(keys, "keys");
    long[] hashes = new long[16];
    int size = 0;
    for (Object key : keys) {
      if (size == hashes.length) {
        hashes = Arrays.copyOf(hashes, size * 2);
      }
      hashes[size++] = hasher.hash(Objects.requireNonNull(key, "key"));
    }
    Arrays.sort(hashes, 0, size);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (distinct == 0 || hashes[distinct - 1] != hashes[i]) {
        hashes[distinct++] = hashes[i];
      }
    }
    return Arrays.copyOf(hashes, distinct);
  }

  private int firstWithRoom(long keyHash) {
    int start = ring.successor(Ring.keyPosition(keyHash));
    int size = ring.size();
    for (int step = 0, i = start; step < size; step++) {
      int owner = Ring.owner(ring.entryAt(i));
      if (loads[owner] < capacity) {
        return owner;
      }
      if (++i == size) {
        i = 0;
      }
    }
    return Ring.owner(ring.entryAt(start));
  }

  @Override
  public int shardOf(long keyHash) {
    int index = Arrays.binarySearch(keyHashes, keyHash);
    return index >= 0 ? owners[index] : firstWithRoom(keyHash);
  }

  /**
   * Returns the most keys of the population any node holds: {@code ⌈(1+ε)·m/n⌉}.
   *
   * @return the per-node capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns how many population keys node {@code index} holds.
   *
   * @param index the node's index in {@link #nodes()}
   * @return its load, at most {@link #capacity()}
   */
  public int load(int index) {
    return loads[Objects.checkIndex(index, loads.length)];
  }

  /**
   * Returns ε, the allowed excess over the mean load.
   *
   * @return epsilon
   */
  public double epsilon() {
    return epsilon;
  }

  /**
   * Returns the number of distinct population keys placed.
   *
   * @return the population size
   */
  public int populationSize() {
    return keyHashes.length;
  }

  @Override
  public BoundedLoadRouter<K> withNode(String node) {
    return new BoundedLoadRouter<>(
        Nodes.plus(nodes, node), epsilon, virtualNodes, keyHashes, hasher);
  }

  @Override
  public BoundedLoadRouter<K> withoutNode(String node) {
    return new BoundedLoadRouter<>(
        Nodes.minus(nodes, node), epsilon, virtualNodes, keyHashes, hasher);
  }

  @Override
  public String algorithm() {
    return "bounded-load(ε=" + epsilon + ")";
  }
}
