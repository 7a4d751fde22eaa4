/* ballot.c: online ballots on the union's side (ballot.h): creation with
** the constituency's snapshot, the credential authority's public halves,
** the intake that validates each ballot once and makes it durable on the
** board before the store and before the voter hears "cast", turnout, the
** not-voted lists and the result under the law. See docs/ballots.md. */
#include "ballot.h"
#include "ballot_outcome.h"
#include "dispute.h"
#include "outbox.h"
#include "../crypto/election.h"
#include "../crypto/verify.h"
#include "../mail/message.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include "../util/strmap.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *const azBallotKind[] = { "indicative", "offer", "election", "motion", 0 };
const char *const azBallotOutcome[] = { "spoke", "will_vote", "no_answer", "left_message",
                                        "wrong_number", 0 };

static void copy_text(char *zOut, size_t n, const char *z){
  snprintf(zOut, n, "%s", z ? z : "");
}

static int in_list(const char *const *az, const char *z){
  for(int i=0; z && az[i]; i++) if( strcmp(az[i], z)==0 ) return 1;
  return 0;
}

/*
** Seconds since 1970 as YYYY-MM-DDTHH:MM:SSZ (UTC).
*/
void ballot_time_iso(int64_t t, char zOut[BALLOT_TIME]){
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(zOut, BALLOT_TIME, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
** Now, or noon of $MANDATE_TODAY.
*/
void ballot_now(char zOut[BALLOT_TIME]){
  if( getenv("MANDATE_TODAY") && getenv("MANDATE_TODAY")[0] ){
    char zDay[11];
    date_today(zDay);
    snprintf(zOut, BALLOT_TIME, "%sT12:00:00Z", zDay);
    return;
  }
  ballot_time_iso((int64_t)time(0), zOut);
}

/*
** Seconds since 1970 of a normalised time, or -1.
*/
int64_t ballot_time_seconds(const char *z){
  char zDay[11];
  int h, m, s;
  if( strlen(z)!=20 ) return -1;
  memcpy(zDay, z, 10); zDay[10] = 0;
  long d = date_to_days(zDay);
  if( d<0 || sscanf(z+11, "%2d:%2d:%2d", &h, &m, &s)!=3 ) return -1;
  return (int64_t)d*86400 + h*3600 + m*60 + s;
}

/*
** Parse a date and time (UTC).
*/
int ballot_parse_time(const char *zIn, char zOut[BALLOT_TIME], const char **pzWhy){
  char zDay[NORM_MAX], zDate[16];
  int h = 0, m = 0, s = 0;
  size_t n = zIn ? strlen(zIn) : 0;
  *pzWhy = "give a date and time as YYYY-MM-DDTHH:MM (UTC)";
  if( n<10 || n>24 ) return -1;
  memcpy(zDate, zIn, 10); zDate[10] = 0;
  if( norm_date(zDate, zDay, pzWhy) || strcmp(zDay, zDate)!=0 ){
    *pzWhy = "the date must be a real date, YYYY-MM-DD";
    return -1;
  }
  if( n>10 ){
    const char *z = zIn+10;
    char c = *z++;
    int nRead = 0;
    if( c!='T' && c!=' ' ) return -1;
    if( sscanf(z, "%2d:%2d%n", &h, &m, &nRead)!=2 || nRead!=5 ) return -1;
    z += 5;
    if( *z==':' ){
      if( sscanf(z+1, "%2d%n", &s, &nRead)!=1 || nRead!=2 ) return -1;
      z += 3;
    }
    if( *z=='Z' ) z++;
    if( *z ) return -1;
    if( h>23 || m>59 || s>59 ){ *pzWhy = "the time must be HH:MM from 00:00 to 23:59"; return -1; }
  }
  snprintf(zOut, BALLOT_TIME, "%.10sT%02d:%02d:%02dZ", zDay, h, m, s);
  return 0;
}

/*
** PATH.ballots/CODE
*/
char *ballot_board_dir(const char *zDbPath, const char *zCode){
  Buf b = BUF_INIT;
  buf_printf(&b, "%s.ballots/%s", zDbPath, zCode);
  return buf_steal(&b);
}

static int code_ok(const char *z){
  size_t n = strlen(z);
  if( n==0 || n>40 ) return 0;
  for(size_t i=0; i<n; i++){
    char c = z[i];
    if( !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9') || c=='_' || c=='.' || c=='-') ) return 0;
  }
  return 1;
}

/* A label cut to at most nMax bytes on a UTF-8 character boundary. */
static char *label_cut(const char *z, size_t nMax){
  size_t n = strlen(z);
  if( n>nMax ){
    n = nMax;
    while( n>0 && ((unsigned char)z[n] & 0xC0)==0x80 ) n--;
  }
  return xstrndup(z, n);
}

/************************ create ************************/

#define BALLOT_COLS "id,code,title,question,answers,kind,regime_id,opens_at,closes_at,breakdown," \
                    "election_id,voters,credentials_at,closed_at,created_at,result_json IS NOT NULL," \
                    "weighted,CASE WHEN weighted=1 THEN (SELECT coalesce(sum(w.weight),0) FROM ballot_voters w" \
                    " WHERE w.ballot_id=ballots.id) ELSE voters END"

static void ballot_row(DbStmt *s, Ballot *p){
  memset(p, 0, sizeof *p);
  p->id = db_col_int(s, 0);
  copy_text(p->zCode, sizeof p->zCode, db_col_text(s, 1));
  copy_text(p->zTitle, sizeof p->zTitle, db_col_text(s, 2));
  copy_text(p->zQuestion, sizeof p->zQuestion, db_col_text(s, 3));
  copy_text(p->zAnswers, sizeof p->zAnswers, db_col_text(s, 4));
  copy_text(p->zKind, sizeof p->zKind, db_col_text(s, 5));
  copy_text(p->zRegime, sizeof p->zRegime, db_col_text(s, 6));
  copy_text(p->zOpens, sizeof p->zOpens, db_col_text(s, 7));
  copy_text(p->zCloses, sizeof p->zCloses, db_col_text(s, 8));
  p->breakdown = (int)db_col_int(s, 9);
  copy_text(p->zElectionId, sizeof p->zElectionId, db_col_text(s, 10));
  p->nVoter = db_col_int(s, 11);
  copy_text(p->zCredentialsAt, sizeof p->zCredentialsAt, db_col_text(s, 12));
  copy_text(p->zClosedAt, sizeof p->zClosedAt, db_col_text(s, 13));
  copy_text(p->zCreatedAt, sizeof p->zCreatedAt, db_col_text(s, 14));
  p->hasResult = (int)db_col_int(s, 15);
  p->weighted = (int)db_col_int(s, 16);
  p->nWeight = db_col_int(s, 17);
}

/*
** Load a ballot by code.
*/
int ballot_load(Db *db, const char *zCode, Ballot *pOut){
  DbStmt *s = db_prepare(db, "SELECT " BALLOT_COLS " FROM ballots WHERE code=?");
  db_bind_text(s, 1, zCode);
  int r = db_step(s);
  if( r==DB_ROW ) ballot_row(s, pOut);
  db_finalize(s);
  return r==DB_ROW ? 0 : r==DB_DONE ? 1 : -1;
}

/* A delegate of a weighted ballot, from a line of the weights file. */
typedef struct Delegate Delegate;
struct Delegate {
  int64_t memberId;
  int64_t unitId;
  char zUnit[64];             /* the workplace's code: the breakdown group */
  int64_t weight;
};

/* Order of the voter numbers: weight, then member; with a breakdown,
** the workplace (the group) first. */
static int delegate_cmp(const void *pA, const void *pB){
  const Delegate *a = pA, *b = pB;
  if( a->weight!=b->weight ) return a->weight<b->weight ? -1 : 1;
  return a->memberId<b->memberId ? -1 : a->memberId>b->memberId;
}
static int delegate_cmp_by_unit(const void *pA, const void *pB){
  int c = strcmp(((const Delegate*)pA)->zUnit, ((const Delegate*)pB)->zUnit);
  return c ? c : delegate_cmp(pA, pB);
}

/* A field without the spaces around it, in place. */
static char *trim(char *z){
  size_t n = strlen(z);
  while( n && (z[n-1]==' ' || z[n-1]=='\t') ) z[--n] = 0;
  while( *z==' ' || *z=='\t' ) z++;
  return z;
}

/* Read the weights file of p: every line checked (each problem appended
** to pErr as FILE:LINE:COL, COL the field), the delegates into *paDel.
** aScope[0..nScope) are the units' subtrees (none: the whole union).
** Returns 0, or -1 on a store error (*pzErr). */
static int weights_read(Db *db, const BallotSpec *p, const Unit *aScope, int nScope,
                        Delegate **paDel, int *pnDel, Buf *pErr, char **pzErr){
  const char *zName = p->zWeightsName ? p->zWeightsName : "weights";
  CsvReader *r = csv_open(p->zWeights, p->nWeights);
  CsvRow row;
  StrMap seen = STRMAP_INIT;
  Delegate *aDel = 0;
  int nDel = 0, nAlloc = 0, nErr = 0, k, rc = 0;
  char *zCsvErr = 0;
  DbStmt *s = db_prepare(db, "SELECT m.id, m.status, m.unit_id, u.code, u.lft FROM members m"
                             " JOIN units u ON u.id=m.unit_id WHERE m.number=?");
#define WBAD(LINE, COL, ...) do{ if( nErr++ < 20 ){ buf_printf(pErr, "%s:%d:%d: ", zName, LINE, COL); \
    buf_printf(pErr, __VA_ARGS__); buf_putc(pErr, '\n'); } }while(0)
  k = csv_read(r, &row, &zCsvErr);
  if( k<=0 ){
    if( k<0 ) buf_printf(pErr, "%s:%s\n", zName, zCsvErr);
    else WBAD(1, 1, "the weights file is empty: expected the header member,weight and a line per delegate");
    goto out;
  }
  if( row.nField!=2 || strcmp(trim(row.azField[0]), "member")!=0 || strcmp(trim(row.azField[1]), "weight")!=0 ){
    WBAD(row.line, 1, "the header must be exactly member,weight");
    goto out;
  }
  while( (k = csv_read(r, &row, &zCsvErr))==1 ){
    Delegate d;
    int bad = 0;
    memset(&d, 0, sizeof d);
    if( row.nField!=2 ){ WBAD(row.line, 1, "expected 2 fields (member,weight), found %d", row.nField); continue; }
    {
      const char *zNo = trim(row.azField[0]);
      if( zNo[0]==0 ){ WBAD(row.line, 1, "the membership number is empty"); bad = 1; }
      else{
        db_reset(s);
        db_bind_text(s, 1, zNo);
        int q = db_step(s);
        if( q==DB_ERROR ){ rc = buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
        if( q!=DB_ROW ){ WBAD(row.line, 1, "no member %.40s in the register", zNo); bad = 1; }
        else if( strcmp(db_col_text(s, 1), "active")!=0 ){
          WBAD(row.line, 1, "member %.40s is %s, not active: only active members vote", zNo, db_col_text(s, 1)); bad = 1;
        }else{
          int64_t lft = db_col_int(s, 4);
          int in = nScope==0;
          for(int i=0; !in && i<nScope; i++) in = lft>=aScope[i].lft && lft<=aScope[i].rgt;
          if( !in ){ WBAD(row.line, 1, "member %.40s works at %s, outside the units given (--unit)", zNo, db_col_text(s, 3)); bad = 1; }
          d.memberId = db_col_int(s, 0);
          d.unitId = db_col_int(s, 2);
          copy_text(d.zUnit, sizeof d.zUnit, db_col_text(s, 3));
        }
        if( !bad && !strmap_add(&seen, zNo, row.line, 0) ){
          int64_t iFirst = 0;
          strmap_get(&seen, zNo, &iFirst);
          WBAD(row.line, 1, "member %.40s is listed twice (first on line %lld)", zNo, (long long)iFirst); bad = 1;
        }
      }
    }
    {
      const char *zW = trim(row.azField[1]);
      size_t n = strlen(zW);
      if( n==0 || n>9 || strspn(zW, "0123456789")!=n ){
        WBAD(row.line, 2, "the weight must be a whole number from 1 to %d, not '%.20s'", ELECTION_MAX_WEIGHT, zW); bad = 1;
      }else{
        d.weight = atoll(zW);
        if( d.weight<1 || d.weight>ELECTION_MAX_WEIGHT ){
          WBAD(row.line, 2, "the weight must be from 1 to %d votes, not %lld", ELECTION_MAX_WEIGHT, (long long)d.weight); bad = 1;
        }
      }
    }
    if( bad ) continue;
    if( nDel==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      aDel = xrealloc(aDel, (size_t)nAlloc * sizeof *aDel);
    }
    aDel[nDel++] = d;
  }
  if( k<0 ){ buf_printf(pErr, "%s:%s\n", zName, zCsvErr); nErr++; }
  else if( nErr==0 && nDel==0 ) WBAD(row.line, 1, "no delegate is listed: a line member,weight for each");
  if( nErr>20 ) buf_printf(pErr, "%s: %d more problems\n", zName, nErr-20);
#undef WBAD
out:
  free(zCsvErr);
  db_finalize(s);
  csv_close(r);
  strmap_clear(&seen);
  if( rc || pErr->n ){ free(aDel); aDel = 0; nDel = 0; }
  *paDel = aDel;
  *pnDel = nDel;
  return rc;
}

/* Number and store the delegates of ballot ballotId. 0 or -1. */
static int weights_store(Db *db, int64_t ballotId, int breakdown, Delegate *aDel, int nDel){
  int r = DB_DONE;
  int64_t group = 0;
  qsort(aDel, (size_t)nDel, sizeof *aDel, breakdown ? delegate_cmp_by_unit : delegate_cmp);
  DbStmt *s = db_prepare(db, "INSERT INTO ballot_voters(ballot_id,voter_no,member_id,unit_id,group_no,weight)"
                             " VALUES(?,?,?,?,?,?)");
  for(int i=0; i<nDel && r!=DB_ERROR; i++){
    if( breakdown && (i==0 || strcmp(aDel[i].zUnit, aDel[i-1].zUnit)!=0) ) group++;
    db_reset(s);
    db_bind_int(s, 1, ballotId);
    db_bind_int(s, 2, i+1);
    db_bind_int(s, 3, aDel[i].memberId);
    db_bind_int(s, 4, aDel[i].unitId);
    db_bind_int(s, 5, group);
    db_bind_int(s, 6, aDel[i].weight);
    r = db_step(s);
  }
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

/*
** Check the spec, store the ballot and snapshot the constituency.
*/
int ballot_create_begin(Db *db, const LawSet *pLaw, const BallotSpec *p,
                        BallotDraft *pOut, char **pzErr){
  Buf err = BUF_INIT;
  char zOpens[BALLOT_TIME] = "", zCloses[BALLOT_TIME] = "", zNow[BALLOT_TIME];
  const char *zWhy;
  int64_t employerId = 0, ballotId = 0, nVoter = 0;
  Ballot old;
  Unit *aScope = 0;
  Delegate *aDel = 0;
  int nDel = 0;
  memset(pOut, 0, sizeof *pOut);
  if( !p->zCode || !code_ok(p->zCode) ) buf_printf(&err, "the code must be 1 to 40 letters, digits, '-', '_' or '.'\n");
  else{
    int r = ballot_load(db, p->zCode, &old);
    if( r<0 ) return buf_error(pzErr, "%s", db_errmsg(db));
    if( r==0 ) buf_printf(&err, "there is already a ballot %s\n", p->zCode);
  }
  if( !p->zTitle || !p->zTitle[0] || strlen(p->zTitle)>200 ) buf_printf(&err, "the title must be 1 to 200 bytes\n");
  if( !p->zQuestion || !p->zQuestion[0] || strlen(p->zQuestion)>1000 ) buf_printf(&err, "the question must be 1 to 1000 bytes\n");
  if( p->zAnswers ){
    int nA = 1, bad = 0;
    size_t nLabel = 0;
    for(const char *z=p->zAnswers; ; z++){
      if( *z==';' || *z==0 ){
        if( nLabel==0 || nLabel>200 ) bad = 1;
        nLabel = 0;
        if( *z==0 ) break;
        nA++;
      }else{
        nLabel++;
      }
    }
    if( nA<2 || nA>64 || bad || strlen(p->zAnswers)>1000 ) buf_printf(&err, "--answers: 2 to 64 answers of 1 to 200 bytes, separated by ';'\n");
  }
  if( !in_list(azBallotKind, p->zKind) ) buf_printf(&err, "the kind must be indicative, offer, election or motion\n");
  if( !p->zRegime || law_regime(pLaw, p->zRegime)==0 ) buf_printf(&err, "no legal regime %s (see 'mandate rules list')\n", p->zRegime ? p->zRegime : "given");
  if( ballot_parse_time(p->zOpens, zOpens, &zWhy) ) buf_printf(&err, "--opens: %s\n", zWhy);
  if( ballot_parse_time(p->zCloses, zCloses, &zWhy) ) buf_printf(&err, "--closes: %s\n", zWhy);
  if( zOpens[0] && zCloses[0] && strcmp(zCloses, zOpens)<=0 ) buf_printf(&err, "the ballot closes (%s) before it opens (%s)\n", zCloses, zOpens);
  if( p->nUnit<1 && !p->zWeights ) buf_printf(&err, "name at least one unit (--unit): its members vote\n");
  if( p->nUnit>0 ) aScope = xcalloc((size_t)p->nUnit, sizeof *aScope);
  for(int i=0; i<p->nUnit; i++){
    int r = register_unit_by_code(db, p->azUnit[i], &aScope[i]);
    if( r<0 ){ free(aScope); return buf_error(pzErr, "%s", db_errmsg(db)); }
    if( r ) buf_printf(&err, "no unit %s\n", p->azUnit[i]);
  }
  if( p->zWeights && (p->zEmployer || p->zCategory || p->zType) ){
    buf_printf(&err, "--weights lists the delegates who vote: leave out --employer, --category and --employment-type\n");
  }
  if( p->zWeights && err.n==0 && weights_read(db, p, aScope, p->nUnit, &aDel, &nDel, &err, pzErr) ){
    free(aScope);
    buf_reset(&err);
    return -1;
  }
  free(aScope);
  aScope = 0;
  if( p->zEmployer ){
    DbStmt *s = db_prepare(db, "SELECT id FROM employers WHERE name=?");
    db_bind_text(s, 1, p->zEmployer);
    if( db_step(s)==DB_ROW ) employerId = db_col_int(s, 0);
    db_finalize(s);
    if( employerId==0 ) buf_printf(&err, "no employer named \"%s\" in the register\n", p->zEmployer);
  }
  if( p->zType && !in_list(azRegisterEmploymentType, p->zType) ) buf_printf(&err, "no employment type %s\n", p->zType);
  if( err.n ){
    buf_truncate(&err, err.n-1);
    if( pzErr ) *pzErr = buf_steal(&err); else buf_reset(&err);
    free(aDel);
    return -1;
  }
  ballot_now(zNow);
  if( db_begin(db) ){ free(aDel); return buf_error(pzErr, "%s", db_errmsg(db)); }
  DbStmt *s = db_prepare(db,
    "INSERT INTO ballots(code,title,question,answers,kind,regime_id,opens_at,closes_at,breakdown,"
    "employer_id,category,employment_type,election_id,voters,created_at,weighted)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'',0,?,?) RETURNING id");
  db_bind_text(s, 1, p->zCode);
  db_bind_text(s, 2, p->zTitle);
  db_bind_text(s, 3, p->zQuestion);
  db_bind_text(s, 4, p->zAnswers);
  db_bind_text(s, 5, p->zKind);
  db_bind_text(s, 6, p->zRegime);
  db_bind_text(s, 7, zOpens);
  db_bind_text(s, 8, zCloses);
  db_bind_int(s, 9, p->breakdown ? 1 : 0);
  if( employerId ) db_bind_int(s, 10, employerId); else db_bind_text(s, 10, 0);
  db_bind_text(s, 11, p->zCategory);
  db_bind_text(s, 12, p->zType);
  db_bind_text(s, 13, zNow);
  db_bind_int(s, 14, p->zWeights ? 1 : 0);
  if( db_step(s)==DB_ROW ) ballotId = db_col_int(s, 0);
  db_finalize(s);
  if( ballotId<=0 ) goto store_error;
  for(int i=0; i<p->nUnit; i++){
    s = db_prepare(db, "INSERT INTO ballot_units(ballot_id,unit_id) SELECT ?, id FROM units WHERE code=?"
                       " ON CONFLICT DO NOTHING");
    db_bind_int(s, 1, ballotId);
    db_bind_text(s, 2, p->azUnit[i]);
    int r = db_step(s);
    db_finalize(s);
    if( r==DB_ERROR ) goto store_error;
  }
  if( p->zWeights ){
    if( weights_store(db, ballotId, p->breakdown, aDel, nDel) ) goto store_error;
  }else{
    s = db_prepare(db,
      "INSERT INTO ballot_voters(ballot_id,voter_no,member_id,unit_id,group_no)"
      " SELECT ?, ROW_NUMBER() OVER (ORDER BY CASE WHEN ?=1 THEN u.code ELSE '' END, m.id),"
      "  m.id, m.unit_id, CASE WHEN ?=1 THEN DENSE_RANK() OVER (ORDER BY u.code) ELSE 0 END"
      " FROM members m JOIN units u ON u.id=m.unit_id"
      " WHERE m.status='active'"
      "  AND EXISTS (SELECT 1 FROM ballot_units bu JOIN units su ON su.id=bu.unit_id"
      "              WHERE bu.ballot_id=? AND u.lft BETWEEN su.lft AND su.rgt)"
      "  AND (?=0 OR m.employer_id=?)"
      "  AND (?=0 OR lower(m.category)=lower(?))"
      "  AND (?=0 OR m.employment_type=?)");
    db_bind_int(s, 1, ballotId);
    db_bind_int(s, 2, p->breakdown ? 1 : 0);
    db_bind_int(s, 3, p->breakdown ? 1 : 0);
    db_bind_int(s, 4, ballotId);
    db_bind_int(s, 5, employerId);
    db_bind_int(s, 6, employerId);
    db_bind_int(s, 7, p->zCategory!=0);
    db_bind_text(s, 8, p->zCategory ? p->zCategory : "-");
    db_bind_int(s, 9, p->zType!=0);
    db_bind_text(s, 10, p->zType ? p->zType : "-");
    int r = db_step(s);
    db_finalize(s);
    if( r==DB_ERROR ) goto store_error;
  }
  free(aDel);
  aDel = 0;
  s = db_prepare(db, "SELECT count(*) FROM ballot_voters WHERE ballot_id=?");
  db_bind_int(s, 1, ballotId);
  if( db_step(s)==DB_ROW ) nVoter = db_col_int(s, 0);
  db_finalize(s);
  if( nVoter==0 ){
    db_rollback(db);
    return buf_error(pzErr, "no active member is in those units with those filters: nobody would vote");
  }
  s = db_prepare(db, "UPDATE ballots SET voters=? WHERE id=?");
  db_bind_int(s, 1, nVoter);
  db_bind_int(s, 2, ballotId);
  int r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) goto store_error;
  if( p->breakdown ){
    int nAlloc = 0;
    s = db_prepare(db,
      "SELECT DISTINCT v.group_no, u.code, u.name FROM ballot_voters v JOIN units u ON u.id=v.unit_id"
      " WHERE v.ballot_id=? ORDER BY v.group_no");
    db_bind_int(s, 1, ballotId);
    while( (r = db_step(s))==DB_ROW ){
      char *zLabel;
      Buf l = BUF_INIT;
      buf_printf(&l, "%s %s", db_col_text(s, 1), db_col_text(s, 2));
      zLabel = label_cut(buf_str(&l), 200);
      buf_reset(&l);
      if( (int)pOut->nGroup==nAlloc ){
        nAlloc = nAlloc ? 2*nAlloc : 64;
        pOut->azGroup = xrealloc(pOut->azGroup, (size_t)nAlloc * sizeof(char*));
      }
      pOut->azGroup[pOut->nGroup++] = zLabel;
    }
    db_finalize(s);
    if( r==DB_ERROR ) goto store_error;
    if( pOut->nGroup>ELECTION_MAX_GROUPS ){
      db_rollback(db);
      ballot_draft_clear(pOut);
      return buf_error(pzErr, "the constituency spans more than %d workplaces: too many to"
                         " count separately; leave out --breakdown or ballot fewer units", ELECTION_MAX_GROUPS);
    }
  }
  if( ballot_load(db, p->zCode, &pOut->b) ) goto store_error;
  return 0;
store_error:;
  char *zMsg = xstrdup(db_errmsg(db));
  free(aDel);
  db_rollback(db);
  ballot_draft_clear(pOut);
  buf_error(pzErr, "cannot store the ballot: %s", zMsg);
  free(zMsg);
  return -1;
}

/*
** Record the election id and commit.
*/
int ballot_create_finish(Db *db, BallotDraft *p, const unsigned char *aId, char **pzErr){
  char zId[65];
  board_hex(zId, aId, ELECTION_ID_BYTES);
  DbStmt *s = db_prepare(db, "UPDATE ballots SET election_id=? WHERE id=?");
  db_bind_text(s, 1, zId);
  db_bind_int(s, 2, p->b.id);
  int r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR || db_commit(db) ){
    buf_error(pzErr, "cannot store the ballot: %s", db_errmsg(db));
    db_rollback(db);
    return -1;
  }
  copy_text(p->b.zElectionId, sizeof p->b.zElectionId, zId);
  return 0;
}

void ballot_create_abort(Db *db, BallotDraft *p){
  db_rollback(db);
  (void)p;
}

void ballot_draft_clear(BallotDraft *p){
  for(uint32_t g=0; g<p->nGroup; g++) free(p->azGroup[g]);
  free(p->azGroup);
  p->azGroup = 0;
  p->nGroup = 0;
}

/*
** The state of a ballot at zNow.
*/
const char *ballot_state(const Ballot *pB, const char *zNow){
  if( pB->hasResult ) return "counted";
  if( pB->zClosedAt[0] ) return "closed";
  if( strcmp(zNow, pB->zCloses)>=0 ) return "ended";
  if( !pB->zCredentialsAt[0] ) return "created";
  if( strcmp(zNow, pB->zOpens)<0 ) return "credentials";
  return "open";
}

/*
** Every ballot, newest first.
*/
json_t *ballot_list_json(Db *db){
  char zNow[BALLOT_TIME];
  json_t *a = json_array();
  int r;
  ballot_now(zNow);
  DbStmt *s = db_prepare(db, "SELECT " BALLOT_COLS " FROM ballots ORDER BY created_at DESC, id DESC");
  while( (r = db_step(s))==DB_ROW ){
    Ballot b;
    ballot_row(s, &b);
    json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "code", b.zCode, "title", b.zTitle,
                                       "kind", b.zKind, "opens", b.zOpens, "closes", b.zCloses,
                                       "voters", (json_int_t)b.nVoter, "state", ballot_state(&b, zNow)));
  }
  db_finalize(s);
  if( r==DB_ERROR ){ json_decref(a); return 0; }
  return a;
}

