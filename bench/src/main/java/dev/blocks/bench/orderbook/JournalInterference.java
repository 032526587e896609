package dev.blocks.bench.orderbook;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * What slows the matching thread down when a journal runs beside it: the in-memory engine on the
 * {@link OrderFlow} of {@link MatchingEngineBenchmark}, alone and with a second thread that does
 * one piece of a journal flusher's work at the journal's rhythm. The matching thread writes 12
 * bytes per command into one of two 4 MiB buffers (as the journal's encoder does) and every 16,384
 * commands hands the filled part to the second thread (one volatile store and an unpark, as the
 * journal does) which then
 *
 * <ul>
 *   <li>{@code parked}: only wakes up and hands the buffer back;
 *   <li>{@code read}: computes the CRC32C of the buffer (reads the lines the matching thread
 *       wrote);
 *   <li>{@code write}: CRC32C, then {@code write} into a file (copy into the page cache), no force;
 *   <li>{@code force}: the same and {@code FileChannel.force(false)};
 *   <li>{@code forceonly}: no CRC, no write; a {@code force} of a file it wrote once at start;
 *   <li>{@code direct}, {@code directforce}: like {@code write} and {@code force} through an {@code
 *       O_DIRECT} channel (4 KiB-aligned writes);
 *   <li>{@code spin}: busy for {@code -Dspin.us} microseconds (default 700) without touching
 *       memory;
 * </ul>
 *
 * and, for comparison, {@code mem} (the in-memory venue, no second thread, no buffer), {@code
 * encode} (the buffer writes only, never handed off) and any {@link Venue} by name ({@code
 * blocksJournaled}, {@code journalNoForce}, ...). {@code -Dgroup=N} changes the hand-off size.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.blocks.bench.orderbook.JournalInterference MODE [PASSES]}: 4 warm-up passes, then PASSES
 * timed passes of 1M events; prints the median wall-clock rate, the matching thread's CPU time and
 * the second thread's (helper or journal flusher) CPU time per command. Run each mode in its own
 * JVM, modes interleaved, under the bench lock. {@code JournalInterference pair VENUE_A VENUE_B
 * PAIRS} instead alternates passes of two venues in one JVM and prints the median ratio of their
 * rates.
 */
