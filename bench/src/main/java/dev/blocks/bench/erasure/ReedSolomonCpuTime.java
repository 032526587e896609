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
 * RSRawEncoder}, in data MB/s. Encode and decode alternate round by round (21 rounds of about 32
 * MiB each, the first a warm-up), so that a slow phase of the machine hits both; the line gives the
 * best round of each and the decode/encode ratio of the best rounds, then the median, lowest and
 * highest ratio of the 20 paired rounds. Hadoop: best of 5 rounds after a warm-up round. Decode
 * rebuilds the first {@code m} data shards. Not a JMH benchmark: a tuning aid whose figures are
 * quoted next to the JMH tables.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     dev.blocks.bench.erasure.ReedSolomonCpuTime [-Ddev.blocks.erasure.simd=false]
 * </pre>
 */
public final class ReedSolomonCpuTime {

  private static final int PAIRED_ROUNDS = 21;
  private static final int HADOOP_ROUNDS = 6;

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
        int calls = (int) Math.max(1, (32L << 20) / ((long) k * size));
        long bestEncode = Long.MAX_VALUE;
        long bestDecode = Long.MAX_VALUE;
        double[] ratios = new double[PAIRED_ROUNDS - 1];
        for (int round = 0; round < PAIRED_ROUNDS; round++) {
          long start = threads.getCurrentThreadCpuTime();
          for (int c = 0; c < calls; c++) {
            rs.encode(shards);
          }
          long encode = threads.getCurrentThreadCpuTime() - start;
          start = threads.getCurrentThreadCpuTime();
          for (int c = 0; c < calls; c++) {
            rs.reconstructData(shards, present);
          }
          long decode = threads.getCurrentThreadCpuTime() - start;
          if (round > 0) { // round 0 is warm-up
            bestEncode = Math.min(bestEncode, encode);
            bestDecode = Math.min(bestDecode, decode);
            ratios[round - 1] = (double) encode / decode;
          }
        }
        long bestHadoop = Long.MAX_VALUE;
        for (int round = 0; round < HADOOP_ROUNDS; round++) {
          long start = threads.getCurrentThreadCpuTime();
          for (int c = 0; c < calls; c++) {
            hadoop.encode(data, parity);
          }
          long nanos = threads.getCurrentThreadCpuTime() - start;
          if (round > 0) {
            bestHadoop = Math.min(bestHadoop, nanos);
          }
        }
        double bytes = (double) k * size * calls;
        double encodeMbps = bytes / bestEncode * 1e3;
        double decodeMbps = bytes / bestDecode * 1e3;
        double hadoopMbps = bytes / bestHadoop * 1e3;
        Arrays.sort(ratios);
        System.out.println(
            String.format(
                Locale.ROOT,
                "%-5s %7d B  encode %6.0f MB/s  decode %6.0f MB/s (%.2fx encode;"
                    + " paired rounds median %.2fx, %.2f-%.2f)"
                    + "  hadoop %5.0f MB/s  encode/hadoop %5.2fx",
                code,
                size,
                encodeMbps,
                decodeMbps,
                decodeMbps / encodeMbps,
                ratios[ratios.length / 2],
                ratios[0],
                ratios[ratios.length - 1],
                hadoopMbps,
                encodeMbps / hadoopMbps));
      }
    }
  }
}
