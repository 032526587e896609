package dev.blocks.bench.geo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * Same-JVM A/B of two builds' radius listing alone: the private {@code QuadTree.listRuns} (the
 * descent and the listing of the runs of points to scan, no scan and no ranking) of each jar (or
 * class directory), called through a method handle over the same 4,096 rotating 5 km queries of the
 * synthetic world, in alternating passes: 8 rounds of all queries (rotating: each finds its node
 * records as a stream of queries would), then each query 8 times in a row (hot: its records in
 * cache). {@code listRuns} is called with {@code byBox} true, as radius search calls it since
 * session 10; builds from before then, which lack that parameter, cannot be loaded. Prints the
 * points listed per query by each build (a pruning change may list a few more), the medians of the
 * passes' thread CPU per call, and of the per-pass ratios B / A.
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoListPair
 * base.jar new.jar [passes] [radiusMeters]}
 */
public final class GeoListPair {

  private GeoListPair() {}

  static final class Build {
    final String name;
    final Object tree;
    final Object hits;
    final MethodHandle list;

    Build(String jar, double[] lat, double[] lon) throws Exception {
      // The jar's loader, tree and buffer as GeoJarPair makes them; here the listing's handle.
      GeoJarPair.Build build = new GeoJarPair.Build(jar, lat, lon);
      name = build.name;
      tree = build.tree;
      hits = build.hits;
      Class<?> treeClass = build.treeClass;
      Class<?> hitsClass = build.hitsClass;
      Method m =
          treeClass.getDeclaredMethod(
              "listRuns",
              double.class,
              double.class,
              double.class,
              double.class,
              int.class,
              boolean.class,
              hitsClass);
      m.setAccessible(true);
      list =
          MethodHandles.lookup()
              .unreflect(m)
              .asType(
                  MethodType.methodType(
                      int.class,
                      Object.class,
                      double.class,
                      double.class,
                      double.class,
                      double.class,
                      int.class,
                      boolean.class,
                      Object.class));
    }
  }

  public static void main(String[] args) throws Throwable {
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    double r = args.length > 3 ? Double.parseDouble(args[3]) : 5000;
    SyntheticWorld world = SyntheticWorld.generate(1_000_000, 42);
    double[][] q = world.queries(4096, 7);
    double[] cos = new double[4096];
    for (int i = 0; i < 4096; i++) cos[i] = Math.cos(Math.toRadians(q[0][i]));
    Build[] b = {
      new Build(args[0], world.lat, world.lon), new Build(args[1], world.lat, world.lon)
    };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long[] listed = new long[2];
    for (int k = 0; k < 2; k++)
      for (int i = 0; i < 4096; i++)
        listed[k] +=
            (int)
                b[k].list.invokeExact(
                    b[k].tree, q[0][i], q[1][i], cos[i], r, Integer.MAX_VALUE, true, b[k].hits);
    System.out.printf(
        Locale.ROOT,
        "listed points per query: %s %.2f, %s %.2f%n",
        b[0].name,
        listed[0] / 4096.0,
        b[1].name,
        listed[1] / 4096.0);
    double[][] rot = new double[2][passes];
    double[][] hot = new double[2][passes];
    for (int pass = -5; pass < passes; pass++) {
      for (int kk = 0; kk < 2; kk++) {
        int w = (kk + (pass & 1)) & 1;
        Build x = b[w];
        long c0 = mx.getCurrentThreadCpuTime();
        for (int round = 0; round < 8; round++)
          for (int i = 0; i < 4096; i++)
            sink +=
                (int)
                    x.list.invokeExact(
                        x.tree, q[0][i], q[1][i], cos[i], r, Integer.MAX_VALUE, true, x.hits);
        long c1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 4096; i++)
          for (int rep = 0; rep < 8; rep++)
            sink +=
                (int)
                    x.list.invokeExact(
                        x.tree, q[0][i], q[1][i], cos[i], r, Integer.MAX_VALUE, true, x.hits);
        long c2 = mx.getCurrentThreadCpuTime();
        if (pass >= 0) {
          rot[w][pass] = (c1 - c0) / 1e3 / 32768;
          hot[w][pass] = (c2 - c1) / 1e3 / 32768;
        }
      }
    }
    for (int k = 0; k < 2; k++) {
      double[] s = rot[k].clone();
      Arrays.sort(s);
      double[] h = hot[k].clone();
      Arrays.sort(h);
      System.out.printf(
          Locale.ROOT,
          "%s: rotating median %.3f us (q %.3f-%.3f), hot median %.3f us (q %.3f-%.3f)%n",
          b[k].name,
          s[passes / 2],
          s[passes / 4],
          s[3 * passes / 4],
          h[passes / 2],
          h[passes / 4],
          h[3 * passes / 4]);
    }
    double[] rr = new double[passes], hr = new double[passes];
    for (int p = 0; p < passes; p++) {
      rr[p] = rot[1][p] / rot[0][p];
      hr[p] = hot[1][p] / hot[0][p];
    }
    Arrays.sort(rr);
    Arrays.sort(hr);
    System.out.printf(
        Locale.ROOT,
        "B/A rotating median %.3f (q %.3f-%.3f); hot median %.3f (q %.3f-%.3f); %d passes%n",
        rr[passes / 2],
        rr[passes / 4],
        rr[3 * passes / 4],
        hr[passes / 2],
        hr[passes / 4],
        hr[3 * passes / 4],
        passes);
    if (sink == 42) System.out.println();
  }
}