public final class JournalInterference {
  private JournalInterference() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (mode.equals("pair")) {
      pair(args[1], args[2], Integer.parseInt(args[3]));
      return;
    }
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    Venue v =
        switch (mode) {
          case "mem" -> Venue.of("blocks");
          case "encode",
              "parked",
              "spin",
              "read",
              "write",
              "force",
              "forceonly",
              "direct",
              "directforce" ->
              new Sided(mode);
          default -> Venue.of(mode);
        };
    for (int w = 0; w < 4; w++) {
      v.replay(flow);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] rate = new double[passes];
    double[] cpu = new double[passes];
    for (int p = 0; p < passes; p++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      v.replay(flow);
      long t = System.nanoTime() - t0;
      cpu[p] = (threads.getCurrentThreadCpuTime() - c0) / (double) flow.size;
      rate[p] = flow.size / (t / 1000.0);
    }
    double[] sortedRate = rate.clone();
    Arrays.sort(sortedRate);
    Arrays.sort(cpu);
    System.out.printf(
        Locale.ROOT,
        "%-16s events/us median %.2f (min %.2f, max %.2f); matching thread CPU median %.1f"
            + " ns/event; fills %x%n",
        mode,
        sortedRate[passes / 2],
        sortedRate[0],
        sortedRate[passes - 1],
        cpu[passes / 2],
        v.fillHash());
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("blocks-journal-flusher")) {
        System.out.printf(
            Locale.ROOT,
            "  flusher thread CPU %.1f ns/command over all passes%n",
            threads.getThreadCpuTime(t.getId()) / (double) ((4L + passes) * flow.size));
      }
    }
    if (v instanceof Sided s) {
      System.out.printf(
          Locale.ROOT,
          "  helper thread CPU %.1f ns/command over all passes%n",
          threads.getThreadCpuTime(s.helper.thread.getId()) / (double) ((4L + passes) * flow.size));
      s.close();
    }
  }

  /**
   * Alternates passes of venues {@code a} and {@code b} in one JVM (so both see the same machine)
   * and prints the median of each pair's rate ratio b/a.
   */
  static void pair(String a, String b, int pairs) {
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    Venue va = Venue.of(a);
    Venue vb = Venue.of(b);
    for (int w = 0; w < 4; w++) {
      va.replay(flow);
      vb.replay(flow);
    }
    double[] ra = new double[pairs];
    double[] rb = new double[pairs];
    double[] ratio = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      long t0 = System.nanoTime();
      va.replay(flow);
      long t1 = System.nanoTime();
      vb.replay(flow);
      long t2 = System.nanoTime();
      ra[p] = flow.size / ((t1 - t0) / 1000.0);
      rb[p] = flow.size / ((t2 - t1) / 1000.0);
      ratio[p] = rb[p] / ra[p];
    }
    Arrays.sort(ra);
    Arrays.sort(rb);
    Arrays.sort(ratio);
    System.out.printf(
        Locale.ROOT,
        "pair %s %.2f / %s %.2f events/us (medians of %d); ratio median %.3f (min %.3f, max %.3f);"
            + " fills %s%n",
        a,
        ra[pairs / 2],
        b,
        rb[pairs / 2],
        pairs,
        ratio[pairs / 2],
        ratio[0],
        ratio[pairs - 1],
        va.fillHash() == vb.fillHash() ? "equal" : "DIFFER");
  }

  /** The in-memory engine with a journal-like buffer handed to a second thread. */
  static final class Sided extends Venue implements OrderBookListener {
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int GROUP = Integer.getInteger("group", 16_384);
    private static final int RECORD = 12;

    private final MatchingEngine engine =
        MatchingEngine.builder().capacity(1 << 16).listener(this).build();
    private final String mode;
    final Helper helper;
    private byte[] buffer = new byte[4 << 20];
    private byte[] spare = new byte[4 << 20];
    private int position;
    private int count;

    Sided(String mode) {
      this.mode = mode;
      helper = mode.equals("encode") ? null : new Helper(mode);
    }

    @Override
    public void onTrade(long maker, long taker, Side side, long price, long qty) {
      trade(maker, taker, price, qty);
    }

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
      if (helper != null) {
        helper.awaitIdle();
        handOff();
        helper.awaitIdle();
      } else {
        position = 0;
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      byte[] a = buffer;
      int p = position;
      if (p + RECORD + 8 > a.length) {
        if (helper == null) {
          p = 0;
        } else {
          helper.awaitIdle();
          handOff();
          a = buffer;
          p = 0;
        }
      }
      LONG_LE.set(a, p, f.id[i] ^ f.price[i] << 40);
      LONG_LE.set(a, p + 4, f.quantity[i] << 8 | f.kind[i]);
      position = p + RECORD;
      Venue.Blocks.applyTo(engine, f, i);
      if (helper != null && ++count >= GROUP && helper.idle()) {
        handOff();
      }
    }

    private void handOff() {
      if (position == 0) {
        return;
      }
      byte[] full = buffer;
      buffer = spare;
      spare = full;
      helper.start(full, position);
      position = 0;
      count = 0;
    }

    void close() throws IOException {
      if (helper != null) {
        helper.stop();
      }
    }
  }

  /** The second thread, handed one buffer at a time (the journal flusher's protocol). */
  static final class Helper implements Runnable {
    private final String mode;
    final Thread thread;
    private final CRC32C crc = new CRC32C();
    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 20).alignedSlice(4096);
    private final boolean direct;
    private volatile int state; // 0 idle, 1 busy, 2 stopped
    private volatile Thread waiter;
    private byte[] work;
    private int workBytes;
    private long written;
    long sink;

    Helper(String mode) {
      this.mode = mode;
      try {
        file = Files.createTempFile("journal-interference", ".bin");
        direct = mode.startsWith("direct");
        channel =
            direct
                ? FileChannel.open(
                    file,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE,
                    com.sun.nio.file.ExtendedOpenOption.DIRECT)
                : FileChannel.open(
                    file, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        if (mode.equals("forceonly")) {
          channel.write(ByteBuffer.allocate(1 << 20));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this, "interference-helper");
      thread.setDaemon(true);
      thread.start();
    }

    boolean idle() {
      return state == 0;
    }

    void start(byte[] buffer, int bytes) {
      work = buffer;
      workBytes = bytes;
      state = 1;
      LockSupport.unpark(thread);
    }

    void awaitIdle() {
      if (state != 0) {
        waiter = Thread.currentThread();
        while (state != 0) {
          LockSupport.parkNanos(this, 100_000);
        }
        waiter = null;
      }
    }

    void stop() throws IOException {
      awaitIdle();
      state = 2;
      LockSupport.unpark(thread);
      channel.close();
    }

    @Override
    public void run() {
      while (true) {
        int s = state;
        if (s == 2) {
          return;
        }
        if (s == 0) {
          LockSupport.park(this);
          continue;
        }
        try {
          work();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        state = 0;
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }

    private void work() throws IOException {
      if (mode.equals("parked")) {
        return;
      }
      if (mode.equals("spin")) {
        long end = System.nanoTime() + Long.getLong("spin.us", 700) * 1000;
        long x = 1;
        while (System.nanoTime() < end) {
          for (int k = 0; k < 100; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
          }
        }
        sink += x;
        return;
      }
      if (mode.equals("forceonly")) {
        channel.force(false);
        return;
      }
      for (int p = 0; p < workBytes; ) {
        int n = Math.min(direct ? (1 << 16) : 1 << 16, workBytes - p);
        if (direct) {
          n = Math.max(4096, n & ~4095);
        }
        crc.reset();
        crc.update(work, p, n);
        sink += crc.getValue();
        if (!mode.equals("read")) {
          out.clear();
          out.put(work, p, Math.min(n, workBytes - p));
          out.position(n).flip();
          while (out.hasRemaining()) {
            channel.write(out);
          }
        }
        p += n;
      }
      if (!mode.equals("read")) {
        written += workBytes;
        if (written > 160L << 20) {
          channel.truncate(0);
          channel.position(0);
          written = 0;
        }
      }
      if (mode.endsWith("force")) {
        channel.force(false);
      }
    }
  }
}
