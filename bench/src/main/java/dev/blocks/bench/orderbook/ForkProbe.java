package dev.blocks.bench.orderbook;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Looks for the cause of {@link MatchingEngineBenchmark}'s slow forks: in one JVM, round after
 * round, times one replay of the flow through Blocks, one through exchange-core Direct, and a
 * constant-work memory-bound control (a dependent random walk over a 16 MiB cycle), and prints each
 * round's thread-CPU times, Blocks' wall time, the CPU share of all other processes (from /proc)
 * and the vCPU the thread ran on. If the control slows down in the same rounds as Blocks, the slow
 * mode comes from the machine (caches or memory shared with other work, or a slower vCPU), not from
 * the engine's state or the JIT. Run under the bench lock: {@code java -Xmx2g -cp benchmarks.jar
 * dev.blocks.bench.orderbook.ForkProbe 200}. Linux only. Not thread-safe (a single-threaded
 * program).
 */
public final class ForkProbe {
  private ForkProbe() {}

  /** Usage: {@code ForkProbe [rounds]}. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    Venue blocks = Venue.of("blocks");
    Venue direct = Venue.of("exchangeCoreDirect");
    int[] cycle = cycle(1 << 22, new SplittableRandom(7));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    System.out.println(
        "round blocks_ms direct_ms control_ms blocks_ev_per_us blocks_wall_ms others_cpu_pct cpu");
    long[] busy = busyTicks();
    for (int r = 0; r < rounds; r++) {
      long w0 = System.nanoTime();
      long t0 = mx.getCurrentThreadCpuTime();
      blocks.replay(flow);
      long t1 = mx.getCurrentThreadCpuTime();
      long w1 = System.nanoTime();
      direct.replay(flow);
      long t2 = mx.getCurrentThreadCpuTime();
      sink += walk(cycle, 1 << 20);
      long t3 = mx.getCurrentThreadCpuTime();
      long w3 = System.nanoTime();
      long[] now = busyTicks();
      // Jiffies (10 ms) the machine was busy minus those of this process, over the round's wall.
      double others = ((now[0] - busy[0]) - (now[1] - busy[1])) * 1e7 / (w3 - w0) * 100;
      busy = now;
      System.out.printf(
          "%d %.2f %.2f %.2f %.2f %.2f %.0f %d%n",
          r,
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          (t3 - t2) / 1e6,
          MatchingEngineBenchmark.EVENTS / ((t1 - t0) / 1e3),
          (w1 - w0) / 1e6,
          others,
          currentCpu());
    }
    if (blocks.fillHash() != direct.fillHash()) {
      throw new IllegalStateException("fill hashes differ");
    }
    System.out.println("sink " + sink);
  }

  /** {busy jiffies of all CPUs, jiffies of this process} from /proc (Linux only). */
  private static long[] busyTicks() {
    try {
      String[] cpu =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).split(" +");
      long busy = 0;
      for (int i = 1; i < cpu.length; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(cpu[i]);
        }
      }
      String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
      return new long[] {busy, Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The CPU this thread last ran on (field 39 of /proc/thread-self/stat). */
  private static int currentCpu() {
    try {
      String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
      return Integer.parseInt(self.substring(self.lastIndexOf(')') + 2).split(" ")[36]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A random single cycle over {@code n} slots (Sattolo's algorithm). */
  private static int[] cycle(int n, SplittableRandom rnd) {
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i);
      int t = next[i];
      next[i] = next[j];
      next[j] = t;
    }
    return next;
  }

  private static long walk(int[] next, int steps) {
    int p = 0;
    for (int i = 0; i < steps; i++) {
      p = next[p];
    }
    return p;
  }
}
