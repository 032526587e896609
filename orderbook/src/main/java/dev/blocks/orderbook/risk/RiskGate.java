package dev.blocks.orderbook.risk;

import dev.blocks.orderbook.CancelReason;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.RejectReason;
import dev.blocks.orderbook.Side;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pre-trade risk checks and a wallet in front of a {@link MatchingEngine}.
 *
 * <p>Every account has {@link AccountLimits} and a wallet of cash (in tick-lots: one lot at one
 * tick costs 1) and instrument holdings (in lots). A new order is checked against the limits
 * (quantity, notional, price collar around the reference price, position) and must reserve funds: a
 * buy reserves price × quantity of cash (for a market or stop order, its protection cap), a sell
 * reserves its quantity of holdings. The reservation is released when the order is cancelled,
 * expires or is decremented by self-trade prevention, and settled on each fill: the buyer pays the
 * trade price (never more than reserved) and receives the lots, the seller delivers the lots and
 * receives the cash. No account can spend more than it has.
 *
 * <p>Register the gate as (one of) the engine's listeners, then {@link #attach} the engine, and
 * send new orders and modifies through the gate. Cancels go straight to the engine.
 *
 * {@snippet class=dev.blocks.orderbook.risk.RiskGateSnippets region=gate}
 *
 * <p>Not thread-safe; confine it to the engine's thread.
 *
 * @since 0.1
 */
public final class RiskGate implements OrderBookListener {

  private static final class Account {
    final AccountLimits limits;
    long cash;
    long cashReserved;
    long units;
    long unitsReserved;
    long openBuyQuantity;

    Account(AccountLimits limits, long cash, long units) {
      this.limits = limits;
      this.cash = cash;
      this.units = units;
    }
  }

  private static final class Open {
    final Account account;
    final boolean buy;
    long price; // reservation price of a buy
    long remaining;

    Open(Account account, boolean buy, long price, long remaining) {
      this.account = account;
      this.buy = buy;
      this.price = price;
      this.remaining = remaining;
    }
  }

  private final Map<Long, Account> accounts = new HashMap<>();
  private final Map<Long, Open> open = new HashMap<>();
  private MatchingEngine engine;
  private long referencePrice;
  private long pendingId = Long.MIN_VALUE;
  private boolean pendingNew;
  private boolean pendingRejected;
  private boolean pendingReplaced;

  /**
   * Creates a gate whose price collar is centred on {@code referencePrice} until the first trade
   * (then on the last trade price).
   *
   * @throws IllegalArgumentException if {@code referencePrice} is not positive
   */
  public RiskGate(long referencePrice) {
    if (referencePrice <= 0) {
      throw new IllegalArgumentException("referencePrice must be > 0, got " + referencePrice);
    }
    this.referencePrice = referencePrice;
  }

  /**
   * Sets the engine that accepted orders go to; the gate must be among its listeners.
   *
   * @throws IllegalStateException if an engine is already attached
   */
  public void attach(MatchingEngine engine) {
    Objects.requireNonNull(engine, "engine");
    if (this.engine != null) {
      throw new IllegalStateException("an engine is already attached");
    }
    this.engine = engine;
  }

  /**
   * Opens an account with its limits and initial cash and holdings.
   *
   * @throws IllegalArgumentException if the account exists or a balance is negative
   */
  public void openAccount(long account, AccountLimits limits, long cash, long units) {
    Objects.requireNonNull(limits, "limits");
    if (accounts.containsKey(account)) {
      throw new IllegalArgumentException("account " + account + " already exists");
    }
    if (cash < 0 || units < 0) {
      throw new IllegalArgumentException(
          "cash and units must be >= 0, got cash=" + cash + ", units=" + units);
    }
    accounts.put(account, new Account(limits, cash, units));
  }

  /** Returns the account's cash (reserved included), or throws for an unknown account. */
  public long cash(long account) {
    return account(account).cash;
  }

