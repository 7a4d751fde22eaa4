/* turnout.c: the turnout of a statutory postal ballot, which an independent
** scrutineer runs and mandate only tracks: the snapshot of who is entitled
** to vote, the scrutineer's figures, members' "I've posted my vote" links
** (only a hash of each token is stored), and the turnout by unit against
** the regime's thresholds with a projection to the close. See
** docs/disputes.md ("Tracking the turnout"). */
#include "turnout.h"
#include "dispute_sql.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True if z is a real ISO date YYYY-MM-DD. */
static int iso_ok(const char *z){
  return z && strlen(z)==10 && date_to_days(z)>=0;
}

/*************************** opening: the snapshot ***************************/

/* Who is entitled to vote in a dispute's ballot: active members in its
** constituency whose own employer is a party (class primary):
** dispute_sql.h's ENTITLED, the one definition dispute.c counts with. */

/* The sectors the Trade Union Act 2016 calls important public services
** (TULRCA s226(2D)); 'other' and no sector are not. */
#define TURNOUT_IPS_SECTORS "('health','education','fire','transport','border_security','nuclear')"

#define BALLOT_COLS \
  "b.id, b.dispute_id, d.code, d.title, b.regime_id, b.opens_on, b.closes_on," \
  " b.snapshot_on, b.important_public_service, b.ips_decided_by, b.entitled"

static void ballot_fill(DbStmt *s, TurnoutBallot *p){
  memset(p, 0, sizeof(*p));
  p->id = db_col_int(s, 0);
  p->disputeId = db_col_int(s, 1);
  db_col_copy(s, 2, p->zDispute, sizeof p->zDispute);
  db_col_copy(s, 3, p->zTitle, sizeof p->zTitle);
  db_col_copy(s, 4, p->zRegime, sizeof p->zRegime);
  db_col_copy(s, 5, p->zOpens, sizeof p->zOpens);
  db_col_copy(s, 6, p->zCloses, sizeof p->zCloses);
  db_col_copy(s, 7, p->zSnapshotOn, sizeof p->zSnapshotOn);
  p->ips = (int)db_col_int(s, 8);
  const char *zBy = db_col_text(s, 9);
  p->ipsByOfficer = zBy && strcmp(zBy, "officer")==0;
  p->nEntitled = db_col_int(s, 10);
}

int turnout_ballot_load(Db *db, const char *zCode, TurnoutBallot *pOut){
  DbStmt *s = db_prepare(db, "SELECT " BALLOT_COLS " FROM statutory_ballots b"
                             " JOIN disputes d ON d.id=b.dispute_id WHERE d.code=?");
  db_bind_text(s, 1, zCode);
  int rc = db_step(s);
  if( rc==DB_ROW ) ballot_fill(s, pOut);
  else memset(pOut, 0, sizeof(*pOut));
  db_finalize(s);
  return rc==DB_ROW ? 0 : rc==DB_DONE ? 1 : -1;
}

int turnout_ballot_open(Db *db, const Dispute *pD, const char *zOpens,
                        const char *zCloses, const char *zToday, int ips,
                        TurnoutBallot *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  if( !iso_ok(zOpens) || !iso_ok(zCloses) || !iso_ok(zToday) ){
    return buf_error(pzErr, "the opening and closing days must be real dates, YYYY-MM-DD");
  }
  if( strcmp(zCloses, zOpens)<0 ){
    return buf_error(pzErr, "the ballot closes (%s) before it opens (%s)", zCloses, zOpens);
  }
  TurnoutBallot old;
  int r = turnout_ballot_load(db, pD->zCode, &old);
  if( r<0 ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( r==0 ){
    return buf_error(pzErr, "a statutory ballot on dispute %s was already opened on %s"
                        " (voting %s to %s, %lld entitled): who is entitled was fixed then"
                        " and is not taken again", pD->zCode, old.zSnapshotOn, old.zOpens,
                        old.zCloses, (long long)old.nEntitled);
  }
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  int64_t ballotId = 0, nEntitled = 0, nIps = 0;
  DbStmt *s = db_prepare(db,
    "INSERT INTO statutory_ballots(dispute_id,regime_id,opens_on,closes_on,"
    "important_public_service,ips_decided_by,entitled,snapshot_on)"
    " VALUES(?,?,?,?,0,?,0,?) RETURNING id");
  db_bind_int(s, 1, pD->id);
  db_bind_text(s, 2, pD->zRegime);
  db_bind_text(s, 3, zOpens);
  db_bind_text(s, 4, zCloses);
  db_bind_text(s, 5, ips==TURNOUT_IPS_AUTO ? "sectors" : "officer");
  db_bind_text(s, 6, zToday);
  if( db_step(s)==DB_ROW ) ballotId = db_col_int(s, 0);
  db_finalize(s);
  if( ballotId<=0 ) goto store_error;

  s = db_prepare(db,
    "INSERT INTO statutory_entitled(ballot_id,member_id,unit_id)"
    " SELECT ?, m.id, m.unit_id FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE" ENTITLED " ORDER BY m.id");
  db_bind_int(s, 1, ballotId);
  for(int i=2; i<=ENTITLED_PARAMS+1; i++) db_bind_int(s, i, pD->id);
  r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;

  s = db_prepare(db,
    "INSERT INTO statutory_units(ballot_id,unit_id,entitled)"
    " SELECT ballot_id, unit_id, count(*) FROM statutory_entitled WHERE ballot_id=?"
    " GROUP BY ballot_id, unit_id");
  db_bind_int(s, 1, ballotId);
  r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;

  s = db_prepare(db,
    "SELECT count(*), coalesce(sum(CASE WHEN u.sector IN " TURNOUT_IPS_SECTORS
    " THEN 1 ELSE 0 END),0)"
    " FROM statutory_entitled e JOIN units u ON u.id=e.unit_id WHERE e.ballot_id=?");
  db_bind_int(s, 1, ballotId);
  r = db_step(s);
  if( r==DB_ROW ){ nEntitled = db_col_int(s, 0); nIps = db_col_int(s, 1); }
  db_finalize(s);
  if( r!=DB_ROW ) goto store_error;
  if( nEntitled==0 ){
    db_rollback(db);
    return buf_error(pzErr, "no one in dispute %s's constituency is employed by a party"
                        " to it, so no one would be entitled to vote (mandate dispute show"
                        " %s); no ballot was opened", pD->zCode, pD->zCode);
  }
  int isIps = ips==TURNOUT_IPS_AUTO ? 2*nIps > nEntitled : ips==TURNOUT_IPS_YES;
  s = db_prepare(db, "UPDATE statutory_ballots SET entitled=?, important_public_service=?"
                     " WHERE id=?");
  db_bind_int(s, 1, nEntitled);
  db_bind_int(s, 2, isIps);
  db_bind_int(s, 3, ballotId);
  r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR || db_commit(db) ) goto store_error;
  if( turnout_ballot_load(db, pD->zCode, pOut) ){
    return buf_error(pzErr, "the ballot was opened but cannot be read back: %s", db_errmsg(db));
  }
  return 0;

store_error:
  buf_error(pzErr, "%s", db_errmsg(db));
  db_rollback(db);
  return -1;
}

