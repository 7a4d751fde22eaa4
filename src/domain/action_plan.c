/* action_plan.c: action scenarios and the strike fund: storing scenarios
** (who takes action on which day, strike pay, levy, fund) and working them
** out against the register, one GROUP BY query per scenario, then the
** fund's day-by-day arithmetic in whole pence. See docs/action.md. */
#include "action_plan.h"
#include "dispute.h"
#include "dispute_sql.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds as people write them and as the store keeps them. */
static const char *const azKindName[ACTION_NKIND] = { "all-out", "rolling", "targeted" };
static const char *const azKindStore[ACTION_NKIND] = { "all_out", "rolling", "targeted" };

const char *action_kind_name(int kind){
  return kind>=0 && kind<ACTION_NKIND ? azKindName[kind] : "?";
}

int action_kind_from_name(const char *z){
  for(int i=0; z && i<ACTION_NKIND; i++){
    if( strcmp(z, azKindName[i])==0 || strcmp(z, azKindStore[i])==0 ) return i;
  }
  return -1;
}

static int kind_from_store(const char *z){
  int k = action_kind_from_name(z);
  return k<0 ? ACTION_TARGETED : k;          /* can't happen: CHECK constraint */
}

/*************************** money and days ***************************/

int action_parse_money(const char *z, int64_t nMax, int64_t *pPence){
  if( z==0 ) return -1;
  while( *z==' ' ) z++;
  if( strncmp(z, "\xC2\xA3", 2)==0 ) z += 2;          /* £ */
  int64_t pounds = 0, pence = 0;
  int nDigit = 0;
  for(; *z && *z!='.'; z++){
    if( *z==',' ) continue;
    if( !isdigit((unsigned char)*z) ) break;
    pounds = pounds*10 + (*z-'0');
    if( ++nDigit>12 ) return -1;
  }
  if( *z=='.' ){
    z++;
    int nDec = 0;
    for(; isdigit((unsigned char)*z); z++){
      if( ++nDec>2 ) return -1;
      pence = pence*10 + (*z-'0');
    }
    if( nDec==0 ) return -1;
    if( nDec==1 ) pence *= 10;
  }
  while( *z==' ' ) z++;
  if( *z || nDigit==0 ) return -1;
  int64_t v = pounds*100 + pence;
  if( v>nMax ) return -1;
  *pPence = v;
  return 0;
}

void action_money_text(int64_t pence, char *zOut, size_t nOut){
  char zDigits[32], zGroup[48];
  int neg = pence<0;
  uint64_t v = neg ? (uint64_t)0-(uint64_t)pence : (uint64_t)pence;
  snprintf(zDigits, sizeof zDigits, "%llu", (unsigned long long)(v/100));
  size_t n = strlen(zDigits), j = 0;
  for(size_t i=0; i<n; i++){                  /* thousands separators */
    if( i>0 && (n-i)%3==0 ) zGroup[j++] = ',';
    zGroup[j++] = zDigits[i];
  }
  zGroup[j] = 0;
  snprintf(zOut, nOut, "%s\xC2\xA3%s.%02u", neg ? "-" : "", zGroup, (unsigned)(v%100));
}

static int int_cmp(const void *a, const void *b){
  int x = *(const int*)a, y = *(const int*)b;
  return (x>y) - (x<y);
}

int action_parse_days(const char *z, int nDays, int **paDay, int *pnDay, char **pzErr){
  *paDay = 0;
  *pnDay = 0;
  if( pzErr ) *pzErr = 0;
  int *a = xcalloc((size_t)nDays+1, sizeof(int));
  char *aSeen = xcalloc((size_t)nDays+2, 1);
  int n = 0;
  const char *p = z ? z : "";
  while( *p ){
    while( *p==' ' || *p==',' ) p++;
    if( *p==0 ) break;
    long lo = 0, hi;
    int nd = 0;
    while( isdigit((unsigned char)*p) && nd<6 ){ lo = lo*10 + (*p++-'0'); nd++; }
    hi = lo;
    if( nd && *p=='-' ){
      p++;
      int nd2 = 0;
      hi = 0;
      while( isdigit((unsigned char)*p) && nd2<6 ){ hi = hi*10 + (*p++-'0'); nd2++; }
      if( nd2==0 ) nd = 0;
    }
    while( *p==' ' ) p++;
    if( nd==0 || (*p && *p!=',') || lo<1 || hi<lo || hi>nDays ){
      free(a);
      free(aSeen);
      return buf_error(pzErr, "days \"%s\": expected plan days from 1 to %d such as"
                                " 1-5,8,10-12", z ? z : "", nDays);
    }
    for(long d=lo; d<=hi; d++){
      if( !aSeen[d] ){ aSeen[d] = 1; a[n++] = (int)d; }
    }
  }
  free(aSeen);
  if( n==0 ){
    free(a);
    return buf_error(pzErr, "days \"%s\": no day given (plan days run from 1 to %d)",
                       z ? z : "", nDays);
  }
  qsort(a, (size_t)n, sizeof(int), int_cmp);
  *paDay = a;
  *pnDay = n;
  return 0;
}

