/* delivery.c: the credential authority's delivery report taken in, counted
** by unit within a scope, and members' requests for their code again
** recorded and written out for the authority (delivery.h). */
#include "delivery.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const azDeliveryBucket[DLV_NBUCKET] = {
  "sent", "re-sent", "printed", "queued", "bounced", "failed", "no report"
};
const char *const azDeliveryBucketKey[DLV_NBUCKET] = {
  "sent", "resent", "printed", "queued", "bounced", "failed", "no_report"
};
const char *const azDeliveryState[] = { "queued", "sending", "sent", "failed", "bounced", "printed", 0 };
static const char *const azChannel[] = { "email", "sms", "letter", 0 };

/* The bucket of a stored row, as SQL over ballot_delivery d (NULL: no
** report); its values are DeliveryBucket's. */
#define BUCKET_SQL \
  "CASE WHEN d.voter_id IS NULL THEN 6 WHEN d.state='sent' AND d.resends>0 THEN 1" \
  " WHEN d.state='sent' THEN 0 WHEN d.state='printed' THEN 2" \
  " WHEN d.state IN ('queued','sending') THEN 3 WHEN d.state='bounced' THEN 4 ELSE 5 END"

static void copy_text(char *zOut, size_t n, const char *z){
  snprintf(zOut, n, "%s", z ? z : "");
}

static int list_index(const char *const *az, const char *z){
  for(int i=0; az[i]; i++) if( strcmp(az[i], z)==0 ) return i;
  return -1;
}

/************************ the delivery report ************************/

/* One row of a report, checked. */
typedef struct ReportRow ReportRow;
struct ReportRow {
  int line;
  int64_t voterId;
  int iState;
  char zChannel[8];
  int64_t resends;
  char zUpdatedAt[BALLOT_TIME];
  char *zDetail;      /* owned */
};

/* Check one row's fields into *p; append each problem to *pErr. Returns
** the number of problems. */
static int report_row_check(DbStmt *pVoter, const Ballot *pB, const char *zName, const CsvRow *r,
                            ReportRow *p, Buf *pErr, int *pnErr){
  int bad = 0;
#define BAD(COL, ...) do{ bad++; if( (*pnErr)++ < 20 ){ \
    buf_printf(pErr, "%s:%d:%d: ", zName, r->line, COL); buf_printf(pErr, __VA_ARGS__); buf_putc(pErr, '\n'); } }while(0)
  memset(p, 0, sizeof *p);
  p->line = r->line;
  if( r->nField!=7 ){
    BAD(1, "expected 7 fields (%s), found %d", DELIVERY_HEADER, r->nField);
    return bad;
  }
  char **a = r->azField;
  if( strcmp(a[0], pB->zCode)!=0 ) BAD(1, "the ballot is '%.48s', not %s: this report is for another ballot", a[0], pB->zCode);
  {
    const char *z = a[1];
    int ok = strncmp(z, "voter-", 6)==0 && strlen(z)==13 && strspn(z+6, "0123456789")==7;
    if( !ok ){
      BAD(2, "expected a voter as voter-NNNNNNN (7 digits)");
    }else{
      db_reset(pVoter);
      db_bind_int(pVoter, 1, pB->id);
      db_bind_int(pVoter, 2, atoll(z+6));
      int rc = db_step(pVoter);
      if( rc==DB_ROW ) p->voterId = db_col_int(pVoter, 0);
      else if( rc==DB_ERROR ) return -1000;
      else BAD(2, "%s is not a voter of ballot %s", z, pB->zCode);
    }
  }
  if( list_index(azChannel, a[2])<0 ) BAD(3, "the channel must be email, sms or letter, not '%.20s'", a[2]);
  else copy_text(p->zChannel, sizeof p->zChannel, a[2]);
  if( (p->iState = list_index(azDeliveryState, a[3]))<0 ){
    BAD(4, "the state must be queued, sending, sent, failed, bounced or printed, not '%.20s'", a[3]);
  }
  if( a[4][0]==0 || strlen(a[4])>9 || strspn(a[4], "0123456789")!=strlen(a[4]) ){
    BAD(5, "resends must be a whole number, 0 or more, not '%.20s'", a[4]);
  }else{
    p->resends = atoll(a[4]);
  }
  {
    const char *zWhy = 0;
    char zT[BALLOT_TIME];
    if( strlen(a[5])!=20 || ballot_parse_time(a[5], zT, &zWhy) || strcmp(zT, a[5])!=0 ){
      BAD(6, "updated_at must be a real time as YYYY-MM-DDTHH:MM:SSZ (UTC), not '%.30s'", a[5]);
    }else{
      copy_text(p->zUpdatedAt, sizeof p->zUpdatedAt, zT);
    }
  }
  if( strlen(a[6])>1000 ) BAD(7, "the detail is longer than 1000 bytes");
  else if( !bad ) p->zDetail = xstrdup(a[6]);
