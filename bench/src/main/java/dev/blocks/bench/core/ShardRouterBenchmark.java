package dev.blocks.bench.core;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import com.google.common.hash.Hashing;
import dev.blocks.core.sharding.HashRouter;
import dev.blocks.core.sharding.JumpHash;
import dev.blocks.core.sharding.KeyHasher;
import dev.blocks.core.sharding.ShardRouters;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shard lookups of a pre-hashed 64-bit key: every Blocks router's {@code shardOf(long)} against
 * Guava's {@code Hashing.consistentHash} (jump hash, the baseline) and hash4j's JumpBackHash, in
 * the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ShardRouterBenchmark {

  @Param({"100", "1000"})
  int nodes;

  private final long[] keys = new long[1024];
  private int i;
  private HashRouter<Long> jump;
  private HashRouter<Long> jumpBack;
  private HashRouter<Long> maglev;
  private HashRouter<Long> ring;
  private HashRouter<Long> multiProbe;
  private HashRouter<Long> rendezvous;
  private HashRouter<Long> modulo;
  private final ConsistentBucketHasher hash4j =
      ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(7);
    for (int k = 0; k < keys.length; k++) {
      keys[k] = random.nextLong();
    }
    List<String> ids =
        IntStream.range(0, nodes).mapToObj(n -> "node-" + n).collect(Collectors.toList());
    KeyHasher<Long> identity = key -> key;
    jump = ShardRouters.jump(ids, identity);
    jumpBack = ShardRouters.jumpBack(ids, identity);
    maglev = ShardRouters.maglev(ids);
    ring = ShardRouters.ring(ids, 1000, identity);
    multiProbe = ShardRouters.multiProbe(ids);
    rendezvous = ShardRouters.rendezvous(ids);
    modulo = ShardRouters.modulo(ids);
  }

  private long key() {
    return keys[i++ & 1023];
  }

  @Benchmark
  public int guavaConsistentHash() {
    return Hashing.consistentHash(key(), nodes);
  }

  @Benchmark
  public int hash4jJumpBackHash() {
    return hash4j.getBucket(key(), nodes);
  }

  @Benchmark
  public int blocksJumpHash() {
    return JumpHash.bucket(key(), nodes);
  }

  @Benchmark
  public int blocksJumpRouter() {
    return jump.shardOf(key());
  }

  @Benchmark
  public int blocksJumpBackRouter() {
    return jumpBack.shardOf(key());
  }

  @Benchmark
  public int blocksMaglevRouter() {
    return maglev.shardOf(key());
  }

  @Benchmark
  public int blocksRingRouter1000() {
    return ring.shardOf(key());
  }

  @Benchmark
  public int blocksMultiProbeRouter21() {
    return multiProbe.shardOf(key());
  }

  @Benchmark
  public int blocksRendezvousRouter() {
    return rendezvous.shardOf(key());
  }

  @Benchmark
  public int blocksModuloRouter() {
    return modulo.shardOf(key());
  }
}
