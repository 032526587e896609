package dev.blocks.orderbook;

import static dev.blocks.orderbook.RecordingListener.accepted;
import static dev.blocks.orderbook.RecordingListener.cancelled;
import static dev.blocks.orderbook.RecordingListener.expired;
import static dev.blocks.orderbook.RecordingListener.owners;
import static dev.blocks.orderbook.RecordingListener.prevented;
import static dev.blocks.orderbook.RecordingListener.rejected;
import static dev.blocks.orderbook.RecordingListener.replaced;
import static dev.blocks.orderbook.RecordingListener.trade;
import static dev.blocks.orderbook.RecordingListener.triggered;

import java.util.ArrayList;
import java.util.List;

/**
 * A slow, obviously correct order book: each side is one list in priority order, and every rule is
 * applied by scanning it. Emits the same event strings as {@link RecordingListener}.
 */
final class OrderBookModel {

  static final class Order {
    long id;
    long owner;
    Side side;
    OrderType type;
    TimeInForce tif;
    long price;
    long stop;
    long remaining;
    long visible;
    long display;
    boolean postOnly;
    SelfTradePrevention stp;

    String describe() {
      return id + " owner=" + owner + " " + side + " " + price + " rem=" + remaining + " vis="
          + visible;
    }
  }

  final int capacity;
  final List<Order> bids = new ArrayList<>();
  final List<Order> asks = new ArrayList<>();
  final List<Order> stops = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  long lastTrade = MatchingEngine.NO_TRADE;

  OrderBookModel(int capacity) {
    this.capacity = capacity;
  }

  List<String> drain() {
    List<String> copy = List.copyOf(events);
    events.clear();
    return copy;
  }

  private List<Order> book(Side side) {
    return side == Side.BUY ? bids : asks;
  }

  /** The live order {@code id} (resting or a pending stop), or null. */
  Order find(long id) {
    for (List<Order> list : List.of(bids, asks, stops)) {
      for (Order o : list) {
        if (o.id == id) {
          return o;
        }
      }
    }
    return null;
  }

  /** The number of live orders. */
  int live() {
    return bids.size() + asks.size() + stops.size();
  }

  /** Inserts behind every order of the same side with the same or a better price. */
  private void insert(Order o) {
    List<Order> list = book(o.side);
    int i = 0;
    while (i < list.size() && !o.side.better(o.price, list.get(i).price)) {
      i++;
    }
    list.add(i, o);
  }

  private boolean crossesOpposite(Side side, long price) {
    List<Order> opp = book(side.opposite());
    return !opp.isEmpty() && side.crosses(price, opp.get(0).price);
  }

  void submit(OrderRequest r) {
    RejectReason reason = null;
    boolean stop = r.type() == OrderType.STOP || r.type() == OrderType.STOP_LIMIT;
    boolean immediate = r.timeInForce() == TimeInForce.IOC || r.timeInForce() == TimeInForce.FOK;
    if (find(r.orderId()) != null) {
      reason = RejectReason.DUPLICATE_ORDER_ID;
    } else if (r.quantity() <= 0) {
      reason = RejectReason.INVALID_QUANTITY;
    } else if (r.price() <= 0) {
      reason = RejectReason.INVALID_PRICE;
    } else if (stop && r.stopPrice() <= 0) {
      reason = RejectReason.INVALID_STOP_PRICE;
    } else if (r.displayQuantity() < 0 || r.displayQuantity() > r.quantity()) {
      reason = RejectReason.INVALID_DISPLAY_QUANTITY;
    } else if ((r.type() == OrderType.MARKET || r.type() == OrderType.STOP) && !immediate) {
      reason = RejectReason.UNSUPPORTED_COMBINATION;
    } else if (r.postOnly() && (r.type() != OrderType.LIMIT || immediate)) {
      reason = RejectReason.UNSUPPORTED_COMBINATION;
    } else if ((stop || (r.type() == OrderType.LIMIT && !immediate)) && live() >= capacity) {
      reason = RejectReason.BOOK_FULL;
    } else if (r.postOnly() && crossesOpposite(r.side(), r.price())) {
      reason = RejectReason.WOULD_TAKE;
    }
    if (reason != null) {
      events.add(rejected(r.orderId(), reason));
      return;
    }
    Order o = new Order();
    o.id = r.orderId();
    o.owner = r.owner();
    o.side = r.side();
    o.type = r.type();
    o.tif = r.timeInForce();
    o.price = r.price();
    o.stop = r.stopPrice();
    o.remaining = r.quantity();
    o.display = r.displayQuantity();
    o.postOnly = r.postOnly();
    o.stp = r.selfTradePrevention();
    events.add(accepted(o.id, o.owner, o.side, o.price, o.remaining));
    if (stop) {
      stops.add(o);
    } else {
      execute(o);
    }
    runStops();
  }

  void cancel(long id) {
    Order o = find(id);
    if (o == null) {
      events.add(rejected(id, RejectReason.UNKNOWN_ORDER));
      return;
    }
    events.add(cancelled(id, o.remaining, CancelReason.REQUESTED));
    bids.remove(o);
    asks.remove(o);
    stops.remove(o);
  }

