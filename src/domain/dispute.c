/* dispute.c: disputes, their parties and constituency, and the primary /
** secondary classification of every active member in it (TULRCA s224: only
** action against a worker's own employer, a party to the dispute, is
** primary). See docs/disputes.md. */
#include "dispute.h"
#include "dispute_sql.h"
#include "notices.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *const azClassName[DISPUTE_NCLASS] = { "primary", "secondary", "unknown" };

const char *dispute_class_name(int cls){
  return cls>=0 && cls<DISPUTE_NCLASS ? azClassName[cls] : "?";
}

int dispute_class_from_name(const char *z){
  for(int i=0; z && i<DISPUTE_NCLASS; i++){
    if( strcmp(z, azClassName[i])==0 ) return i;
  }
  return -1;
}

/* A dispute code: 1-40 letters, digits, '-', '_' or '.', starting with a
** letter or digit. */
static int code_ok(const char *z){
  size_t n = strlen(z);
  if( n<1 || n>40 || !isalnum((unsigned char)z[0]) ) return 0;
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !isalnum(c) && c!='-' && c!='_' && c!='.' ) return 0;
  }
  return 1;
}

/* Blank: NULL or only spaces. */
static int blank(const char *z){
  while( z && *z==' ' ) z++;
  return z==0 || *z==0;
}

static int64_t dispute_id(Db *db, const char *zCode){
  DbStmt *s = db_prepare(db, "SELECT id FROM disputes WHERE code=?");
  db_bind_text(s, 1, zCode);
  int rc = db_step(s);
  int64_t id = rc==DB_ROW ? db_col_int(s, 0) : rc==DB_DONE ? 0 : -1;
  db_finalize(s);
  return id;
}

/* Append to pOut up to five employer names like zName: containing it, or
** else containing its longest word (case ignored), as "; did you mean
** "A", "B"?". Nothing when none is like it. */
static void employer_suggest(Db *db, const char *zName, Buf *pOut){
  char zWord[200] = "";
  const char *p = zName;
  while( *p ){                                     /* the longest word */
    while( *p==' ' || *p==',' ) p++;
    size_t n = 0;
    while( p[n] && p[n]!=' ' && p[n]!=',' ) n++;
    if( n>strlen(zWord) && n<sizeof zWord ){ memcpy(zWord, p, n); zWord[n] = 0; }
    p += n;
  }
  const char *azTry[2] = { zName, zWord };
  for(int t=0; t<2; t++){
    if( strlen(azTry[t])<3 ) continue;
    Buf pat = BUF_INIT;
    buf_putc(&pat, '%');
    for(const char *q=azTry[t]; *q; q++){
      if( *q=='%' || *q=='_' || *q=='\\' ) buf_putc(&pat, '\\');
      buf_putc(&pat, (char)tolower((unsigned char)*q));
    }
    buf_putc(&pat, '%');
    DbStmt *s = db_prepare(db, "SELECT name FROM employers WHERE lower(name) LIKE ? ESCAPE '\\'"
                               " ORDER BY name LIMIT 5");
    db_bind_text(s, 1, buf_str(&pat));
    int n = 0;
    while( db_step(s)==DB_ROW ){
      buf_printf(pOut, "%s\"%s\"", n++ ? ", " : "; did you mean ", db_col_text(s, 0));
    }
    db_finalize(s);
    buf_reset(&pat);
    if( n ){ buf_puts(pOut, "?"); return; }
  }
}

/* The id of the employer named zName: exactly, or else the one name equal
** to it but for case. 0 when none (with a line in pErr), -1 on error. */
static int64_t employer_find(Db *db, const char *zName, Buf *pErr){
  DbStmt *s = db_prepare(db, "SELECT id FROM employers WHERE name=?");
  db_bind_text(s, 1, zName);
  int rc = db_step(s);
  int64_t id = rc==DB_ROW ? db_col_int(s, 0) : rc==DB_DONE ? 0 : -1;
  db_finalize(s);
  if( id ) return id;
  s = db_prepare(db, "SELECT id FROM employers WHERE lower(name)=lower(?)");
  db_bind_text(s, 1, zName);
  int n = 0;
  while( (rc = db_step(s))==DB_ROW ){ id = db_col_int(s, 0); n++; }
  db_finalize(s);
  if( rc==DB_ERROR ) return -1;
  if( n==1 ) return id;
  buf_printf(pErr, "no employer named \"%s\" in the register (employers come from the"
                   " employer column of the members import)", zName);
  employer_suggest(db, zName, pErr);
  buf_putc(pErr, '\n');
  return 0;
}

/* Check that some member has category zCat (case ignored); a line in pErr
** listing some that exist when none has. Returns 1 found, 0 not, -1 error. */
static int category_check(Db *db, const char *zCat, Buf *pErr){
  DbStmt *s = db_prepare(db, "SELECT 1 FROM members WHERE lower(category)=lower(?) LIMIT 1");
  db_bind_text(s, 1, zCat);
  int rc = db_step(s);
  db_finalize(s);
  if( rc!=DB_DONE ) return rc==DB_ROW ? 1 : -1;
  buf_printf(pErr, "no member has category \"%s\"", zCat);
  s = db_prepare(db, "SELECT DISTINCT lower(category) FROM members WHERE category IS NOT NULL"
                     " ORDER BY 1 LIMIT 12");
  int n = 0;
  while( db_step(s)==DB_ROW ) buf_printf(pErr, "%s\"%s\"", n++ ? ", " : " (some that do: ", db_col_text(s, 0));
  db_finalize(s);
  buf_puts(pErr, n ? ")\n" : "\n");
  return 0;
}

/* Lower-case copy of z into zOut[nOut]. */
static void lower_copy(const char *z, char *zOut, size_t nOut){
  size_t i = 0;
  for(; z[i] && i+1<nOut; i++) zOut[i] = (char)tolower((unsigned char)z[i]);
  zOut[i] = 0;
}

static int insert_link(Db *db, const char *zSql, int64_t disputeId, int64_t otherId){
  DbStmt *s = db_prepare(db, zSql);
  db_bind_int(s, 1, disputeId);
  db_bind_int(s, 2, otherId);
  int rc = db_step(s);
  if( rc==DB_ROW ) rc = db_step(s);     /* finish the RETURNING statement */
  db_finalize(s);
  return rc==DB_ERROR ? -1 : 0;
}

#define SQL_ADD_PARTY "INSERT INTO dispute_employers(dispute_id,employer_id) VALUES(?,?)" \
                      " ON CONFLICT DO NOTHING RETURNING dispute_id"
#define SQL_ADD_SCOPE "INSERT INTO dispute_scope(dispute_id,unit_id) VALUES(?,?)" \
                      " ON CONFLICT DO NOTHING RETURNING dispute_id"