int turnout_ballot_units(Db *db, const TurnoutBallot *pB, Unit **paUnit, int *pnUnit){
  *paUnit = 0;
  *pnUnit = 0;
  DbStmt *s = db_prepare(db,
    "SELECT u.id, coalesce(u.parent_id,0), u.code, u.name, u.kind, coalesce(u.sector,''),"
    " u.lft, u.rgt, u.depth FROM statutory_units su JOIN units u ON u.id=su.unit_id"
    " WHERE su.ballot_id=? ORDER BY u.code");
  db_bind_int(s, 1, pB->id);
  int r;
  while( (r = db_step(s))==DB_ROW ){
    *paUnit = xrealloc(*paUnit, sizeof(Unit)*(size_t)(*pnUnit+1));
    Unit *u = &(*paUnit)[(*pnUnit)++];
    memset(u, 0, sizeof(*u));
    u->id = db_col_int(s, 0);
    u->parentId = db_col_int(s, 1);
    db_col_copy(s, 2, u->zCode, sizeof u->zCode);
    db_col_copy(s, 3, u->zName, sizeof u->zName);
    db_col_copy(s, 4, u->zKind, sizeof u->zKind);
    db_col_copy(s, 5, u->zSector, sizeof u->zSector);
    u->lft = db_col_int(s, 6);
    u->rgt = db_col_int(s, 7);
    u->depth = (int)db_col_int(s, 8);
  }
  db_finalize(s);
  if( r==DB_ERROR ){ free(*paUnit); *paUnit = 0; *pnUnit = 0; return -1; }
  return 0;
}

/*************************** the scrutineer's figures ***************************/

/* One int64 from a query whose parameters are (ballot, unit-or-0, date);
** dflt when the result is NULL or there is no row; -2 on error. */
static int64_t returns_bound(Db *db, const char *zSql, int64_t ballotId, int64_t unitId,
                             const char *zOn, int64_t dflt){
  DbStmt *s = db_prepare(db, zSql);
  db_bind_int(s, 1, ballotId);
  db_bind_int(s, 2, unitId);
  db_bind_text(s, 3, zOn);
  int r = db_step(s);
  int64_t v = dflt;
  if( r==DB_ROW && !db_col_is_null(s, 0) ) v = db_col_int(s, 0);
  if( r==DB_ERROR ) v = -2;
  db_finalize(s);
  return v;
}

