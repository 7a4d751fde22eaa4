/* demo_ballot.c: the votes already cast in the demo's worked online
** ballots (REF26 and IND26, made by src/cli/demo_ceremony.c): a share of
** the voters vote with their own credentials, a few of them twice, each
** ballot made as a member's device makes it (election_ballot_make) and
** taken by the server's own intake (ballot_cast: checked, appended to the
** board durably, recorded, the tracker email queued); then the times they
** were received are spread over the span given, so the turnout-over-time
** chart has a shape. For REF26 a reminder wave goes out halfway through
** (reminders.h, with its hold-out), and the members it reminded vote a
** little more than those held out, so its results page has something to
** show: made-up behaviour, labelled as the demo's. Also picks the voters a
** newcomer may vote as. */
#include "demo.h"
#include "ballot.h"
#include "reminders.h"
#include "../crypto/election.h"
#include "../crypto/group.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void demo_ballot_window(char zOpens[BALLOT_TIME], char zCloses[BALLOT_TIME]){
  char zNow[BALLOT_TIME];
  ballot_now(zNow);
  int64_t t = ballot_time_seconds(zNow) / 60 * 60;
  ballot_time_iso(t - 2*86400, zOpens);
  ballot_time_iso(t + 5*86400, zCloses);   /* a week in all: turnout is charted by the hour */
}

/* The k-th uniform number in [0,1) of voter i's random bytes (k < 8). */
static double draw(const unsigned char *aRnd, int64_t i, int k){
  uint32_t v;
  memcpy(&v, aRnd + (size_t)i*32 + (size_t)k*4, 4);
  return (double)v / 4294967296.0;
}

/* When a first vote came in, as a share of its span [0,1): most soon after
** the codes (or the reminder) arrived, a second wave in the evening, the
** rest spread out. */
static double vote_moment(double u, double v){
  if( u<0.50 ){
    double t = -0.12*log(1.0 - v);
    return t<0.97 ? t : 0.97*v;
  }
  if( u<0.80 ) return 0.55 + 0.12*v;
  return 0.98*v;
}

/* What one run of demo_ballot_votes works with. */
typedef struct VoteRun VoteRun;
struct VoteRun {
  Db *db;
  const char *zDbPath;
  const DemoVotePlan *pPlan;
  Ballot b;
  Election e;
  const GroupScalar *aSk;
  unsigned char *aRnd;        /* 32 random bytes per voter */
  DemoCast *aCast;            /* room for two per voter */
  int64_t nCast;
  int64_t tFrom, tTo;
  DemoVotes *pOut;
};

/* A first ballot by voter i at time t, and perhaps a second one later. */
static void plan_vote(VoteRun *p, int64_t i, int64_t t){
  DemoCast *c = &p->aCast[p->nCast++];
  c->iVoter = i;
  c->yes = draw(p->aRnd, i, 1) < p->pPlan->pctYes/100.0;
  c->at = t;
  if( draw(p->aRnd, i, 4) < p->pPlan->pctRevote/100.0 && t+1 < p->tTo ){   /* a change of mind, later */
    DemoCast *r = &p->aCast[p->nCast++];
    r->iVoter = i;
    r->yes = draw(p->aRnd, i, 5) < 0.5 ? !c->yes : c->yes;
    r->at = t + 1 + (int64_t)(draw(p->aRnd, i, 6) * (double)(p->tTo - t - 1));
    p->pOut->nRevote++;
  }
}

/* Ballots aCast[iFrom + k*nStep] made into aItem[], on one thread. */
typedef struct MakeJob MakeJob;
struct MakeJob {
  VoteRun *p;
  int64_t iFrom, iTo, k, nStep;
  Buf *aItem;
  int64_t iFailed;            /* the voter whose ballot could not be made, else -1 */
};

