package dev.blocks.delivery.log;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A partitioned, append-only log with idempotent producers, consumer groups and transactions: the
 * service provider interface the delivery modes run on.
 *
 * <p>The shape follows Apache Kafka's so that a Kafka-backed implementation can be added for
 * deployments beyond one machine: topics have a fixed number of partitions; each partition hands
 * out consecutive offsets; producers are identified by {@link ProducerId} (id + epoch) and number
 * their appends per partition; consumer groups assign partitions to members, with a generation
 * number that increases on every rebalance; transactions make appends and consumer offsets visible
 * together. The embedded implementations are {@link InMemoryLog} and {@link FileLog}.
 *
 * <p>Results that a caller must handle in normal operation (a duplicate, a fenced producer, a stale
 * generation) are returned as values. Misuse (a null payload, an unknown topic, a negative
 * partition, an offset out of range, a commit for a partition the member does not own) throws an
 * exception that names the value, and leaves the log exactly as it was.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.PartitionedLogSnippets region=produceConsume}
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface PartitionedLog extends AutoCloseable {

  /**
   * Name of the internal topic that holds consumer group offsets. The embedded logs compact it (and
   * their transaction-state topic) as Kafka's log cleaner compacts {@code __consumer_offsets}: it
   * keeps the latest offset per group and partition plus the records of open transactions, so it
   * stays bounded however many commits are made.
   */
  String OFFSETS_TOPIC = "__offsets";

  /**
   * Creates a topic.
   *
   * @param topic the name: letters, digits, '.', '_' or '-', not starting with "__"
   * @param partitions the partition count, at least 1
   * @param retention how long records are kept
   * @throws IllegalArgumentException if the name is invalid or taken, or the count is below 1
   */
  void createTopic(String topic, int partitions, Retention retention);

  /**
   * Returns the partition count of a topic.
   *
   * @param topic the topic
   * @return the count
   * @throws IllegalArgumentException if the topic does not exist
   */
  int partitions(String topic);

  /**
   * Returns the partition a key belongs to: a 64-bit hash of the key bytes placed with jump
   * consistent hashing ({@link dev.blocks.core.sharding.JumpHash}).
   *
   * @param topic the topic
   * @param key the key bytes
   * @return the partition
   * @throws IllegalArgumentException if the topic does not exist
   */
  int partitionFor(String topic, byte[] key);

  /**
   * Appends one record without producer sequence (no duplicate detection).
   *
   * @param tp the partition
   * @param key the key, possibly empty
   * @param value the value, possibly empty
   * @return the record's offset
   * @throws IllegalArgumentException if the topic or partition does not exist
   */
  long append(TopicPartition tp, byte[] key, byte[] value);

  /**
   * Appends a batch of records without producer sequence, in one call: they get consecutive
   * offsets, and no other append lands between them.
   *
   * @param tp the partition
   * @param batch the records, at least one
   * @return the offset of the batch's first record (the others follow it)
   * @throws IllegalArgumentException if the topic or partition does not exist, is internal, or the
   *     batch is empty
   */
  long append(TopicPartition tp, RecordBatch batch);

  /**
   * Registers a producer instance. With the same transactional id again, returns the same id with
   * the next epoch, fences every older epoch and aborts its open transaction.
   *
   * @param transactionalId a stable name of the logical producer, or empty for a fresh id
   * @return the producer identity to append with
   */
  ProducerId initProducer(String transactionalId);

  /**
   * Re-registers a producer instance that the transaction timeout fenced, as Kafka's producer
   * recovers from an aborted timed-out transaction (KIP-588): if {@code producer}'s epoch was
   * bumped by the log's transaction timeout and no instance has initialized the transactional id
   * since, the producer gets a new epoch and may go on; if a newer instance fenced it (a restart
   * with the same transactional id), it gets nothing and must stop, since it is a zombie.
   *
   * @param producer the fenced producer instance
   * @return the producer identity with its new epoch, or empty if a newer instance fenced it
   * @throws IllegalArgumentException if the producer is unknown
   */
  Optional<ProducerId> resumeAfterTimeout(ProducerId producer);

  /**
   * Returns the last sequence the log accepted from a producer id on a partition, or -1. A
   * restarted producer that numbers its messages durably (an outbox) resumes after it: sequences
   * continue across epochs, so a resend of an appended record is recognised as a duplicate.
   *
   * @param producer the producer
   * @param tp the partition
   * @return the last accepted sequence, or -1
   */
  int lastSequence(ProducerId producer, TopicPartition tp);

  /**
   * Appends one record idempotently: the sequence must be one more than the last accepted one for
   * this producer id and partition. Inside an open transaction the record is transactional.
   *
   * @param producer the producer instance
   * @param sequence the sequence number, at least 0
   * @param tp the partition
   * @param key the key
   * @param value the value
   * @return appended, duplicate (acknowledged, not appended twice), out of order, or fenced
   * @throws IllegalArgumentException for an unknown producer, topic or partition, or a negative
   *     sequence
   */
  AppendResult append(
      ProducerId producer, int sequence, TopicPartition tp, byte[] key, byte[] value);

  /**
   * Appends a batch idempotently: record {@code i} has sequence {@code firstSequence + i}, and the
   * batch is accepted or refused as a whole, as Kafka does with its producer batches. Appended if
   * {@code firstSequence} is one more than the last accepted sequence; a duplicate (acknowledged,
   * nothing appended) if the batch's last sequence is at or below the last accepted one; otherwise
   * out of order (a gap, or a batch that overlaps the accepted sequences only in part). Inside an
   * open transaction the records are transactional.
   *
   * @param producer the producer instance
   * @param firstSequence the sequence of the first record, at least 0, with {@code firstSequence +
   *     batch.size() - 1 <= Integer.MAX_VALUE}
   * @param tp the partition
   * @param batch the records, at least one
   * @return appended (offset of the first record), duplicate (offset of the first record if still
   *     remembered, else -1), out of order, or fenced
   * @throws IllegalArgumentException for an unknown producer, topic or partition, an internal
   *     topic, an empty batch, or a sequence range outside {@code [0, Integer.MAX_VALUE]}
   */
  AppendResult append(ProducerId producer, int firstSequence, TopicPartition tp, RecordBatch batch);

  /**
   * Opens a transaction for a producer registered with a transactional id. A transaction still open
   * after the log's transaction timeout (on its injected clock) is aborted by the log and the
   * producer fenced with the next epoch (as Kafka's coordinator does), so read-committed readers
   * are never held back for longer than the timeout.
   *
   * @param producer the producer
   * @return false if the producer is fenced
   * @throws IllegalStateException if a transaction is already open for it
   */
  boolean beginTransaction(ProducerId producer);

  /**
   * Stages a consumer offset commit inside the producer's open transaction.
   *
   * @param producer the producer
   * @param group the consumer group
   * @param member the member
   * @param generation the member's generation
   * @param tp the partition
   * @param offset the next offset to consume
   * @return staged, or why not
   * @throws IllegalStateException if no transaction is open
   * @throws IllegalArgumentException if the partition is not assigned to the member, or the offset
   *     is out of range
   */
  CommitResult sendOffsetsToTransaction(
      ProducerId producer,
      String group,
      String member,
      int generation,
      TopicPartition tp,
      long offset);

  /**
   * Commits the open transaction: its records and offsets become visible together. If a group it
   * staged offsets for has rebalanced since, the transaction is aborted instead.
   *
   * @param producer the producer
   * @return committed, aborted, or fenced
   * @throws IllegalStateException if no transaction is open
   */
  TransactionResult commitTransaction(ProducerId producer);

  /**
   * Aborts the open transaction: none of its records or offsets ever become visible to
   * read-committed readers.
   *
   * @param producer the producer
   * @return aborted, or fenced
   * @throws IllegalStateException if no transaction is open
   */
  TransactionResult abortTransaction(ProducerId producer);

  /**
   * Reads up to {@code maxRecords} records from {@code offset}.
   *
   * @param tp the partition
   * @param offset the first offset, in {@code [startOffset, endOffset]}
   * @param maxRecords the most records returned, at least 1
   * @param isolation which transactional records are visible
   * @return the records and the offset to continue from
   * @throws IllegalArgumentException if the offset is out of range
   */
  Fetch read(TopicPartition tp, long offset, int maxRecords, Isolation isolation);

  /**
   * Reads records from {@code offset} into a caller-supplied buffer, up to its capacity: the
   * allocation-free read (see {@link LogCursor} for a position that moves by itself).
   *
   * @param tp the partition
   * @param offset the first offset, in {@code [startOffset, endOffset]}
   * @param isolation which transactional records are visible
   * @param into the buffer; cleared, filled, and its {@link RecordBuffer#nextOffset()} set
   * @return how many records were put in the buffer
   * @throws IllegalArgumentException if the topic or partition does not exist, or the offset is out
   *     of range (the buffer is then unchanged)
   */
  int read(TopicPartition tp, long offset, Isolation isolation, RecordBuffer into);

  /**
   * Returns the first offset still kept (retention moves it forward).
   *
   * @param tp the partition
   * @return the offset
   */
  long startOffset(TopicPartition tp);

  /**
   * Returns the offset the next append gets.
   *
   * @param tp the partition
   * @return the offset
   */
  long endOffset(TopicPartition tp);

  /**
   * Returns the last stable offset: the first offset of the oldest open transaction, or the end.
   *
   * @param tp the partition
   * @return the offset
   */
  long lastStableOffset(TopicPartition tp);

  /** Drops records older than their topic's maximum age. */
  void applyRetention();

  /**
   * Adds a member to a consumer group subscribed to one topic and rebalances: the generation
   * increases and partitions are spread over the members (range assignment over sorted ids).
   *
   * @param group the group
   * @param member the member id
   * @param topic the topic the group consumes
   * @return the member's new assignment
   * @throws IllegalArgumentException if the topic does not exist or differs from the group's
   */
  Assignment join(String group, String member, String topic);

  /**
   * Removes a member (it left, or is presumed dead) and rebalances. Unknown members are ignored.
   *
   * @param group the group
   * @param member the member
   */
  void leave(String group, String member);

  /**
   * Returns a member's current assignment, or empty if it is not in the group.
   *
   * @param group the group
   * @param member the member
   * @return the assignment
   */
  Optional<Assignment> assignment(String group, String member);

  /**
   * Commits the next offset to consume for one partition.
   *
   * @param group the group
   * @param member the member
   * @param generation the generation of the member's assignment
   * @param tp the partition
   * @param offset the next offset to consume, in {@code [startOffset, endOffset]}
   * @return committed, stale generation, or unknown member
   * @throws IllegalArgumentException if the partition is not assigned to the member in the current
   *     generation, or the offset is out of range
   */
  CommitResult commitOffset(
      String group, String member, int generation, TopicPartition tp, long offset);

  /**
   * Returns the committed offset of a group on a partition.
   *
   * @param group the group
   * @param tp the partition
   * @return the offset, or empty if none was committed
   */
  OptionalLong committedOffset(String group, TopicPartition tp);

  /**
   * Returns whether an open transaction has staged an offset for this group and partition: a new
   * owner must wait for it before reading the committed offset (Kafka KIP-447).
   *
   * @param group the group
   * @param tp the partition
   * @return true while such a transaction is open
   */
  boolean hasPendingOffsets(String group, TopicPartition tp);

  /** Flushes and releases resources; the log is unusable afterwards. */
  @Override
  void close();
}
