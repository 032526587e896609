package dev.blocks.orderbook;

/**
 * Which of the hot {@link OrderBookListener} callbacks a listener overrides, found once when the
 * engine is built. The engine skips a callback whose implementation is the interface's empty
 * default (calling it would do nothing), and calls the five-argument {@code onTrade} directly when
 * only that form is overridden (the seven-argument default only forwards to it). Events seen by the
 * listener are exactly those it would see if every callback were made; what is saved is a call per
 * event, which the JIT cannot remove once several listener classes share the engine's call sites.
 *
 * <p>Immutable.
 */
final class ListenerUse {
  final boolean accepted;
  final boolean cancelled;
  final boolean levels;

  /** The seven-argument {@code onTrade} is overridden: call it. */
  final boolean tradeWithOwners;

  /** Only the five-argument {@code onTrade} is overridden: call that one. */
  final boolean tradeWithoutOwners;

  ListenerUse(OrderBookListener listener) {
    Class<?> c = listener.getClass();
    accepted =
        overrides(c, "onAccepted", long.class, long.class, Side.class, long.class, long.class);
    cancelled = overrides(c, "onCancelled", long.class, long.class, CancelReason.class);
    levels = overrides(c, "onLevelChanged", Side.class, long.class, long.class);
    tradeWithOwners =
        overrides(
            c,
            "onTrade",
            long.class,
            long.class,
            long.class,
            long.class,
            Side.class,
            long.class,
            long.class);
    tradeWithoutOwners =
        !tradeWithOwners
            && overrides(c, "onTrade", long.class, long.class, Side.class, long.class, long.class);
  }

  /** Whether the public method {@code name(params)} of {@code c} is not the interface default. */
  static boolean overrides(Class<?> c, String name, Class<?>... params) {
    try {
      return c.getMethod(name, params).getDeclaringClass() != OrderBookListener.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("OrderBookListener." + name + " is missing", e);
    }
  }
}