int dispute_create(Db *db, const LawSet *pLaw, const DisputeSpec *p, char **pzErr){
  Buf err = BUF_INIT;
  int64_t *aEmp = xcalloc((size_t)p->nEmployer+1, sizeof(int64_t));
  int64_t *aUnit = xcalloc((size_t)p->nUnit+1, sizeof(int64_t));
  int rc = -1;
  if( pzErr ) *pzErr = 0;

  if( p->zCode==0 || !code_ok(p->zCode) ){
    buf_printf(&err, "dispute code \"%s\": expected 1-40 letters, digits, '-', '_' or '.',"
                     " starting with a letter or digit\n", p->zCode ? p->zCode : "");
  }else{
    int64_t id = dispute_id(db, p->zCode);
    if( id<0 ) goto store_error;
    if( id>0 ) buf_printf(&err, "a dispute with code %s already exists\n", p->zCode);
  }
  if( blank(p->zTitle) || strlen(p->zTitle)>200 ){
    buf_puts(&err, "--title: expected the dispute's title, 1-200 characters\n");
  }
  if( p->zIssue && strlen(p->zIssue)>4000 ){
    buf_puts(&err, "--issue: at most 4000 characters\n");
  }
  if( p->zRegime==0 || law_regime(pLaw, p->zRegime)==0 ){
    buf_printf(&err, "no legal regime \"%s\" (known:", p->zRegime ? p->zRegime : "");
    for(int i=0; i<law_regime_count(pLaw); i++){
      buf_printf(&err, " %s", json_string_value(json_object_get(law_regime_at(pLaw, i), "id")));
    }
    buf_puts(&err, ")\n");
  }
  if( p->nEmployer<1 ) buf_puts(&err, "a dispute needs at least one employer (--employer)\n");
  for(int i=0; i<p->nEmployer; i++){
    if( (aEmp[i] = employer_find(db, p->azEmployer[i], &err))<0 ) goto store_error;
  }
  if( p->nUnit<1 ) buf_puts(&err, "a dispute needs at least one unit in scope (--unit)\n");
  for(int i=0; i<p->nUnit; i++){
    Unit u;
    int r = register_unit_by_code(db, p->azUnit[i], &u);
    if( r<0 ) goto store_error;
    if( r ) buf_printf(&err, "no unit with code %s\n", p->azUnit[i]);
    else aUnit[i] = u.id;
  }
  for(int i=0; i<p->nCategory; i++){
    if( blank(p->azCategory[i]) || strlen(p->azCategory[i])>99 ){
      buf_puts(&err, "--category: expected a category, 1-99 characters\n");
    }else if( category_check(db, p->azCategory[i], &err)<0 ){
      goto store_error;
    }
  }
  for(int i=0; i<p->nType; i++){
    int k = 0;
    while( azRegisterEmploymentType[k] && strcmp(azRegisterEmploymentType[k], p->azType[i]) ) k++;
    if( azRegisterEmploymentType[k]==0 ){
      buf_printf(&err, "--employment-type: expected one of employed, salaried, partner, locum,"
                       " agency, bank, casual, contractor; got \"%s\"\n", p->azType[i]);
    }
  }
  if( err.n ){
    err.z[--err.n] = 0;            /* the last newline */
    if( pzErr ) *pzErr = buf_steal(&err);
    goto out;
  }

  if( db_begin(db) ) goto store_error;
  DbStmt *s = db_prepare(db, "INSERT INTO disputes(code,title,issue,regime_id,created_on)"
                             " VALUES(?,?,?,?,?) RETURNING id");
  db_bind_text(s, 1, p->zCode);
  db_bind_text(s, 2, p->zTitle);
  db_bind_text(s, 3, p->zIssue);
  db_bind_text(s, 4, p->zRegime);
  db_bind_text(s, 5, p->zCreatedOn);
  int64_t id = db_step(s)==DB_ROW ? db_col_int(s, 0) : -1;
  db_finalize(s);
  int bad = id<0;
  for(int i=0; !bad && i<p->nEmployer; i++) bad = insert_link(db, SQL_ADD_PARTY, id, aEmp[i]);
  for(int i=0; !bad && i<p->nUnit; i++) bad = insert_link(db, SQL_ADD_SCOPE, id, aUnit[i]);
  s = db_prepare(db, "INSERT INTO dispute_filters(dispute_id,kind,value) VALUES(?,?,?)"
                     " ON CONFLICT DO NOTHING");
  for(int k=0; k<2 && !bad; k++){
    int n = k ? p->nType : p->nCategory;
    for(int i=0; !bad && i<n; i++){
      char zV[100];
      lower_copy(k ? p->azType[i] : p->azCategory[i], zV, sizeof zV);
      db_bind_int(s, 1, id);
      db_bind_text(s, 2, k ? "employment_type" : "category");
      db_bind_text(s, 3, zV);
      bad = db_step(s)==DB_ERROR;
      db_reset(s);
    }
  }
  db_finalize(s);
  if( bad || db_commit(db) ){
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
  free(aEmp);
  free(aUnit);
  return rc;
}

/* Add a row linking dispute zCode to an employer or a unit (zSql inserts
** it unless it is there, RETURNING a row when it did). 0 added, 1 there. */
static int dispute_link(Db *db, const char *zCode, const char *zSql, int64_t otherId,
                        char **pzErr){
  int64_t id = dispute_id(db, zCode);
  if( id<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( id==0 ) return buf_error(pzErr, "no dispute with code %s", zCode);
  DbStmt *s = db_prepare(db, zSql);
  db_bind_int(s, 1, id);
  db_bind_int(s, 2, otherId);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  return rc==DB_ROW ? 0 : 1;
}

int dispute_add_employer(Db *db, const char *zCode, const char *zEmployer, char **pzErr){
  if( pzErr ) *pzErr = 0;
  if( dispute_id(db, zCode)==0 ) return buf_error(pzErr, "no dispute with code %s", zCode);
  Buf err = BUF_INIT;
  int64_t empId = employer_find(db, zEmployer, &err);
  if( empId<=0 ){
    if( empId<0 ){ buf_reset(&err); return buf_error(pzErr, "store error: %s", db_errmsg(db)); }
    err.z[--err.n] = 0;
    if( pzErr ) *pzErr = buf_steal(&err); else buf_reset(&err);
    return -1;
  }
  buf_reset(&err);
  return dispute_link(db, zCode, SQL_ADD_PARTY, empId, pzErr);
}

int dispute_add_unit(Db *db, const char *zCode, const char *zUnit, char **pzErr){
  if( pzErr ) *pzErr = 0;
  if( dispute_id(db, zCode)==0 ) return buf_error(pzErr, "no dispute with code %s", zCode);
  Unit u;
  int r = register_unit_by_code(db, zUnit, &u);
  if( r<0 ) return buf_error(pzErr, "store error: %s", db_errmsg(db));
  if( r ) return buf_error(pzErr, "no unit with code %s", zUnit);
  return dispute_link(db, zCode, SQL_ADD_SCOPE, u.id, pzErr);
}

/*************************** reading ***************************/

void dispute_clear(Dispute *p){
  free(p->zIssue);
  free(p->aParty);
  free(p->aUnit);
  for(int i=0; i<p->nCategory; i++) free(p->azCategory[i]);
  free(p->azCategory);
  for(int i=0; i<p->nType; i++) free(p->azType[i]);
  free(p->azType);
  memset(p, 0, sizeof(*p));
}

int dispute_load(Db *db, const char *zCode, Dispute *pOut){
  memset(pOut, 0, sizeof(*pOut));
  DbStmt *s = db_prepare(db, "SELECT id, code, title, coalesce(issue,''), regime_id, created_on"
                             " FROM disputes WHERE code=?");
  db_bind_text(s, 1, zCode);
  int rc = db_step(s);
  if( rc==DB_ROW ){
    pOut->id = db_col_int(s, 0);
    db_col_copy(s, 1, pOut->zCode, sizeof pOut->zCode);
    db_col_copy(s, 2, pOut->zTitle, sizeof pOut->zTitle);
    pOut->zIssue = xstrdup(db_col_text(s, 3));
    db_col_copy(s, 4, pOut->zRegime, sizeof pOut->zRegime);
    db_col_copy(s, 5, pOut->zCreatedOn, sizeof pOut->zCreatedOn);
  }
  db_finalize(s);
  if( rc!=DB_ROW ) return rc==DB_DONE ? 1 : -1;

  int nAlloc = 0, r;
  s = db_prepare(db, "SELECT e.id, e.name FROM dispute_employers de"
                     " JOIN employers e ON e.id=de.employer_id"
                     " WHERE de.dispute_id=? ORDER BY e.name");
  db_bind_int(s, 1, pOut->id);
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nParty==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 4;
      pOut->aParty = xrealloc(pOut->aParty, (size_t)nAlloc*sizeof(DisputeParty));
    }
    DisputeParty *q = &pOut->aParty[pOut->nParty++];
    q->id = db_col_int(s, 0);
    db_col_copy(s, 1, q->zName, sizeof q->zName);
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;

  nAlloc = 0;
  s = db_prepare(db, "SELECT unit_id FROM dispute_scope ds JOIN units u ON u.id=ds.unit_id"
                     " WHERE ds.dispute_id=? ORDER BY u.code");
  db_bind_int(s, 1, pOut->id);
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nUnit==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 4;
      pOut->aUnit = xrealloc(pOut->aUnit, (size_t)nAlloc*sizeof(Unit));
    }
    if( register_unit_by_id(db, db_col_int(s, 0), &pOut->aUnit[pOut->nUnit])==0 ) pOut->nUnit++;
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;

  s = db_prepare(db, "SELECT kind, value FROM dispute_filters WHERE dispute_id=?"
                     " ORDER BY kind, value");
  db_bind_int(s, 1, pOut->id);
  while( (r = db_step(s))==DB_ROW ){
    int isType = strcmp(db_col_text(s, 0), "employment_type")==0;
    char ***pa = isType ? &pOut->azType : &pOut->azCategory;
    int *pn = isType ? &pOut->nType : &pOut->nCategory;
    *pa = xrealloc(*pa, (size_t)(*pn+1)*sizeof(char*));
    (*pa)[(*pn)++] = xstrdup(db_col_text(s, 1));
  }
  db_finalize(s);
  return r==DB_ERROR ? -1 : 0;
}