/************************ the voter list ************************/

int ballot_voters_csv(Db *db, const Ballot *pB, const char *const *azGroup, uint32_t nGroup,
                      int withContacts, Buf *pOut, char **pzErr){
  int r;
  buf_puts(pOut, pB->weighted ? "voter,group,weight" : "voter,group");
  buf_puts(pOut, withContacts ? ",first_name,last_name,email,mobile,address_line1,address_line2,"
                                "town,postcode\r\n" : "\r\n");
  DbStmt *s = db_prepare(db,
    "SELECT v.voter_no, v.group_no, m.first_name, m.last_name, m.email, m.mobile, m.address_line1,"
    " m.address_line2, m.town, m.postcode, v.weight FROM ballot_voters v"
    " LEFT JOIN members m ON m.id=v.member_id WHERE v.ballot_id=? ORDER BY v.voter_no");
  db_bind_int(s, 1, pB->id);
  while( (r = db_step(s))==DB_ROW ){
    int64_t g = db_col_int(s, 1);
    char zVoter[32];
    snprintf(zVoter, sizeof zVoter, "voter-%07lld", (long long)db_col_int(s, 0));
    buf_puts(pOut, zVoter);
    buf_putc(pOut, ',');
    dispute_csv_field(pOut, g>0 && (uint32_t)g<=nGroup ? azGroup[g-1] : "");
    if( pB->weighted ) buf_printf(pOut, ",%lld", (long long)db_col_int(s, 10));
    if( withContacts ){
      for(int i=2; i<10; i++){
        const char *z = db_col_text(s, i);
        buf_putc(pOut, ',');
        if( i==5 && z && z[0]=='+' ) buf_puts(pOut, z);   /* E.164, as it is */
        else dispute_csv_field(pOut, z ? z : "");
      }
    }
    buf_puts(pOut, "\r\n");
  }
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  return 0;
}

