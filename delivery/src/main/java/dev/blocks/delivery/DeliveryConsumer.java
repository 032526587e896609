package dev.blocks.delivery;

import dev.blocks.delivery.log.AppendResult;
import dev.blocks.delivery.log.Assignment;
import dev.blocks.delivery.log.CommitResult;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogRecord;
import dev.blocks.delivery.log.PartitionedLog;
import dev.blocks.delivery.log.ProducerId;
import dev.blocks.delivery.log.RecordBatch;
import dev.blocks.delivery.log.RecordBuffer;
import dev.blocks.delivery.log.TopicPartition;
import dev.blocks.delivery.log.TransactionResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A member of a consumer group that applies messages with one {@link DeliveryMode}, retries failed
 * messages with backoff and moves a message that keeps failing to a dead-letter topic.
 *
 * <p>How each mode orders the effect and the offset commit:
 *
 * <ul>
 *   <li>{@code AT_MOST_ONCE}: fetch a batch, commit its end offset, then apply it. A crash after
 *       the commit loses the rest of the batch; nothing is applied twice.
 *   <li>{@code AT_LEAST_ONCE}: apply the batch, then commit. A crash or rebalance before the commit
 *       redelivers the batch; nothing acknowledged is lost.
 *   <li>{@code EXACTLY_ONCE} with a {@link Transform} (transactional sink): outputs and the input
 *       offsets go into one log transaction, which commits only if the member's generation is still
 *       current; a restarted instance fences its predecessor by producer epoch.
 *   <li>{@code EXACTLY_ONCE} with {@link ProcessedMessages} (idempotent sink): at-least-once
 *       delivery whose effects run through {@link ProcessedMessages#applyOnce}, keyed by message
 *       id, so a redelivered message is skipped.
 * </ul>
 *
 * <p>A message whose handler throws is retried on later polls after {@link BackoffSchedule} delays
 * (its partition waits; other partitions go on). After {@code maxAttempts} failures it is appended
 * to the dead-letter topic (key: its origin {@code topic-partition@offset}, value: its value) and
 * the partition moves on, so a poison message never blocks its partition for long. Under
 * at-least-once and exactly-once the dead letter and the offset past it are committed in one
 * transaction, so the dead letter is visible exactly once.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.DeliveryConsumerSnippets region=consume}
 *
 * <p>Not thread-safe: confine each consumer to one thread. Several consumers may share a log.
 *
 * @since 0.1
 */
public final class DeliveryConsumer {

  private final PartitionedLog log;
  private final String group;
  private final String member;
  private final String topic;
  private final DeliveryMode mode;
  private final MessageHandler handler;
  private final Transform transform;
  private final String outputTopic;
  private final ProcessedMessages processed;
  private final Function<LogRecord, String> messageId;
  private final String deadLetterTopic;
  private final int maxAttempts;
  private final BackoffSchedule backoff;
  private final LongSupplier ticker;
  private final int maxBatch;
  private final Probe probe;

  private int generation = -1;
  private List<TopicPartition> owned = List.of();
  private final Map<TopicPartition, Lane> lanes = new HashMap<>();
  private ProducerId producer;
  private boolean txnOpen;
  private final Map<TopicPartition, int[]> nextSeq = new HashMap<>();
  private final Outputs outputs = new Outputs();
  private TopicPartition[] outputPartitions;

  /**
   * The transform's outputs of the open transaction not yet appended, one batch per output
   * partition: they are appended as one sequenced batch per partition just before the offsets are
   * sent and the transaction commits, so a transaction costs one idempotent append per partition
   * rather than one per output.
   */
  private RecordBatch[] pendingOutputs;

  private RecordBatch pendingFor(int p) {
    if (pendingOutputs == null) {
      pendingOutputs = new RecordBatch[log.partitions(outputTopic)];
    }
    RecordBatch b = pendingOutputs[p];
    if (b == null) {
      b = RecordBatch.withCapacity(Math.min(maxBatch, 1024));
      pendingOutputs[p] = b;
    }
    return b;
  }

  /** Appends the pending outputs to the open transaction; false if an append was refused. */
  private boolean flushOutputs() {
    if (pendingOutputs == null) {
      return true;
    }
    boolean ok = true;
    for (int p = 0; p < pendingOutputs.length; p++) {
      RecordBatch b = pendingOutputs[p];
      if (b != null && b.size() > 0) {
        if (ok) {
          ok = emitBatchTo(outputPartition(p), b);
        }
        b.clear();
      }
    }
    return ok;
  }

