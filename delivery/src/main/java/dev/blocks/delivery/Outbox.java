package dev.blocks.delivery;

import dev.blocks.delivery.log.AppendResult;
import dev.blocks.delivery.log.PartitionedLog;
import dev.blocks.delivery.log.ProducerId;
import dev.blocks.delivery.log.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transactional outbox: messages recorded together with a business change, then relayed to the
 * log exactly once, even across crashes of the relay.
 *
 * <p>Each message gets its partition and its producer sequence number when it is {@link #add
 * added}, so the number is stored with the message. The relay appends pending messages with an
 * idempotent producer; a message appended before a crash but not yet marked as relayed is sent
 * again after {@link #restore} and recognised by the log as a duplicate. Restoring also bumps the
 * producer epoch, which fences a relay instance that is still running somewhere.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.OutboxSnippets region=outbox}
 *
 * <p>Thread-safe: every method synchronizes on the outbox.
 *
 * @since 0.1
 */
public final class Outbox {

  /**
   * One message waiting to be relayed: what a durable outbox table stores.
   *
   * <p>Immutable (do not modify the arrays).
   *
   * @param partition where it goes
   * @param sequence its producer sequence on that partition
   * @param key the key
   * @param value the value
   * @since 0.1
   */
  public record Entry(TopicPartition partition, int sequence, byte[] key, byte[] value) {
    /** Validates the components. */
    public Entry {
      Objects.requireNonNull(partition, "partition");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (sequence < 0) {
        throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && e.partition.equals(partition)
          && e.sequence == sequence
          && Arrays.equals(e.key, key)
          && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(partition, sequence, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return partition + "#" + sequence;
    }
  }

  private final PartitionedLog log;
  private final ProducerId producer;
  private final Map<TopicPartition, Integer> nextSeq = new HashMap<>();
  private final ArrayDeque<Entry> pending = new ArrayDeque<>();

  private Outbox(PartitionedLog log, String transactionalId, List<Entry> restored) {
    this.log = Objects.requireNonNull(log, "log");
    Objects.requireNonNull(transactionalId, "transactionalId");
    if (transactionalId.isEmpty()) {
      throw new IllegalArgumentException("transactionalId must not be empty");
    }
    this.producer = log.initProducer(transactionalId);
    for (Entry e : restored) {
      nextSeq.merge(e.partition(), e.sequence() + 1, Math::max);
      pending.add(e);
    }
  }

  /**
   * Returns an empty outbox relaying as producer {@code transactionalId}.
   *
   * @param log the log
   * @param transactionalId the stable name of this outbox's producer
   * @return the outbox
   */
  public static Outbox create(PartitionedLog log, String transactionalId) {
    return new Outbox(log, transactionalId, List.of());
  }

  /**
   * Returns an outbox that resumes after a crash with the entries its store still holds.
   *
   * @param log the log
   * @param transactionalId the same name as before the crash
   * @param pending the stored, not yet relayed entries, in the order they were added
   * @return the outbox
   */
  public static Outbox restore(PartitionedLog log, String transactionalId, List<Entry> pending) {
    return new Outbox(log, transactionalId, List.copyOf(pending));
  }

  /**
   * Records a message for the topic's key-chosen partition and returns its entry (store it with the
   * business change).
   *
   * @param topic an existing topic
   * @param key the key
   * @param value the value
   * @return the entry
   */
  public synchronized Entry add(String topic, byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    TopicPartition tp = TopicPartition.of(topic, log.partitionFor(topic, key));
    int seq = nextSeq.computeIfAbsent(tp, t -> log.lastSequence(producer, t) + 1);
    Entry e = new Entry(tp, seq, key, value);
    nextSeq.put(tp, seq + 1);
    pending.add(e);
    return e;
  }

  /**
   * Appends every pending entry in order and drops those the log acknowledged.
   *
   * @return how many entries were acknowledged
   * @throws IllegalStateException if a newer outbox instance fenced this one
   */
  public synchronized int relay() {
    int acked = 0;
    while (!pending.isEmpty()) {
      Entry e = pending.peek();
      AppendResult r = log.append(producer, e.sequence(), e.partition(), e.key(), e.value());
      if (r.status() == AppendResult.Status.PRODUCER_FENCED) {
        throw new IllegalStateException("outbox relay " + producer + " was fenced");
      }
      if (!r.acknowledged()) {
        break;
      }
      pending.poll();
      acked++;
    }
    return acked;
  }

  /**
   * Returns the entries not yet relayed, in order.
   *
   * @return a copy
   */
  public synchronized List<Entry> pending() {
    return new ArrayList<>(pending);
  }
}