int ballot_group_counts(Db *db, const Ballot *pB, uint32_t nGroup, int byWeight, int64_t **paCount){
  int r;
  int64_t *a = xcalloc((size_t)nGroup+1, sizeof *a);
  DbStmt *s = db_prepare(db, "SELECT group_no, count(*), sum(weight) FROM ballot_voters WHERE ballot_id=? GROUP BY group_no");
  db_bind_int(s, 1, pB->id);
  while( (r = db_step(s))==DB_ROW ){
    int64_t g = db_col_int(s, 0);
    if( g>=0 && (uint64_t)g<=nGroup ) a[g] = db_col_int(s, byWeight ? 2 : 1);
  }
  db_finalize(s);
  if( r==DB_ERROR ){ free(a); return -1; }
  *paCount = a;
  return 0;
}

int ballot_credential_runs(Db *db, const Ballot *pB, BallotCredRun **paRun, int *pnRun){
  BallotCredRun *a = 0;
  int n = 0, nAlloc = 0, r;
  DbStmt *s = db_prepare(db, "SELECT voter_no, group_no, weight FROM ballot_voters WHERE ballot_id=? ORDER BY voter_no");
  db_bind_int(s, 1, pB->id);
  while( (r = db_step(s))==DB_ROW ){
    int64_t no = db_col_int(s, 0), g = db_col_int(s, 1), w = db_col_int(s, 2);
    if( n>0 && a[n-1].iGroup==g && a[n-1].weight==w && a[n-1].first+a[n-1].n==no ){ a[n-1].n++; continue; }
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 16;
      a = xrealloc(a, (size_t)nAlloc * sizeof *a);
    }
    a[n].first = no; a[n].n = 1; a[n].iGroup = g; a[n].weight = w;
    n++;
  }
  db_finalize(s);
  if( r==DB_ERROR ){ free(a); return -1; }
  *paRun = a;
  *pnRun = n;
  return 0;
}

/************************ files ************************/

static int read_whole(const char *zPath, Buf *pOut, char **pzErr){
  FILE *in = fopen(zPath, "rb");
  char a[65536];
  size_t n;
  if( in==0 ) return buf_error(pzErr, "%s: %s", zPath, strerror(errno));
  while( (n = fread(a, 1, sizeof a, in))>0 ) buf_append(pOut, a, n);
  int bad = ferror(in);
  fclose(in);
  if( bad ) return buf_error(pzErr, "%s: read error", zPath);
  return 0;
}

/* Write all of a[0..n) to fd. 0 or -1. */
static int write_all(int fd, const char *a, size_t n){
  while( n>0 ){
    ssize_t k = write(fd, a, n);
    if( k<0 ){ if( errno==EINTR ) continue; return -1; }
    a += k; n -= (size_t)k;
  }
  return 0;
}

/************************ credentials ************************/

/* The credential keys on the authority's board, hex -> group*2^32 + weight. */
static int board_credentials(const unsigned char *a, size_t n, StrMap *pMap, char **pzErr){
  size_t off = 0;
  BoardItem it;
  char zErr[300];
  int r;
  for(size_t iLine=1; ; iLine++){
    memset(&it, 0, sizeof it);
    r = board_next(a, n, &off, &it, zErr, sizeof zErr);
    if( r==0 ) break;
    if( r<0 ) return buf_error(pzErr, "line %zu: %s", iLine, zErr);
    if( it.eType==BOARD_CREDENTIAL && it.nPayload>=24+64 ){
      const unsigned char *p = it.pPayload;
      uint64_t k = 0, g = 0, w = 0;
      for(int i=7; i>=0; i--){ k = k<<8 | p[i]; g = g<<8 | p[8+i]; w = w<<8 | p[16+i]; }
      if( 24 + 32*k + 64 == it.nPayload ){
        for(uint64_t j=0; j<k; j++){
          char zHex[65];
          board_hex(zHex, p + 24 + 32*j, 32);
          strmap_add(pMap, zHex, (int64_t)(g<<32 | (w & 0xffffffffu)), 0);
        }
      }
    }
    board_item_clear(&it);
  }
  return 0;
}

