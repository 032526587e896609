package dev.blocks.bench.orderbook;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares two or more builds of the engine in one JVM, pass by pass: each benchmarks jar is loaded
 * by its own class loader (so each build has its own classes and its own JIT-compiled code), and
 * the timed passes of the {@link OrderFlow} alternate between the builds and venues (each round
 * starts with another build, and every other round runs them backwards), so that both builds meet
 * the same machine (this VM's vCPUs change memory speed over minutes, which makes separate JMH
 * forks of two builds incomparable; see {@link ForkProbe}). Prints each pass, then the median rate
 * of every (build, venue), the median over rounds of build B's rate over build A's for each venue
 * (by wall clock and by thread CPU time) for every other build B, and, with two or more venues, the
 * median over rounds of each build's rate of every venue over its first venue (e.g. journaled over
 * in-memory).
 *
 * <p>Usage, under the bench lock: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp
 * bench/target/benchmarks.jar dev.blocks.bench.orderbook.JarPair ROUNDS JAR_A JAR_B
 * blocks,blocksJournaled}. A build may also be a class path ({@code classes-dir:benchmarks.jar}:
 * classes in the directory shadow the jar's), named after its first element. {@code -Dburst=K}
 * times K consecutive passes per slot (default 1), as JMH runs one venue's passes back to back. Not
 * thread-safe (a single-threaded program).
 */
public final class JarPair {
  private JarPair() {}

  /** One build: its class loader, flow and venues (reflectively). */
  private static final class Build {
    final String name;
    final Object flow;
    final Object[] venues;
    final Method replay;
    final Method fillHash;

    Build(String classPath, String[] names) throws Exception {
      String[] parts = classPath.split(File.pathSeparator);
      URL[] urls = new URL[parts.length];
      for (int i = 0; i < parts.length; i++) {
        urls[i] = Path.of(parts[i]).toUri().toURL();
      }
      this.name = Path.of(parts[0]).getFileName().toString();
      URLClassLoader loader = new URLClassLoader(name, urls, ClassLoader.getPlatformClassLoader());
      Class<?> flowClass = loader.loadClass(OrderFlow.class.getName());
      Class<?> venueClass = loader.loadClass(Venue.class.getName());
      flow =
          flowClass
              .getMethod("generate", long.class, int.class, int.class)
              .invoke(null, 42L, MatchingEngineBenchmark.EVENTS, 20_000);
      Method of = venueClass.getMethod("of", String.class);
      venues = new Object[names.length];
      for (int v = 0; v < names.length; v++) {
        venues[v] = of.invoke(null, names[v]);
      }
      replay = venueClass.getMethod("replay", flowClass);
      fillHash = venueClass.getMethod("fillHash");
    }

    void replay(int v) throws Exception {
      replay.invoke(venues[v], flow);
    }

    long fillHash(int v) throws Exception {
      return (long) fillHash.invoke(venues[v]);
    }
  }

  /** Usage: {@code JarPair ROUNDS BUILD_A BUILD_B [BUILD...] VENUE[,VENUE...]}. */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    String[] names = args[args.length - 1].split(",");
    int burst = Integer.getInteger("burst", 1);
    int nb = args.length - 2;
    Build[] builds = new Build[nb];
    for (int b = 0; b < nb; b++) {
      builds[b] = new Build(args[1 + b], names);
    }
    int nv = names.length;
    for (int w = 0; w < 4; w++) {
      for (Build b : builds) {
        for (int v = 0; v < nv; v++) {
          b.replay(v);
        }
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][][] rate = new double[nb][nv][rounds];
    double[][][] cpu = new double[nb][nv][rounds];
    System.out.println("round build venue events_per_us cpu_ns_per_event");
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < nv; v++) {
        for (int k = 0; k < nb; k++) {
          // Each round starts with another build and every other round runs them backwards.
          int b = (r / 2 + ((r & 1) == 0 ? k : nb - 1 - k)) % nb;
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          for (int i = 0; i < burst; i++) {
            builds[b].replay(v);
          }
          long t1 = System.nanoTime();
          long c1 = mx.getCurrentThreadCpuTime();
          long events = (long) burst * MatchingEngineBenchmark.EVENTS;
          rate[b][v][r] = events * 1e3 / (t1 - t0);
          cpu[b][v][r] = (c1 - c0) / (double) events;
          System.out.printf(
              Locale.ROOT,
              "%d %s %s %.2f %.1f%n",
              r,
              builds[b].name,
              names[v],
              rate[b][v][r],
              cpu[b][v][r]);
        }
      }
    }
    for (int v = 0; v < nv; v++) {
      for (int b = 0; b < nb; b++) {
        if (builds[b].fillHash(v) != builds[0].fillHash(0)) {
          throw new IllegalStateException(
              builds[b].name + " " + names[v] + " fills differ from " + builds[0].name);
        }
      }
    }
    for (int v = 0; v < nv; v++) {
      for (int b = 0; b < nb; b++) {
        System.out.printf(
            Locale.ROOT,
            "%-24s %-16s median %.2f events/us, CPU %.1f ns/event%n",
            builds[b].name,
            names[v],
            median(rate[b][v]),
            median(cpu[b][v]));
      }
      for (int b = 1; b < nb; b++) {
        double[] ratio = new double[rounds];
        double[] cpuRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = rate[b][v][r] / rate[0][v][r];
          cpuRatio[r] = cpu[0][v][r] / cpu[b][v][r];
        }
        System.out.printf(
            Locale.ROOT,
            "%s: %s / %s per round: rate median %.3f, quartiles %s; by CPU time %.3f%n",
            names[v],
            builds[b].name,
            builds[0].name,
            median(ratio),
            quartiles(ratio),
            median(cpuRatio));
      }
    }
    for (int b = 0; b < nb; b++) {
      for (int v = 1; v < nv; v++) {
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = rate[b][v][r] / rate[b][0][r];
        }
        System.out.printf(
            Locale.ROOT,
            "%s: %s / %s per round: median %.3f, quartiles %s%n",
            builds[b].name,
            names[v],
            names[0],
            median(ratio),
            quartiles(ratio));
      }
    }
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String quartiles(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    List<String> q = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      q.add(String.format(Locale.ROOT, "%.3f", s[Math.min(s.length - 1, s.length * i / 4)]));
    }
    return String.join(" / ", q);
  }
}