/*************************** creating and changing ***************************/

/* A scenario code: 1-40 letters, digits, '-', '_' or '.', starting with a
** letter or digit (as dispute codes). */
static int code_ok(const char *z){
  size_t n = z ? strlen(z) : 0;
  if( n<1 || n>40 || !isalnum((unsigned char)z[0]) ) return 0;
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !isalnum(c) && c!='-' && c!='_' && c!='.' ) return 0;
  }
  return 1;
}

static int blank(const char *z){
  while( z && *z==' ' ) z++;
  return z==0 || *z==0;
}

int action_unit_overlaps(const Unit *pScope, const Unit *pUnit){
  return unit_in_scope(pScope, pUnit) || unit_in_scope(pUnit, pScope);
}

/* The id and dispute id of scenario zCode: 0 when none, -1 on error. */
static int64_t plan_id(Db *db, const char *zCode, int64_t *pDisputeId, int *pnDays){
  DbStmt *s = db_prepare(db, "SELECT id, coalesce(dispute_id,0), days FROM action_plans WHERE code=?");
  db_bind_text(s, 1, zCode);
  int rc = db_step(s);
  int64_t id = rc==DB_ROW ? db_col_int(s, 0) : rc==DB_DONE ? 0 : -1;
  if( rc==DB_ROW ){
    if( pDisputeId ) *pDisputeId = db_col_int(s, 1);
    if( pnDays ) *pnDays = (int)db_col_int(s, 2);
  }
  db_finalize(s);
  return id;
}

/* The (unit, day, kind) rows some actions expand to. */
typedef struct ActionRow ActionRow;
struct ActionRow { int64_t unitId; int day; int kind; };

/* Check actions *pDays against a plan of nDays days linked to dispute
** *pD (NULL when none), writing every problem to pErr; expand them into
** *paRow (caller frees). Returns the row count, or -1 on a store error. */
static int expand_days(Db *db, const ActionDays *pDays, int nDays, const Dispute *pD,
                       Buf *pErr, ActionRow **paRow){
  *paRow = 0;
  int kind = pDays->kind;
  if( kind<0 || kind>=ACTION_NKIND ){
    buf_puts(pErr, "the kind of action must be all-out, rolling or targeted\n");
    return 0;
  }
  /* The units: given, or for all-out the dispute's scope or the union. */
  int nUnit = 0;
  Unit *aUnit = 0;
  if( kind==ACTION_ALL_OUT ){
    if( pDays->nUnit ){
      buf_puts(pErr, "all-out action takes no units: it calls out every unit in the"
                     " dispute's constituency, or the whole union without a dispute\n");
    }
    if( pD ){
      aUnit = xcalloc((size_t)pD->nUnit+1, sizeof(Unit));
      for(int i=0; i<pD->nUnit; i++) aUnit[nUnit++] = pD->aUnit[i];
    }else{
      DbStmt *s = db_prepare(db, "SELECT id FROM units WHERE parent_id IS NULL ORDER BY code");
      int r;
      while( (r = db_step(s))==DB_ROW ){
        aUnit = xrealloc(aUnit, (size_t)(nUnit+1)*sizeof(Unit));
        if( register_unit_by_id(db, db_col_int(s, 0), &aUnit[nUnit])==0 ) nUnit++;
      }
      db_finalize(s);
      if( r==DB_ERROR ){ free(aUnit); return -1; }
      if( nUnit==0 ) buf_puts(pErr, "the register has no units yet: import them first\n");
    }
  }else{
    if( pDays->nUnit==0 ){
      buf_printf(pErr, "%s action needs at least one unit\n", action_kind_name(kind));
    }
    aUnit = xcalloc((size_t)pDays->nUnit+1, sizeof(Unit));
    for(int i=0; i<pDays->nUnit; i++){
      Unit u;
      int r = register_unit_by_code(db, pDays->azUnit[i], &u);
      if( r<0 ){ free(aUnit); return -1; }
      if( r ){ buf_printf(pErr, "no unit with code %s\n", pDays->azUnit[i]); continue; }
      int ok = pD==0;
      for(int k=0; !ok && k<pD->nUnit; k++) ok = action_unit_overlaps(&pD->aUnit[k], &u);
      if( !ok ){
        buf_printf(pErr, "unit %s is outside dispute %s's constituency: its members"
                         " cannot lawfully take action in it\n", u.zCode, pD->zCode);
        continue;
      }
      aUnit[nUnit++] = u;
    }
  }
  int perDay = pDays->perDay>0 ? pDays->perDay : 1;
  if( kind==ACTION_ROLLING && nUnit>0 && perDay>nUnit ){
    buf_printf(pErr, "rolling action with %d unit%s cannot call out %d a day\n",
               nUnit, nUnit==1 ? "" : "s", perDay);
  }
  for(int i=0; i<pDays->nDay; i++){
    if( pDays->aDay[i]<1 || pDays->aDay[i]>nDays ){
      buf_printf(pErr, "day %d is outside the plan (days 1 to %d)\n", pDays->aDay[i], nDays);
      break;
    }
  }
  if( pErr->n || nUnit==0 ){ free(aUnit); return 0; }

  /* The days: given, or every day of the plan. */
  int nDay = pDays->nDay ? pDays->nDay : nDays;
  ActionRow *a = xcalloc((size_t)nDay*(size_t)nUnit+1, sizeof(ActionRow));
  int n = 0;
  for(int j=0; j<nDay; j++){
    int day = pDays->nDay ? pDays->aDay[j] : j+1;
    if( kind==ACTION_ROLLING ){
      for(int i=0; i<perDay; i++){
        a[n++] = (ActionRow){ aUnit[((size_t)j*(size_t)perDay + (size_t)i) % (size_t)nUnit].id, day, kind };
      }
    }else{
      for(int i=0; i<nUnit; i++) a[n++] = (ActionRow){ aUnit[i].id, day, kind };
    }
  }
  free(aUnit);
  *paRow = a;
  return n;
}