#undef BAD
  return bad;
}

/*
** Take a delivery report in: all rows checked, then all stored, or none.
*/
int delivery_import(Db *db, const Ballot *pB, const char *zName, const char *z, size_t n,
                    const char *zNow, DeliveryImport *pOut, char **pzErr){
  CsvReader *r = csv_open(z, n);
  CsvRow row;
  Buf err = BUF_INIT;
  ReportRow *aRow = 0;
  int nRow = 0, nAlloc = 0, nErr = 0, rc = -1, k;
  char *zCsvErr = 0;
  DbStmt *pVoter = db_prepare(db, "SELECT id FROM ballot_voters WHERE ballot_id=? AND voter_no=?");
  memset(pOut, 0, sizeof *pOut);
  *pzErr = 0;
  k = csv_read(r, &row, &zCsvErr);
  if( k<=0 ){
    if( k<0 ) buf_printf(&err, "%s:%s\n", zName, zCsvErr);
    else buf_printf(&err, "%s:1:1: the report is empty: expected the header %s\n", zName, DELIVERY_HEADER);
    goto out;
  }
  {
    static const char *const azHead[] = { "ballot", "voter", "channel", "state", "resends", "updated_at", "detail" };
    int ok = row.nField==7;
    for(int i=0; ok && i<7; i++) ok = strcmp(row.azField[i], azHead[i])==0;
    if( !ok ){
      buf_printf(&err, "%s:%d:1: the header must be exactly %s\n", zName, row.line, DELIVERY_HEADER);
      goto out;
    }
  }
  while( (k = csv_read(r, &row, &zCsvErr))==1 ){
    if( nRow==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 256;
      aRow = xrealloc(aRow, (size_t)nAlloc * sizeof *aRow);
    }
    int bad = report_row_check(pVoter, pB, zName, &row, &aRow[nRow], &err, &nErr);
    if( bad<0 ){ buf_reset(&err); buf_printf(&err, "cannot read the voters: %s\n", db_errmsg(db)); goto out; }
    nRow++;
  }
  if( k<0 ){ buf_printf(&err, "%s:%s\n", zName, zCsvErr); nErr++; }
  if( nErr ){
    if( nErr>20 ) buf_printf(&err, "... and %d more problems\n", nErr-20);
    goto out;
  }
  db_finalize(pVoter);
  pVoter = 0;
  if( db_begin(db) ){ buf_printf(&err, "cannot write: %s\n", db_errmsg(db)); goto out; }
  {
    DbStmt *pGet = db_prepare(db, "SELECT updated_at FROM ballot_delivery WHERE voter_id=?");
    DbStmt *pPut = db_prepare(db,
      "INSERT INTO ballot_delivery(voter_id, channel, state, resends, detail, updated_at, reported_at)"
      " VALUES (?,?,?,?,?,?,?) ON CONFLICT (voter_id) DO UPDATE SET channel=excluded.channel,"
      " state=excluded.state, resends=excluded.resends, detail=excluded.detail,"
      " updated_at=excluded.updated_at, reported_at=excluded.reported_at");
    int fail = 0;
    for(int i=0; i<nRow && !fail; i++){
      ReportRow *p = &aRow[i];
      int older = 0;
      pOut->nRow++;
      pOut->aState[p->iState]++;
      db_reset(pGet);
      db_bind_int(pGet, 1, p->voterId);
      int s = db_step(pGet);
      if( s==DB_ERROR ){ fail = 1; break; }
      if( s==DB_ROW && strcmp(p->zUpdatedAt, db_col_text(pGet, 0))<0 ) older = 1;
      if( older ){ pOut->nOlder++; continue; }
      db_reset(pPut);
      db_bind_int(pPut, 1, p->voterId);
      db_bind_text(pPut, 2, p->zChannel);
      db_bind_text(pPut, 3, azDeliveryState[p->iState]);
      db_bind_int(pPut, 4, p->resends);
      db_bind_text(pPut, 5, p->zDetail);
      db_bind_text(pPut, 6, p->zUpdatedAt);
      db_bind_text(pPut, 7, zNow);
      if( db_step(pPut)!=DB_DONE ){ fail = 1; break; }
      pOut->nApplied++;
    }
    db_finalize(pGet);
    db_finalize(pPut);
    if( fail || db_commit(db) ){
      buf_printf(&err, "cannot store the report: %s\n", db_errmsg(db));
      db_rollback(db);
      memset(pOut, 0, sizeof *pOut);
      goto out;
    }
  }
  rc = 0;
out:
  if( rc ){
    if( err.n && err.z[err.n-1]=='\n' ) buf_truncate(&err, err.n-1);
    *pzErr = buf_steal(&err);
  }
  buf_reset(&err);
  free(zCsvErr);
  db_finalize(pVoter);
  for(int i=0; i<nRow; i++) free(aRow[i].zDetail);
  free(aRow);
  csv_close(r);
  return rc;
}

