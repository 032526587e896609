package dev.blocks.bench.delivery;

import dev.blocks.delivery.log.Fetch;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogCursor;
import dev.blocks.delivery.log.RecordBatch;
import dev.blocks.delivery.log.RecordBuffer;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.util.concurrent.ArrayBlockingQueue;
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
 * In-process produce and consume of small records on one partition, against the JDK's {@code
 * ArrayBlockingQueue} doing the same offers and polls. Each invocation appends {@link #RECORDS}
 * records and reads them back; the score is records per second. {@code inProcessLogBatched} uses
 * the fast API (batch appends of {@code batch} records into a reused {@link RecordBatch}, reads
 * through a {@link LogCursor} into a reused {@link RecordBuffer} of {@code fetch}); {@code
 * inProcessLog} appends one record per call and reads {@code Fetch} lists of {@code fetch}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogThroughputBenchmark {

  static final int RECORDS = 1000;

  @Param({"16"})
  int valueBytes;

  @Param({"500"})
  int fetch;

  @Param({"100"})
  int batch;

  private InMemoryLog log;
  private final TopicPartition tp = TopicPartition.of("t", 0);
  private long position;
  private byte[] key;
  private byte[] value;
  private ArrayBlockingQueue<byte[]> queue;
  private RecordBatch records;
  private RecordBuffer buffer;
  private LogCursor cursor;

  @Setup(Level.Trial)
  public void setup() {
    log = InMemoryLog.create();
    log.createTopic("t", 1, Retention.ofRecords(1 << 20));
    position = 0;
    key = new byte[0];
    value = new byte[valueBytes];
    queue = new ArrayBlockingQueue<>(RECORDS);
    records = RecordBatch.withCapacity(batch);
    buffer = RecordBuffer.withCapacity(fetch);
    cursor = LogCursor.of(log, tp, Isolation.READ_COMMITTED, 0);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long inProcessLogBatched() {
    for (int i = 0; i < RECORDS; i += batch) {
      records.clear();
      for (int j = 0, n = Math.min(batch, RECORDS - i); j < n; j++) {
        records.add(key, value);
      }
      log.append(tp, records);
    }
    long sum = 0;
    int n;
    while ((n = cursor.poll(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        sum += buffer.value(i).length;
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long inProcessLog() {
    for (int i = 0; i < RECORDS; i++) {
      log.append(tp, key, value);
    }
    long sum = 0;
    long end = position + RECORDS;
    while (position < end) {
      Fetch f = log.read(tp, position, fetch, Isolation.READ_COMMITTED);
      sum += f.records().size();
      position = f.nextOffset();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long arrayBlockingQueue() {
    for (int i = 0; i < RECORDS; i++) {
      queue.offer(value);
    }
    long sum = 0;
    for (int i = 0; i < RECORDS; i++) {
      sum += queue.poll().length;
    }
    return sum;
  }
}