static void *make_ballots(void *pArg){
  MakeJob *j = pArg;
  for(int64_t i=j->iFrom + j->k; i<j->iTo && j->iFailed<0; i+=j->nStep){
    const DemoCast *c = &j->p->aCast[i];
    uint8_t aChoice[ELECTION_MAX_ANSWERS] = {0};
    GroupPoint pk;
    aChoice[0] = (uint8_t)c->yes;
    group_base_mult(&pk, &j->p->aSk[c->iVoter]);
    if( election_ballot_make(&j->aItem[i - j->iFrom], &j->p->e, &j->p->aSk[c->iVoter], &pk, aChoice) ){
      j->iFailed = c->iVoter;
    }
  }
  return 0;
}

#define MAKE_THREADS 4

/* Cast aCast[iFrom..iTo) (in time order) through the intake, then set the
** times they came in, and each voter's first, to the planned ones. The
** ballots are made first, on a few threads (as many devices would); the
** intake takes them one by one, in order. */
static int cast_span(VoteRun *p, int64_t iFrom, int64_t iTo, char **pzErr){
  int64_t n = iTo - iFrom;
  Buf *aItem = xcalloc((size_t)(n ? n : 1), sizeof *aItem);
  MakeJob aJob[MAKE_THREADS];
  pthread_t aThread[MAKE_THREADS];
  int aStarted[MAKE_THREADS];
  char zWhy[320];
  int rc = -1;
  for(int k=0; k<MAKE_THREADS; k++){
    aJob[k] = (MakeJob){ p, iFrom, iTo, k, MAKE_THREADS, aItem, -1 };
    aStarted[k] = k>0 && pthread_create(&aThread[k], 0, make_ballots, &aJob[k])==0;
  }
  for(int k=0; k<MAKE_THREADS; k++){
    if( k==0 || !aStarted[k] ) make_ballots(&aJob[k]);   /* this thread's share, and any not started */
  }
  for(int k=1; k<MAKE_THREADS; k++) if( aStarted[k] ) pthread_join(aThread[k], 0);
  for(int k=0; k<MAKE_THREADS; k++){
    if( aJob[k].iFailed>=0 ){ buf_error(pzErr, "cannot make a ballot for voter %lld", (long long)aJob[k].iFailed+1); goto out; }
  }
  for(int64_t k=iFrom; k<iTo; k++){
    DemoCast *c = &p->aCast[k];
    const Buf *pItem = &aItem[k - iFrom];
    BallotCast bc;
    unsigned char h[32];
    BallotCastCode r = ballot_cast(p->db, p->zDbPath, p->b.zCode, (const unsigned char*)pItem->z, pItem->n,
                                   &bc, zWhy, sizeof zWhy);
    if( r!=BALLOT_CAST_OK ){ buf_error(pzErr, "voter %lld's ballot was refused: %s", (long long)c->iVoter+1, zWhy); goto out; }
    board_ballot_hash(h, (const unsigned char*)pItem->z, pItem->n);
    board_hex(c->zHash, h, 32);
    p->pOut->nBallot++;
  }
  if( db_begin(p->db) ){ buf_error(pzErr, "%s", db_errmsg(p->db)); goto out; }
  DbStmt *s = db_prepare(p->db, "UPDATE ballot_received SET received_at=? WHERE ballot_id=? AND hash=?");
  int r = DB_DONE;
  for(int64_t k=iFrom; k<iTo && r!=DB_ERROR; k++){
    char zAt[BALLOT_TIME];
    ballot_time_iso(p->aCast[k].at, zAt);
    db_bind_text(s, 1, zAt);
    db_bind_int(s, 2, p->b.id);
    db_bind_text(s, 3, p->aCast[k].zHash);
    r = db_step(s);
    db_reset(s);
  }
  db_finalize(s);
  if( r!=DB_ERROR ){
    s = db_prepare(p->db, "UPDATE ballot_voters SET voted_at=(SELECT min(r.received_at) FROM ballot_received r"
                          " WHERE r.voter_id=ballot_voters.id) WHERE ballot_id=? AND voted_at IS NOT NULL");
    db_bind_int(s, 1, p->b.id);
    r = db_step(s);
    db_finalize(s);
  }
  if( r!=DB_ERROR ){
    /* the demo's votes are history: no receipt emails for them when the
    ** server's sender first runs (ballot_tracker_mail_due) */
    s = db_prepare(p->db, "UPDATE ballots SET trackers_mailed_to=(SELECT coalesce(max(r.id), 0)"
                          " FROM ballot_received r WHERE r.ballot_id=ballots.id) WHERE id=?");
    db_bind_int(s, 1, p->b.id);
    r = db_step(s);
    db_finalize(s);
  }
  if( r==DB_ERROR || db_commit(p->db) ){
    buf_error(pzErr, "%s", db_errmsg(p->db));
    db_rollback(p->db);
    goto out;
  }
  rc = 0;
out:
  for(int64_t k=0; k<n; k++) buf_reset(&aItem[k]);
  free(aItem);
  return rc;
}

