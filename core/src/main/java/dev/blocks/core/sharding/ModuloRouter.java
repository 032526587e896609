package dev.blocks.core.sharding;

import java.util.List;

/**
 * Routes a key to node {@code hash mod n}: the naive baseline that balances perfectly and moves
 * almost every key ({@code n/(n+1)} of them) when a node is added.
 *
 * <p>Kept to show, in the balance table and the tour, what consistent hashing avoids; see Karger et
 * al. (STOC 1997) for the problem statement. Immutable and thread-safe; {@link #shardOf(long)}
 * allocates nothing.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class ModuloRouter<K> extends HashRouter<K> {

  ModuloRouter(List<String> nodes, KeyHasher<? super K> hasher) {
    super(nodes, hasher);
  }

  @Override
  public int shardOf(long keyHash) {
    return (int) Long.remainderUnsigned(keyHash, nodeIds.length);
  }

  @Override
  public ModuloRouter<K> withNode(String node) {
    return new ModuloRouter<>(Nodes.plus(nodes, node), hasher);
  }

  @Override
  public ModuloRouter<K> withoutNode(String node) {
    return new ModuloRouter<>(Nodes.minus(nodes, node), hasher);
  }

  @Override
  public String algorithm() {
    return "modulo";
  }
}
