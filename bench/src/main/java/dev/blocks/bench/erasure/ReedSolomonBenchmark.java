package dev.blocks.bench.erasure;

import dev.blocks.erasure.CodingPath;
import dev.blocks.erasure.ReedSolomon;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
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
 * Reed-Solomon encode and decode of one stripe, single thread: ours (Cauchy and Vandermonde, on
 * both coding paths) against Hadoop's pure-Java {@code RSRawEncoder}/{@code RSRawDecoder}, and a
 * plain XOR of the {@code k} data shards as the memory-bound ceiling. Decode rebuilds the first
 * {@code m} data shards (the maximum number of data shards lost) from the remaining shards. One
 * operation codes {@code k x shardSize} data bytes.
 *
 * <p>Every fork starts with {@code --add-modules jdk.incubator.vector}, so the {@code blocks*}
 * methods run {@link CodingPath#VECTOR} on JDK 21+ (setup fails if they do not) and {@link
 * CodingPath#PORTABLE} on JDK 17; the {@code portable*} methods fork with {@code
 * -Ddev.blocks.erasure.simd=false}, so they always run the portable path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = ReedSolomonBenchmark.VECTOR_MODULE)
public class ReedSolomonBenchmark {

  /** JVM option that puts the Vector API in the boot layer. */
  static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** JVM option that forces the portable path. */
  static final String PORTABLE = "-Ddev.blocks.erasure.simd=false";

  /** {@code k+m}. */
  @Param({"4+2", "6+3", "10+4", "17+3"})
  String code;

  @Param({"65536", "1048576"})
  int shardSize;

  private int k;
  private int m;
  private ReedSolomon cauchy;
  private ReedSolomon vandermonde;
  private byte[][] shards;
  private boolean[] present;
  private RSRawEncoder hadoopEncoder;
  private RSRawDecoder hadoopDecoder;
  private byte[][] hadoopData;
  private byte[][] hadoopParity;
  private byte[][] hadoopInputs;
  private int[] erased;
  private byte[][] hadoopRebuilt;
  private byte[] xorOut;

  /**
   * Fails unless this fork runs the path its methods claim: portable when {@code
   * dev.blocks.erasure.simd=false}, else the vector path on JDK 21+.
   */
  static void checkPath() {
    boolean portable = "false".equals(System.getProperty("dev.blocks.erasure.simd"));
    CodingPath expected =
        portable || Runtime.version().feature() < 21 ? CodingPath.PORTABLE : CodingPath.VECTOR;
    if (ReedSolomon.activePath() != expected) {
      throw new IllegalStateException(
          "expected coding path " + expected + ", running " + ReedSolomon.activePath());
    }
  }

  @Setup
  public void setup() throws IOException {
    checkPath();
    String[] parts = code.split("\\+");
    k = Integer.parseInt(parts[0]);
    m = Integer.parseInt(parts[1]);
    cauchy = ReedSolomon.cauchy(k, m);
    vandermonde = ReedSolomon.vandermonde(k, m);
    SplittableRandom random = new SplittableRandom(11);
    shards = new byte[k + m][shardSize];
    for (int j = 0; j < k; j++) {
      random.nextBytes(shards[j]);
    }
    cauchy.encode(shards);
    present = new boolean[k + m];
    Arrays.fill(present, true);
    Arrays.fill(present, 0, m, false);

    ErasureCoderOptions options = new ErasureCoderOptions(k, m);
    hadoopEncoder = new RSRawEncoder(options);
    hadoopDecoder = new RSRawDecoder(options);
    hadoopData = Arrays.copyOf(shards, k);
    hadoopParity = new byte[m][shardSize];
    hadoopInputs = shards.clone();
    erased = new int[m];
    for (int i = 0; i < m; i++) {
      hadoopInputs[i] = null;
      erased[i] = i;
    }
    hadoopRebuilt = new byte[m][shardSize];
    xorOut = new byte[shardSize];
  }

  @Benchmark
  public byte[][] blocksCauchyEncode() {
    cauchy.encode(shards);
    return shards;
  }

  @Benchmark
  public byte[][] blocksVandermondeEncode() {
    vandermonde.encode(shards);
    return shards;
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {VECTOR_MODULE, PORTABLE})
  public byte[][] portableCauchyEncode() {
    cauchy.encode(shards);
    return shards;
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {VECTOR_MODULE, PORTABLE})
  public byte[][] portableCauchyDecode() {
    cauchy.reconstructData(shards, present);
    return shards;
  }

  @Benchmark
  public byte[][] hadoopEncode() throws IOException {
    hadoopEncoder.encode(hadoopData, hadoopParity);
    return hadoopParity;
  }

  @Benchmark
  public byte[][] blocksCauchyDecode() {
    // Rebuilds shards 0..m-1 in place from the others; their bytes are recomputed every call.
    cauchy.reconstructData(shards, present);
    return shards;
  }

  @Benchmark
  public byte[][] hadoopDecode() throws IOException {
    hadoopDecoder.decode(hadoopInputs, erased, hadoopRebuilt);
    return hadoopRebuilt;
  }

  @Benchmark
  public byte[] xorOfK() {
    byte[] out = xorOut;
    System.arraycopy(shards[0], 0, out, 0, shardSize);
    for (int j = 1; j < k; j++) {
      byte[] in = shards[j];
      for (int i = 0; i < shardSize; i++) {
        out[i] ^= in[i];
      }
    }
    return out;
  }
}