/* The reminder wave at tWave, sent through reminders.h as an officer's
** would be: scheduled two hours before, sent at tWave to those who had not
** voted. aGroup[i] gets 1 for voter i+1 reminded, 2 held out, else 0. */
static int send_reminder(VoteRun *p, int64_t tWave, unsigned char *aGroup, char **pzErr){
  char zAt[BALLOT_TIME], zMade[BALLOT_TIME];
  ReminderSpec rs;
  ReminderSent sent;
  int waveNo = 0, r;
  ballot_time_iso(tWave, zAt);
  ballot_time_iso(tWave - 2*3600, zMade);
  memset(&rs, 0, sizeof rs);
  rs.zChannel = "email";
  rs.zSendAt = zAt;
  rs.zLinkBase = p->pPlan->zLinkBase;
  rs.holdoutPct = REMINDER_HOLDOUT_DEFAULT;
  rs.zBy = "officer";
  if( reminder_schedule(p->db, &p->b, &rs, zMade, &waveNo, pzErr) ) return -1;
  if( reminder_send_due(p->db, &p->b, zAt, &sent, pzErr) ) return -1;
  DbStmt *s = db_prepare(p->db,
    "SELECT v.voter_no, r.held_out FROM reminder_recipients r JOIN ballot_voters v ON v.id=r.voter_id"
    " JOIN reminder_waves w ON w.id=r.wave_id WHERE w.ballot_id=? AND w.wave_no=?");
  db_bind_int(s, 1, p->b.id);
  db_bind_int(s, 2, waveNo);
  while( (r = db_step(s))==DB_ROW ){
    int64_t no = db_col_int(s, 0);
    if( no<1 || no>p->b.nVoter ) continue;
    aGroup[no-1] = db_col_int(s, 1) ? 2 : 1;
    if( db_col_int(s, 1) ) p->pOut->nHeldOut++; else p->pOut->nReminded++;
  }
  db_finalize(s);
  if( r!=DB_DONE ) return buf_error(pzErr, "%s", db_errmsg(p->db));
  return 0;
}

/* One voter who had not voted by the reminder, for the draw after it. */
typedef struct Later Later;
struct Later { double u; int64_t i; };
static int later_by_draw(const void *a, const void *b){
  const Later *p = a, *q = b;
  return p->u<q->u ? -1 : p->u>q->u ? 1 : (p->i<q->i ? -1 : p->i>q->i);
}

