package dev.blocks.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of an {@link Asset} in minor units: the value at the API edge of a {@link Ledger}
 * (whose transfers carry bare {@code long} minor units). Never {@code double}.
 *
 * {@snippet class=dev.blocks.ledger.MoneySnippets region=money}
 *
 * <p>Immutable.
 *
 * @param minor the amount in minor units (may be negative, for display of net balances)
 * @param asset what is counted
 * @since 0.1
 */
public record Money(long minor, Asset asset) {

  private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

  /**
   * Validates the amount.
   *
   * @throws NullPointerException if {@code asset} is null
   */
  public Money {
    Objects.requireNonNull(asset, "asset");
  }

  /** {@code minor} minor units of {@code asset}. */
  public static Money ofMinor(long minor, Asset asset) {
    return new Money(minor, asset);
  }

  /**
   * Parses a plain decimal ({@code "200.00"}, {@code "-3.5"}, {@code "1000"}) exactly.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the text is not a plain decimal, has more decimals than the
   *     asset's scale, or does not fit in a {@code long} of minor units
   */
  public static Money parse(String text, Asset asset) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(asset, "asset");
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "text must be a plain decimal like 200.00, got \"" + text + "\"");
    }
    BigDecimal d = new BigDecimal(text);
    if (d.scale() > asset.scale()) {
      throw new IllegalArgumentException(
          "text must have at most "
              + asset.scale()
              + " decimals for "
              + asset.code()
              + ", got \""
              + text
              + "\"");
    }
    BigInteger minor = d.movePointRight(asset.scale()).toBigIntegerExact();
    if (minor.bitLength() > 63) {
      throw new IllegalArgumentException(
          "text must fit in a long of minor units of " + asset.code() + ", got \"" + text + "\"");
    }
    return new Money(minor.longValue(), asset);
  }

  /** The plain decimal, with exactly {@code scale} decimals: {@code "200.00"}. */
  public String format() {
    return BigDecimal.valueOf(minor, asset.scale()).toPlainString();
  }

  /** The amount as a {@link BigDecimal} in major units. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(minor, asset.scale());
  }

  /**
   * The sum.
   *
   * @throws IllegalArgumentException if the assets differ
   * @throws ArithmeticException if the sum overflows a {@code long}
   */
  public Money plus(Money other) {
    sameAsset(other);
    return new Money(Math.addExact(minor, other.minor), asset);
  }

  /**
   * The difference.
   *
   * @throws IllegalArgumentException if the assets differ
   * @throws ArithmeticException if the difference overflows a {@code long}
   */
  public Money minus(Money other) {
    sameAsset(other);
    return new Money(Math.subtractExact(minor, other.minor), asset);
  }

  /**
   * Splits a non-negative amount by ratios with the largest-remainder method ({@link Allocation}):
   * the parts add up exactly, no minor unit is lost.
   *
   * @throws IllegalArgumentException if this amount is negative or the ratios are invalid
   */
  public List<Money> split(long... ratios) {
    long[] parts = Allocation.largestRemainder(minor, ratios);
    List<Money> out = new ArrayList<>(parts.length);
    for (long p : parts) {
      out.add(new Money(p, asset));
    }
    return out;
  }

  private void sameAsset(Money other) {
    Objects.requireNonNull(other, "other");
    if (!asset.equals(other.asset)) {
      throw new IllegalArgumentException(
          "other must be in " + asset.code() + ", got " + other.asset.code());
    }
  }

  /** {@code "USD 200.00"}. */
  @Override
  public String toString() {
    return asset.code() + " " + format();
  }
}