int turnout_scrutineer_update(Db *db, const TurnoutBallot *pB, const char *zUnit,
                              int64_t nReturned, const char *zOn, const char *zBy,
                              const char *zToday, char **pzErr){
  int64_t unitId = 0, nEntitled = pB->nEntitled;
  if( !iso_ok(zOn) ) return buf_error(pzErr, "the day must be a real date, YYYY-MM-DD");
  if( nReturned<0 ) return buf_error(pzErr, "the number returned cannot be negative");
  if( zUnit ){
    DbStmt *s = db_prepare(db, "SELECT u.id, su.entitled FROM units u"
      " JOIN statutory_units su ON su.unit_id=u.id AND su.ballot_id=? WHERE u.code=?");
    db_bind_int(s, 1, pB->id);
    db_bind_text(s, 2, zUnit);
    int r = db_step(s);
    if( r==DB_ROW ){ unitId = db_col_int(s, 0); nEntitled = db_col_int(s, 1); }
    db_finalize(s);
    if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
    if( r==DB_DONE ){
      return buf_error(pzErr, "%s is not a workplace with members entitled to vote in the"
                          " ballot on dispute %s", zUnit, pB->zDispute);
    }
  }
  const char *zWhere = zUnit ? zUnit : "the whole ballot";
  if( nReturned>nEntitled ){
    return buf_error(pzErr, "%lld returned is more than the %lld entitled to vote in %s",
                        (long long)nReturned, (long long)nEntitled, zWhere);
  }
  if( strcmp(zOn, pB->zOpens)<0 ){
    return buf_error(pzErr, "%s is before the ballot opened (%s)", zOn, pB->zOpens);
  }
  if( zToday && strcmp(zOn, zToday)>0 ){
    return buf_error(pzErr, "%s is in the future (today is %s)", zOn, zToday);
  }
  int64_t nBefore = returns_bound(db, "SELECT max(returned) FROM statutory_returns"
    " WHERE ballot_id=? AND coalesce(unit_id,0)=? AND as_of<?", pB->id, unitId, zOn, 0);
  int64_t nAfter = returns_bound(db, "SELECT min(returned) FROM statutory_returns"
    " WHERE ballot_id=? AND coalesce(unit_id,0)=? AND as_of>?", pB->id, unitId, zOn, -1);
  if( nBefore==-2 || nAfter==-2 ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( nReturned<nBefore ){
    return buf_error(pzErr, "%lld returned by %s is fewer than the %lld of an earlier day"
                        " for %s: returns only go up", (long long)nReturned, zOn,
                        (long long)nBefore, zWhere);
  }
  if( nAfter>=0 && nReturned>nAfter ){
    return buf_error(pzErr, "%lld returned by %s is more than the %lld of a later day"
                        " for %s: returns only go up", (long long)nReturned, zOn,
                        (long long)nAfter, zWhere);
  }
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  DbStmt *s = db_prepare(db, "DELETE FROM statutory_returns"
                             " WHERE ballot_id=? AND coalesce(unit_id,0)=? AND as_of=?");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, unitId);
  db_bind_text(s, 3, zOn);
  int r = db_step(s);
  db_finalize(s);
  if( r!=DB_ERROR ){
    s = db_prepare(db, "INSERT INTO statutory_returns(ballot_id,unit_id,as_of,returned,"
                       "entered_by,entered_on) VALUES(?,?,?,?,?,?)");
    db_bind_int(s, 1, pB->id);
    if( unitId ) db_bind_int(s, 2, unitId); else db_bind_text(s, 2, 0);
    db_bind_text(s, 3, zOn);
    db_bind_int(s, 4, nReturned);
    db_bind_text(s, 5, zBy && zBy[0] ? zBy : "unknown");
    db_bind_text(s, 6, zToday ? zToday : zOn);
    r = db_step(s);
    db_finalize(s);
  }
  if( r==DB_ERROR || db_commit(db) ){
    buf_error(pzErr, "%s", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  return 0;
}

/*************************** personal links ***************************/

/* zOut (65 bytes) = hex of BLAKE2b-256 over the token text, as for
** session tokens in users.c. */
static void token_hash(const char *zToken, char *zOut){
  unsigned char aHash[32];
  crypto_generichash(aHash, sizeof aHash, (const unsigned char*)zToken,
                     strlen(zToken), 0, 0);
  sodium_bin2hex(zOut, TURNOUT_TOKEN_HEX, aHash, sizeof aHash);
}

/* True if z is exactly 64 lower-case hex digits: the only shape a link
** token can have. Anything else is not looked up. */
static int token_shape_ok(const char *z){
  if( z==0 ) return 0;
  for(int i=0; i<64; i++){
    char c = z[i];
    if( !((c>='0' && c<='9') || (c>='a' && c<='f')) ) return 0;
  }
  return z[64]==0;
}

/* A base URL we will put in front of every link: http:// or https://,
** then printable ASCII without spaces, quotes or angle brackets. */
static int base_url_ok(const char *z){
  size_t n = strlen(z);
  if( n>200 ) return 0;
  if( strncmp(z, "https://", 8) && strncmp(z, "http://", 7) ) return 0;
  if( n<=8 ) return 0;
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c<=0x20 || c>=0x7f || c=='"' || c=='\'' || c=='<' || c=='>' || c=='\\' ) return 0;
  }
  return 1;
}

/* True for a mobile as the register normalises it: "+" and 7-15 digits
** (E.164). Written without the formula guard's quote, which would break
** SMS tools; a "+" followed by digits only is no formula a spreadsheet runs. */
static int phone_ok(const char *z){
  size_t n = strlen(z);
  if( n<8 || n>16 || z[0]!='+' ) return 0;
  for(size_t i=1; i<n; i++) if( z[i]<'0' || z[i]>'9' ) return 0;
  return 1;
}

void turnout_links_clear(TurnoutLinks *p){
  buf_reset(&p->csv);
  memset(p, 0, sizeof(*p));
}

