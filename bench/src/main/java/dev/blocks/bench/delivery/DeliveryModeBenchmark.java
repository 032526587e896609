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
 * Consume-transform-produce on the same in-process log: exactly-once (outputs and offsets in one
 * transaction per batch) against at-least-once (plain output appends, then an offset commit). Each
 * invocation appends {@link #RECORDS} inputs and consumes them; the score is records per second.
 * The log and consumers are created once per trial (retention 1M records), so the scores are the
 * steady state rather than the log's arrays growing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeliveryModeBenchmark {

  static final int RECORDS = 1000;

  @Param({"100"})
  int batch;

  private InMemoryLog log;
  private DeliveryConsumer atLeastOnce;
  private DeliveryConsumer exactlyOnce;
  private final TopicPartition in = TopicPartition.of("in", 0);
  private final byte[] key = "key-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final byte[] value = new byte[64];

  @Setup(Level.Trial)
  public void setup() {
    log = InMemoryLog.create();
    log.createTopic("in", 1, Retention.ofRecords(1 << 20));
    log.createTopic("out", 1, Retention.ofRecords(1 << 20));
    log.createTopic("dlq", 1, Retention.unlimited());
    atLeastOnce =
        DeliveryConsumer.builder(log, "alo", "m", "in")
            .mode(DeliveryMode.AT_LEAST_ONCE)
            .maxBatch(batch)
            .deadLetter("dlq", 3)
            .handler(
                r ->
                    log.append(
                        TopicPartition.of("out", log.partitionFor("out", r.key())),
                        r.key(),
                        r.value()))
            .build();
    exactlyOnce =
        DeliveryConsumer.builder(log, "eos", "m", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(batch)
            .deadLetter("dlq", 3)
            .transform((r, out) -> out.emit(r.key(), r.value()), "out")
            .build();
  }

  private int run(DeliveryConsumer consumer) {
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
    return run(atLeastOnce);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int exactlyOnce() {
    return run(exactlyOnce);
  }
}
