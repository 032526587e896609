package dev.blocks.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A point quadtree over latitude/longitude for proximity search ranked by exact great-circle
 * distance: the world rectangle is split into four at its midpoints, recursively, until no leaf
 * holds more than {@code capacity} points (default {@value #DEFAULT_CAPACITY}, the classic "split a
 * cell past 100 businesses" rule).
 *
 * <p>The tree is built in one pass from a collection and stored in packed primitive arrays: the
 * points' coordinates (interleaved, a point's pair in one cache line) and ids in leaf order ({@code
 * double}, {@code double}, {@code int}: 20 bytes a point); per node, one 32-byte record: its
 * children, its point range, its tight bounding box as outward-rounded {@code float}s and a lower
 * bound of cos(latitude) over the box, plus a 4-byte link (first child, leaf or empty) that alone
 * serves to locate a query, so that the descent reads a small array that stays in cache; and per
 * leaf of 17 to 255 points, 16 bytes: the ends of the cells of a 4x4 grid over its box, its points
 * being ordered by cell, so that a search reads only the cells near it. There is no object per
 * point or per node.
 *
 * <p>Queries (k nearest, within a radius, within a box) rank by {@link GreatCircle#distance}, the
 * haversine distance on a sphere of radius {@value GreatCircle#EARTH_RADIUS_METERS} m, and break
 * ties by id, the item's position in the build collection, so their answers equal a brute-force
 * scan exactly. Search prunes and orders by a lower bound of the haversine term {@code h =
 * sin^2(dLat/2) + cos(lat1) cos(lat2) sin^2(dLon/2)}, which is strictly increasing in the distance:
 * for a node, from its box (the smallest latitude gap, the smallest longitude gap the shorter way
 * round the antimeridian, the box's smallest cosine of latitude) and for a point from its own gaps,
 * with {@code sin y >= y - y^3/6}, so neither needs a transcendental call and both stay true bounds
 * across the antimeridian and at the poles, where flat-degree bounds are wrong. Only points whose
 * bound does not exceed the current k-th distance (or the radius), widened by a relative 1e-9
 * against rounding, get their exact distance computed. k-nearest search first locates the query
 * down the cells that hold it (one record read a level), scans that leaf's grid cells nearest
 * first, and then drops unread every sibling passed on the way that lies outside a cell whose
 * border is already farther than the k-th distance (the latitude gap, and the angle {@code
 * asin(cos(lat) |sin(dLon)|)} to a meridian's great circle); the rest is best-first: nodes in a
 * heap by bound, the top k in a max-heap (filled unordered, heapified once full). For k of {@value
 * #RADIUS_MIN_K} or more, k-nearest search first collects a circle instead, with the radius
 * search's machinery: its radius is sized from the point density of the smallest cell on the
 * query's path holding at least {@value #RADIUS_EST_MIN} points so as to hold about 1.2 k points;
 * every point it lists gets a lower bound of its haversine term, tight to a few parts in a million
 * (the point's cos(latitude) from the query's by a second-order bound); if at least k points lie
 * within the circle, a counting pass finds a level just above the k-th smallest bound, and only the
 * points whose bound is within that level (about k, and every point tied with the k-th) get an
 * exact distance and the ranking, whose first k are the answer, exactly (checked: if the k-th
 * nearest is not within the level, the whole circle is ranked). A circle found to hold too few (or,
 * by its listed runs, too many to scan) is resized before its points are read, and after a few
 * circles, or past 500 km, best-first search takes over. A gridded leaf's coordinate and id cache
 * lines are read up front, one word a line, so that they arrive together rather than one at a time
 * as the scan reaches them; for k above 32 gridded leaves are scanned whole in one pass. Radius
 * search descends the cells that hold the whole circle the same way and accepts a node whose box
 * lies inside the circle by an upper bound without bounding its points (each hit still passes the
 * exact test); it first lists the runs of points to scan (of a gridded leaf, one run from the first
 * to the last of its cells whose row and column bounds are within the radius), then reads one word
 * of every coordinate and id line of all the runs so that their cache misses overlap. The runs of
 * nodes whose box lies within the reach of {@link GreatCircle#distance}'s short series from the
 * query (about 25 km, away from the poles) get the haversine terms of all their points in a few
 * branch-free loops the JIT compiles to SIMD instructions; those whose term is within the radius's
 * exact limit (the distance is a non-decreasing function of the term) are kept by a branch-free
 * compaction, and only they get their distance, in one more SIMD loop; other runs bound their
 * points in one pass and compute exact distances only for those that pass, gathered without a
 * branch.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.QuadTreeSnippets region=nearest}
 *
 * <p>The {@link Hits} variants of the queries allocate nothing once the buffer has grown to the
 * answer's size.
 *
 * <p>Immutable after {@link #build}; thread-safe, since queries only read its arrays (each thread
 * passes its own {@link Hits}).
 *
 * <p>Reference: R. A. Finkel and J. L. Bentley, "Quad trees: a data structure for retrieval on
 * composite keys", Acta Informatica 4 (1974); best-first search after G. R. Hjaltason and H. Samet,
 * "Distance browsing in spatial databases", ACM TODS 24(2) (1999).
 *
 * @param <T> item type
 * @since 0.1
 */
public final class QuadTree<T> implements ProximityIndex {

  /** The default leaf capacity. */
  public static final int DEFAULT_CAPACITY = 100;

  /** Subdivision stops at this depth (cells of about 0.02 mm), even over capacity. */
  static final int MAX_DEPTH = 40;

  // Coordinates in leaf order, interleaved: latitude of point i at 2i, its longitude at 2i + 1, so
  // that a point's pair shares one cache line.
  private final double[] coords;
  private final int[] ids;
  private final Object[] items; // null for a tree built from arrays
  private final int size;
  private final int capacity;
  // Per node, 8 ints (32 bytes, one load of a cache line for the node's whole record): the first
  // of its four contiguous children (-1 for a leaf), its point range [start, end), its tight box
  // (south, west, north, east as outward-rounded float bits; NaN for an empty node) and a lower
  // bound of cos(latitude) over the box (float bits).
  private final int[] nodes;
  // Per node, 4 bytes for locating a query: its first child, or LEAF, or EMPTY (a node without
  // points). The descent reads only this array, 4 bytes a node, which stays in cache where the
  // 32-byte records would not.
  private final int[] down;

  private static final int LEAF = -1;

  private static final int EMPTY = Integer.MIN_VALUE;
  private final int nodeCount;
  // A leaf of more than GRID_MIN_POINTS and at most GRID_MAX_POINTS points keeps them ordered by
  // the cells of a GRID x GRID grid over its box (column-major: by column, west to east, then by
  // row within a column, south to north; see gridCell); its child field is -2 - slot, and
  // grid[16 slot + c] is the end of cell c's points (as an unsigned byte, relative to the leaf's
  // start).
  private final byte[] grid;

  /** Cells per side of a leaf's grid. */
  static final int GRID = 4;

  private static final int GRID_CELLS = GRID * GRID;

  /** Leaves of at most this many points get no grid (a plain scan is as fast). */
  private static final int GRID_MIN_POINTS = 16;

  /** Leaves of more points (over capacity at the depth limit) get no grid: ends are bytes. */
  private static final int GRID_MAX_POINTS = 255;

  /**
   * k-nearest searches for more than this many points scan gridded leaves whole, in one pass: most
   * of a leaf's points are then wanted anyway, and ordering its cells costs more than it saves.
   */
  private static final int GRID_MAX_K = 32;

  private QuadTree(Builder b, Object[] items, int capacity) {
    this.coords = new double[2 * b.lat.length];
    for (int i = 0; i < b.lat.length; i++) {
      coords[2 * i] = b.lat[i];
      coords[2 * i + 1] = b.lon[i];
    }
    this.ids = b.id;
    this.items = items;
    this.size = b.lat.length;
    this.capacity = capacity;
    this.nodeCount = b.nodes;
    this.grid = Arrays.copyOf(b.grid, GRID_CELLS * b.leaves);
    this.nodes = new int[NODE_INTS * b.nodes];
    this.down = new int[b.nodes];
    for (int node = 0; node < b.nodes; node++) {
      int o = NODE_INTS * node;
      int f = 4 * node;
      down[node] = b.child[node] >= 0 ? b.child[node] : b.start[node] == b.end[node] ? EMPTY : LEAF;
      nodes[o] = b.child[node];
      nodes[o + 1] = b.start[node];
      nodes[o + 2] = b.end[node];
      for (int j = 0; j < 4; j++) {
        nodes[o + 3 + j] = Float.floatToRawIntBits(b.box[f + j]);
      }
      float cos = 0;
      if (!Float.isNaN(b.box[f])) {
        double polar = Math.max(Math.abs((double) b.box[f]), Math.abs((double) b.box[f + 2]));
        cos = Math.max(0f, Math.nextDown((float) Math.cos(Math.toRadians(polar))));
      }
      nodes[o + 7] = Float.floatToRawIntBits(cos);
    }
  }

  /** Ints per node in {@link #nodes}. */
  private static final int NODE_INTS = 8;

  private int child(int node) {
    return nodes[NODE_INTS * node];
  }

  private int start(int node) {
    return nodes[NODE_INTS * node + 1];
  }

  private int end(int node) {
    return nodes[NODE_INTS * node + 2];
  }

  /**
   * The {@code i}-th of the {@value #GRID} + 1 edges of a leaf grid between {@code lo} and {@code
   * hi}: the same arithmetic at build and at query time, so a point's cell holds it exactly.
   */
  static double gridEdge(double lo, double hi, int i) {
    return i == 0 ? lo : i == GRID ? hi : lo + (hi - lo) * (i * (1.0 / GRID));
  }

  /**
   * The index of a leaf grid's cell in the leaf's point order: column-major, so that the cells of a
   * box's columns, which a radius search's box lists as one run ({@link #boxRun}), are consecutive
   * within each column, and a run from the box's first cell to its last holds the whole columns
   * between instead of whole rows. Leaves are about twice as wide in degrees of longitude as of
   * latitude, and at mid latitudes wider on the ground too, so a circle's box spans fewer of a
   * leaf's columns than of its rows in the order: 144.8 points listed a 5 km query against 151.5
   * row-major (gridded leaves of the benchmark's synthetic world).
   */
  static int gridCell(int row, int col) {
    return GRID * col + row;
  }

  /** The row of a grid cell index ({@link #gridCell}). */
  private static int cellRow(int cell) {
    return cell % GRID;
  }

  /** The column of a grid cell index ({@link #gridCell}). */
  private static int cellCol(int cell) {
    return cell / GRID;
  }

  /** The grid row (or column) of a coordinate in [lo, hi]: its cell lies between two edges. */
  static int gridRow(double v, double lo, double hi) {
    int r = 0;
    for (int i = 1; i < GRID; i++) {
      if (v >= gridEdge(lo, hi, i)) {
        r = i;
      }
    }
    return r;
  }

  /** Box edge {@code j} of a node: 0 south, 1 west, 2 north, 3 east. */
  private float box(int node, int j) {
    return Float.intBitsToFloat(nodes[NODE_INTS * node + 3 + j]);
  }

  private float cosMin(int node) {
    return Float.intBitsToFloat(nodes[NODE_INTS * node + 7]);
  }

  /**
   * Builds a tree with leaf capacity {@value #DEFAULT_CAPACITY}.
   *
   * @throws IllegalArgumentException if an item's coordinate is NaN or out of range (the message
   *     names the item's position)
   * @throws NullPointerException if an argument or an item is null
   */
  public static <T> QuadTree<T> build(
      Collection<? extends T> items,
      ToDoubleFunction<? super T> latitude,
      ToDoubleFunction<? super T> longitude) {
    return build(items, latitude, longitude, DEFAULT_CAPACITY);
  }

  /**
   * Builds a tree whose leaves hold at most {@code capacity} points (more only where over {@code
   * capacity} points share a location to within {@link #MAX_DEPTH} halvings).
   *
   * @throws IllegalArgumentException if {@code capacity < 1} or an item's coordinate is NaN or out
   *     of range (the message names the item's position)
   * @throws NullPointerException if an argument or an item is null
   */
  public static <T> QuadTree<T> build(
      Collection<? extends T> items,
      ToDoubleFunction<? super T> latitude,
      ToDoubleFunction<? super T> longitude,
      int capacity) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(latitude, "latitude");
    Objects.requireNonNull(longitude, "longitude");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    Object[] all = items.toArray();
    int n = all.length;
    Builder b = new Builder(n, capacity);
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked")
      T item = (T) Objects.requireNonNull(all[i], "item");
      double lat = latitude.applyAsDouble(item);
      double lon = longitude.applyAsDouble(item);
      try {
        GeoHash.checkLatitude(lat);
        GeoHash.checkLongitude(lon);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("item " + i + ": " + e.getMessage(), e);
      }
      b.lat[i] = lat;
      b.lon[i] = lon;
      b.id[i] = i;
    }
    b.build();
    return new QuadTree<>(b, all, capacity);
  }

  /**
   * Builds a tree over coordinate arrays (copied), without items: a point's id is its index in the
   * arrays, and {@link #item} is not available. The fastest way to build, with no object per point
   * even during the build.
   *
   * @throws IllegalArgumentException if the arrays differ in length, {@code capacity < 1}, or a
   *     coordinate is NaN or out of range (the message names its index)
   * @throws NullPointerException if an array is null
   */
  public static QuadTree<Void> ofPoints(double[] latitudes, double[] longitudes, int capacity) {
    if (latitudes.length != longitudes.length) {
      throw new IllegalArgumentException(
          "latitudes and longitudes must have the same length, got "
              + latitudes.length
              + " and "
              + longitudes.length);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    for (int i = 0; i < latitudes.length; i++) {
      try {
        GeoHash.checkLatitude(latitudes[i]);
        GeoHash.checkLongitude(longitudes[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("point " + i + ": " + e.getMessage(), e);
      }
    }
    return fromArrays(latitudes, longitudes, latitudes.length, capacity);
  }

  /**
   * Builds a tree over coordinate arrays (copied); ids are array positions and there are no items.
   */
  static QuadTree<Void> fromArrays(double[] latitudes, double[] longitudes, int n, int capacity) {
    Builder b = new Builder(n, capacity);
    System.arraycopy(latitudes, 0, b.lat, 0, n);
    System.arraycopy(longitudes, 0, b.lon, 0, n);
    for (int i = 0; i < n; i++) {
      b.id[i] = i;
    }
    b.build();
    return new QuadTree<>(b, null, capacity);
  }

  @Override
  public int size() {
    return size;
  }

  /** Returns the leaf capacity the tree was built with. */
  public int capacity() {
    return capacity;
  }

  /** Returns the number of nodes, leaves included. */
  public int nodeCount() {
    return nodeCount;
  }

  /**
   * Returns the bytes held by the tree's own arrays (coordinates, ids, nodes, leaf grids), not
   * counting the array of references to the caller's items ({@code size() * 4} more with compressed
   * oops).
   */
  public long indexBytes() {
    return 20L * size + 4L * (NODE_INTS + 1) * nodeCount + grid.length;
  }

  /**
   * Returns the item with an id (its position in the build collection).
   *
   * @throws IndexOutOfBoundsException if the id is not in [0, size)
   */
  @SuppressWarnings("unchecked")
  public T item(long id) {
    Objects.checkIndex(id, size);
    if (items == null) {
      throw new IllegalStateException("this tree was built from arrays and holds no items");
    }
    return (T) items[(int) id];
  }

  /**
   * Returns the {@code k} items nearest to a point, nearest first, ties by id (fewer if the tree
   * holds fewer).
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or {@code k < 1}
   */
  public List<T> nearest(double latitude, double longitude, int k) {
    Hits hits = new Hits(Math.max(1, Math.min(k, Math.max(1, size))));
    nearest(latitude, longitude, k, hits);
    return items(hits);
  }

  /**
   * Puts into {@code out} the {@code k} points nearest to a point with their distances, nearest
   * first, ties by id. Allocation-free once {@code out} has grown.
   *
   * @return the number of hits, {@code min(k, size())}
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or {@code k < 1}
   * @throws NullPointerException if {@code out} is null
   */
  @Override
  public int nearest(double latitude, double longitude, int k, Hits out) {
    return nearest(latitude, longitude, k, out, NONE);
  }

  private static final int[] NONE = new int[0];

  private static boolean dead(int[] dead, int id) {
    return dead.length != 0 && Arrays.binarySearch(dead, id) >= 0;
  }

  /** k nearest, skipping the ids in {@code dead} (sorted). */
  int nearest(double latitude, double longitude, int k, Hits out, int[] dead) {
    GeoHash.checkLatitude(latitude);
    GeoHash.checkLongitude(longitude);
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    out.clear();
    out.heapClear();
    out.radiusTries = 0;
    if (size == 0) {
      return 0;
    }
    double phi = Math.toRadians(latitude);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    if (k >= RADIUS_MIN_K && k < size) {
      int n = nearestByRadius(latitude, longitude, phi, sinPhi, cosPhi, k, out, dead);
      if (n >= 0) {
        return n;
      }
    }
    double hBound = Double.POSITIVE_INFINITY;
    // The first descent locates the query: down the quadtree cells that hold it (the build's own
    // midpoint arithmetic), reading one record a level and noting the path. The siblings passed on
    // the way stay unread: once the first leaf has set a bound, those outside a cell of the path
    // whose border is already farther than the bound are dropped without a look.
    out.pendingClear();
    int chainDepth = locate(latitude, longitude, out);
    int node = out.pathNodes[chainDepth];
    boolean firstDescent = true;
    while (true) {
      // Descend greedily into the child with the smallest bound; the others wait in the heap.
      int c;
      while ((c = child(node)) >= 0) {
        int best = -1;
        double bestKey = Double.POSITIVE_INFINITY;
        for (int q = c; q < c + 4; q++) {
          if (start(q) < end(q)) {
            double key = nodeKey(q, latitude, longitude, cosPhi);
            if (key > hBound) {
              continue;
            }
            if (key < bestKey) {
              if (best >= 0) {
                wait(out, firstDescent, bestKey, best);
              }
              best = q;
              bestKey = key;
            } else {
              wait(out, firstDescent, key, q);
            }
          }
        }
        if (best < 0) {
          break;
        }
        node = best;
      }
      if (c < -1 && k <= GRID_MAX_K) {
        hBound =
            nearestInGrid(
                node, -2 - c, k, hBound, phi, sinPhi, cosPhi, latitude, longitude, out, dead);
      } else if (c < 0) {
        // A plain leaf, or a gridded one when k is large: most of its points are wanted anyway.
        int first = start(node);
        int n = end(node) - first;
        touchIds(first, first + n, out);
        double[] keys = leafKeys(node, first, n, latitude, longitude, cosPhi, out);
        int need = k - out.size();
        if (need > 0 && need < n && hBound == Double.POSITIVE_INFINITY) {
          // The top k is not full yet: first take the points with the `need` smallest bounds, so
          // that the bound tightens before the rest of the leaf is looked at.
          double t = out.select(keys, n, need);
          for (int j = 0; j < n; j++) {
            if (keys[j] <= t) {
              hBound = offerPoint(first + j, k, hBound, phi, sinPhi, cosPhi, longitude, out, dead);
            }
          }
          for (int j = 0; j < n; j++) {
            if (keys[j] > t && keys[j] <= hBound) {
              hBound = offerPoint(first + j, k, hBound, phi, sinPhi, cosPhi, longitude, out, dead);
            }
          }
        } else {
          for (int j = 0; j < n; j++) {
            if (keys[j] <= hBound) {
              hBound = offerPoint(first + j, k, hBound, phi, sinPhi, cosPhi, longitude, out, dead);
            }
          }
        }
      }
      if (firstDescent) {
        firstDescent = false;
        flushPending(out, chainDepth, hBound, latitude, longitude, cosPhi);
      }
      if (out.heapEmpty() || out.heapMinKey() > hBound) {
        break;
      }
      node = out.heapPop();
    }
    // The top-k is a max-heap: its root is the largest distance kept.
    // The top k holds leaf-order indexes until here; the sort needs the ids.
    out.indexesToIds(ids);
    out.sortWithin(out.size() == 0 ? 0 : out.distance(0));
    return out.size();
  }

  /**
   * Locates a query down the quadtree cells that hold it (the build's own midpoint arithmetic),
   * reading only the 4-byte links, one a level, and stopping above a leaf or an empty quadrant.
   * Notes the path in {@code out} by depth: the node holding the query ({@link Hits#pathNodes}),
   * the first of its group of four ({@link Hits#pathGroups}, from depth 1) and its cell ({@link
   * Hits#chainCell}); depth 0 is the root and the whole world. Returns the depth reached.
   */
  private int locate(double latitude, double longitude, Hits out) {
    int node = 0;
    int depth = 0;
    double cs = -90;
    double cw = -180;
    double cn = 90;
    double ce = 180;
    out.pathNodes[0] = 0;
    out.chainCell(0, cs, cw, cn, ce);
    int c0;
    int[] link = down;
    while ((c0 = link[node]) >= 0) {
      double midLat = (cs + cn) / 2;
      double midLon = (cw + ce) / 2;
      boolean north = latitude >= midLat;
      boolean east = longitude >= midLon;
      int q = c0 + (north ? 2 : 0) + (east ? 1 : 0);
      if (link[q] == EMPTY) {
        break; // the query's quadrant is empty: go on by bounds
      }
      if (north) {
        cs = midLat;
      } else {
        cn = midLat;
      }
      if (east) {
        cw = midLon;
      } else {
        ce = midLon;
      }
      depth++;
      out.pathGroups[depth] = c0;
      out.pathNodes[depth] = q;
      out.chainCell(depth, cs, cw, cn, ce);
      node = q;
    }
    return depth;
  }

  /** k-nearest searches for at least this many points collect a circle first. */
  static final int RADIUS_MIN_K = 33;

  /** The points a first circle is sized to hold, per point wanted. */
  private static final double RADIUS_TARGET = 1.2;

  /** The density of the smallest cell on the query's path with at least this many points. */
  private static final int RADIUS_EST_MIN = 100;

  /** Circles tried before best-first search takes over. */
  private static final int RADIUS_MAX_TRIES = 8;

  /**
   * A circle whose runs hold fewer points than this per point wanted is grown unread (the runs of a
   * circle hold about 1.25 times the points within it).
   */
  private static final double LISTED_LOW = 1.0;

  /** A circle whose runs hold more points than this per point wanted is shrunk unread. */
  private static final double LISTED_HIGH = 4;

  /** A circle resized by the count of its runs aims at this many listed points per point wanted. */
  private static final double LISTED_TARGET = 2;

  /** A circle grown by the count of its hits aims at this many hits per point wanted. */
  private static final double FOUND_TARGET = 1.4;

  /** Circles are not grown past this radius: best-first search is as fast in so sparse a place. */
  private static final double RADIUS_MAX_METERS = 500_000;

  /**
   * k nearest by collecting a circle: its radius is sized from the point density of the smallest
   * cell on the query's path that holds at least {@link #RADIUS_EST_MIN} points, so that it holds
   * about {@link #RADIUS_TARGET} k points; the runs of points it can hold are listed by the radius
   * search's machinery and each point is bounded ({@link #circleCandidates}), and if at least k
   * upper bounds lie within the radius, the answer comes exactly from the few candidates that can
   * be among the k nearest ({@link #nearestOfCandidates}): the k-th nearest is then within the
   * radius, and so is every point tied with it. The runs a circle lists bound its count before any
   * point is read: a circle whose runs hold fewer than k points, or more than {@link #LISTED_HIGH}
   * k, is resized unread, and one found to hold fewer than k is grown by the density it found; once
   * a circle is known to hold too few and one too many (a dense cluster beside a sparse query makes
   * the count jump), the radius is searched between the two. Returns the number of hits, or -1
   * (with {@code out} cleared) after {@link #RADIUS_MAX_TRIES} circles or past {@link
   * #RADIUS_MAX_METERS}, to leave the query to best-first search.
   */
  private int nearestByRadius(
      double latitude,
      double longitude,
      double phi,
      double sinPhi,
      double cosPhi,
      int k,
      Hits out,
      int[] dead) {
    // Locate the query down the cells that hold it, noting the path; then take the density of the
    // deepest cell on it with enough points to be a fair sample.
    int depth = locate(latitude, longitude, out);
    int node = out.pathNodes[depth];
    int count;
    while ((count = end(node) - start(node)) < RADIUS_EST_MIN && depth > 0) {
      node = out.pathNodes[--depth];
    }
    double steradians =
        Math.toRadians(out.chainE[depth] - out.chainW[depth])
            * (Math.sin(Math.toRadians(out.chainN[depth]))
                - Math.sin(Math.toRadians(out.chainS[depth])));
    // A circle of angular radius t covers about pi t^2 steradians.
    double angle = Math.sqrt(RADIUS_TARGET * k * steradians / (Math.PI * count));
    double r = Math.max(1, angle * GreatCircle.EARTH_RADIUS_METERS);
    // The runs a circle lists hold about 1.25 times the points within it: a circle whose runs
    // hold too few or too many is resized before a point is read, aiming at LISTED_TARGET k.
    int low = (int) Math.ceil(LISTED_LOW * k);
    int high = (int) (LISTED_HIGH * k);
    // A circle known to hold too few, and one known to hold too many: a dense cluster next to a
    // sparse query makes the count jump, and the radius is then searched between the two.
    double tooFew = 0;
    double tooMany = Double.POSITIVE_INFINITY;
    for (int tries = 1; tries <= RADIUS_MAX_TRIES && r <= RADIUS_MAX_METERS; tries++) {
      int listed = listRuns(latitude, longitude, cosPhi, r, high, false, out);
      double grow;
      if (listed > high) {
        // Stopped early: the count is above high, by how much is unknown.
        tooMany = r;
        grow = Math.max(0.25, Math.sqrt(LISTED_TARGET * k / listed));
      } else if (listed < low) {
        tooFew = r;
        grow = listed == 0 ? 4 : Math.min(4, Math.sqrt(LISTED_TARGET * k / listed));
      } else {
        int found = circleCandidates(latitude, longitude, sinPhi, cosPhi, r, out, dead);
        if (found >= k && nearestOfCandidates(found, k, r, phi, sinPhi, cosPhi, longitude, out)) {
          out.radiusTries = tries;
          return k;
        }
        tooFew = r;
        grow = found == 0 ? 4 : Math.min(4, Math.max(1.1, Math.sqrt(FOUND_TARGET * k / found)));
      }
      double next = r * grow;
      if (!(next > tooFew && next < tooMany)) {
        next =
            tooFew > 0 && tooMany < Double.POSITIVE_INFINITY ? Math.sqrt(tooFew * tooMany) : next;
      }
      r = next;
    }
    out.clear();
    out.heapClear();
    return -1;
  }

  /**
   * Bounds every point of the runs {@link #listRuns} listed for a k-nearest circle of {@code
   * radiusMeters}: keeps in {@code out}'s candidate arrays the leaf-order position and the {@link
   * #circleLow} bound of each live point whose bound is within the circle (gathered without a
   * branch), and returns their number. No exact distance is computed here.
   */
  private int circleCandidates(
      double latitude,
      double longitude,
      double sinPhi,
      double cosPhi,
      double radiusMeters,
      Hits out,
      int[] dead) {
    double hBound = hBound(radiusMeters);
    int[] runs = out.runs();
    int runCount = out.runCount();
    touchRuns(runs, runCount, out);
    out.candidatesEnsure(out.runPoints());
    int[] pos = out.candidatePositions();
    double[] low = out.candidateLows();
    double[] xy = coords;
    int m = 0;
    for (int r = 0; r < runCount; r++) {
      for (int i = runs[3 * r], e = runs[3 * r + 1]; i < e; i++) {
        double lo = circleLow(xy[2 * i], xy[2 * i + 1], latitude, longitude, sinPhi, cosPhi);
        pos[m] = i;
        low[m] = lo;
        m += lo <= hBound ? 1 : 0;
      }
    }
    if (dead.length != 0) {
      int live = 0;
      for (int t = 0; t < m; t++) {
        if (!dead(dead, ids[pos[t]])) {
          pos[live] = pos[t];
          low[live++] = low[t];
        }
      }
      m = live;
    }
    return m;
  }

  /**
   * Finishes a k-nearest circle from its {@code m >= k} candidates ({@link #circleCandidates}),
   * computing exact distances only for the few that can be among the k nearest. A counting pass
   * over the candidates' lower bounds finds the bucket of the k-th smallest (counted again over the
   * first buckets alone when the k nearest crowd into a few), and the level {@code cut} just above
   * it ({@link #CUT_SLACK} above: the bounds are that tight at city scale). Only the candidates
   * whose bound is within {@code cut} (widened by {@link #REL_SLACK}) get their exact distance and
   * the ranking, and if the k-th nearest of them has a haversine term ({@link #hBound}, an upper
   * bound) within {@code cut}, its first k are the answer: every candidate left out is farther than
   * all of them, by a margin far above the distances' rounding, and so is every point outside the
   * circle, since {@code cut} is within it; every point tied with the k-th nearest is in. If not
   * (bounds looser than that, near a pole or in a large circle), the same with {@code cut} the
   * whole circle, which is exact whenever the circle holds k points. Returns false, with {@code
   * out} cleared, when neither finds k.
   */
  private boolean nearestOfCandidates(
      int m,
      int k,
      double radiusMeters,
      double phi,
      double sinPhi,
      double cosPhi,
      double longitude,
      Hits out) {
    double hInside = hInside(radiusMeters);
    if (!(hInside < Double.POSITIVE_INFINITY)) {
      return false;
    }
    // Buckets of equal width in h over [0, range) (h grows with the square of the distance, so
    // points spread evenly over a disc spread evenly over them); bucket b takes the rest. If the k
    // nearest crowd into a few buckets near the query, they are counted again over those alone.
    int b = Math.min(1 << 16, Integer.highestOneBit(m) << 1);
    double range = hInside;
    double[] low = out.candidateLows();
    int[] count;
    double scale;
    int sum;
    int j;
    int crowded;
    for (int pass = 0; ; pass++) {
      count = out.candidateCounts(b + 1);
      scale = b / range;
      for (int t = 0; t < m; t++) {
        count[(int) Math.min(b, low[t] * scale)]++;
      }
      // Turn the counts of buckets 0..j into their first slots, until they reach k.
      sum = 0;
      j = 0;
      crowded = 0;
      while (j < b) {
        int n = count[j];
        count[j] = sum;
        crowded = Math.max(crowded, n);
        if ((sum += n) >= k) {
          break;
        }
        j++;
      }
      if (j == b) {
        if (pass == 0) {
          return false;
        }
        // Rounding moved a bound past the narrowed range: rank the whole circle instead.
        return rankCandidates(
                m, k, hInside, b, -1, 0, 0, scale, phi, sinPhi, cosPhi, longitude, out)
            || clearFalse(out);
      }
      if (pass == 1 || crowded <= CROWDED_RECOUNT || j >= b / 4) {
        break;
      }
      range = (j + 1) * (range / b) * (1 + 2 * REL_SLACK);
    }
    // The k-th smallest bound is in bucket j: below (j + 1) / scale but for rounding.
    // The bound's cos(latitude) term is loose by about delta^2 / 2, and delta^2 <= 4 h: wider
    // circles (sparse places) and high latitudes get a wider margin.
    double kth = (j + 1) * (range / b);
    double cut = Math.min(hInside, kth * (1 + CUT_SLACK + 4 * kth / Math.max(0.05, cosPhi)));
    if (rankCandidates(m, k, cut, b, j, sum, crowded, scale, phi, sinPhi, cosPhi, longitude, out)
        || (cut < hInside
            && rankCandidates(
                m, k, hInside, b, -1, 0, 0, scale, phi, sinPhi, cosPhi, longitude, out))) {
      return true;
    }
    return clearFalse(out);
  }

  private static boolean clearFalse(Hits out) {
    out.clear();
    return false;
  }

  /** A first count whose k nearest crowd more than this many into one bucket is done again. */
  private static final int CROWDED_RECOUNT = 6;

  /**
   * Computes the exact distances of the candidates whose bound is within {@code cut} (widened) and
   * ranks them, if the k-th nearest of them is within {@code cut} by its distance's {@link
   * #hBound}; returns whether it was (else clears {@code out}). A hit's slot follows its bound's
   * bucket (buckets 0..{@code j} start at the slots in {@code count}, {@code sum} slots in all; the
   * rest follow), so the hits arrive in nearly the order of their distances and one insertion pass
   * finishes the ranking, unless a bucket is crowded (many equal bounds: duplicates) or many fall
   * past bucket {@code j}, when a sort bounds the cost.
   */
  private boolean rankCandidates(
      int m,
      int k,
      double cut,
      int b,
      int j,
      int sum,
      int crowded,
      double scale,
      double phi,
      double sinPhi,
      double cosPhi,
      double longitude,
      Hits out) {
    double wide = cut * (1 + 4 * REL_SLACK);
    double[] low = out.candidateLows();
    int[] pos = out.candidatePositions();
    int[] sel = out.selected(m);
    int c = 0;
    for (int t = 0; t < m; t++) {
      sel[c] = t;
      c += low[t] <= wide ? 1 : 0;
    }
    if (c < k) {
      return false;
    }
    // Every candidate of buckets 0..j is selected (its bound is below (j + 1) / scale <= cut).
    out.resize(c);
    int[] count = out.candidateCounts();
    int[] idOf = ids;
    double[] xy = coords;
    int over = sum;
    for (int x = 0; x < c; x++) {
      int t = sel[x];
      int i = pos[t];
      int q = (int) Math.min(b, low[t] * scale);
      int slot = q <= j ? count[q]++ : over++;
      double d = GreatCircle.distance(phi, sinPhi, cosPhi, longitude, xy[2 * i], xy[2 * i + 1]);
      out.put(slot, idOf[i], d);
    }
    if (crowded > CROWDED_BUCKET || c - sum > CROWDED_BUCKET) {
      out.sort();
      out.truncate(k);
    } else {
      out.insertionSort(k);
    }
    // Exact if the k-th nearest is within cut (hBound is an upper bound of its haversine term, and
    // never decreases with the distance, so then the k nearest all are).
    if (hBound(out.distance(k - 1)) > cut) {
      out.clear();
      return false;
    }
    return true;
  }

  /**
   * How far above the k-th smallest lower bound a k-nearest circle first looks, relative: its
   * points' {@link #circleLow} bounds are within a few parts in a million of their haversine terms
   * at city scale, so the k nearest lie within this margin unless the bounds are looser (checked).
   */
  private static final double CUT_SLACK = 1e-4;

  /**
   * A k-nearest circle's hits are ranked by one insertion pass only while no bucket of bounds holds
   * more than this many hits and no more than this many fall past the k-th's bucket.
   */
  private static final int CROWDED_BUCKET = 24;

  /**
   * A lower bound of the haversine term {@code h = sin^2(dLat/2) + cos(lat1) cos(lat2)
   * sin^2(dLon/2)} between the query (latitude, longitude, with {@code sinPhi} and {@code cosPhi}
   * of its latitude) and a point, tight to a few parts in a million at city scale: the half-angle
   * gaps shrunk by {@link #ABS_SLACK} with {@code sin y >= y - y^3/6}, and the point's
   * cos(latitude) from the query's by {@code cos(phi + delta) >= cos(phi) - sin(phi) delta -
   * delta^2 / 2} (cosine's second derivative is at most 1), never below 0. No transcendental call;
   * valid across the antimeridian and at the poles.
   */
  static double circleLow(
      double lat, double lon, double latitude, double longitude, double sinPhi, double cosPhi) {
    double dLat = lat - latitude;
    double dLon = Math.abs(lon - longitude);
    dLon = Math.min(dLon, 360 - dLon);
    double y1 = Math.max(0, Math.abs(dLat) * HALF_RADIANS - ABS_SLACK);
    double y2 = Math.max(0, dLon * HALF_RADIANS - ABS_SLACK);
    double s1 = y1 - y1 * y1 * y1 * SIXTH;
    double s2 = y2 - y2 * y2 * y2 * SIXTH;
    double delta = dLat * (2 * HALF_RADIANS);
    double cos2 = Math.max(0, cosPhi - sinPhi * delta - (0.5 * delta * delta + COS_SLACK));
    return s1 * s1 + cosPhi * cos2 * s2 * s2;
  }

  /**
   * Absolute slack of the cos(latitude) bound of {@link #circleLow}: covers the rounding of the
   * query's sine and cosine and of the latitude gap in radians (about 1e-16).
   */
  private static final double COS_SLACK = 1e-15;

  /**
   * Fills {@link Hits#cellOrder} with the non-empty cells of a gridded leaf sorted by their bound,
   * each as one {@code long}: the bound's bits with the low {@value #CELL_BITS} bits replaced by
   * the cell's index. A bound is non-negative, so its bits order as it does, and clearing low bits
   * only lowers it (by at most 4e-15 relative): it stays a lower bound, and one array is sorted
   * instead of four. Returns the number of cells.
   */
  private int gridCells(
      int node, int slot, double latitude, double longitude, double cosPhi, Hits out) {
    gridTerms(node, latitude, longitude, cosPhi, 1, out);
    double[] rowTerm = out.rowTerms;
    double[] colTerm = out.colTerms;
    long[] order = out.cellOrder;
    int m = 0;
    int base = GRID_CELLS * slot;
    int prev = 0;
    for (int cell = 0; cell < GRID_CELLS; cell++) {
      int end = grid[base + cell] & 0xff;
      if (end > prev) {
        double key = (rowTerm[cellRow(cell)] + colTerm[cellCol(cell)]) * (1 - REL_SLACK);
        long packed = (Double.doubleToRawLongBits(key) & ~CELL_MASK) | cell;
        int j = m++;
        while (j > 0 && order[j - 1] > packed) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = packed;
      }
      prev = end;
    }
    return m;
  }

  /**
   * Fills {@code out.rowTerms} and {@code out.colTerms} with the two terms of the haversine lower
   * bound of a gridded leaf's rows (latitude gap) and columns (longitude gap, times the smallest
   * cos-latitude product), each multiplied by {@code scale}: a cell's bound is its row's term plus
   * its column's.
   */
  private void gridTerms(
      int node, double latitude, double longitude, double cosPhi, double scale, Hits out) {
    double south = box(node, 0);
    double west = box(node, 1);
    double north = box(node, 2);
    double east = box(node, 3);
    double cc = cosPhi * cosMin(node);
    double[] rowTerm = out.rowTerms;
    double[] colTerm = out.colTerms;
    for (int r = 0; r < GRID; r++) {
      double lo = gridEdge(south, north, r);
      double hi = gridEdge(south, north, r + 1);
      double dLat = Math.max(0, Math.max(lo - latitude, latitude - hi));
      double y1 = Math.max(0, dLat * HALF_RADIANS - ABS_SLACK);
      double s1 = y1 - y1 * y1 * y1 * SIXTH;
      rowTerm[r] = s1 * s1 * scale;
      double w = gridEdge(west, east, r);
      double e = gridEdge(west, east, r + 1);
      double gW = w - longitude;
      double gE = longitude - e;
      double dLon = Math.max(0, Math.min(Math.max(gW, gE), Math.min(gW, gE) + 360));
      double y2 = Math.max(0, dLon * HALF_RADIANS - ABS_SLACK);
      double s2 = y2 - y2 * y2 * y2 * SIXTH;
      colTerm[r] = cc * s2 * s2 * scale;
    }
  }

  /** Low bits of a packed cell bound that hold the cell's index. */
  private static final int CELL_BITS = 4;

  private static final long CELL_MASK = (1L << CELL_BITS) - 1;

  /**
   * k-nearest step over a gridded leaf: its cells nearest first, each point's bound checked before
   * its exact distance; returns the (possibly tightened) haversine bound.
   */
  private double nearestInGrid(
      int node,
      int slot,
      int k,
      double hBound,
      double phi,
      double sinPhi,
      double cosPhi,
      double latitude,
      double longitude,
      Hits out,
      int[] dead) {
    int first = start(node);
    touchLeaf(first, end(node), out);
    int m = gridCells(node, slot, latitude, longitude, cosPhi, out);
    double cc = cosPhi * cosMin(node);
    double[] xy = coords;
    long[] order = out.cellOrder;
    int base = GRID_CELLS * slot;
    for (int j = 0; j < m; j++) {
      long packed = order[j];
      if (Double.longBitsToDouble(packed & ~CELL_MASK) > hBound) {
        break;
      }
      int cell = (int) (packed & CELL_MASK);
      int from = cell == 0 ? 0 : grid[base + cell - 1] & 0xff;
      for (int i = first + from, e = first + (grid[base + cell] & 0xff); i < e; i++) {
        if (pointKey(xy[2 * i], xy[2 * i + 1], latitude, longitude, cc) <= hBound) {
          hBound = offerPoint(i, k, hBound, phi, sinPhi, cosPhi, longitude, out, dead);
        }
      }
    }
    return hBound;
  }

  /**
   * Reads one word of every cache line of a leaf's coordinates and ids before the leaf is searched.
   * The reads do not depend on one another, so the memory system fetches the lines together; the
   * nearest-first scan that follows jumps between cells and would otherwise wait for them one at a
   * time (about a tenth of a k-nearest query's time at 1M points).
   */
  private void touchLeaf(int from, int to, Hits out) {
    double[] xy = coords;
    double sum = 0;
    for (int i = 2 * from, e = 2 * to; i < e; i += 8) {
      sum += xy[i];
    }
    out.touched = sum;
    touchIds(from, to, out);
  }

  /** {@link #touchLeaf} for the ids alone (a plain leaf's coordinates are read in one pass). */
  private void touchIds(int from, int to, Hits out) {
    int[] id = ids;
    int sum = 0;
    for (int i = from; i < to; i += 16) {
      sum += id[i];
    }
    out.touched += sum;
  }

  /** {@link #hLowerBound} of one point (the same arithmetic as {@link #leafKeys}). */
  private static double pointKey(
      double lat, double lon, double latitude, double longitude, double cc) {
    double dLat = Math.abs(lat - latitude);
    double dLon = Math.abs(lon - longitude);
    dLon = Math.min(dLon, 360 - dLon);
    double y1 = Math.max(0, dLat * HALF_RADIANS - ABS_SLACK);
    double y2 = Math.max(0, dLon * HALF_RADIANS - ABS_SLACK);
    double s1 = y1 - y1 * y1 * y1 * SIXTH;
    double s2 = y2 - y2 * y2 * y2 * SIXTH;
    return s1 * s1 + cc * s2 * s2;
  }

  /**
   * Moves the nodes waiting from the first descent into the heap if they can still hold a point
   * within {@code hBound}. The siblings of the path's node at depth {@code d} (recorded as the path
   * alone: its node and its group of four) lie outside the path's cell at depth {@code d}; when
   * every point outside that cell is farther than the bound, they are dropped unread. Others get
   * their {@link #nodeKey}.
   */
  private void flushPending(
      Hits out, int chainDepth, double hBound, double latitude, double longitude, double cosPhi) {
    int pruneDepth = 0;
    if (hBound < Double.POSITIVE_INFINITY) {
      for (int d = chainDepth; d >= 1; d--) {
        if (outsideBound(out, d, latitude, longitude, cosPhi) > hBound) {
          pruneDepth = d;
          break;
        }
      }
    }
    for (int d = pruneDepth + 1; d <= chainDepth; d++) {
      int c0 = out.pathGroups[d];
      int q = out.pathNodes[d];
      for (int sib = c0; sib < c0 + 4; sib++) {
        if (sib != q && start(sib) < end(sib)) {
          double key = nodeKey(sib, latitude, longitude, cosPhi);
          if (key <= hBound) {
            out.heapPush(key, sib);
          }
        }
      }
    }
    int n = out.pendingSize();
    for (int i = 0; i < n; i++) {
      double key = out.pendingKey(i);
      if (key <= hBound) {
        out.heapPush(key, out.pendingNode(i));
      }
    }
    out.pendingClear();
  }

  /**
   * A lower bound of the haversine term from the query to every point outside the path's cell at
   * {@code depth} (which holds the query): across its south or north edge the latitude gap alone;
   * across its west or east meridian at least the angle to that meridian's great circle, {@code
   * asin(cos(lat) |sin(dLon)|)}, which every arc leaving the cell's longitude span must reach.
   */
  private static double outsideBound(
      Hits out, int depth, double latitude, double longitude, double cosPhi) {
    return outsideBound(
        out.chainS[depth],
        out.chainW[depth],
        out.chainN[depth],
        out.chainE[depth],
        latitude,
        longitude,
        cosPhi);
  }

  /** {@link #outsideBound(Hits, int, double, double, double)} of a cell holding the query. */
  private static double outsideBound(
      double s, double w, double n, double e, double latitude, double longitude, double cosPhi) {
    double b = Double.POSITIVE_INFINITY;
    if (s > -90) {
      b = Math.min(b, hLowerBound(latitude - s, 0, 0));
    }
    if (n < 90) {
      b = Math.min(b, hLowerBound(n - latitude, 0, 0));
    }
    if (e - w < 360) {
      b =
          Math.min(
              b,
              Math.min(meridianBound(longitude - w, cosPhi), meridianBound(e - longitude, cosPhi)));
    }
    return b * (1 - REL_SLACK);
  }

  /**
   * A lower bound of the haversine term from a point at latitude cosine {@code cosPhi} to the great
   * circle of a meridian {@code gap} degrees (in [0, 180]) away: the angle is {@code asin(cosPhi
   * sin(gap))}, at least {@code cosPhi sin(gap)}, bounded below with {@code sin y >= y - y^3/6}.
   */
  private static double meridianBound(double gap, double cosPhi) {
    double x = Math.max(0, Math.min(gap, 180 - gap) * (2 * HALF_RADIANS) - ABS_SLACK);
    double t = Math.max(0, cosPhi * (x - x * x * x * SIXTH) - ABS_SLACK);
    double y = t / 2;
    double sy = y - y * y * y * SIXTH;
    return sy * sy;
  }

  /**
   * The haversine term of a distance, slightly reduced, so that every point whose haversine term is
   * at most the result has a computed {@link GreatCircle#distance} within {@code meters} (the exact
   * test still follows); infinite when every point qualifies.
   */
  static double hInside(double meters) {
    if (!(meters < GreatCircle.MAX_DISTANCE_METERS)) {
      return Double.POSITIVE_INFINITY;
    }
    double x = meters / (2 * GreatCircle.EARTH_RADIUS_METERS);
    double s = x < 0.1 ? GreatCircle.sinSmall(x) : Math.sin(x);
    return s * s * (1 - REL_SLACK);
  }

  /**
   * An upper bound of the haversine term between the query and every point of a node: the largest
   * latitude gap, the largest longitude gap (at most 180), {@code sin y <= y}, and the box's
   * largest cosine of latitude bounded by its smallest plus its latitude span in radians (cosine is
   * 1-Lipschitz). Infinite for an empty node.
   */
  private double upperKey(int node, double latitude, double longitude, double cosPhi) {
    double south = box(node, 0);
    double west = box(node, 1);
    double north = box(node, 2);
    double east = box(node, 3);
    double dLat = Math.max(Math.abs(latitude - south), Math.abs(latitude - north));
    double dLon = Math.min(180, Math.max(Math.abs(longitude - west), Math.abs(longitude - east)));
    double cosMax = Math.min(1, cosMin(node) + (north - south) * (2 * HALF_RADIANS) + 1e-6);
    double y1 = dLat * HALF_RADIANS + ABS_SLACK;
    double y2 = dLon * HALF_RADIANS + ABS_SLACK;
    double h = (y1 * y1 + cosPhi * cosMax * y2 * y2) * (1 + REL_SLACK);
    return Double.isNaN(h) ? Double.POSITIVE_INFINITY : h;
  }

  /** Queues a node for later: in the side list during the first descent, else in the heap. */
  private static void wait(Hits out, boolean firstDescent, double key, int node) {
    if (firstDescent) {
      out.pendingAdd(key, node);
    } else {
      out.heapPush(key, node);
    }
  }

  /**
   * Computes the exact distance of the point at leaf-order index {@code i} and offers it to the top
   * k; returns the (possibly tightened) haversine bound.
   */
  private double offerPoint(
      int i,
      int k,
      double hBound,
      double phi,
      double sinPhi,
      double cosPhi,
      double longitude,
      Hits out,
      int[] dead) {
    double d =
        GreatCircle.distance(phi, sinPhi, cosPhi, longitude, coords[2 * i], coords[2 * i + 1]);
    if (d <= out.topBound(k) && (dead.length == 0 || !dead(dead, ids[i]))) {
      out.topOfferIndex(i, d, k, ids);
      if (out.size() == k) {
        return hBound(out.topBound(k));
      }
    }
    return hBound;
  }

  /** Degrees to half-angle radians. */
  private static final double HALF_RADIANS = Math.PI / 360;

  private static final double SIXTH = 1.0 / 6;

  /**
   * Radians subtracted from half-angle gaps before bounding: covers the rounding of degree
   * differences against the radian differences {@link GreatCircle#distance} takes (about 1e-15).
   */
  private static final double ABS_SLACK = 1e-14;

  /** Relative slack on haversine bounds, far above the few-ulp rounding of the formulas. */
  private static final double REL_SLACK = 1e-9;

  /**
   * The haversine term {@code h = sin^2(d / 2R)} of a distance, slightly enlarged, so that every
   * point whose computed {@link GreatCircle#distance} is at most {@code meters} has a lower bound
   * {@code <=} the result; infinite when every point qualifies. Uses {@code sin x <= x - x^3/6 +
   * x^5/120} (x >= 0), no division and no branch on x: a k-nearest search calls it whenever its
   * k-th distance shrinks.
   */
  static double hBound(double meters) {
    if (!(meters < GreatCircle.MAX_DISTANCE_METERS)) {
      return Double.POSITIVE_INFINITY;
    }
    double x = meters * (0.5 / GreatCircle.EARTH_RADIUS_METERS);
    double x2 = x * x;
    double s = x - x * x2 * (1.0 / 6 - x2 * (1.0 / 120));
    return s * s * (1 + REL_SLACK);
  }

  /**
   * A lower bound of the haversine term {@code h = sin^2(dLat/2) + cos(lat1) cos(lat2)
   * sin^2(dLon/2)} between the query and every point of a node: each term is bounded separately by
   * the smallest latitude gap, the smallest longitude gap (wrapped across the antimeridian) and the
   * node's smallest cosine of latitude, with {@code sin y >= y - y^3/6}. No transcendental call;
   * valid across the antimeridian and at the poles (where cos(lat) vanishes).
   */
  private double nodeKey(int node, double latitude, double longitude, double cosPhi) {
    double south = box(node, 0);
    double west = box(node, 1);
    double north = box(node, 2);
    double east = box(node, 3);
    // Branch-free gaps (0 inside): the longitude gap is the shorter way round, west or east.
    double dLat = Math.max(0, Math.max(south - latitude, latitude - north));
    double gW = west - longitude;
    double gE = longitude - east;
    double dLon = Math.max(0, Math.min(Math.max(gW, gE), Math.min(gW, gE) + 360));
    return hLowerBound(dLat, dLon, cosPhi * cosMin(node)) * (1 - REL_SLACK);
  }

  /**
   * Fills {@link Hits#scratch} with the {@link #hLowerBound} of each point of a leaf, in one
   * branch-free pass over its contiguous coordinates (which the JIT can vectorize).
   */
  private double[] leafKeys(
      int node, int first, int n, double latitude, double longitude, double cosPhi, Hits out) {
    double[] keys = out.scratch(n);
    double cc = cosPhi * cosMin(node);
    double[] xy = coords;
    for (int j = 0; j < n; j++) {
      double dLat = Math.abs(xy[2 * (first + j)] - latitude);
      double dLon = Math.abs(xy[2 * (first + j) + 1] - longitude);
      dLon = Math.min(dLon, 360 - dLon);
      double y1 = Math.max(0, dLat * HALF_RADIANS - ABS_SLACK);
      double y2 = Math.max(0, dLon * HALF_RADIANS - ABS_SLACK);
      double s1 = y1 - y1 * y1 * y1 * SIXTH;
      double s2 = y2 - y2 * y2 * y2 * SIXTH;
      keys[j] = s1 * s1 + cc * s2 * s2;
    }
    return keys;
  }

  /**
   * A lower bound of {@code sin^2(dLat/2) + cc sin^2(dLon/2)} for gaps in degrees (dLon in [0,
   * 180]), by {@code sin y >= y - y^3/6} on half-angles shrunk by {@link #ABS_SLACK}.
   */
  private static double hLowerBound(double dLat, double dLon, double cc) {
    double y1 = Math.max(0, dLat * HALF_RADIANS - ABS_SLACK);
    double y2 = Math.max(0, dLon * HALF_RADIANS - ABS_SLACK);
    double s1 = y1 - y1 * y1 * y1 * SIXTH;
    double s2 = y2 - y2 * y2 * y2 * SIXTH;
    return s1 * s1 + cc * s2 * s2;
  }

  /**
   * Returns the items within {@code radiusMeters} of a point, nearest first, ties by id.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or the radius is
   *     negative or NaN
   */
  public List<T> withinRadius(double latitude, double longitude, double radiusMeters) {
    Hits hits = new Hits();
    withinRadius(latitude, longitude, radiusMeters, hits);
    return items(hits);
  }

  /**
   * Puts into {@code out} the points within {@code radiusMeters} (inclusive) of a point with their
   * distances, nearest first, ties by id. Allocation-free once {@code out} has grown.
   *
   * @return the number of hits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or the radius is
   *     negative or NaN
   * @throws NullPointerException if {@code out} is null
   */
  @Override
  public int withinRadius(double latitude, double longitude, double radiusMeters, Hits out) {
    return withinRadius(latitude, longitude, radiusMeters, out, NONE);
  }

  /** Within a radius, skipping the ids in {@code dead} (sorted). */
  int withinRadius(double latitude, double longitude, double radiusMeters, Hits out, int[] dead) {
    GeoHash.checkLatitude(latitude);
    GeoHash.checkLongitude(longitude);
    if (!(radiusMeters >= 0)) {
      throw new IllegalArgumentException("radiusMeters must be >= 0, got " + radiusMeters);
    }
    out.clear();
    out.heapClear();
    if (size == 0) {
      return 0;
    }
    double phi = Math.toRadians(latitude);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    collectRadius(latitude, longitude, phi, sinPhi, cosPhi, radiusMeters, out, dead);
    // Hits hold leaf-order indexes until here; the ranking replaces them by ids as it places them.
    out.rankIndexes(radiusMeters, ids);
    return out.size();
  }

  /**
   * Puts into {@code out} (cleared first) the leaf-order indexes of the live points within {@code
   * radiusMeters} of the query, with their distances, unordered.
   */
  private void collectRadius(
      double latitude,
      double longitude,
      double phi,
      double sinPhi,
      double cosPhi,
      double radiusMeters,
      Hits out,
      int[] dead) {
    listRuns(latitude, longitude, cosPhi, radiusMeters, Integer.MAX_VALUE, true, out);
    scanRuns(longitude, phi, sinPhi, cosPhi, latitude, radiusMeters, out, dead);
  }

  /**
   * Clears {@code out} and lists in it the runs of leaf-order points that can lie within {@code
   * radiusMeters} of the query: a node inside the circle whole, a plain leaf whole, a gridded leaf
   * by the cells that can hold hits: with {@code byBox} (radius search) those of the circle's box
   * ({@link #boxRun}, cheaper, about 2.1 listed points a hit at 5 km), else those whose haversine
   * bound is within the circle ({@link #radiusRuns}, about 1.25 a hit, which the k-nearest circles'
   * sizing by listed points assumes: with the box, k = 100's p99 rose from ~15-18 to ~23-25 us).
   * Returns the number of points in the runs, or stops early and returns more than {@code limit}
   * once that many are listed.
   */
  private int listRuns(
      double latitude,
      double longitude,
      double cosPhi,
      double radiusMeters,
      int limit,
      boolean byBox,
      Hits out) {
    out.clear();
    double hBound = hBound(radiusMeters);
    double hInside = hInside(radiusMeters);
    // Locate the query down the cells that hold it while the circle stays inside the cell: the
    // siblings passed are outside it, hence farther than the radius, and are never read. The test
    // per level is four comparisons with the circle's bounding box (enlarged against rounding),
    // computed once: latitude +- the angular radius, longitude +- asin(sin(radius) / cos(lat)),
    // the widest longitude a spherical cap reaches; none when the cap may hold a pole. No
    // transcendental call: sin(a) <= a and asin(x) <= tan(asin(x)) = x / sqrt(1 - x^2), both
    // increasing, give a box a few parts in ten million wider at city scale.
    int start = 0;
    double angle = radiusMeters / GreatCircle.EARTH_RADIUS_METERS;
    double dLat = Math.toDegrees(angle) * (1 + REL_SLACK) + 1e-12;
    double ratio = Math.abs(latitude) + dLat < 90 ? angle / cosPhi : 2;
    // The circle's box for the listing's child tests: none (every side infinite, the haversine
    // bound alone decides) when the cap may hold a pole or crosses the antimeridian.
    double boxS = Double.NEGATIVE_INFINITY;
    double boxN = Double.POSITIVE_INFINITY;
    double boxW = Double.NEGATIVE_INFINITY;
    double boxE = Double.POSITIVE_INFINITY;
    boolean boxed = false;
    if (ratio < 1) {
      double dLon = Math.toDegrees(ratio / Math.sqrt(1 - ratio * ratio)) * (1 + REL_SLACK) + 1e-12;
      boxS = latitude - dLat;
      boxN = latitude + dLat;
      boxW = longitude - dLon;
      boxE = longitude + dLon;
      double cs = -90;
      double cw = -180;
      double cn = 90;
      double ce = 180;
      int c0;
      int[] link = down;
      while ((c0 = link[start]) >= 0) {
        double midLat = (cs + cn) / 2;
        double midLon = (cw + ce) / 2;
        boolean north = latitude >= midLat;
        boolean east = longitude >= midLon;
        double s0 = north ? midLat : cs;
        double n0 = north ? cn : midLat;
        double w0 = east ? midLon : cw;
        double e0 = east ? ce : midLon;
        int q = c0 + (north ? 2 : 0) + (east ? 1 : 0);
        // Strictly inside: a point on a cell's north or east edge belongs to the next cell.
        if (link[q] == EMPTY || !(s0 < boxS && boxN < n0 && w0 < boxW && boxE < e0)) {
          break;
        }
        cs = s0;
        cn = n0;
        cw = w0;
        ce = e0;
        start = q;
      }
      boxed = boxW >= -180 && boxE <= 180;
      if (!boxed) {
        boxW = Double.NEGATIVE_INFINITY;
        boxE = Double.POSITIVE_INFINITY;
      }
    }
    // A node whose box lies strictly inside this one has every point on the short series.
    double tinyS = GreatCircle.tinySouth(latitude);
    double tinyN = GreatCircle.tinyNorth(latitude);
    double tinyW = GreatCircle.tinyWest(longitude);
    double tinyE = GreatCircle.tinyEast(longitude);
    // When the circle's box lies within the short-series box, every hit lies inside both: the scan
    // may then take every listed point through the SIMD pass, whatever its node, clamped to the
    // short-series box (scanRuns).
    out.circleTiny = boxed && boxS > tinyS && boxN < tinyN && boxW > tinyW && boxE < tinyE;
    out.tinyS = tinyS;
    out.tinyW = tinyW;
    out.tinyN = tinyN;
    out.tinyE = tinyE;
    // First the nodes that can hold hits are listed as runs; then (scanRuns) the coordinate and id
    // lines of every run are read in one pass, so that their cache misses overlap instead of
    // arriving leaf by leaf; then the runs are scanned.
    out.runsClear();
    int[] stack = out.listStack;
    int top = 0;
    stack[top++] = start;
    int[] rec = nodes;
    while (top > 0 && out.runPoints() <= limit) {
      int node = stack[--top];
      int o = NODE_INTS * node;
      int c = rec[o];
      float s = Float.intBitsToFloat(rec[o + 3]);
      float w = Float.intBitsToFloat(rec[o + 4]);
      float n = Float.intBitsToFloat(rec[o + 5]);
      float e = Float.intBitsToFloat(rec[o + 6]);
      // A node whose box is within the short-series reach of the query gets its exact distances
      // in one SIMD loop for every point of its runs: cheaper than bounding them first.
      boolean tiny = s > tinyS & n < tinyN & w > tinyW & e < tinyE;
      // A node inside the circle lies inside its box: the bound is computed only for those.
      if (s >= boxS & n <= boxN & w >= boxW & e <= boxE
          && upperKey(node, latitude, longitude, cosPhi) <= hInside) {
        // The whole node lies inside the circle: every point is a hit, no bounds needed.
        out.runAdd(rec[o + 1], rec[o + 2], tiny ? TINY_RUN : -1);
      } else if (c == LEAF) {
        out.runAdd(rec[o + 1], rec[o + 2], tiny ? TINY_RUN : node);
      } else if (c < 0 && boxed && byBox) {
        boxRun(node, -2 - c, boxS, boxW, boxN, boxE, tiny ? TINY_RUN : node, out);
      } else if (c < 0) {
        radiusRuns(node, -2 - c, hBound, latitude, longitude, cosPhi, tiny ? TINY_RUN : node, out);
      } else {
        // Children outside the circle's box (or empty: their box is NaN) are dropped by four
        // comparisons, without a branch; without a box, by their haversine bound.
        if (boxed) {
          for (int q = c; q < c + 4; q++) {
            int oq = NODE_INTS * q;
            float qs = Float.intBitsToFloat(rec[oq + 3]);
            float qw = Float.intBitsToFloat(rec[oq + 4]);
            float qn = Float.intBitsToFloat(rec[oq + 5]);
            float qe = Float.intBitsToFloat(rec[oq + 6]);
            stack[top] = q;
            top += qs <= boxN & qn >= boxS & qw <= boxE & qe >= boxW ? 1 : 0;
          }
        } else {
          for (int q = c; q < c + 4; q++) {
            stack[top] = q;
            top += nodeKey(q, latitude, longitude, cosPhi) <= hBound ? 1 : 0;
          }
        }
      }
    }
    return out.runPoints();
  }

  /**
   * The mark of a listed run whose node's box lies within the short-series reach of the query
   * ({@link GreatCircle#tinyOverBox}): its points get their exact distances in one SIMD loop.
   */
  private static final int TINY_RUN = -2;

  /**
   * Scans the runs {@link #listRuns} listed: adds to {@code out} the leaf-order index and distance
   * of each live point within {@code radiusMeters}. The points of {@link #TINY_RUN} runs are
   * gathered into separate latitude and longitude arrays and their haversine terms computed in
   * branch-free loops that the JIT compiles to SIMD instructions; those whose term is at most the
   * radius's limit ({@link GreatCircle#tinyHaversineLimit}: exactly those whose distance is within
   * the radius, the distance being a non-decreasing function of the term) are kept by a branch-free
   * compaction, and only they get their distance (square root and arc series) in one more SIMD
   * loop.
   */
  private void scanRuns(
      double longitude,
      double phi,
      double sinPhi,
      double cosPhi,
      double latitude,
      double radiusMeters,
      Hits out,
      int[] dead) {
    double hBound = hBound(radiusMeters);
    int[] runs = out.runs();
    int runCount = out.runCount();
    touchRuns(runs, runCount, out);
    int total = out.runPoints();
    double[] la = out.tinyLat(total);
    double[] lo = out.tinyLon(total);
    int[] at = out.tinyAt(total);
    double[] xy = coords;
    int t = 0;
    int wide = 0;
    if (out.circleTiny) {
      // Every run's points go to the SIMD pass; those of a node outside the short-series box are
      // clamped to it first: one that moves was outside it, hence outside the circle's box, and
      // stays outside the circle (its distance is then computed in the series' reach, and exceeds
      // the radius); the others are unchanged.
      double bS = out.tinyS;
      double bW = out.tinyW;
      double bN = out.tinyN;
      double bE = out.tinyE;
      for (int r = 0; r < runCount; r++) {
        int node = runs[3 * r + 2];
        int from = runs[3 * r];
        int to = runs[3 * r + 1];
        if (node == TINY_RUN) {
          for (int i = from; i < to; i++, t++) {
            la[t] = xy[2 * i];
            lo[t] = xy[2 * i + 1];
            at[t] = i;
          }
        } else {
          wide += to - from;
          for (int i = from; i < to; i++, t++) {
            la[t] = Math.min(Math.max(xy[2 * i], bS), bN);
            lo[t] = Math.min(Math.max(xy[2 * i + 1], bW), bE);
            at[t] = i;
          }
        }
      }
      // Every run is gathered: none is left for the loop below.
      runCount = 0;
    }
    for (int r = 0; r < runCount; r++) {
      int from = runs[3 * r];
      int to = runs[3 * r + 1];
      int node = runs[3 * r + 2];
      if (node == TINY_RUN) {
        for (int i = from; i < to; i++, t++) {
          la[t] = xy[2 * i];
          lo[t] = xy[2 * i + 1];
          at[t] = i;
        }
      } else if (node < 0) {
        for (int i = from; i < to; i++) {
          double d =
              GreatCircle.distance(
                  phi, sinPhi, cosPhi, longitude, coords[2 * i], coords[2 * i + 1]);
          if (d <= radiusMeters && (dead.length == 0 || !dead(dead, ids[i]))) {
            out.add(i, d);
          }
        }
      } else {
        radiusRange(
            node,
            from,
            to,
            hBound,
            radiusMeters,
            phi,
            sinPhi,
            cosPhi,
            latitude,
            longitude,
            out,
            dead);
      }
    }
    out.tinyPoints = t;
    out.widePoints = wide;
    if (t > 0) {
      double[] d = out.tinyDist(t);
      int before = out.size();
      GreatCircle.tinyHalfGaps(phi, longitude, la, lo, t);
      GreatCircle.tinyHaversines(sinPhi, cosPhi, la, lo, d, t);
      // Only the points within the radius go on to the square root and the arc series.
      out.addWithinArcs(at, lo, t, out.tinyHaversineLimit(radiusMeters));
      if (dead.length != 0) {
        out.dropDead(before, ids, dead);
      }
    }
  }

  /**
   * Lists the run of a gridded leaf that a k-nearest circle scans (and a radius search whose circle
   * has no box, {@link #boxRun} otherwise): only the cells whose row and column bounds are both
   * within {@code hBound} can hold hits, and the leaf's points from the first such cell to the last
   * (in leaf order: columns by longitude, then rows, {@link #gridCell}) form one run, listed with
   * {@code mark}: the leaf, or {@link #TINY_RUN}. One run a leaf, though it holds the cells between
   * that cannot hold hits (on average 136 points listed a 5 km query instead of 110 by a run a grid
   * row): each run costs more than the few points it would save (same-JVM A/B, session 9).
   */
  private void radiusRuns(
      int node,
      int slot,
      double hBound,
      double latitude,
      double longitude,
      double cosPhi,
      int mark,
      Hits out) {
    gridTerms(node, latitude, longitude, cosPhi, 1 - REL_SLACK, out);
    double[] rowTerm = out.rowTerms;
    double[] colTerm = out.colTerms;
    int first = start(node);
    int base = GRID_CELLS * slot;
    int from = -1;
    int to = -1;
    for (int col = 0; col < GRID; col++) {
      if (colTerm[col] > hBound) {
        continue;
      }
      int r0 = GRID;
      int r1 = -1;
      for (int r = 0; r < GRID; r++) {
        if (rowTerm[r] + colTerm[col] <= hBound) {
          r0 = Math.min(r0, r);
          r1 = r;
        }
      }
      if (r1 < 0) {
        continue;
      }
      if (from < 0) {
        int cell0 = gridCell(r0, col);
        from = first + (cell0 == 0 ? 0 : grid[base + cell0 - 1] & 0xff);
      }
      to = first + (grid[base + gridCell(r1, col)] & 0xff);
    }
    if (from < to) {
      out.runAdd(from, to, mark);
    }
  }

  /**
   * Lists the run of a gridded leaf that radius search scans when the circle has a box ({@code
   * south}, {@code west}, {@code north}, {@code east}, in degrees, enlarged against rounding, not
   * crossing the antimeridian). A point outside the box is not a hit, and a point's grid row and
   * column never decrease with its latitude and longitude ({@link #gridRow}, the build's own
   * arithmetic), so only the columns from the box's west edge's to its east edge's, and in them the
   * rows from its south edge's to its north edge's, can hold hits; in leaf order (columns, then
   * rows: {@link #gridCell}) they all lie from the first of those cells to the last, one run. Four
   * {@link #gridRow} calls a leaf, where {@link #radiusRuns} computes eight haversine terms and
   * tests 16 cells: the box lists 147 points a 5 km query (154 when leaves were ordered by rows)
   * instead of 137 (it keeps the corner cells the circle misses, and the cells of the columns
   * between outside the box) but halves the listing's time (trimming the two end cells by their
   * haversine bound listed 137 again and cost more than it saved: same-JVM A/B, session 10).
   */
  private void boxRun(
      int node,
      int slot,
      double south,
      double west,
      double north,
      double east,
      int mark,
      Hits out) {
    double s = box(node, 0);
    double w = box(node, 1);
    double n = box(node, 2);
    double e = box(node, 3);
    int cell0 = gridCell(gridRow(south, s, n), gridRow(west, w, e));
    int cell1 = gridCell(gridRow(north, s, n), gridRow(east, w, e));
    int first = start(node);
    int base = GRID_CELLS * slot;
    int from = first + (cell0 == 0 ? 0 : grid[base + cell0 - 1] & 0xff);
    int to = first + (grid[base + cell1] & 0xff);
    if (from < to) {
      out.runAdd(from, to, mark);
    }
  }

  /**
   * Reads one word of every coordinate and id cache line of the runs (independent loads, so the
   * misses are in flight together) and keeps the sum so that the JIT keeps the reads. One loop a
   * run reads both, every fourth point (a coordinate line holds four points, an id line sixteen):
   * one loop exit a run instead of two.
   */
  private void touchRuns(int[] runs, int runCount, Hits out) {
    double[] xy = coords;
    int[] id = ids;
    double sum = 0;
    int isum = 0;
    for (int r = 0; r < runCount; r++) {
      int from = runs[3 * r];
      int to = runs[3 * r + 1];
      for (int i = from; i < to; i += 4) {
        sum += xy[2 * i];
        isum += id[i];
      }
      sum += xy[2 * to - 1];
      isum += id[to - 1];
    }
    out.touched = sum + isum;
  }

  /**
   * Radius search over the leaf-order points [from, to) of a leaf: their id lines are read up
   * front, their bounds computed in one branch-free pass, the positions of those within {@code
   * hBound} gathered without a branch, and only those get their exact distance.
   */
  private void radiusRange(
      int node,
      int from,
      int to,
      double hBound,
      double radiusMeters,
      double phi,
      double sinPhi,
      double cosPhi,
      double latitude,
      double longitude,
      Hits out,
      int[] dead) {
    int n = to - from;
    double[] keys = leafKeys(node, from, n, latitude, longitude, cosPhi, out);
    int[] sel = out.selected(n);
    int m = 0;
    for (int j = 0; j < n; j++) {
      sel[m] = j;
      m += keys[j] <= hBound ? 1 : 0;
    }
    for (int t = 0; t < m; t++) {
      int i = from + sel[t];
      double d =
          GreatCircle.distance(phi, sinPhi, cosPhi, longitude, coords[2 * i], coords[2 * i + 1]);
      if (d <= radiusMeters && (dead.length == 0 || !dead(dead, ids[i]))) {
        out.add(i, d);
      }
    }
  }

  /**
   * Puts into {@code out} the points inside a latitude/longitude box (edges included), ranked by
   * great-circle distance from the box's centre, ties by id. A box whose {@code west} exceeds its
   * {@code east} crosses the antimeridian.
   *
   * @return the number of hits
   * @throws IllegalArgumentException if a coordinate is NaN or out of range or {@code south >
   *     north}
   * @throws NullPointerException if {@code out} is null
   */
  public int withinBox(double south, double west, double north, double east, Hits out) {
    GeoHash.checkLatitude(south);
    GeoHash.checkLatitude(north);
    GeoHash.checkLongitude(west);
    GeoHash.checkLongitude(east);
    if (south > north) {
      throw new IllegalArgumentException(
          "south must not exceed north, got " + south + " > " + north);
    }
    out.clear();
    out.heapClear();
    if (size == 0) {
      return 0;
    }
    double cLat = (south + north) / 2;
    double cLon = west <= east ? (west + east) / 2 : (west + east + 360) / 2;
    if (cLon > 180) {
      cLon -= 360;
    }
    double phi = Math.toRadians(cLat);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    out.heapPush(0, 0);
    while (!out.heapEmpty()) {
      int node = out.heapPop();
      int c = child(node);
      if (c < 0) {
        for (int i = start(node), e = end(node); i < e; i++) {
          double lat = coords[2 * i];
          double lon = coords[2 * i + 1];
          if (lat >= south && lat <= north && GreatCircle.inLongitudeSpan(lon, west, east)) {
            out.add(ids[i], GreatCircle.distance(phi, sinPhi, cosPhi, cLon, lat, lon));
          }
        }
      } else {
        for (int q = c; q < c + 4; q++) {
          if (start(q) < end(q) && intersects(q, south, west, north, east)) {
            out.heapPush(0, q);
          }
        }
      }
    }
    out.sort();
    return out.size();
  }

  /** Returns the items of {@code hits}, in order. */
  public List<T> items(Hits hits) {
    List<T> out = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      out.add(item(hits.id(i)));
    }
    return out;
  }

  /** The id (build position) of the point at leaf-order index {@code i}. */
  int idAt(int i) {
    return ids[i];
  }

  double latitudeAt(int i) {
    return coords[2 * i];
  }

  double longitudeAt(int i) {
    return coords[2 * i + 1];
  }

  /**
   * For tests: the most points in a leaf above the depth cap ({@link #MAX_DEPTH}); leaves at the
   * cap may hold more than the capacity.
   */
  int maxLeafSizeBelowMaxDepth() {
    return maxLeaf(0, 0);
  }

  private int maxLeaf(int node, int depth) {
    if (child(node) < 0) {
      return depth >= MAX_DEPTH ? 0 : end(node) - start(node);
    }
    int m = 0;
    for (int q = child(node); q < child(node) + 4; q++) {
      m = Math.max(m, maxLeaf(q, depth + 1));
    }
    return m;
  }

  /** For tests: how many leaves, at any depth, hold from {@code min} to {@code max} points. */
  int leavesHolding(int min, int max) {
    int leaves = 0;
    for (int node = 0; node < nodeCount; node++) {
      int size = end(node) - start(node);
      if (child(node) < 0 && size >= min && size <= max) {
        leaves++;
      }
    }
    return leaves;
  }

  /** For tests: whether every point lies in the box of every node on its path. */
  boolean boxesContainTheirPoints() {
    for (int node = 0; node < nodeCount; node++) {
      for (int i = start(node); i < end(node); i++) {
        if (coords[2 * i] < box(node, 0)
            || coords[2 * i] > box(node, 2)
            || coords[2 * i + 1] < box(node, 1)
            || coords[2 * i + 1] > box(node, 3)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * For tests: whether every gridded leaf's cells hold exactly the points between their edges (the
   * ranges the searches bound by), and how many leaves have a grid (-1 if a check fails).
   */
  int checkGrids() {
    int gridded = 0;
    for (int node = 0; node < nodeCount; node++) {
      int c = child(node);
      if (c >= -1) {
        continue;
      }
      gridded++;
      int slot = -2 - c;
      int first = start(node);
      int prev = 0;
      for (int cell = 0; cell < GRID_CELLS; cell++) {
        int end = grid[GRID_CELLS * slot + cell] & 0xff;
        if (end < prev) {
          return -1;
        }
        int r = cellRow(cell);
        int col = cellCol(cell);
        double s = gridEdge(box(node, 0), box(node, 2), r);
        double n = gridEdge(box(node, 0), box(node, 2), r + 1);
        double w = gridEdge(box(node, 1), box(node, 3), col);
        double e = gridEdge(box(node, 1), box(node, 3), col + 1);
        for (int i = first + prev; i < first + end; i++) {
          double lat = coords[2 * i];
          double lon = coords[2 * i + 1];
          if (lat < s || lat > n || lon < w || lon > e) {
            return -1;
          }
        }
        prev = end;
      }
      if (prev != end(node) - first) {
        return -1;
      }
    }
    return gridded;
  }

  private boolean intersects(int node, double south, double west, double north, double east) {
    if (box(node, 0) > north || box(node, 2) < south) {
      return false;
    }
    if (west <= east) {
      return box(node, 1) <= east && box(node, 3) >= west;
    }
    return box(node, 3) >= west || box(node, 1) <= east;
  }

  /** One-pass builder: partitions the point arrays in place, recording nodes as it goes. */
  private static final class Builder {
    final double[] lat;
    final double[] lon;
    final int[] id;
    final int capacity;
    int[] child = new int[64];
    int[] start = new int[64];
    int[] end = new int[64];
    float[] box = new float[256];
    int nodes;
    // Per gridded leaf, the ends of its grid cells' point ranges (relative to the leaf's start).
    byte[] grid = new byte[GRID_CELLS * 64];
    int leaves;
    private final double[] tmpLat = new double[GRID_MAX_POINTS];
    private final double[] tmpLon = new double[GRID_MAX_POINTS];
    private final int[] tmpId = new int[GRID_MAX_POINTS];
    private final int[] tmpCell = new int[GRID_MAX_POINTS];

    Builder(int n, int capacity) {
      lat = new double[n];
      lon = new double[n];
      id = new int[n];
      this.capacity = capacity;
    }

    void build() {
      nodes = 1;
      split(0, 0, lat.length, -90, -180, 90, 180, 0);
    }

    private int allocate(int count) {
      int first = nodes;
      nodes += count;
      if (nodes > child.length) {
        int c = Math.max(nodes, child.length * 2);
        child = Arrays.copyOf(child, c);
        start = Arrays.copyOf(start, c);
        end = Arrays.copyOf(end, c);
        box = Arrays.copyOf(box, 4 * c);
      }
      return first;
    }

    private void split(
        int node, int s, int e, double south, double west, double north, double east, int depth) {
      start[node] = s;
      end[node] = e;
      if (e - s <= capacity || depth >= MAX_DEPTH) {
        child[node] = -1;
        leafBox(node, s, e);
        if (e - s > GRID_MIN_POINTS && e - s <= GRID_MAX_POINTS) {
          gridSort(node, s, e);
        }
        return;
      }
      double midLat = (south + north) / 2;
      double midLon = (west + east) / 2;
      int m = partition(lat, s, e, midLat);
      int a = partition(lon, s, m, midLon);
      int c = partition(lon, m, e, midLon);
      int first = allocate(4);
      child[node] = first;
      split(first, s, a, south, west, midLat, midLon, depth + 1);
      split(first + 1, a, m, south, midLon, midLat, east, depth + 1);
      split(first + 2, m, c, midLat, west, north, midLon, depth + 1);
      split(first + 3, c, e, midLat, midLon, north, east, depth + 1);
      float s0 = Float.NaN;
      float w0 = Float.NaN;
      float n0 = Float.NaN;
      float e0 = Float.NaN;
      for (int q = first; q < first + 4; q++) {
        if (start[q] < end[q]) {
          int b = 4 * q;
          s0 = Float.isNaN(s0) ? box[b] : Math.min(s0, box[b]);
          w0 = Float.isNaN(w0) ? box[b + 1] : Math.min(w0, box[b + 1]);
          n0 = Float.isNaN(n0) ? box[b + 2] : Math.max(n0, box[b + 2]);
          e0 = Float.isNaN(e0) ? box[b + 3] : Math.max(e0, box[b + 3]);
        }
      }
      setBox(node, s0, w0, n0, e0);
    }

    /**
     * Orders a leaf's points by the cell of its {@value #GRID}x{@value #GRID} grid over its box
     * (column-major: {@link #gridCell}), and records the cells' ends.
     */
    private void gridSort(int node, int s, int e) {
      int n = e - s;
      double south = box[4 * node];
      double west = box[4 * node + 1];
      double north = box[4 * node + 2];
      double east = box[4 * node + 3];
      int[] count = new int[GRID_CELLS + 1];
      for (int i = 0; i < n; i++) {
        int cell = gridCell(gridRow(lat[s + i], south, north), gridRow(lon[s + i], west, east));
        tmpCell[i] = cell;
        count[cell + 1]++;
      }
      for (int c = 0; c < GRID_CELLS; c++) {
        count[c + 1] += count[c];
      }
      int slot = leaves++;
      if (GRID_CELLS * leaves > grid.length) {
        grid = Arrays.copyOf(grid, 2 * grid.length);
      }
      for (int c = 0; c < GRID_CELLS; c++) {
        grid[GRID_CELLS * slot + c] = (byte) count[c + 1];
      }
      for (int i = 0; i < n; i++) {
        int at = count[tmpCell[i]]++;
        tmpLat[at] = lat[s + i];
        tmpLon[at] = lon[s + i];
        tmpId[at] = id[s + i];
      }
      System.arraycopy(tmpLat, 0, lat, s, n);
      System.arraycopy(tmpLon, 0, lon, s, n);
      System.arraycopy(tmpId, 0, id, s, n);
      child[node] = -2 - slot;
    }

    private void leafBox(int node, int s, int e) {
      if (s == e) {
        setBox(node, Float.NaN, Float.NaN, Float.NaN, Float.NaN);
        return;
      }
      double s0 = 90;
      double w0 = 180;
      double n0 = -90;
      double e0 = -180;
      for (int i = s; i < e; i++) {
        s0 = Math.min(s0, lat[i]);
        n0 = Math.max(n0, lat[i]);
        w0 = Math.min(w0, lon[i]);
        e0 = Math.max(e0, lon[i]);
      }
      setBox(node, down(s0), down(w0), up(n0), up(e0));
    }

    private void setBox(int node, float s, float w, float n, float e) {
      int b = 4 * node;
      box[b] = s;
      box[b + 1] = w;
      box[b + 2] = n;
      box[b + 3] = e;
    }

    private static float down(double v) {
      float f = (float) v;
      return f > v ? Math.nextDown(f) : f;
    }

    private static float up(double v) {
      float f = (float) v;
      return f < v ? Math.nextUp(f) : f;
    }

    /**
     * Moves the points of {@code [s, e)} whose coordinate in {@code coord} (the {@code lat} or the
     * {@code lon} array) is below {@code mid} to the front; returns the split index.
     */
    private int partition(double[] coord, int s, int e, double mid) {
      int i = s;
      int j = e - 1;
      while (true) {
        while (i <= j && coord[i] < mid) {
          i++;
        }
        while (i <= j && coord[j] >= mid) {
          j--;
        }
        if (i >= j) {
          return i;
        }
        swap(i, j);
      }
    }

    private void swap(int i, int j) {
      double t = lat[i];
      lat[i] = lat[j];
      lat[j] = t;
      t = lon[i];
      lon[i] = lon[j];
      lon[j] = t;
      int k = id[i];
      id[i] = id[j];
      id[j] = k;
    }
  }
}
