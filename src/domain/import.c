/* import.c: CSV import of units and members into the register.
**
** Every row is checked before anything is written; the whole file is one
** transaction, so a file with any bad row changes nothing. Problems are
** reported as FILE:LINE:COLUMN with what was expected. */
#include "register.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include "../util/strmap.h"
#include "../store/schema.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A column an import file may have. */
typedef struct ColumnSpec ColumnSpec;
struct ColumnSpec {
  const char *zName;      /* header name, lower case */
  int required;           /* must be present in the header */
  int maxLen;             /* longest value accepted, in bytes */
};

/* Collects problems for one import, stopping the list at maxErrors. */
typedef struct Problems Problems;
struct Problems {
  const char *zFile;      /* borrowed */
  ImportResult *pRes;     /* borrowed */
  int maxErrors;
};

static void problem(Problems *p, int line, int col, const char *zCol,
                    const char *zFmt, ...) __attribute__((format(printf,5,6)));
static void problem(Problems *p, int line, int col, const char *zCol,
                    const char *zFmt, ...){
  p->pRes->nError++;
  if( p->pRes->nError > p->maxErrors ) return;
  Buf *b = &p->pRes->errors;
  if( col>0 ) buf_printf(b, "%s:%d:%d", p->zFile, line, col);
  else buf_printf(b, "%s:%d", p->zFile, line);
  if( zCol ) buf_printf(b, " (%s)", zCol);
  buf_puts(b, ": ");
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(b, zFmt, ap);
  va_end(ap);
  buf_putc(b, '\n');
}

/* After the row loop: note how many problems were not listed. */
static void problems_finish(Problems *p){
  if( p->pRes->nError > p->maxErrors ){
    buf_printf(&p->pRes->errors, "%s: ... and %d more problems\n", p->zFile,
               p->pRes->nError - p->maxErrors);
  }
}

void import_result_clear(ImportResult *p){
  buf_reset(&p->errors);
  buf_reset(&p->warnings);
  memset(p, 0, sizeof(*p));
}

/* Map header fields onto aSpec: aIdx[k] = field index of spec k, or -1.
** Unknown columns become warnings; duplicate or missing required ones,
** problems. Returns the number of problems found. */
static int map_header(Problems *p, const CsvRow *pHdr, const ColumnSpec *aSpec,
                      int nSpec, int *aIdx){
  int nBad = 0;
  for(int k=0; k<nSpec; k++) aIdx[k] = -1;
  for(int i=0; i<pHdr->nField; i++){
    char zName[64];
    const char *z = pHdr->azField[i];
    while( *z==' ' ) z++;
    size_t n = strlen(z);
    while( n>0 && z[n-1]==' ' ) n--;
    if( n>=sizeof zName ) n = sizeof zName - 1;
    for(size_t j=0; j<n; j++) zName[j] = (char)tolower((unsigned char)z[j]);
    zName[n] = 0;
    int k;
    for(k=0; k<nSpec && strcmp(aSpec[k].zName, zName); k++){}
    if( k==nSpec ){
      buf_printf(&p->pRes->warnings, "%s:1:%d: unknown column '%s' ignored\n",
                 p->zFile, i+1, zName);
    }else if( aIdx[k]>=0 ){
      problem(p, 1, i+1, 0, "column '%s' appears twice", zName); nBad++;
    }else{
      aIdx[k] = i;
    }
  }
  for(int k=0; k<nSpec; k++){
    if( aSpec[k].required && aIdx[k]<0 ){
      problem(p, 1, 0, 0, "missing required column '%s'", aSpec[k].zName); nBad++;
    }
  }
  return nBad;
}

/* Read the header line and map it onto aSpec (see map_header). Returns 0,
** or -1 after reporting an empty file, a CSV error or a bad header. */
static int read_header(Problems *p, CsvReader *rd, const ColumnSpec *aSpec, int nSpec,
                       int *aIdx, int *pnHeader){
  CsvRow row;
  char *zErr = 0;
  int rc = csv_read(rd, &row, &zErr);
  if( rc<=0 ){
    if( rc<0 ){ problem(p, 0, 0, 0, "%s", zErr); free(zErr); }
    else problem(p, 1, 0, 0, "the file is empty: expected a header line");
    return -1;
  }
  *pnHeader = row.nField;
  return map_header(p, &row, aSpec, nSpec, aIdx) ? -1 : 0;
}

/* The field of column k in row r, trimmed of surrounding spaces, copied to
** zOut (NORM_MAX bytes); "" when the column is absent. */
static const char *field(const CsvRow *r, const int *aIdx, int k, char *zOut){
  zOut[0] = 0;
  if( aIdx[k]<0 || aIdx[k]>=r->nField ) return zOut;
  const char *z = r->azField[aIdx[k]];
  while( *z==' ' || *z=='\t' ) z++;
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  if( n>=NORM_MAX ) n = NORM_MAX-1;
  memcpy(zOut, z, n);
  zOut[n] = 0;
  return zOut;
}