json_t *dispute_list_json(Db *db){
  json_t *a = json_array();
  DbStmt *s = db_prepare(db, "SELECT code, title, regime_id, created_on FROM disputes ORDER BY code");
  int r;
  while( (r = db_step(s))==DB_ROW ){
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(db_col_text(s, 0)));
    json_object_set_new(o, "title", json_string(db_col_text(s, 1)));
    json_object_set_new(o, "regime", json_string(db_col_text(s, 2)));
    json_object_set_new(o, "created_on", json_string(db_col_text(s, 3)));
    json_array_append_new(a, o);
  }
  db_finalize(s);
  if( r==DB_ERROR ){ json_decref(a); return 0; }
  return a;
}

/*************************** classification ***************************/

/* IN_SCOPE, CLASS_EXPR and the rest: dispute_sql.h. */

/* Secondary employers named one by one in the advice; the rest are summed. */
#define DISPUTE_MAX_NAMED 10

/* Workplaces with the most secondary and unknown-employer members first
** (the ones to fix), then by code. */
static int cmp_workplace(const void *a, const void *b){
  const DisputeWorkplaceCount *x = a, *y = b;
  int64_t nx = x->anClass[DISPUTE_SECONDARY] + x->anClass[DISPUTE_UNKNOWN];
  int64_t ny = y->anClass[DISPUTE_SECONDARY] + y->anClass[DISPUTE_UNKNOWN];
  if( nx!=ny ) return nx>ny ? -1 : 1;
  return strcmp(x->zCode, y->zCode);
}

void dispute_summary_clear(DisputeSummary *p){
  free(p->aEmployer);
  free(p->aWorkplace);
  for(int i=0; i<p->nAdvice; i++) free(p->azAdvice[i]);
  free(p->azAdvice);
  memset(p, 0, sizeof(*p));
}

