package dev.blocks.orderbook;

import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Random order book commands (valid and invalid) for properties, applied to engine and model. */
public final class Commands {
  private Commands() {}

  public sealed interface Command {
    void apply(MatchingEngine engine, OrderRequest scratch);

    void apply(OrderBookModel model, OrderRequest scratch);
  }

  public record New(
      long id,
      long owner,
      Side side,
      OrderType type,
      TimeInForce tif,
      long price,
      long qty,
      long stop,
      long display,
      boolean postOnly,
      SelfTradePrevention stp)
      implements Command {
    public OrderRequest fill(OrderRequest r) {
      r.clear().orderId(id).owner(owner).side(side).quantity(qty);
      r.type = type;
      r.price = price;
      r.stopPrice = stop;
      r.timeInForce = tif;
      r.displayQuantity = display;
      r.postOnly = postOnly;
      r.selfTrade = stp;
      return r;
    }

    /**
     * Sends the order through {@link MatchingEngine#submit}, or, for a plain order (no display
     * quantity, no post-only, no self-trade prevention) with an odd id, through the shorthand
     * {@link MatchingEngine#limit} (GTC limit) or {@link MatchingEngine#market} (IOC market), so
     * that both entry points meet the model.
     */
    @Override
    public void apply(MatchingEngine engine, OrderRequest scratch) {
      boolean plain = (id & 1) == 1 && display == 0 && !postOnly && stp == SelfTradePrevention.NONE;
      if (plain && type == OrderType.LIMIT && tif == TimeInForce.GTC) {
        engine.limit(id, owner, side, price, qty);
      } else if (plain && type == OrderType.MARKET && tif == TimeInForce.IOC) {
        engine.market(id, owner, side, qty, price);
      } else {
        engine.submit(fill(scratch));
      }
    }

    @Override
    public void apply(OrderBookModel model, OrderRequest scratch) {
      model.submit(fill(scratch));
    }
  }

  public record Cancel(long id) implements Command {
    @Override
    public void apply(MatchingEngine engine, OrderRequest scratch) {
      engine.cancel(id);
    }

    @Override
    public void apply(OrderBookModel model, OrderRequest scratch) {
      model.cancel(id);
    }
  }

  public record Modify(long id, long price, long qty) implements Command {
    @Override
    public void apply(MatchingEngine engine, OrderRequest scratch) {
      engine.modify(id, price, qty);
    }

    @Override
    public void apply(OrderBookModel model, OrderRequest scratch) {
      model.modify(id, price, qty);
    }
  }

  public record Expire() implements Command {
    @Override
    public void apply(MatchingEngine engine, OrderRequest scratch) {
      engine.expireSession();
    }

    @Override
    public void apply(OrderBookModel model, OrderRequest scratch) {
      model.expireSession();
    }
  }

  private static long pick(org.quicktheories.core.RandomnessSource in, long lo, long hi) {
    return in.next(Constraint.between(lo, hi));
  }

  /**
   * Ids 1..24 so duplicates and unknown ids happen; prices 95..105 with invalid edges. Every
   * command draws the same number of values, which keeps shrinking effective.
   */
  public static Gen<Command> commands() {
    return in -> {
      long kind = pick(in, 0, 99);
      long id = pick(in, 1, 24);
      long owner = pick(in, 1, 3);
      Side side = pick(in, 0, 1) == 0 ? Side.BUY : Side.SELL;
      long t = pick(in, 0, 19);
      long tifPick = pick(in, 0, 3);
      long price = price(in);
      long qty = qty(in);
      long displayPick = pick(in, 0, 3);
      long displayValue = pick(in, -1, 20);
      long stopValue = pick(in, 0, 106);
      boolean postOnly = pick(in, 0, 7) == 0;
      long stpPick = pick(in, 0, 7);
      if (kind < 18) {
        return new Cancel(id);
      }
      if (kind < 28) {
        return new Modify(id, price, qty);
      }
      if (kind < 30) {
        return new Expire();
      }
      OrderType type =
          t < 13
              ? OrderType.LIMIT
              : t < 16 ? OrderType.MARKET : t < 18 ? OrderType.STOP : OrderType.STOP_LIMIT;
      TimeInForce tif = TimeInForce.values()[(int) tifPick];
      if ((type == OrderType.MARKET || type == OrderType.STOP) && tifPick < 2) {
        tif = postOnly ? tif : tifPick == 0 ? TimeInForce.IOC : TimeInForce.FOK;
      }
      long display = displayPick == 0 ? Math.min(displayValue, qty + 1) : 0;
      long stop = type == OrderType.STOP || type == OrderType.STOP_LIMIT ? stopValue : 0;
      SelfTradePrevention stp =
          stpPick < 3 ? SelfTradePrevention.NONE : SelfTradePrevention.values()[(int) stpPick - 3];
      return new New(id, owner, side, type, tif, price, qty, stop, display, postOnly, stp);
    };
  }

  private static long price(org.quicktheories.core.RandomnessSource in) {
    return pick(in, 0, 30) == 0 ? pick(in, -1, 0) : pick(in, 95, 105);
  }

  private static long qty(org.quicktheories.core.RandomnessSource in) {
    return pick(in, 0, 30) == 0 ? pick(in, -2, 0) : pick(in, 1, 20);
  }
}
