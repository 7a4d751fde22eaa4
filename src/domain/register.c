/* register.c: reading and changing the register: units, members,
** positions and conversations; the subject-access export and erasure; the
** cached per-unit counts behind readiness. (CSV import is in import.c.) */
#include "register.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_COLUMNS "u.id, coalesce(u.parent_id,0), u.code, u.name, u.kind," \
                     " coalesce(u.sector,''), u.lft, u.rgt, u.depth"

static void unit_from_row(DbStmt *s, int i0, Unit *p){
  memset(p, 0, sizeof(*p));
  p->id = db_col_int(s, i0);
  p->parentId = db_col_int(s, i0+1);
  db_col_copy(s, i0+2, p->zCode, sizeof p->zCode);
  db_col_copy(s, i0+3, p->zName, sizeof p->zName);
  db_col_copy(s, i0+4, p->zKind, sizeof p->zKind);
  db_col_copy(s, i0+5, p->zSector, sizeof p->zSector);
  p->lft = db_col_int(s, i0+6);
  p->rgt = db_col_int(s, i0+7);
  p->depth = (int)db_col_int(s, i0+8);
}

static int unit_lookup(Db *db, const char *zSql, const char *zCode, int64_t id, Unit *pOut){
  DbStmt *s = db_prepare(db, zSql);
  if( zCode ) db_bind_text(s, 1, zCode); else db_bind_int(s, 1, id);
  int rc = db_step(s);
  if( rc==DB_ROW ) unit_from_row(s, 0, pOut);
  db_finalize(s);
  return rc==DB_ROW ? 0 : rc==DB_DONE ? 1 : -1;
}

int register_unit_by_code(Db *db, const char *zCode, Unit *pOut){
  return unit_lookup(db, "SELECT " UNIT_COLUMNS " FROM units u WHERE u.code=?", zCode, 0, pOut);
}

int register_unit_by_id(Db *db, int64_t id, Unit *pOut){
  return unit_lookup(db, "SELECT " UNIT_COLUMNS " FROM units u WHERE u.id=?", 0, id, pOut);
}

int unit_in_scope(const Unit *pScope, const Unit *pUnit){
  return pUnit->lft >= pScope->lft && pUnit->rgt <= pScope->rgt;
}

int register_unit_children(Db *db, int64_t unitId, Unit **paOut, int *pN){
  DbStmt *s = db_prepare(db, "SELECT " UNIT_COLUMNS " FROM units u"
                             " WHERE u.parent_id=? ORDER BY u.code");
  int n = 0, nAlloc = 0, rc;
  Unit *a = 0;
  db_bind_int(s, 1, unitId);
  while( (rc = db_step(s))==DB_ROW ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 16; a = xrealloc(a, nAlloc*sizeof(Unit)); }
    unit_from_row(s, 0, &a[n++]);
  }
  db_finalize(s);
  *paOut = a;
  *pN = n;
  return rc==DB_ERROR ? -1 : 0;
}

int register_unit_subtree(Db *db, const Unit *pScope, Unit **paOut, int **paParent, int *pN){
  DbStmt *s = db_prepare(db, "SELECT " UNIT_COLUMNS " FROM units u"
                             " WHERE u.lft BETWEEN ? AND ? ORDER BY u.lft");
  int n = 0, nAlloc = 0, rc;
  Unit *a = 0;
  int *aParent = 0;
  db_bind_int(s, 1, pScope ? pScope->lft : INT64_MIN);
  db_bind_int(s, 2, pScope ? pScope->rgt : INT64_MAX);
  while( (rc = db_step(s))==DB_ROW ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 256;
      a = xrealloc(a, (size_t)nAlloc*sizeof *a);
      aParent = xrealloc(aParent, (size_t)nAlloc*sizeof *aParent);
    }
    unit_from_row(s, 0, &a[n]);
    /* the parent is the nearest unit before this one that contains it */
    int j = n-1;
    while( j>=0 && !(a[j].lft<a[n].lft && a[j].rgt>a[n].rgt) ) j = aParent[j];
    aParent[n] = j;
    n++;
  }
  db_finalize(s);
  *paOut = a;
  *paParent = aParent;
  *pN = n;
  return rc==DB_ERROR ? -1 : 0;
}