static void advise(DisputeSummary *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
static void advise(DisputeSummary *p, const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  p->azAdvice = xrealloc(p->azAdvice, (size_t)(p->nAdvice+1)*sizeof(char*));
  p->azAdvice[p->nAdvice++] = buf_steal(&b);
}

int dispute_summarise(Db *db, const Dispute *pD, DisputeSummary *pOut){
  return dispute_summarise_within(db, pD, 0, pOut);
}

/* Count the constituency within pWithin by workplace and class into
** pOut->aWorkplace. Returns 0 or -1. */
static int summarise_workplaces(Db *db, const Dispute *pD, const Unit *pWithin,
                                DisputeSummary *pOut){
  DbStmt *s = db_prepare(db,
    "SELECT u.code, u.name, " CLASS_EXPR ", count(*)"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE" IN_SCOPE WITHIN
    " GROUP BY u.code, u.name, 3 ORDER BY u.code");
  bind_dispute(s, CLASS_PARAMS + IN_SCOPE_PARAMS, pD->id);
  dispute_bind_within(s, CLASS_PARAMS + IN_SCOPE_PARAMS + 1, pWithin);
  int r, nAlloc = 0;
  while( (r = db_step(s))==DB_ROW ){
    const char *zCode = db_col_text(s, 0);
    DisputeWorkplaceCount *w = pOut->nWorkplace ? &pOut->aWorkplace[pOut->nWorkplace-1] : 0;
    if( w==0 || strcmp(w->zCode, zCode)!=0 ){
      if( pOut->nWorkplace==nAlloc ){
        nAlloc = nAlloc ? 2*nAlloc : 16;
        pOut->aWorkplace = xrealloc(pOut->aWorkplace, (size_t)nAlloc*sizeof(DisputeWorkplaceCount));
      }
      w = &pOut->aWorkplace[pOut->nWorkplace++];
      memset(w, 0, sizeof(*w));
      db_col_copy(s, 0, w->zCode, sizeof w->zCode);
      db_col_copy(s, 1, w->zName, sizeof w->zName);
    }
    int cls = (int)db_col_int(s, 2);
    if( cls<0 || cls>=DISPUTE_NCLASS ) cls = DISPUTE_UNKNOWN;   /* can't happen */
    w->anClass[cls] += db_col_int(s, 3);
    w->n += db_col_int(s, 3);
  }
  db_finalize(s);
  if( r==DB_ERROR ) return -1;
  qsort(pOut->aWorkplace, (size_t)pOut->nWorkplace, sizeof(DisputeWorkplaceCount), cmp_workplace);
  return 0;
}

int dispute_summarise_within(Db *db, const Dispute *pD, const Unit *pWithin,
                             DisputeSummary *pOut){
  memset(pOut, 0, sizeof(*pOut));
  DbStmt *s = db_prepare(db,
    "SELECT coalesce(m.employer_id,0), coalesce(e.name,''), " CLASS_EXPR ", count(*)"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " LEFT JOIN employers e ON e.id=m.employer_id"
    " WHERE" IN_SCOPE WITHIN
    " GROUP BY m.employer_id, e.name"
    " ORDER BY 4 DESC, 2");
  bind_dispute(s, CLASS_PARAMS + IN_SCOPE_PARAMS, pD->id);
  dispute_bind_within(s, CLASS_PARAMS + IN_SCOPE_PARAMS + 1, pWithin);
  int r, nAlloc = 0;
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nEmployer==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 16;
      pOut->aEmployer = xrealloc(pOut->aEmployer, (size_t)nAlloc*sizeof(DisputeEmployerCount));
    }
    DisputeEmployerCount *q = &pOut->aEmployer[pOut->nEmployer++];
    q->employerId = db_col_int(s, 0);
    db_col_copy(s, 1, q->zEmployer, sizeof q->zEmployer);
    q->cls = (int)db_col_int(s, 2);
    q->n = db_col_int(s, 3);
    if( q->cls<0 || q->cls>=DISPUTE_NCLASS ) q->cls = DISPUTE_UNKNOWN;   /* can't happen */
    pOut->anClass[q->cls] += q->n;
    pOut->nInScope += q->n;
  }
  db_finalize(s);
  if( r==DB_ERROR || summarise_workplaces(db, pD, pWithin, pOut) ){
    dispute_summary_clear(pOut);
    return -1;
  }

  /* The advice: what stands between this constituency and a lawful ballot. */
  if( pOut->nInScope==0 && pWithin ){
    advise(pOut, "No active member of this dispute's constituency works in %s.", pWithin->zName);
  }else if( pOut->nInScope==0 ){
    advise(pOut, "No active member is in this dispute's constituency: check its units,"
                 " categories and employment types.");
  }
  int nNamed = 0, nMore = 0;
  int64_t nMoreMembers = 0;
  for(int i=0; i<pOut->nEmployer; i++){
    const DisputeEmployerCount *q = &pOut->aEmployer[i];
    if( q->cls!=DISPUTE_SECONDARY ) continue;
    if( nNamed==DISPUTE_MAX_NAMED ){ nMore++; nMoreMembers += q->n; continue; }
    nNamed++;
    advise(pOut, "%lld member%s in scope %s employed by %s, which is not a party:"
                 " ballot them only in a separate dispute with %s, or add %s as a party.",
           (long long)q->n, q->n==1 ? "" : "s", q->n==1 ? "is" : "are",
           q->zEmployer, q->zEmployer, q->zEmployer);
  }
  if( nMore ){
    advise(pOut, "%lld more member%s in scope %s employed by %d other employer%s that %s not"
                 " a party (see the counts by employer): the same applies to them.",
           (long long)nMoreMembers, nMoreMembers==1 ? "" : "s", nMoreMembers==1 ? "is" : "are",
           nMore, nMore==1 ? "" : "s", nMore==1 ? "is" : "are");
  }
  if( pOut->anClass[DISPUTE_UNKNOWN] ){
    int64_t n = pOut->anClass[DISPUTE_UNKNOWN];
    advise(pOut, "%lld member%s in scope %s no employer on record: record their employer"
                 " (the employer column of the members import) before balloting.",
           (long long)n, n==1 ? "" : "s", n==1 ? "has" : "have");
  }
  for(int i=0; i<pD->nParty && pWithin==0; i++){
    int k = 0;
    while( k<pOut->nEmployer && pOut->aEmployer[k].employerId!=pD->aParty[i].id ) k++;
    if( k==pOut->nEmployer ){
      advise(pOut, "No active member in scope is employed by %s, a party to this dispute:"
                   " check the scope if you meant to ballot its staff.", pD->aParty[i].zName);
    }
  }
  if( pOut->nInScope>0 && pOut->anClass[DISPUTE_PRIMARY]==pOut->nInScope ){
    advise(pOut, "Every member in scope is employed by a party to this dispute:"
                 " action would be primary for all %lld.", (long long)pOut->nInScope);
  }
  return 0;
}

void dispute_member_list_clear(DisputeMemberList *p){
  free(p->a);
  memset(p, 0, sizeof(*p));
}

/* The reason for a member's class, in words, into p->zReason. */
static void member_reason(DisputeMember *p){
  switch( p->cls ){
    case DISPUTE_PRIMARY:
      snprintf(p->zReason, sizeof p->zReason, "employed by %s, a party to this dispute"
               " (works at %s)", p->zEmployer, p->zUnitName);
      break;
    case DISPUTE_SECONDARY:
      snprintf(p->zReason, sizeof p->zReason, "employed by %s, which is not a party to"
               " this dispute (works at %s)", p->zEmployer, p->zUnitName);
      break;
    default:
      snprintf(p->zReason, sizeof p->zReason, "no employer on record (works at %s):"
               " record their employer before balloting", p->zUnitName);
      break;
  }
}

