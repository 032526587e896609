package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodingPathSnippets {

  @Test
  void activePath() {
    // @start region=activePath
    // Start the JVM with --add-modules jdk.incubator.vector on JDK 21+ to get CodingPath.VECTOR,
    // kept if a one-time timed self-check finds it at least 1.25x as fast as the portable loop.
    // -Ddev.blocks.erasure.simd=false forces CodingPath.PORTABLE; =true forces VECTOR without
    // timing (this build's tests run so). Both paths give identical bytes.
    CodingPath path = ReedSolomon.activePath();
    boolean vector = path == CodingPath.VECTOR;
    // @end
    assertThat(vector).isEqualTo(Runtime.version().feature() >= 21);
  }
}
