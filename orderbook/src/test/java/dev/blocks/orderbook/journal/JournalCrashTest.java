package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.orderbook.MatchingEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is writing the journal at arbitrary moments, then recovers: every
 * committed command (in background mode: every acknowledged one, whose sequence number the
 * sequencer reported durable) is there, no half record is applied, and the recovered engine equals
 * one that ran exactly the recovered prefix of the same command stream.
 */
class JournalCrashTest {

  @TempDir Path dir;

  @Test
  void killedWriter_recoversEveryCommittedCommand_andNothingHalfWritten() throws Exception {
    SplittableRandom random = new SplittableRandom(20_26);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int run = 0; run < 10; run++) {
      boolean background = run >= 6;
      Path file = dir.resolve("crash-" + run + ".journal");
      long seed = random.nextLong();
      int killAfter = 1 + random.nextInt(background ? 60 : 200);
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  JournalWriterProcess.class.getName(),
                  file.toString(),
                  Long.toString(seed),
                  background ? "background" : "sync")
              .redirectErrorStream(true)
              .start();
      long committed = 0;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        int seen = 0;
        while (seen < killAfter && (line = out.readLine()) != null) {
          if (line.startsWith("committed ")) {
            committed = Long.parseLong(line.substring(10));
            seen++;
          }
        }
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(committed).as("child output").isPositive();
      MatchingEngine recovered = MatchingEngine.builder().capacity(1 << 16).build();
      long last = Journal.replay(file, 1, recovered);
      assertThat(last)
          .as("run %d: recovered at least every committed command", run)
          .isGreaterThanOrEqualTo(committed);

      // Reference: the same stream, exactly `last` commands, in a fresh journal.
      MatchingEngine reference = MatchingEngine.builder().capacity(1 << 16).build();
      Path refFile = dir.resolve("ref-" + run + ".journal");
      try (Sequencer s = Sequencer.open(refFile, reference, false)) {
        JournalWriterProcess.Script script = new JournalWriterProcess.Script(seed);
        for (long n = 0; n < last; n++) {
          script.next(s);
        }
      }
      assertThat(recovered.stateHash()).as("run %d", run).isEqualTo(reference.stateHash());

      // The torn tail is cut off on open and the sequence continues without a gap.
      long size = Files.size(file);
      try (Sequencer s =
          Sequencer.open(file, MatchingEngine.builder().capacity(1 << 16).build(), false)) {
        assertThat(s.lastSequence()).isEqualTo(last);
        assertThat(s.expireSession()).isEqualTo(last + 1);
      }
      assertThat(Files.size(file)).isLessThanOrEqualTo(size + 17);
      assertThat(Journal.replay(file, 1, MatchingEngine.builder().capacity(1 << 16).build()))
          .isEqualTo(last + 1);
    }
  }
}
