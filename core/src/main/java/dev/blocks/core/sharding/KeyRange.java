package dev.blocks.core.sharding;

import java.util.Objects;
import java.util.Optional;

/**
 * One range of a {@link RangeRouter}: the keys from {@code lower} (inclusive) to {@code upper}
 * (exclusive), owned by {@code node}; an empty bound is unbounded.
 *
 * <p>Immutable.
 *
 * @param lower the inclusive lower bound, or empty for "from the smallest key"
 * @param upper the exclusive upper bound, or empty for "to the largest key"
 * @param node the owning node's id
 * @param <K> the key type
 * @since 0.1
 */
public record KeyRange<K>(Optional<K> lower, Optional<K> upper, String node) {

  /** Validates that no component is null. */
  public KeyRange {
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return "["
        + lower.map(String::valueOf).orElse("-∞")
        + ", "
        + upper.map(String::valueOf).orElse("+∞")
        + ") → "
        + node;
  }
}