/************************ counts by unit ************************/

/*
** Counts per unit in scope, rolled up the tree, and who has not had their code.
*/
int delivery_summary(Db *db, const Ballot *pB, const Unit *pScope, DeliverySummary *pOut){
  int64_t lo = pScope ? pScope->lft : INT64_MIN, hi = pScope ? pScope->rgt : INT64_MAX;
  int r = DB_DONE, nAlloc = 0, rc = -1, nUnit = 0;
  int *aParent = 0;
  Unit *aUnit = 0;
  DbStmt *s;
  memset(pOut, 0, sizeof *pOut);
  if( register_unit_subtree(db, pScope, &aUnit, &aParent, &nUnit) ) goto out;
  pOut->aRow = xcalloc(nUnit ? (size_t)nUnit : 1, sizeof *pOut->aRow);
  for(int i=0; i<nUnit; i++){
    DeliveryRow *q = &pOut->aRow[i];
    q->unitId = aUnit[i].id;
    copy_text(q->zCode, sizeof q->zCode, aUnit[i].zCode);
    copy_text(q->zName, sizeof q->zName, aUnit[i].zName);
    q->depth = aUnit[i].depth - aUnit[0].depth;
  }
  pOut->nRow = nUnit;
  s = db_prepare(db, "SELECT v.unit_id, " BUCKET_SQL ", count(*) FROM ballot_voters v"
                     " JOIN units u ON u.id=v.unit_id LEFT JOIN ballot_delivery d ON d.voter_id=v.id"
                     " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ? AND v.member_id IS NOT NULL"
                     " GROUP BY v.unit_id, " BUCKET_SQL);
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, lo);
  db_bind_int(s, 3, hi);
  while( (r = db_step(s))==DB_ROW ){
    int64_t id = db_col_int(s, 0), b = db_col_int(s, 1), nV = db_col_int(s, 2);
    if( b<0 || b>=DLV_NBUCKET ) continue;
    for(int i=register_unit_index(aUnit, nUnit, id); i>=0; i=aParent[i]){   /* up the tree */
      pOut->aRow[i].nVoter += nV;
      pOut->aRow[i].aN[b] += nV;
    }
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto out;
  {
    int k = 0;
    for(int i=0; i<pOut->nRow; i++) if( pOut->aRow[i].nVoter ) pOut->aRow[k++] = pOut->aRow[i];
    pOut->nRow = k;
  }
  if( pOut->nRow==0 ){ rc = 1; goto out; }
  pOut->nMissingAll = pOut->aRow[0].aN[DLV_BOUNCED] + pOut->aRow[0].aN[DLV_FAILED] + pOut->aRow[0].aN[DLV_NO_REPORT];
  /* who: bounced, failed, never reported */
  s = db_prepare(db,
    "SELECT m.number, m.first_name, m.last_name, u.code, u.name, " BUCKET_SQL ", d.channel, d.detail,"
    " d.updated_at, m.email, m.mobile"
    " FROM ballot_voters v JOIN members m ON m.id=v.member_id JOIN units u ON u.id=v.unit_id"
    " LEFT JOIN ballot_delivery d ON d.voter_id=v.id"
    " WHERE v.ballot_id=? AND u.lft BETWEEN ? AND ?"
    " AND (d.voter_id IS NULL OR d.state IN ('bounced','failed'))"
    " ORDER BY u.code, m.last_name, m.first_name, m.number LIMIT ?");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, lo);
  db_bind_int(s, 3, hi);
  db_bind_int(s, 4, BALLOT_LIST_MAX);
  nAlloc = 0;
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nMissing==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      pOut->aMissing = xrealloc(pOut->aMissing, (size_t)nAlloc * sizeof *pOut->aMissing);
    }
    DeliveryMissing *q = &pOut->aMissing[pOut->nMissing++];
    memset(q, 0, sizeof *q);
    copy_text(q->zNumber, sizeof q->zNumber, db_col_text(s, 0));
    copy_text(q->zFirstName, sizeof q->zFirstName, db_col_text(s, 1));
    copy_text(q->zLastName, sizeof q->zLastName, db_col_text(s, 2));
    copy_text(q->zWorkplaceCode, sizeof q->zWorkplaceCode, db_col_text(s, 3));
    copy_text(q->zWorkplaceName, sizeof q->zWorkplaceName, db_col_text(s, 4));
    q->bucket = (int)db_col_int(s, 5);
    copy_text(q->zChannel, sizeof q->zChannel, db_col_text(s, 6));
    copy_text(q->zDetail, sizeof q->zDetail, db_col_text(s, 7));
    copy_text(q->zUpdatedAt, sizeof q->zUpdatedAt, db_col_text(s, 8));
    q->hasEmail = !db_col_is_null(s, 9) && db_col_text(s, 9)[0];
    q->hasMobile = !db_col_is_null(s, 10) && db_col_text(s, 10)[0];
  }
  db_finalize(s);
  if( r==DB_ERROR ) goto out;
  /* requests for a code again, and the last report */
  s = db_prepare(db,
    "SELECT count(*), count(*) - count(q.exported_at) FROM ballot_resend_requests q"
    " JOIN ballot_voters v ON v.id=q.voter_id JOIN units u ON u.id=v.unit_id"
    " WHERE q.ballot_id=? AND u.lft BETWEEN ? AND ?");
  db_bind_int(s, 1, pB->id);
  db_bind_int(s, 2, lo);
  db_bind_int(s, 3, hi);
  r = db_step(s);
  if( r==DB_ROW ){ pOut->nRequests = db_col_int(s, 0); pOut->nPending = db_col_int(s, 1); }
  db_finalize(s);
  if( r==DB_ERROR ) goto out;
  s = db_prepare(db, "SELECT max(d.reported_at) FROM ballot_delivery d JOIN ballot_voters v ON v.id=d.voter_id"
                     " WHERE v.ballot_id=?");
  db_bind_int(s, 1, pB->id);
  r = db_step(s);
  if( r==DB_ROW ) copy_text(pOut->zLastReport, sizeof pOut->zLastReport, db_col_text(s, 0));
  db_finalize(s);
  if( r==DB_ERROR ) goto out;
  rc = 0;
