package dev.blocks.orderbook;

import java.util.ArrayList;
import java.util.List;

/** Records events as short strings (level updates only when asked), for tests. */
final class RecordingListener implements OrderBookListener {
  final List<String> events = new ArrayList<>();
  final boolean levels;
  final boolean withOwners;

  RecordingListener() {
    this(false);
  }

  RecordingListener(boolean levels) {
    this(levels, false);
  }

  /** Records level updates if {@code levels}, and trades with their owners if {@code owners}. */
  RecordingListener(boolean levels, boolean owners) {
    this.levels = levels;
    this.withOwners = owners;
  }

  static String owners(long makerOwner, long takerOwner) {
    return " owners=" + makerOwner + "/" + takerOwner;
  }

  List<String> drain() {
    List<String> copy = List.copyOf(events);
    events.clear();
    return copy;
  }

  static String accepted(long id, long owner, Side side, long price, long qty) {
    return "accepted " + id + " owner=" + owner + " " + side + " " + price + "x" + qty;
  }

  static String rejected(long id, RejectReason reason) {
    return "rejected " + id + " " + reason;
  }

  static String trade(long maker, long taker, Side side, long price, long qty) {
    return "trade maker=" + maker + " taker=" + taker + " " + side + " " + price + "x" + qty;
  }

  static String cancelled(long id, long remaining, CancelReason reason) {
    return "cancelled " + id + " " + remaining + " " + reason;
  }

  static String replaced(long id, long price, long qty) {
    return "replaced " + id + " " + price + "x" + qty;
  }

  static String expired(long id, long remaining) {
    return "expired " + id + " " + remaining;
  }

  static String triggered(long id, long last) {
    return "triggered " + id + " at " + last;
  }

  static String prevented(long maker, long taker, long qty) {
    return "prevented maker=" + maker + " taker=" + taker + " " + qty;
  }

  @Override
  public void onAccepted(long orderId, long owner, Side side, long price, long quantity) {
    events.add(accepted(orderId, owner, side, price, quantity));
  }

  @Override
  public void onRejected(long orderId, RejectReason reason) {
    events.add(rejected(orderId, reason));
  }

  @Override
  public void onTrade(
      long maker,
      long makerOwner,
      long taker,
      long takerOwner,
      Side takerSide,
      long price,
      long quantity) {
    events.add(
        trade(maker, taker, takerSide, price, quantity)
            + (withOwners ? owners(makerOwner, takerOwner) : ""));
  }

  @Override
  public void onCancelled(long orderId, long remainingQuantity, CancelReason reason) {
    events.add(cancelled(orderId, remainingQuantity, reason));
  }

  @Override
  public void onReplaced(long orderId, long price, long quantity) {
    events.add(replaced(orderId, price, quantity));
  }

  @Override
  public void onExpired(long orderId, long remainingQuantity) {
    events.add(expired(orderId, remainingQuantity));
  }

  @Override
  public void onTriggered(long orderId, long lastTradePrice) {
    events.add(triggered(orderId, lastTradePrice));
  }

  @Override
  public void onSelfTradePrevented(long makerOrderId, long takerOrderId, long quantity) {
    events.add(prevented(makerOrderId, takerOrderId, quantity));
  }

  @Override
  public void onLevelChanged(Side side, long price, long displayedQuantity) {
    if (levels) {
      events.add("level " + side + " " + price + " " + displayedQuantity);
    }
  }
}