int ballot_import_credentials(Db *db, const Ballot *pB, const char *zBoard,
                              const char *zAuthBoard, const char *zMapName,
                              const char *zMap, size_t nMap, int64_t *pnNew, char **pzErr){
  Buf ours = BUF_INIT, theirs = BUF_INIT, err = BUF_INIT;
  StrMap creds = STRMAP_INIT, seen = STRMAP_INIT;
  VerifyReport r;
  int rc = -1, fd = -1, inTx = 0;
  int64_t nNew = 0;
  memset(&r, 0, sizeof r);
  if( pB->zCredentialsAt[0] ){
    return buf_error(pzErr, "the credentials of ballot %s were imported on %s: they are"
                       " fixed before the first ballot and not taken again", pB->zCode, pB->zCredentialsAt);
  }
  if( read_whole(zBoard, &ours, pzErr) || read_whole(zAuthBoard, &theirs, pzErr) ) goto out;
  if( theirs.n<ours.n || memcmp(theirs.z, ours.z, ours.n)!=0 ){
    buf_error(pzErr, "%s does not begin with this ballot's board (%s) byte for byte: was it"
                " made from a copy of this board?", zAuthBoard, zBoard);
    goto out;
  }
  verify_board((const unsigned char*)buf_str(&theirs), theirs.n, 1, VERIFY_OPEN, &r);
  if( !r.ok ){
    buf_error(pzErr, "%s line %zu (%s): %s", zAuthBoard, r.iFailLine, r.zFailType, r.zFail);
    goto out;
  }
  if( r.nBallot || r.hasTally ){ buf_error(pzErr, "%s already has ballots on it", zAuthBoard); goto out; }
  {
    size_t off = ours.n;
    BoardItem it;
    char zErr[300];
    int k;
    while( (k = board_next((unsigned char*)theirs.z, theirs.n, &off, &it, zErr, sizeof zErr))==1 ){
      int eType = it.eType;
      board_item_clear(&it);
      if( eType!=BOARD_CREDENTIAL ){
        buf_error(pzErr, "%s adds a %s item: only credentials may be added", zAuthBoard, board_type_name(eType));
        goto out;
      }
    }
    if( k<0 ){ buf_error(pzErr, "%s: %s", zAuthBoard, zErr); goto out; }
  }
  if( board_credentials((unsigned char*)theirs.z, theirs.n, &creds, pzErr) ) goto out;
  if( (int64_t)creds.nUsed!=pB->nVoter ){
    buf_error(pzErr, "%s holds %zu credentials; this ballot has %lld voters: one credential per voter",
                zAuthBoard, creds.nUsed, (long long)pB->nVoter);
    goto out;
  }
  if( db_begin(db) ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
  inTx = 1;
  {
    /* claim the import first, in the transaction: it takes the write lock,
    ** so a second import at the same moment waits, then finds it done and
    ** never appends the credentials to the board twice */
    char zNow[BALLOT_TIME];
    ballot_now(zNow);
    DbStmt *s = db_prepare(db, "UPDATE ballots SET credentials_at=? WHERE id=? AND credentials_at IS NULL RETURNING id");
    db_bind_text(s, 1, zNow);
    db_bind_int(s, 2, pB->id);
    int k = db_step(s), claimed = k==DB_ROW;
    if( k==DB_ROW ) k = db_step(s);
    db_finalize(s);
    if( k==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
    if( !claimed ){
      buf_error(pzErr, "the credentials of ballot %s were imported meanwhile: they are taken once", pB->zCode);
      goto out;
    }
  }
  {
    DbStmt *pFind = db_prepare(db, "SELECT id, group_no, weight FROM ballot_voters WHERE ballot_id=? AND voter_no=?");
    DbStmt *pSet = db_prepare(db, "UPDATE ballot_voters SET credential=? WHERE id=?");
    const char *z = zMap, *zEnd = zMap + nMap;
    int iLine = 0, nErr = 0;
    while( z<zEnd && nErr<20 ){
      const char *zEol = memchr(z, '\n', (size_t)(zEnd-z));
      size_t nLine = zEol ? (size_t)(zEol-z) : (size_t)(zEnd-z);
      char zLine[512], *azF[4];
      int nF = 0;
      iLine++;
      if( nLine && z[nLine-1]=='\r' ) nLine--;
      if( nLine>=sizeof zLine ){
        buf_printf(&err, "%s:%d:1: the line is too long\n", zMapName, iLine); nErr++;
        goto next_line;
      }
      memcpy(zLine, z, nLine); zLine[nLine] = 0;
      if( zLine[0]==0 || zLine[0]=='#' ) goto next_line;
      for(char *p = strtok(zLine, " \t,"); p && nF<4; p = strtok(0, " \t,")) azF[nF++] = p;
      if( nF>=3 ){
        buf_printf(&err, "%s:%d:1: three fields: this looks like the authority's SECRET file;"
                   " give the server only the public halves (awk '{print $1, $3}')\n", zMapName, iLine);
        nErr = 20;
        break;
      }
      if( nF!=2 ){
        buf_printf(&err, "%s:%d:1: expected \"voter-NNNNNNN PUBLIC-CREDENTIAL\"\n", zMapName, iLine); nErr++;
        goto next_line;
      }
      {
        const char *zNo = azF[0];
        char *zStop;
        if( strncmp(zNo, "voter-", 6)==0 ) zNo += 6;
        long long no = strtoll(zNo, &zStop, 10);
        int64_t group = 0, voterId = 0, weight = 1, v;
        unsigned char aKey[32];
        if( *zStop || zStop==zNo || no<1 ){
          buf_printf(&err, "%s:%d:1: \"%.40s\" is not a voter number\n", zMapName, iLine, azF[0]); nErr++;
          goto next_line;
        }
        if( strlen(azF[1])!=64 || board_unhex(aKey, 32, azF[1]) ){
          buf_printf(&err, "%s:%d:%zu: the credential must be 64 lowercase hex digits\n", zMapName, iLine,
                     (size_t)(azF[1]-zLine)+1); nErr++;
          goto next_line;
        }
        db_reset(pFind);
        db_bind_int(pFind, 1, pB->id);
        db_bind_int(pFind, 2, no);
        int k = db_step(pFind);
        if( k==DB_ROW ){ voterId = db_col_int(pFind, 0); group = db_col_int(pFind, 1); weight = db_col_int(pFind, 2); }
        else if( k==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); db_finalize(pFind); db_finalize(pSet); goto out; }
        if( voterId==0 ){
          buf_printf(&err, "%s:%d:1: there is no voter %lld in this ballot\n", zMapName, iLine, no); nErr++;
          goto next_line;
        }
        if( !strmap_get(&creds, azF[1], &v) ){
          buf_printf(&err, "%s:%d:%zu: this credential is not on the authority's board\n", zMapName, iLine,
                     (size_t)(azF[1]-zLine)+1); nErr++;
          goto next_line;
        }
        if( (v>>32)!=group ){
          buf_printf(&err, "%s:%d:1: voter %lld is in group %lld but their credential was issued"
                     " for group %lld\n", zMapName, iLine, no, (long long)group, (long long)(v>>32)); nErr++;
          goto next_line;
        }
        if( (v & 0xffffffff)!=weight ){
          if( pB->weighted ){
            buf_printf(&err, "%s:%d:1: voter-%07lld holds %lld vote%s but their credential was issued"
                       " with weight %lld (authority credentials --weight %lld for their batch)\n", zMapName, iLine,
                       no, (long long)weight, weight==1 ? "" : "s", (long long)(v & 0xffffffff), (long long)weight);
          }else{
            buf_printf(&err, "%s:%d:1: this credential carries %lld votes; these ballots are one"
                       " member, one vote\n", zMapName, iLine, (long long)(v & 0xffffffff));
          }
          nErr++;
          goto next_line;
        }
        if( !strmap_add(&seen, azF[0], 0, 0) || !strmap_add(&seen, azF[1], 0, 0) ){
          buf_printf(&err, "%s:%d:1: a voter or a credential given twice\n", zMapName, iLine); nErr++;
          goto next_line;
        }
        db_reset(pSet);
        db_bind_text(pSet, 1, azF[1]);
        db_bind_int(pSet, 2, voterId);
        if( db_step(pSet)==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); db_finalize(pFind); db_finalize(pSet); goto out; }
        nNew++;
      }
next_line:
      if( !zEol ) break;
      z = zEol+1;
    }
    db_finalize(pFind);
    db_finalize(pSet);
  }
  if( err.n==0 && nNew!=pB->nVoter ){
    buf_printf(&err, "%s: %lld credentials for %lld voters: every voter needs one\n", zMapName,
               (long long)nNew, (long long)pB->nVoter);
  }
  if( err.n ){
    buf_truncate(&err, err.n-1);
    if( pzErr ) *pzErr = buf_steal(&err);
    goto out;
  }
  {
    /* our board, then the store: a crash between the two leaves a board
    ** the same import completes (the authority's board is then ours) */
    if( theirs.n>ours.n ){
      fd = open(zBoard, O_WRONLY|O_APPEND|O_CLOEXEC);
      if( fd<0 || write_all(fd, theirs.z + ours.n, theirs.n - ours.n) || fsync(fd) ){
        buf_error(pzErr, "%s: %s", zBoard, strerror(errno));
        if( fd>=0 && ftruncate(fd, (off_t)ours.n) ){ /* nothing more to do */ }
        goto out;
      }
    }
    if( db_commit(db) ){ buf_error(pzErr, "%s", db_errmsg(db)); goto out; }
    inTx = 0;
  }
  *pnNew = nNew;
  rc = 0;
out:
  if( inTx ) db_rollback(db);
  if( fd>=0 ) close(fd);
  verify_report_clear(&r);
  strmap_clear(&creds);
  strmap_clear(&seen);
  buf_reset(&ours);
  buf_reset(&theirs);
  buf_reset(&err);
  return rc;
}

/************************ intake ************************/

/* A verified ballot waiting for the next group commit (on its caster's
** stack): the leader fills in the outcome and sets done. */
typedef struct CastWait CastWait;
struct CastWait {
  CastWait *pNext;
  const unsigned char *a;     /* borrowed: the ballot's bytes */
  size_t n;
  unsigned char h[32];        /* its hash (replays, the tracker) */
  int done;                   /* the leader has finished with it */
  BallotCastCode rc;
  int64_t offset;             /* where its line starts on the board */
  int revote;
  int64_t weight;             /* the voter's weight (1 unless a delegate's) */
  char zWhy[320];
};

/* One ballot's board, open for appending in this process. */
typedef struct Intake Intake;
struct Intake {
  Intake *pNext;
  char *zKey;                 /* owned: "DBPATH\nCODE" */
  pthread_mutex_t mu;         /* guards the queue below and leading */
  pthread_cond_t cv;          /* a group commit has finished */
  CastWait *pQueue;           /* verified ballots waiting for the next commit */
  int leading;                /* a thread is committing a group now */
  int fd;                     /* the board, O_APPEND */
  int64_t size;               /* bytes on the board as far as we know */
  unsigned char last[BOARD_HASH_BYTES];
  int closed;                 /* a tally is on the board */
  int broken;                 /* a write half-failed: refuse until restart */
  Election e;                 /* owned: the definition */
  int64_t ballotId;
  char zOpens[BALLOT_TIME], zCloses[BALLOT_TIME];
};

static pthread_mutex_t gIntakeMu = PTHREAD_MUTEX_INITIALIZER;
static Intake *gIntake;       /* every board opened by this process; never freed */

