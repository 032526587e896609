package dev.blocks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TourTest {

  @Test
  void tour_runsEverySection() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Tour.run(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    for (TourSection section : Tour.SECTIONS) {
      assertThat(text).contains("== " + section.title() + " ==");
      assertThat(text).contains("(" + section.title() + " took ");
    }
    assertThat(text).contains("ezs42");
  }
}
