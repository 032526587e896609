package dev.blocks.ledger;

import java.util.UUID;

/**
 * An unsigned 128-bit identifier (account id, transfer id, user data), as two 64-bit halves.
 *
 * <p>TigerBeetle identifies accounts and transfers by {@code u128}; zero and {@code 2^128 - 1} are
 * reserved ({@code id_must_not_be_zero}, {@code id_must_not_be_int_max}). A {@link UUID} maps to
 * one bit for bit.
 *
 * <p>Immutable.
 *
 * @param hi the most significant 64 bits
 * @param lo the least significant 64 bits
 * @since 0.1
 */
public record Uint128(long hi, long lo) implements Comparable<Uint128> {

  /** Zero: reserved as an id, "not set" elsewhere. */
  public static final Uint128 ZERO = new Uint128(0, 0);

  /** {@code 2^128 - 1}: reserved as an id. */
  public static final Uint128 MAX = new Uint128(-1L, -1L);

  /** The value {@code lo} interpreted as an unsigned 64-bit number. */
  public static Uint128 of(long lo) {
    return new Uint128(0, lo);
  }

  /** The value {@code hi * 2^64 + lo} (both halves unsigned). */
  public static Uint128 of(long hi, long lo) {
    return new Uint128(hi, lo);
  }

  /** The UUID's 128 bits. */
  public static Uint128 from(UUID uuid) {
    return new Uint128(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
  }

  /** Whether this is zero. */
  public boolean isZero() {
    return hi == 0 && lo == 0;
  }

  /** Whether this is {@code 2^128 - 1}. */
  public boolean isMax() {
    return hi == -1L && lo == -1L;
  }

  /** The same bits as a UUID. */
  public UUID toUuid() {
    return new UUID(hi, lo);
  }

  @Override
  public int compareTo(Uint128 o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return hi == 0 ? Long.toUnsignedString(lo) : new java.math.BigInteger(1, toBytes()).toString();
  }

  private byte[] toBytes() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }
}