int dispute_members(Db *db, const Dispute *pD, int cls, int offset, int limit,
                    DisputeMemberList *pOut){
  return dispute_members_within(db, pD, 0, cls, offset, limit, pOut);
}

int dispute_members_within(Db *db, const Dispute *pD, const Unit *pWithin, int cls,
                           int offset, int limit, DisputeMemberList *pOut){
  memset(pOut, 0, sizeof(*pOut));
  if( limit<0 ) limit = 0;
  if( offset<0 ) offset = 0;
  /* x: the constituency, classified; then one class of it, one page. */
  static const char zInner[] =
    "SELECT m.number AS number, m.first_name AS first_name, m.last_name AS last_name,"
    "  coalesce(e.name,'') AS employer, u.code AS unit_code, u.name AS unit_name,"
    "  coalesce(m.category,'') AS category, coalesce(m.employment_type,'') AS employment_type,"
    "  " CLASS_EXPR " AS cls"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " LEFT JOIN employers e ON e.id=m.employer_id"
    " WHERE" IN_SCOPE WITHIN;
  const int nId = CLASS_PARAMS + IN_SCOPE_PARAMS + WITHIN_PARAMS;
  Buf sql = BUF_INIT;
  buf_printf(&sql, "SELECT count(*) FROM (%s) x WHERE (?<0 OR x.cls=?)", zInner);
  DbStmt *s = db_prepare(db, buf_str(&sql));
  bind_dispute(s, nId - WITHIN_PARAMS, pD->id);
  dispute_bind_within(s, nId - WITHIN_PARAMS + 1, pWithin);
  db_bind_int(s, nId+1, cls);
  db_bind_int(s, nId+2, cls);
  int rc = 0, r = db_step(s);
  if( r==DB_ROW ) pOut->nTotal = db_col_int(s, 0); else rc = -1;
  db_finalize(s);

  buf_truncate(&sql, 0);
  buf_printf(&sql, "SELECT number, first_name || ' ' || last_name, employer, unit_code,"
                   " unit_name, category, employment_type, cls"
                   " FROM (%s) x WHERE (?<0 OR x.cls=?)"
                   " ORDER BY cls DESC, employer, lower(last_name), lower(first_name), number"
                   " LIMIT ? OFFSET ?", zInner);
  s = db_prepare(db, buf_str(&sql));
  bind_dispute(s, nId - WITHIN_PARAMS, pD->id);
  dispute_bind_within(s, nId - WITHIN_PARAMS + 1, pWithin);
  db_bind_int(s, nId+1, cls);
  db_bind_int(s, nId+2, cls);
  db_bind_int(s, nId+3, limit);
  db_bind_int(s, nId+4, offset);
  pOut->a = xcalloc(limit>0 ? (size_t)limit : 1, sizeof(DisputeMember));
  r = DB_DONE;
  while( rc==0 && pOut->n<limit && (r = db_step(s))==DB_ROW ){
    DisputeMember *p = &pOut->a[pOut->n++];
    db_col_copy(s, 0, p->zNumber, sizeof p->zNumber);
    db_col_copy(s, 1, p->zName, sizeof p->zName);
    db_col_copy(s, 2, p->zEmployer, sizeof p->zEmployer);
    db_col_copy(s, 3, p->zUnitCode, sizeof p->zUnitCode);
    db_col_copy(s, 4, p->zUnitName, sizeof p->zUnitName);
    db_col_copy(s, 5, p->zCategory, sizeof p->zCategory);
    db_col_copy(s, 6, p->zEmploymentType, sizeof p->zEmploymentType);
    p->cls = (int)db_col_int(s, 7);
    if( p->cls<0 || p->cls>=DISPUTE_NCLASS ) p->cls = DISPUTE_UNKNOWN;   /* can't happen */
    member_reason(p);
  }
  if( r==DB_ERROR ) rc = -1;
  db_finalize(s);
  buf_reset(&sql);
  return rc;
}

/*************************** JSON ***************************/

static json_t *jtext(const char *z){
  return z && z[0] ? json_string(z) : json_null();
}

json_t *dispute_json(const Dispute *pD, const DisputeSummary *pS){
  json_t *o = json_object();
  json_object_set_new(o, "code", json_string(pD->zCode));
  json_object_set_new(o, "title", json_string(pD->zTitle));
  json_object_set_new(o, "issue", jtext(pD->zIssue));
  json_object_set_new(o, "regime", json_string(pD->zRegime));
  json_object_set_new(o, "created_on", json_string(pD->zCreatedOn));
  json_t *a = json_array();
  for(int i=0; i<pD->nParty; i++) json_array_append_new(a, json_string(pD->aParty[i].zName));
  json_object_set_new(o, "employers", a);
  a = json_array();
  for(int i=0; i<pD->nUnit; i++){
    json_t *u = json_object();
    json_object_set_new(u, "code", json_string(pD->aUnit[i].zCode));
    json_object_set_new(u, "name", json_string(pD->aUnit[i].zName));
    json_array_append_new(a, u);
  }
  json_object_set_new(o, "units", a);
  a = json_array();
  for(int i=0; i<pD->nCategory; i++) json_array_append_new(a, json_string(pD->azCategory[i]));
  json_object_set_new(o, "categories", a);
  a = json_array();
  for(int i=0; i<pD->nType; i++) json_array_append_new(a, json_string(pD->azType[i]));
  json_object_set_new(o, "employment_types", a);
  if( pS==0 ) return o;
  json_object_set_new(o, "in_scope", json_integer((json_int_t)pS->nInScope));
  json_t *c = json_object();
  for(int k=0; k<DISPUTE_NCLASS; k++){
    json_object_set_new(c, azClassName[k], json_integer((json_int_t)pS->anClass[k]));
  }
  json_object_set_new(o, "counts", c);
  a = json_array();
  for(int i=0; i<pS->nEmployer; i++){
    const DisputeEmployerCount *q = &pS->aEmployer[i];
    json_t *e = json_object();
    json_object_set_new(e, "employer", jtext(q->zEmployer));
    json_object_set_new(e, "party", json_boolean(q->cls==DISPUTE_PRIMARY));
    json_object_set_new(e, "class", json_string(azClassName[q->cls]));
    json_object_set_new(e, "members", json_integer((json_int_t)q->n));
    json_array_append_new(a, e);
  }
  json_object_set_new(o, "by_employer", a);
  a = json_array();
  for(int i=0; i<pS->nWorkplace; i++){
    const DisputeWorkplaceCount *w = &pS->aWorkplace[i];
    json_t *e = json_object();
    json_object_set_new(e, "workplace", json_string(w->zCode));
    json_object_set_new(e, "workplace_name", json_string(w->zName));
    json_object_set_new(e, "members", json_integer((json_int_t)w->n));
    for(int k=0; k<DISPUTE_NCLASS; k++){
      json_object_set_new(e, azClassName[k], json_integer((json_int_t)w->anClass[k]));
    }
    json_array_append_new(a, e);
  }
  json_object_set_new(o, "by_workplace", a);
  a = json_array();
  for(int i=0; i<pS->nAdvice; i++) json_array_append_new(a, json_string(pS->azAdvice[i]));
  json_object_set_new(o, "advice", a);
  return o;
}