  private void discardOutputs() {
    if (pendingOutputs != null) {
      for (RecordBatch b : pendingOutputs) {
        if (b != null) {
          b.clear();
        }
      }
    }
  }

  /** The outputs of one transform call, in reused arrays. */
  private static final class Outputs implements Transform.Emitter {
    byte[][] keys = new byte[4][];
    byte[][] values = new byte[4][];
    int size;

    @Override
    public void emit(byte[] key, byte[] value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (size == keys.length) {
        keys = java.util.Arrays.copyOf(keys, size * 2);
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size] = value;
      size++;
    }

    void clear() {
      java.util.Arrays.fill(keys, 0, size, null);
      java.util.Arrays.fill(values, 0, size, null);
      size = 0;
    }
  }

  private TopicPartition outputPartition(int p) {
    if (outputPartitions == null) {
      outputPartitions = new TopicPartition[log.partitions(outputTopic)];
    }
    TopicPartition tp = outputPartitions[p];
    if (tp == null) {
      tp = TopicPartition.of(outputTopic, p);
      outputPartitions[p] = tp;
    }
    return tp;
  }

  private long deadLettered;

  /** One partition's progress: a fetched batch, how far into it, and the head's retry state. */
  private static final class Lane {
    Lane(TopicPartition tp, int capacity) {
      this.tp = tp;
      this.batch = RecordBuffer.withCapacity(capacity);
    }

    /** Returns record {@code i} of the fetched batch as a {@link LogRecord}. */
    LogRecord record(int i) {
      return new LogRecord(
          tp.topic(), tp.partition(), batch.offset(i), batch.key(i), batch.value(i));
    }

    final TopicPartition tp;
    final RecordBuffer batch;
    int size;
    long position;
    long batchEnd;
    int index;
    int attempts;
    long retryAt;
    long lastDelay;
    boolean committedAhead;
  }

  private DeliveryConsumer(Builder b) {
    this.log = b.log;
    this.group = b.group;
    this.member = b.member;
    this.topic = b.topic;
    this.mode = b.mode;
    this.handler = b.handler;
    this.transform = b.transform;
    this.outputTopic = b.outputTopic;
    this.processed = b.processed;
    this.messageId = b.messageId;
    this.deadLetterTopic = b.deadLetterTopic;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.ticker = b.ticker;
    this.maxBatch = b.maxBatch;
    this.probe = b.probe;
    if (mode != DeliveryMode.AT_MOST_ONCE) {
      // Like Kafka's initTransactions(): fence and abort whatever a previous instance left open.
      ensureProducer();
    }
  }

  /**
   * Starts a builder.
   *
   * @param log the log
   * @param group the consumer group
   * @param member this member's id, stable across restarts of the same instance
   * @param topic the topic to consume
   * @return the builder
   */
  public static Builder builder(PartitionedLog log, String group, String member, String topic) {
    return new Builder(log, group, member, topic);
  }

  /**
   * Returns the mode.
   *
   * @return the delivery mode
   */
  public DeliveryMode mode() {
    return mode;
  }

  /**
   * Returns how many messages this instance moved to the dead-letter topic.
   *
   * @return the count
   */
  public long deadLettered() {
    return deadLettered;
  }

  /**
   * Does one round: refreshes the assignment (joining the group if needed), then, for each owned
   * partition whose head message is not backing off, fetches a batch if none is pending and applies
   * it according to the mode.
   *
   * <p>Under exactly-once, an instance whose open transaction the log aborted for exceeding the
   * transaction timeout re-registers its producer ({@link PartitionedLog#resumeAfterTimeout}) and
   * redelivers from the committed offsets; an instance fenced by a newer one with the same member
   * id stops.
   *
   * @return how many messages were applied or dead-lettered in this round
   * @throws IllegalStateException if a newer instance with the same group and member fenced this
   *     one (it must be discarded)
   */
  public int poll() {
    refreshAssignment();
    int done = 0;
    for (TopicPartition tp : owned) {
      Lane lane = lanes.computeIfAbsent(tp, this::newLane);
      if (lane.attempts > 0 && ticker.getAsLong() - lane.retryAt < 0) {
        continue;
      }
      int n = step(tp, lane);
      if (n < 0) {
        resetAll();
        return done;
      }
      done += n;
    }
    return done;
  }

