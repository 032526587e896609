package dev.blocks.erasure;

import java.nio.ByteBuffer;
import java.util.Objects;

/** Argument checks shared by the coder's operations; every message names the value. */
final class Checks {

  private Checks() {}

  /** Checks that there are {@code count} non-null shards of one length, and returns it. */
  static int commonLength(byte[][] shards, int count) {
    Objects.requireNonNull(shards, "shards");
    if (shards.length != count) {
      throw new IllegalArgumentException(
          "shards.length must be k + m = " + count + ", got " + shards.length);
    }
    int length = -1;
    for (int i = 0; i < shards.length; i++) {
      byte[] shard = shards[i];
      if (shard == null) {
        throw new NullPointerException("shards[" + i + "] must not be null");
      }
      if (length < 0) {
        length = shard.length;
      } else if (shard.length != length) {
        throw new IllegalArgumentException(
            "shards["
                + i
                + "].length must equal shards[0].length = "
                + length
                + ", got "
                + shard.length);
      }
    }
    return length;
  }

  /**
   * Checks that there are {@code count} non-null buffers with equal {@code remaining()}, the
   * written ones not read-only, and returns that length.
   */
  static int commonRemaining(ByteBuffer[] shards, int count, boolean[] written) {
    Objects.requireNonNull(shards, "shards");
    if (shards.length != count) {
      throw new IllegalArgumentException(
          "shards.length must be k + m = " + count + ", got " + shards.length);
    }
    int length = -1;
    for (int i = 0; i < shards.length; i++) {
      ByteBuffer shard = shards[i];
      if (shard == null) {
        throw new NullPointerException("shards[" + i + "] must not be null");
      }
      if (length < 0) {
        length = shard.remaining();
      } else if (shard.remaining() != length) {
        throw new IllegalArgumentException(
            "shards["
                + i
                + "].remaining() must equal shards[0].remaining() = "
                + length
                + ", got "
                + shard.remaining());
      }
    }
    for (int i = 0; i < shards.length; i++) {
      if (written[i]) {
        if (shards[i].isReadOnly()) {
          throw new IllegalArgumentException(
              "shards[" + i + "] is written, so it must not be read-only");
        }
        for (int j = 0; j < shards.length; j++) {
          if (j != i && shards[j] == shards[i]) {
            throw new IllegalArgumentException(
                "shards["
                    + i
                    + "] is written, so it must not be the same buffer as shards["
                    + j
                    + "]");
          }
        }
      }
    }
    return length;
  }

  static void range(int offset, int length, int shardLength) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (offset > shardLength - length) {
      throw new IllegalArgumentException(
          "offset + length must be <= shard length "
              + shardLength
              + ", got "
              + offset
              + " + "
              + length
              + " = "
              + ((long) offset + length));
    }
  }

  /** Checks that the output shard {@code out} is not the same array as any other shard. */
  static void distinct(byte[][] shards, int out) {
    byte[] array = shards[out];
    for (int i = 0; i < shards.length; i++) {
      if (i != out && shards[i] == array) {
        throw new IllegalArgumentException(
            "shards["
                + out
                + "] is written, so it must not be the same array as shards["
                + i
                + "]");
      }
    }
  }

  static void index(int value, int bound, String name) {
    if (value < 0 || value >= bound) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + (bound - 1) + "], got " + value);
    }
  }
}
