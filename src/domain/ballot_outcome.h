/* ballot_outcome.h: what a ballot's result means for the union beyond
** its own regime: the same figures judged under every other regime the
** law files know (each threshold met or missed, and by how many votes),
** and the ranked "where could a mandate be won" table: each workplace
** bucket judged as if balloted on its own, and the fewest more voters it
** would have needed. Plain data over a result ballot_result() built;
** docs/ballots.md ("The result"). */
#ifndef MANDATE_BALLOT_OUTCOME_H
#define MANDATE_BALLOT_OUTCOME_H
#include <stdint.h>
#include <jansson.h>
#include "law.h"

/* The verdict in the words of a ballot of kind zKind (azBallotKind),
** when every threshold of a regime is met (met 1) or not: "a mandate"
** for an indicative ballot on action, "accepted" for a referendum on an
** offer, "carried" for a motion, "every threshold met" for an election;
** and their opposites. Static strings. */
const char *ballot_verdict_words(const char *zKind, int met);

/* The fewest more voters, all voting yes, that would have turned
** (nEntitled, nVotes, nYes) into a mandate under zRegime on zOn: 0 when
** it is one already; -1 when not even every entitled member voting would
** do (or the regime cannot judge these figures). Every threshold the law
** knows grows with yes votes, so the answer is found by bisection. */
int64_t ballot_outcome_needed(const LawSet *pLaw, const char *zRegime, const char *zOn,
                              int64_t nEntitled, int64_t nVotes, int64_t nYes,
                              const char *const *azCondition);

/* Add to pRes (ballot_result()'s JSON of a yes/no ballot opened on zOn,
** judged under zRegime) two members:
**   "regimes": [{"regime", "mandate", "rules":[...,"margin"], "notes"}
**               or {"regime","note"}], the ballot's own first;
**   "where":   the buckets ranked, those that pass first (by margin),
**              then by the fewest more voters needed: {"bucket","label",
**              "entitled","counted","yes","turnout_pct","mandate",
**              "more_voters_needed" (null: not reachable)}.
** Buckets never identify a workplace under the privacy floor: the merged
** bucket is labelled as merged. Nothing is added to a ballot that is not
** yes/no (no "verdict" in pRes). */
void ballot_outcome_add(const LawSet *pLaw, const char *zRegime, const char *zOn,
                        const char *const *azCondition, json_t *pRes);

#endif
