package dev.blocks.bench.erasure;

import dev.blocks.erasure.ReedSolomon;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Parity update after one data shard changes, single thread: {@link ReedSolomon#update(byte[][],
 * int, byte[])} (parity += coefficient x (old + new), reading only the changed shard and the
 * parity, then copying the new data in) against writing the new data and re-encoding the whole
 * stripe with {@link ReedSolomon#encode(byte[][])}; both leave the same bytes. Each call alternates
 * between two versions of data shard 0, so every call changes every byte of it. Cauchy code.
 *
 * <p>Forks as {@link ReedSolomonBenchmark}: {@code update}/{@code fullEncode} on the vector path
 * (JDK 21+), {@code portable*} on the portable path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = ReedSolomonBenchmark.VECTOR_MODULE)
public class ReedSolomonUpdateBenchmark {

  /** {@code k+m}. */
  @Param({"4+2", "6+3", "10+4", "17+3"})
  String code;

  @Param({"65536", "1048576"})
  int shardSize;

  private ReedSolomon rs;
  private byte[][] shards;
  private byte[][] versions;
  private int next;

  @Setup
  public void setup() {
    ReedSolomonBenchmark.checkPath();
    String[] parts = code.split("\\+");
    int k = Integer.parseInt(parts[0]);
    int m = Integer.parseInt(parts[1]);
    rs = ReedSolomon.cauchy(k, m);
    SplittableRandom random = new SplittableRandom(5);
    shards = new byte[k + m][shardSize];
    for (int j = 0; j < k; j++) {
      random.nextBytes(shards[j]);
    }
    versions = new byte[2][shardSize];
    random.nextBytes(versions[0]);
    random.nextBytes(versions[1]);
    System.arraycopy(versions[0], 0, shards[0], 0, shardSize);
    rs.encode(shards);
    next = 1;
  }

  private byte[] nextVersion() {
    byte[] version = versions[next];
    next ^= 1;
    return version;
  }

  @Benchmark
  public byte[][] update() {
    rs.update(shards, 0, nextVersion());
    return shards;
  }

  @Benchmark
  public byte[][] fullEncode() {
    System.arraycopy(nextVersion(), 0, shards[0], 0, shardSize);
    rs.encode(shards);
    return shards;
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {ReedSolomonBenchmark.VECTOR_MODULE, ReedSolomonBenchmark.PORTABLE})
  public byte[][] portableUpdate() {
    return update();
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {ReedSolomonBenchmark.VECTOR_MODULE, ReedSolomonBenchmark.PORTABLE})
  public byte[][] portableFullEncode() {
    return fullEncode();
  }
}
