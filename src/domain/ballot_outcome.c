/* ballot_outcome.c: a ballot's result under every regime the law files
** know, and the ranked "where could a mandate be won" table (see
** ballot_outcome.h; docs/ballots.md "The result"). */
#include "ballot_outcome.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The verdict on one set of figures; 0 with *pV (clear it), or -1 with
** *pzWhy (caller frees). */
static int verdict_on(const LawSet *pLaw, const char *zRegime, const char *zOn,
                      int64_t nEntitled, int64_t nVotes, int64_t nYes,
                      const char *const *azCondition, LawVerdict *pV, char **pzWhy){
  LawBallot lb;
  memset(&lb, 0, sizeof lb);
  lb.nEntitled = nEntitled;
  lb.nVotes = nVotes;
  lb.nYes = nYes;
  lb.nNo = nVotes - nYes;
  lb.hasNo = 1;
  lb.zOn = zOn;
  lb.azCondition = azCondition;
  return law_thresholds(pLaw, zRegime, &lb, pV, pzWhy);
}

/* 1 when the figures are a mandate, 0 when not, -1 when they cannot be
** judged. */
static int is_mandate(const LawSet *pLaw, const char *zRegime, const char *zOn, int64_t nEntitled,
                      int64_t nVotes, int64_t nYes, const char *const *azCondition){
  LawVerdict v;
  char *zWhy = 0;
  if( verdict_on(pLaw, zRegime, zOn, nEntitled, nVotes, nYes, azCondition, &v, &zWhy) ){
    free(zWhy);
    return -1;
  }
  int r = v.mandate;
  law_verdict_clear(&v);
  return r;
}

int64_t ballot_outcome_needed(const LawSet *pLaw, const char *zRegime, const char *zOn,
                              int64_t nEntitled, int64_t nVotes, int64_t nYes,
                              const char *const *azCondition){
  int64_t lo = 0, hi = nEntitled - nVotes;
  if( hi<0 ) return -1;
  int r = is_mandate(pLaw, zRegime, zOn, nEntitled, nVotes, nYes, azCondition);
  if( r!=0 ) return r>0 ? 0 : -1;
  if( is_mandate(pLaw, zRegime, zOn, nEntitled, nVotes+hi, nYes+hi, azCondition)!=1 ) return -1;
  /* not a mandate with lo more, a mandate with hi more */
  while( hi-lo>1 ){
    int64_t mid = lo + (hi-lo)/2;
    if( is_mandate(pLaw, zRegime, zOn, nEntitled, nVotes+mid, nYes+mid, azCondition)==1 ) hi = mid;
    else lo = mid;
  }
  return hi;
}

/* The overall figures under every regime, the ballot's own first. */
static json_t *every_regime(const LawSet *pLaw, const char *zRegime, const char *zOn,
                            const char *const *azCondition, const json_t *pRes){
  json_t *a = json_array();
  int64_t nEntitled = json_integer_value(json_object_get(pRes, "entitled"));
  int64_t nVotes = json_integer_value(json_object_get(pRes, "counted"));
  int64_t nYes = json_integer_value(json_object_get(json_array_get(json_object_get(pRes, "answers"), 0), "votes"));
  int n = law_regime_count(pLaw);
  for(int i=-1; i<n; i++){
    const char *zId = i<0 ? zRegime : json_string_value(json_object_get(law_regime_at(pLaw, i), "id"));
    if( zId==0 || (i>=0 && strcmp(zId, zRegime)==0) ) continue;
    LawVerdict v;
    char *zWhy = 0;
    json_t *o;
    if( verdict_on(pLaw, zId, zOn, nEntitled, nVotes, nYes, azCondition, &v, &zWhy) ){
      o = json_pack("{s:s,s:s}", "regime", zId, "note", zWhy ? zWhy : "cannot be judged");
      free(zWhy);
    }else{
      o = law_verdict_json(&v);
      law_verdict_clear(&v);
    }
    json_object_set_new(o, "own", json_boolean(i<0));
    json_array_append_new(a, o);
  }
  return a;
}

