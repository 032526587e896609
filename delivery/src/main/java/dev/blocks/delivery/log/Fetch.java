package dev.blocks.delivery.log;

import java.util.List;

/**
 * The answer to a read: the records returned and the offset to read from next.
 *
 * <p>{@code nextOffset} can move past offsets that returned nothing (transaction markers, records
 * of aborted transactions under {@link Isolation#READ_COMMITTED}), so consumers must continue from
 * it rather than from the last record's offset plus one.
 *
 * <p>Immutable.
 *
 * @param records the records, in offset order
 * @param nextOffset the offset to read from next
 * @since 0.1
 */
public record Fetch(List<LogRecord> records, long nextOffset) {

  /** Validates the components (the list is not copied: the log hands over a fresh list). */
  public Fetch {
    java.util.Objects.requireNonNull(records, "records");
  }
}
