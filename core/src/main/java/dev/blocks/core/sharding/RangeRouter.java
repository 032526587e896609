package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Range sharding: sorted boundaries cut the key space into consecutive ranges, each owned by a
 * node, so neighbouring keys live together and range scans touch few shards.
 *
 * <p>This is the scheme of Bigtable's tablets (Chang et al., OSDI 2006) and of HBase regions and
 * CockroachDB ranges: a range is {@linkplain #split split} when it grows hot or large and adjacent
 * ranges are {@linkplain #merge merged} when they shrink. The ranges always cover the whole key
 * space without overlap ({@link #ranges()} lists them in key order). A node may own several ranges,
 * or none: {@link #withNode} adds a node without ranges (give it one with {@link #split}), and
 * {@link #withoutNode} hands the node's ranges to the preceding range's owner (or the following
 * one's, for the first range), which moves only that node's keys.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=range}
 *
 * <p>Immutable and thread-safe; {@link #route} is a binary search that allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class RangeRouter<K> implements ShardRouter<K> {

  private final Comparator<? super K> order;
  private final List<String> nodes;
  private final Object[] boundaries;
  private final String[] owners;

  private RangeRouter(
      Comparator<? super K> order, List<String> nodes, Object[] boundaries, String[] owners) {
    this.order = order;
    this.nodes = nodes;
    this.boundaries = boundaries;
    this.owners = owners;
  }

  /**
   * Returns a router with one range, the whole key space, owned by {@code node}.
   *
   * @param order the key order
   * @param node the only node
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code node} is empty
   */
  public static <K> RangeRouter<K> of(Comparator<? super K> order, String node) {
    return of(order, List.of(), List.of(node));
  }

  /**
   * Returns a router with ranges cut at {@code boundaries}: range {@code i} covers {@code
   * [boundaries[i-1], boundaries[i])} and is owned by {@code owners[i]}. The node set is the
   * distinct owners, in first-appearance order.
   *
   * @param order the key order
   * @param boundaries the cut points, strictly increasing in {@code order}
   * @param owners one more owner than boundaries
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if the boundaries are not strictly increasing, the owner count
   *     is not one more than the boundary count, or an owner id is empty
   */
  public static <K> RangeRouter<K> of(
      Comparator<? super K> order, List<? extends K> boundaries, List<String> owners) {
    Objects.requireNonNull(order, "order");
    Object[] b = boundaries.toArray();
    String[] o = owners.toArray(new String[0]);
    if (o.length != b.length + 1) {
      throw new IllegalArgumentException(
          "owners must number boundaries + 1 = "
              + (b.length + 1)
              + ", got "
              + o.length
              + " owners "
              + owners);
    }
    checkIncreasing(order, b);
    List<String> nodes = new ArrayList<>();
    for (String owner : o) {
      Objects.requireNonNull(owner, "owner");
      if (!nodes.contains(owner)) {
        nodes.add(owner);
      }
    }
    return new RangeRouter<>(order, Nodes.validate(nodes), b, o);
  }

  @SuppressWarnings("unchecked")
  private static <K> void checkIncreasing(Comparator<? super K> order, Object[] b) {
    for (int i = 0; i < b.length; i++) {
      Objects.requireNonNull(b[i], "boundary");
      if (i > 0 && order.compare((K) b[i - 1], (K) b[i]) >= 0) {
        throw new IllegalArgumentException(
            "boundaries must be strictly increasing, got " + b[i - 1] + " then " + b[i]);
      }
    }
  }

  /** Index of the range holding {@code key}: the number of boundaries {@code <= key}. */
  @SuppressWarnings("unchecked")
  private int rangeIndex(K key) {
    int lo = 0;
    int hi = boundaries.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (order.compare((K) boundaries[mid], key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public String route(K key) {
    return owners[rangeIndex(Objects.requireNonNull(key, "key"))];
  }

  /**
   * Returns the range holding {@code key}.
   *
   * @param key the key
   * @return its range
   */
  public KeyRange<K> rangeOf(K key) {
    return range(rangeIndex(Objects.requireNonNull(key, "key")));
  }

  @SuppressWarnings("unchecked")
  private KeyRange<K> range(int i) {
    Optional<K> lower = i == 0 ? Optional.empty() : Optional.of((K) boundaries[i - 1]);
    Optional<K> upper = i == boundaries.length ? Optional.empty() : Optional.of((K) boundaries[i]);
    return new KeyRange<>(lower, upper, owners[i]);
  }

  /**
   * Returns every range in key order: disjoint, adjacent, and together covering all keys.
   *
   * @return the ranges, first to last
   */
  public List<KeyRange<K>> ranges() {
    List<KeyRange<K>> out = new ArrayList<>(owners.length);
    for (int i = 0; i < owners.length; i++) {
      out.add(range(i));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns the boundaries in key order.
   *
   * @return the cut points
   */
  @SuppressWarnings("unchecked")
  public List<K> boundaries() {
    List<K> out = new ArrayList<>(boundaries.length);
    for (Object b : boundaries) {
      out.add((K) b);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns a router whose range holding {@code at} is cut at {@code at}: the keys below stay with
   * the current owner, the keys from {@code at} on go to {@code node} (added to the node set if
   * new).
   *
   * @param at the new boundary
   * @param node the owner of the upper part
   * @return a new router
   * @throws IllegalArgumentException if {@code at} already is a boundary or {@code node} is empty
   */
  public RangeRouter<K> split(K at, String node) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(node, "node");
    int i = rangeIndex(at);
    if (i > 0 && order.compare(boundary(i - 1), at) == 0) {
      throw new IllegalArgumentException("split point must not already be a boundary, got " + at);
    }
    List<String> newNodes = nodes.contains(node) ? nodes : Nodes.validate(Nodes.plus(nodes, node));
    Object[] b = new Object[boundaries.length + 1];
    System.arraycopy(boundaries, 0, b, 0, i);
    b[i] = at;
    System.arraycopy(boundaries, i, b, i + 1, boundaries.length - i);
    String[] o = new String[owners.length + 1];
    System.arraycopy(owners, 0, o, 0, i + 1);
    o[i + 1] = node;
    System.arraycopy(owners, i + 1, o, i + 2, owners.length - i - 1);
    return new RangeRouter<>(order, newNodes, b, o);
  }

  /**
   * Returns a router with the boundary {@code at} removed: the two ranges it separated become one,
   * owned by the lower range's owner.
   *
   * @param at an existing boundary
   * @return a new router
   * @throws IllegalArgumentException if {@code at} is not a boundary
   */
  public RangeRouter<K> merge(K at) {
    Objects.requireNonNull(at, "at");
    int i = rangeIndex(at) - 1;
    if (i < 0 || order.compare(boundary(i), at) != 0) {
      throw new IllegalArgumentException("merge point must be a boundary, got " + at);
    }
    return removeBoundary(i, owners[i]);
  }

  @SuppressWarnings("unchecked")
  private K boundary(int i) {
    return (K) boundaries[i];
  }

  private RangeRouter<K> removeBoundary(int i, String owner) {
    Object[] b = new Object[boundaries.length - 1];
    System.arraycopy(boundaries, 0, b, 0, i);
    System.arraycopy(boundaries, i + 1, b, i, b.length - i);
    String[] o = new String[owners.length - 1];
    System.arraycopy(owners, 0, o, 0, i);
    o[i] = owner;
    System.arraycopy(owners, i + 2, o, i + 1, o.length - i - 1);
    return new RangeRouter<>(order, nodes, b, o);
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  /** Returns a router with {@code node} added, owning no range yet. */
  @Override
  public RangeRouter<K> withNode(String node) {
    return new RangeRouter<>(order, Nodes.validate(Nodes.plus(nodes, node)), boundaries, owners);
  }

  /** Returns a router whose ranges of {@code node} go to their preceding (else following) range. */
  @Override
  public RangeRouter<K> withoutNode(String node) {
    List<String> rest = Nodes.minus(nodes, node);
    List<Object> b = new ArrayList<>(List.of(boundaries));
    List<String> o = new ArrayList<>(List.of(owners));
    for (int i = 0; i < o.size(); ) {
      if (!o.get(i).equals(node)) {
        i++;
      } else if (o.size() == 1) {
        o.set(0, rest.get(0));
      } else if (i > 0) {
        b.remove(i - 1);
        o.remove(i);
      } else {
        b.remove(0);
        o.remove(0);
      }
    }
    return new RangeRouter<>(order, rest, b.toArray(), o.toArray(new String[0]));
  }

  @Override
  public String algorithm() {
    return "range";
  }

  @Override
  public String toString() {
    return "range" + ranges();
  }
}