/* Insert rows for plan planId; returns how many were new, or -1. */
static int insert_rows(Db *db, int64_t planId, const ActionRow *a, int n){
  DbStmt *s = db_prepare(db, "INSERT INTO action_plan_days(plan_id,day,unit_id,kind)"
                             " VALUES(?,?,?,?) ON CONFLICT DO NOTHING RETURNING day");
  int nNew = 0;
  for(int i=0; i<n; i++){
    db_bind_int(s, 1, planId);
    db_bind_int(s, 2, a[i].day);
    db_bind_int(s, 3, a[i].unitId);
    db_bind_text(s, 4, azKindStore[a[i].kind]);
    int rc = db_step(s);
    if( rc==DB_ROW ){ nNew++; rc = db_step(s); }
    db_reset(s);
    if( rc==DB_ERROR ){ db_finalize(s); return -1; }
  }
  db_finalize(s);
  return nNew;
}

/* Load dispute zCode for a scenario into *pD; a line in pErr when there is
** none. Returns 0 found, 1 not, -1 store error. */
static int load_dispute(Db *db, const char *zCode, Dispute *pD, Buf *pErr){
  int r = dispute_load(db, zCode, pD);
  if( r>0 ) buf_printf(pErr, "no dispute with code %s (mandate dispute list)\n", zCode);
  return r;
}

int action_create(Db *db, const ActionSpec *p, char **pzErr){
  Buf err = BUF_INIT;
  Dispute d;
  memset(&d, 0, sizeof d);
  int hasDispute = 0, rc = -1, nRow = 0;
  ActionRow *aRow = 0;
  if( pzErr ) *pzErr = 0;

  if( !code_ok(p->zCode) ){
    buf_printf(&err, "scenario code \"%s\": expected 1-40 letters, digits, '-', '_' or '.',"
                     " starting with a letter or digit\n", p->zCode ? p->zCode : "");
  }else{
    int64_t id = plan_id(db, p->zCode, 0, 0);
    if( id<0 ) goto store_error;
    if( id>0 ) buf_printf(&err, "a scenario with code %s already exists\n", p->zCode);
  }
  if( blank(p->zTitle) || strlen(p->zTitle)>200 ){
    buf_puts(&err, "title: expected the scenario's title, 1-200 characters\n");
  }
  if( p->zStartsOn==0 || date_to_days(p->zStartsOn)<0 ){
    buf_printf(&err, "start date \"%s\": expected a date like 2026-03-02\n",
               p->zStartsOn ? p->zStartsOn : "");
  }
  int nDays = p->nDays;
  if( nDays<1 || nDays>ACTION_MAX_DAYS ){
    buf_printf(&err, "days: expected a plan of 1 to %d days, got %d\n", ACTION_MAX_DAYS, nDays);
    nDays = 0;
  }
  if( p->defaultPay<0 || p->defaultPay>ACTION_MAX_RATE ){
    buf_puts(&err, "strike pay: expected £0 to £10,000 a day\n");
  }
  if( p->levyWeek<0 || p->levyWeek>ACTION_MAX_RATE ){
    buf_puts(&err, "levy: expected £0 to £10,000 a week\n");
  }
  if( p->fundOpening<0 || p->fundOpening>ACTION_MAX_FUND
      || p->fundIncomeWeek<0 || p->fundIncomeWeek>ACTION_MAX_FUND ){
    buf_puts(&err, "fund: expected a balance and weekly income from £0 to £1,000,000,000\n");
  }
  if( p->zDispute && p->zDispute[0] ){
    int r = load_dispute(db, p->zDispute, &d, &err);
    if( r<0 ) goto store_error;
    hasDispute = r==0;
  }
  if( nDays && (p->zDispute==0 || p->zDispute[0]==0 || hasDispute) ){
    nRow = expand_days(db, &p->days, nDays, hasDispute ? &d : 0, &err, &aRow);
    if( nRow<0 ) goto store_error;
  }
  if( err.n ){
    err.z[--err.n] = 0;
    if( pzErr ) *pzErr = buf_steal(&err);
    goto out;
  }

  if( db_begin(db) ) goto store_error;
  DbStmt *s = db_prepare(db,
    "INSERT INTO action_plans(code,title,dispute_id,starts_on,days,default_pay,levy_week,"
    "fund_opening,fund_income_week,created_on) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id");
  db_bind_text(s, 1, p->zCode);
  db_bind_text(s, 2, p->zTitle);
  if( hasDispute ) db_bind_int(s, 3, d.id); else db_bind_text(s, 3, 0);
  db_bind_text(s, 4, p->zStartsOn);
  db_bind_int(s, 5, nDays);
  db_bind_int(s, 6, p->defaultPay);
  db_bind_int(s, 7, p->levyWeek);
  db_bind_int(s, 8, p->fundOpening);
  db_bind_int(s, 9, p->fundIncomeWeek);
  db_bind_text(s, 10, p->zCreatedOn);
  int64_t id = db_step(s)==DB_ROW ? db_col_int(s, 0) : -1;
  if( id>0 ) db_step(s);
  db_finalize(s);
  if( id<0 || insert_rows(db, id, aRow, nRow)<0 || db_commit(db) ){
    buf_error(pzErr, "store error: %s", db_errmsg(db));
    db_rollback(db);
    goto out;
  }
  rc = 0;
  goto out;

store_error:
  buf_error(pzErr, "store error: %s", db_errmsg(db));
out:
  buf_reset(&err);
  free(aRow);
  dispute_clear(&d);
  return rc;
}

