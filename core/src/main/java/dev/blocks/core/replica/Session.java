package dev.blocks.core.replica;

/**
 * One client's consistency context: the token of its latest write, when it wrote, and the newest
 * position it has read, so that a {@link ReplicaRouter} gives it read-your-writes and monotonic
 * reads. Create one per user or request chain with {@link ReplicaRouter#newSession()}.
 *
 * <p>Thread-safe: every method is {@code synchronized}.
 *
 * @since 0.1
 */
public final class Session {

  private long writeToken = Long.MIN_VALUE;
  private long lastWriteNanos;
  private boolean wrote;
  private long readPosition = Long.MIN_VALUE;

  Session() {}

  synchronized void recordWrite(long token, long nowNanos) {
    writeToken = Math.max(writeToken, token);
    lastWriteNanos = nowNanos;
    wrote = true;
  }

  synchronized void recordRead(long position) {
    readPosition = Math.max(readPosition, position);
  }

  synchronized boolean wroteWithin(long nowNanos, long windowNanos) {
    return wrote && nowNanos - lastWriteNanos < windowNanos;
  }

  /**
   * Returns the position every read of this session must reach: the larger of its latest write's
   * token and its newest read position ({@link Long#MIN_VALUE} before either).
   *
   * @return the floor
   */
  public synchronized long floor() {
    return Math.max(writeToken, readPosition);
  }

  /**
   * Returns the token of the session's latest write, or {@link Long#MIN_VALUE} if it has not
   * written.
   *
   * @return the write token
   */
  public synchronized long writeToken() {
    return writeToken;
  }

  /**
   * Returns the newest position this session has read, or {@link Long#MIN_VALUE} before its first
   * read.
   *
   * @return the read position
   */
  public synchronized long readPosition() {
    return readPosition;
  }
}
