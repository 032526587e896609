package dev.blocks.delivery.sim;

import dev.blocks.core.idempotency.InMemoryIdempotencyStore;
import dev.blocks.core.retry.Backoff;
import dev.blocks.delivery.BackoffSchedule;
import dev.blocks.delivery.DeliveryConsumer;
import dev.blocks.delivery.DeliveryMode;
import dev.blocks.delivery.Probe;
import dev.blocks.delivery.ProcessedMessages;
import dev.blocks.delivery.log.AppendResult;
import dev.blocks.delivery.log.Fetch;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogRecord;
import dev.blocks.delivery.log.ProducerId;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic, seeded simulation of producers, the log and a consumer group, with injected
 * faults, that measures what each {@link DeliveryMode} delivers.
 *
 * <p>One run is a single thread stepping a small world: an application producing {@link
 * SimConfig#messages()} keyed messages through a network (requests in flight, acknowledgements that
 * can be lost, delayed or reordered) into an {@link InMemoryLog}, and {@link DeliveryConsumer}s in
 * one group applying them. At every step the seeded generator picks the next event; the {@link
 * Fault} list arms faults at given steps. The same mode, config, seed and faults give the same run,
 * event for event: {@link SimReport#traceHash()} is equal, and {@link #run(DeliveryMode, SimConfig,
 * long, List, StringBuilder)} writes the same trace text.
 *
 * <p>The producer is idempotent (producer id, epoch, per-partition sequence). Under at-least-once
 * and exactly-once it keeps every message's partition and sequence durably, like an {@link
 * dev.blocks.delivery.Outbox}, and resends until acknowledged, also after a restart; under
 * at-most-once it never resends a request that may have been appended. The exactly-once consumer
 * uses one of two sinks ({@link ExactlyOnceSink}): the transactional sink, whose outputs go to an
 * output topic together with its offsets and are counted from that topic with read-committed
 * isolation; or the idempotent sink, {@link ProcessedMessages#over} a blocks-core {@link
 * InMemoryIdempotencyStore} on the simulated ticker, whose effects are counted where they happen.
 * Retries wait the delays of blocks-core's {@link Backoff} (exponential from 1 ms to 8 ms, full
 * jitter drawn from a generator seeded by the run's seed) through {@link BackoffSchedule#from}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.sim.SimulationSnippets region=simulate}
 *
 * <p>Thread-safe: every run is confined to the calling thread and shares nothing.
 *
 * @since 0.1
 */
public final class Simulation {

  private static final String IN = "in";
  private static final String OUT = "out";
  private static final String DLQ = "dlq";
  private static final String GROUP = "g";
  private static final int TIMEOUT_STEPS = 25;
  private static final int MAX_STEPS = 200_000;
  private static final int MAX_CONSUMERS = 4;

