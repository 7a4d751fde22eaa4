/* reminders.c: measured reminder waves (reminders.h): the statistics, the
** reproducible hold-out draw, scheduling, sending through the outbox and
** the results per wave. docs/ballots.md, "Reminders, measured". */
#include "reminders.h"
#include "outbox.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/template.h"
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const int aReminderDay[REMINDER_NDAY] = { 1, 2, 3, 7 };

#define Z95 1.959963984540054   /* the 97.5th percentile of the normal */

/************************ the statistics ************************/

void reminder_wilson(int64_t x, int64_t n, double *pLo, double *pHi){
  double p = (double)x/(double)n, nn = (double)n, z2 = Z95*Z95;
  double centre = ((double)x + z2/2)/(nn + z2);
  double half = Z95*sqrt(nn)/(nn + z2)*sqrt(p*(1-p) + z2/(4*nn));
  *pLo = centre - half < 0 ? 0 : centre - half;
  *pHi = centre + half > 1 ? 1 : centre + half;
}

int reminder_diff(int64_t x1, int64_t n1, int64_t x0, int64_t n0, ReminderDiff *pOut){
  double l1, u1, l0, u0;
  memset(pOut, 0, sizeof *pOut);
  if( n1<=0 || n0<=0 ) return -1;
  pOut->p1 = (double)x1/(double)n1;
  pOut->p0 = (double)x0/(double)n0;
  reminder_wilson(x1, n1, &l1, &u1);
  reminder_wilson(x0, n0, &l0, &u0);
  pOut->diff = pOut->p1 - pOut->p0;
  pOut->lo = pOut->diff - sqrt((pOut->p1-l1)*(pOut->p1-l1) + (u0-pOut->p0)*(u0-pOut->p0));
  pOut->hi = pOut->diff + sqrt((u1-pOut->p1)*(u1-pOut->p1) + (pOut->p0-l0)*(pOut->p0-l0));
  return 0;
}

void reminder_sentence(const ReminderDiff *p, char *zOut, size_t nOut){
  double d = 100*p->diff, lo = 100*p->lo, hi = 100*p->hi;
  if( lo>0 ){
    snprintf(zOut, nOut, "the reminder raised turnout by %.1f points (95%% CI %.1f to %.1f)", d, lo, hi);
  }else if( hi<0 ){
    snprintf(zOut, nOut, "the reminder lowered turnout by %.1f points (95%% CI %.1f to %.1f)", -d, lo, hi);
  }else{
    snprintf(zOut, nOut, "the reminder made no clear difference: %+.1f points (95%% CI %.1f to %.1f,"
             " which includes no effect)", d, lo, hi);
  }
}

/************************ the draw ************************/

int64_t reminder_holdout_count(int64_t n, int pct){
  return (n*pct + 50)/100;
}

typedef struct DrawKey DrawKey;
struct DrawKey { uint64_t key; int64_t i; };