int register_unit_index(const Unit *a, int n, int64_t id){
  for(int i=0; i<n; i++) if( a[i].id==id ) return i;
  return -1;
}

/*************************** members ***************************/

#define MEMBER_COLUMNS "m.id, m.number, m.first_name, m.last_name, m.status," \
  " coalesce(e.name,''), m.unit_id, u.code, u.name, m.category, m.employment_type," \
  " m.email, m.email_verified_on, m.mobile, m.mobile_verified_on, m.address_line1," \
  " m.address_line2, m.town, m.postcode, m.address_kind, m.address_verified_on, m.joined_on"
#define MEMBER_FROM " FROM members m JOIN units u ON u.id=m.unit_id" \
                    " LEFT JOIN employers e ON e.id=m.employer_id"

static void member_from_row(DbStmt *s, Member *p){
  memset(p, 0, sizeof(*p));
  p->id = db_col_int(s, 0);
  db_col_copy(s, 1, p->zNumber, sizeof p->zNumber);
  db_col_copy(s, 2, p->zFirstName, sizeof p->zFirstName);
  db_col_copy(s, 3, p->zLastName, sizeof p->zLastName);
  db_col_copy(s, 4, p->zStatus, sizeof p->zStatus);
  db_col_copy(s, 5, p->zEmployer, sizeof p->zEmployer);
  p->unitId = db_col_int(s, 6);
  db_col_copy(s, 7, p->zUnitCode, sizeof p->zUnitCode);
  db_col_copy(s, 8, p->zUnitName, sizeof p->zUnitName);
  db_col_copy(s, 9, p->zCategory, sizeof p->zCategory);
  db_col_copy(s, 10, p->zEmploymentType, sizeof p->zEmploymentType);
  db_col_copy(s, 11, p->zEmail, sizeof p->zEmail);
  db_col_copy(s, 12, p->zEmailVerifiedOn, sizeof p->zEmailVerifiedOn);
  db_col_copy(s, 13, p->zMobile, sizeof p->zMobile);
  db_col_copy(s, 14, p->zMobileVerifiedOn, sizeof p->zMobileVerifiedOn);
  db_col_copy(s, 15, p->zAddressLine1, sizeof p->zAddressLine1);
  db_col_copy(s, 16, p->zAddressLine2, sizeof p->zAddressLine2);
  db_col_copy(s, 17, p->zTown, sizeof p->zTown);
  db_col_copy(s, 18, p->zPostcode, sizeof p->zPostcode);
  db_col_copy(s, 19, p->zAddressKind, sizeof p->zAddressKind);
  db_col_copy(s, 20, p->zAddressVerifiedOn, sizeof p->zAddressVerifiedOn);
  db_col_copy(s, 21, p->zJoinedOn, sizeof p->zJoinedOn);
}

int register_member_by_number(Db *db, const char *zNumber, Member *pOut){
  DbStmt *s = db_prepare(db, "SELECT " MEMBER_COLUMNS MEMBER_FROM " WHERE m.number=?");
  db_bind_text(s, 1, zNumber);
  int rc = db_step(s);
  if( rc==DB_ROW ) member_from_row(s, pOut);
  db_finalize(s);
  return rc==DB_ROW ? 0 : rc==DB_DONE ? 1 : -1;
}

/* The key member lists sort by and name searches use: it must match the
** expression of the members_sort_name index in src/store/schema.c. */
#define SORT_NAME "(lower(m.last_name) || ' ' || lower(m.first_name))"

