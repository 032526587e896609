package dev.blocks.geo;

import java.util.Arrays;

/**
 * A {@link QuadTree} that takes updates without a full rebuild on each change: points are keyed by
 * a caller's {@code long} id and can be added, moved and removed. Changes go to a small delta (new
 * positions, plus tombstones for the base tree's stale copies) that every query merges with the
 * base tree; when the delta exceeds a threshold the tree is rebuilt from the live points and
 * swapped in.
 *
 * <p>What readers see: every query reads one immutable snapshot (base tree, tombstones, delta)
 * through a single volatile read, so it answers from the state after some complete sequence of
 * updates, never from half an update. Writers serialize on a lock and publish a new snapshot per
 * update (copying the delta, which the threshold keeps small). A rebuild runs on the writer that
 * triggers it (or that calls {@link #rebuild}) while holding the lock: during it, readers are not
 * blocked and keep answering from the previous snapshot, which already holds every completed
 * update; other writers wait; then the new base is published in one volatile write.
 *
 * <p>Answers equal those of a tree rebuilt from scratch over the live points, ids as the tie order.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.QuadTreeSnippets region=updates}
 *
 * <p>Thread-safe: any number of concurrent readers, writers serialized on an internal lock; each
 * reader thread passes its own {@link Hits}.
 *
 * @since 0.1
 */
public final class UpdatableQuadTree implements ProximityIndex {

  /**
   * The default number of delta entries (moves, inserts and tombstones) that triggers a rebuild.
   */
  public static final int DEFAULT_REBUILD_THRESHOLD = 4096;

  private final int capacity;
  private final int rebuildThreshold;
  private final Object writeLock = new Object();
  private volatile Snapshot snapshot;
  private int rebuilds;

  /** An immutable state: base tree over ids sorted ascending, dead base positions, delta. */
  private record Snapshot(
      QuadTree<Void> base,
      long[] baseIds,
      int[] dead,
      long[] deltaIds,
      double[] deltaLat,
      double[] deltaLon,
      int size) {}

  private UpdatableQuadTree(int capacity, int rebuildThreshold) {
    this.capacity = capacity;
    this.rebuildThreshold = rebuildThreshold;
    this.snapshot =
        new Snapshot(
            QuadTree.fromArrays(new double[0], new double[0], 0, capacity),
            new long[0],
            new int[0],
            new long[0],
            new double[0],
            new double[0],
            0);
  }

  /** Creates an empty tree with leaf capacity 100 and the default rebuild threshold. */
  public static UpdatableQuadTree create() {
    return create(QuadTree.DEFAULT_CAPACITY, DEFAULT_REBUILD_THRESHOLD);
  }

  /**
   * Creates an empty tree.
   *
   * @param capacity leaf capacity of the base tree, at least 1
   * @param rebuildThreshold delta size that triggers a rebuild, at least 1
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static UpdatableQuadTree create(int capacity, int rebuildThreshold) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    if (rebuildThreshold < 1) {
      throw new IllegalArgumentException("rebuildThreshold must be >= 1, got " + rebuildThreshold);
    }
    return new UpdatableQuadTree(capacity, rebuildThreshold);
  }

  @Override
  public int size() {
    return snapshot.size;
  }

  /** Returns how many rebuilds have run (for monitoring). */
  public int rebuilds() {
    synchronized (writeLock) {
      return rebuilds;
    }
  }

  /**
   * Adds a point, or moves it if the id is present.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range (the tree is unchanged)
   */
  public void put(long id, double latitude, double longitude) {
    GeoHash.checkLatitude(latitude);
    GeoHash.checkLongitude(longitude);
    synchronized (writeLock) {
      Snapshot s = snapshot;
      boolean live = isLive(s, id);
      int pos = Arrays.binarySearch(s.deltaIds, id);
      long[] ids;
      double[] lat;
      double[] lon;
      if (pos >= 0) {
        ids = s.deltaIds;
        lat = s.deltaLat.clone();
        lon = s.deltaLon.clone();
        lat[pos] = latitude;
        lon[pos] = longitude;
      } else {
        int at = -pos - 1;
        ids = insert(s.deltaIds, at, id);
        lat = insert(s.deltaLat, at, latitude);
        lon = insert(s.deltaLon, at, longitude);
      }
      int[] dead = kill(s, id);
      publish(new Snapshot(s.base, s.baseIds, dead, ids, lat, lon, s.size + (live ? 0 : 1)));
    }
  }

  /**
   * Removes a point.
   *
   * @return whether the id was present
   */
  public boolean remove(long id) {
    synchronized (writeLock) {
      Snapshot s = snapshot;
      if (!isLive(s, id)) {
        return false;
      }
      int pos = Arrays.binarySearch(s.deltaIds, id);
      long[] ids = s.deltaIds;
      double[] lat = s.deltaLat;
      double[] lon = s.deltaLon;
      if (pos >= 0) {
        ids = delete(ids, pos);
        lat = delete(lat, pos);
        lon = delete(lon, pos);
      }
      publish(new Snapshot(s.base, s.baseIds, kill(s, id), ids, lat, lon, s.size - 1));
      return true;
    }
  }

