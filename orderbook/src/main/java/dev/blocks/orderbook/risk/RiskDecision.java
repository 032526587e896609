package dev.blocks.orderbook.risk;

/**
 * The outcome of a command sent through a {@link RiskGate}: accepted, or the rule it broke and the
 * values involved.
 *
 * <p>Immutable.
 *
 * @param rule the broken rule, or null when accepted
 * @param detail what was checked against what, e.g. {@code "quantity 500 > maxOrderQuantity 100"}
 * @since 0.1
 */
public record RiskDecision(RiskRule rule, String detail) {
  /** The decision for an accepted command. */
  public static final RiskDecision ACCEPTED = new RiskDecision(null, "accepted");

  /** Returns whether the command passed every rule and went to the engine. */
  public boolean accepted() {
    return rule == null;
  }

  static RiskDecision reject(RiskRule rule, String detail) {
    return new RiskDecision(rule, detail);
  }
}
