/* test_ballot_outcome.c: unit tests for src/domain/ballot_outcome.c: the
** fewest more voters (voting yes) that turn a result into a mandate, and
** the ranked "where could a mandate be won" table and the other regimes
** added to a result. Figures under gb-tulrca-2016 (turnout of at least
** 50% of those entitled; a majority yes; with the important public
** service condition also 40% of those entitled voting yes), worked out by
** hand beside each check. */
#include "test.h"
#include "../../src/domain/ballot_outcome.h"
#include <stdlib.h>

static LawSet *load(void){
  LawSet *pSet = 0;
  char *zErr = 0;
  setenv("MANDATE_REGIMES", "data/regimes", 1);
  if( law_load(0, &pSet, &zErr) ){
    test_fail(__FILE__, __LINE__, "law_load: %s", zErr);
    free(zErr);
  }
  return pSet;
}

TEST(outcome_more_voters_needed){
  LawSet *p = load();
  const char *azIps[] = { "important_public_service", 0 };
  if( p==0 ) return;
  /* 60 of 100 voted, 40 yes: turnout and majority met */
  CHECK_INT(ballot_outcome_needed(p, "gb-tulrca-2016", "2026-11-20", 100, 60, 40, 0), 0);
  /* 30 of 100, 20 yes: 20 more make 50 voted, 40 yes; 19 more is 49 */
  CHECK_INT(ballot_outcome_needed(p, "gb-tulrca-2016", "2026-11-20", 100, 30, 20, 0), 20);
  /* nobody voted: 50 voting yes */
  CHECK_INT(ballot_outcome_needed(p, "gb-tulrca-2016", "2026-11-20", 100, 0, 0, 0), 50);
  /* with 40% of 100 needed yes: 60 of 100 voted, 30 yes: 10 more (70, 40) */
  CHECK_INT(ballot_outcome_needed(p, "gb-tulrca-2016", "2026-11-20", 100, 60, 30, azIps), 10);
  /* everyone voted, 10 yes: out of reach */
  CHECK_INT(ballot_outcome_needed(p, "gb-tulrca-2016", "2026-11-20", 100, 100, 10, 0), -1);
  /* unknown regime: cannot be judged */
  CHECK_INT(ballot_outcome_needed(p, "no-such-regime", "2026-11-20", 100, 30, 20, 0), -1);
  law_free(p);
}

TEST(outcome_ranks_buckets_and_adds_regimes){
  LawSet *p = load();
  if( p==0 ) return;
  json_t *pRes = json_pack("{s:I,s:I,s:[{s:s,s:I},{s:s,s:I}],s:{s:b},s:["
                           "{s:i,s:[s],s:I,s:I,s:I},"      /* A: 10 of 40, 5 yes: 10 more (20, 15) */
                           "{s:i,s:[s],s:I,s:I,s:I},"      /* B: 30 of 40, 20 yes: passes */
                           "{s:i,s:[s,s],s:I,s:I,s:I}]}",  /* merged: 5 of 20, 3 yes: 5 more (10, 8) */
                           "entitled", (json_int_t)100, "counted", (json_int_t)45,
                           "answers", "answer", "Yes", "votes", (json_int_t)28, "answer", "No", "votes", (json_int_t)17,
                           "verdict", "mandate", 0,
                           "buckets",
                           "bucket", 1, "groups", "A Alpha", "entitled", (json_int_t)40, "counted", (json_int_t)10, "yes", (json_int_t)5,
                           "bucket", 2, "groups", "B Beta", "entitled", (json_int_t)40, "counted", (json_int_t)30, "yes", (json_int_t)20,
                           "bucket", 3, "groups", "C Gamma", "D Delta", "entitled", (json_int_t)20, "counted", (json_int_t)5, "yes", (json_int_t)3);
  ballot_outcome_add(p, "gb-tulrca-2016", "2026-11-20", 0, pRes);
  json_t *aW = json_object_get(pRes, "where");
  CHECK_INT(json_array_size(aW), 3);
  /* B passes; merged needs 5 more (10 of 20, 8 yes); A needs 10 (20 of 40, 15 yes) */
  CHECK_STR(json_string_value(json_object_get(json_array_get(aW, 0), "label")), "B Beta");
  CHECK(json_is_true(json_object_get(json_array_get(aW, 0), "mandate")));
  CHECK_STR(json_string_value(json_object_get(json_array_get(aW, 1), "label")), "2 smaller workplaces, merged");
  CHECK_INT(json_integer_value(json_object_get(json_array_get(aW, 1), "more_voters_needed")), 5);
  CHECK_INT(json_integer_value(json_object_get(json_array_get(aW, 2), "more_voters_needed")), 10);
  /* overall: 45 of 100, 28 yes: 5 more */
  CHECK_INT(json_integer_value(json_object_get(pRes, "more_voters_needed")), 5);
  json_t *aR = json_object_get(pRes, "regimes");
  CHECK(json_array_size(aR)>=2);
  CHECK_STR(json_string_value(json_object_get(json_array_get(aR, 0), "regime")), "gb-tulrca-2016");
  CHECK(json_is_true(json_object_get(json_array_get(aR, 0), "own")));
  json_decref(pRes);
  law_free(p);
}
