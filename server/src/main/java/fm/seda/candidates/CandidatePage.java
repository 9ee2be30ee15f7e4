package fm.seda.candidates;

import fm.seda.accounts.Account;

/**
 * Candidate generation for a page of users whose context (signals, taste vectors, friends and what
 * they do, friends of friends, linked providers) was read for all of them at once: a few queries
 * per page instead of a dozen per user. For work over many users, such as the nightly feed ranking;
 * what it proposes is what {@link Candidates#propose} would at the moment the page was read.
 */
public interface CandidatePage {

  /**
   * The candidates of one of the page's users, as {@link Candidates#propose} gives them.
   *
   * @throws IllegalArgumentException if the account is not one of the page's
   */
  CandidateSet propose(Account account, CandidateRequest request);
}