  /** Returns the account's cash reserved by open buy orders. */
  public long reservedCash(long account) {
    return account(account).cashReserved;
  }

  /** Returns the account's instrument holdings (reserved included). */
  public long units(long account) {
    return account(account).units;
  }

  /** Returns the account's holdings reserved by open sell orders. */
  public long reservedUnits(long account) {
    return account(account).unitsReserved;
  }

  private Account account(long account) {
    Account a = accounts.get(account);
    if (a == null) {
      throw new IllegalArgumentException("unknown account " + account);
    }
    return a;
  }

  private MatchingEngine engine() {
    if (engine == null) {
      throw new IllegalStateException("no engine attached: call attach(engine) first");
    }
    return engine;
  }

  /**
   * Checks a new order against its owner's limits and wallet; if it passes, reserves the funds and
   * submits it to the engine.
   *
   * @throws IllegalStateException if no engine is attached
   */
  public RiskDecision submit(OrderRequest r) {
    MatchingEngine e = engine();
    Account a = accounts.get(r.owner());
    if (a == null) {
      return RiskDecision.reject(
          RiskRule.UNKNOWN_ACCOUNT, "owner " + r.owner() + " has no account");
    }
    if (open.containsKey(r.orderId())) {
      return RiskDecision.reject(
          RiskRule.DUPLICATE_ORDER_ID, "order id " + r.orderId() + " is live");
    }
    boolean buy = r.side() == Side.BUY;
    RiskDecision d = check(a, buy, r.price(), r.quantity(), 0, 0);
    if (d != null) {
      return d;
    }
    reserve(a, buy, r.price(), r.quantity());
    Open o = new Open(a, buy, r.price(), r.quantity());
    open.put(r.orderId(), o);
    pendingId = r.orderId();
    pendingNew = true;
    pendingRejected = false;
    e.submit(r);
    pendingId = Long.MIN_VALUE;
    pendingNew = false;
    if (pendingRejected) {
      return RiskDecision.reject(RiskRule.ENGINE_REJECTED, "engine rejected order " + r.orderId());
    }
    return RiskDecision.ACCEPTED;
  }

  /**
   * Checks a modify (the new price and quantity replace the old ones in the reservation); if it
   * passes, adjusts the reservation and sends it to the engine.
   */
  public RiskDecision modify(long orderId, long price, long quantity) {
    MatchingEngine e = engine();
    Open o = open.get(orderId);
    if (o == null) {
      return RiskDecision.reject(RiskRule.UNKNOWN_ORDER, "order " + orderId + " is not live");
    }
    RiskDecision d = check(o.account, o.buy, price, quantity, o.price, o.remaining);
    if (d != null) {
      return d;
    }
    long oldPrice = o.price;
    long oldRemaining = o.remaining;
    release(o.account, o.buy, oldPrice, oldRemaining);
    reserve(o.account, o.buy, price, quantity);
    o.price = price;
    o.remaining = quantity;
    pendingId = orderId;
    pendingRejected = false;
    pendingReplaced = false;
    e.modify(orderId, price, quantity);
    pendingId = Long.MIN_VALUE;
    if (!pendingReplaced) {
      release(o.account, o.buy, price, quantity);
      reserve(o.account, o.buy, oldPrice, oldRemaining);
      o.price = oldPrice;
      o.remaining = oldRemaining;
      return RiskDecision.reject(RiskRule.ENGINE_REJECTED, "engine rejected modify of " + orderId);
    }
    return RiskDecision.ACCEPTED;
  }