/* Append to pSql the search condition for zQ and set its parameters: an
** exact membership number, or a name prefix, last name first ("smi",
** "lee an") or first name first ("ann lee"). A prefix p becomes the range
** [p, p + U+10FFFF), which the sort-name index serves in SQLite and
** PostgreSQL alike. Returns the number of parameters (at most 5). */
static int search_terms(const char *zQ, Buf *pSql, char azParam[][208]){
  char aWord[2][100];
  int nWord = 0, n = 0;
  const char *z = zQ;
  while( *z && nWord<2 ){
    while( *z==' ' ) z++;
    int j = 0;
    while( *z && *z!=' ' ){
      char c = *z++;
      if( c>='A' && c<='Z' ) c = (char)(c - 'A' + 'a');
      if( j<98 ) aWord[nWord][j++] = c;
    }
    aWord[nWord][j] = 0;
    if( j ) nWord++;
  }
  buf_puts(pSql, " AND (m.number=?");
  snprintf(azParam[n++], 208, "%s", zQ);
  for(int order=0; order<nWord; order++){
    char zPrefix[202];
    if( nWord==1 ) snprintf(zPrefix, sizeof zPrefix, "%s", aWord[0]);
    else snprintf(zPrefix, sizeof zPrefix, "%s %s", aWord[order], aWord[1-order]);
    buf_puts(pSql, " OR (" SORT_NAME ">=? AND " SORT_NAME "<?)");
    snprintf(azParam[n++], 208, "%s", zPrefix);
    snprintf(azParam[n++], 208, "%s\xf4\x8f\xbf\xbf", zPrefix);
  }
  buf_puts(pSql, ")");
  return n;
}

int register_members_list(Db *db, const Unit *pScope, const char *zSearch,
                          int offset, int limit, MemberList *pOut){
  memset(pOut, 0, sizeof(*pOut));
  const char *zQ = (zSearch && zSearch[0]) ? zSearch : 0;
  char azParam[5][208];
  int nParam = 0, rc = 0;
  Buf where = BUF_INIT, sql = BUF_INIT;
  buf_puts(&where, " WHERE m.unit_id=u.id AND u.lft BETWEEN ? AND ?");
  if( zQ ) nParam = search_terms(zQ, &where, azParam);

  /* How many members the scope holds, from the readiness cache. */
  DbStmt *s = db_prepare(db, "SELECT coalesce(sum(st.members),0),"
                             " (SELECT coalesce(sum(members),0) FROM unit_stats)"
                             " FROM units u JOIN unit_stats st ON st.unit_id=u.id"
                             " WHERE u.lft BETWEEN ? AND ?");
  db_bind_int(s, 1, pScope->lft);
  db_bind_int(s, 2, pScope->rgt);
  int64_t nScope = 0, nAll = 0;
  if( db_step(s)==DB_ROW ){ nScope = db_col_int(s, 0); nAll = db_col_int(s, 1); }
  db_finalize(s);

  /* The join order decides the speed; CROSS JOIN fixes it in SQLite and
  ** means a plain join to PostgreSQL, whose planner makes this choice
  ** itself. Starting from the scope's units costs about nScope rows (read
  ** and sorted). Walking the sort-name index costs about
  ** (offset+limit) * nAll / nScope rows for a list, or the number of names
  ** matching for a search. */
  double walk = (double)(offset + limit) * (double)nAll / (double)(nScope ? nScope : 1);
  int unitsFirst = zQ ? nScope <= 20000 : walk > (double)nScope;
  const char *zFrom = unitsFirst
      ? " FROM units u CROSS JOIN members m LEFT JOIN employers e ON e.id=m.employer_id"
      : " FROM members m CROSS JOIN units u LEFT JOIN employers e ON e.id=m.employer_id";
  if( zQ ){
    buf_printf(&sql, "SELECT count(*)%s%s", zFrom, buf_str(&where));
    s = db_prepare(db, buf_str(&sql));
    db_bind_int(s, 1, pScope->lft);
    db_bind_int(s, 2, pScope->rgt);
    for(int i=0; i<nParam; i++) db_bind_text(s, 3+i, azParam[i]);
    if( db_step(s)==DB_ROW ) pOut->nTotal = db_col_int(s, 0); else rc = -1;
    db_finalize(s);
  }else{
    pOut->nTotal = nScope;
  }
  buf_truncate(&sql, 0);
  buf_printf(&sql, "SELECT " MEMBER_COLUMNS "%s%s"
                   " ORDER BY " SORT_NAME ", m.number LIMIT ? OFFSET ?",
             zFrom, buf_str(&where));
  s = db_prepare(db, buf_str(&sql));
  db_bind_int(s, 1, pScope->lft);
  db_bind_int(s, 2, pScope->rgt);
  for(int i=0; i<nParam; i++) db_bind_text(s, 3+i, azParam[i]);
  db_bind_int(s, 3+nParam, limit);
  db_bind_int(s, 4+nParam, offset);
  pOut->a = xcalloc(limit>0 ? limit : 1, sizeof(Member));
  int r = DB_DONE;
  while( rc==0 && pOut->n<limit && (r = db_step(s))==DB_ROW ) member_from_row(s, &pOut->a[pOut->n++]);
  if( r==DB_ERROR ) rc = -1;
  db_finalize(s);
  buf_reset(&sql);
  buf_reset(&where);
  return rc;
}