/* Lower-case z in place, turning spaces and dashes into underscores: so
** "Border Security" matches border_security. */
static void to_keyword(char *z){
  for(; *z; z++){
    if( *z==' ' || *z=='-' ) *z = '_';
    else *z = (char)tolower((unsigned char)*z);
  }
}

static int in_list(const char *z, const char *const *az){
  for(; *az; az++) if( strcmp(z, *az)==0 ) return 1;
  return 0;
}

/* Check the field count and each value's length; report problems. */
static int check_shape(Problems *p, const CsvRow *r, int nHeader,
                       const ColumnSpec *aSpec, int nSpec, const int *aIdx){
  int nBad = 0;
  if( r->nField!=nHeader ){
    problem(p, r->line, 0, 0, "expected %d fields as in the header, found %d",
            nHeader, r->nField);
    return 1;
  }
  for(int k=0; k<nSpec; k++){
    if( aIdx[k]>=0 && (int)strlen(r->azField[aIdx[k]])>aSpec[k].maxLen ){
      problem(p, r->line, aIdx[k]+1, aSpec[k].zName,
              "expected at most %d characters", aSpec[k].maxLen);
      nBad++;
    }
  }
  return nBad;
}

/* Tell the progress callback, if any, how far through the file we are. */
static void progress(const ImportOpts *o, CsvReader *rd, size_t nTotal, int atEnd){
  if( o && o->xProgress ) o->xProgress(o->pProgressArg, atEnd ? nTotal : csv_offset(rd), nTotal);
}

/*************************** units ***************************/

enum { U_CODE, U_NAME, U_KIND, U_PARENT, U_SECTOR, U_N };
static const ColumnSpec aUnitCol[U_N] = {
  { "code",        1, 63 },
  { "name",        1, 199 },
  { "kind",        1, 15 },
  { "parent_code", 1, 63 },
  { "sector",      0, 23 },
};
static const char *const azKind[] = { "union", "group", "branch", "workplace", 0 };
static const char *const azSector[] = { "health", "education", "fire", "transport",
  "border_security", "nuclear", "other", 0 };

static int kind_level(const char *zKind){
  for(int i=0; azKind[i]; i++) if( strcmp(zKind, azKind[i])==0 ) return i;
  return -1;
}

/* One unit row held until every row is checked. */
typedef struct UnitRow UnitRow;
struct UnitRow {
  char *zCode, *zName, *zKind, *zParent, *zSector;   /* owned */
  int line;
};

/* Recompute the nested-set numbering (lft, rgt, depth) of the whole tree. */
static int renumber_tree(Db *db){
  /* Load id, parent in code order, then number by an iterative DFS. */
  DbStmt *s = db_prepare(db, "SELECT id, parent_id FROM units ORDER BY code");
  int n = 0, nAlloc = 0;
  int64_t *aId = 0, *aParent = 0;
  int rc;
  while( (rc = db_step(s))==DB_ROW ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 256;
      aId = xrealloc(aId, nAlloc*sizeof(int64_t));
      aParent = xrealloc(aParent, nAlloc*sizeof(int64_t));
    }
    aId[n] = db_col_int(s, 0);
    aParent[n] = db_col_int(s, 1);
    n++;
  }
  db_finalize(s);
  if( rc==DB_ERROR ){ free(aId); free(aParent); return -1; }
  /* children lists: aFirst/aNext linked lists in code order */
  int *aFirst = xmalloc((n+1)*sizeof(int)), *aNext = xmalloc((n+1)*sizeof(int));
  int *aLast = xmalloc((n+1)*sizeof(int));
  for(int i=0; i<=n; i++){ aFirst[i] = -1; aNext[i] = -1; aLast[i] = -1; }
  /* index n stands for "no parent" (roots) */
  StrMap byId = STRMAP_INIT;
  char zKey[24];
  for(int i=0; i<n; i++){
    snprintf(zKey, sizeof zKey, "%lld", (long long)aId[i]);
    strmap_add(&byId, zKey, i, 0);
  }
  for(int i=0; i<n; i++){
    int64_t p = n;
    if( aParent[i] ){
      snprintf(zKey, sizeof zKey, "%lld", (long long)aParent[i]);
      if( !strmap_get(&byId, zKey, &p) ) p = n;
    }
    if( aLast[p]<0 ) aFirst[p] = i; else aNext[aLast[p]] = i;
    aLast[p] = i;
  }
  strmap_clear(&byId);
  int64_t *aLft = xmalloc((n+1)*sizeof(int64_t)), *aRgt = xmalloc((n+1)*sizeof(int64_t));
  int *aDepth = xmalloc((n+1)*sizeof(int)), *aStack = xmalloc((n+2)*sizeof(int));
  int *aCursor = xmalloc((n+1)*sizeof(int));
  int64_t counter = 1;
  int sp = 0;
  aStack[sp++] = n; aCursor[n] = aFirst[n]; aDepth[n] = -1;
  while( sp>0 ){
    int top = aStack[sp-1];
    int child = aCursor[top];
    if( child<0 ){
      if( top<n ) aRgt[top] = counter++;
      sp--;
      continue;
    }
    aCursor[top] = aNext[child];
    aLft[child] = counter++;
    aDepth[child] = aDepth[top]+1;
    aCursor[child] = aFirst[child];
    aStack[sp++] = child;
  }
  s = db_prepare(db, "UPDATE units SET lft=?, rgt=?, depth=? WHERE id=?");
  rc = 0;
  for(int i=0; i<n && rc==0; i++){
    db_bind_int(s, 1, aLft[i]);
    db_bind_int(s, 2, aRgt[i]);
    db_bind_int(s, 3, aDepth[i]);
    db_bind_int(s, 4, aId[i]);
    if( db_step(s)==DB_ERROR ) rc = -1;
    db_reset(s);
  }
  db_finalize(s);
  free(aId); free(aParent); free(aFirst); free(aNext); free(aLast);
  free(aLft); free(aRgt); free(aDepth); free(aStack); free(aCursor);
  return rc;
}