out:
  free(aParent);
  free(aUnit);
  if( rc ) delivery_summary_clear(pOut);
  return rc;
}

void delivery_summary_clear(DeliverySummary *p){
  free(p->aRow);
  free(p->aMissing);
  memset(p, 0, sizeof *p);
}

/* A unit's buckets as a JSON object. */
static json_t *bucket_json(const int64_t *aN){
  json_t *p = json_object();
  for(int b=0; b<DLV_NBUCKET; b++) json_object_set_new(p, azDeliveryBucketKey[b], json_integer((json_int_t)aN[b]));
  return p;
}

json_t *delivery_summary_json(const Ballot *pB, const DeliverySummary *p){
  json_t *aUnit = json_array(), *aMiss = json_array();
  for(int i=0; i<p->nRow; i++){
    const DeliveryRow *q = &p->aRow[i];
    json_t *x = json_pack("{s:s,s:s,s:i,s:I}", "code", q->zCode, "name", q->zName, "depth", q->depth,
                          "voters", (json_int_t)q->nVoter);
    json_t *pB2 = bucket_json(q->aN);
    json_object_update(x, pB2);
    json_decref(pB2);
    json_array_append_new(aUnit, x);
  }
  for(int i=0; i<p->nMissing; i++){
    const DeliveryMissing *q = &p->aMissing[i];
    json_array_append_new(aMiss, json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:b}",
      "number", q->zNumber, "first_name", q->zFirstName, "last_name", q->zLastName,
      "workplace", q->zWorkplaceCode, "state", azDeliveryBucket[q->bucket],
      "channel", q->zChannel[0] ? json_string(q->zChannel) : json_null(),
      "detail", q->zDetail[0] ? json_string(q->zDetail) : json_null(),
      "updated_at", q->zUpdatedAt[0] ? json_string(q->zUpdatedAt) : json_null(),
      "has_email", q->hasEmail, "has_mobile", q->hasMobile));
  }
  return json_pack("{s:s,s:o,s:o,s:o,s:I,s:I,s:I,s:o}", "ballot", pB->zCode,
    "total", p->nRow ? bucket_json(p->aRow[0].aN) : json_object(), "units", aUnit, "not_arrived", aMiss,
    "not_arrived_total", (json_int_t)p->nMissingAll, "resend_requests_pending", (json_int_t)p->nPending,
    "resend_requests", (json_int_t)p->nRequests,
    "last_report", p->zLastReport[0] ? json_string(p->zLastReport) : json_null());
}

