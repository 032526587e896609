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
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    // Same answers from both builds (hit counts), then warm-up.
    for (int i = 0; i < 4096; i++) {
      int a =
          (int)
              builds[0].radius.invokeExact(
                  builds[0].tree, q[0][i], q[1][i], radiusMeters, builds[0].hits);
      int b =
          (int)
              builds[1].radius.invokeExact(
                  builds[1].tree, q[0][i], q[1][i], radiusMeters, builds[1].hits);
      if (a != b) {
        throw new IllegalStateException("builds differ at query " + i + ": " + a + " vs " + b);
      }
    }
    double[][] perQuery = new double[2][passes];
    for (int pass = -5; pass < passes; pass++) {
      for (int k = 0; k < 2; k++) {
        // Alternate which build goes first, so neither always follows the other.
        Build b = builds[(k + (pass & 1)) & 1];
        int which = (k + (pass & 1)) & 1;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int round = 0; round < 10; round++) {
          for (int i = 0; i < 4096; i++) {
            sink += (int) b.radius.invokeExact(b.tree, q[0][i], q[1][i], radiusMeters, b.hits);
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
    for (int k = 0; k < 2; k++) {
      double[] s = perQuery[k].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%s: thread CPU per query median %.3f us (min %.3f, max %.3f)%n",
          builds[k].name,
          s[passes / 2],
          s[0],
          s[passes - 1]);
    }
    double[] r = ratio.clone();
    Arrays.sort(r);
    System.out.printf(
        Locale.ROOT,
        "%s / %s per pass: median %.3f (quartiles %.3f-%.3f, %d passes)%n",
        builds[1].name,
        builds[0].name,
        r[passes / 2],
        r[passes / 4],
        r[3 * passes / 4],
        passes);
    if (sink == 42) {
      System.out.println();
    }
  }
}