/* Load scenario zCode's dispute (if any) into *pD; 0, or -1 with *pzErr. */
static int plan_context(Db *db, const char *zCode, int64_t *pId, int *pnDays, Dispute *pD,
                        int *pHasDispute, char **pzErr){
  int64_t disputeId = 0;
  memset(pD, 0, sizeof(*pD));
  *pHasDispute = 0;
  int64_t id = plan_id(db, zCode, &disputeId, pnDays);
  if( id<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( id==0 ) return buf_error(pzErr, "no scenario with code %s (mandate action list)", zCode);
  *pId = id;
  if( disputeId ){
    DbStmt *s = db_prepare(db, "SELECT code FROM disputes WHERE id=?");
    db_bind_int(s, 1, disputeId);
    char zDispute[48] = "";
    if( db_step(s)==DB_ROW ) db_col_copy(s, 0, zDispute, sizeof zDispute);
    db_finalize(s);
    if( zDispute[0] && dispute_load(db, zDispute, pD)==0 ) *pHasDispute = 1;
  }
  return 0;
}

int action_add_days(Db *db, const char *zCode, const ActionDays *pDays, char **pzErr){
  Dispute d;
  int64_t id = 0;
  int nDays = 0, hasDispute = 0;
  if( pzErr ) *pzErr = 0;
  if( plan_context(db, zCode, &id, &nDays, &d, &hasDispute, pzErr) ) return -1;
  Buf err = BUF_INIT;
  ActionRow *aRow = 0;
  int rc = -1;
  int nRow = expand_days(db, pDays, nDays, hasDispute ? &d : 0, &err, &aRow);
  if( nRow<0 ){
    buf_error(pzErr, "store error: %s", db_errmsg(db));
  }else if( err.n ){
    err.z[--err.n] = 0;
    if( pzErr ) *pzErr = buf_steal(&err);
  }else if( db_begin(db) || (rc = insert_rows(db, id, aRow, nRow))<0 || db_commit(db) ){
    buf_error(pzErr, "store error: %s", db_errmsg(db));
    db_rollback(db);
    rc = -1;
  }
  buf_reset(&err);
  free(aRow);
  dispute_clear(&d);
  return rc;
}

int action_set_pay(Db *db, const char *zCode, const char *zCategory, int64_t pence,
                   char **pzErr){
  if( pzErr ) *pzErr = 0;
  if( pence<0 || pence>ACTION_MAX_RATE ){
    return buf_error(pzErr, "strike pay: expected £0 to £10,000 a day");
  }
  int64_t id = plan_id(db, zCode, 0, 0);
  if( id<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( id==0 ) return buf_error(pzErr, "no scenario with code %s (mandate action list)", zCode);
  DbStmt *s;
  if( zCategory==0 ){
    s = db_prepare(db, "UPDATE action_plans SET default_pay=? WHERE id=?");
    db_bind_int(s, 1, pence);
    db_bind_int(s, 2, id);
  }else{
    char zCat[100];
    size_t i = 0;
    if( blank(zCategory) || strlen(zCategory)>99 ){
      return buf_error(pzErr, "category: expected a category, 1-99 characters");
    }
    for(; zCategory[i] && i+1<sizeof zCat; i++) zCat[i] = (char)tolower((unsigned char)zCategory[i]);
    zCat[i] = 0;
    s = db_prepare(db, "INSERT INTO action_plan_pay(plan_id,category,pay) VALUES(?,?,?)"
                       " ON CONFLICT (plan_id,category) DO UPDATE SET pay=excluded.pay");
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, zCat);
    db_bind_int(s, 3, pence);
  }
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  return 0;
}

int action_set_fund(Db *db, const char *zCode, const int64_t *pOpening,
                    const int64_t *pIncomeWeek, const int64_t *pLevyWeek, char **pzErr){
  if( pzErr ) *pzErr = 0;
  if( (pOpening && (*pOpening<0 || *pOpening>ACTION_MAX_FUND))
      || (pIncomeWeek && (*pIncomeWeek<0 || *pIncomeWeek>ACTION_MAX_FUND)) ){
    return buf_error(pzErr, "fund: expected a balance and weekly income from £0 to £1,000,000,000");
  }
  if( pLevyWeek && (*pLevyWeek<0 || *pLevyWeek>ACTION_MAX_RATE) ){
    return buf_error(pzErr, "levy: expected £0 to £10,000 a week");
  }
  int64_t id = plan_id(db, zCode, 0, 0);
  if( id<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( id==0 ) return buf_error(pzErr, "no scenario with code %s (mandate action list)", zCode);
  DbStmt *s = db_prepare(db, "UPDATE action_plans SET fund_opening=coalesce(?,fund_opening),"
                             " fund_income_week=coalesce(?,fund_income_week),"
                             " levy_week=coalesce(?,levy_week) WHERE id=?");
  const int64_t *ap[3] = { pOpening, pIncomeWeek, pLevyWeek };
  for(int i=0; i<3; i++){
    if( ap[i] ) db_bind_int(s, i+1, *ap[i]); else db_bind_text(s, i+1, 0);
  }
  db_bind_int(s, 4, id);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  return 0;
}

int action_delete(Db *db, const char *zCode){
  int64_t id = plan_id(db, zCode, 0, 0);
  if( id<=0 ) return id<0 ? -1 : 1;
  static const char *const azSql[] = {
    "DELETE FROM action_plan_days WHERE plan_id=?",
    "DELETE FROM action_plan_pay WHERE plan_id=?",
    "DELETE FROM action_plans WHERE id=?" };
  if( db_begin(db) ) return -1;
  for(int i=0; i<3; i++){
    DbStmt *s = db_prepare(db, azSql[i]);
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    db_finalize(s);
    if( rc==DB_ERROR ){ db_rollback(db); return -1; }
  }
  if( db_commit(db) ){ db_rollback(db); return -1; }
  return 0;
}

/*************************** reading ***************************/

void action_plan_clear(ActionPlan *p){
  free(p->aPay);
  free(p->aAction);
  memset(p, 0, sizeof(*p));
}

int action_load(Db *db, const char *zCode, ActionPlan *pOut){
  memset(pOut, 0, sizeof(*pOut));
  DbStmt *s = db_prepare(db,
    "SELECT p.id, p.code, p.title, coalesce(p.dispute_id,0), coalesce(d.code,''), p.starts_on,"
    " p.days, p.default_pay, p.levy_week, p.fund_opening, p.fund_income_week, p.created_on"
    " FROM action_plans p LEFT JOIN disputes d ON d.id=p.dispute_id WHERE p.code=?");
  db_bind_text(s, 1, zCode);
  int rc = db_step(s);
  if( rc==DB_ROW ){
    pOut->id = db_col_int(s, 0);
    db_col_copy(s, 1, pOut->zCode, sizeof pOut->zCode);
    db_col_copy(s, 2, pOut->zTitle, sizeof pOut->zTitle);
    pOut->disputeId = db_col_int(s, 3);
    db_col_copy(s, 4, pOut->zDispute, sizeof pOut->zDispute);
    db_col_copy(s, 5, pOut->zStartsOn, sizeof pOut->zStartsOn);
    pOut->nDays = (int)db_col_int(s, 6);
    pOut->defaultPay = db_col_int(s, 7);
    pOut->levyWeek = db_col_int(s, 8);
    pOut->fundOpening = db_col_int(s, 9);
    pOut->fundIncomeWeek = db_col_int(s, 10);
    db_col_copy(s, 11, pOut->zCreatedOn, sizeof pOut->zCreatedOn);
  }
  db_finalize(s);
  if( rc!=DB_ROW ) return rc==DB_DONE ? 1 : -1;

  int r, nAlloc = 0;
  s = db_prepare(db, "SELECT category, pay FROM action_plan_pay WHERE plan_id=? ORDER BY category");
  db_bind_int(s, 1, pOut->id);
  while( (r = db_step(s))==DB_ROW ){
    pOut->aPay = xrealloc(pOut->aPay, (size_t)(pOut->nPay+1)*sizeof(ActionPay));
    ActionPay *q = &pOut->aPay[pOut->nPay++];
    db_col_copy(s, 0, q->zCategory, sizeof q->zCategory);
    q->pence = db_col_int(s, 1);
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;

  s = db_prepare(db,
    "SELECT a.day, a.kind, u.id, coalesce(u.parent_id,0), u.code, u.name, u.kind,"
    " coalesce(u.sector,''), u.lft, u.rgt, u.depth"
    " FROM action_plan_days a JOIN units u ON u.id=a.unit_id"
    " WHERE a.plan_id=? ORDER BY a.day, u.code");
  db_bind_int(s, 1, pOut->id);
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nAction==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 32;
      pOut->aAction = xrealloc(pOut->aAction, (size_t)nAlloc*sizeof(ActionUnitDay));
    }
    ActionUnitDay *q = &pOut->aAction[pOut->nAction++];
    memset(q, 0, sizeof(*q));
    q->day = (int)db_col_int(s, 0);
    q->kind = kind_from_store(db_col_text(s, 1));
    q->unit.id = db_col_int(s, 2);
    q->unit.parentId = db_col_int(s, 3);
    db_col_copy(s, 4, q->unit.zCode, sizeof q->unit.zCode);
    db_col_copy(s, 5, q->unit.zName, sizeof q->unit.zName);
    db_col_copy(s, 6, q->unit.zKind, sizeof q->unit.zKind);
    db_col_copy(s, 7, q->unit.zSector, sizeof q->unit.zSector);
    q->unit.lft = db_col_int(s, 8);
    q->unit.rgt = db_col_int(s, 9);
    q->unit.depth = (int)db_col_int(s, 10);
  }
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

json_t *action_list_json(Db *db){
  json_t *a = json_array();
  DbStmt *s = db_prepare(db,
    "SELECT p.code, p.title, d.code, p.starts_on, p.days, p.created_on"
    " FROM action_plans p LEFT JOIN disputes d ON d.id=p.dispute_id ORDER BY p.code");
  int r;
  while( (r = db_step(s))==DB_ROW ){
    const char *zDispute = db_col_text(s, 2);
    json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s, s:I, s:s}",
      "code", db_col_text(s, 0), "title", db_col_text(s, 1),
      "dispute", zDispute ? json_string(zDispute) : json_null(),
      "starts_on", db_col_text(s, 3), "days", (json_int_t)db_col_int(s, 4),
      "created_on", db_col_text(s, 5)));
  }
  db_finalize(s);
  if( r==DB_ERROR ){ json_decref(a); return 0; }
  return a;
}

