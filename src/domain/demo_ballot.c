/* demo_ballot.c: the votes already cast in the demo's worked online ballot
** (REF26, made by src/cli/demo_ceremony.c): a share of the voters vote
** with their own credentials, leaning yes, a few of them twice, each
** ballot made as a member's device makes it (election_ballot_make) and
** taken by the server's own intake (ballot_cast: checked, appended to the
** board durably, recorded, the tracker email queued); then the times they
** were received are spread over the past day, so the turnout-over-time
** chart has a shape. Also picks the voters a newcomer may vote as. */
#include "demo.h"
#include "ballot.h"
#include "../crypto/election.h"
#include "../crypto/group.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One ballot to cast: whose, how, when (seconds since the epoch). */
typedef struct DemoCast DemoCast;
struct DemoCast {
  int64_t iVoter;             /* 0-based: voter number - 1 */
  int yes;
  int64_t at;
  char zHash[65];             /* OUT: the ballot's hash, hex */
};

static int cast_by_time(const void *a, const void *b){
  const DemoCast *p = a, *q = b;
  return p->at<q->at ? -1 : p->at>q->at ? 1 : (p->iVoter<q->iVoter ? -1 : p->iVoter>q->iVoter);
}

/* "YYYY-MM-DDTHH:MM:SSZ" <-> seconds since the epoch (UTC). */
static int64_t iso_seconds(const char *z){
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if( strptime(z, "%Y-%m-%dT%H:%M:%S", &tm)==0 ) return 0;
  return (int64_t)timegm(&tm);
}
static void seconds_iso(int64_t t, char zOut[BALLOT_TIME]){
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(zOut, BALLOT_TIME, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void demo_ballot_window(char zOpens[BALLOT_TIME], char zCloses[BALLOT_TIME]){
  char zNow[BALLOT_TIME];
  ballot_now(zNow);
  int64_t t = iso_seconds(zNow) / 60 * 60;
  seconds_iso(t - 86400, zOpens);
  seconds_iso(t + 6*86400, zCloses);     /* a week in all: turnout is charted by the hour */
}

/* The k-th uniform number in [0,1) of voter i's random bytes. */
static double draw(const unsigned char *aRnd, int64_t i, int k){
  uint32_t v;
  memcpy(&v, aRnd + (size_t)i*32 + (size_t)k*4, 4);
  return (double)v / 4294967296.0;
}

/* When a first vote came in, as a share of the day [0,1): most soon after
** the codes arrived, a second wave in the evening, the rest through the day. */
static double vote_moment(double u, double v){
  if( u<0.50 ){
    double t = -0.12*log(1.0 - v);
    return t<0.97 ? t : 0.97*v;
  }
  if( u<0.80 ) return 0.55 + 0.12*v;
  return 0.98*v;
}

int demo_ballot_votes(Db *db, const char *zDbPath, const char *zCode,
                      const GroupScalar *aSk, int64_t nSk, int pctVoted, uint64_t seed,
                      DemoVotes *pOut, char **pzErr){
  Ballot b;
  Election e;
  DemoCast *aCast = 0;
  unsigned char *aRnd = 0, aSeed[randombytes_SEEDBYTES];
  char zWhy[320], *zBoard = 0, zNow[BALLOT_TIME];
  Buf item = BUF_INIT, path = BUF_INIT;
  int64_t nCast = 0, tFrom, tTo;
  int rc = -1, inTx = 0;
  memset(pOut, 0, sizeof *pOut);
  memset(&e, 0, sizeof e);
  if( ballot_load(db, zCode, &b)!=0 ){ buf_error(pzErr, "no ballot %s", zCode); return -1; }
  if( b.nVoter!=nSk ){ buf_error(pzErr, "%lld credentials for %lld voters", (long long)nSk, (long long)b.nVoter); return -1; }
  zBoard = ballot_board_dir(zDbPath, zCode);
  buf_printf(&path, "%s/board", zBoard);
  if( ballot_election_load(buf_str(&path), &e, zWhy, sizeof zWhy) ){ buf_error(pzErr, "%s", zWhy); goto out; }
  /* votes from the opening (or a day ago) until a few minutes ago */
  ballot_now(zNow);
  tTo = iso_seconds(zNow) - 300;
  tFrom = iso_seconds(b.zOpens);
  if( tFrom < tTo - 86400 ) tFrom = tTo - 86400;
  if( tFrom >= tTo ){ buf_error(pzErr, "ballot %s opened too recently for votes in the past", zCode); goto out; }
  /* the same seed, the same votes (the keys are fresh each time) */
  memset(aSeed, 0, sizeof aSeed);
  memcpy(aSeed, &seed, sizeof seed);
  memcpy(aSeed + 8, "demo-ballot", 11);
  aRnd = xmalloc((size_t)nSk*32);
  randombytes_buf_deterministic(aRnd, (size_t)nSk*32, aSeed);
  aCast = xcalloc((size_t)nSk*2 + 1, sizeof *aCast);
  for(int64_t i=0; i<nSk; i++){
    if( draw(aRnd, i, 0) >= pctVoted/100.0 ) continue;
    DemoCast *c = &aCast[nCast++];
    c->iVoter = i;
    c->yes = draw(aRnd, i, 1) < 0.62;
    c->at = tFrom + (int64_t)(vote_moment(draw(aRnd, i, 2), draw(aRnd, i, 3)) * (double)(tTo - tFrom));
    if( draw(aRnd, i, 4) < 0.04 ){           /* a change of mind, later */
      DemoCast *r = &aCast[nCast++];
      r->iVoter = i;
      r->yes = draw(aRnd, i, 5) < 0.5 ? !c->yes : c->yes;
      r->at = c->at + 1 + (int64_t)(draw(aRnd, i, 6) * (double)(tTo - c->at - 1));
      pOut->nRevote++;
    }
  }
  qsort(aCast, (size_t)nCast, sizeof *aCast, cast_by_time);
  group_init();
  for(int64_t k=0; k<nCast; k++){
    uint8_t aChoice[ELECTION_MAX_ANSWERS] = {0};
    GroupPoint pk;
    BallotCast bc;
    unsigned char h[32];
    aChoice[0] = (uint8_t)aCast[k].yes;
    group_base_mult(&pk, &aSk[aCast[k].iVoter]);
    buf_truncate(&item, 0);
    if( election_ballot_make(&item, &e, &aSk[aCast[k].iVoter], &pk, aChoice) ){
      buf_error(pzErr, "cannot make a ballot for voter %lld", (long long)aCast[k].iVoter+1); goto out;
    }
    BallotCastCode r = ballot_cast(db, zDbPath, zCode, (const unsigned char*)item.z, item.n, &bc, zWhy, sizeof zWhy);
    if( r!=BALLOT_CAST_OK ){ buf_error(pzErr, "voter %lld's ballot was refused: %s", (long long)aCast[k].iVoter+1, zWhy); goto out; }
    board_ballot_hash(h, (const unsigned char*)item.z, item.n);
    board_hex(aCast[k].zHash, h, 32);
    pOut->nBallot++;
  }
  /* the times they came in: spread over the day, in the board's order */
  if( db_begin(db) ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
  inTx = 1;
  {
    DbStmt *s = db_prepare(db, "UPDATE ballot_received SET received_at=? WHERE ballot_id=? AND hash=?");
    for(int64_t k=0; k<nCast; k++){
      char zAt[BALLOT_TIME];
      seconds_iso(aCast[k].at, zAt);
      db_bind_text(s, 1, zAt);
      db_bind_int(s, 2, b.id);
      db_bind_text(s, 3, aCast[k].zHash);
      if( db_step(s)==DB_ERROR ){ db_finalize(s); buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
      db_reset(s);
    }
    db_finalize(s);
    s = db_prepare(db, "UPDATE ballot_voters SET voted_at=(SELECT min(r.received_at) FROM ballot_received r"
                       " WHERE r.voter_id=ballot_voters.id) WHERE ballot_id=? AND voted_at IS NOT NULL");
    db_bind_int(s, 1, b.id);
    int r = db_step(s);
    db_finalize(s);
    if( r==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
  }
  /* a few who have not voted, from different workplaces where there are
  ** enough, for the newcomer */
  {
    DbStmt *s = db_prepare(db,
      "SELECT v.voter_no, m.number, m.first_name, m.last_name, u.name FROM ballot_voters v"
      " JOIN members m ON m.id=v.member_id JOIN units u ON u.id=v.unit_id"
      " WHERE v.ballot_id=? AND v.voted_at IS NULL"
      " ORDER BY CASE WHEN v.voter_no=(SELECT min(w.voter_no) FROM ballot_voters w WHERE w.ballot_id=v.ballot_id"
      " AND w.unit_id=v.unit_id AND w.voted_at IS NULL) THEN 0 ELSE 1 END, v.voter_no LIMIT ?");
    db_bind_int(s, 1, b.id);
    db_bind_int(s, 2, DEMO_FREE_VOTERS);
    while( pOut->nFree<DEMO_FREE_VOTERS && db_step(s)==DB_ROW ){
      DemoFreeVoter *f = &pOut->aFree[pOut->nFree++];
      f->voterNo = db_col_int(s, 0);
      db_col_copy(s, 1, f->zMember, sizeof f->zMember);
      snprintf(f->zName, sizeof f->zName, "%s %s", db_col_text(s, 2), db_col_text(s, 3));
      db_col_copy(s, 4, f->zWorkplace, sizeof f->zWorkplace);
    }
    db_finalize(s);
  }
  if( db_commit(db) ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
  inTx = 0;
  pOut->nVoter = b.nVoter;
  pOut->nVoted = nCast - pOut->nRevote;
  rc = 0;
out:
  if( inTx ) db_rollback(db);
  if( aRnd ) sodium_memzero(aRnd, (size_t)nSk*32);
  free(aRnd);
  free(aCast);
  free(zBoard);
  election_clear(&e);
  buf_reset(&item);
  buf_reset(&path);
  return rc;
}