/* The ballots after the reminder at tWave: of those who had not voted
** (draw 0 >= before), in each group (aGroup: 0 no email address, 1
** reminded, 2 held out) exactly round(n * share) vote, the reminded's
** share 4 points over the mean share `after`, the others' 4 under; many
** of the reminded within hours of it. */
static void plan_after(VoteRun *p, double before, double after, int64_t tWave, const unsigned char *aGroup){
  int64_t nSk = p->b.nVoter;
  Later *a = xcalloc((size_t)(nSk ? nSk : 1), sizeof *a);
  for(int g=0; g<3; g++){
    int64_t n = 0;
    for(int64_t i=0; i<nSk; i++){
      if( aGroup[i]!=g || draw(p->aRnd, i, 0) < before ) continue;
      a[n].u = draw(p->aRnd, i, 7);
      a[n].i = i;
      n++;
    }
    qsort(a, (size_t)n, sizeof *a, later_by_draw);
    double share = g==1 ? after + 0.04 : after - 0.04;
    int64_t nVote = (int64_t)(share * (double)n + 0.5);
    for(int64_t k=0; k<nVote && k<n; k++){
      int64_t i = a[k].i;
      double u = draw(p->aRnd, i, 2), v = draw(p->aRnd, i, 3), t;
      if( g==1 && u<0.45 ){
        t = -0.05*log(1.0 - v);            /* within hours of the reminder */
        if( t>0.9 ) t = 0.9*v;
      }else{
        t = vote_moment(u, v);
      }
      plan_vote(p, i, tWave + (int64_t)(t * (double)(p->tTo - tWave)));
    }
  }
  free(a);
}

/* A few who have not voted, from different workplaces where there are
** enough, for the newcomer. */
static void pick_free_voters(VoteRun *p){
  DbStmt *s = db_prepare(p->db,
    "SELECT v.voter_no, m.number, m.first_name, m.last_name, u.name FROM ballot_voters v"
    " JOIN members m ON m.id=v.member_id JOIN units u ON u.id=v.unit_id"
    " WHERE v.ballot_id=? AND v.voted_at IS NULL"
    " ORDER BY CASE WHEN v.voter_no=(SELECT min(w.voter_no) FROM ballot_voters w WHERE w.ballot_id=v.ballot_id"
    " AND w.unit_id=v.unit_id AND w.voted_at IS NULL) THEN 0 ELSE 1 END, v.voter_no LIMIT ?");
  db_bind_int(s, 1, p->b.id);
  db_bind_int(s, 2, DEMO_FREE_VOTERS);
  while( p->pOut->nFree<DEMO_FREE_VOTERS && db_step(s)==DB_ROW ){
    DemoFreeVoter *f = &p->pOut->aFree[p->pOut->nFree++];
    f->voterNo = db_col_int(s, 0);
    db_col_copy(s, 1, f->zMember, sizeof f->zMember);
    snprintf(f->zName, sizeof f->zName, "%s %s", db_col_text(s, 2), db_col_text(s, 3));
    db_col_copy(s, 4, f->zWorkplace, sizeof f->zWorkplace);
  }
  db_finalize(s);
}