/*
** The bucket of one member's code, for the not-voted list.
*/
int delivery_member_bucket(Db *db, const Ballot *pB, const char *zNumber){
  int b = -1;
  DbStmt *s = db_prepare(db, "SELECT d.state FROM ballot_delivery d JOIN ballot_voters v ON v.id=d.voter_id"
                             " JOIN members m ON m.id=v.member_id WHERE v.ballot_id=? AND m.number=?");
  db_bind_int(s, 1, pB->id);
  db_bind_text(s, 2, zNumber);
  if( db_step(s)==DB_ROW ){
    const char *z = db_col_text(s, 0);
    if( z && strcmp(z, "bounced")==0 ) b = DLV_BOUNCED;
    else if( z && strcmp(z, "failed")==0 ) b = DLV_FAILED;
  }
  db_finalize(s);
  return b;
}

/************************ a code again ************************/

/*
** Record a member's request for their code again; reveals nothing to them.
*/
int delivery_resend_request(Db *db, const Ballot *pB, const char *zContact, const char *zNow,
                            int64_t *pnRecorded, const char **pzWhy){
  char zNorm[NORM_MAX], zSince[BALLOT_TIME];
  const char *zChannel;
  int rc = -1;
  *pnRecorded = 0;
  *pzWhy = 0;
  if( strchr(zContact, '@') ){
    if( norm_email(zContact, zNorm, pzWhy) ){ *pzWhy = "that does not look like an email address"; return 1; }
    zChannel = "email";
  }else{
    if( norm_uk_mobile(zContact, zNorm, pzWhy) ){
      *pzWhy = "give the email address or the UK mobile number (07...) the union has for you";
      return 1;
    }
    zChannel = "sms";
  }
  ballot_time_iso(ballot_time_seconds(zNow) - RESEND_WINDOW_S, zSince);
  DbStmt *s = db_prepare(db, strcmp(zChannel, "email")==0
    ? "SELECT v.id FROM ballot_voters v JOIN members m ON m.id=v.member_id"
      " WHERE v.ballot_id=? AND lower(m.email)=lower(?) ORDER BY v.id"
    : "SELECT v.id FROM ballot_voters v JOIN members m ON m.id=v.member_id"
      " WHERE v.ballot_id=? AND m.mobile=? ORDER BY v.id");
  db_bind_int(s, 1, pB->id);
  db_bind_text(s, 2, zNorm);
  int64_t aId[16];
  int nId = 0, r;
  while( (r = db_step(s))==DB_ROW ) if( nId<16 ) aId[nId++] = db_col_int(s, 0);
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  if( nId==0 ) return 0;
  if( db_begin(db) ) return -1;
  DbStmt *pRecent = db_prepare(db, "SELECT count(*) FROM ballot_resend_requests"
                                   " WHERE voter_id=? AND (exported_at IS NULL OR requested_at>=?)");
  DbStmt *pAdd = db_prepare(db, "INSERT INTO ballot_resend_requests(ballot_id, voter_id, channel, requested_at)"
                                " VALUES (?,?,?,?)");
  int64_t n = 0;
  for(int i=0; i<nId; i++){
    db_reset(pRecent);
    db_bind_int(pRecent, 1, aId[i]);
    db_bind_text(pRecent, 2, zSince);
    if( db_step(pRecent)!=DB_ROW ) goto out;
    if( db_col_int(pRecent, 0)>0 ) continue;
    db_reset(pAdd);
    db_bind_int(pAdd, 1, pB->id);
    db_bind_int(pAdd, 2, aId[i]);
    db_bind_text(pAdd, 3, zChannel);
    db_bind_text(pAdd, 4, zNow);
    if( db_step(pAdd)!=DB_DONE ) goto out;
    n++;
  }
  if( db_commit(db) ) goto out;
  *pnRecorded = n;
  rc = 0;
out:
  db_finalize(pRecent);
  db_finalize(pAdd);
  if( rc ) db_rollback(db);
  return rc;
}

