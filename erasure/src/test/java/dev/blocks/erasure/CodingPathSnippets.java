package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodingPathSnippets {

  @Test
  void activePath() {
    // @start region=activePath
    // Start the JVM with --add-modules jdk.incubator.vector on JDK 21+ to get CodingPath.VECTOR;
    // -Ddev.blocks.erasure.simd=false forces CodingPath.PORTABLE. Both give identical bytes.
    CodingPath path = ReedSolomon.activePath();
    boolean vector = path == CodingPath.VECTOR;
    // @end
    assertThat(vector).isEqualTo(Runtime.version().feature() >= 21);
  }
}
