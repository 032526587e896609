package dev.blocks.orderbook;

import static dev.blocks.orderbook.RecordingListener.accepted;
import static dev.blocks.orderbook.RecordingListener.cancelled;
import static dev.blocks.orderbook.RecordingListener.expired;
import static dev.blocks.orderbook.RecordingListener.prevented;
import static dev.blocks.orderbook.RecordingListener.rejected;
import static dev.blocks.orderbook.RecordingListener.replaced;
import static dev.blocks.orderbook.RecordingListener.trade;
import static dev.blocks.orderbook.RecordingListener.triggered;
import static dev.blocks.orderbook.Side.BUY;
import static dev.blocks.orderbook.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingEngineTest {

  private final RecordingListener events = new RecordingListener();
  private final MatchingEngine engine =
      MatchingEngine.builder().capacity(64).listener(events).build();
  private final OrderRequest r = new OrderRequest();

  private void rest(long id, long owner, Side side, long price, long qty) {
    engine.limit(id, owner, side, price, qty);
    events.drain();
  }

  private List<Long> queue(Side side) {
    List<Long> ids = new java.util.ArrayList<>();
    engine.forEachOrder(side, (id, o, s, p, rem, vis) -> ids.add(id));
    return ids;
  }

  @Test
  void marketBuy_seedExample_sweepsFirstLevelAndFirstOrderOfSecond() {
    long id = 1;
    for (long q : new long[] {200, 400, 1100, 100}) {
      rest(id++, 1, SELL, 10_010, q);
    }
    for (long q : new long[] {900, 700, 400}) {
      rest(id++, 1, SELL, 10_011, q);
    }
    engine.market(100, 2, BUY, 2700, 10_020);
    assertThat(events.drain())
        .containsExactly(
            accepted(100, 2, BUY, 10_020, 2700),
            trade(1, 100, BUY, 10_010, 200),
            trade(2, 100, BUY, 10_010, 400),
            trade(3, 100, BUY, 10_010, 1100),
            trade(4, 100, BUY, 10_010, 100),
            trade(5, 100, BUY, 10_011, 900));
    assertThat(engine.bestAsk()).isEqualTo(10_011);
    assertThat(engine.volumeAt(SELL, 10_011)).isEqualTo(1100);
    assertThat(engine.volumeAt(SELL, 10_010)).isZero();
    assertThat(queue(SELL)).containsExactly(6L, 7L);
    assertThat(engine.lastTradePrice()).isEqualTo(10_011);
  }

  /**
   * Many makers filled by one order all leave the id index: a filled id is unknown to cancel,
   * modify and queries right after the fill and can be used again at once, and the slots of filled
   * makers are reused by new orders with other ids.
   */
  @Test
  void filledMakers_manyAtOnce_leaveTheIndexAndTheirIdsCanBeUsedAgain() {
    RecordingListener log = new RecordingListener();
    MatchingEngine e = MatchingEngine.builder().capacity(300).listener(log).build();
    for (long id = 1; id <= 200; id++) {
      e.limit(id, 1, SELL, 100 + id % 3, 1);
    }
    e.market(1000, 2, BUY, 150, 200);
    assertThat(e.orderCount()).isEqualTo(50);
    long filled = 0;
    for (long id = 1; id <= 200; id++) {
      filled += e.remainingQuantity(id) == 0 ? 1 : 0;
    }
    assertThat(filled).isEqualTo(150);
    log.drain();
    // Id 3 (price 100) filled: unknown to cancel and modify; id 2 (price 102, among the last
    // filled) also; id 200 (price 102, the newest) is still live.
    e.cancel(3);
    e.modify(2, 105, 1);
    e.limit(200, 1, SELL, 110, 1);
    assertThat(log.drain())
        .containsExactly(
            rejected(3, RejectReason.UNKNOWN_ORDER),
            rejected(2, RejectReason.UNKNOWN_ORDER),
            rejected(200, RejectReason.DUPLICATE_ORDER_ID));
    // Every filled id can be used again, and new ids take the freed slots.
    for (long id = 1; id <= 200; id++) {
      if (e.remainingQuantity(id) == 0) {
        e.limit(id, 3, BUY, 50, 7);
      }
    }
    for (long id = 2001; id <= 2050; id++) {
      e.limit(id, 3, BUY, 40, 1);
    }
    assertThat(e.orderCount()).isEqualTo(250);
    assertThat(e.volumeAt(BUY, 50)).isEqualTo(150 * 7);
    assertThat(e.remainingQuantity(3)).isEqualTo(7);
    e.cancel(3);
    assertThat(e.remainingQuantity(3)).isZero();
    assertThat(e.orderCount()).isEqualTo(249);
    // Fill the re-used ids again as makers, then once more use them.
    e.market(1001, 4, SELL, 149 * 7, 50);
    assertThat(e.volumeAt(BUY, 50)).isZero();
    assertThat(e.orderCount()).isEqualTo(100);
    log.drain();
    e.limit(1, 1, SELL, 60, 1);
    e.cancel(1);
    e.cancel(1);
    assertThat(log.drain())
        .containsExactly(
            accepted(1, 1, SELL, 60, 1),
            cancelled(1, 1, CancelReason.REQUESTED),
            rejected(1, RejectReason.UNKNOWN_ORDER));
  }

  /**
   * In a full book, the slots of makers filled a moment ago take new orders at once (no {@code
   * BOOK_FULL}), an id filled twice in a row (reused, then filled again) is unknown both times, and
   * the capacity still counts live orders only.
   */
  @Test
  void filledMakers_inAFullBook_freeTheirSlotsAndIdsAtOnce() {
    RecordingListener log = new RecordingListener();
    MatchingEngine e = MatchingEngine.builder().capacity(2).listener(log).build();
    e.limit(1, 1, SELL, 100, 5);
    e.limit(2, 1, SELL, 100, 5);
    e.market(3, 2, BUY, 10, 100);
    e.limit(1, 1, SELL, 101, 5);
    e.limit(4, 1, SELL, 101, 5);
    e.market(5, 2, BUY, 10, 101);
    e.limit(1, 1, BUY, 90, 5);
    e.limit(2, 1, BUY, 90, 5);
    e.limit(6, 1, BUY, 90, 5);
    e.cancel(4);
    assertThat(log.drain())
        .containsExactly(
            accepted(1, 1, SELL, 100, 5),
            accepted(2, 1, SELL, 100, 5),
            accepted(3, 2, BUY, 100, 10),
            trade(1, 3, BUY, 100, 5),
            trade(2, 3, BUY, 100, 5),
            accepted(1, 1, SELL, 101, 5),
            accepted(4, 1, SELL, 101, 5),
            accepted(5, 2, BUY, 101, 10),
            trade(1, 5, BUY, 101, 5),
            trade(4, 5, BUY, 101, 5),
            accepted(1, 1, BUY, 90, 5),
            accepted(2, 1, BUY, 90, 5),
            rejected(6, RejectReason.BOOK_FULL),
            rejected(4, RejectReason.UNKNOWN_ORDER));
    assertThat(e.orderCount()).isEqualTo(2);
    assertThat(e.remainingQuantity(1)).isEqualTo(5);
    assertThat(e.remainingQuantity(4)).isZero();
  }

  /**
   * Filled makers leave the id index two per later cheap command (a resting limit order or a
   * cancel), newest first, and only they: after enough cheap commands nothing is pending and the
   * index holds exactly the live orders.
   */
  @Test
  void filledMakers_leaveTheIndexTwoPerCheapCommand() {
    for (long id = 1; id <= 9; id++) {
      rest(id, 1, SELL, 100, 5);
    }
    rest(20, 1, SELL, 101, 5);
    engine.market(30, 2, BUY, 45, 100);
    assertThat(engine.pendingRemovals()).isEqualTo(9);
    assertThat(engine.indexedIds()).isEqualTo(10);
    assertThat(engine.orderCount()).isEqualTo(1);
    int[] pending = new int[6];
    int[] indexed = new int[6];
    for (int k = 0; k < 5; k++) {
      rest(40 + k, 1, BUY, 90, 5);
      pending[k] = engine.pendingRemovals();
      indexed[k] = engine.indexedIds();
    }
    engine.cancel(40);
    pending[5] = engine.pendingRemovals();
    indexed[5] = engine.indexedIds();
    assertThat(pending).containsExactly(7, 5, 3, 1, 0, 0);
    assertThat(indexed).containsExactly(9, 8, 7, 6, 6, 5);
    assertThat(engine.orderCount()).isEqualTo(5);
    for (long id = 1; id <= 9; id++) {
      assertThat(engine.remainingQuantity(id)).isZero();
      rest(id, 3, SELL, 102, 1);
    }
    assertThat(engine.orderCount()).isEqualTo(14);
    assertThat(engine.indexedIds()).isEqualTo(14);
  }

  @Test
  void limit_partialFill_restsRemainderAtItsLimit() {
    rest(1, 1, SELL, 100, 200);
    engine.limit(2, 2, BUY, 101, 300);
    assertThat(events.drain())
        .containsExactly(accepted(2, 2, BUY, 101, 300), trade(1, 2, BUY, 100, 200));
    assertThat(engine.bestBid()).isEqualTo(101);
    assertThat(engine.remainingQuantity(2)).isEqualTo(100);
    assertThat(engine.bestAsk()).isEqualTo(MatchingEngine.NO_ASK);
  }

  @Test
  void limit_samePrice_fillsInArrivalOrder() {
    rest(1, 1, BUY, 100, 5);
    rest(2, 1, BUY, 100, 5);
    rest(3, 1, BUY, 101, 5);
    engine.limit(4, 2, SELL, 100, 12);
    assertThat(events.drain())
        .containsExactly(
            accepted(4, 2, SELL, 100, 12),
            trade(3, 4, SELL, 101, 5),
            trade(1, 4, SELL, 100, 5),
            trade(2, 4, SELL, 100, 2));
    assertThat(engine.remainingQuantity(2)).isEqualTo(3);
  }

  @Test
  void filledOrders_leaveTheIndex_andTheirIdCanBeReused() {
    rest(1, 1, SELL, 100, 5);
    engine.limit(2, 2, BUY, 100, 5);
    assertThat(engine.orderCount()).isZero();
    assertThat(engine.remainingQuantity(1)).isZero();
    engine.cancel(1);
    assertThat(events.drain()).endsWith(rejected(1, RejectReason.UNKNOWN_ORDER));
    engine.limit(1, 1, SELL, 100, 5);
    assertThat(events.drain()).containsExactly(accepted(1, 1, SELL, 100, 5));
  }

  @Test
  void market_protectionCap_stopsTheSweep() {
    rest(1, 1, SELL, 100, 5);
    rest(2, 1, SELL, 105, 5);
    engine.market(3, 2, BUY, 8, 102);
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 2, BUY, 102, 8),
            trade(1, 3, BUY, 100, 5),
            cancelled(3, 3, CancelReason.IMMEDIATE_OR_CANCEL));
    assertThat(engine.bestAsk()).isEqualTo(105);
  }

  @Test
  void ioc_remainderIsCancelled_neverRests() {
    rest(1, 1, SELL, 100, 5);
    engine.submit(
        r.clear().orderId(2).side(BUY).limit(100).quantity(7).timeInForce(TimeInForce.IOC));
    assertThat(events.drain())
        .containsExactly(
            accepted(2, 0, BUY, 100, 7),
            trade(1, 2, BUY, 100, 5),
            cancelled(2, 2, CancelReason.IMMEDIATE_OR_CANCEL));
    assertThat(engine.bestBid()).isEqualTo(MatchingEngine.NO_BID);
  }

  @Test
  void fok_notFillable_leavesTheBookUntouched() {
    rest(1, 1, SELL, 100, 5);
    rest(2, 1, SELL, 101, 5);
    long before = engine.stateHash();
    engine.submit(
        r.clear().orderId(3).side(BUY).limit(101).quantity(11).timeInForce(TimeInForce.FOK));
    assertThat(events.drain())
        .containsExactly(accepted(3, 0, BUY, 101, 11), cancelled(3, 11, CancelReason.FILL_OR_KILL));
    assertThat(engine.stateHash()).isEqualTo(before);
  }

  @Test
  void fok_fillable_fillsCompletelyAcrossLevels() {
    rest(1, 1, SELL, 100, 5);
    rest(2, 1, SELL, 101, 5);
    engine.submit(
        r.clear().orderId(3).side(BUY).limit(101).quantity(8).timeInForce(TimeInForce.FOK));
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 0, BUY, 101, 8), trade(1, 3, BUY, 100, 5), trade(2, 3, BUY, 101, 3));
  }

  @Test
  void postOnly_thatWouldTake_isRejectedAndNotRepriced() {
    rest(1, 1, SELL, 100, 5);
    long before = engine.stateHash();
    engine.submit(r.clear().orderId(2).side(BUY).limit(100).quantity(5).postOnly(true));
    assertThat(events.drain()).containsExactly(rejected(2, RejectReason.WOULD_TAKE));
    assertThat(engine.stateHash()).isEqualTo(before);
    engine.submit(r.clear().orderId(2).side(BUY).limit(99).quantity(5).postOnly(true));
    assertThat(events.drain()).containsExactly(accepted(2, 0, BUY, 99, 5));
    assertThat(engine.bestBid()).isEqualTo(99);
  }

  @Test
  void iceberg_showsOnlyDisplay_andRefillGoesToTheBack() {
    engine.submit(
        r.clear().orderId(1).owner(1).side(SELL).limit(100).quantity(10).displayQuantity(3));
    rest(2, 1, SELL, 100, 4);
    assertThat(engine.volumeAt(SELL, 100)).isEqualTo(7);
    assertThat(engine.volumeBetween(SELL, 1, 1000)).isEqualTo(7);
    events.drain();
    engine.limit(3, 2, BUY, 100, 5);
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 2, BUY, 100, 5), trade(1, 3, BUY, 100, 3), trade(2, 3, BUY, 100, 2));
    assertThat(queue(SELL)).containsExactly(2L, 1L);
    assertThat(engine.volumeAt(SELL, 100)).isEqualTo(2 + 3);
    assertThat(engine.remainingQuantity(1)).isEqualTo(7);
  }

  @Test
  void iceberg_largeTaker_cyclesThroughRefills() {
    engine.submit(
        r.clear().orderId(1).owner(1).side(SELL).limit(100).quantity(7).displayQuantity(3));
    events.drain();
    engine.limit(2, 2, BUY, 100, 7);
    assertThat(events.drain())
        .containsExactly(
            accepted(2, 2, BUY, 100, 7),
            trade(1, 2, BUY, 100, 3),
            trade(1, 2, BUY, 100, 3),
            trade(1, 2, BUY, 100, 1));
    assertThat(engine.orderCount()).isZero();
  }

  @Test
  void iceberg_refilledBehindAnOrderThatThenFills_staysConsistent() {
    engine.submit(
        r.clear().orderId(10).owner(1).side(SELL).limit(100).quantity(12).displayQuantity(11));
    rest(15, 1, SELL, 100, 2);
    engine.submit(
        r.clear().orderId(3).side(BUY).limit(102).quantity(13).timeInForce(TimeInForce.IOC));
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 0, BUY, 102, 13), trade(10, 3, BUY, 100, 11), trade(15, 3, BUY, 100, 2));
    assertThat(engine.remainingQuantity(10)).isEqualTo(1);
    assertThat(engine.volumeAt(SELL, 100)).isEqualTo(1);
    assertThat(queue(SELL)).containsExactly(10L);
    assertThat(engine.orderCount()).isEqualTo(1);
  }

  @Test
  void stop_triggersOnLastTradePrice_andSweepsAsMarket() {
    rest(1, 1, SELL, 100, 5);
    rest(2, 1, SELL, 102, 5);
    engine.submit(r.clear().orderId(3).owner(3).side(BUY).stop(100, 105).quantity(4));
    assertThat(events.drain()).containsExactly(accepted(3, 3, BUY, 105, 4));
    engine.limit(4, 2, BUY, 100, 2);
    assertThat(events.drain())
        .containsExactly(
            accepted(4, 2, BUY, 100, 2),
            trade(1, 4, BUY, 100, 2),
            triggered(3, 100),
            trade(1, 3, BUY, 100, 3),
            trade(2, 3, BUY, 102, 1));
  }

  @Test
  void trade_carriesMakerAndTakerOwners() {
    RecordingListener withOwners = new RecordingListener(false, true);
    MatchingEngine e = MatchingEngine.builder().capacity(8).listener(withOwners).build();
    e.limit(1, 70, SELL, 100, 5);
    e.limit(2, 80, SELL, 101, 5);
    e.market(3, 90, BUY, 7, 101);
    assertThat(withOwners.drain())
        .contains(
            trade(1, 3, BUY, 100, 5) + RecordingListener.owners(70, 90),
            trade(2, 3, BUY, 101, 2) + RecordingListener.owners(80, 90));
  }

  private List<Long> stops() {
    List<Long> ids = new java.util.ArrayList<>();
    engine.forEachStop((id, o, s, p, rem, vis) -> ids.add(id));
    return ids;
  }

  @Test
  void pendingStop_reduceKeepsItsTurn_priceChangeOrIncreaseMakesItNewest() {
    engine.submit(r.clear().orderId(1).owner(1).side(BUY).stopLimit(105, 106).quantity(4));
    engine.submit(r.clear().orderId(2).owner(1).side(BUY).stopLimit(105, 106).quantity(4));
    engine.submit(r.clear().orderId(3).owner(1).side(BUY).stopLimit(105, 106).quantity(4));
    events.drain();
    engine.modify(1, 106, 3);
    assertThat(stops()).containsExactly(1L, 2L, 3L);
    assertThat(engine.remainingQuantity(1)).isEqualTo(3);
    engine.modify(1, 107, 3);
    assertThat(stops()).containsExactly(2L, 3L, 1L);
    engine.modify(2, 106, 9);
    assertThat(stops()).containsExactly(3L, 1L, 2L);
    assertThat(events.drain())
        .containsExactly(replaced(1, 106, 3), replaced(1, 107, 3), replaced(2, 106, 9));
    assertThat(engine.bestBid()).isEqualTo(MatchingEngine.NO_BID);
    engine.cancel(3);
    assertThat(events.drain()).containsExactly(cancelled(3, 4, CancelReason.REQUESTED));
    // Triggered oldest first, with the modified limit price and quantity.
    rest(10, 2, SELL, 105, 1);
    rest(11, 2, SELL, 110, 20);
    engine.limit(12, 3, BUY, 105, 1);
    assertThat(events.drain())
        .containsExactly(
            accepted(12, 3, BUY, 105, 1),
            trade(10, 12, BUY, 105, 1),
            triggered(1, 105),
            triggered(2, 105));
    assertThat(engine.volumeAt(BUY, 107)).isEqualTo(3);
    assertThat(engine.volumeAt(BUY, 106)).isEqualTo(9);
  }

  @Test
  void stopLimit_triggered_restsAtItsLimit() {
    rest(1, 1, BUY, 100, 5);
    engine.submit(r.clear().orderId(2).owner(2).side(SELL).stopLimit(100, 101).quantity(3));
    engine.limit(3, 3, SELL, 100, 1);
    assertThat(events.drain())
        .containsExactly(
            accepted(2, 2, SELL, 101, 3),
            accepted(3, 3, SELL, 100, 1),
            trade(1, 3, SELL, 100, 1),
            triggered(2, 100));
    assertThat(engine.bestAsk()).isEqualTo(101);
    assertThat(engine.remainingQuantity(2)).isEqualTo(3);
  }

  @Test
  void modify_reduceKeepsPriority() {
    rest(1, 1, BUY, 100, 5);
    rest(2, 1, BUY, 100, 5);
    engine.modify(1, 100, 2);
    assertThat(events.drain()).containsExactly(replaced(1, 100, 2));
    assertThat(queue(BUY)).containsExactly(1L, 2L);
    assertThat(engine.volumeAt(BUY, 100)).isEqualTo(7);
  }

  @Test
  void modify_increaseLosesPriority() {
    rest(1, 1, BUY, 100, 5);
    rest(2, 1, BUY, 100, 5);
    engine.modify(1, 100, 6);
    assertThat(queue(BUY)).containsExactly(2L, 1L);
    assertThat(engine.volumeAt(BUY, 100)).isEqualTo(11);
  }

  @Test
  void modify_priceChangeLosesPriority_andCrossingPriceTrades() {
    rest(1, 1, BUY, 100, 5);
    rest(2, 1, BUY, 99, 5);
    rest(3, 2, SELL, 102, 3);
    engine.modify(1, 99, 5);
    assertThat(queue(BUY)).containsExactly(2L, 1L);
    events.drain();
    engine.modify(2, 102, 5);
    assertThat(events.drain()).containsExactly(replaced(2, 102, 5), trade(3, 2, BUY, 102, 3));
    assertThat(engine.bestBid()).isEqualTo(102);
    assertThat(engine.remainingQuantity(2)).isEqualTo(2);
  }

  @Test
  void selfTrade_cancelNewest_othersAheadTradeFirst() {
    rest(1, 2, SELL, 100, 3);
    rest(2, 1, SELL, 100, 3);
    engine.submit(
        r.clear()
            .orderId(3)
            .owner(1)
            .side(BUY)
            .limit(100)
            .quantity(5)
            .selfTradePrevention(SelfTradePrevention.CANCEL_NEWEST));
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 1, BUY, 100, 5),
            trade(1, 3, BUY, 100, 3),
            cancelled(3, 2, CancelReason.SELF_TRADE));
    assertThat(engine.remainingQuantity(2)).isEqualTo(3);
  }

  @Test
  void selfTrade_cancelOldest_cancelsRestingAndContinues() {
    rest(1, 1, SELL, 100, 3);
    rest(2, 2, SELL, 100, 3);
    engine.submit(
        r.clear()
            .orderId(3)
            .owner(1)
            .side(BUY)
            .limit(100)
            .quantity(5)
            .selfTradePrevention(SelfTradePrevention.CANCEL_OLDEST));
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 1, BUY, 100, 5),
            cancelled(1, 3, CancelReason.SELF_TRADE),
            trade(2, 3, BUY, 100, 3));
    assertThat(engine.bestBid()).isEqualTo(100);
    assertThat(engine.remainingQuantity(3)).isEqualTo(2);
  }

  @Test
  void selfTrade_cancelBoth_cancelsBoth() {
    rest(1, 1, SELL, 100, 3);
    rest(2, 2, SELL, 100, 3);
    engine.submit(
        r.clear()
            .orderId(3)
            .owner(1)
            .side(BUY)
            .limit(100)
            .quantity(5)
            .selfTradePrevention(SelfTradePrevention.CANCEL_BOTH));
    assertThat(events.drain())
        .containsExactly(
            accepted(3, 1, BUY, 100, 5),
            cancelled(1, 3, CancelReason.SELF_TRADE),
            cancelled(3, 5, CancelReason.SELF_TRADE));
    assertThat(queue(SELL)).containsExactly(2L);
  }

  @Test
  void selfTrade_decrement_reducesBothWithoutTrade() {
    rest(1, 1, SELL, 100, 3);
    rest(2, 2, SELL, 100, 3);
    engine.submit(
        r.clear()
            .orderId(3)
            .owner(1)
            .side(BUY)
            .limit(100)
            .quantity(5)
            .selfTradePrevention(SelfTradePrevention.DECREMENT));
    assertThat(events.drain())
        .containsExactly(accepted(3, 1, BUY, 100, 5), prevented(1, 3, 3), trade(2, 3, BUY, 100, 2));
    assertThat(engine.remainingQuantity(1)).isZero();
    assertThat(engine.remainingQuantity(2)).isEqualTo(1);
    assertThat(engine.lastTradePrice()).isEqualTo(100);
  }

  @Test
  void dayOrders_expireAtSessionEnd_gtcStay() {
    engine.submit(
        r.clear().orderId(1).side(BUY).limit(100).quantity(5).timeInForce(TimeInForce.DAY));
    rest(2, 1, BUY, 100, 5);
    engine.submit(
        r.clear().orderId(3).side(SELL).stopLimit(90, 95).quantity(1).timeInForce(TimeInForce.DAY));
    events.drain();
    engine.expireSession();
    assertThat(events.drain()).containsExactly(expired(1, 5), expired(3, 1));
    assertThat(queue(BUY)).containsExactly(2L);
    assertThat(engine.orderCount()).isEqualTo(1);
  }

  @Test
  void duplicateLiveId_isRejectedBeforeMatching() {
    rest(1, 1, SELL, 100, 5);
    long before = engine.stateHash();
    engine.limit(1, 2, BUY, 100, 5);
    assertThat(events.drain()).containsExactly(rejected(1, RejectReason.DUPLICATE_ORDER_ID));
    assertThat(engine.stateHash()).isEqualTo(before);
  }

  @Test
  void invalidInput_isRejectedWithReason_andChangesNothing() {
    rest(1, 1, SELL, 100, 5);
    long before = engine.stateHash();
    engine.limit(2, 1, BUY, 100, 0);
    engine.limit(3, 1, BUY, -1, 5);
    engine.submit(r.clear().orderId(4).side(BUY).stop(0, 100).quantity(1));
    engine.submit(r.clear().orderId(5).side(BUY).limit(99).quantity(1).displayQuantity(2));
    engine.submit(
        r.clear().orderId(6).side(BUY).market(100).quantity(1).timeInForce(TimeInForce.GTC));
    engine.submit(r.clear().orderId(7).side(BUY).market(100).quantity(1).postOnly(true));
    engine.modify(1, 100, -3);
    engine.modify(1, 0, 3);
    engine.modify(9, 100, 3);
    engine.cancel(9);
    assertThat(events.drain())
        .containsExactly(
            rejected(2, RejectReason.INVALID_QUANTITY),
            rejected(3, RejectReason.INVALID_PRICE),
            rejected(4, RejectReason.INVALID_STOP_PRICE),
            rejected(5, RejectReason.INVALID_DISPLAY_QUANTITY),
            rejected(6, RejectReason.UNSUPPORTED_COMBINATION),
            rejected(7, RejectReason.UNSUPPORTED_COMBINATION),
            rejected(1, RejectReason.INVALID_QUANTITY),
            rejected(1, RejectReason.INVALID_PRICE),
            rejected(9, RejectReason.UNKNOWN_ORDER),
            rejected(9, RejectReason.UNKNOWN_ORDER));
    assertThat(engine.stateHash()).isEqualTo(before);
  }

  @Test
  void fullBook_rejectsRestingOrders_butStillMatches() {
    MatchingEngine small = MatchingEngine.builder().capacity(1).listener(events).build();
    small.limit(1, 1, SELL, 100, 5);
    small.limit(2, 1, SELL, 101, 5);
    small.market(3, 2, BUY, 2, 100);
    assertThat(events.drain())
        .containsExactly(
            accepted(1, 1, SELL, 100, 5),
            rejected(2, RejectReason.BOOK_FULL),
            accepted(3, 2, BUY, 100, 2),
            trade(1, 3, BUY, 100, 2));
  }

  @Test
  void depth_listsBestLevelsFirst() {
    rest(1, 1, BUY, 98, 1);
    rest(2, 1, BUY, 100, 2);
    rest(3, 1, BUY, 99, 3);
    rest(4, 1, BUY, 100, 4);
    long[] prices = new long[2];
    long[] qty = new long[2];
    assertThat(engine.depth(BUY, prices, qty)).isEqualTo(2);
    assertThat(prices).containsExactly(100, 99);
    assertThat(qty).containsExactly(6, 3);
    assertThat(engine.levelCount(BUY)).isEqualTo(3);
    assertThat(engine.volumeBetween(BUY, 98, 99)).isEqualTo(4);
  }

  @Test
  void misuse_throwsClearExceptions() {
    assertThatThrownBy(() -> MatchingEngine.builder().capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be in [1, 16777216], got 0");
    assertThatThrownBy(() -> engine.volumeBetween(BUY, 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("low must be <= high, got low=5, high=4");
    assertThatThrownBy(() -> engine.depth(BUY, new long[1], new long[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same length, got 1 and 2");
    assertThatThrownBy(() -> engine.submit(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> r.side(null)).hasMessage("side");
  }
}
