package dev.blocks.erasure.stream;

import dev.blocks.erasure.ReedSolomon;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for {@link StripedCodecCrashTest}: encodes an endless deterministic stream 4+2 into
 * shard files in the directory given as the argument, flushing and printing the stripe count after
 * every stripe, until the parent kills it.
 */
final class StripedCodecCrashChild {

  private StripedCodecCrashChild() {}

  /** Byte {@code i} of the endless input. */
  static byte byteAt(long i) {
    long x = i * 0x9E3779B97F4A7C15L;
    return (byte) (x >>> 56 ^ x >>> 23);
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    StripedCodec codec = StripedCodec.of(ReedSolomon.cauchy(4, 2), 4096);
    List<OutputStream> outs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      outs.add(new BufferedOutputStream(Files.newOutputStream(dir.resolve("shard-" + i))));
    }
    InputStream endless =
        new InputStream() {
          private long position;
          private long stripes;

          @Override
          public int read() throws IOException {
            if (position > 0 && position % codec.stripeCapacity() == 0) {
              for (OutputStream o : outs) {
                o.flush();
              }
              System.out.println("stripes " + ++stripes);
              System.out.flush();
            }
            return byteAt(position++) & 0xff;
          }
        };
    codec.encode(endless, outs);
  }
}
