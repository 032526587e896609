package dev.blocks.core.sharding;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Turns a key into a well-spread 64-bit hash, the input of every hash-based {@link ShardRouter}.
 *
 * <p>Routers only need the hash to be a good pseudo-random function of the key: every bit should
 * flip with probability one half when any input bit flips. {@link #standard()} gives such a hash
 * for strings, numbers, UUIDs and byte arrays (and, as a weaker fallback, for any object through
 * its {@code hashCode()}). The finaliser is the 64-bit mix of Austin Appleby's MurmurHash3 ({@code
 * fmix64}); the byte and character loops are a seeded multiply-rotate scheme in the same family,
 * written for this library.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=hasher}
 *
 * <p>Implementations must be pure functions and thread-safe; the ones returned here are stateless
 * and allocate nothing for strings, numbers and byte arrays.
 *
 * @param <K> the key type
 * @since 0.1
 */
@FunctionalInterface
public interface KeyHasher<K> {

  /**
   * Returns the 64-bit hash of {@code key}.
   *
   * @param key the key, not null
   * @return a well-spread 64-bit hash
   */
  long hash(K key);

  /**
   * Returns the default hasher with seed 0: see {@link #standard(long)}.
   *
   * @param <K> the key type
   * @return the default hasher
   */
  static <K> KeyHasher<K> standard() {
    return standard(0L);
  }

  /**
   * Returns the default hasher with the given seed. {@link CharSequence} keys hash their
   * characters, {@link Long}, {@link Integer}, {@link Short} and {@link Byte} their value, {@link
   * UUID} its two halves and {@code byte[]} its bytes; any other key hashes its {@code hashCode()},
   * which carries only 32 bits, so give such keys their own hasher when they are numerous.
   *
   * @param seed the seed; different seeds give independent-looking hashes
   * @param <K> the key type
   * @return the default hasher
   */
  static <K> KeyHasher<K> standard(long seed) {
    return key -> hashObject(key, seed);
  }

  /**
   * Returns a hasher of strings by their characters (UTF-16 code units).
   *
   * @param seed the seed
   * @return a string hasher
   */
  static KeyHasher<CharSequence> chars(long seed) {
    return key -> hashChars(key, seed);
  }

  /**
   * Returns a hasher of {@code long} keys (boxed).
   *
   * @param seed the seed
   * @return a long hasher
   */
  static KeyHasher<Long> longs(long seed) {
    return key -> hashLong(key, seed);
  }

  /**
   * Hashes one object as {@link #standard(long)} does.
   *
   * @param key the key, not null
   * @param seed the seed
   * @return the hash
   * @throws NullPointerException if {@code key} is null
   */
  static long hashObject(Object key, long seed) {
    if (key instanceof CharSequence s) {
      return hashChars(s, seed);
    } else if (key instanceof Long l) {
      return hashLong(l, seed);
    } else if (key instanceof Integer i) {
      return hashLong(i, seed);
    } else if (key instanceof Short s) {
      return hashLong(s, seed);
    } else if (key instanceof Byte b) {
      return hashLong(b, seed);
    } else if (key instanceof byte[] bytes) {
      return hashBytes(bytes, seed);
    } else if (key instanceof UUID u) {
      return mix(hashLong(u.getMostSignificantBits(), seed) ^ u.getLeastSignificantBits());
    } else if (key == null) {
      throw new NullPointerException("key");
    }
    return hashLong(key.hashCode(), seed ^ 0x6A09E667F3BCC908L);
  }

  /**
   * Hashes a {@code long} value.
   *
   * @param value the value
   * @param seed the seed
   * @return the hash
   */
  static long hashLong(long value, long seed) {
    return mix(value ^ mix(seed ^ 0x9E3779B97F4A7C15L));
  }

  /**
   * Hashes the UTF-16 code units of {@code s}.
   *
   * @param s the characters
   * @param seed the seed
   * @return the hash
   */
  static long hashChars(CharSequence s, long seed) {
    int n = s.length();
    long h = seed ^ (0x9E3779B97F4A7C15L * (n + 1L));
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long block =
          s.charAt(i)
              | (long) s.charAt(i + 1) << 16
              | (long) s.charAt(i + 2) << 32
              | (long) s.charAt(i + 3) << 48;
      h = step(h, block);
    }
    if (i < n) {
      long block = 0;
      for (int shift = 0; i < n; i++, shift += 16) {
        block |= (long) s.charAt(i) << shift;
      }
      h = step(h, block);
    }
    return mix(h);
  }

  /**
   * Hashes bytes.
   *
   * @param bytes the bytes
   * @param seed the seed
   * @return the hash
   */
  static long hashBytes(byte[] bytes, long seed) {
    int n = bytes.length;
    long h = seed ^ (0xC2B2AE3D27D4EB4FL * (n + 1L));
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long block = 0;
      for (int b = 7; b >= 0; b--) {
        block = block << 8 | (bytes[i + b] & 0xFFL);
      }
      h = step(h, block);
    }
    if (i < n) {
      long block = 0;
      for (int shift = 0; i < n; i++, shift += 8) {
        block |= (bytes[i] & 0xFFL) << shift;
      }
      h = step(h, block);
    }
    return mix(h);
  }

  /**
   * Hashes the UTF-8 bytes of a string; equal to {@code hashBytes(s.getBytes(UTF_8), seed)}.
   *
   * @param s the string
   * @param seed the seed
   * @return the hash
   */
  static long hashUtf8(String s, long seed) {
    return hashBytes(s.getBytes(StandardCharsets.UTF_8), seed);
  }

  /**
   * The MurmurHash3 64-bit finaliser ({@code fmix64}): a bijection of {@code long} with full
   * avalanche.
   *
   * @param x the input
   * @return the mixed value
   */
  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return x;
  }

  private static long step(long h, long block) {
    long k = block * 0x87C37B91114253D5L;
    k = Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL;
    h ^= k;
    return Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
  }
}
