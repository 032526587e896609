package dev.blocks.delivery.sim;

/**
 * The size of one simulated world.
 *
 * <p>Immutable.
 *
 * @param messages messages the application produces, at least 1
 * @param partitions partitions of the input topic, at least 1
 * @param consumers consumer group members at the start, at least 1
 * @param maxInFlight produce requests in flight at once, at least 1
 * @param maxBatch records a consumer fetches per partition and round, at least 1
 * @param maxAttempts attempts before a message is dead-lettered, at least 1
 * @since 0.1
 */
public record SimConfig(
    int messages, int partitions, int consumers, int maxInFlight, int maxBatch, int maxAttempts) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a component is below 1
   */
  public SimConfig {
    check("messages", messages);
    check("partitions", partitions);
    check("consumers", consumers);
    check("maxInFlight", maxInFlight);
    check("maxBatch", maxBatch);
    check("maxAttempts", maxAttempts);
  }

  private static void check(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }
  }

  /**
   * Returns a small world: 16 messages, 3 partitions, 2 consumers, 5 in flight, batches of 4, 3
   * attempts.
   *
   * @return the config
   */
  public static SimConfig small() {
    return new SimConfig(16, 3, 2, 5, 4, 3);
  }

  /**
   * Returns this world with another message count.
   *
   * @param messages the count
   * @return the config
   */
  public SimConfig withMessages(int messages) {
    return new SimConfig(messages, partitions, consumers, maxInFlight, maxBatch, maxAttempts);
  }
}
