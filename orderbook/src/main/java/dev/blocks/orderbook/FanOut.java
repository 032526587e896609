package dev.blocks.orderbook;

import java.util.Objects;

/** Passes every event to several listeners in order. Thread safety is that of the listeners. */
final class FanOut implements OrderBookListener {
  private final OrderBookListener[] listeners;

  FanOut(OrderBookListener[] listeners) {
    this.listeners = listeners.clone();
    for (int i = 0; i < this.listeners.length; i++) {
      Objects.requireNonNull(this.listeners[i], "listeners[" + i + "]");
    }
  }

  @Override
  public void onAccepted(long orderId, long owner, Side side, long price, long quantity) {
    for (OrderBookListener l : listeners) {
      l.onAccepted(orderId, owner, side, price, quantity);
    }
  }

  @Override
  public void onRejected(long orderId, RejectReason reason) {
    for (OrderBookListener l : listeners) {
      l.onRejected(orderId, reason);
    }
  }

  @Override
  public void onTrade(long maker, long taker, Side takerSide, long price, long quantity) {
    for (OrderBookListener l : listeners) {
      l.onTrade(maker, taker, takerSide, price, quantity);
    }
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
    for (OrderBookListener l : listeners) {
      l.onTrade(maker, makerOwner, taker, takerOwner, takerSide, price, quantity);
    }
  }

  @Override
  public void onCancelled(long orderId, long remainingQuantity, CancelReason reason) {
    for (OrderBookListener l : listeners) {
      l.onCancelled(orderId, remainingQuantity, reason);
    }
  }

  @Override
  public void onReplaced(long orderId, long price, long quantity) {
    for (OrderBookListener l : listeners) {
      l.onReplaced(orderId, price, quantity);
    }
  }

  @Override
  public void onExpired(long orderId, long remainingQuantity) {
    for (OrderBookListener l : listeners) {
      l.onExpired(orderId, remainingQuantity);
    }
  }

  @Override
  public void onTriggered(long orderId, long lastTradePrice) {
    for (OrderBookListener l : listeners) {
      l.onTriggered(orderId, lastTradePrice);
    }
  }

  @Override
  public void onSelfTradePrevented(long makerOrderId, long takerOrderId, long quantity) {
    for (OrderBookListener l : listeners) {
      l.onSelfTradePrevented(makerOrderId, takerOrderId, quantity);
    }
  }

  @Override
  public void onLevelChanged(Side side, long price, long displayedQuantity) {
    for (OrderBookListener l : listeners) {
      l.onLevelChanged(side, price, displayedQuantity);
    }
  }
}