/* Find the kind of a unit code: in the file's rows first, then the db.
** Returns the level (0 union .. 3 workplace) or -1 when unknown. */
static int lookup_level(Db *db, DbStmt *pKind, UnitRow *aRow, const StrMap *pCodes,
                        const char *zCode){
  int64_t i;
  if( pCodes && strmap_get(pCodes, zCode, &i) ) return kind_level(aRow[i].zKind);
  db_bind_text(pKind, 1, zCode);
  int level = -1;
  if( db_step(pKind)==DB_ROW ) level = kind_level(db_col_text(pKind, 0));
  db_reset(pKind);
  return level;
}

int register_import_units(Db *db, const char *zFile, const char *z, size_t n,
                          const ImportOpts *pOpts, ImportResult *pRes){
  Problems P = { zFile, pRes, pOpts && pOpts->maxErrors ? pOpts->maxErrors : 50 };
  CsvReader *rd = csv_open(z, n);
  CsvRow row;
  char *zErr = 0;
  int aIdx[U_N], nHeader = 0, rc;
  UnitRow *aRow = 0;
  StrMap codes = STRMAP_INIT;     /* unit code -> index in aRow */
  int nRow = 0, nAlloc = 0;

  if( read_header(&P, rd, aUnitCol, U_N, aIdx, &nHeader) ) goto done;

  /* Pass 1: read and check each row on its own. */
  while( (rc = csv_read(rd, &row, &zErr))>0 ){
    char zCode[NORM_MAX], zName[NORM_MAX], zKind[NORM_MAX], zParent[NORM_MAX], zSector[NORM_MAX];
    pRes->nRecords++;
    if( check_shape(&P, &row, nHeader, aUnitCol, U_N, aIdx) ) continue;
    field(&row, aIdx, U_CODE, zCode);
    field(&row, aIdx, U_NAME, zName);
    to_keyword((char*)field(&row, aIdx, U_KIND, zKind));
    field(&row, aIdx, U_PARENT, zParent);
    to_keyword((char*)field(&row, aIdx, U_SECTOR, zSector));
    int bad = 0;
    if( zCode[0]==0 ){ problem(&P, row.line, aIdx[U_CODE]+1, "code", "expected a unit code"); bad++; }
    else{
      for(const char *c=zCode; *c; c++){
        if( !isalnum((unsigned char)*c) && *c!='-' && *c!='_' && *c!='.' ){
          problem(&P, row.line, aIdx[U_CODE]+1, "code",
                  "expected letters, digits, '-', '_' or '.' in a unit code, got \"%s\"", zCode);
          bad++; break;
        }
      }
    }
    if( zName[0]==0 ){ problem(&P, row.line, aIdx[U_NAME]+1, "name", "expected a unit name"); bad++; }
    if( kind_level(zKind)<0 ){
      problem(&P, row.line, aIdx[U_KIND]+1, "kind",
              "expected union, group, branch or workplace, got \"%s\"", zKind); bad++;
    }
    if( zSector[0] && !in_list(zSector, azSector) ){
      problem(&P, row.line, aIdx[U_SECTOR]+1, "sector", "expected health, education, fire,"
              " transport, border security, nuclear or other, got \"%s\"", zSector); bad++;
    }else if( zSector[0] && strcmp(zKind, "workplace")!=0 ){
      problem(&P, row.line, aIdx[U_SECTOR]+1, "sector",
              "only a workplace has a sector; leave it empty for a %s", zKind); bad++;
    }
    int64_t iFirst;
    if( strmap_get(&codes, zCode, &iFirst) ){
      problem(&P, row.line, aIdx[U_CODE]+1, "code",
              "unit %s already appears on line %d", zCode, aRow[iFirst].line);
      bad++;
    }
    if( bad ) continue;
    strmap_add(&codes, zCode, nRow, 0);
    if( nRow==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 64; aRow = xrealloc(aRow, nAlloc*sizeof(UnitRow)); }
    UnitRow *u = &aRow[nRow++];
    u->zCode = xstrdup(zCode); u->zName = xstrdup(zName); u->zKind = xstrdup(zKind);
    u->zParent = xstrdup(zParent); u->zSector = xstrdup(zSector);
    u->line = row.line;
  }
  if( rc<0 ){ problem(&P, 0, 0, 0, "%s", zErr); free(zErr); goto done; }

  /* Pass 2: parents exist and sit one level up or more; one union. */
  DbStmt *pKind = db_prepare(db, "SELECT kind FROM units WHERE code=?");
  int64_t nRootsInDb = db_query_int(db, "SELECT count(*) FROM units WHERE parent_id IS NULL", 0);
  for(int i=0; i<nRow; i++){
    UnitRow *u = &aRow[i];
    int level = kind_level(u->zKind);
    int col = aIdx[U_PARENT]+1;
    if( level==0 ){
      if( u->zParent[0] ){
        problem(&P, u->line, col, "parent_code", "a union has no parent; leave it empty");
      }else if( nRootsInDb>0 && lookup_level(db, pKind, 0, 0, u->zCode)!=0 ){
        problem(&P, u->line, aIdx[U_KIND]+1, "kind", "the register already has a union");
      }
      continue;
    }
    if( u->zParent[0]==0 ){
      problem(&P, u->line, col, "parent_code", "expected the code of the %s's parent unit", u->zKind);
      continue;
    }
    int parentLevel = lookup_level(db, pKind, aRow, &codes, u->zParent);
    if( parentLevel<0 ){
      problem(&P, u->line, col, "parent_code",
              "expected an existing unit code, got \"%s\" (not in this file or the register)", u->zParent);
    }else if( parentLevel>=level ){
      problem(&P, u->line, col, "parent_code", "a %s cannot sit under a %s (%s)",
              u->zKind, azKind[parentLevel], u->zParent);
    }
  }
  db_finalize(pKind);
  int nUnion = 0;
  for(int i=0; i<nRow; i++) if( kind_level(aRow[i].zKind)==0 ) nUnion++;
  if( nUnion>1 ) problem(&P, 0, 0, 0, "expected one union at the root, found %d", nUnion);
  if( pRes->nError || (pOpts && pOpts->dryRun) ){
    /* count what would happen, for the dry-run summary */
    DbStmt *s = db_prepare(db, "SELECT 1 FROM units WHERE code=?");
    for(int i=0; i<nRow; i++){
      db_bind_text(s, 1, aRow[i].zCode);
      if( db_step(s)==DB_ROW ) pRes->nUpdated++; else pRes->nInserted++;
      db_reset(s);
    }
    db_finalize(s);
    goto done;
  }

  /* Pass 3: write, in one transaction. */
  if( db_begin(db) ) goto store_error;
  {
    DbStmt *pUp = db_prepare(db,
      "INSERT INTO units(code,name,kind,sector) VALUES(?,?,?,?)"
      " ON CONFLICT(code) DO UPDATE SET name=excluded.name, kind=excluded.kind,"
      " sector=excluded.sector RETURNING (SELECT count(*) FROM unit_stats WHERE unit_id=units.id)");
    DbStmt *pPar = db_prepare(db,
      "UPDATE units SET parent_id=(SELECT id FROM units p WHERE p.code=?) WHERE code=?");
    int ok = 1;
    for(int i=0; i<nRow && ok; i++){
      db_bind_text(pUp, 1, aRow[i].zCode);
      db_bind_text(pUp, 2, aRow[i].zName);
      db_bind_text(pUp, 3, aRow[i].zKind);
      db_bind_text(pUp, 4, aRow[i].zSector);
      if( db_step(pUp)!=DB_ROW ) ok = 0;
      else if( db_col_int(pUp, 0) ) pRes->nUpdated++; else pRes->nInserted++;
      db_reset(pUp);
    }
    for(int i=0; i<nRow && ok; i++){
      db_bind_text(pPar, 1, aRow[i].zParent);
      db_bind_text(pPar, 2, aRow[i].zCode);
      if( db_step(pPar)==DB_ERROR ) ok = 0;
      db_reset(pPar);
    }
    db_finalize(pUp);
    db_finalize(pPar);
    if( !ok || renumber_tree(db)
     || db_exec(db, "INSERT INTO unit_stats(unit_id,members,active,home_verified,"
                    "workplace_address,email,mobile,reps,assessed)"
                    " SELECT id,0,0,0,0,0,0,0,0 FROM units"
                    " WHERE id NOT IN (SELECT unit_id FROM unit_stats)")
     || db_commit(db) ){
      db_rollback(db);
      goto store_error;
    }
  }
  goto done;
store_error:
  problem(&P, 0, 0, 0, "the database refused the import: %s", db_errmsg(db));
done:
  problems_finish(&P);
  for(int i=0; i<nRow; i++){
    free(aRow[i].zCode); free(aRow[i].zName); free(aRow[i].zKind);
    free(aRow[i].zParent); free(aRow[i].zSector);
  }
  free(aRow);
  strmap_clear(&codes);
  csv_close(rd);
  return pRes->nError ? -1 : 0;
}

