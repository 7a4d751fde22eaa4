/* pledge.c: conditional collective pledge campaigns over the store: the
** campaign and its scope, the credential roll, pledges and withdrawals
** received, progress counted in SQL, the opening of exactly the counted
** names into the collective document, and expiry. See pledge.h and
** docs/pledges.md. */
#include "pledge.h"
#include "outbox.h"
#include "../crypto/seal.h"
#include "../util/escape.h"
#include "../util/mem.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *zErr, size_t nErr, const char *zFmt, ...) __attribute__((format(printf,3,4)));
static int fail(char *zErr, size_t nErr, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, nErr, zFmt, ap);
  va_end(ap);
  return -1;
}

/* ---- templates ---- */

typedef struct Template Template;
struct Template { const char *zName, *zText, *zAction; };

static const Template aTemplate[] = {
  { "section44",
    "We, the undersigned employees, believe that there are circumstances of danger at our "
    "workplace which we reasonably believe to be serious and imminent and which we cannot "
    "reasonably be expected to avert. Under section 44 of the Employment Rights Act 1996 "
    "we are leaving, or refusing to return to, the dangerous parts of the workplace until "
    "the danger is removed. Each of us states the danger in our own words below.",
    "Sign the collective Section 44 letter" },
  { "undated_resignation",
    "We, the undersigned, each hand our union an undated resignation, to be dated and "
    "submitted together only if enough of us do the same.",
    "Hand in an undated resignation" },
  { "strike",
    "We, the undersigned, pledge to take strike action together, if enough of our "
    "colleagues pledge the same.",
    "Take strike action" },
  { "solidarity",
    "We, the undersigned, pledge our solidarity with the workers named in this campaign, "
    "and to act with them, if enough of us pledge the same.",
    "Take solidarity action" },
};

static const Template *template_find(const char *z){
  for(size_t i=0; z && i<sizeof aTemplate/sizeof aTemplate[0]; i++) if( strcmp(z, aTemplate[i].zName)==0 ) return &aTemplate[i];
  return 0;
}
const char *pledge_template_text(const char *z){ const Template *t = template_find(z); return t ? t->zText : 0; }
const char *pledge_template_action(const char *z){ const Template *t = template_find(z); return t ? t->zAction : 0; }

/* ---- actions and triggers ---- */

/* "N", "X%", optionally followed by "/workplace". */
static int trigger_parse(PledgeAction *p, const char *z, char *zErr, size_t nErr){
  char *zEnd;
  unsigned long long v;
  errno = 0;
  if( !z || !isdigit((unsigned char)*z) ) goto bad;
  v = strtoull(z, &zEnd, 10);
  if( errno || v<1 ) goto bad;
  p->kind = PLEDGE_TRIGGER_COUNT;
  if( *zEnd=='%' ){
    if( v>100 ) goto bad;
    p->kind = PLEDGE_TRIGGER_PERCENT;
    zEnd++;
  }else if( v>100000000 ){
    goto bad;
  }
  p->value = v;
  p->every = 0;
  if( strcmp(zEnd, "/workplace")==0 ) p->every = 1;
  else if( *zEnd ) goto bad;
  return 0;
bad:
  return fail(zErr, nErr, "\"%s\" is not a trigger: N (at least N pledges) or X%% (of those in scope), "
              "optionally followed by /workplace (in every workplace)", z ? z : "");
}

int pledge_action_parse(PledgeAction *p, char **pzOwned, const char *z, const char *zDefault,
                        char *zErr, size_t nErr){
  char *zCopy = xstrdup(z), *zEq = strrchr(zCopy, '=');
  memset(p, 0, sizeof *p);
  *pzOwned = 0;
  if( zEq ) *zEq = 0;
  if( trigger_parse(p, zEq ? zEq+1 : zDefault, zErr, nErr) ){ free(zCopy); return -1; }
  if( !*zCopy || strlen(zCopy)>PLEDGE_MAX_LABEL ){ free(zCopy); return fail(zErr, nErr, "an action needs a label of 1 to %d bytes", PLEDGE_MAX_LABEL); }
  p->zLabel = zCopy;
  *pzOwned = zCopy;
  return 0;
}

char *pledge_trigger_text(const PledgeAction *p){
  Buf b = BUF_INIT;
  buf_printf(&b, "at least %llu%s%s", (unsigned long long)p->value,
             p->kind==PLEDGE_TRIGGER_PERCENT ? "% of those in scope" : " pledges",
             p->every ? " in every workplace" : "");
  return buf_steal(&b);
}

/* Is a count n of nIn enough for the trigger? (pledge_board.c's rule.) */
static int trigger_met(const PledgeAction *p, int64_t n, int64_t nIn){
  if( p->kind==PLEDGE_TRIGGER_COUNT ) return n >= (int64_t)p->value;
  return nIn>0 && n*100 >= (int64_t)p->value*nIn;
}

/* ---- small helpers ---- */

static int code_valid(const char *z){
  size_t n = z ? strlen(z) : 0;
  if( n<1 || n>40 || !isalnum((unsigned char)z[0]) ) return 0;
  for(size_t i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !isalnum(c) && c!='-' && c!='_' && c!='.' ) return 0;
  }
  return 1;
}

static char *hex_of(const unsigned char *a, size_t n){
  char *z = xmalloc(2*n+1);
  board_hex(z, a, n);
  return z;
}

/* The bytes of hex string z (NULL if it is not hex). Caller frees. */
static unsigned char *unhex_of(const char *z, size_t *pn){
  size_t n = z ? strlen(z) : 0;
  unsigned char *a;
  if( n==0 || n%2 ) return 0;
  a = xmalloc(n/2);
  if( board_unhex(a, n/2, z) ){ free(a); return 0; }
  *pn = n/2;
  return a;
}

int pledge_board_load(const char *zPath, PledgeReport *r, char *zErr, size_t nErr){
  FILE *in = fopen(zPath, "rb");
  Buf b = BUF_INIT;
  char a[65536];
  size_t n;
  memset(r, 0, sizeof *r);
  if( in==0 ) return fail(zErr, nErr, "%s: %s", zPath, strerror(errno));
  while( (n = fread(a, 1, sizeof a, in))>0 ) buf_append(&b, a, n);
  fclose(in);
  pledge_board_verify((const unsigned char*)buf_str(&b), b.n, r);
  buf_reset(&b);
  if( !r->ok ) return fail(zErr, nErr, "%s line %zu (%s): %s", zPath, r->iFailLine, r->zFailType, r->zFail);
  return 0;
}

static int board_add(const char *zPath, int eType, const unsigned char *p, size_t n, char *zErr, size_t nErr){
  BoardWriter w;
  if( board_writer_open(&w, zPath, zErr, nErr) ) return -1;
  if( board_append(&w, eType, p, n) | board_writer_close(&w) ) return fail(zErr, nErr, "%s: write failed", zPath);
  return 0;
}

/* The campaign row: id, state, deadline; -1 if there is none. */
static int64_t campaign_row(Db *db, const char *zCode, char *zState, char *zDeadline, char *zErr, size_t nErr){
  DbStmt *s = db_prepare(db, "SELECT id, state, deadline FROM pledge_campaigns WHERE code=?");
  int64_t id = -1;
  db_bind_text(s, 1, zCode);
  if( db_step(s)==DB_ROW ){
    id = db_col_int(s, 0);
    if( zState ) snprintf(zState, 16, "%s", db_col_text(s, 1));
    if( zDeadline ) snprintf(zDeadline, 11, "%s", db_col_text(s, 2));
  }
  db_finalize(s);
  if( id<0 ) fail(zErr, nErr, "no pledge campaign '%s'", zCode ? zCode : "");
  return id;
}

int pledge_campaign_load(Db *db, const char *zCode, PledgeCampaign *c, char **pzBoard,
                         char *zErr, size_t nErr){
  DbStmt *s = db_prepare(db, "SELECT definition, board_path FROM pledge_campaigns WHERE code=?");
  int rc = -1;
  memset(c, 0, sizeof *c);
  if( pzBoard ) *pzBoard = 0;
  db_bind_text(s, 1, zCode);
  if( db_step(s)==DB_ROW ){
    size_t n;
    unsigned char *a = unhex_of(db_col_text(s, 0), &n);
    if( a && pledge_campaign_decode(c, a, n, zErr, nErr)==0 ){
      rc = 0;
      if( pzBoard ) *pzBoard = xstrdup(db_col_text(s, 1));
    }else if( !a ){
      fail(zErr, nErr, "campaign '%s': its stored definition is damaged", zCode);
    }
    free(a);
  }else{
    fail(zErr, nErr, "no pledge campaign '%s'", zCode ? zCode : "");
  }
  db_finalize(s);
  return rc;
}