  /** What a poison message's handler throws (no stack trace: it is thrown often). */
  private static final class PoisonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoisonException() {
      super("poison message", null, false, false);
    }
  }

  private static final RuntimeException POISON = new PoisonException();
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(8)).fullJitter();

  /**
   * The effect side of an exactly-once consumer in the simulation.
   *
   * @since 0.1
   */
  public enum ExactlyOnceSink {
    /** Outputs and offsets in one log transaction (Kafka's consume-transform-produce). */
    TRANSACTIONAL,
    /** Effects keyed by message id in a blocks-core idempotency store (the inbox pattern). */
    IDEMPOTENT_STORE
  }

  private final ExactlyOnceSink sink;
  private final SplittableRandom backoffRandom;
  private final ProcessedMessages processed;

  private final DeliveryMode mode;
  private final SimConfig cfg;
  private final SplittableRandom rng;
  private final StringBuilder trace;
  private final InMemoryLog log;
  private final List<Fault> faults;
  private long hash = 0xcbf29ce484222325L;
  private long tickNanos;
  private int step;

  // producer
  private ProducerId producer;
  private final TopicPartition[] msgTp;
  private final byte[][] msgKey;
  private final int[] msgSeq;
  private final boolean[] acked;
  private final boolean[] sentOnce;
  private final boolean[] poison;
  private final int[] nextSeq;
  private int nextMsg;
  private final TreeMap<Integer, Integer> awaiting = new TreeMap<>();
  private final List<int[]> network = new ArrayList<>(); // msg, seq, producer epoch
  private final List<Object[]> acks = new ArrayList<>(); // msg, AppendResult, epoch, deliverAt
  private int armedLostAck;
  private int armedDuplicate;
  private int armedReorder;
  private int armedTimeout;

  // consumers
  private final List<String> members = new ArrayList<>();
  private final List<DeliveryConsumer> consumers = new ArrayList<>();
  private final List<List<Fault.Kind>> armedConsumer = new ArrayList<>();
  private int memberCounter;

  // effects (at-most-once and at-least-once)
  private final int[] applied;
  private final List<List<Integer>> order = new ArrayList<>();

  private Simulation(
      DeliveryMode mode,
      SimConfig cfg,
      long seed,
      List<Fault> faults,
      ExactlyOnceSink sink,
      StringBuilder trace) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.cfg = Objects.requireNonNull(cfg, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.rng = new SplittableRandom(seed);
    this.backoffRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
    this.processed =
        mode == DeliveryMode.EXACTLY_ONCE && sink == ExactlyOnceSink.IDEMPOTENT_STORE
            ? ProcessedMessages.over(
                InMemoryIdempotencyStore.builder().ticker(() -> tickNanos).build(), GROUP)
            : null;
    this.trace = trace;
    this.faults = new ArrayList<>(faults);
    this.faults.sort(Comparator.comparingInt(Fault::step));
    this.log = InMemoryLog.create(() -> Instant.ofEpochMilli(tickNanos / 1_000_000));
    log.createTopic(IN, cfg.partitions(), Retention.unlimited());
    log.createTopic(OUT, cfg.partitions(), Retention.unlimited());
    log.createTopic(DLQ, 1, Retention.unlimited());
    int n = cfg.messages();
    msgTp = new TopicPartition[n];
    msgKey = new byte[n][];
    msgSeq = new int[n];
    acked = new boolean[n];
    sentOnce = new boolean[n];
    poison = new boolean[n];
    applied = new int[n];
    nextSeq = new int[cfg.partitions()];
    for (int i = 0; i < n; i++) {
      msgKey[i] = ("k" + (i % (2 * cfg.partitions() + 1))).getBytes(StandardCharsets.UTF_8);
      msgTp[i] = TopicPartition.of(IN, log.partitionFor(IN, msgKey[i]));
      msgSeq[i] = -1;
    }
    for (Fault f : faults) {
      if (f.kind() == Fault.Kind.POISON_MESSAGE) {
        poison[f.target() % n] = true;
      }
    }
    for (int p = 0; p < cfg.partitions(); p++) {
      order.add(new ArrayList<>());
    }
    producer = log.initProducer("producer");
    for (int c = 0; c < cfg.consumers(); c++) {
      addConsumer();
    }
  }

  /**
   * Runs one schedule.
   *
   * @param mode the delivery mode
   * @param config the world
   * @param seed the seed of every random choice
   * @param faults the injected faults
   * @return what was delivered
   */
  public static SimReport run(DeliveryMode mode, SimConfig config, long seed, List<Fault> faults) {
    return new Simulation(mode, config, seed, faults, ExactlyOnceSink.TRANSACTIONAL, null)
        .simulate();
  }

  /**
   * Runs one schedule with a chosen exactly-once sink (ignored by the other modes).
   *
   * @param mode the delivery mode
   * @param config the world
   * @param seed the seed of every random choice
   * @param faults the injected faults
   * @param sink the exactly-once sink
   * @return what was delivered
   */
  public static SimReport run(
      DeliveryMode mode, SimConfig config, long seed, List<Fault> faults, ExactlyOnceSink sink) {
    return new Simulation(mode, config, seed, faults, sink, null).simulate();
  }

  /**
   * Runs one schedule with a chosen exactly-once sink and writes one line per event to {@code
   * trace}.
   *
   * @param mode the delivery mode
   * @param config the world
   * @param seed the seed
   * @param faults the faults
   * @param sink the exactly-once sink
   * @param trace receives the event trace
   * @return what was delivered
   */
  public static SimReport run(
      DeliveryMode mode,
      SimConfig config,
      long seed,
      List<Fault> faults,
      ExactlyOnceSink sink,
      StringBuilder trace) {
    return new Simulation(mode, config, seed, faults, sink, Objects.requireNonNull(trace, "trace"))
        .simulate();
  }

  /**
   * Runs one schedule and writes one line per event to {@code trace}.
   *
   * @param mode the delivery mode
   * @param config the world
   * @param seed the seed
   * @param faults the faults
   * @param trace receives the event trace
   * @return what was delivered
   */
  public static SimReport run(
      DeliveryMode mode, SimConfig config, long seed, List<Fault> faults, StringBuilder trace) {
    return new Simulation(
            mode,
            config,
            seed,
            faults,
            ExactlyOnceSink.TRANSACTIONAL,
            Objects.requireNonNull(trace, "trace"))
        .simulate();
  }

  /**
   * Returns a random fault schedule: {@code count} faults of random kinds, armed at random steps in
   * {@code [0, 40 * messages)}, with random targets.
   *
   * @param rng the generator
   * @param config the world
   * @param count how many faults
   * @return the faults, sorted by step
   */
  public static List<Fault> randomFaults(SplittableRandom rng, SimConfig config, int count) {
    Fault.Kind[] kinds = Fault.Kind.values();
    List<Fault> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(
          new Fault(
              rng.nextInt(10 * config.messages()),
              kinds[rng.nextInt(kinds.length)],
              rng.nextInt(1 << 16)));
    }
    out.sort(Comparator.comparingInt(Fault::step));
    return List.copyOf(out);
  }

  private void event(String what, long a, long b) {
    event(what, null, a, b);
  }

  private void event(String what, Enum<?> kind, long a, long b) {
    hash = (hash ^ what.hashCode()) * 0x100000001b3L;
    if (kind != null) {
      hash = (hash ^ kind.ordinal()) * 0x100000001b3L;
    }
    hash = (hash ^ a) * 0x100000001b3L;
    hash = (hash ^ b) * 0x100000001b3L;
    if (trace != null) {
      trace.append(step).append(' ').append(what);
      if (kind != null) {
        trace.append('-').append(kind);
      }
      trace.append(' ').append(a).append(' ').append(b);
      trace.append('\n');
    }
  }

  private void addConsumer() {
    String member = "c" + memberCounter++;
    members.add(member);
    armedConsumer.add(new ArrayList<>());
    consumers.add(newConsumer(member));
    event("consumer-start", memberCounter - 1, members.size());
  }

  private DeliveryConsumer newConsumer(String member) {
    DeliveryConsumer.Builder b =
        DeliveryConsumer.builder(log, GROUP, member, IN)
            .mode(mode)
            .deadLetter(DLQ, cfg.maxAttempts())
            .backoff(BackoffSchedule.from(BACKOFF, backoffRandom), () -> tickNanos)
            .maxBatch(cfg.maxBatch())
            .probe((stage, r) -> probe(member, stage, r));
    if (mode == DeliveryMode.EXACTLY_ONCE && sink == ExactlyOnceSink.TRANSACTIONAL) {
      b.transform(
          (r, out) -> {
            if (poison[msgOf(r)]) {
              throw POISON;
            }
            out.emit(r.key(), r.value());
          },
          OUT);
    } else {
      if (mode == DeliveryMode.EXACTLY_ONCE) {
        b.idempotentSink(processed, r -> r.topic() + "-" + r.partition() + "@" + r.offset());
      }
      b.handler(
          r -> {
            int m = msgOf(r);
            if (poison[m]) {
              throw POISON;
            }
            applied[m]++;
            order.get(r.partition()).add(m);
            event("apply", m, r.offset());
          });
    }
    return b.build();
  }

  private static int msgOf(LogRecord r) {
    return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
  }

  private void probe(String member, Probe.Stage stage, LogRecord r) {
    int idx = members.indexOf(member);
    if (idx < 0) {
      return;
    }
    List<Fault.Kind> armed = armedConsumer.get(idx);
    for (int i = 0; i < armed.size(); i++) {
      Fault.Kind k = armed.get(i);
      boolean fire =
          switch (k) {
            case CRASH_BEFORE_PROCESSING -> stage == Probe.Stage.BEFORE_PROCESS;
            case CRASH_AFTER_PROCESSING -> stage == Probe.Stage.AFTER_PROCESS;
            case REBALANCE_MID_BATCH, ZOMBIE_CONSUMER -> stage == Probe.Stage.AFTER_PROCESS;
            default -> false;
          };
      if (!fire) {
        continue;
      }
      armed.remove(i);
      event("fault", k, idx, r.offset());
      switch (k) {
        case CRASH_BEFORE_PROCESSING, CRASH_AFTER_PROCESSING ->
            throw new DeliveryConsumer.DeliveryFault("crash of " + member + " at " + stage);
        case ZOMBIE_CONSUMER -> log.leave(GROUP, member);
        default -> {
          if (members.size() < MAX_CONSUMERS) {
            addConsumer();
          } else {
            int victim = idx == members.size() - 1 ? 0 : members.size() - 1;
            log.leave(GROUP, members.get(victim));
            members.remove(victim);
            consumers.remove(victim);
            armedConsumer.remove(victim);
          }
        }
      }
      return;
    }
  }

  private void arm(Fault f) {
    event("arm", f.kind(), f.step(), f.target());
    switch (f.kind()) {
      case LOST_ACK -> armedLostAck++;
      case DUPLICATE_REDELIVERY -> armedDuplicate++;
      case REORDER -> armedReorder += 3;
      case PRODUCER_TIMEOUT_AFTER_APPEND -> armedTimeout++;
      case PRODUCER_RESTART -> restartProducer();
      case POISON_MESSAGE -> {}
      default -> armedConsumer.get(f.target() % members.size()).add(f.kind());
    }
  }

  private SimReport simulate() {
    int fi = 0;
    for (step = 0; step < MAX_STEPS; step++) {
      tickNanos += 1_000_000;
      while (fi < faults.size() && faults.get(fi).step() <= step) {
        arm(faults.get(fi++));
      }
      if (fi == faults.size() && done()) {
        break;
      }
      switch (rng.nextInt(6)) {
        case 0 -> produce();
        case 1, 2 -> deliverRequest();
        case 3 -> deliverAck();
        default -> pollConsumer(rng.nextInt(consumers.size()));
      }
    }
    return report();
  }

  private boolean done() {
    if (nextMsg < cfg.messages() || !network.isEmpty() || !acks.isEmpty() || !awaiting.isEmpty()) {
      return false;
    }
    for (int p = 0; p < cfg.partitions(); p++) {
      TopicPartition tp = TopicPartition.of(IN, p);
      if (log.committedOffset(GROUP, tp).orElse(0) != log.endOffset(tp)) {
        return false;
      }
    }
    for (DeliveryConsumer c : consumers) {
      if (!c.idle()) {
        return false;
      }
    }
    return true;
  }

  private void produce() {
    if (mode != DeliveryMode.AT_MOST_ONCE) {
      for (var e : awaiting.entrySet()) {
        if (step - e.getValue() > TIMEOUT_STEPS) {
          int m = e.getKey();
          network.add(new int[] {m, msgSeq[m], producer.epoch()});
          e.setValue(step);
          event("resend", m, msgSeq[m]);
          return;
        }
      }
    } else {
      awaiting.entrySet().removeIf(e -> step - e.getValue() > TIMEOUT_STEPS);
    }
    if (nextMsg >= cfg.messages() || awaiting.size() >= cfg.maxInFlight()) {
      return;
    }
    int m = nextMsg++;
    int p = msgTp[m].partition();
    msgSeq[m] = nextSeq[p]++;
    sentOnce[m] = true;
    network.add(new int[] {m, msgSeq[m], producer.epoch()});
    awaiting.put(m, step);
    event("send", m, msgSeq[m]);
  }

  private void restartProducer() {
    producer = log.initProducer("producer");
    event("producer-restart", producer.epoch(), awaiting.size());
    if (mode == DeliveryMode.AT_MOST_ONCE) {
      awaiting.clear();
      for (int p = 0; p < cfg.partitions(); p++) {
        nextSeq[p] = log.lastSequence(producer, TopicPartition.of(IN, p)) + 1;
      }
    } else {
      for (var e : awaiting.entrySet()) {
        network.add(new int[] {e.getKey(), msgSeq[e.getKey()], producer.epoch()});
        e.setValue(step);
      }
    }
  }

  private void deliverRequest() {
    if (network.isEmpty()) {
      return;
    }
    int idx = 0;
    if (armedReorder > 0 && network.size() > 1) {
      armedReorder--;
      idx = rng.nextInt(network.size());
    }
    int[] req = network.remove(idx);
    if (armedDuplicate > 0) {
      armedDuplicate--;
      network.add(req.clone());
      event("duplicate-request", req[0], req[1]);
    }
    int m = req[0];
    AppendResult r =
        log.append(
            new ProducerId(producer.id(), req[2]),
            req[1],
            msgTp[m],
            msgKey[m],
            Integer.toString(m).getBytes(StandardCharsets.UTF_8));
    event("append", r.status(), m, r.offset());
    if (armedLostAck > 0) {
      armedLostAck--;
      event("ack-lost", m, req[1]);
      return;
    }
    int deliverAt = step;
    if (armedTimeout > 0) {
      armedTimeout--;
      deliverAt = step + 2 * TIMEOUT_STEPS;
      event("ack-late", m, deliverAt);
    }
    acks.add(new Object[] {m, r, req[2], deliverAt});
  }

  private void deliverAck() {
    for (int i = 0; i < acks.size(); i++) {
      Object[] a = acks.get(i);
      if ((int) a[3] > step) {
        continue;
      }
      acks.remove(i);
      int m = (int) a[0];
      AppendResult r = (AppendResult) a[1];
      if ((int) a[2] != producer.epoch()) {
        event("ack-ignored", m, (int) a[2]);
        return;
      }
      event("ack", r.status(), m, r.offset());
      if (r.acknowledged()) {
        acked[m] = true;
        awaiting.remove(m);
      } else if (r.status() == AppendResult.Status.OUT_OF_ORDER_SEQUENCE
          && awaiting.containsKey(m)) {
        network.add(new int[] {m, msgSeq[m], producer.epoch()});
        awaiting.put(m, step);
      }
      return;
    }
  }

  private void pollConsumer(int idx) {
    String member = members.get(idx);
    try {
      int n = consumers.get(idx).poll();
      if (n > 0) {
        event("poll", idx, n);
      }
    } catch (DeliveryConsumer.DeliveryFault crash) {
      int now = members.indexOf(member);
      if (now >= 0) {
        consumers.set(now, newConsumer(member));
        event("consumer-restart", now, 0);
      }
    }
  }

  private SimReport report() {
    int n = cfg.messages();
    int[] count = applied.clone();
    List<List<Integer>> seen = order;
    if (mode == DeliveryMode.EXACTLY_ONCE && sink == ExactlyOnceSink.TRANSACTIONAL) {
      seen = new ArrayList<>();
      for (int p = 0; p < cfg.partitions(); p++) {
        List<Integer> list = new ArrayList<>();
        TopicPartition tp = TopicPartition.of(OUT, p);
        Fetch f = log.read(tp, 0, Integer.MAX_VALUE, Isolation.READ_COMMITTED);
        for (LogRecord r : f.records()) {
          int m = msgOf(r);
          count[m]++;
          list.add(m);
        }
        seen.add(list);
      }
    }
    int[] dlq = new int[n];
    int dlqDup = 0;
    Fetch d = log.read(TopicPartition.of(DLQ, 0), 0, Integer.MAX_VALUE, Isolation.READ_COMMITTED);
    for (LogRecord r : d.records()) {
      if (dlq[msgOf(r)]++ > 0) {
        dlqDup++;
      }
    }
    int sent = 0;
    int ackedCount = 0;
    int once = 0;
    int lost = 0;
    int dup = 0;
    int deadLettered = 0;
    int poisonAcked = 0;
    for (int m = 0; m < n; m++) {
      sent += sentOnce[m] ? 1 : 0;
      ackedCount += acked[m] ? 1 : 0;
      once += count[m] == 1 ? 1 : 0;
      dup += count[m] > 1 ? 1 : 0;
      deadLettered += dlq[m] > 0 ? 1 : 0;
      if (acked[m] && poison[m]) {
        poisonAcked++;
      }
      if (acked[m] && !poison[m] && count[m] == 0) {
        lost++;
      }
    }
    int outOfOrder = 0;
    for (List<Integer> list : seen) {
      Set<Integer> first = new HashSet<>();
      int max = -1;
      for (int m : list) {
        if (first.add(m)) {
          if (m < max) {
            outOfOrder++;
          }
          max = Math.max(max, m);
        }
      }
    }
    event("end", step, lost);
    return new SimReport(
        mode,
        sent,
        ackedCount,
        once,
        lost,
        dup,
        outOfOrder,
        deadLettered,
        dlqDup,
        poisonAcked,
        step,
        hash);
  }
}
