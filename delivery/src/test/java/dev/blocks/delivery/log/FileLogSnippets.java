package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogSnippets {

  @TempDir Path dir;

  @Test
  void open() {
    // @start region=open
    try (FileLog log = FileLog.builder(dir).fsync(true).build()) { // recovers what dir holds
      log.createTopic("audit", 1, Retention.ofRecords(1_000_000));
      TopicPartition tp = TopicPartition.of("audit", 0);
      for (int i = 0; i < 100; i++) {
        log.append(tp, new byte[0], ("event-" + i).getBytes(StandardCharsets.UTF_8));
      }
      log.flush(); // group commit: the 100 records are acknowledged now
    }
    // @end
    try (FileLog log = FileLog.open(dir)) {
      assertThat(log.endOffset(TopicPartition.of("audit", 0))).isEqualTo(100);
    }
  }
}