/*
** The requests as resend-requests.csv.
*/
int delivery_resend_csv(Db *db, const Ballot *pB, int all, Buf *pOut, int64_t *pnRow, int64_t *pMaxId){
  DbStmt *s = db_prepare(db, all
    ? "SELECT q.id, v.voter_no, q.channel, q.requested_at FROM ballot_resend_requests q"
      " JOIN ballot_voters v ON v.id=q.voter_id WHERE q.ballot_id=? ORDER BY q.id"
    : "SELECT q.id, v.voter_no, q.channel, q.requested_at FROM ballot_resend_requests q"
      " JOIN ballot_voters v ON v.id=q.voter_id WHERE q.ballot_id=? AND q.exported_at IS NULL ORDER BY q.id");
  int r;
  *pnRow = 0;
  *pMaxId = 0;
  db_bind_int(s, 1, pB->id);
  buf_puts(pOut, RESEND_HEADER "\r\n");
  while( (r = db_step(s))==DB_ROW ){
    csv_write_field(pOut, pB->zCode);
    buf_printf(pOut, ",voter-%07lld,", (long long)db_col_int(s, 1));
    csv_write_field(pOut, db_col_text(s, 2));
    buf_putc(pOut, ',');
    csv_write_field(pOut, db_col_text(s, 3));
    buf_puts(pOut, "\r\n");
    if( db_col_int(s, 0) > *pMaxId ) *pMaxId = db_col_int(s, 0);
    (*pnRow)++;
  }
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

int delivery_resend_mark(Db *db, const Ballot *pB, int64_t maxId, const char *zNow){
  DbStmt *s = db_prepare(db, "UPDATE ballot_resend_requests SET exported_at=?"
                             " WHERE ballot_id=? AND exported_at IS NULL AND id<=?");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, pB->id);
  db_bind_int(s, 3, maxId);
  int r = db_step(s);
  db_finalize(s);
  return r==DB_DONE ? 0 : -1;
}