/*************************** working it out ***************************/

/* Whether an active member could lawfully be called out: 1 for everyone
** when the scenario has no dispute (the first ?, the dispute id, is 0);
** with one, 1 only for those entitled to vote in it: in its constituency
** and employed by a party (class "primary"; dispute_sql.h, the same SQL
** the dispute pages use). Every ? is the dispute's id. */
#define CAN_ACT "CASE WHEN ?=0 THEN 1 WHEN" ENTITLED " THEN 1 ELSE 0 END"
#define CAN_ACT_PARAMS (1 + ENTITLED_PARAMS)

/* Active members of one workplace-and-category cell of the register. */
typedef struct CountCell CountCell;
struct CountCell {
  int64_t lft;          /* their unit's place in the tree */
  int canAct;           /* 1: could lawfully be called out */
  int64_t n;            /* how many */
  int64_t rate;         /* strike pay per member per day, pence */
  int lastDay;          /* the last day counted out (no double counting) */
  int everOut;          /* out on some day of the plan */
};

void action_result_clear(ActionResult *p){
  free(p->aDay);
  memset(p, 0, sizeof(*p));
}

/* The strike pay rate of category zCat (lower case) in plan p. */
static int64_t plan_rate(const ActionPlan *p, const char *zCat){
  for(int i=0; zCat[0] && i<p->nPay; i++){
    if( strcmp(p->aPay[i].zCategory, zCat)==0 ) return p->aPay[i].pence;
  }
  return p->defaultPay;
}