int demo_ballot_votes(Db *db, const char *zDbPath, const DemoVotePlan *pPlan,
                      const GroupScalar *aSk, int64_t nSk, DemoVotes *pOut, char **pzErr){
  VoteRun run;
  unsigned char aSeed[randombytes_SEEDBYTES], *aGroup = 0;
  char zWhy[320], *zBoard = 0;
  Buf path = BUF_INIT;
  int rc = -1;
  memset(pOut, 0, sizeof *pOut);
  memset(&run, 0, sizeof run);
  run.db = db; run.zDbPath = zDbPath; run.pPlan = pPlan; run.aSk = aSk; run.pOut = pOut;
  if( ballot_load(db, pPlan->zCode, &run.b)!=0 ){ buf_error(pzErr, "no ballot %s", pPlan->zCode); return -1; }
  if( run.b.nVoter!=nSk ){ buf_error(pzErr, "%lld credentials for %lld voters", (long long)nSk, (long long)run.b.nVoter); return -1; }
  run.tFrom = ballot_time_seconds(pPlan->zFrom);
  run.tTo = ballot_time_seconds(pPlan->zTo);
  int64_t tWave = pPlan->zReminderAt ? ballot_time_seconds(pPlan->zReminderAt) : 0;
  if( run.tFrom<0 || run.tFrom>=run.tTo ){ buf_error(pzErr, "no time between %s and %s for votes", pPlan->zFrom, pPlan->zTo); return -1; }
  if( pPlan->zReminderAt && (tWave<=run.tFrom || tWave>=run.tTo) ){
    buf_error(pzErr, "the reminder (%s) is not between %s and %s", pPlan->zReminderAt, pPlan->zFrom, pPlan->zTo);
    return -1;
  }
  zBoard = ballot_board_dir(zDbPath, pPlan->zCode);
  buf_printf(&path, "%s/board", zBoard);
  if( ballot_election_load(buf_str(&path), &run.e, zWhy, sizeof zWhy) ){ buf_error(pzErr, "%s", zWhy); goto out; }
  /* the same seed, the same votes (the keys are fresh each time) */
  memset(aSeed, 0, sizeof aSeed);
  memcpy(aSeed, &pPlan->seed, sizeof pPlan->seed);
  snprintf((char*)aSeed + 8, sizeof aSeed - 8, "demo-%s", pPlan->zCode);
  run.aRnd = xmalloc((size_t)nSk*32);
  randombytes_buf_deterministic(run.aRnd, (size_t)nSk*32, aSeed);
  run.aCast = xcalloc((size_t)nSk*2 + 1, sizeof *run.aCast);
  group_init();
  if( !pPlan->zReminderAt ){
    for(int64_t i=0; i<nSk; i++){
      if( draw(run.aRnd, i, 0) >= pPlan->pctVoted/100.0 ) continue;
      plan_vote(&run, i, run.tFrom + (int64_t)(vote_moment(draw(run.aRnd, i, 2), draw(run.aRnd, i, 3))
                                               * (double)(run.tTo - run.tFrom)));
    }
    qsort(run.aCast, (size_t)run.nCast, sizeof *run.aCast, cast_by_time);
    if( cast_span(&run, 0, run.nCast, pzErr) ) goto out;
  }else{
    /* before the reminder: a little over half of those who will vote */
    double before = pPlan->pctVoted/100.0 * 0.55;
    double after = (pPlan->pctVoted/100.0 - before) / (1.0 - before);
    int64_t nBefore = 0;
    for(int64_t i=0; i<nSk; i++){
      if( draw(run.aRnd, i, 0) >= before ) continue;
      plan_vote(&run, i, run.tFrom + (int64_t)(vote_moment(draw(run.aRnd, i, 2), draw(run.aRnd, i, 3))
                                               * (double)(tWave - run.tFrom)));
    }
    qsort(run.aCast, (size_t)run.nCast, sizeof *run.aCast, cast_by_time);
    while( nBefore<run.nCast && run.aCast[nBefore].at<tWave ) nBefore++;
    if( cast_span(&run, 0, nBefore, pzErr) ) goto out;
    aGroup = xcalloc((size_t)nSk, 1);
    if( send_reminder(&run, tWave, aGroup, pzErr) ) goto out;
    /* after it: those reminded a little more often, many of them soon;
    ** those held out (and those without an email address) a little less:
    ** in each group, exactly its share, those with the lowest draws */
    plan_after(&run, before, after, tWave, aGroup);
    qsort(run.aCast + nBefore, (size_t)(run.nCast - nBefore), sizeof *run.aCast, cast_by_time);
    if( cast_span(&run, nBefore, run.nCast, pzErr) ) goto out;
  }
  pick_free_voters(&run);
  pOut->nVoter = run.b.nVoter;
  pOut->nVoted = run.nCast - pOut->nRevote;
  rc = 0;
out:
  if( run.aRnd ) sodium_memzero(run.aRnd, (size_t)nSk*32);
  free(run.aRnd);
  free(run.aCast);
  free(aGroup);
  free(zBoard);
  election_clear(&run.e);
  buf_reset(&path);
  return rc;
}
