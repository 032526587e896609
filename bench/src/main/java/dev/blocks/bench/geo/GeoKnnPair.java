package dev.blocks.bench.geo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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

  /** One build (as {@link GeoJarPair} loads it) and its handle on {@code nearest}. */
  static final class Build {
    final GeoJarPair.Build build;
    final MethodHandle nearest;

    Build(String jar, double[] lat, double[] lon) throws Exception {
      build = new GeoJarPair.Build(jar, lat, lon);
      nearest =
          MethodHandles.publicLookup()
              .findVirtual(
                  build.treeClass,
                  "nearest",
                  MethodType.methodType(
                      int.class, double.class, double.class, int.class, build.hitsClass))
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
      return (int) nearest.invokeExact(build.tree, lat, lon, k, build.hits);
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
    GeoJarPair.Query[] sides = new GeoJarPair.Query[2];
    for (int j = 0; j < 2; j++) {
      Build b = builds[j];
      sides[j] = i -> b.query(q[0][i], q[1][i], k);
    }
    GeoJarPair.checkSame(sides, "builds");
    double[][] perQuery =
        GeoJarPair.alternate(
            GeoJarPair.threadCpu(sides, false), new int[] {10, 10}, 5, 0, passes, 4096);
    GeoJarPair.report(
        new String[] {builds[0].build.name, builds[1].build.name},
        ", k=" + k + ", thread CPU",
        perQuery);
  }
}
