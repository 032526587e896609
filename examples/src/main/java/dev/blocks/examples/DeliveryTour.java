package dev.blocks.examples;

import dev.blocks.delivery.BackoffSchedule;
import dev.blocks.delivery.DeliveryConsumer;
import dev.blocks.delivery.DeliveryMode;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogRecord;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import dev.blocks.delivery.sim.Fault;
import dev.blocks.delivery.sim.SimConfig;
import dev.blocks.delivery.sim.SimReport;
import dev.blocks.delivery.sim.Simulation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Tour section for blocks-delivery. */
final class DeliveryTour implements TourSection {

  private static final int MESSAGES = 10_000;
  private static final long SEED = 2026L;

  @Override
  public String title() {
    return "delivery";
  }

  @Override
  public void run(PrintStream out) {
    SimConfig world = new SimConfig(MESSAGES, 4, 3, 5, 50, 3);
    int faultCount = MESSAGES / 20; // a 5 % fault rate: one injected fault per 20 messages
    List<Fault> faults = Simulation.randomFaults(new SplittableRandom(SEED), world, faultCount);
    out.printf(
        "%,d messages per mode through a 4-partition log and 3 consumers, %d injected faults"
            + " (seed %d):%n",
        MESSAGES, faultCount, SEED);
    out.printf(
        "%-13s %7s %7s %12s %6s %10s %12s %13s%n",
        "mode",
        "sent",
        "acked",
        "applied once",
        "lost",
        "duplicated",
        "out of order",
        "dead-lettered");
    for (DeliveryMode mode : DeliveryMode.values()) {
      SimReport r = Simulation.run(mode, world, SEED, faults);
      out.printf(
          "%-13s %7d %7d %12d %6d %10d %12d %13d%n",
          mode,
          r.sent(),
          r.acknowledged(),
          r.appliedOnce(),
          r.lost(),
          r.duplicated(),
          r.outOfOrder(),
          r.deadLettered());
    }
    poisonMessage(out);
  }

  /** One poison message among good ones: retried with backoff, then dead-lettered once. */
  private static void poisonMessage(PrintStream out) {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("emails", 1, Retention.unlimited());
    log.createTopic("emails.dlq", 1, Retention.unlimited());
    TopicPartition tp = TopicPartition.of("emails", 0);
    for (String m : new String[] {"welcome", "receipt", "<malformed>", "newsletter"}) {
      log.append(tp, new byte[0], m.getBytes(StandardCharsets.UTF_8));
    }
    AtomicLong nanos = new AtomicLong();
    List<String> sent = new ArrayList<>();
    DeliveryConsumer mailer =
        DeliveryConsumer.builder(log, "mailer", "m1", "emails")
            .mode(DeliveryMode.AT_LEAST_ONCE)
            .deadLetter("emails.dlq", 3)
            .backoff(
                BackoffSchedule.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)),
                nanos::get)
            .handler(
                r -> {
                  String body = new String(r.value(), StandardCharsets.UTF_8);
                  if (body.startsWith("<")) {
                    out.printf(
                        "  t=%4d ms  attempt on %s@%d fails%n",
                        nanos.get() / 1_000_000, r.topic(), r.offset());
                    throw new IllegalArgumentException("cannot render " + body);
                  }
                  sent.add(body);
                })
            .build();
    out.println("A poison message among good ones (3 attempts, backoff 100 ms doubling):");
    for (int round = 0; round < 6; round++) {
      mailer.poll();
      nanos.addAndGet(Duration.ofMillis(100).toNanos());
    }
    out.println("  delivered:     " + sent);
    for (LogRecord r :
        log.read(TopicPartition.of("emails.dlq", 0), 0, 10, Isolation.READ_COMMITTED).records()) {
      out.printf(
          "  dead letter:   %s from %s%n",
          new String(r.value(), StandardCharsets.UTF_8),
          new String(r.key(), StandardCharsets.UTF_8));
    }
    out.println("  committed offset: " + log.committedOffset("mailer", tp).orElse(0));
  }
}
