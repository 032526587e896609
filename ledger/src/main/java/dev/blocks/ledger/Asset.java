package dev.blocks.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an amount counts: a currency or another asset, with the number of decimal places its minor
 * unit has ({@code scale}: USD 2, JPY 0, BHD 3, a token 6 or 8).
 *
 * <p>ISO 4217 currencies come from a table pinned in this library ({@code
 * dev/blocks/ledger/iso4217.txt}, transcribed from the ISO 4217 list one published by SIX, the
 * maintenance agency; see the file for the edition), not from {@link java.util.Currency}, whose
 * data changes between JDK releases. Custom assets name their own code and scale. In a {@link
 * Ledger}, an asset usually maps to one ledger number (for example the ISO numeric code).
 *
 * <p>Immutable.
 *
 * @param code the asset code, for example {@code "USD"}
 * @param numericCode the ISO 4217 numeric code, or 0 for a custom asset
 * @param scale decimal places of the minor unit, in [0, 18]
 * @since 0.1
 */
public record Asset(String code, int numericCode, int scale) {

  private static final Map<String, Asset> ISO = load();

  /**
   * Validates the asset.
   *
   * @throws NullPointerException if {@code code} is null
   * @throws IllegalArgumentException if the code is blank or the scale is outside [0, 18]
   */
  public Asset {
    Objects.requireNonNull(code, "code");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code must not be blank, got \"" + code + "\"");
    }
    if (scale < 0 || scale > 18) {
      throw new IllegalArgumentException("scale must be in [0, 18], got " + scale);
    }
    if (numericCode < 0 || numericCode > 999) {
      throw new IllegalArgumentException("numericCode must be in [0, 999], got " + numericCode);
    }
  }

  /**
   * The ISO 4217 currency with this alphabetic code.
   *
   * @throws NullPointerException if {@code code} is null
   * @throws IllegalArgumentException if the code is not in the pinned table
   */
  public static Asset iso(String code) {
    Objects.requireNonNull(code, "code");
    Asset a = ISO.get(code);
    if (a == null) {
      throw new IllegalArgumentException(
          "code must be an ISO 4217 currency with minor units, got \"" + code + "\"");
    }
    return a;
  }

  /** The ISO 4217 currency with this code, if the pinned table has it. */
  public static Optional<Asset> findIso(String code) {
    return Optional.ofNullable(ISO.get(Objects.requireNonNull(code, "code")));
  }

  /** Every currency of the pinned ISO 4217 table, by code. */
  public static Map<String, Asset> isoTable() {
    return ISO;
  }

  /**
   * A custom asset (a token, points, a commodity) with its own code and scale.
   *
   * @throws IllegalArgumentException if the scale is outside [0, 18] or the code is blank
   */
  public static Asset custom(String code, int scale) {
    return new Asset(code, 0, scale);
  }

  /** {@code 10^scale}: minor units per major unit. */
  public long minorPerMajor() {
    long f = 1;
    for (int i = 0; i < scale; i++) {
      f *= 10;
    }
    return f;
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> m = new TreeMap<>();
    try (InputStream in = Asset.class.getResourceAsStream("iso4217.txt");
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    Objects.requireNonNull(in, "iso4217.txt"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        m.put(f[0], new Asset(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ISO 4217 table", e);
    }
    return Collections.unmodifiableMap(m);
  }
}
