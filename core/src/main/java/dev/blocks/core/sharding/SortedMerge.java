package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cross-shard {@code ORDER BY}: a lazy k-way merge of per-shard iterators that are each sorted by
 * the same order, with {@code OFFSET}/{@code LIMIT} pagination.
 *
 * <p>A binary min-heap holds one head element per shard, so producing {@code r} rows pulls at most
 * {@code r + k} rows from {@code k} shards and costs {@code O((r + k) log k)} comparisons; nothing
 * is materialised beyond the heads and the requested page. Ask each shard for at most {@code offset
 * + limit} rows ({@code LIMIT offset + limit} pushed down) and the merge needs no more. Equal rows
 * come out in shard order, then in each shard's own order, so the merge equals a stable sort of the
 * shards' rows concatenated. A shard iterator that goes backwards is reported with an {@link
 * IllegalStateException} naming the shard, because its rows would come out of order. This is the
 * classic multiway merge (Knuth, The Art of Computer Programming, vol. 3, §5.4.1).
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.SortedMergeSnippets region=page}
 *
 * <p>Not thread-safe: a merge consumes its shard iterators; confine it to one thread.
 *
 * @param <T> the row type
 * @since 0.1
 */
public final class SortedMerge<T> implements Iterator<T> {

  private final List<Iterator<? extends T>> sources;
  private final Comparator<? super T> order;
  private final Object[] heads;
  private final int[] heap;
  private int size;

  private SortedMerge(List<? extends Iterator<? extends T>> sources, Comparator<? super T> order) {
    this.order = Objects.requireNonNull(order, "order");
    this.sources = new ArrayList<>(Objects.requireNonNull(sources, "sources"));
    int k = this.sources.size();
    this.heads = new Object[k];
    this.heap = new int[k];
    for (int s = 0; s < k; s++) {
      Iterator<? extends T> source = Objects.requireNonNull(this.sources.get(s), "source");
      if (source.hasNext()) {
        heads[s] = Objects.requireNonNull(source.next(), "row");
        heap[size] = s;
        siftUp(size++);
      }
    }
  }

  /**
   * Returns a lazy iterator over the merged rows of {@code sources}, each sorted by {@code order}.
   *
   * @param sources one sorted iterator per shard; consumed by the merge
   * @param order the common sort order
   * @param <T> the row type
   * @return the merged rows, in order
   */
  public static <T> SortedMerge<T> of(
      List<? extends Iterator<? extends T>> sources, Comparator<? super T> order) {
    return new SortedMerge<>(sources, order);
  }

  /**
   * Returns one page of the merged rows: skips {@code offset} rows, then returns up to {@code
   * limit}; pulls at most {@code offset + limit + sources.size()} rows from the shards.
   *
   * @param sources one sorted iterator per shard
   * @param order the common sort order
   * @param offset rows to skip, at least 0
   * @param limit most rows to return, at least 0
   * @param <T> the row type
   * @return the page, at most {@code limit} rows
   * @throws IllegalArgumentException if {@code offset < 0} or {@code limit < 0}
   */
  public static <T> List<T> page(
      List<? extends Iterator<? extends T>> sources,
      Comparator<? super T> order,
      long offset,
      int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    SortedMerge<T> merge = of(sources, order);
    for (long skipped = 0; skipped < offset && merge.hasNext(); skipped++) {
      merge.next();
    }
    List<T> out = new ArrayList<>(Math.min(limit, 1024));
    while (out.size() < limit && merge.hasNext()) {
      out.add(merge.next());
    }
    return out;
  }

  @Override
  public boolean hasNext() {
    return size > 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (size == 0) {
      throw new NoSuchElementException("merge is exhausted");
    }
    int s = heap[0];
    T row = (T) heads[s];
    Iterator<? extends T> source = sources.get(s);
    if (source.hasNext()) {
      T nextRow = Objects.requireNonNull(source.next(), "row");
      if (order.compare(nextRow, row) < 0) {
        throw new IllegalStateException(
            "shard " + s + " is not sorted: " + nextRow + " came after " + row);
      }
      heads[s] = nextRow;
    } else {
      heads[s] = null;
      heap[0] = heap[--size];
    }
    siftDown(0);
    return row;
  }

  @SuppressWarnings("unchecked")
  private boolean less(int a, int b) {
    int c = order.compare((T) heads[a], (T) heads[b]);
    return c < 0 || c == 0 && a < b;
  }

  private void siftUp(int h) {
    while (h > 0) {
      int parent = (h - 1) >>> 1;
      if (!less(heap[h], heap[parent])) {
        return;
      }
      int t = heap[h];
      heap[h] = heap[parent];
      heap[parent] = t;
      h = parent;
    }
  }

  private void siftDown(int h) {
    while (true) {
      int left = 2 * h + 1;
      if (left >= size) {
        return;
      }
      int child = left + 1 < size && less(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!less(heap[child], heap[h])) {
        return;
      }
      int t = heap[h];
      heap[h] = heap[child];
      heap[child] = t;
      h = child;
    }
  }
}
