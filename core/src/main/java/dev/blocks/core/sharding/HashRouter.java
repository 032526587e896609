package dev.blocks.core.sharding;

import java.util.List;
import java.util.Objects;

/**
 * A {@link ShardRouter} that hashes the key to 64 bits with a {@link KeyHasher} and maps the hash
 * to a shard index; {@link #shardOf(long)} is the allocation-free hot path.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> the key type
 * @since 0.1
 */
public abstract sealed class HashRouter<K> implements ShardRouter<K>
    permits ModuloRouter,
        RingRouter,
        RendezvousRouter,
        JumpRouter,
        MaglevRouter,
        MultiProbeRouter,
        BoundedLoadRouter {

  final String[] nodeIds;
  final List<String> nodes;
  final KeyHasher<? super K> hasher;

  HashRouter(List<String> nodes, KeyHasher<? super K> hasher) {
    this.nodes = Nodes.validate(nodes);
    this.nodeIds = this.nodes.toArray(new String[0]);
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * Returns the index in {@link #nodes()} of the shard that owns a key with this hash.
   *
   * @param keyHash the key's 64-bit hash, from {@link #hasher()}
   * @return the shard index, in {@code [0, nodes().size())}
   */
  public abstract int shardOf(long keyHash);

  @Override
  public final String route(K key) {
    return nodeIds[shardOf(hasher.hash(Objects.requireNonNull(key, "key")))];
  }

  /**
   * Returns the hasher that turns keys into the hashes {@link #shardOf(long)} takes.
   *
   * @return the key hasher
   */
  public final KeyHasher<? super K> hasher() {
    return hasher;
  }

  @Override
  public final List<String> nodes() {
    return nodes;
  }

  @Override
  public abstract HashRouter<K> withNode(String node);

  @Override
  public abstract HashRouter<K> withoutNode(String node);

  @Override
  public String toString() {
    return algorithm() + nodes;
  }
}
