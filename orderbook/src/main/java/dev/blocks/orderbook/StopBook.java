package dev.blocks.orderbook;

import static dev.blocks.orderbook.OrderPool.NIL;

import java.io.DataOutput;
import java.io.IOException;

/**
 * The pending stop and stop-limit orders, oldest first, kept outside the book in a doubly linked
 * list through the order records' links (a pending stop has no level).
 *
 * <p>Not thread-safe: owned by one {@link MatchingEngine}.
 */
final class StopBook {
  private final OrderPool pool;
  private int head = NIL;
  private int tail = NIL;
  private int count;

  StopBook(OrderPool pool) {
    this.pool = pool;
  }

  int count() {
    return count;
  }

  /** The oldest pending stop, or {@link OrderPool#NIL}; follow {@link OrderPool#next}. */
  int oldest() {
    return head;
  }

  /** Appends the order in {@code slot} (stop price already set) as the newest pending stop. */
  void append(int slot) {
    pool.links(slot, tail, NIL);
    if (tail == NIL) {
      head = slot;
    } else {
      pool.next(tail, slot);
    }
    tail = slot;
    count++;
  }

  void unlink(int slot) {
    int prev = pool.prev(slot);
    int next = pool.next(slot);
    if (prev == NIL) {
      head = next;
    } else {
      pool.next(prev, next);
    }
    if (next == NIL) {
      tail = prev;
    } else {
      pool.prev(next, prev);
    }
    count--;
  }

  /**
   * The oldest pending stop that a last trade price of {@code last} triggers (a buy at or above its
   * stop price, a sell at or below), or {@link OrderPool#NIL}.
   */
  int firstTriggered(long last) {
    int m = head;
    while (m != NIL) {
      long stop = pool.stopPrice(m);
      if (pool.side(m) == 0 ? last >= stop : last <= stop) {
        return m;
      }
      m = pool.next(m);
    }
    return NIL;
  }

  void forEach(OrderVisitor visitor) {
    for (int m = head; m != NIL; m = pool.next(m)) {
      Side side = pool.side(m) == 0 ? Side.BUY : Side.SELL;
      visitor.visit(pool.id(m), pool.owner(m), side, pool.price(m), pool.remaining(m), 0);
    }
  }

  long hash(long h) {
    for (int m = head; m != NIL; m = pool.next(m)) {
      h = pool.hash(h, m);
      h = OrderPool.mix(h, pool.stopPrice(m));
    }
    return h;
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(count);
    for (int m = head; m != NIL; m = pool.next(m)) {
      pool.write(out, m);
      out.writeLong(pool.stopPrice(m));
    }
  }
}
