package dev.blocks.ledger;

import java.util.Objects;

/**
 * Splits an amount of minor units by ratios so that no minor unit is lost or invented.
 *
 * <p>Uses the largest-remainder (Hamilton) method: each part first gets the floor of its exact
 * share {@code amount * ratio / sum}, then the units left over go one each to the parts with the
 * largest fractional remainders, ties broken by the lower index. The parts always add up to the
 * amount, and every part is within one minor unit of its exact share. Arithmetic is exact (128-bit
 * intermediate products); no {@code double} is involved.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.ledger.AllocationSnippets region=split}
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class Allocation {

  private Allocation() {}

  /**
   * Splits {@code amount} minor units by {@code ratios}.
   *
   * @param amount the amount to split, {@code >= 0}
   * @param ratios the weights, each {@code >= 0}, at least one positive
   * @return one part per ratio, adding up to {@code amount}
   * @throws IllegalArgumentException if {@code amount < 0}, a ratio is negative, there are no
   *     ratios, or all ratios are zero
   * @throws NullPointerException if {@code ratios} is null
   */
  public static long[] largestRemainder(long amount, long... ratios) {
    Objects.requireNonNull(ratios, "ratios");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, got " + amount);
    }
    if (ratios.length == 0) {
      throw new IllegalArgumentException("ratios must not be empty");
    }
    long sum = 0;
    for (int i = 0; i < ratios.length; i++) {
      if (ratios[i] < 0) {
        throw new IllegalArgumentException("ratios[" + i + "] must be >= 0, got " + ratios[i]);
      }
      sum = Math.addExact(sum, ratios[i]);
    }
    if (sum == 0) {
      throw new IllegalArgumentException("ratios must not all be zero");
    }
    long[] parts = new long[ratios.length];
    long[] remainders = new long[ratios.length];
    long given = 0;
    for (int i = 0; i < ratios.length; i++) {
      // amount * ratio is up to 126 bits: divide it by sum exactly through its two 64-bit halves.
      long hi = Math.multiplyHigh(amount, ratios[i]);
      long lo = amount * ratios[i];
      long[] qr = divide128(hi, lo, sum);
      parts[i] = qr[0];
      remainders[i] = qr[1];
      given += qr[0];
    }
    long left = amount - given; // < ratios.length
    for (long u = 0; u < left; u++) {
      int best = -1;
      for (int i = 0; i < ratios.length; i++) {
        if (remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best])) {
          best = i;
        }
      }
      parts[best]++;
      remainders[best] = -1; // each part gets at most one extra unit
    }
    return parts;
  }

  /**
   * Divides the unsigned 128-bit value {@code hi:lo} (known to give a quotient < 2^63) by d > 0.
   */
  private static long[] divide128(long hi, long lo, long d) {
    long q = 0;
    long r = hi; // hi < d because the quotient fits in 63 bits
    for (int bit = 63; bit >= 0; bit--) {
      // r < d <= 2^63 - 1, so r << 1 fits in an unsigned 64-bit value.
      r = (r << 1) | ((lo >>> bit) & 1);
      q <<= 1;
      if (Long.compareUnsigned(r, d) >= 0) {
        r -= d;
        q |= 1;
      }
    }
    return new long[] {q, r};
  }
}