json_t *dispute_member_json(const DisputeMember *p){
  json_t *o = json_object();
  json_object_set_new(o, "number", json_string(p->zNumber));
  json_object_set_new(o, "name", json_string(p->zName));
  json_object_set_new(o, "employer", jtext(p->zEmployer));
  json_object_set_new(o, "workplace", json_string(p->zUnitCode));
  json_object_set_new(o, "workplace_name", json_string(p->zUnitName));
  json_object_set_new(o, "category", jtext(p->zCategory));
  json_object_set_new(o, "employment_type", jtext(p->zEmploymentType));
  json_object_set_new(o, "class", json_string(azClassName[p->cls]));
  json_object_set_new(o, "reason", json_string(p->zReason));
  return o;
}

/*************************** the scrutineer's register ***************************/

void dispute_csv_field(Buf *pBuf, const char *z){
  if( z && (z[0]=='=' || z[0]=='+' || z[0]=='-' || z[0]=='@' || z[0]=='\t' || z[0]=='\r') ){
    Buf b = BUF_INIT;
    buf_putc(&b, '\'');
    buf_puts(&b, z);
    csv_write_field(pBuf, buf_str(&b));
    buf_reset(&b);
    return;
  }
  csv_write_field(pBuf, z);
}

void dispute_addr_flag_text(int flags, char *zOut, size_t nOut){
  static const struct { int bit; const char *z; } aFlag[] = {
    { DISPUTE_ADDR_WORKPLACE, "workplace address" },
    { DISPUTE_ADDR_KIND_UNKNOWN, "not known to be a home address" },
    { DISPUTE_ADDR_UNVERIFIED, "unverified" },
    { DISPUTE_ADDR_NO_LINE1, "no address line 1" },
    { DISPUTE_ADDR_NO_POSTCODE, "no postcode" },
  };
  size_t n = 0;
  if( nOut ) zOut[0] = 0;
  for(size_t i=0; i<sizeof(aFlag)/sizeof(aFlag[0]) && n<nOut; i++){
    if( flags & aFlag[i].bit ){
      int k = snprintf(zOut+n, nOut-n, "%s%s", n ? "; " : "", aFlag[i].z);
      if( k<0 ) break;
      n += (size_t)k;
    }
  }
}

void dispute_register_clear(DisputeRegister *p){
  buf_reset(&p->csv);
  buf_reset(&p->leftOut);
  memset(p, 0, sizeof(*p));
}

int dispute_scrutineer_register(Db *db, const Dispute *pD, int includeUnverified,
                                DisputeRegister *pOut){
  static const char *const azHeader[] = { "membership_number", "first_name", "last_name",
    "address_line1", "address_line2", "town", "postcode", "workplace", "category", 0 };
  memset(pOut, 0, sizeof(*pOut));
  for(int i=0; azHeader[i]; i++){
    if( i ) buf_putc(&pOut->csv, ',');
    buf_puts(&pOut->csv, azHeader[i]);
  }
  buf_puts(&pOut->csv, includeUnverified ? ",address_flag\r\n" : "\r\n");
  DbStmt *s = db_prepare(db,
    "SELECT m.number, m.first_name, m.last_name, coalesce(m.address_line1,''),"
    " coalesce(m.address_line2,''), coalesce(m.town,''), coalesce(m.postcode,''),"
    " u.code, coalesce(m.category,''), m.address_kind, coalesce(m.address_verified_on,'')"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE" ENTITLED
    " ORDER BY u.code, lower(m.last_name), lower(m.first_name), m.number");
  bind_dispute(s, ENTITLED_PARAMS, pD->id);
  int r;
  while( (r = db_step(s))==DB_ROW ){
    const char *zKind = db_col_text(s, 9);
    int flags = 0;
    pOut->nEntitled++;
    if( strcmp(zKind, "workplace")==0 ) flags |= DISPUTE_ADDR_WORKPLACE;
    else if( strcmp(zKind, "home")!=0 ) flags |= DISPUTE_ADDR_KIND_UNKNOWN;
    if( blank(db_col_text(s, 10)) ) flags |= DISPUTE_ADDR_UNVERIFIED;
    if( blank(db_col_text(s, 3)) ) flags |= DISPUTE_ADDR_NO_LINE1;
    if( blank(db_col_text(s, 6)) ) flags |= DISPUTE_ADDR_NO_POSTCODE;
    char zFlag[160];
    dispute_addr_flag_text(flags, zFlag, sizeof zFlag);
    if( flags & DISPUTE_ADDR_WORKPLACE ){
      pOut->nWorkplace++;
      buf_printf(&pOut->leftOut, "%s: refused: the address on record is a workplace"
                 " (ballot papers go to a home address); record a home address\n",
                 db_col_text(s, 0));
      continue;
    }
    if( flags ){
      pOut->nUnverified++;
      if( !includeUnverified ){
        buf_printf(&pOut->leftOut, "%s: left out (address: %s); check it with the member"
                   " (or --include-unverified)\n", db_col_text(s, 0), zFlag);
        continue;
      }
    }
    for(int i=0; i<9; i++){
      if( i ) buf_putc(&pOut->csv, ',');
      dispute_csv_field(&pOut->csv, db_col_text(s, i));
    }
    if( includeUnverified ){
      buf_putc(&pOut->csv, ',');
      dispute_csv_field(&pOut->csv, zFlag);
    }
    buf_puts(&pOut->csv, "\r\n");
    pOut->nWritten++;
  }
  db_finalize(s);
  if( r==DB_ERROR ){ dispute_register_clear(pOut); return -1; }
  return 0;
}

/*************************** the notice of ballot ***************************/

/* "Monday 30 November 2026" for an ISO date, into zOut[nOut]. */
static void long_date(const char *zIso, char *zOut, size_t nOut){
  static const char *const azDay[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday" };
  static const char *const azMonth[] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };
  long n = date_to_days(zIso);
  int m = atoi(zIso+5);
  if( n<0 || m<1 || m>12 ){ snprintf(zOut, nOut, "%s", zIso); return; }
  snprintf(zOut, nOut, "%s %d %s %d", azDay[((n % 7) + 7 + 4) % 7], atoi(zIso+8),
           azMonth[m-1], atoi(zIso));
}

