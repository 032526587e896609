package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills child JVMs in the middle of appending, many times, and checks what recovery finds. Four
 * logs are crashed in parallel per round (two of them with count retention, so that segment files
 * are recycled under the crash); {@code -Ddelivery.crashRounds=N} runs more rounds.
 */
class FileLogCrashTest {

  private static final int LANES = 4;
  private static final int ROUNDS = Integer.getInteger("delivery.crashRounds", 3);
  private static final long RETAIN = 300;

  @TempDir Path dir;

  @Test
  void killedMidAppend_everyAcknowledgedRecordSurvivesAndNothingHalfWrittenIsRead()
      throws Exception {
    SplittableRandom rng = new SplittableRandom(20261130L);
    long[] acknowledged = new long[LANES];
    ExecutorService pool = Executors.newFixedThreadPool(LANES);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<Future<Long>> acks = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
          Path laneDir = dir.resolve("log" + lane);
          int group = 1 + rng.nextInt(20);
          int acksBeforeKill = 1 + rng.nextInt(100);
          long before = acknowledged[lane];
          long retain = lane % 2 == 1 ? RETAIN : Long.MAX_VALUE;
          acks.add(pool.submit(() -> crashOnce(laneDir, group, acksBeforeKill, before, retain)));
        }
        for (int lane = 0; lane < LANES; lane++) {
          long lastAck = acks.get(lane).get(120, TimeUnit.SECONDS);
          acknowledged[lane] =
              verify(
                  dir.resolve("log" + lane),
                  Math.max(lastAck, acknowledged[lane]),
                  lane % 2 == 1 ? RETAIN : Long.MAX_VALUE);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs a child until it has printed {@code acksBeforeKill} acknowledgements, then kills it. */
  private static long crashOnce(
      Path dir, int group, int acksBeforeKill, long acknowledged, long retain)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                FileLogCrashChild.class.getName(),
                dir.toString(),
                Integer.toString(group),
                Long.toString(retain))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long lastAck = -1;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int acks = 0;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("start ")) {
          assertThat(Long.parseLong(line.substring(6))).isGreaterThanOrEqualTo(acknowledged);
        } else if (line.startsWith("acked ")) {
          lastAck = Long.parseLong(line.substring(6));
          if (++acks >= acksBeforeKill) {
            child.destroyForcibly(); // SIGKILL while the child keeps appending
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("child did not die");
      }
    }
    if (lastAck < 0) {
      throw new IllegalStateException(
          "child printed no acknowledgement; is " + java + " runnable?");
    }
    return lastAck;
  }

  /**
   * Reopens the log and checks every record it keeps (all of them, or at least the last {@code
   * retain}); returns the recovered end offset.
   */
  private static long verify(Path dir, long acknowledged, long retain) {
    TopicPartition tp = TopicPartition.of("t", 0);
    try (FileLog log = FileLog.builder(dir).segmentBytes(16 * 1024).build()) {
      long end = log.endOffset(tp);
      assertThat(end).as("recovered end of %s", dir).isGreaterThanOrEqualTo(acknowledged);
      long start = log.startOffset(tp);
      assertThat(start).as("start of %s", dir).isLessThanOrEqualTo(Math.max(0, end - retain));
      long from = start;
      long count = start;
      while (from < end) {
        Fetch f = log.read(tp, from, 500, Isolation.READ_COMMITTED);
        for (LogRecord r : f.records()) {
          assertThat(r.offset()).isEqualTo(count);
          assertThat(ByteBuffer.wrap(r.value()).getLong()).isEqualTo(r.offset());
          assertThat(r.value()).isEqualTo(FileLogTest.valueOf(r.offset()));
          count++;
        }
        from = f.nextOffset();
      }
      assertThat(count).isEqualTo(end);
      return end;
    } catch (UncheckedIOException e) {
      throw new AssertionError("recovery of " + dir + " failed", e);
    }
  }
}