/* ---- create ---- */

/* Members in scope, as a WHERE clause over members m; the query begins
** with SCOPE_CTE, whose one parameter is the campaign id. */
#define SCOPE_CTE "WITH sc AS (SELECT kind, value FROM pledge_scope WHERE campaign_id=?) "
#define IN_SCOPE \
  " m.status='active'" \
  " AND (NOT EXISTS (SELECT 1 FROM sc WHERE sc.kind='unit')" \
  "      OR EXISTS (SELECT 1 FROM sc JOIN units su ON su.code=sc.value JOIN units mu ON mu.id=m.unit_id" \
  "                 WHERE sc.kind='unit' AND mu.lft BETWEEN su.lft AND su.rgt))" \
  " AND (NOT EXISTS (SELECT 1 FROM sc WHERE sc.kind='employer')" \
  "      OR EXISTS (SELECT 1 FROM sc JOIN employers e ON e.name=sc.value" \
  "                 WHERE sc.kind='employer' AND e.id=m.employer_id))" \
  " AND (NOT EXISTS (SELECT 1 FROM sc WHERE sc.kind='category')" \
  "      OR EXISTS (SELECT 1 FROM sc WHERE sc.kind='category' AND sc.value=m.category))" \
  " AND (NOT EXISTS (SELECT 1 FROM sc WHERE sc.kind='employment_type')" \
  "      OR EXISTS (SELECT 1 FROM sc WHERE sc.kind='employment_type' AND sc.value=m.employment_type))"

static int scope_insert(Db *db, int64_t cid, const char *zKind, int n, const char *const *az,
                        char *zErr, size_t nErr){
  DbStmt *s = db_prepare(db, "INSERT INTO pledge_scope(campaign_id, kind, value) VALUES (?,?,?) ON CONFLICT DO NOTHING");
  DbStmt *q = 0;
  int rc = 0;
  if( strcmp(zKind, "unit")==0 ) q = db_prepare(db, "SELECT count(*) FROM units WHERE code=?");
  if( strcmp(zKind, "employer")==0 ) q = db_prepare(db, "SELECT count(*) FROM employers WHERE name=?");
  for(int i=0; rc==0 && i<n; i++){
    if( q ){
      db_reset(q);
      db_bind_text(q, 1, az[i]);
      if( db_step(q)!=DB_ROW || db_col_int(q, 0)==0 ){
        rc = fail(zErr, nErr, "no %s '%s' in the register", zKind, az[i]);
        break;
      }
    }
    db_reset(s);
    db_bind_int(s, 1, cid);
    db_bind_text(s, 2, zKind);
    db_bind_text(s, 3, az[i]);
    if( db_step(s)==DB_ERROR ) rc = fail(zErr, nErr, "%s", db_errmsg(db));
  }
  db_finalize(s);
  db_finalize(q);
  return rc;
}

