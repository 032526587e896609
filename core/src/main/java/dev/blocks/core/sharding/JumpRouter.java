package dev.blocks.core.sharding;

import java.util.List;

/**
 * Routes keys with jump consistent hash ({@link JumpHash}, Lamping and Veach 2014, {@code O(log
 * n)}) or its constant-time variant ({@link JumpBackHash}, Ertl 2024): near-perfect balance, no
 * memory, and minimal movement, but nodes can only be added or removed at the end of {@link
 * #nodes()}.
 *
 * <p>Adding a node appends it; removing any node but the last is rejected, because the bucket
 * numbers of every later node would shift and move most keys. To retire a node in the middle, swap
 * it with the last one in your own id mapping first.
 *
 * <p>Immutable and thread-safe; {@link #shardOf(long)} allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class JumpRouter<K> extends HashRouter<K> {

  private final boolean back;

  JumpRouter(List<String> nodes, KeyHasher<? super K> hasher, boolean back) {
    super(nodes, hasher);
    this.back = back;
  }

  @Override
  public int shardOf(long keyHash) {
    return back
        ? JumpBackHash.bucket(keyHash, nodeIds.length)
        : JumpHash.bucket(keyHash, nodeIds.length);
  }

  @Override
  public JumpRouter<K> withNode(String node) {
    return new JumpRouter<>(Nodes.plus(nodes, node), hasher, back);
  }

  /**
   * Returns a router without {@code node}, which must be the last node.
   *
   * @throws IllegalArgumentException if {@code node} is absent, the only node, or not the last
   */
  @Override
  public JumpRouter<K> withoutNode(String node) {
    List<String> rest = Nodes.minus(nodes, node);
    String last = nodeIds[nodeIds.length - 1];
    if (!last.equals(node)) {
      throw new IllegalArgumentException(
          "jump routers can remove only the last node \""
              + last
              + "\", got \""
              + node
              + "\" at index "
              + nodes.indexOf(node));
    }
    return new JumpRouter<>(rest, hasher, back);
  }

  @Override
  public String algorithm() {
    return back ? "jump-back" : "jump";
  }
}