/* Order of the "where" table: mandates first, by margin of turnout; then
** by the fewest more voters needed; the unreachable last. */
static int where_cmp(const void *pA, const void *pB){
  const json_t *a = *(json_t*const*)pA, *b = *(json_t*const*)pB;
  int mA = json_is_true(json_object_get(a, "mandate")), mB = json_is_true(json_object_get(b, "mandate"));
  if( mA!=mB ) return mB - mA;
  const json_t *nA = json_object_get(a, "more_voters_needed"), *nB = json_object_get(b, "more_voters_needed");
  if( json_is_null(nA)!=json_is_null(nB) ) return json_is_null(nA) ? 1 : -1;
  if( !mA && !json_is_null(nA) ){
    json_int_t x = json_integer_value(nA), y = json_integer_value(nB);
    if( x!=y ) return x<y ? -1 : 1;
  }
  double tA = json_real_value(json_object_get(a, "turnout_pct")), tB = json_real_value(json_object_get(b, "turnout_pct"));
  if( tA!=tB ) return tA>tB ? -1 : 1;
  return (int)(json_integer_value(json_object_get(a, "bucket")) - json_integer_value(json_object_get(b, "bucket")));
}

/* The ranked table of the buckets. */
static json_t *where_table(const LawSet *pLaw, const char *zRegime, const char *zOn,
                           const char *const *azCondition, const json_t *pRes){
  const json_t *aBucket = json_object_get(pRes, "buckets"), *x;
  size_t i, n = json_array_size(aBucket);
  json_t **aRow = n ? calloc(n, sizeof *aRow) : 0, *out = json_array();
  size_t nRow = 0;
  json_array_foreach(aBucket, i, x){
    int64_t nEntitled = json_integer_value(json_object_get(x, "entitled"));
    int64_t nVotes = json_integer_value(json_object_get(x, "counted"));
    int64_t nYes = json_integer_value(json_object_get(x, "yes"));
    const json_t *aG = json_object_get(x, "groups");
    char zLabel[240];
    if( nEntitled<=0 || aRow==0 ) continue;
    if( json_array_size(aG)==1 ) snprintf(zLabel, sizeof zLabel, "%s", json_string_value(json_array_get(aG, 0)));
    else snprintf(zLabel, sizeof zLabel, "%zu smaller workplaces, merged", json_array_size(aG));
    int64_t need = ballot_outcome_needed(pLaw, zRegime, zOn, nEntitled, nVotes, nYes, azCondition);
    json_t *o = json_pack("{s:I,s:s,s:I,s:I,s:I,s:f,s:b}", "bucket", (json_int_t)json_integer_value(json_object_get(x, "bucket")),
                          "label", zLabel, "entitled", (json_int_t)nEntitled, "counted", (json_int_t)nVotes,
                          "yes", (json_int_t)nYes, "turnout_pct", 100.0*(double)nVotes/(double)nEntitled, "mandate", need==0);
    json_object_set_new(o, "merged", json_boolean(json_array_size(aG)!=1));
    json_object_set_new(o, "more_voters_needed", need<0 ? json_null() : json_integer((json_int_t)need));
    aRow[nRow++] = o;
  }
  if( nRow ) qsort(aRow, nRow, sizeof *aRow, where_cmp);
  for(size_t k=0; k<nRow; k++) json_array_append_new(out, aRow[k]);
  free(aRow);
  return out;
}

void ballot_outcome_add(const LawSet *pLaw, const char *zRegime, const char *zOn,
                        const char *const *azCondition, json_t *pRes){
  if( json_object_get(pRes, "verdict")==0 ) return;
  {
    int64_t need = ballot_outcome_needed(pLaw, zRegime, zOn, json_integer_value(json_object_get(pRes, "entitled")),
                     json_integer_value(json_object_get(pRes, "counted")),
                     json_integer_value(json_object_get(json_array_get(json_object_get(pRes, "answers"), 0), "votes")),
                     azCondition);
    json_object_set_new(pRes, "more_voters_needed", need<0 ? json_null() : json_integer((json_int_t)need));
  }
  json_object_set_new(pRes, "regimes", every_regime(pLaw, zRegime, zOn, azCondition, pRes));
  json_object_set_new(pRes, "where", where_table(pLaw, zRegime, zOn, azCondition, pRes));
  json_object_set_new(pRes, "where_note", json_string(
    "each workplace judged as if it had been balloted on its own, under the ballot's regime;"
    " more voters needed: the fewest more members who would have had to vote (and vote yes)"
    " for it to pass; workplaces under the privacy floor are merged, never shown alone"));
}

const char *ballot_verdict_words(const char *zKind, int met){
  if( zKind && strcmp(zKind, "offer")==0 ) return met ? "accepted" : "not accepted";
  if( zKind && strcmp(zKind, "motion")==0 ) return met ? "carried" : "not carried";
  if( zKind && strcmp(zKind, "election")==0 ) return met ? "every threshold met" : "a threshold missed";
  return met ? "a mandate" : "no mandate";
}