/*************************** members ***************************/

enum { M_NUMBER, M_FIRST, M_LAST, M_STATUS, M_EMPLOYER, M_WORKPLACE, M_CATEGORY,
       M_EMPTYPE, M_EMAIL, M_EMAIL_ON, M_MOBILE, M_MOBILE_ON, M_ADDR1, M_ADDR2,
       M_TOWN, M_POSTCODE, M_ADDR_KIND, M_ADDR_ON, M_JOINED, M_N };
static const ColumnSpec aMemberCol[M_N] = {
  { "membership_number",   1, 31 },
  { "first_name",          1, 99 },
  { "last_name",           1, 99 },
  { "status",              0, 12 },
  { "employer",            0, 199 },
  { "workplace_code",      1, 63 },
  { "category",            0, 99 },
  { "employment_type",     0, 31 },
  { "email",               0, 254 },
  { "email_verified_on",   0, 10 },
  { "mobile",              0, 30 },
  { "mobile_verified_on",  0, 10 },
  { "address_line1",       0, 199 },
  { "address_line2",       0, 199 },
  { "town",                0, 99 },
  { "postcode",            0, 10 },
  { "address_kind",        0, 12 },
  { "address_verified_on", 0, 10 },
  { "joined_on",           0, 10 },
};
/* The members table column each CSV column is stored in (employer and
** workplace are looked up and stored as ids). */
static const char *const azMemberDbCol[M_N] = {
  "number", "first_name", "last_name", "status", "employer_id", "unit_id",
  "category", "employment_type", "email", "email_verified_on", "mobile",
  "mobile_verified_on", "address_line1", "address_line2", "town", "postcode",
  "address_kind", "address_verified_on", "joined_on",
};
static const char *const azStatus[] = { "active", "lapsed", "retired", 0 };
const char *const azRegisterEmploymentType[] = { "employed", "salaried", "partner",
  "locum", "agency", "bank", "casual", "contractor", 0 };
