package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.Commands.Command;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalProperties {

  @TempDir Path dir;

  static MatchingEngine engine() {
    return MatchingEngine.builder().capacity(64).build();
  }

  static long apply(Command c, Sequencer s, OrderRequest scratch) {
    if (c instanceof Commands.New n) {
      return s.submit(n.fill(scratch));
    } else if (c instanceof Commands.Cancel x) {
      return s.cancel(x.id());
    } else if (c instanceof Commands.Modify m) {
      return s.modify(m.id(), m.price(), m.qty());
    }
    return s.expireSession();
  }

  /** Writes the commands through a sequencer; returns the state hash after each prefix. */
  static long[] write(Path file, List<Command> commands) {
    long[] hashes = new long[commands.size() + 1];
    MatchingEngine e = engine();
    hashes[0] = e.stateHash();
    try (Sequencer s = Sequencer.open(file, e, false)) {
      OrderRequest scratch = new OrderRequest();
      for (int i = 0; i < commands.size(); i++) {
        long seq = apply(commands.get(i), s, scratch);
        assertThat(seq).as("gap-free sequence").isEqualTo(i + 1);
        hashes[i + 1] = e.stateHash();
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return hashes;
  }

  @Test
  void replayGivesTheSameEventsAndStateHash() {
    qt().withExamples(60)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(0, 60))
        .checkAssert(
            commands -> {
              try {
                Path file = Files.createTempFile(dir, "j", ".log");
                Files.delete(file);
                long[] hashes = write(file, commands);
                MatchingEngine replayed = engine();
                long last = Journal.replay(file, 1, replayed);
                assertThat(last).isEqualTo(commands.size());
                assertThat(replayed.stateHash()).isEqualTo(hashes[commands.size()]);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * The sequencer's shorthands ({@code limit}, {@code market}) journal the same bytes and leave the
   * same state as {@code submit} of the same orders.
   */
  @Test
  void shorthandsJournalTheSameRecordsAsSubmit() {
    qt().withExamples(60)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(0, 60))
        .checkAssert(
            commands -> {
              try {
                Path viaSubmit = Files.createTempFile(dir, "s", ".log");
                Path viaShorthand = Files.createTempFile(dir, "h", ".log");
                Files.delete(viaSubmit);
                Files.delete(viaShorthand);
                MatchingEngine a = engine();
                MatchingEngine b = engine();
                OrderRequest scratch = new OrderRequest();
                try (Sequencer sa = Sequencer.open(viaSubmit, a, false);
                    Sequencer sb = Sequencer.open(viaShorthand, b, false)) {
                  for (Command c : commands) {
                    long seqA = apply(c, sa, scratch);
                    long seqB;
                    if (c instanceof Commands.New n
                        && n.display() == 0
                        && !n.postOnly()
                        && n.stp() == dev.blocks.orderbook.SelfTradePrevention.NONE
                        && n.type() == dev.blocks.orderbook.OrderType.LIMIT
                        && n.tif() == dev.blocks.orderbook.TimeInForce.GTC) {
                      seqB = sb.limit(n.id(), n.owner(), n.side(), n.price(), n.qty());
                    } else if (c instanceof Commands.New n
                        && n.display() == 0
                        && !n.postOnly()
                        && n.stp() == dev.blocks.orderbook.SelfTradePrevention.NONE
                        && n.type() == dev.blocks.orderbook.OrderType.MARKET
                        && n.tif() == dev.blocks.orderbook.TimeInForce.IOC) {
                      seqB = sb.market(n.id(), n.owner(), n.side(), n.qty(), n.price());
                    } else {
                      seqB = apply(c, sb, scratch);
                    }
                    assertThat(seqB).isEqualTo(seqA);
                    assertThat(b.stateHash()).isEqualTo(a.stateHash());
                  }
                }
                assertThat(Files.readAllBytes(viaShorthand))
                    .isEqualTo(Files.readAllBytes(viaSubmit));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Test
  void snapshotPlusTailEqualsFullReplay() {
    qt().withExamples(60)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(1, 60), integers().between(0, 60))
        .checkAssert(
            (commands, cut) -> {
              try {
                int at = Math.min(cut, commands.size());
                Path journal = Files.createTempFile(dir, "j", ".log");
                Path snapshot = Files.createTempFile(dir, "s", ".snap");
                Files.delete(journal);
                MatchingEngine e = engine();
                OrderRequest scratch = new OrderRequest();
                try (Sequencer s = Sequencer.open(journal, e, false)) {
                  for (int i = 0; i < commands.size(); i++) {
                    if (i == at) {
                      s.snapshot(snapshot);
                    }
                    apply(commands.get(i), s, scratch);
                  }
                  if (at == commands.size()) {
                    s.snapshot(snapshot);
                  }
                }
                MatchingEngine restored = engine();
                try (Sequencer s = Sequencer.open(snapshot, journal, restored, false)) {
                  assertThat(s.lastSequence()).isEqualTo(commands.size());
                }
                assertThat(restored.stateHash()).isEqualTo(e.stateHash());
                MatchingEngine full = engine();
                Journal.replay(journal, 1, full);
                assertThat(full.stateHash()).isEqualTo(e.stateHash());
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
  }

  /** Cutting the file at every byte recovers exactly the complete records before the cut. */
  @Test
  void recoveryAfterACutAtAnyByteStopsAtTheLastCompleteRecord() throws IOException {
    List<Command> commands = new ArrayList<>();
    qt().withExamples(1)
        .forAll(lists().of(Commands.commands()).ofSize(40))
        .checkAssert(commands::addAll);
    Path file = dir.resolve("full.log");
    long[] hashes = write(file, commands);
    byte[] bytes = Files.readAllBytes(file);
    long[] ends = recordEnds(bytes);
    Path cut = dir.resolve("cut.log");
    for (int n = 0; n <= bytes.length; n++) {
      Files.write(cut, Arrays.copyOf(bytes, n));
      int complete = 0;
      while (complete < ends.length && ends[complete] <= n) {
        complete++;
      }
      MatchingEngine e = engine();
      assertThat(Journal.replay(cut, 1, e)).as("cut at %d", n).isEqualTo(complete);
      assertThat(e.stateHash()).as("cut at %d", n).isEqualTo(hashes[complete]);
    }
    // Appending after a torn tail continues the sequence from the last complete record.
    Files.write(cut, Arrays.copyOf(bytes, (int) ends[9] + 5));
    try (Sequencer s = Sequencer.open(cut, engine(), false)) {
      assertThat(s.lastSequence()).isEqualTo(10);
      assertThat(s.expireSession()).isEqualTo(11);
    }
    assertThat(Journal.replay(cut, 1, engine())).isEqualTo(11);
  }

  /** A flipped bit in any record stops recovery just before that record. */
  @Test
  void corruptRecordStopsRecoveryBeforeIt() throws IOException {
    List<Command> commands = new ArrayList<>();
    qt().withExamples(1)
        .forAll(lists().of(Commands.commands()).ofSize(30))
        .checkAssert(commands::addAll);
    Path file = dir.resolve("full.log");
    long[] hashes = write(file, commands);
    byte[] bytes = Files.readAllBytes(file);
    long[] ends = recordEnds(bytes);
    Path bad = dir.resolve("bad.log");
    for (int pos = 8; pos < bytes.length; pos += 3) {
      byte[] copy = bytes.clone();
      copy[pos] ^= 0x10;
      Files.write(bad, copy);
      int record = 0;
      while (ends[record] <= pos) {
        record++;
      }
      MatchingEngine e = engine();
      assertThat(Journal.replay(bad, 1, e)).as("flip at %d", pos).isEqualTo(record);
      assertThat(e.stateHash()).isEqualTo(hashes[record]);
    }
  }

  static long[] recordEnds(byte[] bytes) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    List<Long> ends = new ArrayList<>();
    int pos = 8;
    while (pos < bytes.length) {
      pos += 5 + (bytes[pos] & 0xFF); // format 2: u8 length, int crc, payload
      ends.add((long) pos);
    }
    return ends.stream().mapToLong(Long::longValue).toArray();
  }
}
