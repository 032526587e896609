package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Validation and small list operations on node ids and weights, shared by the routers. */
final class Nodes {

  private Nodes() {}

  static List<String> validate(List<String> nodes) {
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("nodes must not be empty, got []");
    }
    Set<String> seen = new HashSet<>();
    for (String node : nodes) {
      Objects.requireNonNull(node, "node");
      if (node.isEmpty()) {
        throw new IllegalArgumentException("node ids must not be empty, got \"\" in " + nodes);
      }
      if (!seen.add(node)) {
        throw new IllegalArgumentException(
            "node ids must be unique, got duplicate \"" + node + "\" in " + nodes);
      }
    }
    return List.copyOf(nodes);
  }

  static double[] weights(List<String> nodes, Map<String, Double> weights) {
    double[] w = new double[nodes.size()];
    for (int i = 0; i < w.length; i++) {
      Double weight = weights.get(nodes.get(i));
      w[i] = checkWeight(nodes.get(i), weight == null ? 1.0 : weight);
    }
    return w;
  }

  static double checkWeight(String node, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of node \"" + node + "\" must be finite and > 0, got " + weight);
    }
    return weight;
  }

  static Map<String, Double> weightMap(List<String> nodes, double[] weights) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < weights.length; i++) {
      map.put(nodes.get(i), weights[i]);
    }
    return map;
  }

  static List<String> plus(List<String> nodes, String node) {
    Objects.requireNonNull(node, "node");
    if (nodes.contains(node)) {
      throw new IllegalArgumentException(
          "node ids must be unique, got duplicate \"" + node + "\" in " + nodes);
    }
    List<String> out = new ArrayList<>(nodes);
    out.add(node);
    return out;
  }

  static List<String> minus(List<String> nodes, String node) {
    Objects.requireNonNull(node, "node");
    int index = nodes.indexOf(node);
    if (index < 0) {
      throw new IllegalArgumentException(
          "node must be present, got \"" + node + "\" not in " + nodes);
    }
    if (nodes.size() == 1) {
      throw new IllegalArgumentException(
          "nodes must not become empty, got removal of the only node \"" + node + "\"");
    }
    List<String> out = new ArrayList<>(nodes);
    out.remove(index);
    return out;
  }

  /** Hash of a node id (and a replica or probe number), independent of key hashes. */
  static long nodeHash(String node, long salt) {
    return KeyHasher.mix(KeyHasher.hashChars(node, 0x2545F4914F6CDD1DL) ^ KeyHasher.mix(salt + 1));
  }

  /** Maps the high 32 bits of {@code hash} to [0, n) without division (Lemire's fast range). */
  static int fastRange(long hash, int n) {
    return (int) (((hash >>> 32) * n) >>> 32);
  }
}
