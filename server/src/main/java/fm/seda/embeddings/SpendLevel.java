package fm.seda.embeddings;

/** Where the month's projected embedding spend stands against the cap. */
public enum SpendLevel {
  /** Under 80 % of the cap. */
  NORMAL,
  /** At or over 80 %: background jobs throttled, on-demand work on the cheaper model, banner on. */
  THROTTLED,
  /**
   * At or over 100 % (or was this month): only critical work; needs an executed override to resume.
   */
  STOPPED,
  /** Stopped this month, but an executed two-approver override restored full operation. */
  OVERRIDDEN
}
