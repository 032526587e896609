package dev.blocks.core.sharding;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rendezvous (highest random weight) hashing with weights: every node scores the key with a
 * pseudo-random function of (key, node), and the highest score wins.
 *
 * <p>From David Thaler and Chinya Ravishankar, "Using Name-Based Mappings to Increase Hit Rates"
 * (IEEE/ACM Transactions on Networking, 1998). With weights, node {@code i} scores {@code -w_i /
 * ln(u)} for a uniform {@code u} in (0, 1), which makes its share exactly {@code w_i / Σw}
 * (Schindelhauer and Schomaker, "Weighted Distributed Hash Tables", SPAA 2005; the logarithmic
 * method). Adding a node moves only the keys it wins, all to it; removing one moves only its keys.
 * A lookup costs one mix per node ({@code O(n)}), and one logarithm per node when weights differ.
 *
 * <p>Immutable and thread-safe; {@link #shardOf(long)} allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class RendezvousRouter<K> extends HashRouter<K> {

  private final long[] seeds;
  private final double[] weights;
  private final boolean uniform;

  RendezvousRouter(List<String> nodes, double[] weights, KeyHasher<? super K> hasher) {
    super(nodes, hasher);
    this.weights = weights.clone();
    this.seeds = new long[nodeIds.length];
    boolean same = true;
    for (int i = 0; i < seeds.length; i++) {
      Nodes.checkWeight(nodeIds[i], weights[i]);
      seeds[i] = Nodes.nodeHash(nodeIds[i], -1);
      same &= weights[i] == weights[0];
    }
    this.uniform = same;
  }

  @Override
  public int shardOf(long keyHash) {
    long[] s = seeds;
    int best = 0;
    if (uniform) {
      long top = Long.MIN_VALUE;
      for (int i = 0; i < s.length; i++) {
        long score = KeyHasher.mix(keyHash ^ s[i]);
        if (score > top) {
          top = score;
          best = i;
        }
      }
      return best;
    }
    double top = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < s.length; i++) {
      long h = KeyHasher.mix(keyHash ^ s[i]);
      double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
      double score = -weights[i] / Math.log(u);
      if (score > top) {
        top = score;
        best = i;
      }
    }
    return best;
  }

  /**
   * Returns the weight of each node.
   *
   * @return an ordered map from node id to weight, in {@link #nodes()} order
   */
  public Map<String, Double> weights() {
    return java.util.Collections.unmodifiableMap(Nodes.weightMap(nodes, weights));
  }

  @Override
  public RendezvousRouter<K> withNode(String node) {
    return withNode(node, 1.0);
  }

  /**
   * Returns a router with {@code node} added with {@code weight}.
   *
   * @param node the new node's id
   * @param weight its weight, finite and positive
   * @return a new router
   * @throws IllegalArgumentException if the id is empty or present, or the weight is not positive
   */
  public RendezvousRouter<K> withNode(String node, double weight) {
    List<String> more = Nodes.plus(nodes, node);
    double[] w = Arrays.copyOf(weights, weights.length + 1);
    w[weights.length] = Nodes.checkWeight(node, weight);
    return new RendezvousRouter<>(more, w, hasher);
  }

  @Override
  public RendezvousRouter<K> withoutNode(String node) {
    List<String> rest = Nodes.minus(nodes, node);
    int index = nodes.indexOf(node);
    double[] w = new double[weights.length - 1];
    System.arraycopy(weights, 0, w, 0, index);
    System.arraycopy(weights, index + 1, w, index, w.length - index);
    return new RendezvousRouter<>(rest, w, hasher);
  }

  @Override
  public String algorithm() {
    return "rendezvous";
  }
}
