package dev.blocks.bench.erasure;

import dev.blocks.erasure.ReedSolomon;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;

/**
 * Encode and decode speed by thread CPU time (less sensitive to other processes than JMH's wall
 * time on a shared machine): ours (Cauchy, the coding path this JVM chose) and Hadoop's {@code
 * RSRawEncoder}, in data MB/s, best of seven rounds of about 64 MiB each after a warm-up. Decode
 * rebuilds the first {@code m} data shards. Not a JMH benchmark: a tuning aid whose figures are
 * quoted next to the JMH tables.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     dev.blocks.bench.erasure.ReedSolomonCpuTime [-Ddev.blocks.erasure.simd=false]
 * </pre>
 */
public final class ReedSolomonCpuTime {

  private ReedSolomonCpuTime() {}

  /**
   * Prints one line per configuration.
   *
   * @param args optional configurations such as {@code 10+4}; default all four
   * @throws IOException if Hadoop's coder fails
   */
  public static void main(String[] args) throws IOException {
    String[] codes = args.length > 0 ? args : new String[] {"4+2", "6+3", "10+4", "17+3"};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("path " + ReedSolomon.activePath() + ", " + Runtime.version());
    for (String code : codes) {
      int k = Integer.parseInt(code.split("\\+")[0]);
      int m = Integer.parseInt(code.split("\\+")[1]);
      for (int size : new int[] {65536, 1 << 20}) {
        byte[][] shards = new byte[k + m][size];
        SplittableRandom random = new SplittableRandom(1);
        for (int j = 0; j < k; j++) {
          random.nextBytes(shards[j]);
        }
        boolean[] present = new boolean[k + m];
        Arrays.fill(present, true);
        Arrays.fill(present, 0, m, false);
        ReedSolomon rs = ReedSolomon.cauchy(k, m);
        RSRawEncoder hadoop = new RSRawEncoder(new ErasureCoderOptions(k, m));
        byte[][] data = Arrays.copyOf(shards, k);
        byte[][] parity = new byte[m][size];
        int calls = (int) Math.max(1, (64L << 20) / ((long) k * size));
        double[] mbps = new double[3];
        for (int op = 0; op < 3; op++) {
          long best = Long.MAX_VALUE;
          for (int round = 0; round < 8; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int c = 0; c < calls; c++) {
              if (op == 0) {
                rs.encode(shards);
              } else if (op == 1) {
                rs.reconstructData(shards, present);
              } else {
                hadoop.encode(data, parity);
              }
            }
            long nanos = threads.getCurrentThreadCpuTime() - start;
            if (round > 0) { // round 0 is warm-up
              best = Math.min(best, nanos);
            }
          }
          mbps[op] = (double) k * size * calls / best * 1e3;
        }
        System.out.println(
            String.format(
                Locale.ROOT,
                "%-5s %7d B  encode %6.0f MB/s  decode %6.0f MB/s (%.2fx encode)"
                    + "  hadoop %5.0f MB/s  encode/hadoop %5.2fx",
                code,
                size,
                mbps[0],
                mbps[1],
                mbps[1] / mbps[0],
                mbps[2],
                mbps[0] / mbps[2]));
      }
    }
  }
}
