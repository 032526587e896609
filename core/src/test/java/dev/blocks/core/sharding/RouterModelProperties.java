package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flat-layout routers agree with slow, obviously correct models that scan every point: a ring
 * key goes to the point with the smallest clockwise distance (ties to the smaller node index); a
 * multi-probe key to the node with the smallest such distance over all probes; a rendezvous key to
 * the highest score; a Maglev table equals the paper's pseudocode run naively.
 */
class RouterModelProperties {

  private static final long RING = 1L << Ring.POSITION_BITS;

  /** Clockwise distance from a key position to a point, on a ring of 2^43 positions. */
  private static long clockwise(long from, long to) {
    return Math.floorMod(to - from, RING);
  }

  private static int ringModel(List<String> nodes, int points, long keyHash) {
    long key = Ring.keyPosition(keyHash);
    long best = Long.MAX_VALUE;
    int owner = -1;
    for (int i = 0; i < nodes.size(); i++) {
      for (int v = 0; v < points; v++) {
        long d = clockwise(key, Ring.keyPosition(Nodes.nodeHash(nodes.get(i), v)));
        if (d < best) {
          best = d;
          owner = i;
        }
      }
    }
    return owner;
  }

  @Test
  void ringMatchesTheScanningModel() {
    qt().withExamples(40)
        .forAll(integers().between(1, 30), integers().between(1, 50), longs().all())
        .checkAssert(
            (n, points, seed) -> {
              List<String> nodes = Routers.nodes(n);
              RingRouter<Long> router = ShardRouters.ring(nodes, points);
              for (long hash : Routers.keys(seed, 300)) {
                assertThat(router.shardOf(hash)).isEqualTo(ringModel(nodes, points, hash));
              }
            });
  }

  @Test
  void multiProbeMatchesTheScanningModel() {
    qt().withExamples(40)
        .forAll(integers().between(1, 30), integers().between(1, 25), longs().all())
        .checkAssert(
            (n, probes, seed) -> {
              List<String> nodes = Routers.nodes(n);
              MultiProbeRouter<Long> router =
                  ShardRouters.multiProbe(nodes, probes, KeyHasher.standard());
              for (long hash : Routers.keys(seed, 300)) {
                long best = Long.MAX_VALUE;
                int owner = -1;
                for (int p = 0; p < probes; p++) {
                  long probe = Ring.keyPosition(KeyHasher.mix(hash + p * 0x9E3779B97F4A7C15L));
                  for (int i = 0; i < n; i++) {
                    long d = clockwise(probe, Ring.keyPosition(Nodes.nodeHash(nodes.get(i), 0)));
                    if (d < best) {
                      best = d;
                      owner = i;
                    }
                  }
                }
                assertThat(router.shardOf(hash)).isEqualTo(owner);
              }
            });
  }

  @Test
  void rendezvousMatchesTheScoringModel() {
    qt().withExamples(40)
        .forAll(integers().between(1, 30), longs().all())
        .checkAssert(
            (n, seed) -> {
              List<String> nodes = Routers.nodes(n);
              RendezvousRouter<Long> router = ShardRouters.rendezvous(nodes);
              for (long hash : Routers.keys(seed, 300)) {
                int owner = 0;
                for (int i = 1; i < n; i++) {
                  long a = KeyHasher.mix(hash ^ Nodes.nodeHash(nodes.get(i), -1));
                  long b = KeyHasher.mix(hash ^ Nodes.nodeHash(nodes.get(owner), -1));
                  if (a > b) {
                    owner = i;
                  }
                }
                assertThat(router.shardOf(hash)).isEqualTo(owner);
              }
            });
  }

  @Test
  void maglevTableMatchesThePapersPseudocode() {
    qt().withExamples(30)
        .forAll(integers().between(1, 20), integers().between(0, 5))
        .checkAssert(
            (n, primeIndex) -> {
              int m = new int[] {23, 31, 97, 101, 251, 1009}[primeIndex];
              if (m < n) {
                return;
              }
              List<String> nodes = Routers.nodes(n);
              // permutation[i][j] = (offset + j × skip) mod M; fill round-robin, skipping taken
              List<int[]> permutation = new ArrayList<>();
              for (String node : nodes) {
                long offset = Long.remainderUnsigned(Nodes.nodeHash(node, -2), m);
                long skip = Long.remainderUnsigned(Nodes.nodeHash(node, -3), m - 1L) + 1;
                int[] row = new int[m];
                for (int j = 0; j < m; j++) {
                  row[j] = (int) ((offset + j * skip) % m);
                }
                permutation.add(row);
              }
              int[] entry = new int[m];
              java.util.Arrays.fill(entry, -1);
              int[] next = new int[n];
              int filled = 0;
              outer:
              while (true) {
                for (int i = 0; i < n; i++) {
                  int c = permutation.get(i)[next[i]];
                  while (entry[c] >= 0) {
                    next[i]++;
                    c = permutation.get(i)[next[i]];
                  }
                  entry[c] = i;
                  next[i]++;
                  if (++filled == m) {
                    break outer;
                  }
                }
              }
              assertThat(MaglevRouter.populate(nodes.toArray(new String[0]), m)).isEqualTo(entry);
            });
  }
}
