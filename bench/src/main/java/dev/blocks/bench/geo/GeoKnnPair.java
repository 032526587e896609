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
 * Same-JVM A/B of two builds of the geo module's k-nearest search, as {@link GeoJarPair} does for
 * radius search: each jar is loaded in its own class loader and builds its own {@code QuadTree}
 * over the same synthetic world (1M points), both builds must return the same number of points for
 * every query, and passes over the same 4,096 rotating queries alternate between the two builds,
 * timed by thread CPU time; prints the per-pass ratio B / A.
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoKnnPair
 * base.jar new.jar [passes] [k]} (k 10 unless given)
 */
public final class GeoKnnPair {

  private GeoKnnPair() {}

  /** One build: its jar in its own class loader, its tree over the world, its result buffer. */
  static final class Build {
    final String name;
    final Object tree;
    final Object hits;
    final MethodHandle nearest;

    Build(String jar, double[] lat, double[] lon) throws Exception {
      name = Path.of(jar).getFileName().toString();
      URLClassLoader loader =
          new URLClassLoader(
              name, new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> treeClass = loader.loadClass("dev.blocks.geo.QuadTree");
      Class<?> hitsClass = loader.loadClass("dev.blocks.geo.Hits");
      tree =
          treeClass
              .getMethod("ofPoints", double[].class, double[].class, int.class)
              .invoke(null, lat, lon, 100);
      hits = hitsClass.getConstructor(int.class).newInstance(1024);
      nearest =
          MethodHandles.publicLookup()
              .findVirtual(
                  treeClass,
                  "nearest",
                  MethodType.methodType(
                      int.class, double.class, double.class, int.class, hitsClass))
              .asType(
                  MethodType.methodType(
                      int.class,
                      Object.class,
                      double.class,
                      double.class,
                      int.class,
                      Object.class));
    }

    int query(double lat, double lon, int k) throws Throwable {
      return (int) nearest.invokeExact(tree, lat, lon, k, hits);
    }
  }

  public static void main(String[] args) throws Throwable {
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    SyntheticWorld world = SyntheticWorld.generate(1_000_000, 42);
    double[][] q = world.queries(4096, 7);
    Build[] builds = {
      new Build(args[0], world.lat, world.lon), new Build(args[1], world.lat, world.lon)
    };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 4096; i++) {
      int a = builds[0].query(q[0][i], q[1][i], k);
      int b = builds[1].query(q[0][i], q[1][i], k);
      if (a != b) {
        throw new IllegalStateException("builds differ at query " + i + ": " + a + " vs " + b);
      }
    }
    double[][] perQuery = new double[2][passes];
    for (int pass = -5; pass < passes; pass++) {
      for (int j = 0; j < 2; j++) {
        // Alternate which build goes first, so neither always follows the other.
        int which = (j + (pass & 1)) & 1;
        Build b = builds[which];
        long c0 = mx.getCurrentThreadCpuTime();
        for (int round = 0; round < 10; round++) {
          for (int i = 0; i < 4096; i++) {
            sink += b.query(q[0][i], q[1][i], k);
          }
        }
        if (pass >= 0) {
          perQuery[which][pass] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / 40960;
        }
      }
    }
    double[] ratio = new double[passes];
    for (int p = 0; p < passes; p++) {
      ratio[p] = perQuery[1][p] / perQuery[0][p];
    }
    for (int j = 0; j < 2; j++) {
      double[] s = perQuery[j].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%s: k=%d, thread CPU per query median %.3f us (min %.3f, max %.3f)%n",
          builds[j].name,
          k,
          s[passes / 2],
          s[0],
          s[passes - 1]);
    }
    Arrays.sort(ratio);
    System.out.printf(
        Locale.ROOT,
        "%s / %s per pass: median %.3f (quartiles %.3f-%.3f, %d passes)%n",
        builds[1].name,
        builds[0].name,
        ratio[passes / 2],
        ratio[passes / 4],
        ratio[3 * passes / 4],
        passes);
    if (sink == 42) {
      System.out.println();
    }
  }
}
