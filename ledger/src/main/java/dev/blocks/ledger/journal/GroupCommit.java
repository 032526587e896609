package dev.blocks.ledger.journal;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Group commit for a {@link Journal}: callers fill and publish records, a background thread appends
 * every record published so far and forces them with one {@link Journal#force()}, and {@link
 * #awaitDurable} returns once a given record is on the device.
 *
 * <p>A caller {@link #claim()}s one of {@code depth} reusable record buffers, writes the payload
 * and {@link #publish()}es it, receiving a ticket; it may then do other work (the ledger applies
 * the batch while the journal thread writes it) before {@link #awaitDurable(long) awaiting} the
 * ticket. Records are appended in ticket order, so a ticket is durable only when every earlier one
 * is. When several callers publish while a force is in flight, the next force covers all of them
 * (group commit, as in the write-ahead logs of Gray and Reuter, <i>Transaction Processing</i>,
 * 9.4.7). No allocation per record: buffers are reused once durable, waiting uses the monitor.
 *
 * <p>After an I/O failure every later call throws: nothing published after the failure is ever
 * acknowledged.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor; the journal itself is touched only
 * by the journal thread, or by the owner after {@link #drain()} while it prevents publication.
 *
 * @since 0.1
 */
public final class GroupCommit implements AutoCloseable {

  private final Journal journal;
  private final ByteBuffer[] ring;
  private final Thread thread;
  private long published;
  private long durable;
  private long forces;
  private RuntimeException failure;
  private boolean closing;

  /**
   * Starts the journal thread for {@code journal} with {@code depth} record buffers of {@code
   * recordBytes} bytes each (direct buffers).
   *
   * @throws NullPointerException if {@code journal} is null
   * @throws IllegalArgumentException if {@code depth < 1} or {@code recordBytes < 1}
   */
  public GroupCommit(Journal journal, int depth, int recordBytes) {
    this.journal = Objects.requireNonNull(journal, "journal");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    if (recordBytes < 1) {
      throw new IllegalArgumentException("recordBytes must be >= 1, got " + recordBytes);
    }
    ring = new ByteBuffer[depth];
    for (int i = 0; i < depth; i++) {
      ring[i] = ByteBuffer.allocateDirect(recordBytes);
    }
    thread = new Thread(this::run, "blocks-ledger-journal");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A cleared buffer for the next record, waiting while all {@code depth} buffers hold records not
   * yet durable. Fill it, flip it, then {@link #publish()}; claim and publish from one thread at a
   * time (the owner serialises them).
   *
   * @throws IllegalStateException if the journal failed or is closed
   */
  public synchronized ByteBuffer claim() {
    boolean interrupted = false;
    while (published - durable >= ring.length && failure == null && !closing) {
      interrupted |= pause();
    }
    restore(interrupted);
    check();
    ByteBuffer b = ring[(int) (published % ring.length)];
    b.clear();
    return b;
  }

  /**
   * Hands the claimed buffer (flipped: its remaining bytes are the payload) to the journal thread.
   *
   * @return the record's ticket for {@link #awaitDurable}
   * @throws IllegalStateException if the journal failed or is closed
   */
  public synchronized long publish() {
    check();
    published++;
    notifyAll();
    return published;
  }

  /**
   * Waits until the record with this ticket (and every earlier one) has been forced.
   *
   * @throws IllegalStateException if the journal failed before the record was forced
   */
  public synchronized void awaitDurable(long ticket) {
    boolean interrupted = false;
    while (durable < ticket && failure == null) {
      interrupted |= pause();
    }
    restore(interrupted);
    if (durable < ticket) {
      throw new IllegalStateException("journal failed; record " + ticket + " not durable", failure);
    }
  }

  /**
   * Waits until every published record is durable; afterwards the journal thread leaves the journal
   * alone until the next {@link #publish()}.
   *
   * @throws IllegalStateException if the journal failed
   */
  public synchronized void drain() {
    awaitDurable(published);
  }

  /** The number of records forced so far. */
  public synchronized long durableRecords() {
    return durable;
  }

  /** The number of {@link Journal#force()} calls so far (at most one per group of records). */
  public synchronized long forces() {
    return forces;
  }

  /** Drains what was published, then stops the journal thread. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("journal failed", failure);
    }
    if (closing) {
      throw new IllegalStateException("journal is closed");
    }
  }

  private void run() {
    while (true) {
      long from;
      long to;
      synchronized (this) {
        while (durable == published && !closing) {
          pause(); // the journal thread is never interrupted on purpose; close() stops it
        }
        if (durable == published) {
          return;
        }
        from = durable;
        to = published;
      }
      try {
        for (long k = from; k < to; k++) {
          journal.appendNoForce(ring[(int) (k % ring.length)]);
        }
        journal.force();
      } catch (RuntimeException e) {
        synchronized (this) {
          failure = e;
          notifyAll();
        }
        return;
      }
      synchronized (this) {
        durable = to;
        forces++;
        notifyAll();
      }
    }
  }

  /** Waits on the monitor (held); true if interrupted meanwhile. */
  private boolean pause() {
    try {
      wait();
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private static void restore(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