  /** Checks the limits and the free balance, crediting back {@code (oldPrice, oldQty)}. */
  private RiskDecision check(
      Account a, boolean buy, long price, long qty, long oldPrice, long oldQty) {
    AccountLimits l = a.limits;
    if (qty > l.maxOrderQuantity()) {
      return RiskDecision.reject(
          RiskRule.MAX_ORDER_QUANTITY,
          "quantity " + qty + " > maxOrderQuantity " + l.maxOrderQuantity());
    }
    if (price > 0 && qty > 0 && price > l.maxNotional() / qty) {
      return RiskDecision.reject(
          RiskRule.MAX_NOTIONAL,
          "notional " + price + " x " + qty + " > maxNotional " + l.maxNotional());
    }
    long ref =
        engine.lastTradePrice() != MatchingEngine.NO_TRADE
            ? engine.lastTradePrice()
            : referencePrice;
    if (Math.abs(price - ref) > l.priceCollar()) {
      return RiskDecision.reject(
          RiskRule.PRICE_COLLAR,
          "price " + price + " is more than " + l.priceCollar() + " from reference " + ref);
    }
    long q = Math.max(qty, 0);
    long p = Math.max(price, 0);
    if (buy) {
      long position = a.units + a.openBuyQuantity - oldQty + q;
      if (position > l.maxPosition()) {
        return RiskDecision.reject(
            RiskRule.POSITION_LIMIT,
            "position with open buys " + position + " > maxPosition " + l.maxPosition());
      }
      long free = a.cash - a.cashReserved + oldPrice * oldQty;
      if (p * q > free) {
        return RiskDecision.reject(
            RiskRule.INSUFFICIENT_FUNDS, "reserve " + p * q + " > free cash " + free);
      }
    } else {
      long free = a.units - a.unitsReserved + oldQty;
      if (q > free) {
        return RiskDecision.reject(
            RiskRule.INSUFFICIENT_HOLDINGS, "reserve " + q + " > free units " + free);
      }
    }
    return null;
  }

  private static void reserve(Account a, boolean buy, long price, long qty) {
    long q = Math.max(qty, 0);
    if (buy) {
      a.cashReserved += Math.max(price, 0) * q;
      a.openBuyQuantity += q;
    } else {
      a.unitsReserved += q;
    }
  }

  private static void release(Account a, boolean buy, long price, long qty) {
    if (buy) {
      a.cashReserved -= Math.max(price, 0) * Math.max(qty, 0);
      a.openBuyQuantity -= Math.max(qty, 0);
    } else {
      a.unitsReserved -= Math.max(qty, 0);
    }
  }

  private void reduce(long orderId, long qty) {
    Open o = open.get(orderId);
    if (o == null) {
      return;
    }
    release(o.account, o.buy, o.price, qty);
    o.remaining -= qty;
    if (o.remaining == 0) {
      open.remove(orderId);
    }
  }

  @Override
  public void onRejected(long orderId, RejectReason reason) {
    if (orderId == pendingId) {
      pendingRejected = true;
      if (pendingNew) {
        // A rejected new order: drop it and its reservation (a rejected modify is undone above).
        Open o = open.remove(orderId);
        release(o.account, o.buy, o.price, o.remaining);
      }
    }
  }

  @Override
  public void onReplaced(long orderId, long price, long quantity) {
    if (orderId == pendingId) {
      pendingReplaced = true;
    }
  }

  @Override
  public void onTrade(long maker, long taker, Side takerSide, long price, long quantity) {
    settle(maker, price, quantity);
    settle(taker, price, quantity);
  }

  private void settle(long orderId, long price, long qty) {
    Open o = open.get(orderId);
    if (o == null) {
      return;
    }
    Account a = o.account;
    if (o.buy) {
      a.cash -= price * qty;
      a.units += qty;
    } else {
      a.cash += price * qty;
      a.units -= qty;
    }
    reduce(orderId, qty);
  }

  @Override
  public void onCancelled(long orderId, long remainingQuantity, CancelReason reason) {
    reduce(orderId, remainingQuantity);
  }

  @Override
  public void onExpired(long orderId, long remainingQuantity) {
    reduce(orderId, remainingQuantity);
  }

  @Override
  public void onSelfTradePrevented(long makerOrderId, long takerOrderId, long quantity) {
    reduce(makerOrderId, quantity);
    reduce(takerOrderId, quantity);
  }
}