void member_list_clear(MemberList *p){
  free(p->a);
  memset(p, 0, sizeof(*p));
}

int register_member_detail(Db *db, int64_t memberId, MemberDetail *pOut){
  memset(pOut, 0, sizeof(*pOut));
  int rc = 0, r, nAlloc = 0;
  DbStmt *s = db_prepare(db,
    "SELECT c.held_on, coalesce(b.number,''), coalesce(b.first_name || ' ' || b.last_name,''),"
    "       coalesce(c.assessment,0), coalesce(c.issues,''), coalesce(c.notes,'')"
    " FROM conversations c LEFT JOIN members b ON b.id=c.by_member_id"
    " WHERE c.member_id=? ORDER BY c.held_on DESC, c.id DESC");
  db_bind_int(s, 1, memberId);
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nConversation==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 8;
      pOut->aConversation = xrealloc(pOut->aConversation, nAlloc*sizeof(Conversation));
    }
    Conversation *c = &pOut->aConversation[pOut->nConversation++];
    db_col_copy(s, 0, c->zHeldOn, sizeof c->zHeldOn);
    db_col_copy(s, 1, c->zByNumber, sizeof c->zByNumber);
    db_col_copy(s, 2, c->zByName, sizeof c->zByName);
    c->assessment = (int)db_col_int(s, 3);
    db_col_copy(s, 4, c->zIssues, sizeof c->zIssues);
    db_col_copy(s, 5, c->zNotes, sizeof c->zNotes);
  }
  if( r==DB_ERROR ) rc = -1;
  db_finalize(s);
  nAlloc = 0;
  s = db_prepare(db, "SELECT p.kind, u.code, u.name, coalesce(p.since,'')"
                     " FROM positions p JOIN units u ON u.id=p.unit_id"
                     " WHERE p.member_id=? ORDER BY p.kind, u.code");
  db_bind_int(s, 1, memberId);
  while( (r = db_step(s))==DB_ROW ){
    if( pOut->nPosition==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 4;
      pOut->aPosition = xrealloc(pOut->aPosition, nAlloc*sizeof(Position));
    }
    Position *p = &pOut->aPosition[pOut->nPosition++];
    db_col_copy(s, 0, p->zKind, sizeof p->zKind);
    db_col_copy(s, 1, p->zUnitCode, sizeof p->zUnitCode);
    db_col_copy(s, 2, p->zUnitName, sizeof p->zUnitName);
    db_col_copy(s, 3, p->zSince, sizeof p->zSince);
  }
  if( r==DB_ERROR ) rc = -1;
  db_finalize(s);
  return rc;
}

void member_detail_clear(MemberDetail *p){
  free(p->aConversation);
  free(p->aPosition);
  memset(p, 0, sizeof(*p));
}

int register_unit_reps(Db *db, const Unit *pUnit, Member *aOut, int nMax, int *pN){
  DbStmt *s = db_prepare(db, "SELECT DISTINCT " MEMBER_COLUMNS MEMBER_FROM
    " JOIN positions p ON p.member_id=m.id JOIN units pu ON pu.id=p.unit_id"
    " WHERE pu.lft BETWEEN ? AND ? AND p.kind IN ('rep','health_safety_rep')"
    " ORDER BY m.last_name, m.first_name, m.number LIMIT ?");
  db_bind_int(s, 1, pUnit->lft);
  db_bind_int(s, 2, pUnit->rgt);
  db_bind_int(s, 3, nMax);
  int n = 0, r = DB_DONE;
  while( n<nMax && (r = db_step(s))==DB_ROW ) member_from_row(s, &aOut[n++]);
  db_finalize(s);
  *pN = n;
  return r==DB_ERROR ? -1 : 0;
}

