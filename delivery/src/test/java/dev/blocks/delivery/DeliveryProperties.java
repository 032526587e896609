package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogRecord;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryProperties {

  private static final int MESSAGES = 12;
  private static final int PARTITIONS = 2;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * One world: a log with input, output and dead-letter topics, and crash points by probe count.
   */
  private static final class World {
    final InMemoryLog log = InMemoryLog.create();
    final Set<Integer> poison = new HashSet<>();
    final Set<Integer> crashAt;
    final Map<String, Integer> effects = new HashMap<>();
    final DeliveryMode mode;
    final boolean idempotentSink;
    final ProcessedMessages processed = ProcessedMessages.inMemory();
    int probes;

    World(
        DeliveryMode mode, boolean idempotentSink, List<Integer> poisonIds, List<Integer> crashes) {
      this.mode = mode;
      this.idempotentSink = idempotentSink;
      this.crashAt = new HashSet<>(crashes);
      poison.addAll(poisonIds);
      log.createTopic("in", PARTITIONS, Retention.unlimited());
      log.createTopic("out", PARTITIONS, Retention.unlimited());
      log.createTopic("dlq", 1, Retention.unlimited());
      for (int i = 0; i < MESSAGES; i++) {
        log.append(TopicPartition.of("in", i % PARTITIONS), b("k"), b(Integer.toString(i)));
      }
    }

    DeliveryConsumer consumer() {
      DeliveryConsumer.Builder builder =
          DeliveryConsumer.builder(log, "g", "c", "in")
              .mode(mode)
              .maxBatch(3)
              .deadLetter("dlq", 2)
              .probe(
                  (stage, r) -> {
                    if (crashAt.contains(++probes)) {
                      throw new DeliveryConsumer.DeliveryFault("crash " + probes);
                    }
                  });
      if (mode == DeliveryMode.EXACTLY_ONCE && !idempotentSink) {
        return builder
            .transform(
                (r, out) -> {
                  if (poison.contains(Integer.parseInt(s(r.value())))) {
                    throw new IllegalStateException("poison");
                  }
                  out.emit(r.key(), r.value());
                },
                "out")
            .build();
      }
      if (idempotentSink) {
        builder.idempotentSink(processed, r -> s(r.value()));
      }
      return builder
          .handler(
              r -> {
                if (poison.contains(Integer.parseInt(s(r.value())))) {
                  throw new IllegalStateException("poison");
                }
                effects.merge(s(r.value()), 1, Integer::sum);
              })
          .build();
    }

    /** Messages whose effect is visible: handler effects, or committed outputs. */
    Set<String> visibleEffects() {
      Set<String> out = new HashSet<>(effects.keySet());
      for (int p = 0; p < PARTITIONS; p++) {
        for (LogRecord r :
            log.read(TopicPartition.of("out", p), 0, 1000, Isolation.READ_COMMITTED).records()) {
          out.add(s(r.value()));
        }
      }
      return out;
    }

    Map<String, Integer> deadLetters() {
      Map<String, Integer> out = new HashMap<>();
      for (LogRecord r :
          log.read(TopicPartition.of("dlq", 0), 0, 1000, Isolation.READ_COMMITTED).records()) {
        out.merge(s(r.value()), 1, Integer::sum);
      }
      return out;
    }

    /** Polls until drained, restarting the consumer after each crash; checks after every poll. */
    void run(Runnable check) {
      DeliveryConsumer c = consumer();
      for (int i = 0; i < 400; i++) {
        try {
          c.poll();
        } catch (DeliveryConsumer.DeliveryFault crash) {
          c = consumer();
        }
        check.run();
        if (c.idle() && drained()) {
          return;
        }
      }
      throw new AssertionError("not drained after 400 polls");
    }

    boolean drained() {
      for (int p = 0; p < PARTITIONS; p++) {
        TopicPartition tp = TopicPartition.of("in", p);
        if (log.committedOffset("g", tp).orElse(-1) != log.endOffset(tp)) {
          return false;
        }
      }
      return true;
    }
  }

  @Test
  void committedOffsetsNeverRunAheadOfProcessedEffectsUnderExactlyOnce() {
    qt().withExamples(150)
        .forAll(
            lists().of(integers().between(0, MESSAGES - 1)).ofSizeBetween(0, 2),
            lists().of(integers().between(1, 120)).ofSizeBetween(0, 8),
            integers().between(0, 1))
        .checkAssert(
            (poison, crashes, sink) -> {
              World w = new World(DeliveryMode.EXACTLY_ONCE, sink == 1, poison, crashes);
              w.run(
                  () -> {
                    Set<String> done = w.visibleEffects();
                    done.addAll(w.deadLetters().keySet());
                    for (int p = 0; p < PARTITIONS; p++) {
                      TopicPartition tp = TopicPartition.of("in", p);
                      long committed = w.log.committedOffset("g", tp).orElse(0);
                      for (LogRecord r :
                          w.log.read(tp, 0, 1000, Isolation.READ_COMMITTED).records()) {
                        if (r.offset() < committed) {
                          assertThat(done)
                              .as("effect of %s below commit %d", r, committed)
                              .contains(s(r.value()));
                        }
                      }
                    }
                  });
              assertThat(w.effects.values()).allMatch(n -> n == 1);
            });
  }

  @Test
  void aDeadLetteredMessageAppearsInTheDeadLetterQueueExactlyOnce() {
    qt().withExamples(200)
        .forAll(
            lists().of(integers().between(0, MESSAGES - 1)).ofSizeBetween(1, 3),
            lists().of(integers().between(1, 120)).ofSizeBetween(0, 8),
            integers().between(0, 2))
        .checkAssert(
            (poison, crashes, variant) -> {
              DeliveryMode mode =
                  variant == 0 ? DeliveryMode.AT_LEAST_ONCE : DeliveryMode.EXACTLY_ONCE;
              World w = new World(mode, variant == 2, poison, crashes);
              w.run(() -> assertThat(w.deadLetters().values()).allMatch(n -> n == 1));
              Map<String, Integer> expected = new HashMap<>();
              for (int id : new HashSet<>(poison)) {
                expected.put(Integer.toString(id), 1);
              }
              assertThat(w.deadLetters()).isEqualTo(expected);
            });
  }

  @Test
  void atMostOnceDeadLettersAtMostOnceAndNeverAppliesTwice() {
    qt().withExamples(150)
        .forAll(
            lists().of(integers().between(0, MESSAGES - 1)).ofSizeBetween(0, 3),
            lists().of(integers().between(1, 120)).ofSizeBetween(0, 8))
        .checkAssert(
            (poison, crashes) -> {
              World w = new World(DeliveryMode.AT_MOST_ONCE, false, poison, crashes);
              w.run(() -> {});
              assertThat(w.deadLetters().values()).allMatch(n -> n == 1);
              assertThat(w.effects.values()).allMatch(n -> n == 1);
            });
  }
}