static const char *const azAddrKind[] = { "home", "workplace", "unknown", 0 };

/* Check and normalise one optional field with a normaliser; report a
** problem naming the column. Returns 0 if fine (zOut set, maybe ""). */
static int check_norm(Problems *p, const CsvRow *r, const int *aIdx, int k,
                      int (*xNorm)(const char*, char*, const char**), char *zOut){
  char zIn[NORM_MAX];
  const char *zWhy = 0;
  field(r, aIdx, k, zIn);
  zOut[0] = 0;
  if( zIn[0]==0 ) return 0;
  if( xNorm(zIn, zOut, &zWhy)==0 ) return 0;
  problem(p, r->line, aIdx[k]+1, aMemberCol[k].zName, "expected %s, got \"%s\"", zWhy, zIn);
  return 1;
}

/* Check a keyword field against a list (empty allowed, giving zDefault). */
static int check_keyword(Problems *p, const CsvRow *r, const int *aIdx, int k,
                         const char *const *azOk, const char *zDefault, char *zOut){
  field(r, aIdx, k, zOut);
  to_keyword(zOut);
  if( zOut[0]==0 ){ strcpy(zOut, zDefault); return 0; }
  if( in_list(zOut, azOk) ) return 0;
  Buf b = BUF_INIT;
  for(int i=0; azOk[i]; i++) buf_printf(&b, "%s%s", i ? (azOk[i+1] ? ", " : " or ") : "", azOk[i]);
  problem(p, r->line, aIdx[k]+1, aMemberCol[k].zName, "expected %s, got \"%s\"", buf_str(&b), zOut);
  buf_reset(&b);
  return 1;
}