/* Record one ballot found on (or just appended to) the board. Inside the
** caller's transaction or not. *pRevote (may be NULL) gets whether the
** voter had cast before, *pWeight (may be NULL) the voter's weight. 0, 1
** when its credential is not a voter's, -1 on a store error. */
static int record_ballot(Db *db, int64_t ballotId, const unsigned char *p, size_t n,
                         int64_t offset, const char *zNow, int *pRevote, int64_t *pWeight){
  char zCred[65], zHash[65], zTracker[BOARD_TRACKER_CHARS+1];
  unsigned char h[32];
  int64_t voterId = 0, nBefore = 0;
  int r;
  board_hex(zCred, p, 32);
  board_ballot_hash(h, p, n);
  board_hex(zHash, h, 32);
  board_tracker_of_hash(zTracker, h);
  DbStmt *s = db_prepare(db, "SELECT id, ballots, weight FROM ballot_voters WHERE ballot_id=? AND credential=?");
  db_bind_int(s, 1, ballotId);
  db_bind_text(s, 2, zCred);
  r = db_step(s);
  if( r==DB_ROW ){
    voterId = db_col_int(s, 0);
    nBefore = db_col_int(s, 1);
    if( pWeight ) *pWeight = db_col_int(s, 2);
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  if( voterId==0 ) return 1;
  if( pRevote ) *pRevote = nBefore>0;
  s = db_prepare(db, "INSERT INTO ballot_received(ballot_id,voter_id,hash,tracker,board_offset,received_at)"
                     " VALUES(?,?,?,?,?,?)");
  db_bind_int(s, 1, ballotId);
  db_bind_int(s, 2, voterId);
  db_bind_text(s, 3, zHash);
  db_bind_text(s, 4, zTracker);
  db_bind_int(s, 5, offset);
  db_bind_text(s, 6, zNow);
  r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  s = db_prepare(db, "UPDATE ballot_voters SET ballots=ballots+1, voted_at=COALESCE(voted_at, ?) WHERE id=?");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, voterId);
  r = db_step(s);
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

/* Whether the ballot with hash h is recorded: 1, 0, or -1. */
static int ballot_recorded(Db *db, int64_t ballotId, const unsigned char *h){
  char zHash[65];
  board_hex(zHash, h, 32);
  DbStmt *s = db_prepare(db, "SELECT 1 FROM ballot_received WHERE ballot_id=? AND hash=?");
  db_bind_int(s, 1, ballotId);
  db_bind_text(s, 2, zHash);
  int r = db_step(s);
  db_finalize(s);
  return r==DB_ROW ? 1 : r==DB_DONE ? 0 : -1;
}

/* Read the board from byte iFrom to its end: record every ballot not yet
** recorded, note a tally, and leave the last item's hash in aLast and the
** end in *pEnd. A torn last line (no newline: never acknowledged) is cut
** off. 0, or -1 with zWhy. */
static int board_scan(Db *db, int64_t ballotId, int fd, int64_t iFrom, unsigned char *aLast,
                      int64_t *pEnd, int *pClosed, int64_t *pnRecorded,
                      char *zWhy, size_t nWhy){
  struct stat st;
  Buf b = BUF_INIT;
  size_t off = 0, nGood;
  int rc = -1, inTx = 0;
  char zNow[BALLOT_TIME], zErr[300];
  ballot_now(zNow);
  if( fstat(fd, &st) ){ snprintf(zWhy, nWhy, "the board: %s", strerror(errno)); return -1; }
  if( st.st_size<iFrom ){ snprintf(zWhy, nWhy, "the board is shorter than the ballots recorded"); return -1; }
  size_t n = (size_t)(st.st_size - iFrom);
  b.z = xmalloc(n+1);
  b.nAlloc = n+1;
  if( n && pread(fd, b.z, n, (off_t)iFrom)!=(ssize_t)n ){ snprintf(zWhy, nWhy, "the board: read error"); goto out; }
  b.n = n;
  nGood = n;
  while( nGood>0 && b.z[nGood-1]!='\n' ) nGood--;
  if( nGood<n ){
    /* a line cut short by a crash: it was never acknowledged */
    if( ftruncate(fd, (off_t)(iFrom + (int64_t)nGood)) || fsync(fd) ){
      snprintf(zWhy, nWhy, "the board: cannot cut its torn last line: %s", strerror(errno)); goto out;
    }
  }
  if( db_begin(db) ){ snprintf(zWhy, nWhy, "%s", db_errmsg(db)); goto out; }
  inTx = 1;
  for(;;){
    BoardItem it;
    size_t start = off;
    memset(&it, 0, sizeof it);
    int r = board_next((unsigned char*)b.z, nGood, &off, &it, zErr, sizeof zErr);
    if( r==0 ) break;
    if( r<0 ){ snprintf(zWhy, nWhy, "the board at byte %lld: %s", (long long)(iFrom+(int64_t)start), zErr); goto out; }
    if( it.eType==BOARD_BALLOT && it.nPayload>=32 ){
      unsigned char h[32];
      board_ballot_hash(h, it.pPayload, it.nPayload);
      int k = ballot_recorded(db, ballotId, h);
      if( k==0 ){
        k = record_ballot(db, ballotId, it.pPayload, it.nPayload, iFrom+(int64_t)start, zNow, 0, 0);
        if( k==1 ){ board_item_clear(&it); snprintf(zWhy, nWhy, "a ballot on the board has a credential no voter holds"); goto out; }
        if( k==0 && pnRecorded ) (*pnRecorded)++;
      }
      if( k<0 ){ board_item_clear(&it); snprintf(zWhy, nWhy, "%s", db_errmsg(db)); goto out; }
    }
    if( it.eType>=BOARD_TALLY ) *pClosed = 1;
    memcpy(aLast, it.hash, BOARD_HASH_BYTES);
    board_item_clear(&it);
  }
  if( db_commit(db) ){ snprintf(zWhy, nWhy, "%s", db_errmsg(db)); goto out; }
  inTx = 0;
  *pEnd = iFrom + (int64_t)nGood;
  rc = 0;
out:
  if( inTx ) db_rollback(db);
  buf_reset(&b);
  return rc;
}

/* Where to start reading: the last recorded ballot's line, or 0. */
static int64_t scan_start(Db *db, int64_t ballotId){
  DbStmt *s = db_prepare(db, "SELECT max(board_offset) FROM ballot_received WHERE ballot_id=?");
  int64_t v = 0;
  db_bind_int(s, 1, ballotId);
  if( db_step(s)==DB_ROW && !db_col_is_null(s, 0) ) v = db_col_int(s, 0);
  db_finalize(s);
  return v;
}

/* Decode the board's first line, the election definition, into *pE. */
static int read_definition(int fd, Election *pE, char *zWhy, size_t nWhy){
  Buf b = BUF_INIT;
  char a[65536], zErr[300];
  ssize_t k;
  off_t at = 0;
  BoardItem it;
  size_t off = 0;
  int rc = -1;
  while( (b.n==0 || memchr(b.z, '\n', b.n)==0) && (k = pread(fd, a, sizeof a, at))>0 ){
    buf_append(&b, a, (size_t)k);
    at += k;
  }
  memset(&it, 0, sizeof it);
  if( b.n==0 || board_next((unsigned char*)b.z, b.n, &off, &it, zErr, sizeof zErr)!=1
   || it.eType!=BOARD_ELECTION || election_decode(pE, it.pPayload, it.nPayload, zErr, sizeof zErr) ){
    snprintf(zWhy, nWhy, "the board's first line is not a valid election definition");
  }else{
    rc = 0;
  }
  board_item_clear(&it);
  buf_reset(&b);
  return rc;
}

/*
** The election definition on the board file zBoard.
*/
int ballot_election_load(const char *zBoard, Election *pE, char *zWhy, size_t nWhy){
  int fd = open(zBoard, O_RDONLY|O_CLOEXEC), rc;
  memset(pE, 0, sizeof *pE);
  if( fd<0 ){ snprintf(zWhy, nWhy, "%s: %s", zBoard, strerror(errno)); return -1; }
  rc = read_definition(fd, pE, zWhy, nWhy);
  close(fd);
  return rc;
}

/* Open (and reconcile) pB's board into a new Intake. 0 or -1. */
static int intake_open(Db *db, const char *zDbPath, const Ballot *pB, Intake **pp, char *zWhy, size_t nWhy){
  char *zDir = ballot_board_dir(zDbPath, pB->zCode), *zPath;
  Buf path = BUF_INIT;
  Intake *p = xcalloc(1, sizeof *p);
  int64_t nRec = 0, iFrom;
  buf_printf(&path, "%s/board", zDir);
  free(zDir);
  zPath = buf_steal(&path);
  p->fd = open(zPath, O_RDWR|O_APPEND|O_CLOEXEC);
  if( p->fd<0 ){
    snprintf(zWhy, nWhy, "the board %s: %s", zPath, strerror(errno));
    free(zPath); free(p);
    return -1;
  }
  free(zPath);
  p->ballotId = pB->id;
  memcpy(p->zOpens, pB->zOpens, BALLOT_TIME);
  memcpy(p->zCloses, pB->zCloses, BALLOT_TIME);
  flock(p->fd, LOCK_EX);
  iFrom = scan_start(db, pB->id);
  if( read_definition(p->fd, &p->e, zWhy, nWhy)
   || board_scan(db, pB->id, p->fd, iFrom, p->last, &p->size, &p->closed, &nRec, zWhy, nWhy) ) goto fail;
  flock(p->fd, LOCK_UN);
  pthread_mutex_init(&p->mu, 0);
  pthread_cond_init(&p->cv, 0);
  *pp = p;
  return 0;
fail:
  flock(p->fd, LOCK_UN);
  close(p->fd);
  election_clear(&p->e);
  free(p);
  return -1;
}

/* The intake of ballot pB, opened on first use. 0 or -1 with zWhy. */
static int intake_get(Db *db, const char *zDbPath, const Ballot *pB, Intake **pp, char *zWhy, size_t nWhy){
  Buf key = BUF_INIT;
  Intake *p;
  int rc = 0;
  buf_printf(&key, "%s\n%s", zDbPath, pB->zCode);
  pthread_mutex_lock(&gIntakeMu);
  for(p=gIntake; p && strcmp(p->zKey, buf_str(&key))!=0; p=p->pNext){}
  if( p==0 ){
    rc = intake_open(db, zDbPath, pB, &p, zWhy, nWhy);
    if( rc==0 ){
      p->zKey = buf_steal(&key);
      p->pNext = gIntake;
      gIntake = p;
    }
  }
  pthread_mutex_unlock(&gIntakeMu);
  buf_reset(&key);
  *pp = p;
  return rc;
}

int ballot_reconcile(Db *db, const char *zDbPath, const Ballot *pB, int64_t *pnRecorded,
                     char *zWhy, size_t nWhy){
  char *zDir = ballot_board_dir(zDbPath, pB->zCode);
  Buf path = BUF_INIT;
  unsigned char aLast[BOARD_HASH_BYTES];
  int64_t end = 0;
  int closed = 0, rc, fd;
  buf_printf(&path, "%s/board", zDir);
  free(zDir);
  fd = open(buf_str(&path), O_RDWR|O_CLOEXEC);
  if( fd<0 ){
    snprintf(zWhy, nWhy, "%s: %s", buf_str(&path), strerror(errno));
    buf_reset(&path);
    return -1;
  }
  buf_reset(&path);
  *pnRecorded = 0;
  flock(fd, LOCK_EX);
  rc = board_scan(db, pB->id, fd, scan_start(db, pB->id), aLast, &end, &closed, pnRecorded, zWhy, nWhy);
  flock(fd, LOCK_UN);
  close(fd);
  return rc;
}

/* Set every ballot of the group still pending to code k with zWhy. */
static void group_fail(CastWait *pList, BallotCastCode k, const char *zWhy){
  for(CastWait *q=pList; q; q=q->pNext){
    if( q->rc!=BALLOT_CAST_OK ) continue;
    q->rc = k;
    snprintf(q->zWhy, sizeof q->zWhy, "%s", zWhy);
  }
}

/* "2026-11-23T12:00:00Z" as "2026-11-23 at 12:00", into zOut. */
static void tracker_mail_time(const char *z, char *zOut, size_t nOut){
  snprintf(zOut, nOut, "%.10s at %.5s", z, strlen(z)>=16 ? z+11 : "");
}

/* Queue the tracker emails of ballot ballotId's received ballots after
** row iFrom, at most nMax of them, in the caller's transaction: for each
** whose member has an email, "your vote was received" with its receipt
** number (the tracker), when, the re-vote rule and the links, never the
** vote (the server cannot read it anyway). An address the outbox would
** refuse is left out (that member gets no email; the ballot stands).
** *piLast gets the last row looked at (iFrom when none), *pnQueued how
** many were queued. 0, or -1 on a store error. */
static int tracker_mail_batch(Db *db, int64_t ballotId, int64_t iFrom, int nMax,
                              int64_t *piLast, int *pnQueued){
  char zCode[64] = "", zTitle[256] = "", zCloses[BALLOT_TIME] = "", zCloseAt[32];
  char *zBase = 0;
  int r, rc = 0, n = 0, nAlloc = 0;
  OutboxNew *aMsg = 0;
  Buf *aBody = 0;
  char **azTo = 0;
  *pnQueued = 0;
  *piLast = iFrom;
  DbStmt *s = db_prepare(db, "SELECT code, title, closes_at, (SELECT value FROM meta WHERE key='mail.link_base')"
                             " FROM ballots WHERE id=?");
  db_bind_int(s, 1, ballotId);
  r = db_step(s);
  if( r==DB_ROW ){
    copy_text(zCode, sizeof zCode, db_col_text(s, 0));
    copy_text(zTitle, sizeof zTitle, db_col_text(s, 1));
    copy_text(zCloses, sizeof zCloses, db_col_text(s, 2));
    zBase = xstrdup(db_col_text(s, 3));
  }
  db_finalize(s);
  if( r!=DB_ROW ) return -1;
  if( zBase && !outbox_link_base_ok(zBase) ){ free(zBase); zBase = 0; }
  size_t nBase = zBase ? strlen(zBase) : 0;
  while( nBase>8 && zBase[nBase-1]=='/' ) zBase[--nBase] = 0;
  tracker_mail_time(zCloses, zCloseAt, sizeof zCloseAt);
  Buf subject = BUF_INIT;
  buf_printf(&subject, "Your vote in \"%s\" was received", zTitle);
  s = db_prepare(db, "SELECT r.id, r.tracker, r.received_at, m.id, m.first_name, m.email"
                     " FROM ballot_received r JOIN ballot_voters v ON v.id=r.voter_id"
                     " LEFT JOIN members m ON m.id=v.member_id"
                     " WHERE r.ballot_id=? AND r.id>? ORDER BY r.id LIMIT ?");
  db_bind_int(s, 1, ballotId);
  db_bind_int(s, 2, iFrom);
  db_bind_int(s, 3, nMax);
  while( (r = db_step(s))==DB_ROW ){
    char zTracker[BOARD_TRACKER_CHARS+1], zAt[32], zTo[NORM_MAX];
    const char *zWhy, *zEmail = db_col_text(s, 5), *zFirst = db_col_text(s, 4);
    *piLast = db_col_int(s, 0);
    if( !zEmail || !zEmail[0] || norm_email(zEmail, zTo, &zWhy) || !mail_addr_ok(zTo) ) continue;
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 16;
      aMsg = xrealloc(aMsg, (size_t)nAlloc*sizeof *aMsg);
      aBody = xrealloc(aBody, (size_t)nAlloc*sizeof *aBody);
      azTo = xrealloc(azTo, (size_t)nAlloc*sizeof *azTo);
    }
    copy_text(zTracker, sizeof zTracker, db_col_text(s, 1));
    tracker_mail_time(db_col_text(s, 2), zAt, sizeof zAt);
    aBody[n] = (Buf)BUF_INIT;
    buf_printf(&aBody[n],
      "Dear %s,\n\n"
      "Your vote in \"%s\" was received on %s (UTC).\n\n"
      "Your receipt number is:\n\n    %s\n\n"
      "Keep it. It does not show how you voted (this email cannot: no one at the\n"
      "union can see your vote). The ballot box is public, every vote locked,\n"
      "each with its receipt number: check that yours is in it, at any time%s%s%s%s%s%s.\n"
      "If it is missing, tell the independent scrutineer.\n\n"
      "You may vote again until voting closes on %s (UTC):\n"
      "only your last vote counts.%s%s%s%s\n\n"
      "If you did not vote then, someone else has your voting code: tell the\n"
      "independent scrutineer at once, and vote yourself (your last vote counts).\n",
      zFirst && zFirst[0] ? zFirst : "member", zTitle, zAt, zTracker,
      zBase ? ":\n\n    " : "", zBase ? zBase : "", zBase ? "/ballots/" : "", zBase ? zCode : "",
      zBase ? "/receipt?t=" : "", zBase ? zTracker : "", zCloseAt,
      zBase ? " To vote again:\n\n    " : "", zBase ? zBase : "", zBase ? "/vote/" : "", zBase ? zCode : "");
    azTo[n] = xstrdup(zTo);
    memset(&aMsg[n], 0, sizeof aMsg[n]);
    aMsg[n].zChannel = "email";
    aMsg[n].zRecipient = azTo[n];
    aMsg[n].zSubject = buf_str(&subject);
    aMsg[n].zBody = buf_str(&aBody[n]);
    aMsg[n].zPurpose = "tracker";
    aMsg[n].memberId = db_col_int(s, 3);
    n++;
  }
  db_finalize(s);
  if( r==DB_ERROR ) rc = -1;
  if( rc==0 && n>0 ){
    char *zErr = 0;
    rc = outbox_enqueue_in_tx(db, aMsg, n, 0, &zErr) ? -1 : 0;
    free(zErr);
    if( rc==0 ) *pnQueued = n;
  }
  for(int i=0; i<n; i++){ buf_reset(&aBody[i]); free(azTo[i]); }
  free(aMsg);
  free(aBody);
  free(azTo);
  buf_reset(&subject);
  free(zBase);
  return rc;
}