/*************************** changes ***************************/

const char *const azRegisterPositionKind[] = { "rep", "health_safety_rep", "advocate",
  "branch_officer", 0 };

static char *errorf(const char *zFmt, const char *zArg){
  char z[400];
  snprintf(z, sizeof z, zFmt, zArg);
  return xstrdup(z);
}

int register_add_position(Db *db, const char *zMemberNumber, const char *zKind,
                          const char *zUnitCode, const char *zSince, char **pzErr){
  int ok = 0;
  *pzErr = 0;
  for(int i=0; azRegisterPositionKind[i]; i++) if( strcmp(zKind, azRegisterPositionKind[i])==0 ) ok = 1;
  if( !ok ){
    *pzErr = errorf("unknown position '%s': expected rep, health_safety_rep, advocate"
                    " or branch_officer", zKind);
    return -1;
  }
  Unit u;
  if( register_unit_by_code(db, zUnitCode, &u) ){
    *pzErr = errorf("no unit with code %s", zUnitCode);
    return -1;
  }
  DbStmt *s = db_prepare(db,
    "INSERT INTO positions(member_id, kind, unit_id, since)"
    " SELECT id, ?, ?, ? FROM members WHERE number=?"
    " ON CONFLICT(member_id, kind, unit_id) DO UPDATE SET since=excluded.since"
    " RETURNING id");
  db_bind_text(s, 1, zKind);
  db_bind_int(s, 2, u.id);
  db_bind_text(s, 3, zSince);
  db_bind_text(s, 4, zMemberNumber);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_DONE ){ *pzErr = errorf("no member with number %s", zMemberNumber); return -1; }
  if( rc==DB_ERROR ){ *pzErr = errorf("store error: %s", db_errmsg(db)); return -1; }
  /* A rep changes the unit's counts. */
  return register_refresh_stats_unit(db, u.id);
}

int register_add_conversation(Db *db, const char *zMemberNumber,
                              const char *zByNumber, const char *zDate,
                              int assessment, const char *zIssues,
                              const char *zNotes, char **pzErr){
  char zDay[NORM_MAX];
  const char *zWhy;
  *pzErr = 0;
  if( norm_date(zDate ? zDate : "", zDay, &zWhy) ){
    *pzErr = errorf("expected %s for the date", zWhy);
    return -1;
  }
  if( assessment<0 || assessment>5 ){
    *pzErr = xstrdup("expected an assessment from 1 (will lead) to 5 (opposed)");
    return -1;
  }
  int64_t byId = 0;
  if( zByNumber && zByNumber[0] ){
    Member by;
    if( register_member_by_number(db, zByNumber, &by) ){
      *pzErr = errorf("no member with number %s (who held the conversation)", zByNumber);
      return -1;
    }
    byId = by.id;
  }
  DbStmt *s = db_prepare(db,
    "INSERT INTO conversations(member_id, by_member_id, held_on, assessment, issues, notes)"
    " SELECT id, ?, ?, ?, ?, ? FROM members WHERE number=? RETURNING member_id");
  if( byId ) db_bind_int(s, 1, byId); else db_bind_text(s, 1, 0);
  db_bind_text(s, 2, zDay);
  if( assessment ) db_bind_int(s, 3, assessment); else db_bind_text(s, 3, 0);
  db_bind_text(s, 4, zIssues);
  db_bind_text(s, 5, zNotes);
  db_bind_text(s, 6, zMemberNumber);
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_DONE ){ *pzErr = errorf("no member with number %s", zMemberNumber); return -1; }
  if( rc==DB_ERROR ){ *pzErr = errorf("store error: %s", db_errmsg(db)); return -1; }
  /* The assessed count is per day; recount it on the next read. */
  return db_exec(db, "DELETE FROM meta WHERE key='assessed_as_of'");
}