  /** Rebuilds the base tree from the live points now and swaps it in. */
  public void rebuild() {
    synchronized (writeLock) {
      snapshot = rebuilt(snapshot);
      rebuilds++;
    }
  }

  @Override
  public int nearest(double latitude, double longitude, int k, Hits out) {
    Snapshot s = snapshot;
    s.base.nearest(latitude, longitude, k, out, s.dead);
    out.remapIds(s.baseIds);
    double phi = Math.toRadians(latitude);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    for (int i = 0; i < s.deltaIds.length; i++) {
      double d = GreatCircle.distance(phi, sinPhi, cosPhi, longitude, s.deltaLat[i], s.deltaLon[i]);
      out.offer(s.deltaIds[i], d, k);
    }
    return out.size();
  }

  @Override
  public int withinRadius(double latitude, double longitude, double radiusMeters, Hits out) {
    Snapshot s = snapshot;
    s.base.withinRadius(latitude, longitude, radiusMeters, out, s.dead);
    out.remapIds(s.baseIds);
    double phi = Math.toRadians(latitude);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    for (int i = 0; i < s.deltaIds.length; i++) {
      double d = GreatCircle.distance(phi, sinPhi, cosPhi, longitude, s.deltaLat[i], s.deltaLon[i]);
      if (d <= radiusMeters) {
        out.add(s.deltaIds[i], d);
      }
    }
    out.sort();
    return out.size();
  }

  private void publish(Snapshot s) {
    if (s.deltaIds.length + s.dead.length > rebuildThreshold) {
      snapshot = rebuilt(s);
      rebuilds++;
    } else {
      snapshot = s;
    }
  }

  private static boolean isLive(Snapshot s, long id) {
    if (Arrays.binarySearch(s.deltaIds, id) >= 0) {
      return true;
    }
    int pos = Arrays.binarySearch(s.baseIds, id);
    return pos >= 0 && Arrays.binarySearch(s.dead, pos) < 0;
  }

  /** The dead list with the base copy of {@code id} added, if there is a live one. */
  private static int[] kill(Snapshot s, long id) {
    int pos = Arrays.binarySearch(s.baseIds, id);
    if (pos < 0) {
      return s.dead;
    }
    int at = Arrays.binarySearch(s.dead, pos);
    if (at >= 0) {
      return s.dead;
    }
    int i = -at - 1;
    int[] out = new int[s.dead.length + 1];
    System.arraycopy(s.dead, 0, out, 0, i);
    out[i] = pos;
    System.arraycopy(s.dead, i, out, i + 1, s.dead.length - i);
    return out;
  }

  private Snapshot rebuilt(Snapshot s) {
    QuadTree<Void> base = s.base;
    int n = base.size();
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      int pos = base.idAt(i);
      lat[pos] = base.latitudeAt(i);
      lon[pos] = base.longitudeAt(i);
    }
    int total = s.size;
    long[] ids = new long[total];
    double[] newLat = new double[total];
    double[] newLon = new double[total];
    int out = 0;
    int d = 0;
    int deadAt = 0;
    for (int pos = 0; pos <= n; pos++) {
      boolean live = pos < n;
      if (live && deadAt < s.dead.length && s.dead[deadAt] == pos) {
        deadAt++;
        live = false;
      }
      long id = pos < n ? s.baseIds[pos] : Long.MAX_VALUE;
      while (d < s.deltaIds.length && (pos == n || s.deltaIds[d] < id)) {
        ids[out] = s.deltaIds[d];
        newLat[out] = s.deltaLat[d];
        newLon[out] = s.deltaLon[d];
        out++;
        d++;
      }
      if (live) {
        ids[out] = id;
        newLat[out] = lat[pos];
        newLon[out] = lon[pos];
        out++;
      }
    }
    QuadTree<Void> tree = QuadTree.fromArrays(newLat, newLon, out, capacity);
    return new Snapshot(
        tree, Arrays.copyOf(ids, out), new int[0], new long[0], new double[0], new double[0], out);
  }

  private static long[] insert(long[] a, int at, long v) {
    long[] out = new long[a.length + 1];
    System.arraycopy(a, 0, out, 0, at);
    out[at] = v;
    System.arraycopy(a, at, out, at + 1, a.length - at);
    return out;
  }

  private static double[] insert(double[] a, int at, double v) {
    double[] out = new double[a.length + 1];
    System.arraycopy(a, 0, out, 0, at);
    out[at] = v;
    System.arraycopy(a, at, out, at + 1, a.length - at);
    return out;
  }

  private static long[] delete(long[] a, int at) {
    long[] out = new long[a.length - 1];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(a, at + 1, out, at, a.length - at - 1);
    return out;
  }

  private static double[] delete(double[] a, int at) {
    double[] out = new double[a.length - 1];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(a, at + 1, out, at, a.length - at - 1);
    return out;
  }
}