/* A date as "Monday 30 November 2026 (2026-11-30)", escaped, into pBuf. */
static void html_date(Buf *pBuf, const char *zIso){
  char z[64];
  long_date(zIso, z, sizeof z);
  html_escapef(pBuf, "%s (%s)", z, zIso);
}

void dispute_notice_clear(DisputeNotice *p){
  free(p->aEmployer);
  for(int i=0; i<p->nSkipped; i++) free(p->azSkipped[i]);
  free(p->azSkipped);
  for(int i=0; i<p->nWarn; i++) free(p->azWarn[i]);
  free(p->azWarn);
  buf_reset(&p->html);
  memset(p, 0, sizeof(*p));
}

static void str_push(char ***pa, int *pn, char *z){
  *pa = xrealloc(*pa, (size_t)(*pn+1)*sizeof(char*));
  (*pa)[(*pn)++] = z;
}

/* Append an HTML table of "label, number" rows to pBuf from a query over
** one party's employees in the constituency (parameters: the dispute's id
** IN_SCOPE_PARAMS times, then the employer's id). Returns 0 or -1. */
static int notice_table(Db *db, Buf *pBuf, const char *zSql, int64_t disputeId,
                        int64_t employerId, const char *zHead){
  DbStmt *s = db_prepare(db, zSql);
  bind_dispute(s, IN_SCOPE_PARAMS, disputeId);
  db_bind_int(s, IN_SCOPE_PARAMS+1, employerId);
  buf_printf(pBuf, "<table>\n<thead><tr><th>%s</th><th class=\"n\">Number of employees</th></tr></thead>\n<tbody>\n", zHead);
  int r;
  while( (r = db_step(s))==DB_ROW ){
    buf_puts(pBuf, "<tr><td>");
    html_escape(pBuf, db_col_text(s, 0));
    buf_printf(pBuf, "</td><td class=\"n\">%lld</td></tr>\n", (long long)db_col_int(s, 1));
  }
  db_finalize(s);
  buf_puts(pBuf, "</tbody>\n</table>\n");
  return r==DB_ERROR ? -1 : 0;
}

void dispute_notice_explain(Buf *pBuf, const Dispute *pD, const char *zEmployer,
                           const char *zToday){
  char zDate[64];
  long_date(zToday, zDate, sizeof zDate);
  html_escapef(pBuf, "These figures were taken from the union's membership register as it"
              " stood on %s (%s). They count every person who, on that day, was recorded"
              " as an active member of the union; whose employer on record is %s; and whose"
              " workplace on record is ", zDate, zToday, zEmployer);
  for(int i=0; i<pD->nUnit; i++){
    html_escapef(pBuf, "%s%s (%s)", i==0 ? "" : i+1==pD->nUnit ? " or " : ", ",
                pD->aUnit[i].zName, pD->aUnit[i].zCode);
  }
  html_escape(pBuf, pD->nUnit==1 ? ", or a workplace within it" : ", or a workplace within one of them");
  if( pD->nCategory ){
    html_escape(pBuf, "; and whose job category on record is ");
    for(int i=0; i<pD->nCategory; i++){
      html_escapef(pBuf, "%s\"%s\"", i==0 ? "" : i+1==pD->nCategory ? " or " : ", ",
                  pD->azCategory[i]);
    }
  }
  if( pD->nType ){
    html_escape(pBuf, "; and whose employment type on record is ");
    for(int i=0; i<pD->nType; i++){
      html_escapef(pBuf, "%s%s", i==0 ? "" : i+1==pD->nType ? " or " : ", ", pD->azType[i]);
    }
  }
  html_escape(pBuf, ". Lapsed and retired members are not counted, nor members employed by"
           " another employer. Each person is counted once, in the category and at the"
           " workplace recorded for them in the register; categories are the job"
           " categories members give the union, and workplaces are the union's own list"
           " of workplaces.");
}