/* The counts per unit: members, active, verified home address, workplace
** address, email, mobile (active members only but the first), and reps
** (distinct active members holding a rep or H&S rep position there). */
static const char zStatsSelect[] =
  "SELECT u.id, coalesce(s.members,0), coalesce(s.active,0), coalesce(s.home_verified,0),"
  "       coalesce(s.workplace_address,0), coalesce(s.email,0), coalesce(s.mobile,0),"
  "       coalesce(r.reps,0), 0"
  " FROM units u"
  " LEFT JOIN (SELECT unit_id, count(*) AS members,"
  "     sum(CASE WHEN status='active' THEN 1 ELSE 0 END) AS active,"
  "     sum(CASE WHEN status='active' AND address_kind='home'"
  "              AND address_verified_on IS NOT NULL THEN 1 ELSE 0 END) AS home_verified,"
  "     sum(CASE WHEN status='active' AND address_kind='workplace' THEN 1 ELSE 0 END)"
  "       AS workplace_address,"
  "     sum(CASE WHEN status='active' AND email IS NOT NULL THEN 1 ELSE 0 END) AS email,"
  "     sum(CASE WHEN status='active' AND mobile IS NOT NULL THEN 1 ELSE 0 END) AS mobile"
  "   FROM members %s GROUP BY unit_id) s ON s.unit_id=u.id"
  " LEFT JOIN (SELECT p.unit_id, count(DISTINCT p.member_id) AS reps"
  "   FROM positions p JOIN members pm ON pm.id=p.member_id"
  "   WHERE p.kind IN ('rep','health_safety_rep') AND pm.status='active' %s"
  "   GROUP BY p.unit_id) r ON r.unit_id=u.id"
  " %s";

static int refresh_stats(Db *db, int64_t unitId){
  char zSql[2400];
  /* "ON CONFLICT" straight after "SELECT ... JOIN ..." is ambiguous to
  ** SQLite's parser without a WHERE; "WHERE true" settles it, and
  ** PostgreSQL accepts it too. */
  if( unitId ){
    snprintf(zSql, sizeof zSql, zStatsSelect, "WHERE unit_id=?", "AND p.unit_id=?", "WHERE u.id=?");
  }else{
    snprintf(zSql, sizeof zSql, zStatsSelect, "", "", "WHERE true");
  }
  Buf b = BUF_INIT;
  buf_printf(&b, "INSERT INTO unit_stats(unit_id,members,active,home_verified,"
                 "workplace_address,email,mobile,reps,assessed) %s"
                 " ON CONFLICT(unit_id) DO UPDATE SET members=excluded.members,"
                 " active=excluded.active, home_verified=excluded.home_verified,"
                 " workplace_address=excluded.workplace_address, email=excluded.email,"
                 " mobile=excluded.mobile, reps=excluded.reps", zSql);
  DbStmt *s = db_prepare(db, buf_str(&b));
  if( unitId ) for(int i=1; i<=3; i++) db_bind_int(s, i, unitId);
  int rc = db_step(s);
  db_finalize(s);
  buf_reset(&b);
  if( rc==DB_ERROR ) return -1;
  return db_exec(db, "DELETE FROM meta WHERE key='assessed_as_of'");
}

int register_refresh_stats(Db *db){ return refresh_stats(db, 0); }
int register_refresh_stats_unit(Db *db, int64_t unitId){ return refresh_stats(db, unitId); }

/*************************** export and erasure ***************************/

static void json_set_text(json_t *o, const char *zKey, const char *z){
  json_object_set_new(o, zKey, z && z[0] ? json_string(z) : json_null());
}

