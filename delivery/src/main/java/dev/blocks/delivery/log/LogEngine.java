package dev.blocks.delivery.log;

import dev.blocks.core.sharding.JumpHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The log as a single-writer state machine over frames: every change (a record, a transaction
 * marker, an offset commit, a producer registration) is a frame appended to some partition and then
 * applied by {@link #apply}. Live calls and recovery go through the same {@code apply}, so a
 * replayed log reaches the same state. Thread-safe: every public method synchronizes on the log.
 */
abstract class LogEngine implements PartitionedLog {

  static final byte DATA = 0;
  static final byte TXN_DATA = 1;
  static final byte COMMIT = 2;
  static final byte ABORT = 3;

  private static final byte ST_PLAIN = 0;
  private static final byte ST_OPEN = 1;
  private static final byte ST_ABORTED = 2;
  private static final byte ST_COMMITTED = 3;
  private static final byte ST_CONTROL = 4;

  static final String PRODUCERS_TOPIC = "__producers";
  static final String TRANSACTIONS_TOPIC = "__transactions";
  private static final int DEDUP_WINDOW = 5;
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] COMPLETED = {2};

  /**
   * Records an internal topic may gain before it is compacted: {@code __offsets} is rewritten as
   * one record per committed key and {@code __transactions} dropped up to its end once no
   * transaction is between its prepare and completion records.
   */
  static final int INTERNAL_COMPACTION = 4096;

  /** One partition's metadata; payloads are in {@link #store}. */
  static final class Part {
    final String topic;
    final int index;
    final TopicPartition tp;
    final Retention retention;
    final PartitionStore store;
    long start;
    long end;
    long base;
    byte[] status = new byte[16];
    long[] pids = new long[16];
    long[] times = new long[16];
    final LinkedHashMap<Long, Long> openTxns = new LinkedHashMap<>();
    final HashMap<Long, SeqState> seqs = new HashMap<>();
    final boolean timestamps;

    Part(String topic, int index, Retention retention, PartitionStore store, long first) {
      this.topic = topic;
      this.index = index;
      this.tp = new TopicPartition(topic, index);
      this.retention = retention;
      this.timestamps = retention.maxAge().getSeconds() < Long.MAX_VALUE / 1000;
      this.store = store;
      this.start = first;
      this.end = first;
      this.base = first;
    }

    long lastStable() {
      if (openTxns.isEmpty()) {
        return end;
      }
      long lso = end;
      for (long first : openTxns.values()) {
        lso = Math.min(lso, first);
      }
      return lso;
    }
  }

  static final class SeqState {
    int last = -1;
    final int[] seqs = new int[DEDUP_WINDOW];
    final long[] offsets = new long[DEDUP_WINDOW];

    SeqState() {
      Arrays.fill(seqs, -1);
    }

    void accept(int seq, long offset) {
      last = seq;
      seqs[seq % DEDUP_WINDOW] = seq;
      offsets[seq % DEDUP_WINDOW] = offset;
    }

    long offsetOf(int seq) {
      return seqs[seq % DEDUP_WINDOW] == seq ? offsets[seq % DEDUP_WINDOW] : -1;
    }
  }

  private static final class Producer {
    final long id;
    final String transactionalId;
    int epoch;
    Txn txn;

    /** The state of the last finished transaction, reused by the next one. */
    Txn spare = new Txn();

    /** The epoch the transaction timeout fenced, while no instance has been initialized since. */
    int timedOutEpoch = -1;

    /** The parts of the last prepare record and its value (commit and abort), reused if equal. */
    Part[] lastParts = new Part[0];

    byte[][] lastPrepare = new byte[2][];

    Producer(long id, String transactionalId, int epoch) {
      this.id = id;
      this.transactionalId = transactionalId;
      this.epoch = epoch;
    }
  }

  private static final class Txn {
    long startedMillis;
    final LinkedHashSet<Part> parts = new LinkedHashSet<>();
    final Map<String, Integer> groupGenerations = new HashMap<>();
  }

  private static final class Group {
    String topic;
    int generation;
    final TreeMap<String, List<TopicPartition>> members = new TreeMap<>();
  }

  /** A prepare record of {@code __transactions}: parsed only if recovery has to complete it. */
  private static final class Prepared {
    final byte[] value;

    Prepared(byte[] value) {
      this.value = value;
    }

    boolean commit() {
      return value[0] == 1;
    }

    List<String> parts() {
      List<String> names = new ArrayList<>();
      String all = new String(value, 1, value.length - 1, StandardCharsets.UTF_8);
      for (String s : all.split("\n", -1)) {
        if (!s.isEmpty()) {
          names.add(s);
        }
      }
      return names;
    }
  }

  /** Kafka's default {@code transaction.timeout.ms}. */
  static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

  final InstantSource clock;
  private final long transactionTimeoutMillis;
  private int openTransactions;
  private final Map<String, Part[]> topics = new HashMap<>();
  private final Map<String, Retention> retentions = new HashMap<>();
  private final Map<Long, Producer> producers = new HashMap<>();
  private final Map<String, Producer> byTransactionalId = new HashMap<>();
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<String, Long> committed = new HashMap<>();
  private final Map<Long, Prepared> prepared = new HashMap<>();
  private long nextProducerId;
  private boolean closed;
  private Part offsetsPart;
  private Part producersPart;
  private Part transactionsPart;
  private long offsetsCompactedEnd;
  private final Map<String, Map<TopicPartition, byte[]>> offsetKeys = new HashMap<>();
  private final Map<byte[], String[]> keyNames = new IdentityHashMap<>();

  LogEngine(InstantSource clock, Duration transactionTimeout) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.transactionTimeoutMillis = checkTransactionTimeout(transactionTimeout).toMillis();
  }

  /** Validates a transaction timeout: positive, at most one year. */
  static Duration checkTransactionTimeout(Duration transactionTimeout) {
    Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    if (transactionTimeout.isNegative()
        || transactionTimeout.isZero()
        || transactionTimeout.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException(
          "transactionTimeout must be in (0, 365 days], got " + transactionTimeout);
    }
    return transactionTimeout;
  }

  /** Creates the internal topics; subclasses call this once their storage is ready. */
  final void createInternalTopics() {
    offsetsPart = internalTopic(OFFSETS_TOPIC);
    producersPart = internalTopic(PRODUCERS_TOPIC);
    transactionsPart = internalTopic(TRANSACTIONS_TOPIC);
  }

  private Part internalTopic(String name) {
    Part[] parts = topics.get(name);
    if (parts == null) {
      parts = registerTopic(name, 1, Retention.unlimited(), 0L);
    }
    return parts[0];
  }

  /** Returns the store for a new or recovered partition. */
  abstract PartitionStore openStore(String topic, int partition, long firstOffset);

  /** Persists a new topic's metadata; called before its partitions are opened. */
  abstract void persistTopic(String topic, int partitions, Retention retention);

  final Part[] registerTopic(String topic, int partitions, Retention retention, long first) {
    Part[] parts = new Part[partitions];
    for (int i = 0; i < partitions; i++) {
      parts[i] = new Part(topic, i, retention, openStore(topic, i, first), first);
    }
    topics.put(topic, parts);
    retentions.put(topic, retention);
    return parts;
  }

  // ---------------------------------------------------------------------------------------------
  // topics

  @Override
  public synchronized void createTopic(String topic, int partitions, Retention retention) {
    ensureOpen();
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(retention, "retention");
    if (!TOPIC_NAME.matcher(topic).matches() || topic.startsWith("__")) {
      throw new IllegalArgumentException(
          "topic must be 1-200 of [A-Za-z0-9._-] and not start with '__', got '" + topic + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (topics.containsKey(topic)) {
      throw new IllegalArgumentException("topic already exists: '" + topic + "'");
    }
    persistTopic(topic, partitions, retention);
    registerTopic(topic, partitions, retention, 0L);
  }

  @Override
  public synchronized int partitions(String topic) {
    return parts(topic).length;
  }

  @Override
  public synchronized int partitionFor(String topic, byte[] key) {
    Objects.requireNonNull(key, "key");
    return JumpHash.bucket(hash64(key), parts(topic).length);
  }

  /** FNV-1a over the bytes, finished with the SplitMix64 mixer so that the bits are spread. */
  static long hash64(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  private Part[] parts(String topic) {
    Objects.requireNonNull(topic, "topic");
    Part[] parts = topics.get(topic);
    if (parts == null) {
      throw new IllegalArgumentException("unknown topic '" + topic + "'");
    }
    return parts;
  }

  final Part part(TopicPartition tp) {
    Objects.requireNonNull(tp, "tp");
    Part[] parts = parts(tp.topic());
    if (tp.partition() >= parts.length) {
      throw new IllegalArgumentException(
          "partition of topic '"
              + tp.topic()
              + "' must be in [0, "
              + parts.length
              + "), got "
              + tp.partition());
    }
    return parts[tp.partition()];
  }

  /** Returns a partition that clients may append to: not one of the internal topics. */
  private Part userPart(TopicPartition tp) {
    Part p = part(tp);
    if (tp.topic().startsWith("__")) {
      throw new IllegalArgumentException("cannot append to internal topic '" + tp.topic() + "'");
    }
    return p;
  }

  private static void checkBatch(RecordBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (batch.size() == 0) {
      throw new IllegalArgumentException("batch must hold at least 1 record, got 0");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the log is closed");
    }
  }

  /**
   * Aborts every transaction open for longer than the transaction timeout (by the injected clock)
   * and fences its producer with the next epoch, as Kafka's transaction coordinator does. Checked
   * on reads, offset queries and transaction boundaries (not on each append, the hot path): an
   * abandoned transaction never holds back read-committed readers for longer than the timeout, and
   * the instance that left it gets {@code PRODUCER_FENCED} if it comes back.
   */
  private void expireTransactions() {
    if (openTransactions == 0) {
      return;
    }
    long now = clock.millis();
    List<Producer> expired = null;
    for (Producer prod : producers.values()) {
      if (prod.txn != null && now - prod.txn.startedMillis >= transactionTimeoutMillis) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(prod);
      }
    }
    if (expired == null) {
      return;
    }
    expired.sort((a, b) -> Long.compare(a.id, b.id));
    for (Producer prod : expired) {
      endTransaction(prod, false);
      int epoch = prod.epoch + 1;
      if (epoch > 0) {
        prod.timedOutEpoch = prod.epoch;
        byte[] v = ByteBuffer.allocate(12).putLong(prod.id).putInt(epoch).array();
        write(
            producersPart,
            DATA,
            prod.id,
            epoch,
            -1,
            prod.transactionalId.getBytes(StandardCharsets.UTF_8),
            v);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // frames

  /** Writes a frame to the store, then applies it. */
  final long write(Part p, byte kind, long pid, int epoch, int seq, byte[] key, byte[] value) {
    long offset = p.end;
    long now = p.timestamps ? clock.millis() : 0L;
    p.store.append(offset, kind, pid, epoch, seq, now, key, value);
    apply(p, offset, kind, pid, epoch, seq, now, key, value);
    if (p.retention.maxRecords() != Long.MAX_VALUE && p.end - p.start > p.retention.maxRecords()) {
      advanceStart(p, p.end - p.retention.maxRecords());
    }
    return offset;
  }

  /** Applies one frame; shared by live writes and recovery. */
  final void apply(
      Part p,
      long offset,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      byte[] key,
      byte[] value) {
    int i = slot(p, offset);
    p.status[i] = kind == DATA ? ST_PLAIN : kind == TXN_DATA ? ST_OPEN : ST_CONTROL;
    p.pids[i] = pid;
    p.times[i] = timestamp;
    p.end = offset + 1;
    if (kind == DATA || kind == TXN_DATA) {
      if (kind == TXN_DATA && !p.openTxns.containsKey(pid)) {
        p.openTxns.put(pid, offset);
      }
      if (pid >= 0 && seq >= 0) {
        p.seqs.computeIfAbsent(pid, k -> new SeqState()).accept(seq, offset);
      }
      if (kind == DATA) {
        applyInternal(p, offset, pid, key, value);
      }
    } else {
      resolve(p, pid, offset, kind == COMMIT);
    }
  }

  /** Returns the metadata slot of {@code offset}, growing or compacting the arrays to fit it. */
  private int slot(Part p, long offset) {
    int i = (int) (offset - p.base);
    while (i >= p.status.length) {
      int keep = (int) (p.start - p.base);
      if (keep > p.status.length / 2) {
        int live = (int) (p.end - p.start);
        System.arraycopy(p.status, keep, p.status, 0, live);
        System.arraycopy(p.pids, keep, p.pids, 0, live);
        System.arraycopy(p.times, keep, p.times, 0, live);
        p.base = p.start;
      } else {
        int capacity = p.status.length * 2;
        p.status = Arrays.copyOf(p.status, capacity);
        p.pids = Arrays.copyOf(p.pids, capacity);
        p.times = Arrays.copyOf(p.times, capacity);
      }
      i = (int) (offset - p.base);
    }
    return i;
  }

  /**
   * Writes a batch of data records (plain or transactional) to a user partition and applies it: the
   * store takes the whole batch in one call and the metadata is filled range by range.
   */
  private long writeBatch(Part p, byte kind, long pid, int epoch, int firstSeq, RecordBatch b) {
    int n = b.size();
    long first = p.end;
    long now = p.timestamps ? clock.millis() : 0L;
    p.store.appendBatch(first, kind, pid, epoch, firstSeq, now, b.keys(), b.values(), n);
    slot(p, first + n - 1);
    int from = (int) (first - p.base);
    Arrays.fill(p.status, from, from + n, kind == DATA ? ST_PLAIN : ST_OPEN);
    Arrays.fill(p.pids, from, from + n, pid);
    Arrays.fill(p.times, from, from + n, now);
    p.end = first + n;
    if (kind == TXN_DATA && !p.openTxns.containsKey(pid)) {
      p.openTxns.put(pid, first);
    }
    if (pid >= 0 && firstSeq >= 0) {
      SeqState s = p.seqs.get(pid);
      if (s == null) {
        s = new SeqState();
        p.seqs.put(pid, s);
      }
      for (int k = Math.max(0, n - DEDUP_WINDOW); k < n; k++) {
        s.accept(firstSeq + k, first + k);
      }
    }
    if (p.retention.maxRecords() != Long.MAX_VALUE && p.end - p.start > p.retention.maxRecords()) {
      advanceStart(p, p.end - p.retention.maxRecords());
    }
    return first;
  }

  private void resolve(Part p, long pid, long markerOffset, boolean commit) {
    Long first = p.openTxns.remove(pid);
    if (first == null) {
      return;
    }
    for (long o = Math.max(first, p.start); o < markerOffset; o++) {
      int i = (int) (o - p.base);
      if (p.pids[i] == pid && p.status[i] == ST_OPEN) {
        p.status[i] = commit ? ST_COMMITTED : ST_ABORTED;
        if (commit) {
          applyInternal(p, o, pid, p.store.key(o), p.store.value(o));
        }
      }
    }
  }

  /** Applies a visible record of an internal topic to the state it describes. */
  private void applyInternal(Part p, long offset, long pid, byte[] key, byte[] value) {
    if (p == offsetsPart) {
      ByteBuffer v = ByteBuffer.wrap(value);
      String[] names = keyNames.get(key);
      String k = names != null ? names[0] : new String(key, StandardCharsets.UTF_8);
      committed.put(k, v.getLong());
      int generation = v.getInt();
      String groupName = names != null ? names[1] : k.substring(0, k.indexOf('\0'));
      Group g = groups.get(groupName);
      if (g == null) {
        g = new Group();
        groups.put(groupName, g);
      }
      g.generation = Math.max(g.generation, generation);
    } else if (p == producersPart) {
      ByteBuffer v = ByteBuffer.wrap(value);
      long id = v.getLong();
      int epoch = v.getInt();
      String tid = new String(key, StandardCharsets.UTF_8);
      Producer prod = producers.get(id);
      if (prod == null) {
        prod = new Producer(id, tid, epoch);
        producers.put(id, prod);
        if (!tid.isEmpty()) {
          byTransactionalId.put(tid, prod);
        }
      }
      prod.epoch = epoch;
      nextProducerId = Math.max(nextProducerId, id + 1);
    } else if (p == transactionsPart) {
      if (value[0] == 2) {
        prepared.remove(pid);
      } else {
        prepared.put(pid, new Prepared(value));
      }
    }
  }

  /**
   * Finishes recovery: completes the markers of transactions that were prepared, and aborts every
   * transaction left open by the process that died.
   */
  final void completeRecovery() {
    for (Map.Entry<Long, Prepared> e : new ArrayList<>(prepared.entrySet())) {
      long pid = e.getKey();
      Producer prod = producers.get(pid);
      int epoch = prod == null ? 0 : prod.epoch;
      for (String name : e.getValue().parts()) {
        int dash = name.lastIndexOf('\0');
        Part p = topics.get(name.substring(0, dash))[Integer.parseInt(name.substring(dash + 1))];
        if (p.openTxns.containsKey(pid)) {
          write(p, e.getValue().commit() ? COMMIT : ABORT, pid, epoch, -1, EMPTY, EMPTY);
        }
      }
      write(transactionsPart, DATA, pid, epoch, -1, EMPTY, COMPLETED);
    }
    for (Part[] parts : topics.values()) {
      for (Part p : parts) {
        for (Long pid : new ArrayList<>(p.openTxns.keySet())) {
          Producer prod = producers.get(pid);
          write(p, ABORT, pid, prod == null ? 0 : prod.epoch, -1, EMPTY, EMPTY);
        }
      }
    }
  }

  private void advanceStart(Part p, long target) {
    long limit = Math.min(target, p.lastStable());
    if (limit > p.start) {
      p.start = limit;
      p.store.dropBefore(limit);
    }
  }

  @Override
  public synchronized void applyRetention() {
    ensureOpen();
    long now = clock.millis();
    for (Part[] parts : topics.values()) {
      for (Part p : parts) {
        if (p.retention.maxAge().getSeconds() >= Long.MAX_VALUE / 1000) {
          continue;
        }
        long maxAgeMillis = p.retention.maxAge().toMillis();
        long o = p.start;
        while (o < p.end && now - p.times[(int) (o - p.base)] > maxAgeMillis) {
          o++;
        }
        advanceStart(p, o);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // producers

  @Override
  public synchronized long append(TopicPartition tp, byte[] key, byte[] value) {
    ensureOpen();
    Part p = userPart(tp);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return write(p, DATA, -1, 0, -1, key, value);
  }

  @Override
  public synchronized long append(TopicPartition tp, RecordBatch batch) {
    ensureOpen();
    Part p = userPart(tp);
    checkBatch(batch);
    return writeBatch(p, DATA, -1, 0, -1, batch);
  }

  @Override
  public synchronized ProducerId initProducer(String transactionalId) {
    ensureOpen();
    expireTransactions();
    Objects.requireNonNull(transactionalId, "transactionalId");
    Producer prod = transactionalId.isEmpty() ? null : byTransactionalId.get(transactionalId);
    long id = prod == null ? nextProducerId : prod.id;
    int epoch = prod == null ? 0 : prod.epoch + 1;
    if (prod != null && epoch < 0) {
      throw new IllegalStateException("epoch of producer " + id + " overflowed");
    }
    byte[] v = ByteBuffer.allocate(12).putLong(id).putInt(epoch).array();
    write(producersPart, DATA, id, epoch, -1, transactionalId.getBytes(StandardCharsets.UTF_8), v);
    prod = producers.get(id);
    prod.timedOutEpoch = -1;
    if (prod.txn != null) {
      endTransaction(prod, false);
    }
    return new ProducerId(id, epoch);
  }

  @Override
  public synchronized Optional<ProducerId> resumeAfterTimeout(ProducerId producer) {
    ensureOpen();
    expireTransactions();
    Producer prod = producer(producer);
    if (prod.timedOutEpoch < 0
        || producer.epoch() != prod.timedOutEpoch
        || prod.epoch != prod.timedOutEpoch + 1) {
      return Optional.empty();
    }
    ProducerId resumed = initProducer(prod.transactionalId);
    return Optional.of(resumed);
  }

  private Producer producer(ProducerId producer) {
    Objects.requireNonNull(producer, "producer");
    Producer prod = producers.get(producer.id());
    if (prod == null || producer.epoch() > prod.epoch) {
      throw new IllegalArgumentException("unknown producer " + producer);
    }
    return prod;
  }

  @Override
  public synchronized int lastSequence(ProducerId producer, TopicPartition tp) {
    Producer prod = producer(producer);
    SeqState s = part(tp).seqs.get(prod.id);
    return s == null ? -1 : s.last;
  }

  @Override
  public synchronized AppendResult append(
      ProducerId producer, int sequence, TopicPartition tp, byte[] key, byte[] value) {
    ensureOpen();
    Producer prod = producer(producer);
    Part p = userPart(tp);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
    if (producer.epoch() < prod.epoch) {
      return new AppendResult(AppendResult.Status.PRODUCER_FENCED, -1);
    }
    SeqState s = p.seqs.get(prod.id);
    int last = s == null ? -1 : s.last;
    if (sequence <= last) {
      return new AppendResult(AppendResult.Status.DUPLICATE, s.offsetOf(sequence));
    }
    if (sequence != last + 1) {
      return new AppendResult(AppendResult.Status.OUT_OF_ORDER_SEQUENCE, -1);
    }
    byte kind = DATA;
    if (prod.txn != null) {
      kind = TXN_DATA;
      prod.txn.parts.add(p);
    }
    long offset = write(p, kind, prod.id, prod.epoch, sequence, key, value);
    return new AppendResult(AppendResult.Status.APPENDED, offset);
  }

  @Override
  public synchronized AppendResult append(
      ProducerId producer, int firstSequence, TopicPartition tp, RecordBatch batch) {
    ensureOpen();
    Producer prod = producer(producer);
    Part p = userPart(tp);
    checkBatch(batch);
    int n = batch.size();
    if (firstSequence < 0 || firstSequence > Integer.MAX_VALUE - (n - 1)) {
      throw new IllegalArgumentException(
          "firstSequence must be in [0, "
              + (Integer.MAX_VALUE - (n - 1))
              + "] for a batch of "
              + n
              + ", got "
              + firstSequence);
    }
    if (producer.epoch() < prod.epoch) {
      return new AppendResult(AppendResult.Status.PRODUCER_FENCED, -1);
    }
    SeqState s = p.seqs.get(prod.id);
    int last = s == null ? -1 : s.last;
    if (firstSequence + (n - 1) <= last) {
      return new AppendResult(AppendResult.Status.DUPLICATE, s.offsetOf(firstSequence));
    }
    if (firstSequence != last + 1) {
      return new AppendResult(AppendResult.Status.OUT_OF_ORDER_SEQUENCE, -1);
    }
    byte kind = DATA;
    if (prod.txn != null) {
      kind = TXN_DATA;
      prod.txn.parts.add(p);
    }
    long offset = writeBatch(p, kind, prod.id, prod.epoch, firstSequence, batch);
    return new AppendResult(AppendResult.Status.APPENDED, offset);
  }

  // ---------------------------------------------------------------------------------------------
  // transactions

  @Override
  public synchronized boolean beginTransaction(ProducerId producer) {
    ensureOpen();
    expireTransactions();
    Producer prod = producer(producer);
    if (prod.transactionalId.isEmpty()) {
      throw new IllegalStateException(
          "producer " + producer + " has no transactional id; call initProducer(\"name\")");
    }
    if (producer.epoch() < prod.epoch) {
      return false;
    }
    if (prod.txn != null) {
      throw new IllegalStateException("a transaction is already open for producer " + producer);
    }
    Txn txn = prod.spare;
    prod.spare = null;
    if (txn == null) {
      txn = new Txn();
    }
    txn.startedMillis = clock.millis();
    prod.txn = txn;
    openTransactions++;
    return true;
  }

  private Producer openTxn(ProducerId producer) {
    Producer prod = producer(producer);
    if (producer.epoch() == prod.epoch && prod.txn == null) {
      throw new IllegalStateException("no open transaction for producer " + producer);
    }
    return prod;
  }

  @Override
  public synchronized CommitResult sendOffsetsToTransaction(
      ProducerId producer,
      String group,
      String member,
      int generation,
      TopicPartition tp,
      long offset) {
    ensureOpen();
    expireTransactions();
    Producer prod = openTxn(producer);
    CommitResult check = checkCommit(group, member, generation, tp, offset);
    if (producer.epoch() < prod.epoch) {
      return CommitResult.PRODUCER_FENCED;
    }
    if (check != CommitResult.COMMITTED) {
      return check;
    }
    prod.txn.parts.add(offsetsPart);
    prod.txn.groupGenerations.put(group, generation);
    write(
        offsetsPart,
        TXN_DATA,
        prod.id,
        prod.epoch,
        -1,
        cachedOffsetKey(group, tp),
        offsetValue(offset, generation));
    return CommitResult.COMMITTED;
  }

  @Override
  public synchronized TransactionResult commitTransaction(ProducerId producer) {
    ensureOpen();
    expireTransactions();
    Producer prod = openTxn(producer);
    if (producer.epoch() < prod.epoch) {
      return TransactionResult.PRODUCER_FENCED;
    }
    for (Map.Entry<String, Integer> e : prod.txn.groupGenerations.entrySet()) {
      Group g = groups.get(e.getKey());
      if (g == null || g.generation != e.getValue()) {
        endTransaction(prod, false);
        return TransactionResult.ABORTED;
      }
    }
    endTransaction(prod, true);
    return TransactionResult.COMMITTED;
  }

  @Override
  public synchronized TransactionResult abortTransaction(ProducerId producer) {
    ensureOpen();
    expireTransactions();
    Producer prod = openTxn(producer);
    if (producer.epoch() < prod.epoch) {
      return TransactionResult.PRODUCER_FENCED;
    }
    endTransaction(prod, false);
    return TransactionResult.ABORTED;
  }

  /** Two-phase: a prepare record in the transaction log, the markers, then a completion record. */
  private void endTransaction(Producer prod, boolean commit) {
    Txn txn = prod.txn;
    prod.txn = null;
    openTransactions--;
    if (!txn.parts.isEmpty()) {
      write(
          transactionsPart, DATA, prod.id, prod.epoch, -1, EMPTY, prepareValue(prod, txn, commit));
      for (Part p : txn.parts) {
        write(p, commit ? COMMIT : ABORT, prod.id, prod.epoch, -1, EMPTY, EMPTY);
      }
      write(transactionsPart, DATA, prod.id, prod.epoch, -1, EMPTY, COMPLETED);
      compactInternal();
    }
    txn.parts.clear();
    txn.groupGenerations.clear();
    prod.spare = txn;
  }

  /**
   * Returns the value of a prepare record: the decision, then {@code topic\0partition\n} per part.
   * A producer that commits to the same parts again reuses its last value (records never change).
   */
  private static byte[] prepareValue(Producer prod, Txn txn, boolean commit) {
    int slot = commit ? 1 : 0;
    boolean same = prod.lastParts.length == txn.parts.size() && prod.lastPrepare[slot] != null;
    if (same) {
      int i = 0;
      for (Part p : txn.parts) {
        if (prod.lastParts[i++] != p) {
          same = false;
          break;
        }
      }
    }
    if (same) {
      return prod.lastPrepare[slot];
    }
    StringBuilder names = new StringBuilder();
    for (Part p : txn.parts) {
      names.append(p.topic).append('\0').append(p.index).append('\n');
    }
    byte[] n = names.toString().getBytes(StandardCharsets.UTF_8);
    byte[] v = new byte[n.length + 1];
    v[0] = (byte) slot;
    System.arraycopy(n, 0, v, 1, n.length);
    Part[] parts = txn.parts.toArray(new Part[0]);
    if (!Arrays.equals(parts, prod.lastParts)) {
      prod.lastParts = parts;
      prod.lastPrepare = new byte[2][];
    }
    prod.lastPrepare[slot] = v;
    return v;
  }

  /**
   * Keeps the internal topics bounded, as Kafka's log cleaner compacts {@code __consumer_offsets}
   * and {@code __transaction_state}. Once {@code __offsets} has gained {@link #INTERNAL_COMPACTION}
   * records (and at least twice the number of committed keys) since its last compaction, every
   * committed offset is appended again (with its group's current generation) and the records before
   * those copies are dropped, except the records of transactions still open (the start never passes
   * the last stable offset). {@code __transactions} is dropped up to its end when it holds more
   * than {@link #INTERNAL_COMPACTION} records and no transaction is between its prepare and
   * completion records. Replaying the kept records rebuilds the same state, so recovery is
   * unaffected; the amortized cost is a constant per commit.
   */
  private void compactInternal() {
    Part o = offsetsPart;
    if (o.end - offsetsCompactedEnd >= Math.max(INTERNAL_COMPACTION, 2L * committed.size())) {
      long from = o.end;
      List<Map.Entry<String, Long>> latest = new ArrayList<>(committed.entrySet());
      latest.sort(Map.Entry.comparingByKey());
      for (Map.Entry<String, Long> e : latest) {
        String k = e.getKey();
        Group g = groups.get(k.substring(0, k.indexOf('\0')));
        write(
            o,
            DATA,
            -1,
            0,
            -1,
            k.getBytes(StandardCharsets.UTF_8),
            offsetValue(e.getValue(), g == null ? 0 : g.generation));
      }
      offsetsCompactedEnd = o.end;
      advanceStart(o, from);
    }
    Part t = transactionsPart;
    if (prepared.isEmpty() && t.end - t.start > INTERNAL_COMPACTION) {
      advanceStart(t, t.end);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reads

  @Override
  public synchronized Fetch read(
      TopicPartition tp, long offset, int maxRecords, Isolation isolation) {
    ensureOpen();
    expireTransactions();
    Part p = part(tp);
    Objects.requireNonNull(isolation, "isolation");
    if (offset < p.start || offset > p.end) {
      throw new IllegalArgumentException(
          "offset for " + tp + " must be in [" + p.start + ", " + p.end + "], got " + offset);
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    long limit = isolation == Isolation.READ_COMMITTED ? p.lastStable() : p.end;
    List<LogRecord> out = new ArrayList<>(Math.min(maxRecords, (int) Math.max(0, limit - offset)));
    long o = offset;
    for (; o < limit && out.size() < maxRecords; o++) {
      byte st = p.status[(int) (o - p.base)];
      if (st == ST_CONTROL || (st == ST_ABORTED && isolation == Isolation.READ_COMMITTED)) {
        continue;
      }
      out.add(new LogRecord(p.topic, p.index, o, p.store.key(o), p.store.value(o)));
    }
    return new Fetch(out, o);
  }

  @Override
  public synchronized int read(
      TopicPartition tp, long offset, Isolation isolation, RecordBuffer into) {
    ensureOpen();
    expireTransactions();
    Part p = part(tp);
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(into, "into");
    if (offset < p.start || offset > p.end) {
      throw new IllegalArgumentException(
          "offset for " + tp + " must be in [" + p.start + ", " + p.end + "], got " + offset);
    }
    into.clear();
    boolean committedOnly = isolation == Isolation.READ_COMMITTED;
    long limit = committedOnly ? p.lastStable() : p.end;
    int capacity = into.capacity();
    PartitionStore store = p.store;
    byte[] status = p.status;
    long base = p.base;
    long o = offset;
    int n = 0;
    for (; o < limit && n < capacity; o++) {
      byte st = status[(int) (o - base)];
      if (st == ST_CONTROL || (st == ST_ABORTED && committedOnly)) {
        continue;
      }
      into.put(o, store.key(o), store.value(o));
      n++;
    }
    into.setNextOffset(o);
    return n;
  }

  @Override
  public synchronized long startOffset(TopicPartition tp) {
    return part(tp).start;
  }

  @Override
  public synchronized long endOffset(TopicPartition tp) {
    return part(tp).end;
  }

  @Override
  public synchronized long lastStableOffset(TopicPartition tp) {
    Part p = part(tp);
    if (!closed) {
      expireTransactions();
    }
    return p.lastStable();
  }

  // ---------------------------------------------------------------------------------------------
  // consumer groups

  @Override
  public synchronized Assignment join(String group, String member, String topic) {
    ensureOpen();
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(member, "member");
    Part[] parts = parts(topic);
    if (topic.startsWith("__")) {
      throw new IllegalArgumentException("cannot consume internal topic '" + topic + "'");
    }
    Group g = groups.get(group);
    if (g != null && g.topic != null && !g.members.isEmpty() && !g.topic.equals(topic)) {
      throw new IllegalArgumentException(
          "group '" + group + "' consumes topic '" + g.topic + "', got '" + topic + "'");
    }
    if (g == null) {
      g = new Group();
      groups.put(group, g);
    }
    g.topic = topic;
    g.members.put(member, List.of());
    rebalance(g, parts.length);
    return new Assignment(group, member, g.generation, g.members.get(member));
  }

  private void rebalance(Group g, int partitionCount) {
    g.generation++;
    int m = g.members.size();
    int i = 0;
    for (Map.Entry<String, List<TopicPartition>> e : g.members.entrySet()) {
      List<TopicPartition> owned = new ArrayList<>();
      for (int p = (int) ((long) i * partitionCount / m);
          p < (int) ((long) (i + 1) * partitionCount / m);
          p++) {
        owned.add(new TopicPartition(g.topic, p));
      }
      e.setValue(List.copyOf(owned));
      i++;
    }
  }

  @Override
  public synchronized void leave(String group, String member) {
    ensureOpen();
    Group g = groups.get(Objects.requireNonNull(group, "group"));
    if (g != null && g.members.remove(Objects.requireNonNull(member, "member")) != null) {
      rebalance(g, parts(g.topic).length);
    }
  }

  @Override
  public synchronized Optional<Assignment> assignment(String group, String member) {
    Group g = groups.get(Objects.requireNonNull(group, "group"));
    if (g == null || !g.members.containsKey(Objects.requireNonNull(member, "member"))) {
      return Optional.empty();
    }
    return Optional.of(new Assignment(group, member, g.generation, g.members.get(member)));
  }

  private CommitResult checkCommit(
      String group, String member, int generation, TopicPartition tp, long offset) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(member, "member");
    Part p = part(tp);
    if (tp.topic().startsWith("__")) {
      throw new IllegalArgumentException("cannot commit offsets of internal topic '" + tp + "'");
    }
    Group g = groups.get(group);
    if (g == null || !g.members.containsKey(member)) {
      return CommitResult.UNKNOWN_MEMBER;
    }
    if (generation != g.generation) {
      return CommitResult.STALE_GENERATION;
    }
    if (!g.members.get(member).contains(tp)) {
      throw new IllegalArgumentException(
          "partition "
              + tp
              + " is not assigned to member '"
              + member
              + "' of group '"
              + group
              + "' in generation "
              + generation
              + ", got a commit for it");
    }
    if (offset < p.start || offset > p.end) {
      throw new IllegalArgumentException(
          "offset for " + tp + " must be in [" + p.start + ", " + p.end + "], got " + offset);
    }
    return CommitResult.COMMITTED;
  }

  @Override
  public synchronized CommitResult commitOffset(
      String group, String member, int generation, TopicPartition tp, long offset) {
    ensureOpen();
    expireTransactions();
    CommitResult check = checkCommit(group, member, generation, tp, offset);
    if (check == CommitResult.COMMITTED) {
      write(
          offsetsPart,
          DATA,
          -1,
          0,
          -1,
          cachedOffsetKey(group, tp),
          offsetValue(offset, generation));
      compactInternal();
    }
    return check;
  }

  /**
   * Returns the {@code __offsets} key of a group's partition, one shared array per pair (records
   * never change), and remembers its string forms so that applying a record parses nothing.
   */
  private byte[] cachedOffsetKey(String group, TopicPartition tp) {
    Map<TopicPartition, byte[]> byPartition = offsetKeys.get(group);
    if (byPartition == null) {
      byPartition = new HashMap<>();
      offsetKeys.put(group, byPartition);
    }
    byte[] key = byPartition.get(tp);
    if (key == null) {
      key = offsetKey(group, tp);
      byPartition.put(tp, key);
      keyNames.put(key, new String[] {new String(key, StandardCharsets.UTF_8), group});
    }
    return key;
  }

  private static byte[] offsetKey(String group, TopicPartition tp) {
    return (group + '\0' + tp.topic() + '\0' + tp.partition()).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] offsetValue(long offset, int generation) {
    return ByteBuffer.allocate(12).putLong(offset).putInt(generation).array();
  }

  @Override
  public synchronized OptionalLong committedOffset(String group, TopicPartition tp) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(tp, "tp");
    Long o = committed.get(group + '\0' + tp.topic() + '\0' + tp.partition());
    return o == null ? OptionalLong.empty() : OptionalLong.of(o);
  }

  @Override
  public synchronized boolean hasPendingOffsets(String group, TopicPartition tp) {
    if (!closed) {
      expireTransactions();
    }
    byte[] key = offsetKey(Objects.requireNonNull(group, "group"), tp);
    Part p = offsetsPart;
    for (Map.Entry<Long, Long> e : p.openTxns.entrySet()) {
      for (long o = e.getValue(); o < p.end; o++) {
        int i = (int) (o - p.base);
        if (p.pids[i] == e.getKey()
            && p.status[i] == ST_OPEN
            && Arrays.equals(p.store.key(o), key)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Flushes every partition store. */
  public synchronized void flush() {
    for (Part[] parts : topics.values()) {
      for (Part p : parts) {
        p.store.flush();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Iterator<Part[]> it = topics.values().iterator(); it.hasNext(); ) {
      for (Part p : it.next()) {
        p.store.flush();
        p.store.close();
      }
    }
  }

  /** Returns the topic names, internal ones included. */
  final synchronized Set<String> topicNames() {
    return Set.copyOf(topics.keySet());
  }

  /** Returns the retention of a topic. */
  final synchronized Retention retention(String topic) {
    return retentions.get(topic);
  }
}