void action_fund_run(const ActionPlan *pPlan, ActionResult *r){
  int64_t levyWeek = pPlan->levyWeek;
  int64_t incomeWeek = r->hasFund ? pPlan->fundIncomeWeek : 0;
  int64_t balance = r->hasFund ? pPlan->fundOpening : 0;
  int64_t levyAcc = 0, levyPrev = 0;           /* pence x 7 */
  r->totalPay = r->totalLevy = r->totalIncome = 0;
  r->peakOut = r->memberDays = 0;
  r->nActionDays = 0;
  r->daysLasting = r->nDay;
  r->lastsWholePlan = 1;
  r->zRunsOutOn[0] = 0;
  for(int i=0; i<r->nDay; i++){
    ActionDayFigures *f = &r->aDay[i];
    int64_t d = i+1;
    int64_t notOut = r->active - f->out;
    if( notOut<0 ) notOut = 0;
    levyAcc += levyWeek*notOut;
    f->levy = levyAcc/7 - levyPrev;
    levyPrev = levyAcc/7;
    f->income = incomeWeek*d/7 - incomeWeek*(d-1)/7;
    f->net = f->income + f->levy - f->pay;
    balance += f->net;
    f->balance = balance;
    r->totalPay += f->pay;
    r->totalLevy += f->levy;
    r->totalIncome += f->income;
    r->memberDays += f->out;
    if( f->out>r->peakOut ) r->peakOut = f->out;
    if( f->out>0 ) r->nActionDays++;
    if( r->hasFund && balance<0 && r->lastsWholePlan ){
      r->lastsWholePlan = 0;
      r->daysLasting = i;
      snprintf(r->zRunsOutOn, sizeof r->zRunsOutOn, "%s", f->zDate);
    }
  }
  r->endBalance = balance;
}