int dispute_ballot_notice(Db *db, const LawSet *pLaw, const Dispute *pD,
                          const char *zOpens, const char *zCloses, const char *zToday,
                          DisputeNotice *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  if( pzErr ) *pzErr = 0;
  if( zCloses && zCloses[0]==0 ) zCloses = 0;

  /* The date: the regime's ballot_notice rule, through the timeline. */
  LawTimeline T;
  char *zErr = 0;
  if( law_timeline(pLaw, pD->zRegime, zOpens, zCloses ? zCloses : zOpens, zToday, &T, &zErr) ){
    int rc = buf_error(pzErr, "%s", zErr);
    free(zErr);
    return rc;
  }
  snprintf(pOut->zOpens, sizeof pOut->zOpens, "%s", zOpens);
  snprintf(pOut->zCloses, sizeof pOut->zCloses, "%s", zCloses ? zCloses : "");
  const char *zBy = law_timeline_date(&T, "ballot_notice_by");
  if( zBy ){
    pOut->fromRegime = 1;
    snprintf(pOut->zReceivedBy, sizeof pOut->zReceivedBy, "%s", zBy);
    for(int i=0; i<T.nEvent; i++){
      if( strcmp(T.aEvent[i].zKey, "ballot_notice_by")==0 && T.aEvent[i].zSection ){
        snprintf(pOut->zSection, sizeof pOut->zSection, "%s", T.aEvent[i].zSection);
      }
    }
    for(int i=0; i<T.nWarn; i++){
      const char *zW = T.azWarn[i];      /* about this date, not reballot_notice_by */
      if( strncmp(zW, "ballot_notice_by ", 17)==0 || strstr(zW, "too short: ballot_notice_by ") ) str_push(&pOut->azWarn, &pOut->nWarn, xstrdup(zW));
    }
  }else{
    date_from_days(date_to_days(zOpens) - 7, pOut->zReceivedBy);
    snprintf(pOut->zSection, sizeof pOut->zSection, "TULRCA s226A(1)(a)");
    Buf b = BUF_INIT;
    buf_printf(&b, "regime %s has no ballot-notice rule: the notice date is the TULRCA"
               " s226A default, not later than the 7th day before the opening day", pD->zRegime);
    str_push(&pOut->azWarn, &pOut->nWarn, buf_steal(&b));
    if( strcmp(pOut->zReceivedBy, zToday)<0 ){
      b = (Buf)BUF_INIT;
      buf_printf(&b, "window too short: ballot_notice_by was %s, before today (%s)",
                 pOut->zReceivedBy, zToday);
      str_push(&pOut->azWarn, &pOut->nWarn, buf_steal(&b));
    }
  }
  law_timeline_clear(&T);
  if( pOut->zSection[0]==0 ) snprintf(pOut->zSection, sizeof pOut->zSection, "TULRCA s226A");

  /* The union's name: the root of the unit tree. */
  char zUnion[200] = "";
  DbStmt *s = db_prepare(db, "SELECT name FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  if( db_step(s)==DB_ROW ) db_col_copy(s, 0, zUnion, sizeof zUnion);
  db_finalize(s);
  if( zUnion[0]==0 ) snprintf(zUnion, sizeof zUnion, "The union");

  /* How many each party employs in the constituency. */
  for(int i=0; i<pD->nParty; i++){
    s = db_prepare(db, "SELECT count(*) FROM members m JOIN units u ON u.id=m.unit_id"
                       " WHERE" IN_SCOPE " AND m.employer_id=?");
    bind_dispute(s, IN_SCOPE_PARAMS, pD->id);
    db_bind_int(s, IN_SCOPE_PARAMS+1, pD->aParty[i].id);
    int r = db_step(s);
    int64_t n = r==DB_ROW ? db_col_int(s, 0) : -1;
    db_finalize(s);
    if( n<0 ){ int rc = buf_error(pzErr, "%s", db_errmsg(db)); dispute_notice_clear(pOut); return rc; }
    if( n==0 ){
      str_push(&pOut->azSkipped, &pOut->nSkipped, xstrdup(pD->aParty[i].zName));
      continue;
    }
    pOut->aEmployer = xrealloc(pOut->aEmployer, (size_t)(pOut->nEmployer+1)*sizeof(DisputeNoticeEmployer));
    DisputeNoticeEmployer *e = &pOut->aEmployer[pOut->nEmployer++];
    snprintf(e->zEmployer, sizeof e->zEmployer, "%s", pD->aParty[i].zName);
    e->nTotal = n;
  }
  if( pOut->nEmployer==0 ){
    buf_error(pzErr, "no employer party to dispute %s employs an active member in its"
                 " constituency: there is no one to give notice about (mandate dispute show %s)",
                 pD->zCode, pD->zCode);
    dispute_notice_clear(pOut);
    return 1;
  }

  /* The document. */
  Buf *h = &pOut->html;
  notice_doc_begin(h, "Notice of industrial action ballot", pD);
  int k = 0;
  for(int i=0; i<pD->nParty; i++){
    int64_t n = -1;
    for(int j=0; j<pOut->nEmployer; j++){
      if( strcmp(pOut->aEmployer[j].zEmployer, pD->aParty[i].zName)==0 ) n = pOut->aEmployer[j].nTotal;
    }
    if( n<0 ) continue;
    k++;
    buf_printf(h, "<section class=\"notice%s\">\n", k<pOut->nEmployer ? " page-break" : "");
    buf_puts(h, "<h1>Notice of industrial action ballot</h1>\n<p>Given under section 226A of the"
                " Trade Union and Labour Relations (Consolidation) Act 1992 (");
    html_escape(h, pOut->zSection);
    buf_puts(h, ").</p>\n<table class=\"meta\">\n<tr><th>To</th><td>");
    html_escape(h, pD->aParty[i].zName);
    buf_puts(h, "</td></tr>\n<tr><th>From</th><td>");
    html_escape(h, zUnion);
    buf_puts(h, "</td></tr>\n<tr><th>Dispute</th><td>");
    html_escape(h, pD->zTitle);
    buf_puts(h, " (reference ");
    html_escape(h, pD->zCode);
    buf_puts(h, ")</td></tr>\n");
    if( pD->zIssue && pD->zIssue[0] ){
      buf_puts(h, "<tr><th>About</th><td>");
      html_escape(h, pD->zIssue);
      buf_puts(h, "</td></tr>\n");
    }
    buf_puts(h, "<tr><th>Date of notice</th><td>");
    html_date(h, zToday);
    buf_puts(h, "</td></tr>\n</table>\n");

    buf_puts(h, "<p>The union gives notice that it intends to hold a ballot for industrial"
                " action of its members employed by you.</p>\n<div class=\"key\">\n"
                "<p><strong>Opening day of the ballot:</strong> ");
    html_date(h, pOut->zOpens);
    buf_puts(h, "</p>\n");
    if( pOut->zCloses[0] ){
      buf_puts(h, "<p><strong>The ballot is expected to close on:</strong> ");
      html_date(h, pOut->zCloses);
      buf_puts(h, "</p>\n");
    }
    buf_puts(h, "<p><strong>This notice is to be received by you not later than:</strong> ");
    html_date(h, pOut->zReceivedBy);
    long nDays = date_to_days(pOut->zOpens) - date_to_days(pOut->zReceivedBy);
    buf_printf(h, ", the %ld%s day before the opening day.</p>\n", nDays,
               nDays%10==1 && nDays%100!=11 ? "st" : nDays%10==2 && nDays%100!=12 ? "nd" :
               nDays%10==3 && nDays%100!=13 ? "rd" : "th");
    buf_printf(h, "<p class=\"total\">Total number of employees concerned: %lld</p>\n</div>\n",
               (long long)n);

    buf_puts(h, "<h2>The categories of employee concerned, and the number in each</h2>\n");
    if( notice_table(db, h,
          "SELECT CASE WHEN coalesce(m.category,'')='' THEN '(no category recorded)'"
          " ELSE min(m.category) END, count(*)"
          " FROM members m JOIN units u ON u.id=m.unit_id"
          " WHERE" IN_SCOPE " AND m.employer_id=?"
          " GROUP BY lower(coalesce(m.category,'')) ORDER BY 2 DESC, 1",
          pD->id, pD->aParty[i].id, "Category") ) goto store_error;
    buf_puts(h, "<h2>The workplaces at which they work, and the number at each</h2>\n");
    if( notice_table(db, h,
          "SELECT u.name || ' (' || u.code || ')', count(*)"
          " FROM members m JOIN units u ON u.id=m.unit_id"
          " WHERE" IN_SCOPE " AND m.employer_id=?"
          " GROUP BY u.id ORDER BY 2 DESC, 1",
          pD->id, pD->aParty[i].id, "Workplace") ) goto store_error;

    buf_puts(h, "<h2>How these figures were reached</h2>\n<p>");
    dispute_notice_explain(h, pD, pD->aParty[i].zName, zToday);
    buf_puts(h, "</p>\n<p>Signed: ______________________________ for ");
    html_escape(h, zUnion);
    buf_puts(h, "</p>\n<footer>");
    html_escapef(h, "Drafted by mandate from dispute %s (regime %s) on %s. This is a draft"
                " for the union to check and send; it is not legal advice. Have the"
                " union's lawyers check it before it is given.", pD->zCode, pD->zRegime, zToday);
    buf_puts(h, "</footer>\n</section>\n");
  }
  notice_doc_end(h);
  return 0;

store_error:
  {
    int rc = buf_error(pzErr, "%s", db_errmsg(db));
    dispute_notice_clear(pOut);
    return rc;
  }
}
