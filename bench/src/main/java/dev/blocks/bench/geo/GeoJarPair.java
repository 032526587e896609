package dev.blocks.bench.geo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Same-JVM A/B of two builds of the geo module's radius search: each jar (e.g. two {@code
 * benchmarks.jar}) is loaded in its own class loader, each builds its own {@code QuadTree} over the
 * same synthetic world, and passes over the same 4,096 rotating 5 km queries alternate between the
 * two builds, timed by thread CPU time. Both builds meet the same machine phases, so their ratio is
 * steadier than two JVMs' (whose JIT and memory placement differ run to run).
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoJarPair
 * base.jar new.jar [passes] [radiusMeters]}
 */
public final class GeoJarPair {

  private GeoJarPair() {}

  /** One build: its jar in its own class loader, its tree over the world, its result buffer. */
  static final class Build {
    final String name;
    final Class<?> treeClass;
    final Class<?> hitsClass;
    final Object tree;
    final Object hits;
    final MethodHandle radius;

    Build(String jar, double[] lat, double[] lon) throws Exception {
      name = Path.of(jar).getFileName().toString();
      URLClassLoader loader =
          new URLClassLoader(
              name, new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      treeClass = loader.loadClass("dev.blocks.geo.QuadTree");
      hitsClass = loader.loadClass("dev.blocks.geo.Hits");
      tree =
          treeClass
              .getMethod("ofPoints", double[].class, double[].class, int.class)
              .invoke(null, lat, lon, 100);
      hits = hitsClass.getConstructor(int.class).newInstance(1024);
      radius =
          MethodHandles.publicLookup()
              .findVirtual(
                  treeClass,
                  "withinRadius",
                  MethodType.methodType(
                      int.class, double.class, double.class, double.class, hitsClass))
              .asType(
                  MethodType.methodType(
                      int.class,
                      Object.class,
                      double.class,
                      double.class,
                      double.class,
                      Object.class));
    }
  }

  public static void main(String[] args) throws Throwable {
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    double radiusMeters = args.length > 3 ? Double.parseDouble(args[3]) : 5000;
    SyntheticWorld world = SyntheticWorld.generate(1_000_000, 42);
    double[][] q = world.queries(4096, 7);
    Build[] builds = {
      new Build(args[0], world.lat, world.lon), new Build(args[1], world.lat, world.lon)
    };
    Query[] sides = new Query[2];
    for (int k = 0; k < 2; k++) {
      Build b = builds[k];
      sides[k] = i -> (int) b.radius.invokeExact(b.tree, q[0][i], q[1][i], radiusMeters, b.hits);
    }
    checkSame(sides, "builds");
    double[][] perQuery =
        alternate(threadCpu(sides, false), new int[] {10, 10}, 5, 0, passes, 4096);
    report(new String[] {builds[0].name, builds[1].name}, ", thread CPU", perQuery);
  }

  /** One query of a same-JVM A/B: the i-th of the 4,096 query points; returns its hit count. */
  interface Query {
    int run(int i) throws Throwable;
  }

  /** Fails unless both sides return the same hit count for each of the 4,096 queries. */
  static void checkSame(Query[] sides, String what) throws Throwable {
    for (int i = 0; i < 4096; i++) {
      int a = sides[0].run(i);
      int b = sides[1].run(i);
      if (a != b) {
        throw new IllegalStateException(what + " differ at query " + i + ": " + a + " vs " + b);
      }
    }
  }

  /** Runs the 4,096 queries {@code rounds} times from {@code offset} on; returns their sum. */
  static long rounds(Query query, int rounds, int offset) throws Throwable {
    long sum = 0;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 4096; i++) {
        sum += query.run((offset + i) & 4095);
      }
    }
    return sum;
  }

  // The sides' results, summed so that the JIT keeps the queries.
  static long sink;

  /** One pass of one side: runs side {@code which} for {@code rounds} rounds, returns its time. */
  interface Pass {
    long nanos(int which, int rounds) throws Throwable;
  }

  /**
   * A {@link Pass} timed by this thread's CPU time. With {@code leadIn}, each side first runs one
   * untimed round (so that its own data, not the other side's, is in the caches when its timing
   * starts).
   */
  static Pass threadCpu(Query[] sides, boolean leadIn) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return (which, rounds) -> {
      if (leadIn) {
        sink += rounds(sides[which], 1, 0);
      }
      long c0 = mx.getCurrentThreadCpuTime();
      sink += rounds(sides[which], rounds, 0);
      return mx.getCurrentThreadCpuTime() - c0;
    };
  }

  /**
   * Runs two sides in alternating passes and returns each side's time per query (us) of every timed
   * pass, {@code [side][pass]}: a pass's time over {@code rounds[side] * queriesPerRound}. First at
   * least {@code warmPasses} passes and at least {@code warmNanos} of untimed warm-up; then {@code
   * passes} timed passes, each running both sides, alternating which goes first so that neither
   * always follows the other.
   */
  static double[][] alternate(
      Pass pass, int[] rounds, int warmPasses, long warmNanos, int passes, int queriesPerRound)
      throws Throwable {
    long warmUntil = System.nanoTime() + warmNanos;
    for (int warm = 0; warm < warmPasses || System.nanoTime() < warmUntil; warm++) {
      for (int k = 0; k < 2; k++) {
        pass.nanos(k, rounds[k]);
      }
    }
    double[][] perQuery = new double[2][passes];
    for (int p = 0; p < passes; p++) {
      for (int j = 0; j < 2; j++) {
        int which = (j + p) & 1;
        perQuery[which][p] =
            pass.nanos(which, rounds[which]) / 1e3 / ((double) queriesPerRound * rounds[which]);
      }
    }
    return perQuery;
  }

  /**
   * Prints each side's median time per query ({@code what} names it) with quartiles and extremes,
   * and the median (quartiles, extremes) of the per-pass ratios side 1 / side 0.
   */
  static void report(String[] names, String what, double[][] perQuery) {
    int passes = perQuery[0].length;
    for (int k = 0; k < 2; k++) {
      double[] s = perQuery[k].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%s%s per query: median %.3f us (quartiles %.3f-%.3f, min %.3f, max %.3f)%n",
          names[k],
          what,
          s[passes / 2],
          s[passes / 4],
          s[3 * passes / 4],
          s[0],
          s[passes - 1]);
    }
    double[] r = new double[passes];
    for (int p = 0; p < passes; p++) {
      r[p] = perQuery[1][p] / perQuery[0][p];
    }
    Arrays.sort(r);
    System.out.printf(
        Locale.ROOT,
        "%s / %s per pass: median %.3f (quartiles %.3f-%.3f, min %.3f, max %.3f, %d passes)%n",
        names[1],
        names[0],
        r[passes / 2],
        r[passes / 4],
        r[3 * passes / 4],
        r[0],
        r[passes - 1],
        passes);
  }
}
