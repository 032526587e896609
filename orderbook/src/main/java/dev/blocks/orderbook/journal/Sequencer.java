package dev.blocks.orderbook.journal;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The single entry point of a journaled matching engine: gives every inbound command the next
 * gap-free sequence number, appends it to the {@link Journal}, then applies it to the engine.
 *
 * <p>Because the engine is a deterministic state machine, the journal alone rebuilds it: {@link
 * #open} replays an existing journal (or, with a snapshot, only the journal's tail after the
 * snapshot's sequence number) before accepting new commands. Commands are durable once {@link
 * #commit()} returns (group commit: one force for every command since the previous commit); a
 * caller that acknowledges orders commits first.
 *
 * {@snippet class=dev.blocks.orderbook.journal.SequencerSnippets region=recover}
 *
 * <p>Not thread-safe: the engine's single writer; confine it to one thread.
 *
 * @since 0.1
 */
public final class Sequencer implements Closeable {
  private static final long SNAPSHOT_MAGIC = 0x31504E534B4C42L; // "BLKSNP1"

  private final MatchingEngine engine;
  private final Journal journal;

  private Sequencer(MatchingEngine engine, Journal journal) {
    this.engine = engine;
    this.journal = journal;
  }

  /**
   * Replays {@code journalFile} into the empty {@code engine} and opens it for appending.
   *
   * @param force whether commits force data to the device
   * @throws IOException if the journal cannot be read or written
   */
  public static Sequencer open(Path journalFile, MatchingEngine engine, boolean force)
      throws IOException {
    Objects.requireNonNull(engine, "engine");
    Journal.replay(journalFile, 1, engine);
    return new Sequencer(engine, Journal.open(journalFile, force));
  }

  /**
   * Loads {@code snapshotFile} into the empty {@code engine}, replays the journal records after the
   * snapshot's sequence number, and opens the journal for appending.
   *
   * @throws IOException if a file cannot be read, or the snapshot is corrupt
   */
  public static Sequencer open(
      Path snapshotFile, Path journalFile, MatchingEngine engine, boolean force)
      throws IOException {
    long seq = restore(snapshotFile, engine);
    Journal.replay(journalFile, seq + 1, engine);
    Journal journal = Journal.open(journalFile, force);
    if (journal.nextSequence() <= seq) {
      journal.close();
      throw new IOException(
          "journal ends at " + (journal.nextSequence() - 1) + ", before snapshot sequence " + seq);
    }
    return new Sequencer(engine, journal);
  }

  /** Sequences, journals and applies a new order; returns its sequence number. */
  public long submit(OrderRequest request) {
    long seq = journal.appendNew(request);
    engine.submit(request);
    return seq;
  }

  /** Sequences, journals and applies a cancel; returns its sequence number. */
  public long cancel(long orderId) {
    long seq = journal.appendCancel(orderId);
    engine.cancel(orderId);
    return seq;
  }

  /** Sequences, journals and applies a modify; returns its sequence number. */
  public long modify(long orderId, long price, long quantity) {
    long seq = journal.appendModify(orderId, price, quantity);
    engine.modify(orderId, price, quantity);
    return seq;
  }

  /** Sequences, journals and applies a session end; returns its sequence number. */
  public long expireSession() {
    long seq = journal.appendExpire();
    engine.expireSession();
    return seq;
  }

  /** Makes every command so far durable (group commit). */
  public void commit() {
    journal.commit();
  }

  /** Returns the sequence number of the last command (0 before the first). */
  public long lastSequence() {
    return journal.nextSequence() - 1;
  }

  /** Returns the engine. */
  public MatchingEngine engine() {
    return engine;
  }

  /**
   * Commits, then writes a snapshot of the engine at {@link #lastSequence()} to {@code file}
   * (atomically: a temporary file renamed over it), checksummed with CRC32C.
   *
   * @throws IOException if the file cannot be written
   */
  public void snapshot(Path file) throws IOException {
    commit();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    engine.writeSnapshot(new DataOutputStream(bytes));
    byte[] body = bytes.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(SNAPSHOT_MAGIC).putLong(lastSequence()).putInt(body.length);
    head.putInt((int) crc.getValue());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      out.write(head.array());
      out.write(body);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long restore(Path file, MatchingEngine engine) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < 24 || b.getLong(0) != SNAPSHOT_MAGIC) {
      throw new IOException("not a snapshot: " + file);
    }
    long seq = b.getLong(8);
    int length = b.getInt(16);
    if (length != all.length - 24) {
      throw new IOException(
          "snapshot " + file + " is torn: " + (all.length - 24) + " of " + length);
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 24, length);
    if ((int) crc.getValue() != b.getInt(20)) {
      throw new IOException("snapshot " + file + " fails its CRC32C check");
    }
    engine.readSnapshot(new DataInputStream(new java.io.ByteArrayInputStream(all, 24, length)));
    return seq;
  }

  /** Commits and closes the journal. */
  @Override
  public void close() throws IOException {
    journal.close();
  }
}
