package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.Commands.Command;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.OrderType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic group commit of {@link Sequencer#builder}: a group is committed exactly when it reaches
 * its command count, its byte size or its maximum delay on the injected ticker (synchronous mode,
 * against a model), and the background flusher loses nothing and never reports a record durable
 * before it is.
 */
class GroupCommitProperties {

  @TempDir Path dir;

  private Path newFile() {
    try {
      Path file = Files.createTempFile(dir, "g", ".journal");
      Files.delete(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An independent model of format 2 record sizes: 5 header bytes, a tag, zig-zag varints of the
   * deltas from the last new order id, owner and price.
   */
  static final class SizeModel {
    long id;
    long owner;
    long price;

    static int varint(long v) {
      long z = (v << 1) ^ (v >> 63);
      int n = 1;
      while ((z >>>= 7) != 0) {
        n++;
      }
      return n;
    }

    int bytes(Command c) {
      if (c instanceof Commands.New n) {
        boolean stopped = n.type() == OrderType.STOP || n.type() == OrderType.STOP_LIMIT;
        int size = 5 + 2 + varint(n.id() - id) + varint(n.owner() - owner);
        size += varint(n.price() - price) + varint(n.qty());
        size += stopped && n.stop() != 0 ? varint(n.stop() - n.price()) : 0;
        size += n.display() != 0 ? varint(n.display()) : 0;
        id = n.id();
        owner = n.owner();
        price = n.price();
        return size;
      } else if (c instanceof Commands.Cancel x) {
        return 5 + 1 + varint(x.id() - id);
      } else if (c instanceof Commands.Modify m) {
        int size = 5 + 1 + varint(m.id() - id) + varint(m.price() - price) + varint(m.qty());
        price = m.price();
        return size;
      }
      return 5 + 1;
    }
  }

  @Test
  void groupIsCommittedExactlyWhenCountBytesOrDelayIsReached() {
    qt().withExamples(80)
        .forAll(
            lists().of(Commands.commands()).ofSizeBetween(1, 150),
            integers().between(1, 40),
            integers().between(1, 3000),
            longs().between(0, 400))
        .checkAssert(
            (commands, maxCommands, maxBytes, maxDelay) -> {
              long stepMax = maxBytes % 61; // ticker steps of 0..stepMax ns between commands
              long[] now = {0};
              long tick = 0;
              Path file = newFile();
              try (Sequencer s =
                  Sequencer.builder(file, JournalProperties.engine())
                      .force(false)
                      .groupCommit(maxCommands, maxBytes)
                      .maxDelay(maxDelay, () -> now[0])
                      .open()) {
                OrderRequest scratch = new OrderRequest();
                long durable = 0;
                long buffered = 0;
                long bytes = 0;
                long groupStart = 0;
                long seq = 0;
                SizeModel sizes = new SizeModel();
                for (Command c : commands) {
                  tick = (tick * 6364136223846793005L + 1442695040888963407L);
                  now[0] += Math.floorMod(tick >>> 33, stepMax + 1);
                  boolean pollFirst = (tick & 7) == 0;
                  if (pollFirst) {
                    if (buffered > 0 && now[0] - groupStart >= maxDelay) {
                      durable = seq;
                      buffered = 0;
                      bytes = 0;
                    }
                    assertThat(s.poll()).as("poll at %d", now[0]).isEqualTo(durable);
                  }
                  seq = JournalProperties.apply(c, s, scratch);
                  buffered++;
                  bytes += sizes.bytes(c);
                  if (buffered == 1) {
                    groupStart = now[0];
                  }
                  if (buffered >= maxCommands
                      || bytes >= maxBytes
                      || now[0] - groupStart >= maxDelay) {
                    durable = seq;
                    buffered = 0;
                    bytes = 0;
                  }
                  assertThat(s.durableSequence()).as("after %d: %s", seq, c).isEqualTo(durable);
                }
                // Committed records are in the file: a reader sees at least the durable prefix.
                assertThat(Journal.replay(file, 1, JournalProperties.engine()))
                    .isGreaterThanOrEqualTo(durable);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Test
  void backgroundFlusherLosesNothingAndNeverRunsAhead() {
    qt().withExamples(40)
        .forAll(
            lists().of(Commands.commands()).ofSizeBetween(0, 400),
            integers().between(1, 64),
            integers().between(0, 1))
        .checkAssert(
            (commands, maxCommands, tinyBuffer) -> {
              Path file = newFile();
              MatchingEngine engine = JournalProperties.engine();
              long last = 0;
              try (Sequencer s =
                  Sequencer.builder(file, engine)
                      .force(false)
                      .background(true)
                      .bufferBytes(tinyBuffer == 1 ? Journal.MIN_BUFFER_BYTES : 1 << 16)
                      .groupCommit(maxCommands, Integer.MAX_VALUE)
                      .open()) {
                OrderRequest scratch = new OrderRequest();
                long previous = 0;
                for (Command c : commands) {
                  last = JournalProperties.apply(c, s, scratch);
                  long durable = s.durableSequence();
                  assertThat(durable).isBetween(previous, last);
                  // Never ahead of the file: every record reported durable is readable now.
                  if ((last & 31) == 0) {
                    assertThat(Journal.replay(file, 1, JournalProperties.engine()))
                        .isGreaterThanOrEqualTo(durable);
                  }
                  previous = durable;
                }
                s.commit();
                assertThat(s.durableSequence()).isEqualTo(last);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              MatchingEngine replayed = JournalProperties.engine();
              try {
                assertThat(Journal.replay(file, 1, replayed)).isEqualTo(last);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              assertThat(replayed.stateHash()).isEqualTo(engine.stateHash());
            });
  }

  @Test
  void badSettingsAreRejectedWithTheValue() {
    Sequencer.Builder b = Sequencer.builder(newFile(), JournalProperties.engine());
    assertThatThrownBy(() -> b.groupCommit(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCommands must be >= 1, got 0");
    assertThatThrownBy(() -> b.groupCommit(5, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be >= 1, got -3");
    assertThatThrownBy(() -> b.maxDelay(-1, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelayNanos must be >= 0, got -1");
    assertThatThrownBy(() -> b.maxDelay(5, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThatThrownBy(() -> b.bufferBytes(4095))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bufferBytes must be in [4096, 2^30], got 4095");
    assertThatThrownBy(() -> Sequencer.builder(null, JournalProperties.engine()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("journalFile");
  }
}
