package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Router factories and key samples shared by the sharding tests. */
final class Routers {

  private Routers() {}

  /** A named factory of a router over node ids. */
  record Algorithm(String name, Function<List<String>, ShardRouter<Long>> factory) {
    ShardRouter<Long> over(List<String> nodes) {
      return factory.apply(nodes);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final int RING_POINTS = 200;

  /** Algorithms whose add moves keys only to the new node and whose remove moves only its keys. */
  static List<Algorithm> minimalDisruption() {
    return List.of(
        new Algorithm("ring", n -> ShardRouters.ring(n, RING_POINTS)),
        new Algorithm("rendezvous", ShardRouters::rendezvous),
        new Algorithm("jump", ShardRouters::jump),
        new Algorithm("jump-back", ShardRouters::jumpBack),
        new Algorithm("multi-probe", ShardRouters::multiProbe));
  }

  /** Every hash-based algorithm (bounded-load over a fixed population of keys). */
  static List<Algorithm> all() {
    List<Algorithm> all = new ArrayList<>(minimalDisruption());
    all.add(new Algorithm("modulo", ShardRouters::modulo));
    all.add(new Algorithm("maglev", ShardRouters::maglev));
    List<Long> population = keys(3, 2000);
    all.add(new Algorithm("bounded-load", n -> ShardRouters.boundedLoad(n, 0.25, population)));
    return all;
  }

  static List<String> nodes(int count) {
    List<String> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      nodes.add("node-" + i);
    }
    return nodes;
  }

  static List<Long> keys(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Long> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(random.nextLong());
    }
    return keys;
  }

  /** Whether a router rejects removing {@code node} by design (jump routers: all but the last). */
  static boolean removable(ShardRouter<Long> router, String node) {
    return !(router instanceof JumpRouter<Long>)
        || router.nodes().get(router.nodes().size() - 1).equals(node);
  }
}
