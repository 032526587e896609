package dev.blocks.bench.orderbook;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a journaled pass's wall time goes: the interleaved passes of {@link OrderBookLatency}'s
 * {@code throughput} mode (or any venues), each pass printed with what the Linux kernel says about
 * it (Linux only; other systems print zeros for the {@code /proc} columns).
 *
 * <p>Per pass: events per microsecond; the matching thread's time split by its {@code schedstat}
 * into running (CPU), waiting on a run queue (runnable but another thread or process had its vCPU)
 * and the rest of the wall time (blocked: parked waiting for the journal flusher, or in a page
 * fault or system call that sleeps); the flusher thread's CPU (ns per event); the whole machine's
 * I/O wait, steal and system time over the pass ({@code /proc/stat}, in vCPU-ms); the block
 * device's write requests, written MB, flush requests and the milliseconds the device spent on
 * writes and flushes ({@code /proc/diskstats}, every device summed); the pages that were dirty and
 * under writeback at the end of the pass ({@code /proc/vmstat}); and the collections in it.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp bench/target/benchmarks.jar
 * dev.blocks.bench.orderbook.JournalTrace ROUNDS [VENUE,...]} (default venues: {@code blocks,
 * exchangeCoreDirect, parity, blocksJournaled}, the throughput mode's).
 */
public final class JournalTrace {
  private JournalTrace() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("io")) {
      io(Integer.parseInt(args[1]), args.length > 2 ? args[2] : "/tmp");
      return;
    }
    if (args.length > 0 && args[0].equals("helper")) {
      helper(Integer.parseInt(args[1]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    String[] names =
        args.length > 1
            ? args[1].split(",")
            : new String[] {"blocks", "exchangeCoreDirect", "parity", "blocksJournaled"};
    Thread.currentThread().setName("jtrace-main"); // also the native name, for schedstat
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    System.out.println("flow: " + flow);
    Path self = selfTask("jtrace-main");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Venue[] venues = new Venue[names.length];
    for (int v = 0; v < names.length; v++) {
      venues[v] = Venue.of(names[v]);
      venues[v].replay(flow);
      venues[v].replay(flow);
    }
    double[][] rates = new double[names.length][rounds];
    System.out.println(
        "pass venue              ev/us  run_ns rq_ns blk_ns vcs ivcs minflt | flusher: cpu_ns"
            + " run_ns rq_ns | iowait steal sys(ms)"
            + " | wr_req wr_MB wr_ms flush_req flush_ms | dirty_kB wb_kB | gc");
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < names.length; v++) {
        Path flusher = selfTask("blocks-journal-");
        long[] x0 = schedstat(flusher);
        long[] w0 = switches(self);
        long[] s0 = schedstat(self);
        long[] c0 = cpuStat();
        long[] d0 = diskStats();
        long f0 = flusherCpu(threads);
        long g0 = collections();
        long t0 = System.nanoTime();
        venues[v].replay(flow);
        long t1 = System.nanoTime();
        long g1 = collections();
        long f1 = flusherCpu(threads);
        long[] d1 = diskStats();
        long[] c1 = cpuStat();
        long[] s1 = schedstat(self);
        long[] w1 = switches(self);
        long[] x1 = flusher == null ? x0 : schedstat(flusher);
        long[] vm = vmstat();
        double n = flow.size;
        long wall = t1 - t0;
        long run = s1[0] - s0[0];
        long rq = s1[1] - s0[1];
        rates[v][r] = n * 1e3 / wall;
        System.out.printf(
            Locale.ROOT,
            "%4d %-18s %6.2f %6.1f %5.1f %6.1f %4d %4d %6d | %6.1f %6.1f %5.1f | %6d %5d %7d |"
                + " %6d %5.1f %5d %9d %8d |"
                + " %8d %5d | %d%n",
            r,
            names[v],
            rates[v][r],
            run / n,
            rq / n,
            (wall - run - rq) / n,
            w1[0] - w0[0],
            w1[1] - w0[1],
            w1[2] - w0[2],
            (f1 - f0) / n,
            (x1[0] - x0[0]) / n,
            (x1[1] - x0[1]) / n,
            (c1[4] - c0[4]) * 10,
            (c1[7] - c0[7]) * 10,
            (c1[2] - c0[2]) * 10,
            d1[0] - d0[0],
            (d1[1] - d0[1]) * 512 / 1e6,
            d1[2] - d0[2],
            d1[3] - d0[3],
            d1[4] - d0[4],
            vm[0] * 4,
            vm[1] * 4,
            g1 - g0);
      }
    }
    for (int v = 0; v < names.length; v++) {
      double[] s = rates[v].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%-20s median %.3f events/us (min %.3f, max %.3f) = %.1f %% of %s, fills=%x%n",
          names[v],
          s[rounds / 2],
          s[0],
          s[rounds - 1],
          100 * s[rounds / 2] / median(rates[0]),
          names[0],
          venues[v].fillHash());
    }
  }

  /**
   * Whether another busy thread slows the matching thread's own CPU time: in-memory passes of the
   * flow alternate between a quiet second vCPU, a helper thread that spins on registers only, and
   * one that streams through 16 MiB (reads and writes, as a journal's copy and page-cache write
   * do); each pass's matching-thread CPU per event is printed.
   */
  private static void helper(int rounds) throws IOException {
    Thread.currentThread().setName("jtrace-main");
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    Path self = selfTask("jtrace-main");
    Venue venue = Venue.of("blocks");
    for (int w = 0; w < 3; w++) {
      venue.replay(flow);
    }
    String[] kinds = {"quiet", "spin", "stream"};
    double[][] cpu = new double[3][rounds];
    double[][] rate = new double[3][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 3; k++) {
        int kind = k;
        java.util.concurrent.atomic.AtomicBoolean stop =
            new java.util.concurrent.atomic.AtomicBoolean();
        Thread h = null;
        if (kind > 0) {
          h =
              new Thread(
                  () -> {
                    long x = 1;
                    byte[] a = new byte[16 << 20];
                    byte[] b = new byte[16 << 20];
                    while (!stop.get()) {
                      if (kind == 1) {
                        for (int i = 0; i < 100_000; i++) {
                          x = x * 6364136223846793005L + 1442695040888963407L;
                        }
                      } else {
                        System.arraycopy(a, 0, b, 0, a.length);
                        x += b[(int) (x & 0xFFFF)];
                      }
                    }
                    sink = x;
                  },
                  "jtrace-helper");
          h.start();
        }
        Pass pass = timedPass(venue, flow, self, h, stop);
        long[] s0 = pass.sched0();
        long[] s1 = pass.sched1();
        cpu[k][r] = (s1[0] - s0[0]) / (double) flow.size;
        rate[k][r] = flow.size * 1e3 / pass.wallNs();
        System.out.printf(
            Locale.ROOT,
            "%4d %-7s %6.2f events/us, run %6.1f ns/event, rq %5.1f%n",
            r,
            kinds[k],
            rate[k][r],
            cpu[k][r],
            (s1[1] - s0[1]) / (double) flow.size);
      }
    }
    for (int k = 0; k < 3; k++) {
      System.out.printf(
          Locale.ROOT,
          "%-7s median %.2f events/us, run %.1f ns/event%n",
          kinds[k],
          median(rate[k]),
          median(cpu[k]));
    }
  }

  /** The kernel's counters around one pass, then the pass's helper thread (if any) stopped. */
  private record Pass(
      long wallNs,
      long[] sched0,
      long[] sched1,
      long[] disk0,
      long[] disk1,
      long[] cpu0,
      long[] cpu1) {}

  private static Pass timedPass(
      Venue venue,
      OrderFlow flow,
      Path self,
      Thread helper,
      java.util.concurrent.atomic.AtomicBoolean stop)
      throws IOException {
    long[] s0 = schedstat(self);
    long[] d0 = diskStats();
    long[] c0 = cpuStat();
    long t0 = System.nanoTime();
    venue.replay(flow);
    long t1 = System.nanoTime();
    long[] c1 = cpuStat();
    long[] d1 = diskStats();
    long[] s1 = schedstat(self);
    stop.set(true);
    if (helper != null) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Pass(t1 - t0, s0, s1, d0, d1, c0, c1);
  }

  static volatile long sink;

  /**
   * What a flusher's kinds of work cost the matching thread: in-memory passes alternate between no
   * helper and helpers that, every 2.5 ms (about the journal's rate), take the next 180 KB of a 4
   * MiB heap ring and copy it to a direct buffer with a CRC32C ({@code seal}), then also write it
   * to a growing file and force it ({@code buffered}), or write it with O_DIRECT into a file zeroed
   * beforehand and force it ({@code direct}).
   */
  private static void io(int rounds, String dir) throws IOException {
    Thread.currentThread().setName("jtrace-main");
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    Path self = selfTask("jtrace-main");
    Venue venue = Venue.of("blocks");
    for (int w = 0; w < 3; w++) {
      venue.replay(flow);
    }
    String[] kinds = {"quiet", "seal", "buffered", "direct", "prealloc"};
    int group = 180 << 10;
    int aligned = 184 << 10;
    Path growing = Files.createTempFile(Path.of(dir), "jtrace", ".buf");
    Path zeroed = Files.createTempFile(Path.of(dir), "jtrace", ".dir");
    long zeroedSize = 256L << 20;
    java.nio.ByteBuffer zeros =
        java.nio.ByteBuffer.allocateDirect((1 << 20) + 4096).alignedSlice(4096);
    try (var ch =
        java.nio.channels.FileChannel.open(zeroed, java.nio.file.StandardOpenOption.WRITE)) {
      for (long at = 0; at < zeroedSize; at += zeros.capacity()) {
        zeros.clear();
        ch.write(zeros, at);
      }
      ch.force(true);
    }
    double[][] cpu = new double[kinds.length][rounds];
    double[][] helperCpu = new double[kinds.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < kinds.length; k++) {
        int kind = k;
        java.util.concurrent.atomic.AtomicBoolean stop =
            new java.util.concurrent.atomic.AtomicBoolean();
        long[] helperNs = new long[1];
        Thread h = null;
        if (kind > 0) {
          h =
              new Thread(
                  () -> {
                    byte[] ring = new byte[4 << 20];
                    java.util.Arrays.fill(ring, (byte) 7);
                    java.nio.ByteBuffer out =
                        java.nio.ByteBuffer.allocateDirect(aligned + 4096).alignedSlice(4096);
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    try (var buffered =
                            kind == 4
                                ? java.nio.channels.FileChannel.open(
                                    zeroed, java.nio.file.StandardOpenOption.WRITE)
                                : java.nio.channels.FileChannel.open(
                                    growing,
                                    java.nio.file.StandardOpenOption.WRITE,
                                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                        var direct =
                            java.nio.channels.FileChannel.open(
                                zeroed,
                                java.nio.file.StandardOpenOption.WRITE,
                                com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                      int at = 0;
                      long fileAt = 0;
                      long next = System.nanoTime();
                      while (!stop.get()) {
                        if (at + group > ring.length) {
                          at = 0;
                        }
                        out.clear();
                        out.put(ring, at, group);
                        crc.reset();
                        out.flip();
                        crc.update(out);
                        at += group;
                        if (kind == 2) {
                          out.flip();
                          while (out.hasRemaining()) {
                            buffered.write(out);
                          }
                          buffered.force(false);
                        } else if (kind == 4) {
                          out.flip();
                          if (fileAt + group > zeroedSize) {
                            fileAt = 0;
                          }
                          while (out.hasRemaining()) {
                            buffered.write(out, fileAt + out.position());
                          }
                          fileAt += group;
                          buffered.force(false);
                        } else if (kind == 3) {
                          out.clear();
                          out.limit(aligned);
                          if (fileAt + aligned > zeroedSize) {
                            fileAt = 0;
                          }
                          while (out.hasRemaining()) {
                            direct.write(out, fileAt + out.position());
                          }
                          fileAt += aligned;
                          direct.force(false);
                        }
                        next += 2_500_000;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                          java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                      }
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                    helperNs[0] =
                        ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
                  },
                  "jtrace-helper");
          h.start();
        }
        Pass pass = timedPass(venue, flow, self, h, stop);
        long[] s0 = pass.sched0();
        long[] s1 = pass.sched1();
        long[] d0 = pass.disk0();
        long[] d1 = pass.disk1();
        long[] c0 = pass.cpu0();
        long[] c1 = pass.cpu1();
        cpu[k][r] = (s1[0] - s0[0]) / (double) flow.size;
        helperCpu[k][r] = helperNs[0] / (double) flow.size;
        System.out.printf(
            Locale.ROOT,
            "%4d %-8s %6.2f events/us, run %6.1f ns/event, rq %5.1f, helper cpu %5.1f ns/event,"
                + " writes %d, flushes %d, sys %d ms, iowait %d ms%n",
            r,
            kinds[k],
            flow.size * 1e3 / pass.wallNs(),
            cpu[k][r],
            (s1[1] - s0[1]) / (double) flow.size,
            helperCpu[k][r],
            d1[0] - d0[0],
            d1[3] - d0[3],
            (c1[2] - c0[2]) * 10,
            (c1[4] - c0[4]) * 10);
      }
    }
    for (int k = 0; k < kinds.length; k++) {
      System.out.printf(
          Locale.ROOT,
          "%-8s median run %.1f ns/event, helper cpu %.1f ns/event%n",
          kinds[k],
          median(cpu[k]),
          median(helperCpu[k]));
    }
    Files.deleteIfExists(growing);
    Files.deleteIfExists(zeroed);
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The {@code /proc/self/task/TID} directory of the thread whose native name is {@code name}. */
  private static Path selfTask(String name) throws IOException {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return null;
    }
    try (var list = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) list::iterator) {
        try {
          if (Files.readString(t.resolve("comm")).trim().equals(name)) {
            return t;
          }
        } catch (IOException e) {
          // the thread ended while listing
        }
      }
    }
    return null;
  }

  /** Run time and run-queue wait time (ns) of the task, from its schedstat. */
  private static long[] schedstat(Path task) {
    long[] r = new long[2];
    if (task == null) {
      return r;
    }
    try {
      String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
      r[0] = Long.parseLong(f[0]);
      r[1] = Long.parseLong(f[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or no schedstats
    }
    return r;
  }

  /** Voluntary and involuntary context switches and minor faults of the task. */
  private static long[] switches(Path task) {
    long[] r = new long[3];
    if (task == null) {
      return r;
    }
    try {
      for (String line : Files.readAllLines(task.resolve("status"))) {
        if (line.startsWith("voluntary_ctxt_switches:")) {
          r[0] = Long.parseLong(line.substring(24).trim());
        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
          r[1] = Long.parseLong(line.substring(27).trim());
        }
      }
      String stat = Files.readString(task.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      r[2] = Long.parseLong(f[7]); // minflt (field 10 of stat)
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return r;
  }

  /** The aggregate line of /proc/stat: user nice system idle iowait irq softirq steal (jiffies). */
  private static long[] cpuStat() {
    long[] r = new long[8];
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i < 8; i++) {
        r[i] = Long.parseLong(f[i + 1]);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return r;
  }

  /** Writes completed, sectors written, ms writing, flush requests, ms flushing: all disks. */
  private static long[] diskStats() {
    long[] r = new long[5];
    try {
      for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 14 || f[2].startsWith("loop") || f[2].startsWith("zram")) {
          continue;
        }
        if (!Files.isDirectory(Path.of("/sys/block", f[2]))) {
          continue; // a partition: counted in its disk
        }
        r[0] += Long.parseLong(f[7]);
        r[1] += Long.parseLong(f[9]);
        r[2] += Long.parseLong(f[10]);
        if (f.length >= 20) {
          r[3] += Long.parseLong(f[18]);
          r[4] += Long.parseLong(f[19]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return r;
  }

  /** Pages dirty and under writeback now. */
  private static long[] vmstat() {
    long[] r = new long[2];
    try {
      for (String line : Files.readAllLines(Path.of("/proc/vmstat"))) {
        if (line.startsWith("nr_dirty ")) {
          r[0] = Long.parseLong(line.substring(9).trim());
        } else if (line.startsWith("nr_writeback ")) {
          r[1] = Long.parseLong(line.substring(13).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return r;
  }

  /** The summed CPU time of the live journal flusher threads (ns). */
  private static long flusherCpu(ThreadMXBean threads) {
    long sum = 0;
    List<Long> ids = new ArrayList<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals("blocks-journal-flusher")) {
        ids.add(info.getThreadId());
      }
    }
    for (long id : ids) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }

  private static long collections() {
    long c = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      c += Math.max(0, b.getCollectionCount());
    }
    return c;
  }
}