static int cell_cmp(const void *a, const void *b){
  int64_t x = ((const CountCell*)a)->lft, y = ((const CountCell*)b)->lft;
  return (x>y) - (x<y);
}

int action_compute(Db *db, const ActionPlan *pPlan, const Unit *pScope, ActionResult *pOut){
  memset(pOut, 0, sizeof(*pOut));
  pOut->hasFund = pScope==0;
  if( pScope ){
    pOut->scope = *pScope;
  }else{
    DbStmt *s = db_prepare(db, "SELECT id FROM units WHERE parent_id IS NULL ORDER BY lft LIMIT 1");
    int r = db_step(s);
    int64_t rootId = r==DB_ROW ? db_col_int(s, 0) : 0;
    db_finalize(s);
    if( r==DB_ERROR ) return -1;
    if( rootId && register_unit_by_id(db, rootId, &pOut->scope) ) return -1;
    if( rootId==0 ){ pOut->scope.lft = 0; pOut->scope.rgt = INT64_MAX; }
  }

  /* The register, counted once: active members by unit, category and
  ** whether they could lawfully be called out. */
  DbStmt *s = db_prepare(db,
    "SELECT u.lft, lower(coalesce(m.category,'')), " CAN_ACT ", count(*)"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE m.status='active' AND u.lft BETWEEN ? AND ?"
    " GROUP BY u.lft, lower(coalesce(m.category,'')), 3");
  for(int i=1; i<=CAN_ACT_PARAMS; i++) db_bind_int(s, i, pPlan->disputeId);
  db_bind_int(s, CAN_ACT_PARAMS+1, pOut->scope.lft);
  db_bind_int(s, CAN_ACT_PARAMS+2, pOut->scope.rgt);
  int r, nCell = 0, nAlloc = 0;
  CountCell *aCell = 0;
  while( (r = db_step(s))==DB_ROW ){
    if( nCell==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 256;
      aCell = xrealloc(aCell, (size_t)nAlloc*sizeof(CountCell));
    }
    CountCell *c = &aCell[nCell++];
    c->lft = db_col_int(s, 0);
    const char *zCat = db_col_text(s, 1);
    c->rate = plan_rate(pPlan, zCat ? zCat : "");
    c->canAct = db_col_int(s, 2)!=0;
    c->n = db_col_int(s, 3);
    c->lastDay = 0;
    c->everOut = 0;
    pOut->active += c->n;
    if( c->canAct ) pOut->eligible += c->n;
  }
  db_finalize(s);
  if( r==DB_ERROR ){ free(aCell); return -1; }
  if( nCell ) qsort(aCell, (size_t)nCell, sizeof(CountCell), cell_cmp);

  /* Day by day: the cells under each unit called out that day. */
  pOut->nDay = pPlan->nDays;
  pOut->aDay = xcalloc((size_t)pPlan->nDays+1, sizeof(ActionDayFigures));
  long day1 = date_to_days(pPlan->zStartsOn);
  for(int i=0; i<pPlan->nDays; i++) date_from_days(day1+i, pOut->aDay[i].zDate);
  for(int k=0; k<pPlan->nAction; k++){
    const ActionUnitDay *a = &pPlan->aAction[k];
    if( a->day<1 || a->day>pPlan->nDays ) continue;      /* can't happen: checked */
    ActionDayFigures *f = &pOut->aDay[a->day-1];
    if( !action_unit_overlaps(&pOut->scope, &a->unit) ) continue;
    f->nUnit++;
    int lo = 0, hi = nCell;                               /* the first cell >= lft */
    while( lo<hi ){
      int mid = (lo+hi)/2;
      if( aCell[mid].lft < a->unit.lft ) lo = mid+1; else hi = mid;
    }
    for(int j=lo; j<nCell && aCell[j].lft<=a->unit.rgt; j++){
      CountCell *c = &aCell[j];
      if( c->lastDay==a->day ) continue;
      c->lastDay = a->day;
      if( !c->canAct ){ c->everOut |= 2; continue; }
      c->everOut |= 1;
      f->out += c->n;
      f->pay += c->n*c->rate;
    }
  }
  for(int j=0; j<nCell; j++){
    if( aCell[j].everOut & 1 ) pOut->carrying += aCell[j].n;
    if( aCell[j].everOut & 2 ) pOut->cannotAct += aCell[j].n;
  }
  free(aCell);
  pOut->carryingPct = pOut->active ? 100.0*(double)pOut->carrying/(double)pOut->active : 0.0;
  action_fund_run(pPlan, pOut);
  return 0;
}