  /**
   * Returns whether no fetched batch is waiting to be applied or committed.
   *
   * @return true when every owned partition is between batches
   */
  public boolean idle() {
    for (Lane lane : lanes.values()) {
      if (lane.index < lane.size) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the current generation, or -1 before the first poll.
   *
   * @return the generation
   */
  public int generation() {
    return generation;
  }

  private void refreshAssignment() {
    Optional<Assignment> a = log.assignment(group, member);
    Assignment asg = a.isPresent() ? a.get() : log.join(group, member, topic);
    if (asg.generation() != generation) {
      resetAll();
      generation = asg.generation();
      owned = asg.partitions();
    }
  }

  private void resetAll() {
    lanes.clear();
    discardOutputs();
    if (txnOpen) {
      log.abortTransaction(producer);
      txnOpen = false;
    }
    generation = -1;
    owned = List.of();
  }

  private Lane newLane(TopicPartition tp) {
    Lane lane = new Lane(tp, maxBatch);
    OptionalLong c = log.committedOffset(group, tp);
    lane.position = Math.max(c.orElse(0), log.startOffset(tp));
    return lane;
  }

  /** Returns records done, or -1 when the group moved on and the member must reset. */
  private int step(TopicPartition tp, Lane lane) {
    if (lane.index >= lane.size) {
      lane.position = Math.max(lane.position, log.startOffset(tp));
      int n = log.read(tp, lane.position, Isolation.READ_COMMITTED, lane.batch);
      lane.size = n;
      if (n == 0) {
        lane.position = lane.batch.nextOffset();
        return 0;
      }
      lane.batchEnd = lane.batch.nextOffset();
      lane.index = 0;
      lane.committedAhead = false;
      if (probe != Probe.NONE) {
        probe.at(Probe.Stage.FETCHED, lane.record(0));
      }
      if (mode == DeliveryMode.AT_MOST_ONCE) {
        if (probe != Probe.NONE) {
          probe.at(Probe.Stage.BEFORE_COMMIT, lane.record(n - 1));
        }
        if (log.commitOffset(group, member, generation, tp, lane.batchEnd)
            != CommitResult.COMMITTED) {
          return -1;
        }
        lane.committedAhead = true;
      }
    }
    int done = 0;
    while (lane.index < lane.size) {
      LogRecord r = lane.record(lane.index);
      probe.at(Probe.Stage.BEFORE_PROCESS, r);
      Outcome o = attempt(r);
      if (o == Outcome.FAILED) {
        lane.attempts++;
        if (lane.attempts < maxAttempts) {
          lane.lastDelay = backoff.delayNanos(lane.attempts, lane.lastDelay);
          lane.retryAt = ticker.getAsLong() + lane.lastDelay;
          return commitProgress(tp, lane, r.offset()) ? done : -1;
        }
        if (!deadLetter(tp, r)) {
          return -1;
        }
      }
      probe.at(Probe.Stage.AFTER_PROCESS, r);
      lane.attempts = 0;
      lane.retryAt = 0;
      lane.lastDelay = 0;
      lane.index++;
      done++;
    }
    if (!commitProgress(tp, lane, lane.batchEnd)) {
      return -1;
    }
    lane.position = lane.batchEnd;
    return done;
  }

  private enum Outcome {
    APPLIED,
    FAILED
  }

  private Outcome attempt(LogRecord r) {
    try {
      if (transform != null) {
        outputs.clear();
        transform.apply(r, outputs);
        ensureTransaction();
        for (int i = 0; i < outputs.size; i++) {
          byte[] k = outputs.keys[i];
          pendingFor(log.partitionFor(outputTopic, k)).add(k, outputs.values[i]);
        }
        outputs.clear();
      } else if (processed != null) {
        processed.applyOnce(messageId.apply(r), () -> handler.handle(r));
      } else {
        handler.handle(r);
      }
      return Outcome.APPLIED;
    } catch (RuntimeException | Error e) {
      if (e instanceof DeliveryFault || e instanceof Fenced) {
        throw e;
      }
      return Outcome.FAILED;
    } catch (Exception e) {
      return Outcome.FAILED;
    }
  }

  private void ensureProducer() {
    if (producer == null) {
      producer = log.initProducer(group + "/" + member);
    }
  }

  private void ensureTransaction() {
    ensureProducer();
    if (!txnOpen) {
      if (!log.beginTransaction(producer)) {
        // Fenced. By the transaction timeout (this instance stalled with a transaction open; the
        // log aborted it, and the failed commit reset every lane to the committed offsets): take
        // the next epoch and go on. By a newer instance with the same member id: stop.
        Optional<ProducerId> resumed = log.resumeAfterTimeout(producer);
        if (resumed.isEmpty() || !log.beginTransaction(resumed.get())) {
          throw new Fenced("consumer " + member + " was fenced by a newer instance");
        }
        producer = resumed.get();
        nextSeq.clear();
      }
      txnOpen = true;
    }
  }

  /** Thrown out of {@link #poll} when a newer instance of the same member fenced this one. */
  private static final class Fenced extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Fenced(String message) {
      super(message);
    }
  }

  private boolean deadLetter(TopicPartition tp, LogRecord r) {
    byte[] origin = (tp + "@" + r.offset()).getBytes(StandardCharsets.UTF_8);
    TopicPartition dlq =
        TopicPartition.of(deadLetterTopic, log.partitionFor(deadLetterTopic, origin));
    if (mode == DeliveryMode.AT_MOST_ONCE) {
      log.append(dlq, origin, r.value());
    } else if (processed != null) {
      ensureTransaction();
      emitTo(dlq, origin, r.value());
      if (!commitInTransaction(tp, r.offset() + 1)) {
        return false;
      }
    } else {
      ensureTransaction();
      if (!flushOutputs()) {
        return false;
      }
      emitTo(dlq, origin, r.value());
      if (transform == null && !commitInTransaction(tp, r.offset() + 1)) {
        return false;
      }
    }
    deadLettered++;
    return true;
  }

  private void emitTo(TopicPartition out, byte[] key, byte[] value) {
    int[] next = nextSeq.get(out);
    if (next == null) {
      next = new int[] {log.lastSequence(producer, out) + 1};
      nextSeq.put(out, next);
    }
    AppendResult a = log.append(producer, next[0], out, key, value);
    if (!a.acknowledged()) {
      throw new IllegalStateException("append to " + out + " failed: " + a.status());
    }
    next[0]++;
  }

  /** Appends a batch with the next sequences of {@code out}; false if the log refused it. */
  private boolean emitBatchTo(TopicPartition out, RecordBatch batch) {
    int[] next = nextSeq.get(out);
    if (next == null) {
      next = new int[] {log.lastSequence(producer, out) + 1};
      nextSeq.put(out, next);
    }
    AppendResult a = log.append(producer, next[0], out, batch);
    if (!a.acknowledged()) {
      return false;
    }
    next[0] += batch.size();
    return true;
  }

  private boolean commitInTransaction(TopicPartition tp, long next) {
    if (!flushOutputs()) {
      return false;
    }
    CommitResult c = log.sendOffsetsToTransaction(producer, group, member, generation, tp, next);
    if (c != CommitResult.COMMITTED) {
      return false;
    }
    TransactionResult t = log.commitTransaction(producer);
    txnOpen = false;
    nextSeq.clear();
    return t == TransactionResult.COMMITTED;
  }

  /** Commits the offset {@code next} (all before it is done); false if the group moved on. */
  private boolean commitProgress(TopicPartition tp, Lane lane, long next) {
    if (lane.size > 0 && probe != Probe.NONE) {
      probe.at(Probe.Stage.BEFORE_COMMIT, lane.record(Math.max(0, lane.index - 1)));
    }
    if (transform != null) {
      if (!txnOpen) {
        if (next == lane.position || lane.committedAhead) {
          return true;
        }
        ensureTransaction();
      }
      return commitInTransaction(tp, next);
    }
    if (lane.committedAhead) {
      return true;
    }
    return log.commitOffset(group, member, generation, tp, next) == CommitResult.COMMITTED;
  }

  /**
   * Thrown through a consumer by fault injection to crash it at a probe point: the consumer never
   * catches it as a handler failure.
   *
   * @since 0.1
   */
  public static class DeliveryFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the fault.
     *
     * @param message what was injected
     */
    public DeliveryFault(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Builds a {@link DeliveryConsumer}; fails fast on a missing or inconsistent setting.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final PartitionedLog log;
    private final String group;
    private final String member;
    private final String topic;
    private DeliveryMode mode = DeliveryMode.AT_LEAST_ONCE;
    private MessageHandler handler;
    private Transform transform;
    private String outputTopic;
    private ProcessedMessages processed;
    private Function<LogRecord, String> messageId =
        r -> r.topic() + "-" + r.partition() + "@" + r.offset();
    private String deadLetterTopic;
    private int maxAttempts = 5;
    private BackoffSchedule backoff = BackoffSchedule.none();
    private LongSupplier ticker = () -> 0L;
    private int maxBatch = 100;
    private Probe probe = Probe.NONE;

    private Builder(PartitionedLog log, String group, String member, String topic) {
      this.log = Objects.requireNonNull(log, "log");
      this.group = Objects.requireNonNull(group, "group");
      this.member = Objects.requireNonNull(member, "member");
      this.topic = Objects.requireNonNull(topic, "topic");
      log.partitions(topic);
    }

    /**
     * Sets the delivery mode (default at-least-once).
     *
     * @param mode the mode
     * @return this
     */
    public Builder mode(DeliveryMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the effect of each message.
     *
     * @param handler the handler
     * @return this
     */
    public Builder handler(MessageHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets a transactional sink (exactly-once only): outputs go to {@code outputTopic} in the same
     * transaction as the input offsets.
     *
     * @param transform the transform
     * @param outputTopic an existing topic
     * @return this
     */
    public Builder transform(Transform transform, String outputTopic) {
      this.transform = Objects.requireNonNull(transform, "transform");
      log.partitions(outputTopic);
      this.outputTopic = outputTopic;
      return this;
    }

    /**
     * Sets an idempotent sink (exactly-once only): the handler runs through {@code processed},
     * keyed by {@code messageId} (default: the origin {@code topic-partition@offset}).
     *
     * @param processed the store of applied message ids
     * @param messageId the id of a message
     * @return this
     */
    public Builder idempotentSink(
        ProcessedMessages processed, Function<LogRecord, String> messageId) {
      this.processed = Objects.requireNonNull(processed, "processed");
      this.messageId = Objects.requireNonNull(messageId, "messageId");
      return this;
    }

    /**
     * Sets the dead-letter topic and how many attempts a message gets before it goes there.
     *
     * @param topic an existing topic
     * @param maxAttempts at least 1
     * @return this
     * @throws IllegalArgumentException if {@code maxAttempts < 1} or the topic does not exist
     */
    public Builder deadLetter(String topic, int maxAttempts) {
      log.partitions(topic);
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      this.deadLetterTopic = topic;
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the delay between attempts and the nanosecond ticker it is measured with.
     *
     * @param backoff the schedule
     * @param ticker monotonic nanoseconds, e.g. {@code System::nanoTime}
     * @return this
     */
    public Builder backoff(BackoffSchedule backoff, LongSupplier ticker) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the most records fetched per partition and round (default 100).
     *
     * @param maxBatch at least 1
     * @return this
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Sets a probe called at fault-relevant points (default: none).
     *
     * @param probe the probe
     * @return this
     */
    public Builder probe(Probe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /**
     * Builds the consumer.
     *
     * @return the consumer
     * @throws IllegalStateException if the settings do not fit the mode
     */
    public DeliveryConsumer build() {
      if (deadLetterTopic == null) {
        throw new IllegalStateException("deadLetter(topic, maxAttempts) must be set");
      }
      if (transform != null && mode != DeliveryMode.EXACTLY_ONCE) {
        throw new IllegalStateException(
            "a transform (transactional sink) needs EXACTLY_ONCE, got " + mode);
      }
      if (processed != null && mode != DeliveryMode.EXACTLY_ONCE) {
        throw new IllegalStateException("an idempotent sink needs EXACTLY_ONCE, got " + mode);
      }
      if (mode == DeliveryMode.EXACTLY_ONCE && transform == null && processed == null) {
        throw new IllegalStateException(
            "EXACTLY_ONCE needs transform(..) (transactional sink) or idempotentSink(..)");
      }
      if (transform == null && handler == null) {
        throw new IllegalStateException("handler(..) must be set");
      }
      if (transform != null && processed != null) {
        throw new IllegalStateException("choose transform(..) or idempotentSink(..), not both");
      }
      return new DeliveryConsumer(this);
    }
  }
}