int pledge_campaign_create(Db *db, const PledgeSpec *spec, char *zErr, size_t nErr){
  PledgeCampaign c;
  Buf def = BUF_INIT, path = BUF_INIT, scope = BUF_INIT;
  DbStmt *s;
  int64_t cid;
  int rc = -1, bMadeDir = 0;
  char *zHex = 0;
  memset(&c, 0, sizeof c);
  if( !code_valid(spec->zCode) ) return fail(zErr, nErr, "the code must be 1-40 letters, digits, '-', '_' or '.', starting with a letter or digit");
  if( !pledge_template_valid(spec->zTemplate) ) return fail(zErr, nErr, "--template must be section44, undated_resignation, strike or solidarity");
  if( !spec->zDeadline || !spec->zToday || strcmp(spec->zDeadline, spec->zToday)<0 ) return fail(zErr, nErr, "the deadline may not be in the past");
  if( spec->nAction<1 || spec->nAction>PLEDGE_MAX_ACTIONS ) return fail(zErr, nErr, "1 to %d actions", PLEDGE_MAX_ACTIONS);
  if( campaign_row(db, spec->zCode, 0, 0, zErr, nErr)>=0 ) return fail(zErr, nErr, "a pledge campaign '%s' already exists", spec->zCode);
  buf_printf(&path, "%s/board", spec->zBoardDir);
  if( access(path.z, F_OK)==0 ){ fail(zErr, nErr, "%s already exists", path.z); goto out0; }
  if( db_begin(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out0; }
  s = db_prepare(db, "INSERT INTO pledge_campaigns(code, title, template, deadline, board_path, campaign_id, definition, created_on)"
                     " VALUES (?,?,?,?,?,'','',?) RETURNING id");
  db_bind_text(s, 1, spec->zCode); db_bind_text(s, 2, spec->zTitle); db_bind_text(s, 3, spec->zTemplate);
  db_bind_text(s, 4, spec->zDeadline); db_bind_text(s, 5, path.z); db_bind_text(s, 6, spec->zToday);
  cid = db_step(s)==DB_ROW ? db_col_int(s, 0) : -1;
  db_finalize(s);
  if( cid<0 ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
  if( scope_insert(db, cid, "unit", spec->nUnit, spec->azUnit, zErr, nErr)
   || scope_insert(db, cid, "employer", spec->nEmployer, spec->azEmployer, zErr, nErr)
   || scope_insert(db, cid, "category", spec->nCategory, spec->azCategory, zErr, nErr)
   || scope_insert(db, cid, "employment_type", spec->nEmploymentType, spec->azEmploymentType, zErr, nErr) ) goto out;
  /* a human-readable scope for the definition */
  {
    static const char *const azKind[] = { "units", "employers", "categories", "employment types" };
    const int an[] = { spec->nUnit, spec->nEmployer, spec->nCategory, spec->nEmploymentType };
    const char *const *aaz[] = { spec->azUnit, spec->azEmployer, spec->azCategory, spec->azEmploymentType };
    for(int k=0; k<4; k++){
      if( an[k]==0 ) continue;
      buf_printf(&scope, "%s%s: ", scope.n ? "; " : "", azKind[k]);
      for(int i=0; i<an[k]; i++) buf_printf(&scope, "%s%s", i ? ", " : "", aaz[k][i]);
    }
    if( scope.n==0 ) buf_puts(&scope, "the whole union");
    buf_puts(&scope, " (active members)");
  }
  /* the workplaces: those of the active members in scope, by code */
  {
    DbStmt *w = db_prepare(db, SCOPE_CTE "SELECT u.id, u.code, u.name FROM units u WHERE u.id IN"
                               " (SELECT m.unit_id FROM members m WHERE" IN_SCOPE ") ORDER BY u.code");
    DbStmt *ins = db_prepare(db, "INSERT INTO pledge_workplaces(campaign_id, group_no, unit_id) VALUES (?,?,?)");
    c.azGroup = xcalloc(PLEDGE_MAX_GROUPS, sizeof *c.azGroup);
    db_bind_int(w, 1, cid);
    while( db_step(w)==DB_ROW && c.nGroup<PLEDGE_MAX_GROUPS ){
      Buf label = BUF_INIT;
      buf_printf(&label, "%s %s", db_col_text(w, 1), db_col_text(w, 2));
      c.azGroup[c.nGroup++] = buf_steal(&label);
      db_reset(ins);
      db_bind_int(ins, 1, cid); db_bind_int(ins, 2, c.nGroup); db_bind_int(ins, 3, db_col_int(w, 0));
      if( db_step(ins)==DB_ERROR ){ fail(zErr, nErr, "%s", db_errmsg(db)); db_finalize(w); db_finalize(ins); goto out; }
    }
    db_finalize(w);
    db_finalize(ins);
    if( c.nGroup==0 ){ fail(zErr, nErr, "no active member is in this scope"); goto out; }
  }
  c.zCode = xstrdup(spec->zCode);
  c.zTitle = xstrdup(spec->zTitle);
  c.zTemplate = xstrdup(spec->zTemplate);
  c.zText = xstrdup(spec->zText ? spec->zText : pledge_template_text(spec->zTemplate));
  c.zScope = xstrdup(scope.z);
  c.zDeadline = xstrdup(spec->zDeadline);
  c.authority = spec->authority;
  c.nTrustee = spec->nTrustee;
  c.nThreshold = spec->nThreshold;
  c.aCommit = xcalloc((size_t)spec->nTrustee*spec->nThreshold, sizeof *c.aCommit);
  memcpy(c.aCommit, spec->aCommit, (size_t)spec->nTrustee*spec->nThreshold*sizeof *c.aCommit);
  c.nAction = (uint32_t)spec->nAction;
  c.aAction = xcalloc((size_t)spec->nAction, sizeof *c.aAction);
  for(int a=0; a<spec->nAction; a++){
    c.aAction[a] = spec->aAction[a];
    c.aAction[a].zLabel = xstrdup(spec->aAction[a].zLabel);
  }
  if( pledge_campaign_finish(&c, zErr, nErr) ) goto out;
  pledge_campaign_encode(&c, &def);
  {
    DbStmt *u = db_prepare(db, "UPDATE pledge_campaigns SET campaign_id=?, definition=? WHERE id=?");
    char *zId = hex_of(c.id, PLEDGE_ID_BYTES);
    zHex = hex_of((unsigned char*)def.z, def.n);
    db_bind_text(u, 1, zId); db_bind_text(u, 2, zHex); db_bind_int(u, 3, cid);
    int bad = db_step(u)==DB_ERROR;
    db_finalize(u);
    free(zId);
    if( bad ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
    DbStmt *a = db_prepare(db, "INSERT INTO pledge_actions(campaign_id, action_no, label, trigger_kind, trigger_value, every_workplace) VALUES (?,?,?,?,?,?)");
    for(uint32_t i=0; !bad && i<c.nAction; i++){
      db_reset(a);
      db_bind_int(a, 1, cid); db_bind_int(a, 2, i+1); db_bind_text(a, 3, c.aAction[i].zLabel);
      db_bind_text(a, 4, c.aAction[i].kind==PLEDGE_TRIGGER_PERCENT ? "percent" : "count");
      db_bind_int(a, 5, (int64_t)c.aAction[i].value); db_bind_int(a, 6, c.aAction[i].every);
      bad = db_step(a)==DB_ERROR;
    }
    db_finalize(a);
    DbStmt *t = db_prepare(db, "INSERT INTO pledge_trustees(campaign_id, trustee_no, verification_key) VALUES (?,?,?)");
    for(uint32_t j=0; !bad && j<c.nTrustee; j++){
      char *zVk = hex_of(c.aTrusteeKey[j].a, GROUP_POINT_BYTES);
      db_reset(t);
      db_bind_int(t, 1, cid); db_bind_int(t, 2, j+1); db_bind_text(t, 3, zVk);
      bad = db_step(t)==DB_ERROR;
      free(zVk);
    }
    db_finalize(t);
    if( bad ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
  }
  if( mkdir(spec->zBoardDir, 0755) && errno!=EEXIST ){ fail(zErr, nErr, "%s: %s", spec->zBoardDir, strerror(errno)); goto out; }
  bMadeDir = 1;
  if( board_add(path.z, BOARD_PLEDGE_CAMPAIGN, (unsigned char*)def.z, def.n, zErr, nErr) ) goto out;
  if( db_commit(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); unlink(path.z); goto out; }
  rc = 0;
out:
  if( rc ){
    db_rollback(db);
    if( bMadeDir ) unlink(path.z);
  }
out0:
  pledge_campaign_clear(&c);
  free(zHex);
  buf_reset(&def); buf_reset(&path); buf_reset(&scope);
  return rc;
}

/* ---- the roll and credentials ---- */

int64_t pledge_roll(Db *db, const char *zCode, PledgeRollFn xRow, void *pArg, char *zErr, size_t nErr){
  int64_t cid = campaign_row(db, zCode, 0, 0, zErr, nErr), n = 0;
  DbStmt *s;
  if( cid<0 ) return -1;
  s = db_prepare(db, SCOPE_CTE "SELECT m.number, w.group_no FROM members m"
                     " JOIN pledge_workplaces w ON w.campaign_id=? AND w.unit_id=m.unit_id"
                     " WHERE" IN_SCOPE " ORDER BY m.number");
  db_bind_int(s, 1, cid);
  db_bind_int(s, 2, cid);
  while( db_step(s)==DB_ROW ){
    if( xRow(pArg, db_col_text(s, 0), (uint32_t)db_col_int(s, 1)) ) break;
    n++;
  }
  db_finalize(s);
  return n;
}

static int board_last_type(const char *zPath);

int pledge_credentials_publish(Db *db, const char *zCode, const unsigned char *pItem, size_t nItem,
                               char *zErr, size_t nErr){
  PledgeCampaign c;
  PledgeReport r;
  char *zBoard = 0, zState[16];
  Buf all = BUF_INIT;
  int64_t cid = campaign_row(db, zCode, zState, 0, zErr, nErr);
  int rc = -1;
  memset(&r, 0, sizeof r);
  if( cid<0 || pledge_campaign_load(db, zCode, &c, &zBoard, zErr, nErr) ) return -1;
  if( strcmp(zState, "open") ){ fail(zErr, nErr, "campaign '%s' is %s", zCode, zState); goto out0; }
  /* the batch on its own (signature, workplace, keys); a key published
  ** twice is refused by the store's UNIQUE (campaign_id, public_key); the
  ** board must not have begun an opening */
  {
    uint32_t iG;
    size_t nC;
    int eLast = board_last_type(zBoard);
    if( pledge_credentials_parse(&c, pItem, nItem, &iG, &nC, zErr, nErr) ){
      char zWhy[300];
      snprintf(zWhy, sizeof zWhy, "%s", zErr);
      fail(zErr, nErr, "the credentials are refused: %s", zWhy); goto out0;
    }
    if( eLast!=BOARD_PLEDGE_CAMPAIGN && eLast!=BOARD_PLEDGE_CREDENTIAL && eLast!=BOARD_PLEDGE && eLast!=BOARD_PLEDGE_WITHDRAWAL ){
      fail(zErr, nErr, "the credentials are refused: the board is closed or unreadable"); goto out0;
    }
  }
  if( db_begin(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out0; }
  {
    uint64_t iGroup = 0, nCred = 0;
    for(int i=7; i>=0; i--){ iGroup = (iGroup<<8) | pItem[i]; nCred = (nCred<<8) | pItem[8+i]; }
    DbStmt *s = db_prepare(db, "INSERT INTO pledge_credentials(campaign_id, public_key, group_no) VALUES (?,?,?)");
    for(uint64_t i=0; i<nCred; i++){
      char *zPk = hex_of(pItem + 16 + i*GROUP_POINT_BYTES, GROUP_POINT_BYTES);
      db_reset(s);
      db_bind_int(s, 1, cid); db_bind_text(s, 2, zPk); db_bind_int(s, 3, (int64_t)iGroup);
      int bad = db_step(s)==DB_ERROR;
      free(zPk);
      if( bad ){ fail(zErr, nErr, "the credentials are refused: a key is already published (%s)", db_errmsg(db)); db_finalize(s); goto out; }
    }
    db_finalize(s);
  }
  if( board_add(zBoard, BOARD_PLEDGE_CREDENTIAL, pItem, nItem, zErr, nErr) ) goto out;
  if( db_commit(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
  rc = 0;
out:
  if( rc ) db_rollback(db);
out0:
  pledge_report_clear(&r);
  pledge_campaign_clear(&c);
  free(zBoard);
  buf_reset(&all);
  return rc;
}

/* ---- pledges and withdrawals ---- */

/* The type of the board's last item (BOARD_NONE if it cannot be read).
** Openings freeze a board, so "the last item is an opening" is "an
** opening has begun"; reading one line keeps each pledge O(1). */
static int board_last_type(const char *zPath){
  FILE *in = fopen(zPath, "rb");
  long end, start;
  int c, eType = BOARD_NONE;
  char zType[40];
  size_t n = 0;
  if( in==0 ) return BOARD_NONE;
  if( fseek(in, 0, SEEK_END)==0 && (end = ftell(in))>1 ){
    for(start = end-1; start>0; start--){
      if( fseek(in, start-1, SEEK_SET) || (c = fgetc(in))==EOF || c=='\n' ) break;
    }
    if( fseek(in, start, SEEK_SET)==0 ){
      while( n<sizeof zType-1 && (c = fgetc(in))!=EOF && c!=' ' ) zType[n++] = (char)c;
      zType[n] = 0;
      for(int t=1; t<BOARD_TYPE_COUNT; t++) if( strcmp(zType, board_type_name(t))==0 ) eType = t;
    }
  }
  fclose(in);
  return eType;
}

/* fail() for the intake: the message, and the code k to return. */
static PledgeIntakeCode refuse(PledgeIntakeCode k, char *zErr, size_t nErr, const char *zFmt, ...)
  __attribute__((format(printf,4,5)));
static PledgeIntakeCode refuse(PledgeIntakeCode k, char *zErr, size_t nErr, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, nErr, zFmt, ap);
  va_end(ap);
  return k;
}

static PledgeIntakeCode board_still_open(const char *zBoard, const char *zCode, char *zErr, size_t nErr);

/* The campaign, open and before its deadline: its id (*pCid), definition
** and board path. PLEDGE_INTAKE_OK, or why not. */
static PledgeIntakeCode campaign_open_for_pledges(Db *db, const char *zCode, const char *zToday, int64_t *pCid,
                                                  PledgeCampaign *c, char **pzBoard, char *zErr, size_t nErr){
  char zState[16], zDeadline[11];
  int64_t cid = campaign_row(db, zCode, zState, zDeadline, zErr, nErr);
  if( cid<0 ) return PLEDGE_INTAKE_UNKNOWN;
  if( strcmp(zState, "open") ) return refuse(PLEDGE_INTAKE_CLOSED, zErr, nErr, "campaign '%s' is %s: it takes no more pledges", zCode, zState);
  if( strcmp(zToday, zDeadline)>0 ) return refuse(PLEDGE_INTAKE_CLOSED, zErr, nErr, "campaign '%s' closed on its deadline, %s", zCode, zDeadline);
  /* the row is there: a definition that does not load is the store's fault */
  if( pledge_campaign_load(db, zCode, c, pzBoard, zErr, nErr) ) return PLEDGE_INTAKE_STORE;
  *pCid = cid;
  return board_still_open(*pzBoard, zCode, zErr, nErr);
}

int pledge_board_lock(const char *zBoard){
  int fd = open(zBoard, O_RDONLY|O_CLOEXEC);
  if( fd<0 ) return -1;
  if( flock(fd, LOCK_EX) ){ close(fd); return -1; }
  return fd;
}

void pledge_board_unlock(int fd){
  if( fd>=0 ){ flock(fd, LOCK_UN); close(fd); }
}

/* Refuse (PLEDGE_INTAKE_CLOSED) if the trustees have begun opening; checked
** again under the board's lock. */
static PledgeIntakeCode board_still_open(const char *zBoard, const char *zCode, char *zErr, size_t nErr){
  int eLast = board_last_type(zBoard);
  if( eLast!=BOARD_PLEDGE_CAMPAIGN && eLast!=BOARD_PLEDGE_CREDENTIAL && eLast!=BOARD_PLEDGE && eLast!=BOARD_PLEDGE_WITHDRAWAL ){
    return refuse(PLEDGE_INTAKE_CLOSED, zErr, nErr, "the trustees have begun opening campaign '%s': the pledges are frozen", zCode);
  }
  return PLEDGE_INTAKE_OK;
}

/* Take the database's write lock before reading anything a pledge depends
** on (the credential's sequence number, the board's last line), so that
** two pledges arriving at once are checked and chained one after the
** other: the first statement of the transaction is a write. */
static int campaign_lock(Db *db, int64_t cid){
  DbStmt *s = db_prepare(db, "UPDATE pledge_campaigns SET state=state WHERE id=?");
  int rc;
  db_bind_int(s, 1, cid);
  rc = db_step(s)==DB_ERROR ? -1 : 0;
  db_finalize(s);
  return rc;
}

/* The credential row of pk in campaign cid (and its last sequence number),
** -1 if it was not issued, -2 if the store failed. */
static int64_t credential_row(Db *db, int64_t cid, const GroupPoint *pk, int64_t *pSeq){
  DbStmt *s = db_prepare(db, "SELECT id, last_seq FROM pledge_credentials WHERE campaign_id=? AND public_key=?");
  char *zPk = hex_of(pk->a, GROUP_POINT_BYTES);
  int64_t id = -1;
  int eStep;
  db_bind_int(s, 1, cid);
  db_bind_text(s, 2, zPk);
  eStep = db_step(s);
  if( eStep==DB_ROW ){ id = db_col_int(s, 0); *pSeq = db_col_int(s, 1); }
  else if( eStep==DB_ERROR ) id = -2;
  db_finalize(s);
  free(zPk);
  return id;
}

/* Stop counting credential credId's live pledge, deleting its sealed name. */
static int retire_live(Db *db, int64_t credId, int bWithdrawn){
  DbStmt *s = db_prepare(db, "UPDATE pledges SET live=0, sealed=NULL, withdrawn=? WHERE credential_id=? AND live=1");
  int rc;
  db_bind_int(s, 1, bWithdrawn);
  db_bind_int(s, 2, credId);
  rc = db_step(s)==DB_ERROR ? -1 : 0;
  db_finalize(s);
  return rc;
}

static int set_seq(Db *db, int64_t credId, uint64_t seq){
  DbStmt *s = db_prepare(db, "UPDATE pledge_credentials SET last_seq=? WHERE id=?");
  int rc;
  db_bind_int(s, 1, (int64_t)seq);
  db_bind_int(s, 2, credId);
  rc = db_step(s)==DB_ERROR ? -1 : 0;
  db_finalize(s);
  return rc;
}

/* The credential of item p, issued for campaign cid, and p the next in
** its sequence: its row id in *pCredId. Inside the intake's transaction. */
static PledgeIntakeCode credential_next(Db *db, int64_t cid, const char *zCode, const PledgeItem *p,
                                        int64_t *pCredId, char *zErr, size_t nErr){
  int64_t lastSeq = 0, credId = credential_row(db, cid, &p->cred, &lastSeq);
  if( credId==-2 ) return refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db));
  if( credId<0 ) return refuse(PLEDGE_INTAKE_NOT_ISSUED, zErr, nErr, "this credential was not issued for campaign '%s'", zCode);
  if( p->seq != (uint64_t)lastSeq + 1 ){
    return refuse(PLEDGE_INTAKE_REPLAY, zErr, nErr, "sequence number %llu, expected %lld (replayed?)",
                  (unsigned long long)p->seq, (long long)lastSeq+1);
  }
  *pCredId = credId;
  return PLEDGE_INTAKE_OK;
}

PledgeIntakeCode pledge_submit(Db *db, const char *zCode, const char *zToday,
                               const unsigned char *pItem, size_t nItem,
                               const unsigned char *pSealed, size_t nSealed,
                               char *zReceipt, char *zErr, size_t nErr){
  PledgeCampaign c;
  PledgeItem p;
  GroupPoint a;
  unsigned char aHash[32], aItemHash[BOARD_HASH_BYTES];
  char *zBoard = 0, *zSealed = 0;
  int64_t cid = -1, credId = -1, pid;
  PledgeIntakeCode k;
  int fdLock = -1, bBegun = 0;
  BoardWriter w;
  memset(&c, 0, sizeof c);
  k = campaign_open_for_pledges(db, zCode, zToday, &cid, &c, &zBoard, zErr, nErr);
  if( k!=PLEDGE_INTAKE_OK ) goto out;
  /* the board's lock, held to the end: a trustee's opening (which takes
  ** it too) lands wholly before this pledge or wholly after it */
  if( (fdLock = pledge_board_lock(zBoard))<0 ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s: cannot lock the board", zBoard); goto out; }
  if( (k = board_still_open(zBoard, zCode, zErr, nErr))!=PLEDGE_INTAKE_OK ) goto out;
  if( pledge_item_parse(&p, &c, pItem, nItem, zErr, nErr) ){ k = PLEDGE_INTAKE_INVALID; goto out; }
  if( seal_ephemeral(&a, pSealed, nSealed) || nSealed > SEAL_MAX_BYTES || !group_point_eq(&a, &p.a) ){
    k = refuse(PLEDGE_INTAKE_INVALID, zErr, nErr, "the sealed name is not the one the pledge signs"); goto out;
  }
  pledge_sealed_hash(aHash, pSealed, nSealed);
  if( sodium_memcmp(aHash, p.sealedHash, 32) ){
    k = refuse(PLEDGE_INTAKE_INVALID, zErr, nErr, "the sealed name is not the one the pledge signs"); goto out;
  }
  bBegun = 1;
  if( db_begin(db) || campaign_lock(db, cid) ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out; }
  if( (k = credential_next(db, cid, zCode, &p, &credId, zErr, nErr))!=PLEDGE_INTAKE_OK ) goto out;
  if( board_writer_open(&w, zBoard, zErr, nErr) ){ k = PLEDGE_INTAKE_STORE; goto out; }
  board_item_hash(aItemHash, BOARD_PLEDGE, w.last, pItem, nItem);
  board_tracker_of_hash(zReceipt, aItemHash);
  zSealed = hex_of(pSealed, nSealed);
  {
    DbStmt *s = db_prepare(db, "INSERT INTO pledges(campaign_id, credential_id, seq, received_on, receipt, sealed, live)"
                               " VALUES (?,?,?,?,?,?,1) RETURNING id");
    if( retire_live(db, credId, 0) ){
      db_finalize(s); board_writer_close(&w);
      k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out;
    }
    db_bind_int(s, 1, cid); db_bind_int(s, 2, credId); db_bind_int(s, 3, (int64_t)p.seq);
    db_bind_text(s, 4, zToday); db_bind_text(s, 5, zReceipt); db_bind_text(s, 6, zSealed);
    pid = db_step(s)==DB_ROW ? db_col_int(s, 0) : -1;
    db_finalize(s);
    DbStmt *ch = db_prepare(db, "INSERT INTO pledge_choices(pledge_id, action_no) VALUES (?,?)");
    int bad = pid<0;
    for(uint32_t i=0; !bad && i<c.nAction; i++){
      if( !((p.actions >> i) & 1) ) continue;
      db_reset(ch);
      db_bind_int(ch, 1, pid); db_bind_int(ch, 2, i+1);
      bad = db_step(ch)==DB_ERROR;
    }
    db_finalize(ch);
    if( bad || set_seq(db, credId, p.seq) ){
      board_writer_close(&w);
      k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out;
    }
  }
  if( board_append(&w, BOARD_PLEDGE, pItem, nItem) | board_writer_close(&w) ){
    k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s: write failed", zBoard); goto out;
  }
  if( db_commit(db) ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out; }
  k = PLEDGE_INTAKE_OK;
out:
  if( k!=PLEDGE_INTAKE_OK && bBegun ) db_rollback(db);
  pledge_board_unlock(fdLock);
  pledge_campaign_clear(&c);
  free(zBoard);
  if( zSealed ){ sodium_memzero(zSealed, strlen(zSealed)); free(zSealed); }
  return k;
}

PledgeIntakeCode pledge_withdraw(Db *db, const char *zCode, const char *zToday,
                                 const unsigned char *pItem, size_t nItem, char *zErr, size_t nErr){
  PledgeCampaign c;
  PledgeItem p;
  char *zBoard = 0;
  int64_t cid = -1, credId = -1;
  PledgeIntakeCode k;
  int fdLock = -1, bBegun = 0;
  memset(&c, 0, sizeof c);
  k = campaign_open_for_pledges(db, zCode, zToday, &cid, &c, &zBoard, zErr, nErr);
  if( k!=PLEDGE_INTAKE_OK ) goto out;
  if( (fdLock = pledge_board_lock(zBoard))<0 ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s: cannot lock the board", zBoard); goto out; }
  if( (k = board_still_open(zBoard, zCode, zErr, nErr))!=PLEDGE_INTAKE_OK ) goto out;
  if( pledge_withdraw_parse(&p, &c, pItem, nItem, zErr, nErr) ){ k = PLEDGE_INTAKE_INVALID; goto out; }
  bBegun = 1;
  if( db_begin(db) || campaign_lock(db, cid) ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out; }
  if( (k = credential_next(db, cid, zCode, &p, &credId, zErr, nErr))!=PLEDGE_INTAKE_OK ) goto out;
  {
    DbStmt *s = db_prepare(db, "SELECT count(*) FROM pledges WHERE credential_id=? AND live=1");
    int64_t nLive = -1;
    db_bind_int(s, 1, credId);
    if( db_step(s)==DB_ROW ) nLive = db_col_int(s, 0);
    else refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db));
    db_finalize(s);
    if( nLive<0 ){ k = PLEDGE_INTAKE_STORE; goto out; }
    if( nLive==0 ){ k = refuse(PLEDGE_INTAKE_INVALID, zErr, nErr, "this credential has no pledge to withdraw"); goto out; }
  }
  if( retire_live(db, credId, 1) || set_seq(db, credId, p.seq) ){
    k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out;
  }
  if( board_add(zBoard, BOARD_PLEDGE_WITHDRAWAL, pItem, nItem, zErr, nErr) ){ k = PLEDGE_INTAKE_STORE; goto out; }
  if( db_commit(db) ){ k = refuse(PLEDGE_INTAKE_STORE, zErr, nErr, "%s", db_errmsg(db)); goto out; }
  k = PLEDGE_INTAKE_OK;
out:
  if( k!=PLEDGE_INTAKE_OK && bBegun ) db_rollback(db);
  pledge_board_unlock(fdLock);
  pledge_campaign_clear(&c);
  free(zBoard);
  return k;
}

/* ---- progress ---- */

int pledge_status(Db *db, const char *zCode, PledgeStatus *st, char *zErr, size_t nErr){
  DbStmt *s;
  int64_t cid;
  memset(st, 0, sizeof *st);
  s = db_prepare(db, "SELECT id, code, title, template, state, deadline FROM pledge_campaigns WHERE code=?");
  db_bind_text(s, 1, zCode);
  if( db_step(s)!=DB_ROW ){ db_finalize(s); return fail(zErr, nErr, "no pledge campaign '%s'", zCode ? zCode : ""); }
  cid = db_col_int(s, 0);
  st->zCode = xstrdup(db_col_text(s, 1)); st->zTitle = xstrdup(db_col_text(s, 2));
  st->zTemplate = xstrdup(db_col_text(s, 3)); st->zState = xstrdup(db_col_text(s, 4));
  st->zDeadline = xstrdup(db_col_text(s, 5));
  db_finalize(s);
  s = db_prepare(db, "SELECT action_no, label, trigger_kind, trigger_value, every_workplace FROM pledge_actions"
                     " WHERE campaign_id=? ORDER BY action_no");
  db_bind_int(s, 1, cid);
  while( db_step(s)==DB_ROW && st->nAction<PLEDGE_MAX_ACTIONS ){
    PledgeAction *a = &st->aAction[st->nAction++];
    a->zLabel = xstrdup(db_col_text(s, 1));
    a->kind = strcmp(db_col_text(s, 2), "percent")==0 ? PLEDGE_TRIGGER_PERCENT : PLEDGE_TRIGGER_COUNT;
    a->value = (uint64_t)db_col_int(s, 3);
    a->every = (uint32_t)db_col_int(s, 4);
  }
  db_finalize(s);
  /* workplaces with the credentials issued in each */
  s = db_prepare(db, "SELECT w.group_no, u.code, u.name,"
                     " (SELECT count(*) FROM pledge_credentials c WHERE c.campaign_id=w.campaign_id AND c.group_no=w.group_no)"
                     " FROM pledge_workplaces w JOIN units u ON u.id=w.unit_id WHERE w.campaign_id=? ORDER BY w.group_no");
  db_bind_int(s, 1, cid);
  while( db_step(s)==DB_ROW ){
    int64_t g = db_col_int(s, 0);
    if( g<1 || g>PLEDGE_MAX_GROUPS ) continue;
    if( g>st->nWorkplace ){
      st->aWorkplace = xrealloc(st->aWorkplace, (size_t)g * sizeof *st->aWorkplace);
      memset(&st->aWorkplace[st->nWorkplace], 0, (size_t)(g - st->nWorkplace)*sizeof *st->aWorkplace);
      st->nWorkplace = (int)g;
    }
    PledgeWorkplace *w = &st->aWorkplace[g-1];
    w->zCode = xstrdup(db_col_text(s, 1));
    w->zName = xstrdup(db_col_text(s, 2));
    w->nInScope = db_col_int(s, 3);
    st->nInScope += w->nInScope;
  }
  db_finalize(s);
  /* live pledges by workplace and action */
  s = db_prepare(db, "SELECT c.group_no, ch.action_no, count(*) FROM pledges p"
                     " JOIN pledge_credentials c ON c.id=p.credential_id"
                     " JOIN pledge_choices ch ON ch.pledge_id=p.id"
                     " WHERE p.campaign_id=? AND p.live=1 GROUP BY c.group_no, ch.action_no");
  db_bind_int(s, 1, cid);
  while( db_step(s)==DB_ROW ){
    int64_t g = db_col_int(s, 0), a = db_col_int(s, 1), n = db_col_int(s, 2);
    if( g<1 || g>st->nWorkplace || a<1 || a>(int64_t)st->nAction ) continue;
    st->aWorkplace[g-1].aCount[a-1] = n;
    st->aCount[a-1] += n;
  }
  db_finalize(s);
  s = db_prepare(db, "SELECT coalesce(sum(live),0), coalesce(sum(withdrawn),0) FROM pledges WHERE campaign_id=?");
  db_bind_int(s, 1, cid);
  if( db_step(s)==DB_ROW ){ st->nLive = db_col_int(s, 0); st->nWithdrawn = db_col_int(s, 1); }
  db_finalize(s);
  for(uint32_t a=0; a<st->nAction; a++){
    const PledgeAction *p = &st->aAction[a];
    for(int g=0; g<st->nWorkplace; g++){
      st->aWorkplace[g].aMet[a] = trigger_met(p, st->aWorkplace[g].aCount[a], st->aWorkplace[g].nInScope);
    }
    if( p->every ){
      int met = st->nInScope>0;
      for(int g=0; met && g<st->nWorkplace; g++) if( st->aWorkplace[g].nInScope && !st->aWorkplace[g].aMet[a] ) met = 0;
      st->aMet[a] = met;
    }else{
      st->aMet[a] = trigger_met(p, st->aCount[a], st->nInScope);
    }
    st->anyMet |= st->aMet[a];
  }
  return 0;
}

void pledge_status_clear(PledgeStatus *st){
  free(st->zCode); free(st->zTitle); free(st->zTemplate); free(st->zState); free(st->zDeadline);
  for(uint32_t a=0; a<st->nAction; a++) free(st->aAction[a].zLabel);
  for(int g=0; g<st->nWorkplace; g++){ free(st->aWorkplace[g].zCode); free(st->aWorkplace[g].zName); }
  free(st->aWorkplace);
  memset(st, 0, sizeof *st);
}

const char *pledge_receipt_state(Db *db, const char *zCode, const char *zReceipt){
  DbStmt *s = db_prepare(db, "SELECT p.live, p.withdrawn FROM pledges p JOIN pledge_campaigns c ON c.id=p.campaign_id"
                             " WHERE c.code=? AND p.receipt=?");
  const char *z = 0;
  db_bind_text(s, 1, zCode);
  db_bind_text(s, 2, zReceipt);
  if( db_step(s)==DB_ROW ) z = db_col_int(s, 0) ? "counted" : db_col_int(s, 1) ? "withdrawn" : "replaced";
  db_finalize(s);
  return z;
}

/* ---- the trigger: opening and the collective document ---- */

/* One opened signatory. */
typedef struct Signatory Signatory;
struct Signatory {
  char *zName, *zStatement, *zNumber;   /* owned */
  uint64_t actions;
  uint32_t iGroup;
};

static int signatory_cmp(const void *a, const void *b){
  const Signatory *x = a, *y = b;
  if( x->iGroup!=y->iGroup ) return x->iGroup < y->iGroup ? -1 : 1;
  return strcmp(x->zName, y->zName);
}

static void document_write(Buf *pDoc, const PledgeCampaign *c, const PledgeReport *r,
                           const Signatory *aSig, size_t nSig, const char *zToday){
  int bS44 = strcmp(c->zTemplate, "section44")==0;
  char zId[2*PLEDGE_ID_BYTES+1], zHead[2*BOARD_HASH_BYTES+1];
  board_hex(zId, c->id, PLEDGE_ID_BYTES);
  board_hex(zHead, r->head, BOARD_HASH_BYTES);
  buf_puts(pDoc, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
  html_escape(pDoc, c->zTitle);
  buf_puts(pDoc, "</title>\n<style>body{font-family:serif;max-width:48em;margin:2em auto;line-height:1.4}"
                 "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em;text-align:left;vertical-align:top}"
                 ".meta{font-size:.85em;color:#444}</style></head><body>\n<h1>");
  html_escape(pDoc, c->zTitle);
  buf_puts(pDoc, "</h1>\n<p>");
  html_escape(pDoc, c->zText);
  buf_puts(pDoc, "</p>\n");
  for(uint32_t a=0; a<c->nAction; a++){
    size_t nIn = 0;
    char *zTrig = pledge_trigger_text(&c->aAction[a]);
    if( !((r->metMask >> a) & 1) ){ free(zTrig); continue; }
    for(size_t i=0; i<nSig; i++) nIn += (aSig[i].actions >> a) & 1;
    buf_puts(pDoc, "<h2>");
    html_escape(pDoc, c->aAction[a].zLabel);
    buf_printf(pDoc, "</h2>\n<p class=\"meta\">%zu signatories; the trigger (", nIn);
    html_escape(pDoc, zTrig);
    buf_puts(pDoc, ") was met.</p>\n<table><tr><th>Name</th><th>Workplace</th>");
    if( bS44 ) buf_puts(pDoc, "<th>The danger, in their own words</th>");
    buf_puts(pDoc, "</tr>\n");
    for(size_t i=0; i<nSig; i++){
      if( !((aSig[i].actions >> a) & 1) ) continue;
      buf_puts(pDoc, "<tr><td>");
      html_escape(pDoc, aSig[i].zName);
      buf_puts(pDoc, "</td><td>");
      html_escape(pDoc, c->azGroup[aSig[i].iGroup-1]);
      buf_puts(pDoc, "</td>");
      if( bS44 ){ buf_puts(pDoc, "<td>"); html_escape(pDoc, aSig[i].zStatement); buf_puts(pDoc, "</td>"); }
      buf_puts(pDoc, "</tr>\n");
    }
    buf_puts(pDoc, "</table>\n");
    free(zTrig);
  }
  buf_printf(pDoc, "<p class=\"meta\">Opened on %s by %u of the %u trustees. Campaign %s; board head %s. "
                   "Anyone can check that these are exactly the pledges counted: mandate pledge verify.</p>\n"
                   "</body></html>\n", zToday, r->nOpening, c->nTrustee, zId, zHead);
}

/* The notice to one signatory, through the outbox (inside the caller's
** transaction). Matches the number to an active member working in the
** pledge's workplace; email first, else the mobile. */
static int notify_signatory(Db *db, int64_t cid, const PledgeCampaign *c, const Signatory *p,
                            PledgeNotify *pn, char *zErr, size_t nErr){
  DbStmt *s;
  int64_t memberId = 0;
  char zEmail[320] = "", zMobile[40] = "";
  Buf body = BUF_INIT, subject = BUF_INIT;
  OutboxNew m;
  char *zOutErr = 0;
  int rc = 0;
  if( !*p->zNumber ){ pn->nUnreached++; return 0; }
  s = db_prepare(db, "SELECT m.id, m.email, m.mobile FROM members m"
                     " JOIN pledge_workplaces w ON w.unit_id=m.unit_id AND w.campaign_id=? AND w.group_no=?"
                     " WHERE m.number=? AND m.status='active'");
  db_bind_int(s, 1, cid);
  db_bind_int(s, 2, p->iGroup);
  db_bind_text(s, 3, p->zNumber);
  if( db_step(s)==DB_ROW ){
    memberId = db_col_int(s, 0);
    db_col_copy(s, 1, zEmail, sizeof zEmail);
    db_col_copy(s, 2, zMobile, sizeof zMobile);
  }
  db_finalize(s);
  if( memberId==0 || (!*zEmail && !*zMobile) ){ pn->nUnreached++; return 0; }
  memset(&m, 0, sizeof m);
  buf_printf(&subject, "%s: the trigger was met", c->zTitle);
  buf_printf(&body, "%s\n\nEnough of you signed: the trigger was met, and your pledge is now in the "
                    "collective document with every other signatory's", *zEmail ? "Dear member," : c->zTitle);
  if( *zEmail ){
    buf_printf(&body, " (\"%s\").\n\nYou committed to:\n", c->zTitle);
    for(uint32_t a=0; a<c->nAction; a++) if( (p->actions >> a) & 1 ) buf_printf(&body, "  - %s\n", c->aAction[a].zLabel);
    buf_puts(&body, "\nYour union will be in touch about what happens next.");
    if( pn->zLetterUrl && *pn->zLetterUrl ) buf_printf(&body, " The letter: %s", pn->zLetterUrl);
    buf_puts(&body, "\n");
  }else{
    buf_puts(&body, ". Your union will be in touch.");
  }
  m.zChannel = *zEmail ? "email" : "sms";
  m.zRecipient = *zEmail ? zEmail : zMobile;
  m.zSubject = *zEmail ? subject.z : 0;
  m.zBody = body.z;
  m.zPurpose = "pledge_opened";
  m.memberId = memberId;
  if( pn->bQueue ){
    if( outbox_enqueue_in_tx(db, &m, 1, 0, &zOutErr) ){
      /* an unusable address is not a reason to keep the letter back */
      if( zOutErr && strncmp(zOutErr, "message ", 8)==0 ){ pn->nUnreached++; free(zOutErr); goto out; }
      rc = fail(zErr, nErr, "cannot queue the notices: %s", zOutErr ? zOutErr : "store error");
      free(zOutErr);
      goto out;
    }
  }
  if( *zEmail ) pn->nEmail++; else pn->nSms++;
out:
  buf_reset(&body);
  buf_reset(&subject);
  return rc;
}

int pledge_plaintext(Buf *pOut, const char *zName, const char *zStatement, const char *zNumber,
                     char *zErr, size_t nErr){
  const char *az[3] = { zName, zStatement ? zStatement : "", zNumber ? zNumber : "" };
  static const size_t anMax[3] = { 200, 3000, 31 };
  static const char *const azWhat[3] = { "the name", "the statement", "the membership number" };
  if( !zName || !*zName ) return fail(zErr, nErr, "the name is required");
  for(int i=0; i<3; i++){
    if( strlen(az[i])>anMax[i] ) return fail(zErr, nErr, "%s: at most %zu bytes", azWhat[i], anMax[i]);
    for(const unsigned char *q=(const unsigned char*)az[i]; *q; q++){
      if( *q<0x20 && !(i==1 && (*q=='\n' || *q=='\t' || *q=='\r')) ) return fail(zErr, nErr, "%s has a control character", azWhat[i]);
    }
  }
  for(int i=0; i<3; i++){ if( i ) buf_putc(pOut, 0); buf_puts(pOut, az[i]); }
  return 0;
}

int64_t pledge_open(Db *db, const char *zCode, const char *zToday, Buf *pDoc, PledgeNotify *pNotify,
                    char *zErr, size_t nErr){
  PledgeCampaign c;
  PledgeReport r;
  char *zBoard = 0, zState[16];
  int64_t cid = campaign_row(db, zCode, zState, 0, zErr, nErr), rc = -1;
  Signatory *aSig = 0;
  size_t nSig = 0;
  GroupPoint *aD = 0;
  uint64_t aCount[PLEDGE_MAX_ACTIONS] = {0};
  DbStmt *s = 0;
  Buf item = BUF_INIT;
  memset(&r, 0, sizeof r);
  if( cid<0 ) return -1;
  if( strcmp(zState, "open") ) return fail(zErr, nErr, "campaign '%s' is %s", zCode, zState);
  if( pledge_campaign_load(db, zCode, &c, &zBoard, zErr, nErr) ) return -1;
  if( pledge_board_load(zBoard, &r, zErr, nErr) ) goto out;
  if( r.hasExpiry || r.hasOpened ){ fail(zErr, nErr, "the board already ends"); goto out; }
  if( r.nOpening < c.nThreshold ){
    fail(zErr, nErr, "%u of the %u trustees have opened; %u are needed (each runs 'mandate pledge open --secret FILE --board DIR')",
         r.nOpening, c.nTrustee, c.nThreshold); goto out;
  }
  aSig = xcalloc(r.nToOpen ? r.nToOpen : 1, sizeof *aSig);
  aD = xcalloc(r.nOpening, sizeof *aD);
  s = db_prepare(db, "SELECT sealed FROM pledges WHERE campaign_id=? AND receipt=? AND live=1");
  for(size_t i=0; i<r.nToOpen; i++){
    const PledgeEntry *e = &r.aPledge[r.aToOpen[i]];
    char zReceipt[BOARD_TRACKER_CHARS+1];
    unsigned char aAd[PLEDGE_ID_BYTES + GROUP_POINT_BYTES], aHash[32], *aSealed = 0;
    size_t nSealed = 0;
    GroupPoint k;
    Buf plain = BUF_INIT;
    for(uint32_t o=0; o<r.nOpening; o++) aD[o] = r.aShare[(size_t)o*r.nToOpen + i];
    if( seal_combine(&k, r.aOpenIdx, r.nOpening, aD) ){ fail(zErr, nErr, "cannot combine the shares (a bug)"); goto out; }
    board_tracker_of_hash(zReceipt, e->hash);
    db_reset(s);
    db_bind_int(s, 1, cid);
    db_bind_text(s, 2, zReceipt);
    if( db_step(s)==DB_ROW ) aSealed = unhex_of(db_col_text(s, 0), &nSealed);
    if( aSealed==0 ){ fail(zErr, nErr, "the sealed name of the pledge on board line %zu is missing from the database", e->iLine); goto out; }
    pledge_sealed_hash(aHash, aSealed, nSealed);
    pledge_seal_ad(aAd, &c, &r.aCred[e->iCred].pk);
    if( sodium_memcmp(aHash, e->sealedHash, 32) || seal_open(&plain, &k, aAd, sizeof aAd, aSealed, nSealed) ){
      free(aSealed); buf_reset(&plain);
      fail(zErr, nErr, "the sealed name of the pledge on board line %zu does not open to its commitment", e->iLine); goto out;
    }
    free(aSealed);
    buf_putc(&plain, 0);   /* "name\0statement\0" */
    aSig[nSig].zName = xstrdup(plain.z);
    {
      size_t nName = strlen(plain.z), nStmt;
      aSig[nSig].zStatement = xstrdup(nName + 1 < plain.n ? plain.z + nName + 1 : "");
      nStmt = strlen(aSig[nSig].zStatement);
      aSig[nSig].zNumber = xstrdup(nName + nStmt + 2 < plain.n ? plain.z + nName + nStmt + 2 : "");
    }
    aSig[nSig].actions = e->actions & r.metMask;
    aSig[nSig].iGroup = r.aCred[e->iCred].iGroup;
    nSig++;
    sodium_memzero(plain.z, plain.n);
    buf_reset(&plain);
  }
  qsort(aSig, nSig, sizeof *aSig, signatory_cmp);
  for(uint32_t a=0; a<c.nAction; a++){
    if( (r.metMask >> a) & 1 ) aCount[a] = r.aCount[(size_t)a*(c.nGroup+1)];
  }
  pledge_opened_encode(&item, nSig, aCount, c.nAction);
  if( db_begin(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
  {
    DbStmt *u = db_prepare(db, "UPDATE pledge_campaigns SET state='opened', closed_on=? WHERE id=?");
    db_bind_text(u, 1, zToday);
    db_bind_int(u, 2, cid);
    int bad = db_step(u)==DB_ERROR;
    db_finalize(u);
    if( bad ) fail(zErr, nErr, "%s", db_errmsg(db));
    if( pNotify ){
      pNotify->nEmail = pNotify->nSms = pNotify->nUnreached = 0;
      for(size_t i=0; !bad && i<nSig; i++) bad = notify_signatory(db, cid, &c, &aSig[i], pNotify, zErr, nErr)!=0;
      if( bad ){ db_rollback(db); goto out; }
    }
    if( bad || board_add(zBoard, BOARD_PLEDGE_OPENED, (unsigned char*)item.z, item.n, zErr, nErr) ){
      db_rollback(db);
      goto out;
    }
    if( db_commit(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); db_rollback(db); goto out; }
  }
  document_write(pDoc, &c, &r, aSig, nSig, zToday);
  rc = (int64_t)nSig;
out:
  db_finalize(s);
  for(size_t i=0; i<nSig; i++){ free(aSig[i].zName); free(aSig[i].zStatement); free(aSig[i].zNumber); }
  free(aSig);
  free(aD);
  buf_reset(&item);
  pledge_report_clear(&r);
  pledge_campaign_clear(&c);
  free(zBoard);
  return rc;
}

/* ---- expiry ---- */

int64_t pledge_expire(Db *db, const char *zCode, const char *zToday, char *zErr, size_t nErr){
  PledgeReport r;
  char *zBoard = 0, zState[16], zDeadline[11];
  int64_t cid = campaign_row(db, zCode, zState, zDeadline, zErr, nErr), rc = -1;
  PledgeCampaign c;
  Buf item = BUF_INIT;
  memset(&r, 0, sizeof r);
  if( cid<0 ) return -1;
  if( strcmp(zState, "open") ) return fail(zErr, nErr, "campaign '%s' is %s", zCode, zState);
  if( strcmp(zToday, zDeadline)<=0 ) return fail(zErr, nErr, "campaign '%s' runs until %s: it expires after its deadline", zCode, zDeadline);
  if( pledge_campaign_load(db, zCode, &c, &zBoard, zErr, nErr) ) return -1;
  if( pledge_board_load(zBoard, &r, zErr, nErr) ) goto out;
  if( r.nOpening ){ fail(zErr, nErr, "the trustees have begun opening: finish with 'mandate pledge open'"); goto out; }
  pledge_expiry_encode(&item, r.nLive, zToday);
  if( db_begin(db) ){ fail(zErr, nErr, "%s", db_errmsg(db)); goto out; }
  {
    DbStmt *u = db_prepare(db, "UPDATE pledges SET sealed=NULL WHERE campaign_id=?");
    DbStmt *v = db_prepare(db, "UPDATE pledge_campaigns SET state='expired', closed_on=? WHERE id=?");
    db_bind_int(u, 1, cid);
    db_bind_text(v, 1, zToday);
    db_bind_int(v, 2, cid);
    int bad = db_step(u)==DB_ERROR || db_step(v)==DB_ERROR;
    db_finalize(u);
    db_finalize(v);
    if( bad ){ fail(zErr, nErr, "%s", db_errmsg(db)); db_rollback(db); goto out; }
  }
  if( board_add(zBoard, BOARD_PLEDGE_EXPIRY, (unsigned char*)item.z, item.n, zErr, nErr) || db_commit(db) ){
    db_rollback(db);
    if( !*zErr ) fail(zErr, nErr, "%s", db_errmsg(db));
    goto out;
  }
  if( db_checkpoint(db) ){ fail(zErr, nErr, "the names are deleted but the database log could not be emptied: %s", db_errmsg(db)); goto out; }
  rc = (int64_t)r.nLive;
out:
  buf_reset(&item);
  pledge_report_clear(&r);
  pledge_campaign_clear(&c);
  free(zBoard);
  return rc;
}

/* ---- for the web: keys, lists, history, a credential's state ---- */

/* One "name value" line of a key file: the value (in place), or NULL. */
static char *key_line(char *zLine, const char *zName){
  size_t n = strlen(zName);
  while( *zLine==' ' || *zLine=='\t' ) zLine++;
  if( strncmp(zLine, zName, n) || zLine[n]!=' ' ) return 0;
  zLine += n;
  while( *zLine==' ' ) zLine++;
  for(char *z = zLine + strlen(zLine); z>zLine && (z[-1]==' ' || z[-1]=='\r' || z[-1]=='\t'); ) *--z = 0;
  return zLine;
}

static int point_of_hex(GroupPoint *p, const char *z){
  unsigned char a[GROUP_POINT_BYTES];
  return !z || strlen(z)!=2*GROUP_POINT_BYTES || board_unhex(a, sizeof a, z) || group_point_decode(p, a) ? -1 : 0;
}

int pledge_keys_parse(const char *zTrustees, const char *zAuthority, GroupPoint *pAuth,
                      uint32_t *pn, uint32_t *pk, GroupPoint **paCommit, char *zErr, size_t nErr){
  char *zCopy = xstrdup(zTrustees ? zTrustees : ""), *zLine, *zNext, *zV;
  uint32_t n = 0, k = 0, iCur = 0, aHave[PLEDGE_MAX_TRUSTEES+1] = {0};
  GroupPoint *aC = 0;
  int iLine = 0, rc = -1, bAuth = 0;
  *paCommit = 0;
  for(zLine = zCopy; zLine; zLine = zNext){
    unsigned long v;
    char *zEnd;
    zNext = strchr(zLine, '\n');
    if( zNext ) *zNext++ = 0;
    iLine++;
    if( (zV = key_line(zLine, "trustees"))!=0 || (zV = key_line(zLine, "threshold"))!=0 ){
      uint32_t *pDst = key_line(zLine, "trustees") ? &n : &k;
      v = strtoul(zV, &zEnd, 10);
      if( *zEnd || v<1 || v>PLEDGE_MAX_TRUSTEES ){ fail(zErr, nErr, "trustees' keys, line %d: not a number of trustees", iLine); goto out; }
      if( *pDst && *pDst!=v ){ fail(zErr, nErr, "trustees' keys, line %d: the files are from different ceremonies", iLine); goto out; }
      *pDst = (uint32_t)v;
      if( n && k && !aC ){
        if( k>n ){ fail(zErr, nErr, "trustees' keys: a threshold of %u of %u trustees", k, n); goto out; }
        aC = xcalloc((size_t)n*k, sizeof *aC);
      }
    }else if( (zV = key_line(zLine, "index"))!=0 ){
      v = strtoul(zV, &zEnd, 10);
      if( *zEnd || v<1 || v>PLEDGE_MAX_TRUSTEES ){ fail(zErr, nErr, "trustees' keys, line %d: not a trustee number", iLine); goto out; }
      if( aHave[v] ){ fail(zErr, nErr, "trustees' keys, line %d: trustee %lu's file is given twice", iLine, v); goto out; }
      iCur = (uint32_t)v;
    }else if( (zV = key_line(zLine, "commitment"))!=0 ){
      GroupPoint p;
      if( !aC || iCur==0 || iCur>n ){ fail(zErr, nErr, "trustees' keys, line %d: a commitment before its file's index, trustees and threshold lines", iLine); goto out; }
      if( aHave[iCur]>=k ){ fail(zErr, nErr, "trustees' keys, line %d: more than %u commitments for trustee %u", iLine, k, iCur); goto out; }
      if( point_of_hex(&p, zV) ){ fail(zErr, nErr, "trustees' keys, line %d: a commitment must be a group element in 64 hex digits", iLine); goto out; }
      aC[(size_t)(iCur-1)*k + aHave[iCur]++] = p;
    }
  }
  if( !aC ){ fail(zErr, nErr, "trustees' keys: paste every trustee's .public file (from 'mandate trustee keygen')"); goto out; }
  for(uint32_t i=1; i<=n; i++){
    if( aHave[i]!=k ){ fail(zErr, nErr, "trustees' keys: trustee %u's file is missing or incomplete (%u trustees, each with %u commitments)", i, n, k); goto out; }
  }
  {
    char *zA = xstrdup(zAuthority ? zAuthority : "");
    for(zLine = zA; zLine && !bAuth; zLine = zNext){
      zNext = strchr(zLine, '\n');
      if( zNext ) *zNext++ = 0;
      if( (zV = key_line(zLine, "public"))!=0 ){
        if( point_of_hex(pAuth, zV) ){ free(zA); fail(zErr, nErr, "the authority's key: \"public\" must be a group element in 64 hex digits"); goto out; }
        bAuth = 1;
      }
    }
    free(zA);
  }
  if( !bAuth ){ fail(zErr, nErr, "the authority's key: paste the credential authority's .public file (a \"public HEX\" line)"); goto out; }
  *pn = n; *pk = k; *paCommit = aC; aC = 0;
  rc = 0;
out:
  free(aC);
  free(zCopy);
  return rc;
}

int pledge_codes(Db *db, char ***pazCode){
  DbStmt *s = db_prepare(db, "SELECT code FROM pledge_campaigns ORDER BY id DESC");
  char **az = 0;
  int n = 0, nAlloc = 0, r;
  while( (r = db_step(s))==DB_ROW ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 16; az = xrealloc(az, (size_t)nAlloc*sizeof *az); }
    az[n++] = xstrdup(db_col_text(s, 0));
  }
  db_finalize(s);
  if( r==DB_ERROR ){ pledge_codes_free(az, n); *pazCode = 0; return -1; }
  *pazCode = az;
  return n;
}

void pledge_codes_free(char **az, int n){
  for(int i=0; i<n; i++) free(az[i]);
  free(az);
}

int pledge_history(Db *db, const char *zCode, char (**paDay)[11], int64_t **paCount){
  DbStmt *s = db_prepare(db, "SELECT p.received_on, count(*) FROM pledges p"
                             " WHERE p.campaign_id=(SELECT id FROM pledge_campaigns WHERE code=?) AND p.live=1"
                             " GROUP BY p.received_on ORDER BY p.received_on");
  char (*aDay)[11] = 0;
  int64_t *aCount = 0;
  int n = 0, nAlloc = 0, r;
  db_bind_text(s, 1, zCode);
  while( (r = db_step(s))==DB_ROW ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 32;
      aDay = xrealloc(aDay, (size_t)nAlloc*sizeof *aDay);
      aCount = xrealloc(aCount, (size_t)nAlloc*sizeof *aCount);
    }
    db_col_copy(s, 0, aDay[n], sizeof aDay[n]);
    aCount[n++] = db_col_int(s, 1);
  }
  db_finalize(s);
  if( r==DB_ERROR ){ free(aDay); free(aCount); *paDay = 0; *paCount = 0; return -1; }
  *paDay = aDay;
  *paCount = aCount;
  return n;
}

int pledge_credential_state(Db *db, const char *zCode, const char *zPublicHex,
                            int64_t *pSeq, int *pbLive){
  DbStmt *s;
  int rc = 1;
  char zLower[2*GROUP_POINT_BYTES+1];
  size_t n = zPublicHex ? strlen(zPublicHex) : 0;
  *pSeq = 0; *pbLive = 0;
  if( n!=2*GROUP_POINT_BYTES ) return 1;
  for(size_t i=0; i<n; i++){
    if( !isxdigit((unsigned char)zPublicHex[i]) ) return 1;
    zLower[i] = (char)tolower((unsigned char)zPublicHex[i]);
  }
  zLower[n] = 0;
  s = db_prepare(db, "SELECT c.last_seq, EXISTS (SELECT 1 FROM pledges p WHERE p.credential_id=c.id AND p.live=1)"
                     " FROM pledge_credentials c JOIN pledge_campaigns g ON g.id=c.campaign_id"
                     " WHERE g.code=? AND c.public_key=?");
  db_bind_text(s, 1, zCode);
  db_bind_text(s, 2, zLower);
  switch( db_step(s) ){
    case DB_ROW: *pSeq = db_col_int(s, 0); *pbLive = (int)db_col_int(s, 1); rc = 0; break;
    case DB_ERROR: rc = -1; break;
    default: break;
  }
  db_finalize(s);
  return rc;
}