int register_member_export(Db *db, const char *zNumber, char **pzJson){
  Member m;
  *pzJson = 0;
  int rc = register_member_by_number(db, zNumber, &m);
  if( rc ) return rc;
  json_t *o = json_object();
  char zToday[11];
  date_today(zToday);
  json_object_set_new(o, "export", json_string("mandate subject access export"));
  json_object_set_new(o, "exported_on", json_string(zToday));
  json_t *j = json_object();
  json_set_text(j, "membership_number", m.zNumber);
  json_set_text(j, "first_name", m.zFirstName);
  json_set_text(j, "last_name", m.zLastName);
  json_set_text(j, "status", m.zStatus);
  json_set_text(j, "employer", m.zEmployer);
  json_set_text(j, "workplace_code", m.zUnitCode);
  json_set_text(j, "workplace", m.zUnitName);
  json_set_text(j, "category", m.zCategory);
  json_set_text(j, "employment_type", m.zEmploymentType);
  json_set_text(j, "email", m.zEmail);
  json_set_text(j, "email_verified_on", m.zEmailVerifiedOn);
  json_set_text(j, "mobile", m.zMobile);
  json_set_text(j, "mobile_verified_on", m.zMobileVerifiedOn);
  json_set_text(j, "address_line1", m.zAddressLine1);
  json_set_text(j, "address_line2", m.zAddressLine2);
  json_set_text(j, "town", m.zTown);
  json_set_text(j, "postcode", m.zPostcode);
  json_set_text(j, "address_kind", m.zAddressKind);
  json_set_text(j, "address_verified_on", m.zAddressVerifiedOn);
  json_set_text(j, "joined_on", m.zJoinedOn);
  json_object_set_new(o, "member", j);

  MemberDetail d;
  rc = register_member_detail(db, m.id, &d);
  json_t *a = json_array();
  for(int i=0; i<d.nPosition; i++){
    json_t *p = json_object();
    json_set_text(p, "position", d.aPosition[i].zKind);
    json_set_text(p, "unit_code", d.aPosition[i].zUnitCode);
    json_set_text(p, "unit", d.aPosition[i].zUnitName);
    json_set_text(p, "since", d.aPosition[i].zSince);
    json_array_append_new(a, p);
  }
  json_object_set_new(o, "positions", a);
  a = json_array();
  for(int i=0; i<d.nConversation; i++){
    Conversation *c = &d.aConversation[i];
    json_t *p = json_object();
    json_set_text(p, "held_on", c->zHeldOn);
    json_set_text(p, "by_membership_number", c->zByNumber);
    json_set_text(p, "by", c->zByName);
    json_object_set_new(p, "assessment", c->assessment ? json_integer(c->assessment) : json_null());
    json_set_text(p, "issues", c->zIssues);
    json_set_text(p, "notes", c->zNotes);
    json_array_append_new(a, p);
  }
  json_object_set_new(o, "conversations_about_member", a);
  member_detail_clear(&d);

  /* Conversations this member held with others: we record that they held
  ** them, and when, but the others' details are not theirs to receive. */
  a = json_array();
  DbStmt *s = db_prepare(db, "SELECT held_on FROM conversations WHERE by_member_id=?"
                             " ORDER BY held_on DESC");
  db_bind_int(s, 1, m.id);
  while( db_step(s)==DB_ROW ) json_array_append_new(a, json_string(db_col_text(s, 0)));
  db_finalize(s);
  json_object_set_new(o, "conversations_held_by_member_on", a);

  a = json_array();
  s = db_prepare(db, "SELECT us.username, us.role, u.code, us.created_at FROM users us"
                     " JOIN units u ON u.id=us.unit_id WHERE us.member_id=?");
  db_bind_int(s, 1, m.id);
  while( db_step(s)==DB_ROW ){
    json_t *p = json_object();
    json_set_text(p, "username", db_col_text(s, 0));
    json_set_text(p, "role", db_col_text(s, 1));
    json_set_text(p, "scope_unit", db_col_text(s, 2));
    json_set_text(p, "created_at", db_col_text(s, 3));
    json_array_append_new(a, p);
  }
  db_finalize(s);
  json_object_set_new(o, "accounts", a);
  *pzJson = json_dumps(o, JSON_INDENT(2)|JSON_PRESERVE_ORDER);
  json_decref(o);
  return rc;
}

int register_member_erase(Db *db, const char *zNumber){
  Member m;
  int rc = register_member_by_number(db, zNumber, &m);
  if( rc ) return rc;
  if( db_begin(db) ) return -1;
  /* Cascades remove their positions, conversations about them and their
  ** account; conversations they held keep the date but lose the author. */
  DbStmt *s = db_prepare(db, "DELETE FROM members WHERE id=?");
  db_bind_int(s, 1, m.id);
  rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR || register_refresh_stats_unit(db, m.unitId) || db_commit(db) ){
    db_rollback(db);
    return -1;
  }
  /* secure_delete zeroed the freed pages; a checkpoint moves them out of the
  ** write-ahead log too, so the erased data is gone from the files. */
  db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  return 0;
}