int register_import_members(Db *db, const char *zFile, const char *z, size_t n,
                            const ImportOpts *pOpts, ImportResult *pRes){
  Problems P = { zFile, pRes, pOpts && pOpts->maxErrors ? pOpts->maxErrors : 50 };
  int dryRun = pOpts && pOpts->dryRun;
  CsvReader *rd = csv_open(z, n);
  CsvRow row;
  char *zErr = 0;
  int aIdx[M_N], nHeader, rc, inTxn = 0;
  int64_t nBefore = 0;
  StrMap seen = STRMAP_INIT;       /* membership number -> line first seen */
  StrMap units = STRMAP_INIT;      /* unit code -> id (negative: not a workplace) */
  StrMap employers = STRMAP_INIT;  /* employer name -> id */
  DbStmt *pEmpAdd = 0, *pUpsert = 0;
  Buf sql = BUF_INIT;

  if( read_header(&P, rd, aMemberCol, M_N, aIdx, &nHeader) ) goto done;

  /* The upsert names only the columns the file has: a column left out of
  ** the file keeps what the register already holds for existing members. */
  buf_puts(&sql, "INSERT INTO members(");
  int nCol = 0;
  for(int k=0; k<M_N; k++) if( aIdx[k]>=0 ) buf_printf(&sql, "%s%s", nCol++ ? "," : "", azMemberDbCol[k]);
  buf_puts(&sql, ") VALUES(");
  for(int k=0; k<nCol; k++) buf_puts(&sql, k ? ",?" : "?");
  buf_puts(&sql, ") ON CONFLICT(number) DO UPDATE SET ");
  nCol = 0;
  for(int k=1; k<M_N; k++) if( aIdx[k]>=0 ){
    buf_printf(&sql, "%s%s=excluded.%s", nCol++ ? "," : "", azMemberDbCol[k], azMemberDbCol[k]);
  }
  /* Units and employers are few: look them up in memory, not per row. */
  DbStmt *s = db_prepare(db, "SELECT code, id, kind FROM units");
  while( db_step(s)==DB_ROW ){
    int64_t id = db_col_int(s, 1);
    strmap_add(&units, db_col_text(s, 0), strcmp(db_col_text(s, 2), "workplace") ? -id : id, 0);
  }
  db_finalize(s);
  s = db_prepare(db, "SELECT name, id FROM employers");
  while( db_step(s)==DB_ROW ) strmap_add(&employers, db_col_text(s, 0), db_col_int(s, 1), 0);
  db_finalize(s);
  pEmpAdd = db_prepare(db, "INSERT INTO employers(name) VALUES(?) RETURNING id");
  pUpsert = db_prepare(db, buf_str(&sql));
  /* One transaction for the whole file: all or nothing, and fast. A dry
  ** run writes inside it too (so it checks exactly what a real run would)
  ** and then rolls back. */
  db_bulk_write(db, 1);
  if( db_begin(db) ){ problem(&P, 0, 0, 0, "cannot start: %s", db_errmsg(db)); goto done; }
  inTxn = 1;
  nBefore = db_query_int(db, "SELECT count(*) FROM members", 0);
  /* A file much larger than the register is loaded faster without the
  ** secondary indexes, rebuilt at the end (in the same transaction). */
  int rebuildIndexes = 0;
  if( !dryRun ){
    int64_t nLines = 0;
    for(const char *c = memchr(z, '\n', n); c; c = memchr(c+1, '\n', n - (size_t)(c+1-z))) nLines++;
    if( nLines>50000 && nLines>2*nBefore ){
      if( db_exec(db, SCHEMA_MEMBER_INDEXES_DROP) ){
        problem(&P, 0, 0, 0, "cannot start: %s", db_errmsg(db)); goto done;
      }
      rebuildIndexes = 1;
    }
  }
  int nSinceProgress = 0;
  while( (rc = csv_read(rd, &row, &zErr))>0 ){
    char aV[M_N][NORM_MAX];
    int64_t unitId = 0, employerId = 0;
    pRes->nRecords++;
    if( ++nSinceProgress==16384 ){ nSinceProgress = 0; progress(pOpts, rd, n, 0); }
    if( check_shape(&P, &row, nHeader, aMemberCol, M_N, aIdx) ) continue;
    int bad = 0;
    for(int k=0; k<M_N; k++) field(&row, aIdx, k, aV[k]);
    /* membership number: letters, digits, '-', '/' */
    if( aV[M_NUMBER][0]==0 ){
      problem(&P, row.line, aIdx[M_NUMBER]+1, "membership_number", "expected a membership number"); bad++;
    }else{
      for(const char *c=aV[M_NUMBER]; *c; c++){
        if( !isalnum((unsigned char)*c) && *c!='-' && *c!='/' ){
          problem(&P, row.line, aIdx[M_NUMBER]+1, "membership_number",
                  "expected letters, digits, '-' or '/', got \"%s\"", aV[M_NUMBER]);
          bad++; break;
        }
      }
      int64_t first = 0;
      if( !bad && !strmap_add(&seen, aV[M_NUMBER], row.line, &first) ){
        problem(&P, row.line, aIdx[M_NUMBER]+1, "membership_number",
                "member %s already appears on line %d", aV[M_NUMBER], (int)first);
        bad++;
      }
    }
    if( aV[M_FIRST][0]==0 ){ problem(&P, row.line, aIdx[M_FIRST]+1, "first_name", "expected a first name"); bad++; }
    if( aV[M_LAST][0]==0 ){ problem(&P, row.line, aIdx[M_LAST]+1, "last_name", "expected a last name"); bad++; }
    if( aIdx[M_STATUS]>=0 ) bad += check_keyword(&P, &row, aIdx, M_STATUS, azStatus, "active", aV[M_STATUS]);
    if( aIdx[M_EMPTYPE]>=0 ) bad += check_keyword(&P, &row, aIdx, M_EMPTYPE, azRegisterEmploymentType, "", aV[M_EMPTYPE]);
    if( aIdx[M_ADDR_KIND]>=0 ) bad += check_keyword(&P, &row, aIdx, M_ADDR_KIND, azAddrKind, "unknown", aV[M_ADDR_KIND]);
    bad += check_norm(&P, &row, aIdx, M_EMAIL, norm_email, aV[M_EMAIL]);
    bad += check_norm(&P, &row, aIdx, M_MOBILE, norm_uk_mobile, aV[M_MOBILE]);
    bad += check_norm(&P, &row, aIdx, M_POSTCODE, norm_postcode, aV[M_POSTCODE]);
    static const int aDate[] = { M_EMAIL_ON, M_MOBILE_ON, M_ADDR_ON, M_JOINED };
    for(int d=0; d<4; d++) bad += check_norm(&P, &row, aIdx, aDate[d], norm_date, aV[aDate[d]]);
    if( aV[M_EMAIL_ON][0] && aV[M_EMAIL][0]==0 ){
      problem(&P, row.line, aIdx[M_EMAIL_ON]+1, "email_verified_on", "a verified date needs an email"); bad++;
    }
    if( aV[M_MOBILE_ON][0] && aV[M_MOBILE][0]==0 ){
      problem(&P, row.line, aIdx[M_MOBILE_ON]+1, "mobile_verified_on", "a verified date needs a mobile"); bad++;
    }
    /* workplace must be a workplace unit already in the register */
    if( aV[M_WORKPLACE][0]==0 ){
      problem(&P, row.line, aIdx[M_WORKPLACE]+1, "workplace_code", "expected a workplace code"); bad++;
    }else if( !strmap_get(&units, aV[M_WORKPLACE], &unitId) ){
      problem(&P, row.line, aIdx[M_WORKPLACE]+1, "workplace_code",
              "expected the code of a workplace in the register, got \"%s\" (import units first)",
              aV[M_WORKPLACE]); bad++;
    }else if( unitId<0 ){
      Unit u;
      register_unit_by_code(db, aV[M_WORKPLACE], &u);
      problem(&P, row.line, aIdx[M_WORKPLACE]+1, "workplace_code",
              "expected a workplace, but %s is a %s", aV[M_WORKPLACE], u.zKind); bad++;
    }
    if( bad || pRes->nError ) continue;   /* after a problem, only check */
    if( aV[M_EMPLOYER][0] && !strmap_get(&employers, aV[M_EMPLOYER], &employerId) ){
      db_bind_text(pEmpAdd, 1, aV[M_EMPLOYER]);
      if( db_step(pEmpAdd)==DB_ROW ) employerId = db_col_int(pEmpAdd, 0);
      db_reset(pEmpAdd);
      strmap_add(&employers, aV[M_EMPLOYER], employerId, 0);
    }
    int iBind = 1;
    for(int k=0; k<M_N; k++){
      if( aIdx[k]<0 ) continue;
      if( k==M_EMPLOYER ){ if( employerId ) db_bind_int(pUpsert, iBind, employerId); else db_bind_text(pUpsert, iBind, 0); }
      else if( k==M_WORKPLACE ) db_bind_int(pUpsert, iBind, unitId);
      else db_bind_text_ref(pUpsert, iBind, aV[k]);   /* aV outlives the step */
      iBind++;
    }
    if( db_step(pUpsert)==DB_ERROR ){
      problem(&P, row.line, 0, 0, "the database refused this row: %s", db_errmsg(db));
    }
    db_reset(pUpsert);
  }
  if( rc<0 ){ problem(&P, 0, 0, 0, "%s", zErr); free(zErr); }
  progress(pOpts, rd, n, 1);
  if( pRes->nError==0 ){
    /* Numbers in the file are distinct, so what is new is what was added. */
    pRes->nInserted = (int)(db_query_int(db, "SELECT count(*) FROM members", 0) - nBefore);
    pRes->nUpdated = pRes->nRecords - pRes->nInserted;
  }
  if( pRes->nError==0 && !dryRun ){
    if( (rebuildIndexes && db_exec(db, SCHEMA_MEMBER_INDEXES))
     || register_refresh_stats(db) || db_commit(db) ){
      problem(&P, 0, 0, 0, "the database refused the import: %s", db_errmsg(db));
    }else{
      inTxn = 0;
    }
  }
done:
  if( inTxn ) db_rollback(db);
  db_bulk_write(db, 0);
  problems_finish(&P);
  db_finalize(pEmpAdd);
  db_finalize(pUpsert);
  buf_reset(&sql);
  strmap_clear(&seen);
  strmap_clear(&units);
  strmap_clear(&employers);
  csv_close(rd);
  return pRes->nError ? -1 : 0;
}