#define TRACKER_MAIL_BATCH 100   /* rows a transaction: short holds of the write lock the intake also needs */

int ballot_tracker_mail_due(Db *db, int64_t *pnQueued, char **pzErr){
  int64_t aId[64], aFrom[64];
  int nBallot = 0, r;
  *pnQueued = 0;
  /* the ballots whose newest received row is past their watermark: the
  ** newest by board offset, an index probe (rows are recorded in board order) */
  DbStmt *s = db_prepare(db, "SELECT b.id, b.trackers_mailed_to FROM ballots b"
                             " WHERE (SELECT r.id FROM ballot_received r WHERE r.ballot_id=b.id"
                             "        ORDER BY r.board_offset DESC LIMIT 1) > b.trackers_mailed_to"
                             " ORDER BY b.id LIMIT 64");
  while( (r = db_step(s))==DB_ROW && nBallot<64 ){
    aId[nBallot] = db_col_int(s, 0);
    aFrom[nBallot++] = db_col_int(s, 1);
  }
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  for(int i=0; i<nBallot; i++){
    for(;;){
      int64_t iLast = aFrom[i];
      int nQueued = 0, ok;
      if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
      ok = tracker_mail_batch(db, aId[i], aFrom[i], TRACKER_MAIL_BATCH, &iLast, &nQueued)==0;
      if( ok && iLast>aFrom[i] ){
        /* move the watermark, unless another process moved it meanwhile */
        s = db_prepare(db, "UPDATE ballots SET trackers_mailed_to=? WHERE id=? AND trackers_mailed_to=? RETURNING id");
        db_bind_int(s, 1, iLast);
        db_bind_int(s, 2, aId[i]);
        db_bind_int(s, 3, aFrom[i]);
        r = db_step(s);
        int moved = r==DB_ROW;
        if( r==DB_ROW ) r = db_step(s);
        db_finalize(s);
        if( r==DB_ERROR ) ok = 0;
        else if( !moved ){ db_rollback(db); break; }   /* another dispatcher did these */
      }
      if( !ok ){ db_rollback(db); return buf_error(pzErr, "%s", db_errmsg(db)); }
      if( db_commit(db) ){ db_rollback(db); return buf_error(pzErr, "%s", db_errmsg(db)); }
      *pnQueued += nQueued;
      if( iLast==aFrom[i] ) break;          /* nothing more for this ballot */
      aFrom[i] = iLast;
    }
  }
  return 0;
}

/* Group commit: the verified ballots pList (each rc BALLOT_CAST_OK on
** entry) are checked for replays, appended to the board in one write,
** made durable by one fdatasync, then recorded in one transaction. Each
** ends with its outcome in rc (OK only when on the board and recorded).
** Run by one thread at a time per board (Intake.leading). */
static void intake_commit(Db *db, Intake *p, CastWait *pList, const char *zNow){
  struct stat st;
  Buf lines = BUF_INIT;
  BoardWriter w;
  int64_t before;
  int nNew = 0;
  char zWhy[300];
  if( p->broken ){
    group_fail(pList, BALLOT_CAST_ERROR, "the board could not be written; the server must be restarted");
    return;
  }
  if( flock(p->fd, LOCK_EX) ){ group_fail(pList, BALLOT_CAST_ERROR, "cannot lock the board"); return; }
  if( fstat(p->fd, &st) ){ group_fail(pList, BALLOT_CAST_ERROR, "cannot read the board"); goto out; }
  if( st.st_size!=p->size ){
    /* someone else appended (the close's tally): catch up */
    int64_t nRec = 0;
    if( board_scan(db, p->ballotId, p->fd, p->size, p->last, &p->size, &p->closed, &nRec, zWhy, sizeof zWhy) ){
      group_fail(pList, BALLOT_CAST_ERROR, zWhy);
      goto out;
    }
  }
  if( p->closed ){ group_fail(pList, BALLOT_CAST_NOT_OPEN, "voting has closed"); goto out; }
  /* replays: already recorded, or twice in this group */
  board_writer_buf(&w, &lines);
  memcpy(w.last, p->last, sizeof w.last);
  for(CastWait *q=pList; q; q=q->pNext){
    int r = ballot_recorded(db, p->ballotId, q->h);
    for(CastWait *e=pList; r==0 && e!=q; e=e->pNext){
      if( e->rc==BALLOT_CAST_OK && memcmp(e->h, q->h, 32)==0 ) r = 1;
    }
    if( r<0 ){ q->rc = BALLOT_CAST_ERROR; snprintf(q->zWhy, sizeof q->zWhy, "cannot read the ballots received"); continue; }
    if( r>0 ){
      q->rc = BALLOT_CAST_REPLAY;
      snprintf(q->zWhy, sizeof q->zWhy, "this exact ballot is already on the board (a replay); to vote again, make a new ballot");
      continue;
    }
    q->offset = p->size + (int64_t)lines.n;
    board_append(&w, BOARD_BALLOT, q->a, q->n);
    nNew++;
  }
  if( nNew==0 ) goto out;
  /* the board, durably: one write, one fdatasync for the whole group */
  if( write_all(p->fd, lines.z, lines.n) || fdatasync(p->fd) ){
    snprintf(zWhy, sizeof zWhy, "cannot write the board: %s", strerror(errno));
    if( ftruncate(p->fd, (off_t)p->size) ) p->broken = 1;
    group_fail(pList, BALLOT_CAST_ERROR, zWhy);
    goto out;
  }
  before = p->size;
  p->size += (int64_t)lines.n;
  memcpy(p->last, w.last, sizeof p->last);
  /* then the store, in one transaction, written but not synced: the
  ** board is the durable record, and reconcile records from it what a
  ** crash of the machine took from the database (one sync per group).
  ** The members' tracker emails are not queued here, on the cast's path,
  ** but from the recorded rows by the sender (ballot_tracker_mail_due). */
  {
    int ok;
    db_durable(db, 0);
    ok = db_begin(db)==0;
    for(CastWait *q=pList; ok && q; q=q->pNext){
      if( q->rc==BALLOT_CAST_OK ) ok = record_ballot(db, p->ballotId, q->a, q->n, q->offset, zNow, &q->revote, &q->weight)==0;
    }
    ok = ok && db_commit(db)==0;
    if( !ok ) db_rollback(db);
    db_durable(db, 1);
    if( ok ) goto out;
  }
  {
    /* the group is on the board but not recorded: record it by a scan
    ** now, or refuse every ballot until a restart reconciles */
    int64_t nRec = 0, end = 0;
    unsigned char aLast[BOARD_HASH_BYTES];
    int closed = 0;
    if( board_scan(db, p->ballotId, p->fd, before, aLast, &end, &closed, &nRec, zWhy, sizeof zWhy) ) p->broken = 1;
  }
  group_fail(pList, BALLOT_CAST_ERROR, "the ballot could not be recorded; try again");
out:
  flock(p->fd, LOCK_UN);
  buf_reset(&lines);
}

/* Queue the verified ballot *pMe for the next group commit and wait for
** its outcome. The first thread to find no commit under way leads one:
** it takes every ballot queued by then (its own among them), commits
** them together, hands each its outcome and wakes the others; those
** whose ballots came too late for that group lead or join the next. */
static void intake_enqueue(Db *db, Intake *p, CastWait *pMe, const char *zNow){
  pthread_mutex_lock(&p->mu);
  pMe->pNext = p->pQueue;
  p->pQueue = pMe;
  while( !pMe->done ){
    if( p->leading ){ pthread_cond_wait(&p->cv, &p->mu); continue; }
    CastWait *pList = 0, *q = p->pQueue;
    p->pQueue = 0;
    while( q ){ CastWait *pNext = q->pNext; q->pNext = pList; pList = q; q = pNext; }  /* arrival order */
    p->leading = 1;
    pthread_mutex_unlock(&p->mu);
    intake_commit(db, p, pList, zNow);
    pthread_mutex_lock(&p->mu);
    for(q=pList; q; q=q->pNext) q->done = 1;
    p->leading = 0;
    pthread_cond_broadcast(&p->cv);
  }
  pthread_mutex_unlock(&p->mu);
}

BallotCastCode ballot_cast(Db *db, const char *zDbPath, const char *zCode,
                           const unsigned char *a, size_t n, BallotCast *pOut,
                           char *zWhy, size_t nWhy){
  Ballot b;
  Intake *p = 0;
  char zNow[BALLOT_TIME], zCred[65], zErr[320];
  CastWait me;
  int r;
  memset(pOut, 0, sizeof *pOut);
  zWhy[0] = 0;
  ballot_now(zNow);
  r = ballot_load(db, zCode, &b);
  if( r<0 ){ snprintf(zWhy, nWhy, "cannot read the ballot"); return BALLOT_CAST_ERROR; }
  if( r>0 ){ snprintf(zWhy, nWhy, "there is no ballot with that code"); return BALLOT_CAST_UNKNOWN; }
  if( !b.zCredentialsAt[0] ){ snprintf(zWhy, nWhy, "voting has not started: the credentials are not issued yet"); return BALLOT_CAST_NOT_OPEN; }
  if( strcmp(zNow, b.zOpens)<0 ){ snprintf(zWhy, nWhy, "voting opens at %s", b.zOpens); return BALLOT_CAST_NOT_OPEN; }
  if( strcmp(zNow, b.zCloses)>=0 || b.zClosedAt[0] ){ snprintf(zWhy, nWhy, "voting closed at %s", b.zCloses); return BALLOT_CAST_NOT_OPEN; }
  if( intake_get(db, zDbPath, &b, &p, zWhy, nWhy) ) return BALLOT_CAST_ERROR;
  if( n!=p->e.nBallotBytes ){
    snprintf(zWhy, nWhy, "a ballot in this election is exactly %zu bytes (%zu hex digits); this one is %zu",
             p->e.nBallotBytes, 2*p->e.nBallotBytes, n);
    return BALLOT_CAST_MALFORMED;
  }
  /* its credential is one of this ballot's */
  board_hex(zCred, a, 32);
  {
    DbStmt *s = db_prepare(db, "SELECT 1 FROM ballot_voters WHERE ballot_id=? AND credential=?");
    db_bind_int(s, 1, b.id);
    db_bind_text(s, 2, zCred);
    r = db_step(s);
    db_finalize(s);
    if( r==DB_ERROR ){ snprintf(zWhy, nWhy, "cannot read the voters"); return BALLOT_CAST_ERROR; }
    if( r==DB_DONE ){ snprintf(zWhy, nWhy, "this credential is not one of this ballot's"); return BALLOT_CAST_UNKNOWN; }
  }
  /* the signature and every proof, once, outside any lock */
  if( election_ballot_verify(&p->e, a, n, 0, zErr, sizeof zErr) ){
    snprintf(zWhy, nWhy, "the ballot does not verify: %s", zErr);
    return BALLOT_CAST_INVALID;
  }
  /* durable on the board, then recorded, together with the ballots
  ** verified meanwhile on other threads */
  memset(&me, 0, sizeof me);
  me.a = a;
  me.n = n;
  me.rc = BALLOT_CAST_OK;
  board_ballot_hash(me.h, a, n);
  intake_enqueue(db, p, &me, zNow);
  if( me.rc!=BALLOT_CAST_OK ){
    snprintf(zWhy, nWhy, "%s", me.zWhy);
    return me.rc;
  }
  board_tracker_of_hash(pOut->zTracker, me.h);
  pOut->offset = me.offset;
  pOut->revote = me.revote;
  pOut->weight = me.weight;
  memcpy(pOut->zReceivedAt, zNow, BALLOT_TIME);
  return BALLOT_CAST_OK;
}