/* Links are made in batches of this many members: read a batch, then
** store its hashes, so no statement writes the rows another is reading. */
#define LINKS_BATCH 1000
#define LINKS_BATCH_SQL "1000"

int turnout_links(Db *db, const TurnoutBallot *pB, const char *zBaseUrl, int reissue,
                  TurnoutLinks *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  if( sodium_init()<0 ) return buf_error(pzErr, "libsodium cannot be initialised");
  if( !base_url_ok(zBaseUrl) ){
    return buf_error(pzErr, "the base URL must start with https:// (or http://) and hold no"
                        " spaces or quotes, e.g. https://union.example.org");
  }
  size_t nBase = strlen(zBaseUrl);
  while( nBase>8 && zBaseUrl[nBase-1]=='/' ) nBase--;
  DbStmt *pCount = db_prepare(db, "SELECT count(*) FROM statutory_entitled"
                                  " WHERE ballot_id=? AND link_hash IS NOT NULL");
  db_bind_int(pCount, 1, pB->id);
  int64_t nIssued = db_step(pCount)==DB_ROW ? db_col_int(pCount, 0) : -1;
  db_finalize(pCount);
  if( nIssued<0 ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( nIssued>0 && !reissue ){
    buf_error(pzErr, "links for the ballot on dispute %s were already issued to %lld"
                 " members; only their hashes are kept, so they cannot be written again."
                 " --reissue makes new links for everyone (the old ones stop working)",
                 pB->zDispute, (long long)nIssued);
    return 1;
  }
  buf_puts(&pOut->csv, "number,first_name,email,mobile,link\r\n");
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  DbStmt *pClear = db_prepare(db, "UPDATE statutory_entitled SET link_hash=NULL WHERE ballot_id=?");
  db_bind_int(pClear, 1, pB->id);
  int r = db_step(pClear);
  db_finalize(pClear);
  if( r==DB_ERROR ) goto store_error;
  DbStmt *pSel = db_prepare(db,
    "SELECT e.id, m.number, m.first_name, coalesce(m.email,''), coalesce(m.mobile,'')"
    " FROM statutory_entitled e JOIN members m ON m.id=e.member_id"
    " WHERE e.ballot_id=? AND e.id>? ORDER BY e.id LIMIT " LINKS_BATCH_SQL);
  DbStmt *pSet = db_prepare(db, "UPDATE statutory_entitled SET link_hash=? WHERE id=?");
  int64_t lastId = 0;
  int64_t *aId = xmalloc(sizeof(int64_t)*LINKS_BATCH);
  char (*aHash)[TURNOUT_TOKEN_HEX] = xmalloc(sizeof(*aHash)*LINKS_BATCH);
  for(;;){
    int n = 0;
    db_reset(pSel);
    db_bind_int(pSel, 1, pB->id);
    db_bind_int(pSel, 2, lastId);
    int nRow = 0;
    while( (r = db_step(pSel))==DB_ROW ){
      nRow++;
      lastId = db_col_int(pSel, 0);
      pOut->nEntitled++;
      const char *zEmail = db_col_text(pSel, 3), *zMobile = db_col_text(pSel, 4);
      if( zEmail[0]==0 && zMobile[0]==0 ){ pOut->nNoContact++; continue; }
      unsigned char aRand[32];
      char zToken[TURNOUT_TOKEN_HEX];
      randombytes_buf(aRand, sizeof aRand);
      sodium_bin2hex(zToken, sizeof zToken, aRand, sizeof aRand);
      token_hash(zToken, aHash[n]);
      aId[n++] = lastId;
      dispute_csv_field(&pOut->csv, db_col_text(pSel, 1));
      buf_putc(&pOut->csv, ',');
      dispute_csv_field(&pOut->csv, db_col_text(pSel, 2));
      buf_putc(&pOut->csv, ',');
      dispute_csv_field(&pOut->csv, zEmail);
      buf_putc(&pOut->csv, ',');
      if( phone_ok(zMobile) ) csv_write_field(&pOut->csv, zMobile);
      else dispute_csv_field(&pOut->csv, zMobile);
      buf_printf(&pOut->csv, ",%.*s/posted/%s\r\n", (int)nBase, zBaseUrl, zToken);
      sodium_memzero(zToken, sizeof zToken);
      pOut->nWritten++;
    }
    if( r==DB_ERROR ) break;
    for(int i=0; i<n && r!=DB_ERROR; i++){
      db_reset(pSet);
      db_bind_text(pSet, 1, aHash[i]);
      db_bind_int(pSet, 2, aId[i]);
      if( db_step(pSet)==DB_ERROR ) r = DB_ERROR;
    }
    if( r==DB_ERROR || nRow<LINKS_BATCH ) break;
  }
  free(aId);
  free(aHash);
  db_finalize(pSel);
  db_finalize(pSet);
  if( r==DB_ERROR || db_commit(db) ) goto store_error;
  return 0;

store_error:
  buf_error(pzErr, "%s", db_errmsg(db));
  db_rollback(db);
  buf_reset(&pOut->csv);
  return -1;
}

int turnout_posted_lookup(Db *db, const char *zToken, TurnoutPosted *pOut){
  char zHash[TURNOUT_TOKEN_HEX];
  memset(pOut, 0, sizeof(*pOut));
  if( !token_shape_ok(zToken) ) return 1;
  token_hash(zToken, zHash);
  DbStmt *s = db_prepare(db,
    "SELECT coalesce(m.first_name,''), d.title, b.opens_on, b.closes_on,"
    " coalesce(e.posted_on,'') FROM statutory_entitled e"
    " JOIN statutory_ballots b ON b.id=e.ballot_id JOIN disputes d ON d.id=b.dispute_id"
    " LEFT JOIN members m ON m.id=e.member_id WHERE e.link_hash=?");
  db_bind_text(s, 1, zHash);
  int r = db_step(s);
  if( r==DB_ROW ){
    db_col_copy(s, 0, pOut->zFirstName, sizeof pOut->zFirstName);
    db_col_copy(s, 1, pOut->zTitle, sizeof pOut->zTitle);
    db_col_copy(s, 2, pOut->zOpens, sizeof pOut->zOpens);
    db_col_copy(s, 3, pOut->zCloses, sizeof pOut->zCloses);
    db_col_copy(s, 4, pOut->zPostedOn, sizeof pOut->zPostedOn);
  }
  db_finalize(s);
  return r==DB_ROW ? 0 : r==DB_DONE ? 1 : -1;
}

int turnout_posted_record(Db *db, const char *zToken, const char *zToday,
                          TurnoutPosted *pOut){
  int rc = turnout_posted_lookup(db, zToken, pOut);
  if( rc ) return rc;
  if( pOut->zPostedOn[0] ) return 2;
  if( strcmp(zToday, pOut->zOpens)<0 || strcmp(zToday, pOut->zCloses)>0 ) return 3;
  char zHash[TURNOUT_TOKEN_HEX];
  token_hash(zToken, zHash);
  DbStmt *s = db_prepare(db, "UPDATE statutory_entitled SET posted_on=?"
                             " WHERE link_hash=? AND posted_on IS NULL");
  db_bind_text(s, 1, zToday);
  db_bind_text(s, 2, zHash);
  int r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  /* Read it back: a report made at the same moment by another request
  ** keeps its own day (the UPDATE above changes only an unset one). */
  if( turnout_posted_lookup(db, zToken, pOut) ) return -1;
  return 0;
}

/*************************** the projection ***************************/

void turnout_project(int64_t nEntitled, int64_t nReturned, const char *zAsOf,
                     const char *zOpens, const char *zCloses, TurnoutProjection *pOut){
  memset(pOut, 0, sizeof(*pOut));
  long o = date_to_days(zOpens), c = date_to_days(zCloses), a = date_to_days(zAsOf);
  if( o<0 || c<0 || a<0 || c<o ){
    snprintf(pOut->zWhy, sizeof pOut->zWhy, "the ballot's dates are not valid");
    return;
  }
  if( a<o ){
    snprintf(pOut->zWhy, sizeof pOut->zWhy, "voting has not started: it opens %s", zOpens);
    return;
  }
  long e = (a<c ? a : c) - o + 1;       /* voting days so far, as-of day included */
  long m = a<c ? c - a : 0;             /* voting days still to come */
  pOut->daysElapsed = (int)e;
  pOut->daysLeft = (int)m;
  pOut->rate = (double)nReturned/(double)e;
  if( m==0 ){
    pOut->ok = 1;
    pOut->final = pOut->lo = pOut->hi = (double)nReturned;
    return;
  }
  if( nReturned<=0 ){
    snprintf(pOut->zWhy, sizeof pOut->zWhy, "no returns yet: nothing to extrapolate from");
    return;
  }
  double R = (double)nReturned, ratio = (double)m/(double)e;
  double mean = R + R*ratio;
  double sd = sqrt(R*ratio*(1.0 + ratio));
  double cap = (double)nEntitled;
  pOut->ok = 1;
  pOut->final = mean<cap ? mean : cap;
  pOut->lo = mean - TURNOUT_Z95*sd;
  pOut->hi = mean + TURNOUT_Z95*sd;
  if( pOut->lo<R ) pOut->lo = R;
  if( pOut->lo>cap ) pOut->lo = cap;
  if( pOut->hi>cap ) pOut->hi = cap;
}

/*************************** the view ***************************/

void turnout_view_clear(TurnoutView *p){
  free(p->aRow);
  free(p->aSelf);
  free(p->aScrutineer);
  memset(p, 0, sizeof(*p));
}

/* The latest scrutineer figure of one unit (0: whole ballot). */
typedef struct Latest Latest;
struct Latest {
  int64_t unitId;
  int64_t n;
  char zOn[11];
};

/* The rule id of the first rule of kind zKind in regime pRegime, or NULL. */
static const char *rule_of_kind(json_t *pRegime, const char *zKind){
  size_t i;
  json_t *pRule;
  json_array_foreach(json_object_get(pRegime, "rules"), i, pRule){
    const char *z = json_string_value(json_object_get(pRule, "kind"));
    if( z && strcmp(z, zKind)==0 ) return json_string_value(json_object_get(pRule, "id"));
  }
  return 0;
}

/* Judge row *p against the regime's thresholds; the rules in words go to
** pV on the first call (isTotal). 0, or -1 with *pzErr. */
static int row_judge(const LawSet *pLaw, const TurnoutBallot *pB, TurnoutRow *p,
                     TurnoutView *pV, int isTotal, char **pzErr){
  static const char *const azIps[] = { "important_public_service", 0 };
  LawBallot lb = { .nEntitled = p->nEntitled, .nVotes = p->nReturned, .nYes = 0,
                   .zOn = pB->zOpens, .azCondition = pB->ips ? azIps : 0 };
  LawVerdict v;
  char *zErr = 0;
  if( law_thresholds(pLaw, pB->zRegime, &lb, &v, &zErr) ){
    buf_error(pzErr, "cannot judge the turnout under %s: %s", pB->zRegime, zErr);
    free(zErr);
    return -1;
  }
  for(int i=0; i<v.nCheck; i++){
    const LawCheck *c = &v.aCheck[i];
    if( strcmp(c->zKind, "turnout_min_pct")==0 ){
      p->nTurnoutNeeded = c->nRequired;
      p->nTurnoutShort = c->margin<0 ? -c->margin : 0;
      if( isTotal ){
        snprintf(pV->zTurnoutRule, sizeof pV->zTurnoutRule,
                 "at least %g%% of those entitled must vote (%s)", c->required, c->zSection);
      }
    }else if( strcmp(c->zKind, "yes_min_pct_of_entitled")==0 ){
      p->ipsApplies = 1;
      p->nYesNeeded = c->nRequired;
      p->nYesShort = c->nRequired > p->nReturned ? c->nRequired - p->nReturned : 0;
      if( isTotal ){
        snprintf(pV->zIpsRule, sizeof pV->zIpsRule,
                 "Yes votes from at least %g%% of those entitled, as most of them work in"
                 " important public services (%s)", c->required, c->zSection);
      }
    }
  }
  if( isTotal && pV->zTurnoutRule[0]==0 ){
    snprintf(pV->zTurnoutRule, sizeof pV->zTurnoutRule,
             "%s has no turnout threshold in force for a ballot opened on %s",
             pB->zRegime, pB->zOpens);
  }
  if( isTotal && !p->ipsApplies ){
    const char *zWhy = 0;
    json_t *pRegime = law_regime(pLaw, pB->zRegime);
    const char *zId = pRegime ? rule_of_kind(pRegime, "yes_min_pct_of_entitled") : 0;
    if( zId==0 ){
      zWhy = "the regime has no such rule";
    }else if( !pB->ips ){
      zWhy = pB->ipsByOfficer
        ? "an officer said most of those entitled do not work in important public services"
        : "most of those entitled do not work in important public services (by their"
          " workplaces' sectors)";
    }else{
      size_t n = strlen(zId);
      for(int i=0; i<v.nNote; i++){
        if( strncmp(v.azNote[i], zId, n)==0 && v.azNote[i][n]==':' ){ zWhy = v.azNote[i]+n+2; break; }
      }
      if( zWhy==0 ) zWhy = "not in force for this ballot";
    }
    snprintf(pV->zIpsRule, sizeof pV->zIpsRule, "the 40%%-of-entitled Yes rule does not"
             " apply: %s", zWhy);
  }
  law_verdict_clear(&v);
  return 0;
}

/* Fill the figure shown, its percentage and its projection. */
static void row_finish(const TurnoutBallot *pB, TurnoutRow *p, const char *zSelfAsOf){
  if( p->hasScrutineer ){
    p->nReturned = p->nScrutineer;
    p->zSource = "scrutineer";
    snprintf(p->zAsOf, sizeof p->zAsOf, "%s", p->zScrutineerOn);
  }else{
    p->nReturned = p->nSelf;
    p->zSource = "self-reported";
    snprintf(p->zAsOf, sizeof p->zAsOf, "%s", zSelfAsOf);
  }
  p->pct = p->nEntitled ? 100.0*(double)p->nReturned/(double)p->nEntitled : 0;
  turnout_project(p->nEntitled, p->nReturned, p->zAsOf, pB->zOpens, pB->zCloses, &p->proj);
}

int turnout_compute(Db *db, const LawSet *pLaw, const TurnoutBallot *pB,
                    const Unit *pScope, const char *zToday, TurnoutView *pOut,
                    char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  snprintf(pOut->zToday, sizeof pOut->zToday, "%s", zToday);
  Unit *aUnit = 0;
  int nUnit = 0, rc = -1;
  Latest *aLatest = 0;
  int nLatest = 0;
  if( turnout_ballot_units(db, pB, &aUnit, &nUnit) ){
    return buf_error(pzErr, "%s", db_errmsg(db));
  }
  /* The rows: a total first, then each workplace in scope. */
  pOut->aRow = xcalloc((size_t)nUnit+1, sizeof(TurnoutRow));
  pOut->nRow = 1;
  for(int i=0; i<nUnit; i++){
    if( pScope && !unit_in_scope(pScope, &aUnit[i]) ) continue;
    TurnoutRow *p = &pOut->aRow[pOut->nRow++];
    p->unitId = aUnit[i].id;
    snprintf(p->zUnitCode, sizeof p->zUnitCode, "%s", aUnit[i].zCode);
    snprintf(p->zUnitName, sizeof p->zUnitName, "%s", aUnit[i].zName);
  }
  if( pOut->nRow==1 ){ rc = 1; goto out; }
  pOut->coversBallot = pOut->nRow-1==nUnit;
  TurnoutRow *pTotal = &pOut->aRow[0];
  if( pOut->coversBallot ){
    snprintf(pTotal->zUnitName, sizeof pTotal->zUnitName, "whole ballot");
  }else{
    snprintf(pTotal->zUnitName, sizeof pTotal->zUnitName, "%s (total)", pScope->zName);
  }

  /* Entitled and self-reported, by unit. */
  DbStmt *s = db_prepare(db,
    "SELECT su.unit_id, su.entitled, (SELECT count(e.posted_on) FROM statutory_entitled e"
    "   WHERE e.ballot_id=su.ballot_id AND e.unit_id=su.unit_id)"
    " FROM statutory_units su WHERE su.ballot_id=?");
  db_bind_int(s, 1, pB->id);
  int r;
  while( (r = db_step(s))==DB_ROW ){
    int64_t id = db_col_int(s, 0);
    for(int i=1; i<pOut->nRow; i++){
      if( pOut->aRow[i].unitId!=id ) continue;
      pOut->aRow[i].nEntitled = db_col_int(s, 1);
      pOut->aRow[i].nSelf = db_col_int(s, 2);
      pTotal->nEntitled += pOut->aRow[i].nEntitled;
      pTotal->nSelf += pOut->aRow[i].nSelf;
    }
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;

  /* The scrutineer's figures: the latest of each unit, and the series
  ** the total row's chart shows. */
  int64_t seriesUnit = pOut->coversBallot ? 0 : (pOut->nRow==2 ? pOut->aRow[1].unitId : -1);
  s = db_prepare(db, "SELECT coalesce(unit_id,0), as_of, returned FROM statutory_returns"
                     " WHERE ballot_id=? ORDER BY coalesce(unit_id,0), as_of");
  db_bind_int(s, 1, pB->id);
  while( (r = db_step(s))==DB_ROW ){
    int64_t id = db_col_int(s, 0);
    if( nLatest==0 || aLatest[nLatest-1].unitId!=id ){
      aLatest = xrealloc(aLatest, sizeof(Latest)*(size_t)(nLatest+1));
      aLatest[nLatest++].unitId = id;
    }
    Latest *pL = &aLatest[nLatest-1];
    pL->n = db_col_int(s, 2);
    db_col_copy(s, 1, pL->zOn, sizeof pL->zOn);
    if( id==seriesUnit ){
      pOut->aScrutineer = xrealloc(pOut->aScrutineer, sizeof(TurnoutPoint)*(size_t)(pOut->nScrutineer+1));
      TurnoutPoint *pt = &pOut->aScrutineer[pOut->nScrutineer++];
      snprintf(pt->zOn, sizeof pt->zOn, "%s", pL->zOn);
      pt->n = pL->n;
    }
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;
  int allUnits = 1;
  char zMinOn[11] = "";
  int64_t nSum = 0;
  for(int i=1; i<pOut->nRow; i++){
    TurnoutRow *p = &pOut->aRow[i];
    for(int k=0; k<nLatest; k++){
      if( aLatest[k].unitId!=p->unitId ) continue;
      p->hasScrutineer = 1;
      p->nScrutineer = aLatest[k].n;
      snprintf(p->zScrutineerOn, sizeof p->zScrutineerOn, "%s", aLatest[k].zOn);
    }
    if( !p->hasScrutineer ){ allUnits = 0; continue; }
    nSum += p->nScrutineer;
    if( zMinOn[0]==0 || strcmp(p->zScrutineerOn, zMinOn)<0 ) memcpy(zMinOn, p->zScrutineerOn, 11);
  }
  if( pOut->coversBallot && nLatest>0 && aLatest[0].unitId==0 ){
    pTotal->hasScrutineer = 1;
    pTotal->nScrutineer = aLatest[0].n;
    memcpy(pTotal->zScrutineerOn, aLatest[0].zOn, 11);
  }else if( allUnits ){
    pTotal->hasScrutineer = 1;
    pTotal->nScrutineer = nSum;
    memcpy(pTotal->zScrutineerOn, zMinOn, 11);
  }

  /* Self-reports in scope, cumulative by day. */
  s = db_prepare(db,
    "SELECT e.posted_on, count(*) FROM statutory_entitled e JOIN units u ON u.id=e.unit_id"
    " WHERE e.ballot_id=? AND e.posted_on IS NOT NULL AND u.lft BETWEEN ? AND ?"
    " GROUP BY e.posted_on ORDER BY e.posted_on");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, pScope ? pScope->lft : INT64_MIN);
  db_bind_int(s, 3, pScope ? pScope->rgt : INT64_MAX);
  int64_t nCum = 0;
  while( (r = db_step(s))==DB_ROW ){
    nCum += db_col_int(s, 1);
    pOut->aSelf = xrealloc(pOut->aSelf, sizeof(TurnoutPoint)*(size_t)(pOut->nSelf+1));
    TurnoutPoint *pt = &pOut->aSelf[pOut->nSelf++];
    db_col_copy(s, 0, pt->zOn, sizeof pt->zOn);
    pt->n = nCum;
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;

  /* Self-reports count as of today, or the close once it has passed. */
  char zSelfAsOf[11];
  snprintf(zSelfAsOf, sizeof zSelfAsOf, "%s",
           strcmp(zToday, pB->zCloses)>0 ? pB->zCloses : zToday);
  for(int i=0; i<pOut->nRow; i++){
    row_finish(pB, &pOut->aRow[i], zSelfAsOf);
    if( row_judge(pLaw, pB, &pOut->aRow[i], pOut, i==0, pzErr) ) goto out;
  }
  rc = 0;
  goto out;

store_error:
  buf_error(pzErr, "%s", db_errmsg(db));
  rc = -1;
out:
  free(aUnit);
  free(aLatest);
  if( rc ) turnout_view_clear(pOut);
  return rc;
}

static json_t *series_json(const TurnoutPoint *a, int n){
  json_t *p = json_array();
  for(int i=0; i<n; i++){
    json_array_append_new(p, json_pack("{s:s, s:I}", "on", a[i].zOn, "returned", (json_int_t)a[i].n));
  }
  return p;
}

/* A number rounded to 1 decimal place. */
static json_t *json_1dp(double x){ return json_real(round(x*10.0)/10.0); }

json_t *turnout_view_json(const TurnoutBallot *pB, const TurnoutView *pV){
  json_t *aRows = json_array();
  for(int i=0; i<pV->nRow; i++){
    const TurnoutRow *p = &pV->aRow[i];
    json_t *o = json_object();
    json_object_set_new(o, "unit", p->unitId ? json_string(p->zUnitCode) : json_null());
    json_object_set_new(o, "name", json_string(p->zUnitName));
    json_object_set_new(o, "entitled", json_integer((json_int_t)p->nEntitled));
    json_object_set_new(o, "returned", json_integer((json_int_t)p->nReturned));
    json_object_set_new(o, "source", json_string(p->zSource));
    json_object_set_new(o, "as_of", json_string(p->zAsOf));
    json_object_set_new(o, "turnout_pct", json_1dp(p->pct));
    json_object_set_new(o, "self_reported", json_integer((json_int_t)p->nSelf));
    json_object_set_new(o, "scrutineer", p->hasScrutineer
      ? json_pack("{s:I, s:s}", "returned", (json_int_t)p->nScrutineer, "as_of", p->zScrutineerOn)
      : json_null());
    json_object_set_new(o, "turnout_needed", json_integer((json_int_t)p->nTurnoutNeeded));
    json_object_set_new(o, "more_returns_needed", json_integer((json_int_t)p->nTurnoutShort));
    json_object_set_new(o, "yes_needed", p->ipsApplies ? json_integer((json_int_t)p->nYesNeeded) : json_null());
    json_object_set_new(o, "more_yes_needed", p->ipsApplies ? json_integer((json_int_t)p->nYesShort) : json_null());
    if( p->proj.ok ){
      double e = p->nEntitled ? (double)p->nEntitled : 1;
      json_object_set_new(o, "projection", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i}",
        "final", json_1dp(p->proj.final), "low", json_1dp(p->proj.lo), "high", json_1dp(p->proj.hi),
        "final_pct", json_1dp(100*p->proj.final/e), "low_pct", json_1dp(100*p->proj.lo/e),
        "high_pct", json_1dp(100*p->proj.hi/e), "rate_per_day", json_1dp(p->proj.rate),
        "days_elapsed", p->proj.daysElapsed, "days_left", p->proj.daysLeft));
      json_object_set_new(o, "projection_note", json_null());
    }else{
      json_object_set_new(o, "projection", json_null());
      json_object_set_new(o, "projection_note", json_string(p->proj.zWhy));
    }
    json_array_append_new(aRows, o);
  }
  json_t *p = json_object();
  json_object_set_new(p, "dispute", json_string(pB->zDispute));
  json_object_set_new(p, "title", json_string(pB->zTitle));
  json_object_set_new(p, "regime", json_string(pB->zRegime));
  json_object_set_new(p, "opens", json_string(pB->zOpens));
  json_object_set_new(p, "closes", json_string(pB->zCloses));
  json_object_set_new(p, "snapshot_on", json_string(pB->zSnapshotOn));
  json_object_set_new(p, "entitled", json_integer((json_int_t)pB->nEntitled));
  json_object_set_new(p, "important_public_service", json_boolean(pB->ips));
  json_object_set_new(p, "ips_decided_by", json_string(pB->ipsByOfficer ? "officer" : "sectors"));
  json_object_set_new(p, "as_of", json_string(pV->zToday));
  json_object_set_new(p, "turnout_rule", json_string(pV->zTurnoutRule));
  json_object_set_new(p, "ips_rule", json_string(pV->zIpsRule));
  json_object_set_new(p, "rows", aRows);
  json_object_set_new(p, "self_reported_by_day", series_json(pV->aSelf, pV->nSelf));
  json_object_set_new(p, "scrutineer_by_day", series_json(pV->aScrutineer, pV->nScrutineer));
  return p;
}