/*************************** positions ***************************/

enum { P_NUMBER, P_POSITION, P_UNIT, P_SINCE, P_N };
static const ColumnSpec aPositionCol[P_N] = {
  { "membership_number", 1, 31 },
  { "position",          1, 24 },
  { "unit_code",         1, 63 },
  { "since",             0, 10 },
};

int register_import_positions(Db *db, const char *zFile, const char *z, size_t n,
                              const ImportOpts *pOpts, ImportResult *pRes){
  Problems P = { zFile, pRes, pOpts && pOpts->maxErrors ? pOpts->maxErrors : 50 };
  CsvReader *rd = csv_open(z, n);
  CsvRow row;
  char *zErr = 0;
  int aIdx[P_N], nHeader = 0, rc, inTxn = 0;
  if( read_header(&P, rd, aPositionCol, P_N, aIdx, &nHeader) ) goto done;
  if( db_begin(db) ){ problem(&P, 0, 0, 0, "cannot start: %s", db_errmsg(db)); goto done; }
  inTxn = 1;
  int64_t nBefore = db_query_int(db, "SELECT count(*) FROM positions", 0);
  while( (rc = csv_read(rd, &row, &zErr))>0 ){
    char aV[P_N][NORM_MAX], zSince[NORM_MAX];
    Unit u;
    Member m;
    pRes->nRecords++;
    if( check_shape(&P, &row, nHeader, aPositionCol, P_N, aIdx) ) continue;
    for(int k=0; k<P_N; k++) field(&row, aIdx, k, aV[k]);
    to_keyword(aV[P_POSITION]);
    if( strcmp(aV[P_POSITION], "health_and_safety_rep")==0 ){   /* as people write it */
      strcpy(aV[P_POSITION], "health_safety_rep");
    }
    int bad = 0;
    if( register_member_by_number(db, aV[P_NUMBER], &m) ){
      problem(&P, row.line, aIdx[P_NUMBER]+1, "membership_number",
              "expected a member in the register, got \"%s\"", aV[P_NUMBER]); bad++;
    }
    if( !in_list(aV[P_POSITION], azRegisterPositionKind) ){
      problem(&P, row.line, aIdx[P_POSITION]+1, "position", "expected rep, health_safety_rep,"
              " advocate or branch_officer, got \"%s\"", aV[P_POSITION]); bad++;
    }
    if( register_unit_by_code(db, aV[P_UNIT], &u) ){
      problem(&P, row.line, aIdx[P_UNIT]+1, "unit_code",
              "expected a unit in the register, got \"%s\"", aV[P_UNIT]); bad++;
    }
    const char *zWhy = 0;
    zSince[0] = 0;
    if( aV[P_SINCE][0] && norm_date(aV[P_SINCE], zSince, &zWhy) ){
      problem(&P, row.line, aIdx[P_SINCE]+1, "since", "expected %s, got \"%s\"", zWhy, aV[P_SINCE]); bad++;
    }
    if( bad || pRes->nError ) continue;
    char *zAddErr = 0;
    if( register_add_position(db, aV[P_NUMBER], aV[P_POSITION], aV[P_UNIT], zSince, &zAddErr) ){
      problem(&P, row.line, 0, 0, "%s", zAddErr ? zAddErr : "refused");
      free(zAddErr);
    }
  }
  if( rc<0 ){ problem(&P, 0, 0, 0, "%s", zErr); free(zErr); }
  if( pRes->nError==0 ){
    pRes->nInserted = (int)(db_query_int(db, "SELECT count(*) FROM positions", 0) - nBefore);
    pRes->nUpdated = pRes->nRecords - pRes->nInserted;
    if( !(pOpts && pOpts->dryRun) ){
      if( db_commit(db) ) problem(&P, 0, 0, 0, "the database refused the import: %s", db_errmsg(db));
      else inTxn = 0;
    }
  }
done:
  if( inTxn ) db_rollback(db);
  problems_finish(&P);
  csv_close(rd);
  return pRes->nError ? -1 : 0;
}
