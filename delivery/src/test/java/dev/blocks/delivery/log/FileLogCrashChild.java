package dev.blocks.delivery.log;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link FileLogCrashTest}: appends records whose content is a function of
 * their offset (one call per record and batch appends, by turns), group-commits every few records
 * and prints "acked N" once the first N records are durable, until it is killed. An optional third
 * argument keeps only that many records (retention recycles segment files).
 */
final class FileLogCrashChild {

  private FileLogCrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int group = Integer.parseInt(args[1]);
    long retain = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    PrintStream out = System.out;
    FileLog log = FileLog.builder(dir).segmentBytes(16 * 1024).bufferBytes(2048).build();
    TopicPartition tp = TopicPartition.of("t", 0);
    if (!log.topicNames().contains("t")) {
      log.createTopic(
          "t", 1, retain == Long.MAX_VALUE ? Retention.unlimited() : Retention.ofRecords(retain));
    }
    long next = log.endOffset(tp);
    out.println("start " + next);
    out.flush();
    RecordBatch batch = RecordBatch.withCapacity(group);
    for (long round = 0; ; round++) {
      if (round % 2 == 0) {
        for (int i = 0; i < group; i++) {
          log.append(tp, new byte[0], FileLogTest.valueOf(next++));
        }
      } else {
        batch.clear();
        for (int i = 0; i < group; i++) {
          batch.add(new byte[0], FileLogTest.valueOf(next++));
        }
        log.append(tp, batch);
      }
      log.flush();
      out.println("acked " + next);
      out.flush();
    }
  }
}