  void modify(long id, long price, long qty) {
    Order o = find(id);
    RejectReason reason = null;
    if (o == null) {
      reason = RejectReason.UNKNOWN_ORDER;
    } else if (qty <= 0) {
      reason = RejectReason.INVALID_QUANTITY;
    } else if (price <= 0) {
      reason = RejectReason.INVALID_PRICE;
    } else if (o.postOnly && price != o.price && crossesOpposite(o.side, price)) {
      reason = RejectReason.WOULD_TAKE;
    }
    if (reason != null) {
      events.add(rejected(id, reason));
      return;
    }
    events.add(replaced(id, price, qty));
    if (stops.contains(o)) {
      if (!(price == o.price && qty <= o.remaining)) {
        stops.remove(o);
        stops.add(o);
      }
      o.price = price;
      o.remaining = qty;
      return;
    }
    if (price == o.price && qty <= o.remaining) {
      o.remaining = qty;
      o.visible = Math.min(o.visible, qty);
    } else {
      book(o.side).remove(o);
      o.price = price;
      o.remaining = qty;
      execute(o);
      runStops();
    }
  }

  void expireSession() {
    for (List<Order> list : List.of(bids, asks, stops)) {
      for (Order o : List.copyOf(list)) {
        if (o.tif == TimeInForce.DAY) {
          events.add(expired(o.id, o.remaining));
          list.remove(o);
        }
      }
    }
  }

  private void runStops() {
    while (lastTrade != MatchingEngine.NO_TRADE) {
      Order hit = null;
      for (Order s : stops) {
        if (s.side == Side.BUY ? lastTrade >= s.stop : lastTrade <= s.stop) {
          hit = s;
          break;
        }
      }
      if (hit == null) {
        return;
      }
      stops.remove(hit);
      events.add(triggered(hit.id, lastTrade));
      hit.type = hit.type == OrderType.STOP ? OrderType.MARKET : OrderType.LIMIT;
      execute(hit);
    }
  }

  private void execute(Order o) {
    if (o.tif == TimeInForce.FOK && !fillable(o)) {
      events.add(cancelled(o.id, o.remaining, CancelReason.FILL_OR_KILL));
      return;
    }
    long q = match(o);
    if (q == 0) {
      return;
    }
    if (o.type == OrderType.MARKET || o.tif == TimeInForce.IOC || o.tif == TimeInForce.FOK) {
      events.add(cancelled(o.id, q, CancelReason.IMMEDIATE_OR_CANCEL));
      return;
    }
    o.remaining = q;
    o.visible = o.display > 0 && o.display < q ? o.display : q;
    insert(o);
  }

  private boolean fillable(Order o) {
    List<Order> opp = book(o.side.opposite());
    long available = 0;
    int i = 0;
    while (i < opp.size()) {
      long p = opp.get(i).price;
      if (!o.side.crosses(o.price, p)) {
        return false;
      }
      while (i < opp.size() && opp.get(i).price == p) {
        Order m = opp.get(i);
        if (o.stp != SelfTradePrevention.NONE && m.owner == o.owner) {
          return false;
        }
        available += m.remaining;
        i++;
      }
      if (available >= o.remaining) {
        return true;
      }
    }
    return false;
  }

  private long match(Order o) {
    List<Order> opp = book(o.side.opposite());
    long q = o.remaining;
    while (q > 0 && !opp.isEmpty() && o.side.crosses(o.price, opp.get(0).price)) {
      Order m = opp.get(0);
      if (o.stp != SelfTradePrevention.NONE && m.owner == o.owner) {
        switch (o.stp) {
          case CANCEL_NEWEST -> {
            events.add(cancelled(o.id, q, CancelReason.SELF_TRADE));
            return 0;
          }
          case CANCEL_OLDEST -> {
            events.add(cancelled(m.id, m.remaining, CancelReason.SELF_TRADE));
            opp.remove(0);
          }
          case CANCEL_BOTH -> {
            events.add(cancelled(m.id, m.remaining, CancelReason.SELF_TRADE));
            opp.remove(0);
            events.add(cancelled(o.id, q, CancelReason.SELF_TRADE));
            return 0;
          }
          default -> {
            long d = Math.min(q, m.visible);
            events.add(prevented(m.id, o.id, d));
            q -= d;
            take(opp, m, d);
          }
        }
        continue;
      }
      long t = Math.min(q, m.visible);
      events.add(trade(m.id, o.id, o.side, m.price, t) + owners(m.owner, o.owner));
      lastTrade = m.price;
      q -= t;
      take(opp, m, t);
    }
    return q;
  }

  private void take(List<Order> opp, Order m, long t) {
    m.remaining -= t;
    m.visible -= t;
    if (m.remaining == 0) {
      opp.remove(0);
    } else if (m.visible == 0) {
      m.visible = Math.min(m.display, m.remaining);
      opp.remove(0);
      insert(m);
    }
  }

  /** The level-3 view: one line per resting order in priority order, then the pending stops. */
  List<String> orders() {
    List<String> out = new ArrayList<>();
    for (Order o : bids) {
      out.add(o.describe());
    }
    for (Order o : asks) {
      out.add(o.describe());
    }
    for (Order o : stops) {
      out.add(
          "stop "
              + o.id
              + " owner="
              + o.owner
              + " "
              + o.side
              + " "
              + o.price
              + " rem="
              + o.remaining);
    }
    return out;
  }

  static List<String> orders(MatchingEngine engine) {
    List<String> out = new ArrayList<>();
    OrderVisitor v =
        (id, owner, side, price, rem, vis) ->
            out.add(
                id + " owner=" + owner + " " + side + " " + price + " rem=" + rem + " vis=" + vis);
    engine.forEachOrder(Side.BUY, v);
    engine.forEachOrder(Side.SELL, v);
    engine.forEachStop(
        (id, owner, side, price, rem, vis) ->
            out.add("stop " + id + " owner=" + owner + " " + side + " " + price + " rem=" + rem));
    return out;
  }
}
