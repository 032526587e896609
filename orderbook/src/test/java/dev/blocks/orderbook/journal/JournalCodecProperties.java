package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.Commands.Command;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.OrderType;
import dev.blocks.orderbook.SelfTradePrevention;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.TimeInForce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** The format 2 record codec round-trips every command, extreme values included. */
class JournalCodecProperties {

  @TempDir Path dir;

  /** A decoded (or expected) command as a flat list of its fields. */
  record Cmd(String kind, List<Object> fields) {}

  static final long[] EXTREMES = {Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, -1, 10_000, 10_001};

  static Gen<Long> value() {
    return in -> {
      int pick = (int) in.next(Constraint.between(0, 9));
      if (pick < EXTREMES.length) {
        return EXTREMES[pick];
      }
      long hi = in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE));
      long lo = in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE));
      return pick == 7 ? lo : hi << 32 ^ (lo & 0xFFFFFFFFL);
    };
  }

  static Gen<Cmd> command() {
    Gen<Long> v = value();
    return in -> {
      int kind = (int) in.next(Constraint.between(0, 3));
      switch (kind) {
        case 0 -> {
          OrderType type = OrderType.values()[(int) in.next(Constraint.between(0, 3))];
          boolean stopped = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
          return new Cmd(
              "new",
              List.of(
                  v.generate(in),
                  v.generate(in),
                  Side.values()[(int) in.next(Constraint.between(0, 1))],
                  type,
                  TimeInForce.values()[(int) in.next(Constraint.between(0, 3))],
                  v.generate(in),
                  v.generate(in),
                  stopped ? v.generate(in) : 0L,
                  v.generate(in),
                  in.next(Constraint.between(0, 1)) == 1,
                  SelfTradePrevention.values()[(int) in.next(Constraint.between(0, 4))]));
        }
        case 1 -> {
          return new Cmd("cancel", List.of(v.generate(in)));
        }
        case 2 -> {
          return new Cmd("modify", List.of(v.generate(in), v.generate(in), v.generate(in)));
        }
        default -> {
          return new Cmd("expire", List.of());
        }
      }
    };
  }

  static long append(Journal j, Cmd c, OrderRequest r) {
    List<Object> f = c.fields();
    return switch (c.kind()) {
      case "new" -> {
        r.clear().orderId((Long) f.get(0)).owner((Long) f.get(1)).side((Side) f.get(2));
        long price = (Long) f.get(5);
        long stop = (Long) f.get(7);
        switch ((OrderType) f.get(3)) {
          case LIMIT -> r.limit(price);
          case MARKET -> r.market(price);
          case STOP -> r.stop(stop, price);
          default -> r.stopLimit(stop, price);
        }
        r.timeInForce((TimeInForce) f.get(4)).quantity((Long) f.get(6));
        r.displayQuantity((Long) f.get(8)).postOnly((Boolean) f.get(9));
        r.selfTradePrevention((SelfTradePrevention) f.get(10));
        yield j.appendNew(r);
      }
      case "cancel" -> j.appendCancel((Long) f.get(0));
      case "modify" -> j.appendModify((Long) f.get(0), (Long) f.get(1), (Long) f.get(2));
      default -> j.appendExpire();
    };
  }

  static final class Recorder implements Journal.CommandSink {
    final List<Cmd> seen = new ArrayList<>();

    @Override
    public void submit(OrderRequest r) {
      seen.add(
          new Cmd(
              "new",
              List.of(
                  r.orderId(),
                  r.owner(),
                  r.side(),
                  r.type(),
                  r.timeInForce(),
                  r.price(),
                  r.quantity(),
                  r.stopPrice(),
                  r.displayQuantity(),
                  r.postOnly(),
                  r.selfTradePrevention())));
    }

    @Override
    public void cancel(long orderId) {
      seen.add(new Cmd("cancel", List.of(orderId)));
    }

    @Override
    public void modify(long orderId, long price, long quantity) {
      seen.add(new Cmd("modify", List.of(orderId, price, quantity)));
    }

    @Override
    public void expire() {
      seen.add(new Cmd("expire", List.of()));
    }
  }

  @Test
  void everyCommandRoundTripsAcrossReopens() {
    qt().withExamples(300)
        .forAll(lists().of(command()).ofSizeBetween(0, 40), integers().between(0, 40))
        .checkAssert(
            (commands, split) -> {
              try {
                Path file = Files.createTempFile(dir, "c", ".log");
                Files.delete(file);
                int at = Math.min(split, commands.size());
                OrderRequest r = new OrderRequest();
                long seq = 0;
                try (Journal j = Journal.open(file, false)) {
                  for (Cmd c : commands.subList(0, at)) {
                    seq = append(j, c, r);
                  }
                }
                // Reopening recovers the delta bases from the file.
                try (Journal j = Journal.open(file, false)) {
                  for (Cmd c : commands.subList(at, commands.size())) {
                    seq = append(j, c, r);
                  }
                }
                assertThat(seq).isEqualTo(commands.size());
                Recorder rec = new Recorder();
                assertThat(Journal.read(file, 1, rec)).isEqualTo(commands.size());
                assertThat(rec.seen).isEqualTo(commands);
                Recorder tail = new Recorder();
                Journal.read(file, at + 1, tail);
                assertThat(tail.seen).isEqualTo(commands.subList(at, commands.size()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * A value around the one-byte varint boundary (zig-zag 127 / 128) or the two-byte one (zig-zag
   * 16383 / 16384), or now and then any value.
   */
  static Gen<Long> nearBoundary() {
    Gen<Long> any = value();
    return in -> {
      long pick = in.next(Constraint.between(0, 9));
      if (pick == 0) {
        return any.generate(in);
      }
      long v = in.next(Constraint.between(-66, 66));
      return pick == 1 ? v + 8192 : pick == 2 ? v - 8192 : v;
    };
  }

  /**
   * The inlined plain-order append (GTC limit or IOC market, the sequencer's shorthands) writes
   * exactly the bytes of the general append, on both sides of the one-byte varint boundary of every
   * field and when a record lands at the end of a small buffer.
   */
  @Test
  void plainAppendWritesTheSameBytesAsTheGeneralAppend() {
    int limitGtc = OrderType.LIMIT.ordinal() | TimeInForce.GTC.ordinal() << 2;
    int marketIoc = OrderType.MARKET.ordinal() | TimeInForce.IOC.ordinal() << 2;
    Gen<Long> d = nearBoundary();
    Gen<long[]> step =
        in ->
            new long[] {
              in.next(Constraint.between(0, 2)), // 0 limit, 1 market, 2 cancel
              d.generate(in), // id delta
              d.generate(in), // owner delta
              d.generate(in), // price delta
              d.generate(in), // quantity
              in.next(Constraint.between(0, 1)) // sell
            };
    qt().withExamples(200)
        .forAll(lists().of(step).ofSizeBetween(0, 600))
        .checkAssert(
            steps -> {
              try {
                Path general = Files.createTempFile(dir, "g", ".log");
                Path plain = Files.createTempFile(dir, "p", ".log");
                Files.delete(general);
                Files.delete(plain);
                List<Cmd> expected = new ArrayList<>();
                try (Journal g = Journal.open(general, false, false, Journal.MIN_BUFFER_BYTES);
                    Journal p = Journal.open(plain, false, false, Journal.MIN_BUFFER_BYTES)) {
                  long id = 0;
                  long owner = 0;
                  long price = 0;
                  for (long[] x : steps) {
                    if (x[0] == 2) {
                      assertThat(p.appendCancel(id - x[1])).isEqualTo(g.appendCancel(id - x[1]));
                      expected.add(new Cmd("cancel", List.of(id - x[1])));
                      continue;
                    }
                    id += x[1];
                    owner += x[2];
                    price += x[3];
                    Side side = x[5] == 1 ? Side.SELL : Side.BUY;
                    boolean limit = x[0] == 0;
                    int enums = limit ? limitGtc : marketIoc;
                    long seq =
                        g.appendNew(
                            id, owner, side, enums & 3, enums >>> 2, 0, false, price, x[4], 0, 0);
                    assertThat(p.appendPlain(id, owner, side, enums, price, x[4])).isEqualTo(seq);
                    expected.add(
                        new Cmd(
                            "new",
                            List.of(
                                id,
                                owner,
                                side,
                                limit ? OrderType.LIMIT : OrderType.MARKET,
                                limit ? TimeInForce.GTC : TimeInForce.IOC,
                                price,
                                x[4],
                                0L,
                                0L,
                                false,
                                SelfTradePrevention.NONE)));
                  }
                }
                assertThat(Files.readAllBytes(plain)).isEqualTo(Files.readAllBytes(general));
                Recorder rec = new Recorder();
                assertThat(Journal.read(plain, 1, rec)).isEqualTo(steps.size());
                assertThat(rec.seen).isEqualTo(expected);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** A typical stream (new orders near the last price, cancels of recent ids) is compact. */
  @Test
  void typicalCommandsTakeFewBytes() throws IOException {
    Path file = dir.resolve("typical.log");
    OrderRequest r = new OrderRequest();
    int n = 1000;
    try (Journal j = Journal.open(file, false)) {
      for (int i = 1; i <= n; i++) {
        r.clear().orderId(i).owner(i % 50).side(i % 2 == 0 ? Side.BUY : Side.SELL);
        r.limit(10_000 + (i * 7919) % 40).quantity(1 + i % 300);
        j.appendNew(r);
        if (i % 3 == 0) {
          j.appendCancel(i - 2);
        }
      }
    }
    long perCommand = (Files.size(file) - 8) / (n + n / 3);
    assertThat(perCommand).isLessThanOrEqualTo(14);
  }

  /** Format 1 files are still replayed; appending to one is refused with a clear message. */
  @Test
  void formatOneIsReadButNotAppended() {
    qt().withExamples(30)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(0, 50))
        .checkAssert(
            commands -> {
              try {
                Path v2 = Files.createTempFile(dir, "v2", ".log");
                Files.delete(v2);
                long[] hashes = JournalProperties.write(v2, commands);
                Path v1 = Files.createTempFile(dir, "v1", ".log");
                Files.write(v1, formatOne(commands));
                MatchingEngine e = JournalProperties.engine();
                assertThat(Journal.replay(v1, 1, e)).isEqualTo(commands.size());
                assertThat(e.stateHash()).isEqualTo(hashes[commands.size()]);
                assertThatThrownBy(() -> Journal.open(v1, false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("format 1")
                    .hasMessageContaining(v1.toString());
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
  }

  /** An independent format 1 encoder (the layout of session 1's journal). */
  static byte[] formatOne(List<Command> commands) {
    ByteBuffer b = ByteBuffer.allocate(8 + commands.size() * 80).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0x314C4E524A4B4C42L);
    CRC32C crc = new CRC32C();
    long seq = 0;
    for (Command c : commands) {
      int start = b.position();
      b.putInt(0).putInt(0).putLong(++seq);
      if (c instanceof Commands.New n) {
        b.put((byte) 1).putLong(n.id()).putLong(n.owner());
        b.put((byte) n.side().ordinal()).put((byte) n.type().ordinal());
        b.put((byte) n.tif().ordinal());
        b.putLong(n.price()).putLong(n.qty()).putLong(n.stop()).putLong(n.display());
        b.put((byte) (n.postOnly() ? 1 : 0)).put((byte) n.stp().ordinal());
      } else if (c instanceof Commands.Cancel x) {
        b.put((byte) 2).putLong(x.id());
      } else if (c instanceof Commands.Modify m) {
        b.put((byte) 3).putLong(m.id()).putLong(m.price()).putLong(m.qty());
      } else {
        b.put((byte) 4);
      }
      int length = b.position() - start - 8;
      crc.reset();
      crc.update(b.array(), start + 8, length);
      b.putInt(start, length).putInt(start + 4, (int) crc.getValue());
    }
    byte[] out = new byte[b.position()];
    b.get(0, out);
    return out;
  }
}