static int draw_key_cmp(const void *a, const void *b){
  const DrawKey *x = a, *y = b;
  if( x->key!=y->key ) return x->key < y->key ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

void reminder_draw(const unsigned char aSeed[32], const int64_t *aVoterNo, int64_t n, int pct,
                   unsigned char *aHeld){
  DrawKey *a = xcalloc(n ? (size_t)n : 1, sizeof *a);
  int64_t nHeld = reminder_holdout_count(n, pct);
  for(int64_t i=0; i<n; i++){
    char zNo[24];
    unsigned char h[8];
    int nNo = snprintf(zNo, sizeof zNo, "%lld", (long long)aVoterNo[i]);
    crypto_generichash(h, sizeof h, (const unsigned char*)zNo, (size_t)nNo, aSeed, 32);
    a[i].key = 0;
    for(int k=0; k<8; k++) a[i].key = (a[i].key<<8) | h[k];
    a[i].i = i;
    aHeld[i] = 0;
  }
  qsort(a, (size_t)n, sizeof *a, draw_key_cmp);
  for(int64_t k=0; k<nHeld; k++) aHeld[a[k].i] = 1;
  free(a);
}

/************************ time ************************/

/* zTime (YYYY-MM-DDTHH:MM:SSZ) plus nDay days, into zOut. */
static void time_plus_days(const char *zTime, int nDay, char zOut[BALLOT_TIME]){
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if( sscanf(zTime, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
             &tm.tm_hour, &tm.tm_min, &tm.tm_sec)!=6 ){
    snprintf(zOut, BALLOT_TIME, "%s", zTime);
    return;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_mday += nDay;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(zOut, BALLOT_TIME, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/************************ scheduling ************************/

static const char zDefaultTemplate[] =
  "Dear {first_name},\n\n"
  "Voting in \"{title}\" closes at {closes} (UTC). If you have not voted yet,\n"
  "it takes a minute, on your phone or computer:\n\n"
  "{link}\n\n"
  "Your voting code is in the email or letter from the independent scrutineer.\n"
  "If you have voted already, thank you: there is nothing more to do.\n";

static const char zDefaultSms[] =
  "{first_name}, voting in \"{title}\" closes {closes}. Vote here: {link} "
  "(your code is in the scrutineer's email or letter)";

const char *reminder_default_template(const char *zChannel){
  return zChannel && strcmp(zChannel, "sms")==0 ? zDefaultSms : zDefaultTemplate;
}

/* Whether z holds a run of 40 or more hex digits: what a voting code or a
** key looks like. Reminders carry the link only. */
static int has_long_hex(const char *z){
  int n = 0;
  for(; *z; z++){
    n = ((*z>='0' && *z<='9') || (*z>='a' && *z<='f') || (*z>='A' && *z<='F')) ? n+1 : 0;
    if( n>=40 ) return 1;
  }
  return 0;
}

int reminder_schedule(Db *db, const Ballot *pB, const ReminderSpec *p, const char *zNow,
                      int *pWaveNo, char **pzErr){
  Buf err = BUF_INIT;
  char zAt[BALLOT_TIME] = "";
  const char *zWhy;
  int isSms = p->zChannel && strcmp(p->zChannel, "sms")==0;
  const char *zTemplate = p->zTemplate ? p->zTemplate : isSms ? zDefaultSms : zDefaultTemplate;
  if( p->zChannel==0 || (strcmp(p->zChannel, "email")!=0 && !isSms) ){
    buf_puts(&err, "the channel must be email or sms\n");
  }
  if( ballot_parse_time(p->zSendAt, zAt, &zWhy) ){
    buf_printf(&err, "when to send: %s\n", zWhy);
  }else{
    if( strcmp(zAt, pB->zOpens)<0 || strcmp(zAt, pB->zCloses)>=0 ){
      buf_printf(&err, "send it while voting is open: from %s to before %s\n", pB->zOpens, pB->zCloses);
    }
    if( strcmp(zAt, zNow)<0 && zNow[0] ) buf_printf(&err, "%s is in the past (it is %s)\n", zAt, zNow);
  }
  if( pB->zClosedAt[0] ) buf_puts(&err, "the ballot is closed\n");
  if( p->holdoutPct<0 || p->holdoutPct>REMINDER_HOLDOUT_MAX ){
    buf_printf(&err, "the hold-out must be 0 to %d per cent\n", REMINDER_HOLDOUT_MAX);
  }
  if( !outbox_link_base_ok(p->zLinkBase) ){
    buf_puts(&err, "the link base (--link-base) must be the union's web address, https://HOST (http:// only"
                   " for this machine); the link is BASE/vote/CODE\n");
  }
  if( strstr(zTemplate, "{link}")==0 ) buf_puts(&err, "the message must hold {link}: the voting page\n");
  if( strstr(zTemplate, "{code}") || strstr(zTemplate, "{credential}") || has_long_hex(zTemplate) ){
    buf_puts(&err, "a reminder never carries a voting code: the server does not have them, and a"
                   " reminder goes out as a link only\n");
  }
  if( strlen(zTemplate)>(isSms ? 1200u : 50000u) ) buf_puts(&err, "the message is too long\n");
  if( p->zSubject && (strlen(p->zSubject)<1 || strlen(p->zSubject)>200) ){
    buf_puts(&err, "the subject must be 1 to 200 bytes\n");
  }
  if( err.n ){
    buf_truncate(&err, err.n-1);
    *pzErr = buf_steal(&err);
    return -1;
  }
  unsigned char aSeed[32];
  char zSeed[65];
  randombytes_buf(aSeed, sizeof aSeed);
  sodium_bin2hex(zSeed, sizeof zSeed, aSeed, sizeof aSeed);
  if( db_begin(db) ) return buf_error(pzErr, "store: %s", db_errmsg(db));
  DbStmt *s = db_prepare(db, "SELECT COALESCE(max(wave_no),0)+1 FROM reminder_waves WHERE ballot_id=?");
  db_bind_int(s, 1, pB->id);
  int waveNo = db_step(s)==DB_ROW ? (int)db_col_int(s, 0) : 0;
  db_finalize(s);
  s = db_prepare(db, "INSERT INTO reminder_waves(ballot_id,wave_no,channel,subject,template,link_base,"
                     "send_at,holdout_pct,seed,created_by,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, waveNo);
  db_bind_text(s, 3, p->zChannel);
  db_bind_text(s, 4, isSms ? 0 : p->zSubject);
  db_bind_text(s, 5, zTemplate);
  db_bind_text(s, 6, p->zLinkBase);
  db_bind_text(s, 7, zAt);
  db_bind_int(s, 8, p->holdoutPct);
  db_bind_text(s, 9, zSeed);
  db_bind_text(s, 10, p->zBy ? p->zBy : "");
  db_bind_text(s, 11, zNow);
  int rc = waveNo>0 && db_step(s)==DB_DONE ? 0 : -1;
  db_finalize(s);
  if( rc || db_commit(db) ){
    buf_error(pzErr, "store: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  *pWaveNo = waveNo;
  return 0;
}

/************************ sending ************************/

/* zTemplate with {first_name} {title} {closes} {link} filled in, into pOut. */
static void fill_template(Buf *pOut, const char *zTemplate, const char *zFirst, const Ballot *pB,
                          const char *zLink){
  static const char *const azKey[] = { "{first_name}", "{title}", "{closes}", "{link}" };
  char zCloses[BALLOT_TIME];
  snprintf(zCloses, sizeof zCloses, "%.10s %.5s", pB->zCloses, pB->zCloses+11);
  const char *azVal[] = { zFirst && zFirst[0] ? zFirst : "member", pB->zTitle, zCloses, zLink };
  template_fill(pOut, zTemplate, azKey, azVal, 4);
}

/* One non-voter with an address for the wave's channel. */
typedef struct Recipient Recipient;
struct Recipient {
  int64_t voterId, voterNo, memberId;
  char *zFirst, *zTo;
};

/* Send wave waveId of ballot pB inside an open transaction. */
static int send_wave(Db *db, const Ballot *pB, int64_t waveId, const char *zNow,
                     ReminderSent *pOut, char **pzErr){
  char zChannel[8] = "", zSeed[65] = "";
  char *zSubject = 0, *zTemplate = 0, *zLinkBase = 0;
  int pct = 0, rc = -1;
  Recipient *a = 0;
  int64_t n = 0, nAlloc = 0, nNoAddress = 0;
  unsigned char aSeed[32], *aHeld = 0;
  OutboxNew *aNew = 0;
  int64_t *aId = 0;
  Buf *aBody = 0;
  /* Claim it: only one run ever sends a wave. */
  DbStmt *s = db_prepare(db, "UPDATE reminder_waves SET sent_at=? WHERE id=? AND sent_at IS NULL"
                             " RETURNING channel, subject, template, link_base, holdout_pct, seed");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, waveId);
  if( db_step(s)==DB_ROW ){
    db_col_copy(s, 0, zChannel, sizeof zChannel);
    zSubject = xstrdup(db_col_text(s, 1));
    zTemplate = xstrdup(db_col_text(s, 2));
    zLinkBase = xstrdup(db_col_text(s, 3));
    pct = (int)db_col_int(s, 4);
    db_col_copy(s, 5, zSeed, sizeof zSeed);
  }
  db_finalize(s);
  if( zTemplate==0 ){ rc = 0; goto done; }   /* another run sent it */
  int isSms = strcmp(zChannel, "sms")==0;
  s = db_prepare(db, "SELECT v.id, v.voter_no, m.id, m.first_name, m.email, m.mobile FROM ballot_voters v"
                     " JOIN members m ON m.id=v.member_id WHERE v.ballot_id=? AND v.voted_at IS NULL"
                     " ORDER BY v.voter_no");
  db_bind_int(s, 1, pB->id);
  int r;
  while( (r = db_step(s))==DB_ROW ){
    const char *zTo = db_col_text(s, isSms ? 5 : 4);
    if( zTo==0 || zTo[0]==0 ){ nNoAddress++; continue; }
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 64; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
    a[n].voterId = db_col_int(s, 0);
    a[n].voterNo = db_col_int(s, 1);
    a[n].memberId = db_col_int(s, 2);
    a[n].zFirst = xstrdup(db_col_text(s, 3));
    a[n].zTo = xstrdup(zTo);
    n++;
  }
  db_finalize(s);
  if( r!=DB_DONE ){ buf_error(pzErr, "store: %s", db_errmsg(db)); goto done; }
  int64_t *aNo = xcalloc(n ? (size_t)n : 1, sizeof *aNo);
  for(int64_t i=0; i<n; i++) aNo[i] = a[i].voterNo;
  aHeld = xcalloc(n ? (size_t)n : 1, 1);
  sodium_hex2bin(aSeed, sizeof aSeed, zSeed, strlen(zSeed), 0, 0, 0);
  reminder_draw(aSeed, aNo, n, pct, aHeld);
  free(aNo);
  /* The messages, then who was in which group. */
  char *zLink = 0;
  {
    Buf l = BUF_INIT;
    buf_printf(&l, "%s%svote/%s", zLinkBase, zLinkBase[strlen(zLinkBase)-1]=='/' ? "" : "/", pB->zCode);
    zLink = buf_steal(&l);
  }
  char *zDefaultSubject = 0;
  {
    Buf l = BUF_INIT;
    buf_printf(&l, "Reminder: %s", pB->zTitle);
    zDefaultSubject = buf_steal(&l);
  }
  aNew = xcalloc(n ? (size_t)n : 1, sizeof *aNew);
  aBody = xcalloc(n ? (size_t)n : 1, sizeof *aBody);
  aId = xcalloc(n ? (size_t)n : 1, sizeof *aId);
  int nSend = 0;
  for(int64_t i=0; i<n; i++){
    if( aHeld[i] ) continue;
    fill_template(&aBody[nSend], zTemplate, a[i].zFirst, pB, zLink);
    aNew[nSend].zChannel = zChannel;
    aNew[nSend].zRecipient = a[i].zTo;
    aNew[nSend].zSubject = isSms ? 0 : zSubject ? zSubject : zDefaultSubject;
    aNew[nSend].zBody = buf_str(&aBody[nSend]);
    aNew[nSend].zPurpose = "reminder";
    aNew[nSend].memberId = a[i].memberId;
    nSend++;
  }
  rc = nSend ? outbox_enqueue_in_tx(db, aNew, nSend, aId, pzErr) : 0;
  if( rc==0 ){
    s = db_prepare(db, "INSERT INTO reminder_recipients(wave_id,voter_id,held_out,outbox_id) VALUES(?,?,?,?)");
    int k = 0;
    for(int64_t i=0; i<n && rc==0; i++){
      db_bind_int(s, 1, waveId);
      db_bind_int(s, 2, a[i].voterId);
      db_bind_int(s, 3, aHeld[i]);
      if( aHeld[i] ) db_bind_text(s, 4, 0); else db_bind_int(s, 4, aId[k++]);
      if( db_step(s)!=DB_DONE ) rc = buf_error(pzErr, "store: %s", db_errmsg(db));
      db_reset(s);
    }
    db_finalize(s);
  }
  if( rc==0 ){
    s = db_prepare(db, "UPDATE reminder_waves SET reminded=?, held_out=?, no_address=? WHERE id=?");
    db_bind_int(s, 1, nSend);
    db_bind_int(s, 2, n - nSend);
    db_bind_int(s, 3, nNoAddress);
    db_bind_int(s, 4, waveId);
    if( db_step(s)!=DB_DONE ) rc = buf_error(pzErr, "store: %s", db_errmsg(db));
    db_finalize(s);
  }
  if( rc==0 ){
    pOut->nWave++;
    pOut->nQueued += nSend;
    pOut->nHeld += n - nSend;
    pOut->nNoAddress += nNoAddress;
  }
  for(int64_t i=0; i<n; i++) buf_reset(&aBody[i]);
  free(zLink);
  free(zDefaultSubject);
done:
  for(int64_t i=0; i<n; i++){ free(a[i].zFirst); free(a[i].zTo); }
  free(a);
  free(aHeld);
  free(aNew);
  free(aBody);
  free(aId);
  free(zSubject);
  free(zTemplate);
  free(zLinkBase);
  return rc;
}

int reminder_send_due(Db *db, const Ballot *pB, const char *zNow, ReminderSent *pOut, char **pzErr){
  memset(pOut, 0, sizeof *pOut);
  /* The due waves, with their ballots, read first. */
  DbStmt *s = db_prepare(db, "SELECT w.id, b.code FROM reminder_waves w JOIN ballots b ON b.id=w.ballot_id"
                             " WHERE w.sent_at IS NULL AND w.send_at<=? AND (? = 0 OR b.id=?)"
                             " ORDER BY w.send_at, w.id");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, pB ? 1 : 0);
  db_bind_int(s, 3, pB ? pB->id : 0);
  int64_t *aId = 0;
  char (*aCode)[48] = 0;
  int n = 0, r, rc = 0;
  while( (r = db_step(s))==DB_ROW ){
    aId = xrealloc(aId, (size_t)(n+1)*sizeof *aId);
    aCode = xrealloc(aCode, (size_t)(n+1)*sizeof *aCode);
    aId[n] = db_col_int(s, 0);
    db_col_copy(s, 1, aCode[n], sizeof aCode[n]);
    n++;
  }
  db_finalize(s);
  if( r!=DB_DONE ) rc = buf_error(pzErr, "store: %s", db_errmsg(db));
  for(int i=0; i<n && rc==0; i++){
    Ballot b;
    if( ballot_load(db, aCode[i], &b) ){ rc = buf_error(pzErr, "cannot read ballot %s", aCode[i]); break; }
    if( b.zClosedAt[0] || strcmp(zNow, b.zCloses)>=0 ){
      /* Too late to remind anyone: mark it, send nothing. */
      s = db_prepare(db, "UPDATE reminder_waves SET sent_at=?, reminded=0, held_out=0, no_address=0"
                         " WHERE id=? AND sent_at IS NULL");
      db_bind_text(s, 1, zNow);
      db_bind_int(s, 2, aId[i]);
      if( db_step(s)!=DB_DONE ) rc = buf_error(pzErr, "store: %s", db_errmsg(db));
      db_finalize(s);
      continue;
    }
    if( db_begin(db) ){ rc = buf_error(pzErr, "store: %s", db_errmsg(db)); break; }
    if( send_wave(db, &b, aId[i], zNow, pOut, pzErr) ){ db_rollback(db); rc = -1; break; }
    if( db_commit(db) ){ rc = buf_error(pzErr, "store: %s", db_errmsg(db)); db_rollback(db); }
  }
  free(aId);
  free(aCode);
  return rc;
}

/************************ results ************************/

int reminder_results(Db *db, const Ballot *pB, const Unit *pScope, const char *zNow,
                     ReminderResults *pOut){
  memset(pOut, 0, sizeof *pOut);
  DbStmt *s = db_prepare(db, "SELECT id, wave_no, channel, send_at, sent_at, holdout_pct, seed, created_by"
                             " FROM reminder_waves WHERE ballot_id=? ORDER BY wave_no");
  db_bind_int(s, 1, pB->id);
  int64_t *aId = 0;
  int r;
  while( (r = db_step(s))==DB_ROW ){
    int i = pOut->nWave++;
    pOut->aWave = xrealloc(pOut->aWave, (size_t)pOut->nWave*sizeof *pOut->aWave);
    aId = xrealloc(aId, (size_t)pOut->nWave*sizeof *aId);
    ReminderWave *w = &pOut->aWave[i];
    memset(w, 0, sizeof *w);
    aId[i] = db_col_int(s, 0);
    w->waveNo = (int)db_col_int(s, 1);
    db_col_copy(s, 2, w->zChannel, sizeof w->zChannel);
    db_col_copy(s, 3, w->zSendAt, sizeof w->zSendAt);
    db_col_copy(s, 4, w->zSentAt, sizeof w->zSentAt);
    w->holdoutPct = (int)db_col_int(s, 5);
    db_col_copy(s, 6, w->zSeed, sizeof w->zSeed);
    db_col_copy(s, 7, w->zBy, sizeof w->zBy);
  }
  db_finalize(s);
  if( r!=DB_DONE ){ free(aId); reminder_results_clear(pOut); return -1; }
  s = db_prepare(db, "SELECT r.held_out, count(*), count(CASE WHEN v.voted_at<=? THEN 1 END)"
                     " FROM reminder_recipients r JOIN ballot_voters v ON v.id=r.voter_id"
                     " JOIN units u ON u.id=v.unit_id"
                     " WHERE r.wave_id=? AND u.lft BETWEEN ? AND ? GROUP BY r.held_out");
  for(int i=0; i<pOut->nWave && r!=DB_ERROR; i++){
    ReminderWave *w = &pOut->aWave[i];
    if( w->zSentAt[0]==0 ) continue;
    for(int d=0; d<REMINDER_NDAY; d++){
      ReminderDay *pD = &w->aDay[d];
      pD->days = aReminderDay[d];
      time_plus_days(w->zSentAt, pD->days, pD->zUntil);
      if( strcmp(pD->zUntil, pB->zCloses)>0 ) snprintf(pD->zUntil, sizeof pD->zUntil, "%s", pB->zCloses);
      pD->pending = strcmp(pD->zUntil, zNow)>0;
      db_bind_text(s, 1, pD->zUntil);
      db_bind_int(s, 2, aId[i]);
      db_bind_int(s, 3, pScope ? pScope->lft : INT64_MIN);
      db_bind_int(s, 4, pScope ? pScope->rgt : INT64_MAX);
      while( (r = db_step(s))==DB_ROW ){
        if( db_col_int(s, 0) ){ pD->nHeld = db_col_int(s, 1); pD->xHeld = db_col_int(s, 2); }
        else{ pD->nReminded = db_col_int(s, 1); pD->xReminded = db_col_int(s, 2); }
      }
      db_reset(s);
      pD->hasDiff = reminder_diff(pD->xReminded, pD->nReminded, pD->xHeld, pD->nHeld, &pD->d)==0;
    }
  }
  db_finalize(s);
  free(aId);
  if( r==DB_ERROR ){ reminder_results_clear(pOut); return -1; }
  return 0;
}

void reminder_results_clear(ReminderResults *p){
  free(p->aWave);
  memset(p, 0, sizeof *p);
}

/* A proportion or difference in points, one decimal, as JSON. */
static json_t *points(double v){
  return json_real(round(v*1000.0)/10.0);
}

json_t *reminder_results_json(const Ballot *pB, const ReminderResults *p){
  json_t *a = json_array();
  for(int i=0; i<p->nWave; i++){
    const ReminderWave *w = &p->aWave[i];
    json_t *days = json_array();
    for(int d=0; w->zSentAt[0] && d<REMINDER_NDAY; d++){
      const ReminderDay *q = &w->aDay[d];
      json_t *o = json_pack("{s:i,s:s,s:b,s:{s:I,s:I},s:{s:I,s:I}}", "days", q->days, "until", q->zUntil,
                            "pending", q->pending,
                            "reminded", "members", (json_int_t)q->nReminded, "voted", (json_int_t)q->xReminded,
                            "held_out", "members", (json_int_t)q->nHeld, "voted", (json_int_t)q->xHeld);
      if( q->hasDiff ){
        char zSentence[200];
        reminder_sentence(&q->d, zSentence, sizeof zSentence);
        json_object_set_new(json_object_get(o, "reminded"), "turnout_pct", points(q->d.p1));
        json_object_set_new(json_object_get(o, "held_out"), "turnout_pct", points(q->d.p0));
        json_object_set_new(o, "difference_points", points(q->d.diff));
        json_object_set_new(o, "ci95_points", json_pack("[o,o]", points(q->d.lo), points(q->d.hi)));
        json_object_set_new(o, "sentence", json_string(zSentence));
      }else{
        json_object_set_new(o, "difference_points", json_null());
        json_object_set_new(o, "sentence", json_string("no difference can be given: a group is empty"));
      }
      json_array_append_new(days, o);
    }
    json_array_append_new(a, json_pack("{s:i,s:s,s:s,s:o,s:i,s:s,s:s,s:o}", "wave", w->waveNo,
                                       "channel", w->zChannel, "send_at", w->zSendAt,
                                       "sent_at", w->zSentAt[0] ? json_string(w->zSentAt) : json_null(),
                                       "holdout_pct", w->holdoutPct, "seed", w->zSeed,
                                       "interval", "Newcombe hybrid score (Wilson), 95%", "days", days));
  }
  return json_pack("{s:s,s:s,s:o}", "ballot", pB->zCode, "closes", pB->zCloses, "waves", a);
}
