package dev.blocks.orderbook;

/**
 * Receives the orders of a book one by one, in price-time priority (level-3 view), as primitive
 * callbacks.
 *
 * <p>Implementations decide their own thread safety.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface OrderVisitor {
  /**
   * Visits one order.
   *
   * @param orderId the order's id
   * @param owner its owner
   * @param side its side
   * @param price its limit price (for a pending stop: its price after triggering)
   * @param remainingQuantity its remaining quantity, hidden iceberg quantity included
   * @param displayedQuantity the quantity shown in the book (0 for a pending stop)
   */
  void visit(
      long orderId,
      long owner,
      Side side,
      long price,
      long remainingQuantity,
      long displayedQuantity);
}
