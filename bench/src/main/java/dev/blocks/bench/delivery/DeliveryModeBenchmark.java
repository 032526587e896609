package dev.blocks.bench.delivery;

import dev.blocks.delivery.DeliveryConsumer;
import dev.blocks.delivery.DeliveryMode;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
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
 * Consume-transform-produce on the same in-process log: exactly-once (the batch's outputs appended
 * as one sequenced batch per output partition, then the offsets, in one transaction per batch)
 * against at-least-once (one plain append per output, then an offset commit). Both modes fetch the
 * same batch size from the same log type, route each output with {@code partitionFor} and reuse
 * their output {@code TopicPartition}s. Each invocation appends {@link #RECORDS} inputs and
 * consumes them; the score is records per second. Each mode has its own input and output topics on
 * the one log (retention 1M records each); the log and consumers are created once per trial and
 * every topic is filled past its retention through its consumer before the first iteration, so the
 * scores are the steady state of a full log. Exactly-once runs one transaction per fetched batch
 * ({@code batch} records), which is what {@code DeliveryConsumer} always does: the user only sets
 * {@code maxBatch}. The log compacts its internal {@code __offsets} and {@code __transactions}
 * topics, so neither mode grows the heap from one iteration to the next (before that compaction
 * both modes swung between about 2M and 9M records/s per iteration as the young collections grew to
 * 100-400 ms).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(1)
public class DeliveryModeBenchmark {

  static final int RECORDS = 1000;

  /** Records kept by each topic's retention. */
  static final int RETENTION = 1 << 20;

  @Param({"100"})
  int batch;

  private InMemoryLog log;
  private DeliveryConsumer atLeastOnce;
  private DeliveryConsumer exactlyOnce;
  private final TopicPartition inAlo = TopicPartition.of("in-alo", 0);
  private final TopicPartition inEos = TopicPartition.of("in-eos", 0);
  private final TopicPartition[] outsAlo = {TopicPartition.of("out-alo", 0)};
  private final byte[] key = "key-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final byte[] value = new byte[64];

  @Setup(Level.Trial)
  public void setup() {
    log = InMemoryLog.create();
    for (String t : new String[] {"in-alo", "out-alo", "in-eos", "out-eos"}) {
      log.createTopic(t, 1, Retention.ofRecords(RETENTION));
    }
    log.createTopic("dlq", 1, Retention.unlimited());
    atLeastOnce =
        DeliveryConsumer.builder(log, "alo", "m", "in-alo")
            .mode(DeliveryMode.AT_LEAST_ONCE)
            .maxBatch(batch)
            .deadLetter("dlq", 3)
            .handler(
                r -> log.append(outsAlo[log.partitionFor("out-alo", r.key())], r.key(), r.value()))
            .build();
    exactlyOnce =
        DeliveryConsumer.builder(log, "eos", "m", "in-eos")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(batch)
            .deadLetter("dlq", 3)
            .transform((r, out) -> out.emit(r.key(), r.value()), "out-eos")
            .build();
    // Fill every topic past its retention through the consumers, so that the measurement sees the
    // steady state of a full log (retention dropping as much as is appended) for both modes.
    for (int i = 0; i < RETENTION / RECORDS * 5 / 4; i++) {
      run(atLeastOnce, inAlo);
      run(exactlyOnce, inEos);
    }
  }

  private int run(DeliveryConsumer consumer, TopicPartition in) {
    for (int i = 0; i < RECORDS; i++) {
      log.append(in, key, value);
    }
    int done = 0;
    while (done < RECORDS) {
      done += consumer.poll();
    }
    return done;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int atLeastOnce() {
    return run(atLeastOnce, inAlo);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int exactlyOnce() {
    return run(exactlyOnce, inEos);
  }
}
