package dev.blocks.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small proximity-search service over any {@link ProximityIndex}: a location and a radius or a
 * count in, one page of results out, nearest first, each with its great-circle distance in metres.
 *
 * <p>Each call runs the query afresh and slices the requested page out of the full answer, so a
 * page is consistent with the index at the time of the call; for an {@link UpdatableQuadTree},
 * successive pages may reflect updates made in between.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.geo.QuadTreeSnippets region=search}
 *
 * <p>Immutable; thread-safe when the index is (every index in this package is).
 *
 * @since 0.1
 */
public final class ProximitySearch {

  private final ProximityIndex index;

  private ProximitySearch(ProximityIndex index) {
    this.index = index;
  }

  /**
   * Returns a search over an index.
   *
   * @throws NullPointerException if {@code index} is null
   */
  public static ProximitySearch over(ProximityIndex index) {
    return new ProximitySearch(Objects.requireNonNull(index, "index"));
  }

  /**
   * Returns one page of the {@code k} nearest points.
   *
   * @param offset results to skip, at least 0
   * @param limit page size, at least 1
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, {@code k < 1}, {@code
   *     offset < 0} or {@code limit < 1}
   */
  public Page nearest(double latitude, double longitude, int k, int offset, int limit) {
    checkPage(offset, limit);
    Hits hits = new Hits(Math.max(1, Math.min(k, 1024)));
    index.nearest(latitude, longitude, k, hits);
    return page(hits, offset, limit);
  }

  /**
   * Returns one page of the points within {@code radiusMeters}.
   *
   * @param offset results to skip, at least 0
   * @param limit page size, at least 1
   * @throws IllegalArgumentException if a coordinate is NaN or out of range, the radius is negative
   *     or NaN, {@code offset < 0} or {@code limit < 1}
   */
  public Page withinRadius(
      double latitude, double longitude, double radiusMeters, int offset, int limit) {
    checkPage(offset, limit);
    Hits hits = new Hits();
    index.withinRadius(latitude, longitude, radiusMeters, hits);
    return page(hits, offset, limit);
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }

  private static Page page(Hits hits, int offset, int limit) {
    int total = hits.size();
    int from = Math.min(offset, total);
    int to = (int) Math.min((long) from + limit, total);
    List<Result> results = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      results.add(new Result(hits.id(i), hits.distance(i)));
    }
    return new Page(results, offset, total);
  }

  /**
   * One result: a point's id and its great-circle distance from the query location.
   *
   * <p>Immutable.
   *
   * @param id the point's id in its index
   * @param distanceMeters great-circle distance, metres
   * @since 0.1
   */
  public record Result(long id, double distanceMeters) {}

  /**
   * One page of results.
   *
   * <p>Immutable.
   *
   * @param results this page's results, nearest first
   * @param offset how many results precede this page
   * @param total how many results the whole answer has
   * @since 0.1
   */
  public record Page(List<Result> results, int offset, int total) {

    /** Copies the results. */
    public Page {
      results = List.copyOf(results);
    }

    /** Returns whether results follow this page. */
    public boolean hasNext() {
      return offset + results.size() < total;
    }
  }
}
