package dev.blocks.bench.geo;

import java.util.SplittableRandom;

/**
 * A clustered synthetic world of points, from a fixed seed: Gaussian cities whose populations
 * follow a power law (Pareto, alpha 1.1), including cities that straddle the antimeridian and
 * cities near both poles, plus a uniform background over the sphere (10 % of the points).
 */
final class SyntheticWorld {

  final double[] lat;
  final double[] lon;
  private final double[] cityLat;
  private final double[] cityLon;
  private final double[] citySigmaKm;
  private final double[] cumulative;

  private SyntheticWorld(int n, int cities, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    cityLat = new double[cities];
    cityLon = new double[cities];
    citySigmaKm = new double[cities];
    cumulative = new double[cities];
    double total = 0;
    for (int c = 0; c < cities; c++) {
      if (c < 20) {
        cityLat[c] = r.nextDouble(-60, 60);
        cityLon[c] = c % 2 == 0 ? 179.95 : -179.95; // straddles the antimeridian
      } else if (c < 40) {
        cityLat[c] = (c % 2 == 0 ? 1 : -1) * r.nextDouble(85, 89.95); // near a pole
        cityLon[c] = r.nextDouble(-180, 180);
      } else {
        cityLat[c] = Math.toDegrees(Math.asin(r.nextDouble(-0.95, 0.95)));
        cityLon[c] = r.nextDouble(-180, 180);
      }
      double population = Math.pow(1 - r.nextDouble(), -1 / 1.1); // Pareto, x_min 1
      citySigmaKm[c] = Math.min(60, 2 * Math.sqrt(population));
      total += population;
      cumulative[c] = total;
    }
    for (int c = 0; c < cities; c++) {
      cumulative[c] /= total;
    }
    lat = new double[n];
    lon = new double[n];
    for (int i = 0; i < n; i++) {
      if (r.nextInt(10) == 0) {
        lat[i] = Math.toDegrees(Math.asin(r.nextDouble(-1, 1)));
        lon[i] = r.nextDouble(-180, 180);
      } else {
        near(r, city(r), lat, lon, i, 1);
      }
    }
  }

  static SyntheticWorld generate(int n, long seed) {
    return new SyntheticWorld(n, 3000, seed);
  }

  /** Query locations near cities, chosen by population, from their own seed. */
  double[][] queries(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] qLat = new double[count];
    double[] qLon = new double[count];
    for (int i = 0; i < count; i++) {
      near(r, city(r), qLat, qLon, i, 1);
    }
    return new double[][] {qLat, qLon};
  }

  private int city(SplittableRandom r) {
    double u = r.nextDouble();
    int i = java.util.Arrays.binarySearch(cumulative, u);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private void near(
      SplittableRandom r, int c, double[] outLat, double[] outLon, int i, double scale) {
    double dy = r.nextGaussian() * citySigmaKm[c] * scale;
    double dx = r.nextGaussian() * citySigmaKm[c] * scale;
    double la = cityLat[c] + dy / 111.2;
    double lo = cityLon[c] + dx / (111.2 * Math.max(0.01, Math.cos(Math.toRadians(cityLat[c]))));
    if (la > 90) {
      la = 180 - la;
      lo += 180;
    } else if (la < -90) {
      la = -180 - la;
      lo += 180;
    }
    while (lo > 180) {
      lo -= 360;
    }
    while (lo < -180) {
      lo += 360;
    }
    outLat[i] = la;
    outLon[i] = lo;
  }
}
