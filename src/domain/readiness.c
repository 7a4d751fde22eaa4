/* readiness.c: the ballot-readiness roll-up. Per-unit counts come from the
** unit_stats cache (kept current by every write to the register); this file
** sums them up the tree and turns them into percentages and a score.
** The formula is documented in docs/readiness.md: keep the two in step. */
#include "readiness.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Members per rep at which rep coverage counts as full. */
#define READINESS_MEMBERS_PER_REP_TARGET 50
/* How far back an assessment counts. */
#define READINESS_ASSESSED_DAYS 90

/* Recount `assessed` in unit_stats if it was last counted for another day. */
static int refresh_assessed(Db *db, const char *zToday){
  DbStmt *s = db_prepare(db, "SELECT value FROM meta WHERE key='assessed_as_of'");
  int fresh = db_step(s)==DB_ROW && strcmp(db_col_text(s, 0), zToday)==0;
  db_finalize(s);
  if( fresh ) return 0;
  char zSince[11];
  long today = date_to_days(zToday);
  if( today<0 ) return -1;
  date_from_days(today - READINESS_ASSESSED_DAYS, zSince);
  if( db_begin(db) ) return -1;
  s = db_prepare(db,
    "UPDATE unit_stats SET assessed=x.n FROM"
    " (SELECT m.unit_id AS unit_id, count(DISTINCT c.member_id) AS n"
    "    FROM conversations c JOIN members m ON m.id=c.member_id"
    "   WHERE c.held_on>? AND c.held_on<=? AND c.assessment IS NOT NULL"
    "     AND m.status='active'"
    "   GROUP BY m.unit_id) x"
    " WHERE x.unit_id=unit_stats.unit_id");
  db_bind_text(s, 1, zSince);
  db_bind_text(s, 2, zToday);
  int rc = db_exec(db, "UPDATE unit_stats SET assessed=0");
  if( rc==0 && db_step(s)==DB_ERROR ) rc = -1;
  db_finalize(s);
  if( rc==0 ){
    s = db_prepare(db, "INSERT INTO meta(key,value) VALUES('assessed_as_of',?)"
                       " ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    db_bind_text(s, 1, zToday);
    if( db_step(s)==DB_ERROR ) rc = -1;
    db_finalize(s);
  }
  if( rc==0 ) rc = db_commit(db);
  if( rc ) db_rollback(db);
  return rc;
}

static double pct(int64_t part, int64_t whole){
  if( whole<=0 ) return 0.0;
  return round(1000.0 * (double)part / (double)whole) / 10.0;
}

/* Fill the derived figures of one row from its counts. */
static void derive(ReadinessRow *r){
  r->homePct = pct(r->homeVerified, r->active);
  r->emailPct = pct(r->email, r->active);
  r->mobilePct = pct(r->mobile, r->active);
  r->assessedPct = pct(r->assessed, r->active);
  r->membersPerRep = r->reps ? round(10.0 * (double)r->active / (double)r->reps) / 10.0 : 0.0;
  double repCover = 0.0;
  if( r->active>0 ){
    repCover = 100.0 * (double)r->reps * READINESS_MEMBERS_PER_REP_TARGET / (double)r->active;
    if( repCover>100.0 ) repCover = 100.0;
  }
  double score = 0.40*r->homePct + 0.15*r->emailPct + 0.15*r->mobilePct
               + 0.15*repCover + 0.15*r->assessedPct;
  r->score = r->active>0 ? round(10.0*score)/10.0 : 0.0;
}

int readiness_compute(Db *db, const Unit *pScope, const char *zToday, Readiness *pOut){
  memset(pOut, 0, sizeof(*pOut));
  if( refresh_assessed(db, zToday) ) return -1;
  DbStmt *s = db_prepare(db,
    "SELECT u.id, coalesce(u.parent_id,0), u.code, u.name, u.kind, coalesce(u.sector,''),"
    "       u.lft, u.rgt, u.depth, coalesce(s.members,0), coalesce(s.active,0),"
    "       coalesce(s.home_verified,0), coalesce(s.workplace_address,0),"
    "       coalesce(s.email,0), coalesce(s.mobile,0), coalesce(s.reps,0),"
    "       coalesce(s.assessed,0)"
    " FROM units u LEFT JOIN unit_stats s ON s.unit_id=u.id"
    " WHERE u.lft BETWEEN ? AND ? ORDER BY u.lft");
  db_bind_int(s, 1, pScope->lft);
  db_bind_int(s, 2, pScope->rgt);
  int nAlloc = 0, rc;
  while( (rc = db_step(s))==DB_ROW ){
    if( pOut->n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      pOut->a = xrealloc(pOut->a, nAlloc*sizeof(ReadinessRow));
    }
    ReadinessRow *r = &pOut->a[pOut->n++];
    memset(r, 0, sizeof(*r));
    Unit *u = &r->unit;
    u->id = db_col_int(s, 0);
    u->parentId = db_col_int(s, 1);
    snprintf(u->zCode, sizeof u->zCode, "%s", db_col_text(s, 2));
    snprintf(u->zName, sizeof u->zName, "%s", db_col_text(s, 3));
    snprintf(u->zKind, sizeof u->zKind, "%s", db_col_text(s, 4));
    snprintf(u->zSector, sizeof u->zSector, "%s", db_col_text(s, 5));
    u->lft = db_col_int(s, 6);
    u->rgt = db_col_int(s, 7);
    u->depth = (int)db_col_int(s, 8);
    r->members = db_col_int(s, 9);
    r->active = db_col_int(s, 10);
    r->homeVerified = db_col_int(s, 11);
    r->workplaceAddress = db_col_int(s, 12);
    r->email = db_col_int(s, 13);
    r->mobile = db_col_int(s, 14);
    r->reps = db_col_int(s, 15);
    r->assessed = db_col_int(s, 16);
  }
  db_finalize(s);
  if( rc==DB_ERROR ){ readiness_clear(pOut); return -1; }

  /* Rows are in pre-order (by lft). Find each row's parent with a stack of
  ** open ancestors, then add every row into its parent from the last row
  ** back: a child is complete before it is added. */
  int n = pOut->n;
  int *aParent = xmalloc((n ? n : 1)*sizeof(int));
  int *aStack = xmalloc((n ? n : 1)*sizeof(int));
  int sp = 0;
  for(int i=0; i<n; i++){
    while( sp>0 && pOut->a[aStack[sp-1]].unit.rgt < pOut->a[i].unit.lft ) sp--;
    aParent[i] = sp>0 ? aStack[sp-1] : -1;
    aStack[sp++] = i;
  }
  for(int i=n-1; i>0; i--){
    ReadinessRow *c = &pOut->a[i];
    if( aParent[i]<0 ) continue;
    ReadinessRow *p = &pOut->a[aParent[i]];
    p->members += c->members;
    p->active += c->active;
    p->homeVerified += c->homeVerified;
    p->workplaceAddress += c->workplaceAddress;
    p->email += c->email;
    p->mobile += c->mobile;
    p->reps += c->reps;
    p->assessed += c->assessed;
  }
  for(int i=0; i<n; i++) derive(&pOut->a[i]);
  free(aParent);
  free(aStack);
  return 0;
}

void readiness_clear(Readiness *p){
  free(p->a);
  memset(p, 0, sizeof(*p));
}

json_t *readiness_row_json(const ReadinessRow *r){
  json_t *o = json_object();
  json_object_set_new(o, "unit", json_string(r->unit.zCode));
  json_object_set_new(o, "name", json_string(r->unit.zName));
  json_object_set_new(o, "kind", json_string(r->unit.zKind));
  json_object_set_new(o, "depth", json_integer(r->unit.depth));
  json_object_set_new(o, "sector", r->unit.zSector[0] ? json_string(r->unit.zSector) : json_null());
  json_object_set_new(o, "members", json_integer(r->members));
  json_object_set_new(o, "active_members", json_integer(r->active));
  json_object_set_new(o, "home_address_pct", json_real(r->homePct));
  json_object_set_new(o, "email_pct", json_real(r->emailPct));
  json_object_set_new(o, "mobile_pct", json_real(r->mobilePct));
  json_object_set_new(o, "reps", json_integer(r->reps));
  json_object_set_new(o, "members_per_rep", r->reps ? json_real(r->membersPerRep) : json_null());
  json_object_set_new(o, "assessed_pct", json_real(r->assessedPct));
  json_object_set_new(o, "workplace_addresses", json_integer(r->workplaceAddress));
  json_object_set_new(o, "score", json_real(r->score));
  return o;
}
