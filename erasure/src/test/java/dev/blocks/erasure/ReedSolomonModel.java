package dev.blocks.erasure;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The slow, obviously correct model of the coder: every output byte is the GF(2^8) dot product of
 * one generator row with the data bytes at that position, one {@link GaloisField#mul} at a time.
 */
final class ReedSolomonModel {

  private ReedSolomonModel() {}

  /** Returns the parity the model computes for {@code [offset, offset + length)}. */
  static byte[][] parity(ReedSolomon rs, byte[][] shards, int offset, int length) {
    int k = rs.dataShards();
    byte[][] parity = new byte[rs.parityShards()][length];
    for (int p = 0; p < rs.parityShards(); p++) {
      for (int i = 0; i < length; i++) {
        int sum = 0;
        for (int j = 0; j < k; j++) {
          sum ^= GaloisField.mul(rs.coefficient(k + p, j), shards[j][offset + i] & 0xff);
        }
        parity[p][i] = (byte) sum;
      }
    }
    return parity;
  }

  /** Returns {@code k + m} shards of {@code size} bytes with random data and the model's parity. */
  static byte[][] encoded(ReedSolomon rs, int size, SplittableRandom random) {
    byte[][] shards = new byte[rs.totalShards()][size];
    for (int j = 0; j < rs.dataShards(); j++) {
      random.nextBytes(shards[j]);
    }
    byte[][] parity = parity(rs, shards, 0, size);
    for (int p = 0; p < parity.length; p++) {
      shards[rs.dataShards() + p] = parity[p];
    }
    return shards;
  }

  /**
   * Draws a random erasure pattern of {@code n} shards: up to {@code maxLost} draws of a shard to
   * mark lost (a shard may be drawn twice, so fewer may be lost).
   */
  static boolean[] randomPresent(int n, int maxLost, SplittableRandom random) {
    boolean[] present = new boolean[n];
    java.util.Arrays.fill(present, true);
    for (int e = random.nextInt(maxLost + 1); e > 0; e--) {
      present[random.nextInt(n)] = false;
    }
    return present;
  }

  static byte[][] copy(byte[][] shards) {
    byte[][] copy = new byte[shards.length][];
    for (int i = 0; i < shards.length; i++) {
      copy[i] = shards[i].clone();
    }
    return copy;
  }

  static boolean same(byte[][] a, byte[][] b) {
    return Arrays.deepEquals(a, b);
  }
}