/*************************** JSON ***************************/

json_t *action_json(const ActionPlan *p, const ActionResult *r){
  json_t *o = json_object();
  json_object_set_new(o, "code", json_string(p->zCode));
  json_object_set_new(o, "title", json_string(p->zTitle));
  json_object_set_new(o, "dispute", p->zDispute[0] ? json_string(p->zDispute) : json_null());
  json_object_set_new(o, "starts_on", json_string(p->zStartsOn));
  json_object_set_new(o, "days", json_integer(p->nDays));
  json_object_set_new(o, "default_pay_pence", json_integer((json_int_t)p->defaultPay));
  json_t *a = json_array();
  for(int i=0; i<p->nPay; i++){
    json_array_append_new(a, json_pack("{s:s, s:I}", "category", p->aPay[i].zCategory,
                                       "pence", (json_int_t)p->aPay[i].pence));
  }
  json_object_set_new(o, "pay_by_category", a);
  json_object_set_new(o, "levy_week_pence", json_integer((json_int_t)p->levyWeek));
  int hasFund = r==0 || r->hasFund;
  json_object_set_new(o, "fund", hasFund
    ? json_pack("{s:I, s:I}", "opening_pence", (json_int_t)p->fundOpening,
                "income_week_pence", (json_int_t)p->fundIncomeWeek)
    : json_null());
  a = json_array();
  for(int i=0; i<p->nAction; i++){
    const ActionUnitDay *q = &p->aAction[i];
    if( r && !r->hasFund && !action_unit_overlaps(&r->scope, &q->unit) ) continue;
    json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s}", "day", q->day,
      "unit", q->unit.zCode, "name", q->unit.zName, "kind", action_kind_name(q->kind)));
  }
  json_object_set_new(o, "actions", a);
  if( r==0 ) return o;

  json_object_set_new(o, "scope", json_pack("{s:s, s:s}", "code", r->scope.zCode,
                                            "name", r->scope.zName));
  json_object_set_new(o, "active_members", json_integer((json_int_t)r->active));
  json_object_set_new(o, "eligible_members", json_integer((json_int_t)r->eligible));
  json_object_set_new(o, "carrying", json_integer((json_int_t)r->carrying));
  json_object_set_new(o, "carrying_pct", json_real((double)(long long)(r->carryingPct*10+0.5)/10));
  json_object_set_new(o, "cannot_act", json_integer((json_int_t)r->cannotAct));
  json_object_set_new(o, "peak_out", json_integer((json_int_t)r->peakOut));
  json_object_set_new(o, "member_days", json_integer((json_int_t)r->memberDays));
  json_object_set_new(o, "action_days", json_integer(r->nActionDays));
  json_object_set_new(o, "total_pay_pence", json_integer((json_int_t)r->totalPay));
  json_object_set_new(o, "total_levy_pence", json_integer((json_int_t)r->totalLevy));
  json_object_set_new(o, "total_income_pence", json_integer((json_int_t)r->totalIncome));
  json_object_set_new(o, "end_balance_pence", r->hasFund ? json_integer((json_int_t)r->endBalance) : json_null());
  json_object_set_new(o, "days_fund_lasts", r->hasFund ? json_integer(r->daysLasting) : json_null());
  json_object_set_new(o, "lasts_whole_plan", r->hasFund ? json_boolean(r->lastsWholePlan) : json_null());
  json_object_set_new(o, "runs_out_on", r->zRunsOutOn[0] ? json_string(r->zRunsOutOn) : json_null());
  a = json_array();
  int k = 0;
  for(int i=0; i<r->nDay; i++){
    const ActionDayFigures *f = &r->aDay[i];
    json_t *pUnits = json_array();
    for(; k<p->nAction && p->aAction[k].day<=i+1; k++){
      const ActionUnitDay *q = &p->aAction[k];
      if( q->day!=i+1 || (!r->hasFund && !action_unit_overlaps(&r->scope, &q->unit)) ) continue;
      json_array_append_new(pUnits, json_string(q->unit.zCode));
    }
    json_array_append_new(a, json_pack("{s:i, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:o}",
      "day", i+1, "date", f->zDate, "units", pUnits, "out", (json_int_t)f->out,
      "pay_pence", (json_int_t)f->pay, "levy_pence", (json_int_t)f->levy,
      "income_pence", (json_int_t)f->income, "net_pence", (json_int_t)f->net,
      "balance_pence", r->hasFund ? json_integer((json_int_t)f->balance) : json_null()));
  }
  json_object_set_new(o, "per_day", a);
  return o;
}