/************************ looking a receipt up ************************/

int ballot_find_receipt(Db *db, const Ballot *pB, const char *zTracker, BallotReceipt *pOut,
                        const char **pzWhy){
  unsigned char a[BOARD_HASH_BYTES];
  char zLo[65], zHi[65];
  int64_t voterId = 0, offset = 0;
  int r;
  memset(pOut, 0, sizeof *pOut);
  if( board_tracker_parse(zTracker, a) ){
    *pzWhy = "a receipt number is 16 letters and digits (a-z, 2-7), as the voting page showed it";
    return 1;
  }
  board_tracker_of_hash(pOut->zTracker, a);
  /* the tracker is the first 10 bytes of the ballot hash: a range of the
  ** (ballot_id, hash) index, never a scan */
  memset(a+BOARD_TRACKER_BYTES, 0x00, sizeof a - BOARD_TRACKER_BYTES);
  board_hex(zLo, a, sizeof a);
  memset(a+BOARD_TRACKER_BYTES, 0xff, sizeof a - BOARD_TRACKER_BYTES);
  board_hex(zHi, a, sizeof a);
  DbStmt *s = db_prepare(db, "SELECT voter_id, board_offset, received_at FROM ballot_received"
                             " WHERE ballot_id=? AND hash BETWEEN ? AND ? ORDER BY board_offset LIMIT 1");
  db_bind_int(s, 1, pB->id);
  db_bind_text(s, 2, zLo);
  db_bind_text(s, 3, zHi);
  r = db_step(s);
  if( r==DB_ROW ){
    voterId = db_col_int(s, 0);
    offset = db_col_int(s, 1);
    db_col_copy(s, 2, pOut->zReceivedAt, sizeof pOut->zReceivedAt);
    pOut->found = 1;
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  if( !pOut->found ) return 0;
  s = db_prepare(db, "SELECT 1 FROM ballot_received WHERE voter_id=? AND board_offset>? LIMIT 1");
  db_bind_int(s, 1, voterId);
  db_bind_int(s, 2, offset);
  r = db_step(s);
  pOut->replaced = r==DB_ROW;
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

/************************ turnout ************************/

void ballot_turnout_clear(BallotTurnout *p){
  free(p->aRow);
  free(p->aPoint);
  memset(p, 0, sizeof *p);
}

int ballot_turnout(Db *db, const Ballot *pB, const Unit *pScope, const char *zNow,
                   BallotTurnout *pOut){
  int64_t lo = pScope ? pScope->lft : INT64_MIN, hi = pScope ? pScope->rgt : INT64_MAX;
  int r = DB_DONE, rc = -1, nUnit = 0;
  int *aParent = 0;
  Unit *aUnit = 0;
  DbStmt *s;
  memset(pOut, 0, sizeof *pOut);
  /* every unit of the scope's subtree, in tree order */
  if( register_unit_subtree(db, pScope, &aUnit, &aParent, &nUnit) ) goto out;
  pOut->aRow = xcalloc(nUnit ? (size_t)nUnit : 1, sizeof *pOut->aRow);
  for(int i=0; i<nUnit; i++){
    BallotTurnoutRow *q = &pOut->aRow[i];
    q->unitId = aUnit[i].id;
    copy_text(q->zCode, sizeof q->zCode, aUnit[i].zCode);
    copy_text(q->zName, sizeof q->zName, aUnit[i].zName);
    copy_text(q->zKind, sizeof q->zKind, aUnit[i].zKind);
    q->depth = aUnit[i].depth - aUnit[0].depth;
  }
  pOut->nRow = nUnit;
  /* voters and voted per workplace, rolled up the tree */
  s = db_prepare(db, "SELECT v.unit_id, count(*), count(v.voted_at), sum(v.weight),"
                     " sum(CASE WHEN v.voted_at IS NULL THEN 0 ELSE v.weight END) FROM ballot_voters v"
                     " JOIN units u ON u.id=v.unit_id"
                     " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ? AND v.member_id IS NOT NULL"
                     " GROUP BY v.unit_id");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, lo);
  db_bind_int(s, 3, hi);
  while( (r = db_step(s))==DB_ROW ){
    int64_t id = db_col_int(s, 0), nV = db_col_int(s, 1), nD = db_col_int(s, 2);
    int64_t nW = db_col_int(s, 3), nWD = db_col_int(s, 4);
    for(int i=register_unit_index(aUnit, nUnit, id); i>=0; i=aParent[i]){   /* up the tree */
      pOut->aRow[i].nVoter += nV;
      pOut->aRow[i].nVoted += nD;
      pOut->aRow[i].nWeight += nW;
      pOut->aRow[i].nWeightVoted += nWD;
    }
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto out;
  /* keep the units with voters */
  {
    int k = 0;
    for(int i=0; i<pOut->nRow; i++){
      if( pOut->aRow[i].nVoter==0 ) continue;
      pOut->aRow[i].pct = 100.0 * (double)pOut->aRow[i].nVoted / (double)pOut->aRow[i].nVoter;
      pOut->aRow[i].weightPct = pOut->aRow[i].nWeight
        ? 100.0 * (double)pOut->aRow[i].nWeightVoted / (double)pOut->aRow[i].nWeight : 0.0;
      pOut->aRow[k++] = pOut->aRow[i];
    }
    pOut->nRow = k;
  }
  if( pOut->nRow==0 ){ rc = 1; goto out; }
  /* over time: cumulative first ballots per hour (per day for windows over a week) */
  {
    int64_t t0 = ballot_time_seconds(pB->zOpens), t1 = ballot_time_seconds(pB->zCloses), tNow = ballot_time_seconds(zNow);
    int64_t step, nStep;
    if( tNow<t1 ) t1 = tNow;
    pOut->byDay = ballot_time_seconds(pB->zCloses) - t0 > 7*86400;
    step = pOut->byDay ? 86400 : 3600;
    nStep = t1>t0 ? (t1 - t0 + step - 1)/step : 0;
    if( nStep>2000 ) nStep = 2000;
    if( nStep>0 ){
      int64_t *aN = xcalloc((size_t)nStep, sizeof *aN);
      s = db_prepare(db, "SELECT v.voted_at FROM ballot_voters v JOIN units u ON u.id=v.unit_id"
                         " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ? AND v.voted_at IS NOT NULL"
                         " AND v.member_id IS NOT NULL");
      db_bind_int(s, 1, pB->id);
      db_bind_int(s, 2, lo);
      db_bind_int(s, 3, hi);
      while( (r = db_step(s))==DB_ROW ){
        int64_t t = ballot_time_seconds(db_col_text(s, 0)), k = (t - t0)/step;
        if( k<0 ) k = 0;
        if( k>=nStep ) k = nStep-1;
        aN[k]++;
      }
      db_finalize(s);
      if( r==DB_ERROR ){ free(aN); goto out; }
      pOut->aPoint = xcalloc((size_t)nStep, sizeof *pOut->aPoint);
      int64_t cum = 0;
      for(int64_t k=0; k<nStep; k++){
        cum += aN[k];
        ballot_time_iso(t0 + (k+1)*step, pOut->aPoint[k].zAt);
        pOut->aPoint[k].nVoted = cum;
      }
      pOut->nPoint = (int)nStep;
      free(aN);
    }
  }
  rc = 0;
out:
  free(aParent);
  free(aUnit);
  if( rc ){ free(pOut->aPoint); pOut->aPoint = 0; pOut->nPoint = 0; }
  if( rc<0 ){ free(pOut->aRow); pOut->aRow = 0; pOut->nRow = 0; }
  return rc;
}

json_t *ballot_turnout_json(const Ballot *pB, const BallotTurnout *p, const char *zNow){
  json_t *aRow = json_array(), *aPt = json_array();
  for(int i=0; i<p->nRow; i++){
    const BallotTurnoutRow *q = &p->aRow[i];
    json_t *o = json_pack("{s:s,s:s,s:s,s:i,s:I,s:I,s:f}", "unit", q->zCode, "name", q->zName,
                          "kind", q->zKind, "depth", q->depth, "voters", (json_int_t)q->nVoter,
                          "voted", (json_int_t)q->nVoted, "turnout_pct", q->pct);
    if( pB->weighted ){   /* delegates above; the votes they hold here */
      json_object_set_new(o, "votes", json_integer((json_int_t)q->nWeight));
      json_object_set_new(o, "votes_voted", json_integer((json_int_t)q->nWeightVoted));
      json_object_set_new(o, "votes_pct", json_real(q->weightPct));
    }
    json_array_append_new(aRow, o);
  }
  for(int i=0; i<p->nPoint; i++){
    json_array_append_new(aPt, json_pack("{s:s,s:I}", "at", p->aPoint[i].zAt, "voted", (json_int_t)p->aPoint[i].nVoted));
  }
  json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:o,s:s,s:o,s:b}", "code", pB->zCode, "title", pB->zTitle,
                   "kind", pB->zKind, "regime", pB->zRegime, "opens", pB->zOpens, "closes", pB->zCloses,
                   "state", ballot_state(pB, zNow), "voters_in_ballot", (json_int_t)pB->nVoter,
                   "as_of", zNow, "units", aRow, "over_time_step", p->byDay ? "day" : "hour", "over_time", aPt,
                   "weighted", pB->weighted);
  if( pB->weighted ) json_object_set_new(o, "votes_in_ballot", json_integer((json_int_t)pB->nWeight));
  return o;
}

/************************ not voted ************************/

void ballot_not_voted_clear(BallotNotVotedList *p){
  free(p->a);
  memset(p, 0, sizeof *p);
}

int ballot_not_voted(Db *db, const Ballot *pB, const Unit *pUnit, const char *zNow,
                     int coolDownDays, BallotNotVotedList *pOut){
  int r, nAlloc = 0;
  char zSince[BALLOT_TIME];
  int64_t tNow = ballot_time_seconds(zNow);
  memset(pOut, 0, sizeof *pOut);
  ballot_time_iso(tNow - (int64_t)coolDownDays*86400, zSince);
  DbStmt *s = db_prepare(db,
    "SELECT count(*), count(v.voted_at) FROM ballot_voters v JOIN units u ON u.id=v.unit_id"
    " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ? AND v.member_id IS NOT NULL");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, pUnit->lft);
  db_bind_int(s, 3, pUnit->rgt);
  if( db_step(s)==DB_ROW ){ pOut->nVoter = db_col_int(s, 0); pOut->nNotVoted = pOut->nVoter - db_col_int(s, 1); }
  db_finalize(s);
  s = db_prepare(db,
    "SELECT m.number, m.first_name, m.last_name, m.mobile, u.code, u.name, c.contacted_at, c.outcome"
    " FROM ballot_voters v JOIN members m ON m.id=v.member_id JOIN units u ON u.id=v.unit_id"
    " LEFT JOIN ballot_contacts c ON c.id=(SELECT c2.id FROM ballot_contacts c2 WHERE c2.voter_id=v.id"
    "                                      ORDER BY c2.contacted_at DESC, c2.id DESC LIMIT 1)"
    " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ? AND v.voted_at IS NULL"
    " ORDER BY CASE WHEN c.contacted_at IS NULL OR c.contacted_at<=? THEN 0 ELSE 1 END,"
    "          u.code, m.last_name, m.first_name, m.number");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, pUnit->lft);
  db_bind_int(s, 3, pUnit->rgt);
  db_bind_text(s, 4, zSince);
  while( (r = db_step(s))==DB_ROW ){
    const char *zLast = db_col_text(s, 6);
    int due = zLast==0 || strcmp(zLast, zSince)<=0;
    if( due ) pOut->nDue++;
    if( pOut->n>=BALLOT_LIST_MAX ) continue;
    if( pOut->n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      pOut->a = xrealloc(pOut->a, (size_t)nAlloc * sizeof *pOut->a);
    }
    BallotNotVoted *q = &pOut->a[pOut->n++];
    memset(q, 0, sizeof *q);
    copy_text(q->zNumber, sizeof q->zNumber, db_col_text(s, 0));
    copy_text(q->zFirstName, sizeof q->zFirstName, db_col_text(s, 1));
    copy_text(q->zLastName, sizeof q->zLastName, db_col_text(s, 2));
    copy_text(q->zMobile, sizeof q->zMobile, db_col_text(s, 3));
    copy_text(q->zWorkplaceCode, sizeof q->zWorkplaceCode, db_col_text(s, 4));
    copy_text(q->zWorkplaceName, sizeof q->zWorkplaceName, db_col_text(s, 5));
    copy_text(q->zLastContact, sizeof q->zLastContact, zLast);
    copy_text(q->zLastOutcome, sizeof q->zLastOutcome, db_col_text(s, 7));
    if( !due ) ballot_time_iso(ballot_time_seconds(zLast) + (int64_t)coolDownDays*86400, q->zDueFrom);
  }
  db_finalize(s);
  if( r==DB_ERROR ){ ballot_not_voted_clear(pOut); return -1; }
  return 0;
}

