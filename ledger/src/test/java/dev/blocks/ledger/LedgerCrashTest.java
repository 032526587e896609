package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is writing the journal (SIGKILL, no shutdown hooks), at whatever point it
 * has reached, then recovers: no acknowledged batch is lost, no half batch is applied, the
 * invariants hold and the state hash equals an in-memory replay of the recovered operations.
 */
class LedgerCrashTest {

  static final int TRIALS = 50;

  @Test
  void killedWriter_losesNoAcknowledgedBatch_andAppliesNoHalfBatch(@TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("ledger.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    long acknowledged = 0;
    FakeClock replayClock = new FakeClock(CrashOps.BASE);
    Ledger replay = Ledger.builder().clock(replayClock).inMemory();
    long replayed = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      int snapshotEvery = 2 + random.nextInt(6);
      boolean snapshotTrial = trial % 10 == 0;
      Process child =
          new ProcessBuilder(
                  java,
                  "-Xshare:auto",
                  "-XX:+UseSerialGC",
                  "-Xmx128m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  cp,
                  CrashChild.class.getName(),
                  dir.toString(),
                  Long.toString(seed),
                  Integer.toString(snapshotEvery),
                  // every tenth child puts a snapshot on disk before it is killed, so that the
                  // trials after it recover from a snapshot whatever the timing of the kills
                  Boolean.toString(snapshotTrial))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int more = 1 + random.nextInt(3);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        int seen = 0;
        boolean snapshotted = !snapshotTrial;
        String line;
        while ((seen < more || (!snapshotted && seen < 100)) && (line = out.readLine()) != null) {
          if (line.startsWith("SNAPSHOT ")) {
            snapshotted = true;
            continue;
          }
          assertThat(line).startsWith("ACK ");
          acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4)));
          seen++;
        }
        assertThat(snapshotted)
            .as("seed %d, trial %d: the child reported its snapshot", seed, trial)
            .isTrue();
        child
            .toHandle()
            .destroyForcibly(); // SIGKILL: wherever the child is, mid-write or mid-snapshot
        child.waitFor(30, TimeUnit.SECONDS);
        // acknowledgements printed before the kill landed also count
        while ((line = out.readLine()) != null) {
          if (line.startsWith("SNAPSHOT ")) {
            continue;
          }
          acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4)));
        }
      }
      FakeClock clock = new FakeClock(CrashOps.BASE);
      try (Ledger recovered = Ledger.builder().clock(clock).open(dir)) {
        long ops = recovered.journaledOperations();
        String context =
            "seed "
                + seed
                + ", trial "
                + trial
                + ", acknowledged "
                + acknowledged
                + ", recovered "
                + ops;
        assertThat(ops).as(context).isBetween(acknowledged, acknowledged + 1);
        while (replayed < ops) {
          CrashOps.apply(replay, replayClock, seed, ++replayed);
        }
        assertThat(recovered.stateHash()).as(context).isEqualTo(replay.stateHash());
        Invariants.check(recovered, context);
        acknowledged = ops; // what recovery kept is now the baseline
      }
    }
    assertThat(acknowledged).isGreaterThanOrEqualTo(TRIALS);
    assertThat(new File(dir.toFile(), "snapshot.bin")).as("seed " + seed).exists();
  }
}
