package dev.blocks.bench.orderbook;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replays the same synthetic order flow ({@link OrderFlow}, 1M events, ~20k live orders) through
 * Blocks' matching engine (alone and journaled), exchange-core's {@code OrderBookDirectImpl} and
 * parity-match. Every engine must first produce the same fill sequence hash as Blocks (checked in
 * setup, or the run fails). One operation is one event: the score is events per microsecond.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class MatchingEngineBenchmark {
  static final int EVENTS = 1_000_000;

  @Param({"20000"})
  int liveOrders;

  private OrderFlow flow;
  private Venue blocksVenue;
  private Venue directVenue;
  private Venue parityVenue;
  private Venue journaledVenue;

  @Setup(Level.Trial)
  public void setup() {
    flow = OrderFlow.generate(42, EVENTS, liveOrders);
    blocksVenue = Venue.of("blocks");
    directVenue = Venue.of("exchangeCoreDirect");
    parityVenue = Venue.of("parity");
    journaledVenue = Venue.of("blocksJournaled");
    blocksVenue.replay(flow);
    directVenue.replay(flow);
    parityVenue.replay(flow);
    journaledVenue.replay(flow);
    check(directVenue, "exchange-core Direct");
    check(journaledVenue, "Blocks journaled");
    check(parityVenue, "parity");
  }

  private void check(Venue v, String name) {
    if (v.fillHash() != blocksVenue.fillHash() || v.trades() != blocksVenue.trades()) {
      throw new IllegalStateException(
          name
              + " fills differ from Blocks: "
              + v.trades()
              + " trades, hash "
              + v.fillHash()
              + " vs "
              + blocksVenue.trades()
              + " trades, hash "
              + blocksVenue.fillHash());
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long blocks() {
    return run(blocksVenue);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long exchangeCoreDirect() {
    return run(directVenue);
  }

  /**
   * Blocks with every command journaled: group commit (due at 16,384 commands or 1 MiB), write and
   * force on the background flusher thread; the pass ends with a blocking commit.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long blocksJournaled() {
    return run(journaledVenue);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parity() {
    return run(parityVenue);
  }

  /** Replays the flow of exactly EVENTS events; the book ends empty, so passes repeat. */
  private long run(Venue v) {
    v.replay(flow);
    return v.fillHash();
  }
}