json_t *ballot_not_voted_json(const BallotNotVotedList *p){
  json_t *a = json_array();
  for(int i=0; i<p->n; i++){
    const BallotNotVoted *q = &p->a[i];
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "number", q->zNumber, "first_name", q->zFirstName,
                          "last_name", q->zLastName, "workplace", q->zWorkplaceCode,
                          "workplace_name", q->zWorkplaceName, "due", q->zDueFrom[0]==0);
    json_object_set_new(o, "mobile", q->zMobile[0] ? json_string(q->zMobile) : json_null());
    json_object_set_new(o, "last_contact", q->zLastContact[0] ? json_string(q->zLastContact) : json_null());
    json_object_set_new(o, "last_outcome", q->zLastOutcome[0] ? json_string(q->zLastOutcome) : json_null());
    json_object_set_new(o, "due_from", q->zDueFrom[0] ? json_string(q->zDueFrom) : json_null());
    json_array_append_new(a, o);
  }
  return json_pack("{s:I,s:I,s:I,s:b,s:o}", "voters", (json_int_t)p->nVoter, "not_voted", (json_int_t)p->nNotVoted,
                   "due", (json_int_t)p->nDue, "truncated", p->nNotVoted>p->n, "members", a);
}

int ballot_contact_add(Db *db, const Ballot *pB, const char *zNumber, const char *zOutcome,
                       const char *zBy, const char *zNow, char **pzErr){
  int64_t voterId = 0;
  if( !in_list(azBallotOutcome, zOutcome) ){
    return buf_error(pzErr, "the outcome must be spoke, will_vote, no_answer, left_message or wrong_number");
  }
  DbStmt *s = db_prepare(db, "SELECT v.id FROM ballot_voters v JOIN members m ON m.id=v.member_id"
                             " WHERE v.ballot_id=? AND m.number=?");
  db_bind_int(s, 1, pB->id);
  db_bind_text(s, 2, zNumber);
  int r = db_step(s);
  if( r==DB_ROW ) voterId = db_col_int(s, 0);
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( voterId==0 ) return 1;
  s = db_prepare(db, "INSERT INTO ballot_contacts(ballot_id,voter_id,outcome,by_user,contacted_at) VALUES(?,?,?,?,?)");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, voterId);
  db_bind_text(s, 3, zOutcome);
  db_bind_text(s, 4, zBy);
  db_bind_text(s, 5, zNow);
  r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  return 0;
}

/************************ close and result ************************/

int ballot_mark_closed(Db *db, const Ballot *pB, const char *zNow){
  DbStmt *s = db_prepare(db, "UPDATE ballots SET closed_at=? WHERE id=?");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, pB->id);
  int r = db_step(s);
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

/* Judge one set of figures; the verdict's JSON (new reference), or NULL
** with the reason in zWhy. */
static json_t *judge(const LawSet *pLaw, const Ballot *pB, int64_t nEntitled, int64_t nVotes,
                     int64_t nYes, const char *const *azCondition, int *pMandate, char **pzWhy){
  LawBallot lb;
  LawVerdict v;
  char zOn[11];
  memset(&lb, 0, sizeof lb);
  memcpy(zOn, pB->zOpens, 10); zOn[10] = 0;
  lb.nEntitled = nEntitled;
  lb.nVotes = nVotes;
  lb.nYes = nYes;
  lb.nNo = nVotes - nYes;
  lb.hasNo = 1;
  lb.zOn = zOn;
  lb.azCondition = azCondition;
  if( law_thresholds(pLaw, pB->zRegime, &lb, &v, pzWhy) ) return 0;
  json_t *p = law_verdict_json(&v);
  *pMandate = v.mandate;
  law_verdict_clear(&v);
  return p;
}

int ballot_result(Db *db, const LawSet *pLaw, const Ballot *pB, const char *zBoard,
                  const char *const *azCondition, json_t **ppJson, char **pzErr){
  Buf b = BUF_INIT;
  VerifyReport r;
  int64_t *aGroup = 0;
  json_t *pOut = 0;
  int rc = -1;
  memset(&r, 0, sizeof r);
  if( read_whole(zBoard, &b, pzErr) ) return -1;
  verify_board((const unsigned char*)buf_str(&b), b.n, 2, 0, &r);
  buf_reset(&b);
  if( !r.ok ){ buf_error(pzErr, "%s line %zu (%s): %s", zBoard, r.iFailLine, r.zFailType, r.zFail); goto out; }
  if( !r.hasResult ){ buf_error(pzErr, "%s has no result yet", zBoard); goto out; }
  {
    const Election *e = &r.election;
    size_t nA = e->nAnswerTotal;
    int yesNo = e->nQuestion==1 && e->aQ[0].nAnswer==1;
    json_t *aAns = json_array(), *aBucket = json_array();
    /* a weighted ballot: every figure is votes, each delegate's ballot
    ** counting their weight (the tally on the board is already weighted) */
    int64_t nEntitledAll = pB->weighted ? pB->nWeight : pB->nVoter;
    int64_t nCountedAll = pB->weighted ? (int64_t)r.weightCounted : (int64_t)r.nCounted;
    if( ballot_group_counts(db, pB, e->nGroup, pB->weighted, &aGroup) ){ buf_error(pzErr, "%s", db_errmsg(db)); json_decref(aAns); json_decref(aBucket); goto out; }
    if( yesNo ){
      json_array_append_new(aAns, json_pack("{s:s,s:I}", "answer", "Yes", "votes", (json_int_t)r.aCount[0]));
      json_array_append_new(aAns, json_pack("{s:s,s:I}", "answer", "No", "votes", (json_int_t)(nCountedAll - (int64_t)r.aCount[0])));
    }else{
      for(size_t j=0; j<nA; j++){
        json_array_append_new(aAns, json_pack("{s:s,s:I}", "answer", e->aQ[0].azLabel[j], "votes", (json_int_t)r.aCount[j]));
      }
    }
    pOut = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:f,s:o}", "code", pB->zCode, "title", pB->zTitle,
                     "question", pB->zQuestion, "regime", pB->zRegime, "entitled", (json_int_t)nEntitledAll,
                     "cast", (json_int_t)r.nBallot, "counted", (json_int_t)nCountedAll,
                     "turnout_pct", nEntitledAll ? 100.0*(double)nCountedAll/(double)nEntitledAll : 0.0, "answers", aAns);
    json_object_set_new(pOut, "weighted", json_boolean(pB->weighted));
    if( pB->weighted ){
      json_object_set_new(pOut, "delegates_entitled", json_integer((json_int_t)pB->nVoter));
      json_object_set_new(pOut, "delegates_voted", json_integer((json_int_t)r.nCounted));
      json_object_set_new(pOut, "votes_note", json_string("a delegate conference: entitled, counted and every answer's"
        " votes are votes (weighted), each delegate's ballot counting their published weight;"
        " cast is ballots on the board, revotes included"));
    }
    if( yesNo ){
      char *zWhy = 0;
      int mandate = 0;
      json_t *v = judge(pLaw, pB, nEntitledAll, nCountedAll, (int64_t)r.aCount[0], azCondition, &mandate, &zWhy);
      if( v==0 ){ json_object_set_new(pOut, "verdict_note", json_string(zWhy ? zWhy : "")); free(zWhy); }
      else json_object_set_new(pOut, "verdict", v);
    }else{
      json_object_set_new(pOut, "verdict_note", json_string("the thresholds judge a yes/no question;"
                                                            " this ballot chooses between answers"));
    }
    /* per bucket: where a mandate can be won */
    for(uint32_t k=0; r.nBucket>1 && k<r.nBucket; k++){
      int64_t nEntitled = 0, nCounted = pB->weighted ? (int64_t)r.aBucketWeight[k] : (int64_t)r.aBucketCounted[k];
      json_t *aG = json_array();
      for(uint32_t g=1; g<=e->nGroup; g++){
        if( r.aBucketOfGroup[g]!=k ) continue;
        nEntitled += aGroup[g];
        json_array_append_new(aG, json_string(e->azGroup[g-1]));
      }
      json_t *o = json_pack("{s:i,s:o,s:I,s:I,s:f}", "bucket", (int)k+1, "groups", aG,
                            "entitled", (json_int_t)nEntitled, "counted", (json_int_t)nCounted,
                            "turnout_pct", nEntitled ? 100.0*(double)nCounted/(double)nEntitled : 0.0);
      if( pB->weighted ) json_object_set_new(o, "delegates_voted", json_integer((json_int_t)r.aBucketCounted[k]));
      if( yesNo && nEntitled>0 ){
        char *zWhy = 0;
        int mandate = 0;
        int64_t nYes = (int64_t)r.aBucketCount[(size_t)k*nA];
        json_object_set_new(o, "yes", json_integer(nYes));
        json_object_set_new(o, "no", json_integer((json_int_t)(nCounted - nYes)));
        json_t *v = judge(pLaw, pB, nEntitled, nCounted, nYes, azCondition, &mandate, &zWhy);
        if( v ){ json_object_set_new(o, "mandate", json_boolean(mandate)); json_object_set_new(o, "verdict", v); }
        else { json_object_set_new(o, "verdict_note", json_string(zWhy ? zWhy : "")); free(zWhy); }
      }else if( !yesNo ){
        json_t *aC = json_array();
        for(size_t j=0; j<nA; j++) json_array_append_new(aC, json_integer((json_int_t)r.aBucketCount[(size_t)k*nA+j]));
        json_object_set_new(o, "votes", aC);
      }
      json_array_append_new(aBucket, o);
    }
    json_object_set_new(pOut, "buckets", aBucket);
    if( e->nGroup ){
      json_object_set_new(pOut, "buckets_note", json_string("workplaces with fewer counted ballots than the"
        " privacy floor are merged into the last bucket, never shown alone (docs/protocol.md 8.7)"));
    }
    {
      char zOn[11];
      memcpy(zOn, pB->zOpens, 10); zOn[10] = 0;
      ballot_outcome_add(pLaw, pB->zRegime, zOn, azCondition, pOut);
    }
  }
  {
    char *zJson = json_dumps(pOut, JSON_COMPACT);
    DbStmt *s = db_prepare(db, "UPDATE ballots SET result_json=? WHERE id=?");
    db_bind_text(s, 1, zJson);
    db_bind_int(s, 2, pB->id);
    int k = db_step(s);
    db_finalize(s);
    free(zJson);
    if( k==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); json_decref(pOut); pOut = 0; goto out; }
  }
  *ppJson = pOut;
  rc = 0;
out:
  free(aGroup);
  verify_report_clear(&r);
  return rc;
}

json_t *ballot_result_json(Db *db, const Ballot *pB){
  json_t *p = 0;
  DbStmt *s = db_prepare(db, "SELECT result_json FROM ballots WHERE id=?");
  db_bind_int(s, 1, pB->id);
  if( db_step(s)==DB_ROW && db_col_text(s, 0) ) p = json_loads(db_col_text(s, 0), 0, 0);
  db_finalize(s);
  return p;
}
