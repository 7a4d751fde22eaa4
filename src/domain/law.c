/* law.c: legal regimes as data: the loader and validator of data/regimes,
** and the evaluator of rule kinds (thresholds and the legal timeline). The
** kinds are one table below; every figure comes from the data files. */
#include "law.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LAW_FORMAT_REGIME   "mandate-regime/1"
#define LAW_FORMAT_HOLIDAYS "mandate-holidays/1"
#define LAW_MAX_VOTES       1000000000000LL   /* 10^12: keeps arithmetic exact */

struct LawSet {
  int nRegime;            /* number of regimes */
  json_t **apRegime;      /* owned: regimes, sorted by id */
  int nCal;               /* number of holiday calendars */
  json_t **apCal;         /* owned: holiday calendars */
};

/* ---- Small helpers ---- */

/* printf into a new string; caller frees. */
static char *law_mprintf(const char *zFmt, ...) __attribute__((format(printf,1,2)));
static char *law_mprintf(const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  return buf_steal(&b);
}

/* Append a new string to a growable array of strings. */
static void law_push(char ***pazList, int *pn, char *z){
  *pazList = xrealloc(*pazList, sizeof(char*)*(size_t)(*pn+1));
  (*pazList)[(*pn)++] = z;
}

static void law_free_list(char **az, int n){
  for(int i=0; i<n; i++) free(az[i]);
  free(az);
}

static const char *jstr(const json_t *p, const char *zKey){
  return json_string_value(json_object_get(p, zKey));
}

/* A numeric parameter of a version, or dflt when absent. */
static double jnum(const json_t *pVer, const char *zKey, double dflt){
  json_t *p = json_object_get(json_object_get(pVer, "params"), zKey);
  return json_is_number(p) ? json_number_value(p) : dflt;
}

static int is_iso_date(const char *z){
  char zOut[NORM_MAX];
  const char *zWhy;
  return z && strlen(z)==10 && norm_date(z, zOut, &zWhy)==0 && strcmp(z, zOut)==0;
}

/* 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
static int weekday(long nDays){
  return (int)(((nDays % 7) + 7 + 4) % 7);
}

static const char *const azDayName[] = {
  "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
};

/* Days of the date n months after zIso; when that month has no such day
** (31 August + 6 months) the month's last day is used. */
static long add_months(const char *zIso, int nMonths){
  int y = atoi(zIso), m = atoi(zIso+5), d = atoi(zIso+8);
  long mm = (long)y*12 + (m-1) + nMonths;
  char z[32];
  for(int dd=d; ; dd--){   /* at most 3 steps: every month has a 28th */
    snprintf(z, sizeof z, "%04ld-%02ld-%02d", mm/12, mm%12+1, dd);
    long n = date_to_days(z);
    if( n>=0 || dd<=28 ) return n;
  }
}

/* ---- The rule kinds ---- */

typedef struct Timeline Timeline;   /* the working state of law_timeline */

/* One rule kind: the numeric parameters it needs and what evaluates it. */
typedef struct LawKind LawKind;
struct LawKind {
  const char *zKind;        /* as written in the data */
  const char *azParam[3];   /* required numeric parameters */
  void (*xCheck)(const json_t *pVer, const LawBallot *p, LawCheck *pC);
  void (*xTime)(Timeline *pT, const json_t *pRule, const json_t *pVer);
};

/* The fewest of n that make at least pct per cent; pct is exact to 1/100. */
static long long pct_of(double pct, long long n){
  long long h = llround(pct*100.0);
  return (h*n + 9999)/10000;
}

static double pct(long long a, long long b){ return b>0 ? 100.0*(double)a/(double)b : 0.0; }

/* A share of those entitled: n >= pct% of the entitled (x defaults to dflt). */
static void check_pct_of_entitled(const json_t *pVer, long long n, double dflt,
                                  const LawBallot *p, LawCheck *pC){
  double x = jnum(pVer, "pct", dflt);
  pC->zBase = "entitled";
  pC->zCompare = ">=";
  pC->value = pct(n, p->nEntitled);
  pC->required = x;
  pC->nValue = n;
  pC->nRequired = pct_of(x, p->nEntitled);
}

/* turnout_min_pct: votes cast >= pct% of those entitled. */
static void check_turnout(const json_t *pVer, const LawBallot *p, LawCheck *pC){
  check_pct_of_entitled(pVer, p->nVotes, 50, p, pC);
}

/* yes_min_pct_of_entitled: Yes >= pct% of those entitled. */
static void check_yes_entitled(const json_t *pVer, const LawBallot *p, LawCheck *pC){
  check_pct_of_entitled(pVer, p->nYes, 40, p, pC);
}

/* yes_majority_of_votes: Yes > half of the base: votes cast ("cast") or
** valid votes, Yes + No ("valid"; all votes cast when No is not known). */
static void check_majority(const json_t *pVer, const LawBallot *p, LawCheck *pC){
  const char *zBase = json_string_value(json_object_get(json_object_get(pVer, "params"), "base"));
  int valid = zBase && strcmp(zBase, "valid")==0;
  long long n = valid && p->hasNo ? p->nYes + p->nNo : p->nVotes;
  pC->zBase = valid ? "valid votes" : "votes cast";
  pC->zCompare = ">";
  pC->value = pct(p->nYes, n);
  pC->required = 50.0;
  pC->nValue = p->nYes;
  pC->nRequired = n/2 + 1;
}

static void time_notice_before(Timeline*, const json_t*, const json_t*);
static void time_period_min(Timeline*, const json_t*, const json_t*);
static void time_result(Timeline*, const json_t*, const json_t*);
static void time_action_notice(Timeline*, const json_t*, const json_t*);
static void time_mandate(Timeline*, const json_t*, const json_t*);
static void time_window(Timeline*, const json_t*, const json_t*);

static const LawKind aKind[] = {
  { "turnout_min_pct",          { "pct" },                 check_turnout,      0 },
  { "yes_min_pct_of_entitled",  { "pct" },                 check_yes_entitled, 0 },
  { "yes_majority_of_votes",    { 0 },                     check_majority,     0 },
  { "notice_days_before",       { "days" },                0, time_notice_before },
  { "ballot_period_min_days",   { "days" },                0, time_period_min },
  { "result_notice",            { "planning_days_after_close" }, 0, time_result },
  { "action_notice_days",       { "days" },                0, time_action_notice },
  { "mandate_months",           { "months" },              0, time_mandate },
  { "action_start_window_days", { "days", "extension_days" }, 0, time_window },
  { "info",                     { 0 },                     0, 0 },
};

static const LawKind *law_kind(const char *zKind){
  for(size_t i=0; zKind && i<sizeof(aKind)/sizeof(aKind[0]); i++){
    if( strcmp(aKind[i].zKind, zKind)==0 ) return &aKind[i];
  }
  return 0;
}

static const char *const azStatus[] = {
  "in force", "expected", "unconfirmed", "not commenced", "assumption", "guidance", 0
};
static const char *const azDecidedBy[] = { "ballot_opens", "action_notice", 0 };

static int in_list(const char *const *az, const char *z){
  for(int i=0; z && az[i]; i++) if( strcmp(az[i], z)==0 ) return 1;
  return 0;
}

/* ---- Loading and validation ---- */

const char *law_default_dir(void){
  const char *z = getenv("MANDATE_REGIMES");
  struct stat st;
  if( z && z[0] ) return z;
  if( stat("data/regimes", &st)==0 && S_ISDIR(st.st_mode) ) return "data/regimes";
  return LAW_DIR_INSTALLED;
}

/* Record a problem in file zFile. */
static void bad(Buf *pErr, const char *zFile, const char *zFmt, ...) __attribute__((format(printf,3,4)));
static void bad(Buf *pErr, const char *zFile, const char *zFmt, ...){
  va_list ap;
  buf_printf(pErr, "%s: ", zFile);
  va_start(ap, zFmt);
  buf_vprintf(pErr, zFmt, ap);
  va_end(ap);
  buf_putc(pErr, '\n');
}

/* Check that every comma-separated source key in zSrc is in pSources. */
static int sources_known(const json_t *pSources, const char *zSrc, char *zMissing, size_t nMissing){
  char z[200];
  snprintf(z, sizeof z, "%s", zSrc);
  char *zSave = 0;
  for(char *zTok = strtok_r(z, ", ", &zSave); zTok; zTok = strtok_r(0, ", ", &zSave)){
    if( json_object_get(pSources, zTok)==0 ){ snprintf(zMissing, nMissing, "%s", zTok); return 0; }
  }
  return 1;
}

/* Validate one version of rule zRule. */
static void check_version(Buf *pErr, const char *zFile, const json_t *pSources,
                          const char *zRule, const LawKind *pKind, size_t iVer,
                          const json_t *pVer, const char **pzPrevFrom){
  char zAt[160];
  snprintf(zAt, sizeof zAt, "rule '%s' version %zu", zRule, iVer+1);
  if( !json_is_object(pVer) ){ bad(pErr, zFile, "%s: must be an object", zAt); return; }
  json_t *pFrom = json_object_get(pVer, "from");
  const char *zFrom = json_string_value(pFrom);
  if( !json_is_null(pFrom) && !is_iso_date(zFrom) ){
    bad(pErr, zFile, "%s: 'from' must be a date like 2017-03-01 or null (commencement unknown)", zAt);
  }else if( zFrom ){
    if( *pzPrevFrom && strcmp(zFrom, *pzPrevFrom)<=0 ){
      bad(pErr, zFile, "%s: 'from' %s must be later than the version before (%s)", zAt, zFrom, *pzPrevFrom);
    }
    *pzPrevFrom = zFrom;
  }
  const char *z = jstr(pVer, "section");
  if( z==0 || z[0]==0 ) bad(pErr, zFile, "%s: 'section' must name the statute section", zAt);
  z = jstr(pVer, "status");
  if( !in_list(azStatus, z) ){
    bad(pErr, zFile, "%s: 'status' must be one of \"in force\", \"expected\", \"unconfirmed\", "
        "\"not commenced\", \"assumption\", \"guidance\"", zAt);
  }
  z = jstr(pVer, "source");
  char zMissing[64];
  if( z==0 || z[0]==0 ) bad(pErr, zFile, "%s: 'source' must name a key of \"sources\"", zAt);
  else if( !sources_known(pSources, z, zMissing, sizeof zMissing) ){
    bad(pErr, zFile, "%s: source '%s' is not in \"sources\"", zAt, zMissing);
  }
  json_t *pRep = json_object_get(pVer, "repealed");
  if( pRep && !json_is_boolean(pRep) ) bad(pErr, zFile, "%s: 'repealed' must be true or false", zAt);
  json_t *pCond = json_object_get(pVer, "condition");
  if( pCond && !json_is_string(pCond) ) bad(pErr, zFile, "%s: 'condition' must be a string", zAt);
  json_t *pNote = json_object_get(pVer, "note");
  if( pNote && !json_is_string(pNote) ) bad(pErr, zFile, "%s: 'note' must be a string", zAt);
  json_t *pParams = json_object_get(pVer, "params");
  if( !json_is_object(pParams) ){ bad(pErr, zFile, "%s: 'params' must be an object", zAt); return; }
  if( json_is_true(pRep) ) return;
  for(int i=0; i<3 && pKind->azParam[i]; i++){
    json_t *p = json_object_get(pParams, pKind->azParam[i]);
    if( !json_is_number(p) || json_number_value(p)<0 || json_number_value(p)>1000 ){
      bad(pErr, zFile, "%s: params.%s must be a number from 0 to 1000 (kind %s)",
          zAt, pKind->azParam[i], pKind->zKind);
    }
  }
  json_t *pBase = json_object_get(pParams, "base");
  if( pBase && !(json_is_string(pBase) && (strcmp(json_string_value(pBase),"cast")==0
                                          || strcmp(json_string_value(pBase),"valid")==0)) ){
    bad(pErr, zFile, "%s: params.base must be \"cast\" or \"valid\"", zAt);
  }
  json_t *pUnit = json_object_get(pParams, "unit");
  if( pUnit && !(json_is_string(pUnit) && (strcmp(json_string_value(pUnit),"calendar")==0
                                          || strcmp(json_string_value(pUnit),"working")==0)) ){
    bad(pErr, zFile, "%s: params.unit must be \"calendar\" or \"working\"", zAt);
  }
}

/* Validate a regime file. */
static void check_regime(Buf *pErr, const char *zFile, const json_t *pRoot){
  static const char *const azText[] = { "title", "jurisdiction", "law", 0 };
  for(int i=0; azText[i]; i++){
    const char *z = jstr(pRoot, azText[i]);
    if( z==0 || z[0]==0 ) bad(pErr, zFile, "'%s' must be a non-empty string", azText[i]);
  }
  json_t *pApplies = json_object_get(pRoot, "applies");
  if( !json_is_object(pApplies) || !is_iso_date(jstr(pApplies, "from")) ){
    bad(pErr, zFile, "'applies' must be an object with 'from' a date like 2017-03-01");
  }else{
    json_t *pUntil = json_object_get(pApplies, "until");
    if( !json_is_null(pUntil) && !is_iso_date(json_string_value(pUntil)) ){
      bad(pErr, zFile, "'applies.until' must be a date or null");
    }
  }
  json_t *pHol = json_object_get(pRoot, "holidays");
  if( !json_is_null(pHol) && !json_is_string(pHol) ){
    bad(pErr, zFile, "'holidays' must name a holiday calendar or be null");
  }
  json_t *pSources = json_object_get(pRoot, "sources");
  if( !json_is_object(pSources) ) bad(pErr, zFile, "'sources' must be an object of key: citation");
  json_t *pRules = json_object_get(pRoot, "rules");
  if( !json_is_array(pRules) || json_array_size(pRules)==0 ){
    bad(pErr, zFile, "'rules' must be a non-empty array");
    return;
  }
  size_t i;
  json_t *pRule;
  json_array_foreach(pRules, i, pRule){
    const char *zId = jstr(pRule, "id");
    if( zId==0 || zId[0]==0 ){ bad(pErr, zFile, "rule %zu: 'id' must be a non-empty string", i+1); continue; }
    for(size_t j=0; j<i; j++){
      const char *zOther = jstr(json_array_get(pRules, j), "id");
      if( zOther && strcmp(zOther, zId)==0 ) bad(pErr, zFile, "rule '%s' appears twice", zId);
    }
    const char *zTitle = jstr(pRule, "title");
    if( zTitle==0 || zTitle[0]==0 ) bad(pErr, zFile, "rule '%s': 'title' must be a non-empty string", zId);
    const LawKind *pKind = law_kind(jstr(pRule, "kind"));
    if( pKind==0 ){
      Buf b = BUF_INIT;
      for(size_t k=0; k<sizeof(aKind)/sizeof(aKind[0]); k++) buf_printf(&b, "%s%s", k ? ", " : "", aKind[k].zKind);
      bad(pErr, zFile, "rule '%s': unknown kind '%s' (known: %s)", zId,
          jstr(pRule, "kind") ? jstr(pRule, "kind") : "(none)", buf_str(&b));
      buf_reset(&b);
      continue;
    }
    if( !in_list(azDecidedBy, jstr(pRule, "decided_by")) ){
      bad(pErr, zFile, "rule '%s': 'decided_by' must be \"ballot_opens\" or \"action_notice\"", zId);
    }
    json_t *pVers = json_object_get(pRule, "versions");
    if( !json_is_array(pVers) || json_array_size(pVers)==0 ){
      bad(pErr, zFile, "rule '%s': 'versions' must be a non-empty array", zId);
      continue;
    }
    const char *zPrev = 0;
    size_t k;
    json_t *pVer;
    json_array_foreach(pVers, k, pVer) check_version(pErr, zFile, pSources, zId, pKind, k, pVer, &zPrev);
  }
}

/* Validate a holiday calendar. */
static void check_holidays(Buf *pErr, const char *zFile, const json_t *pRoot){
  json_t *pCovers = json_object_get(pRoot, "covers");
  if( !is_iso_date(jstr(pCovers, "from")) || !is_iso_date(jstr(pCovers, "until")) ){
    bad(pErr, zFile, "'covers' must be an object with dates 'from' and 'until'");
  }
  json_t *pDays = json_object_get(pRoot, "days");
  if( !json_is_array(pDays) ){ bad(pErr, zFile, "'days' must be an array"); return; }
  size_t i;
  json_t *pDay;
  json_array_foreach(pDays, i, pDay){
    if( !is_iso_date(jstr(pDay, "date")) || jstr(pDay, "name")==0 ){
      bad(pErr, zFile, "days[%zu]: must be {\"date\": \"YYYY-MM-DD\", \"name\": \"...\"}", i);
    }
  }
}

static int cmp_regime(const void *a, const void *b){
  return strcmp(jstr(*(json_t*const*)a, "id"), jstr(*(json_t*const*)b, "id"));
}

static int cmp_name(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

int law_load(const char *zDir, LawSet **ppSet, char **pzErr){
  Buf err = BUF_INIT;
  LawSet *pSet = xcalloc(1, sizeof *pSet);
  char **azName = 0;
  int nName = 0;
  *ppSet = 0;
  *pzErr = 0;
  if( zDir==0 ) zDir = law_default_dir();
  DIR *d = opendir(zDir);
  if( d==0 ){
    buf_printf(&err, "%s: cannot read the regimes directory (set MANDATE_REGIMES "
               "or run from the source tree)\n", zDir);
    goto out;
  }
  for(struct dirent *e = readdir(d); e; e = readdir(d)){
    size_t n = strlen(e->d_name);
    if( e->d_name[0]=='.' || n<6 || strcmp(e->d_name+n-5, ".json")!=0 ) continue;
    law_push(&azName, &nName, xstrdup(e->d_name));
  }
  closedir(d);
  if( nName>1 ) qsort(azName, (size_t)nName, sizeof(char*), cmp_name);
  for(int i=0; i<nName; i++){
    const char *zFile = azName[i];
    char *zPath = law_mprintf("%s/%s", zDir, zFile);
    json_error_t je;
    json_t *pRoot = json_load_file(zPath, 0, &je);
    free(zPath);
    if( pRoot==0 ){
      bad(&err, zFile, "line %d column %d: %s", je.line, je.column, je.text);
      continue;
    }
    size_t nBefore = err.n;
    const char *zFormat = jstr(pRoot, "format");
    const char *zId = jstr(pRoot, "id");
    if( !json_is_object(pRoot) ){
      bad(&err, zFile, "must be a JSON object");
    }else if( zId==0 || strlen(zId)+5!=strlen(zFile) || strncmp(zId, zFile, strlen(zId))!=0 ){
      if( zFormat && strcmp(zFormat, LAW_FORMAT_HOLIDAYS)==0 ){
        if( zId==0 || zId[0]==0 ) bad(&err, zFile, "'id' must name the calendar");
      }else{
        bad(&err, zFile, "'id' must be the file's name without .json (\"%.*s\")", (int)(strlen(zFile)-5), zFile);
      }
    }
    if( zFormat && strcmp(zFormat, LAW_FORMAT_REGIME)==0 ){
      check_regime(&err, zFile, pRoot);
      if( err.n==nBefore ){
        pSet->apRegime = xrealloc(pSet->apRegime, sizeof(json_t*)*(size_t)(pSet->nRegime+1));
        pSet->apRegime[pSet->nRegime++] = pRoot;
        pRoot = 0;
      }
    }else if( zFormat && strcmp(zFormat, LAW_FORMAT_HOLIDAYS)==0 ){
      check_holidays(&err, zFile, pRoot);
      if( err.n==nBefore ){
        pSet->apCal = xrealloc(pSet->apCal, sizeof(json_t*)*(size_t)(pSet->nCal+1));
        pSet->apCal[pSet->nCal++] = pRoot;
        pRoot = 0;
      }
    }else if( json_is_object(pRoot) ){
      bad(&err, zFile, "'format' must be \"" LAW_FORMAT_REGIME "\" or \"" LAW_FORMAT_HOLIDAYS "\"");
    }
    json_decref(pRoot);
  }
  /* Each regime's holiday calendar must be loaded. */
  for(int i=0; i<pSet->nRegime; i++){
    const char *zCal = jstr(pSet->apRegime[i], "holidays");
    int found = zCal==0;
    for(int j=0; !found && j<pSet->nCal; j++) found = strcmp(jstr(pSet->apCal[j], "id"), zCal)==0;
    if( !found ) bad(&err, jstr(pSet->apRegime[i], "id"), "holiday calendar '%s' is not in %s", zCal, zDir);
  }
  if( err.n==0 && pSet->nRegime==0 ) buf_printf(&err, "%s: no regime files (*.json) found\n", zDir);
  if( pSet->nRegime>1 ) qsort(pSet->apRegime, (size_t)pSet->nRegime, sizeof(json_t*), cmp_regime);
out:
  law_free_list(azName, nName);
  if( err.n ){
    buf_truncate(&err, err.n-1);   /* the last newline */
    *pzErr = buf_steal(&err);
    law_free(pSet);
    return -1;
  }
  *ppSet = pSet;
  return 0;
}

void law_free(LawSet *pSet){
  if( pSet==0 ) return;
  for(int i=0; i<pSet->nRegime; i++) json_decref(pSet->apRegime[i]);
  for(int i=0; i<pSet->nCal; i++) json_decref(pSet->apCal[i]);
  free(pSet->apRegime);
  free(pSet->apCal);
  free(pSet);
}

int law_regime_count(const LawSet *pSet){ return pSet->nRegime; }

json_t *law_regime_at(const LawSet *pSet, int i){
  return i>=0 && i<pSet->nRegime ? pSet->apRegime[i] : 0;
}

json_t *law_regime(const LawSet *pSet, const char *zId){
  for(int i=0; zId && i<pSet->nRegime; i++){
    if( strcmp(jstr(pSet->apRegime[i], "id"), zId)==0 ) return pSet->apRegime[i];
  }
  return 0;
}

json_t *law_rule_version(const json_t *pRule, const char *zDate){
  json_t *pBest = 0;
  size_t i;
  json_t *pVer;
  json_array_foreach(json_object_get(pRule, "versions"), i, pVer){
    const char *zFrom = jstr(pVer, "from");
    if( zFrom && strcmp(zFrom, zDate)<=0 ) pBest = pVer;
  }
  return pBest;
}

const char *law_holiday(const LawSet *pSet, const char *zCalendar,
                        const char *zDate, int *pCovered){
  if( pCovered ) *pCovered = 0;
  for(int i=0; zCalendar && i<pSet->nCal; i++){
    const json_t *pCal = pSet->apCal[i];
    if( strcmp(jstr(pCal, "id"), zCalendar)!=0 ) continue;
    const json_t *pCov = json_object_get(pCal, "covers");
    if( pCovered ) *pCovered = strcmp(zDate, jstr(pCov, "from"))>=0 && strcmp(zDate, jstr(pCov, "until"))<=0;
    size_t j;
    json_t *pDay;
    json_array_foreach(json_object_get(pCal, "days"), j, pDay){
      if( strcmp(jstr(pDay, "date"), zDate)==0 ) return jstr(pDay, "name");
    }
  }
  return 0;
}

/* ---- Thresholds ---- */

/* Note for the caller when zOn is outside the regime's "applies" range. */
static char *applies_note(const json_t *pRegime, const char *zOn){
  const json_t *pA = json_object_get(pRegime, "applies");
  const char *zFrom = jstr(pA, "from"), *zUntil = jstr(pA, "until");
  if( strcmp(zOn, zFrom)<0 || (zUntil && strcmp(zOn, zUntil)>0) ){
    return law_mprintf("%s covers ballots opened %s to %s; %s is outside it: %s",
                       jstr(pRegime, "id"), zFrom, zUntil ? zUntil : "today",
                       zOn, jstr(pA, "note"));
  }
  return 0;
}

/* Notes on versions with no known commencement (pending changes). */
static void pending_notes(const json_t *pRule, char ***pazNote, int *pnNote){
  size_t i;
  json_t *pVer;
  json_array_foreach(json_object_get(pRule, "versions"), i, pVer){
    if( jstr(pVer, "from")==0 ){
      law_push(pazNote, pnNote, law_mprintf("%s: a change with no known commencement is not applied (%s, %s)%s%s",
               jstr(pRule, "id"), jstr(pVer, "section"), jstr(pVer, "status"),
               jstr(pVer, "note") ? ": " : "", jstr(pVer, "note") ? jstr(pVer, "note") : ""));
    }
  }
}

static int has_condition(const LawBallot *p, const char *zCond){
  for(int i=0; p->azCondition && p->azCondition[i]; i++){
    if( strcmp(p->azCondition[i], zCond)==0 ) return 1;
  }
  return 0;
}

int law_thresholds(const LawSet *pSet, const char *zRegime, const LawBallot *p,
                   LawVerdict *pOut, char **pzErr){
  memset(pOut, 0, sizeof *pOut);
  *pzErr = 0;
  json_t *pRegime = law_regime(pSet, zRegime);
  if( pRegime==0 ){ *pzErr = law_mprintf("no regime '%s' (try: mandate rules list)", zRegime); return -1; }
  if( !is_iso_date(p->zOn) ){ *pzErr = law_mprintf("the date must be like 2026-03-02"); return -1; }
  if( p->nEntitled<1 || p->nEntitled>LAW_MAX_VOTES ){
    *pzErr = law_mprintf("the number entitled to vote must be from 1 to %lld", LAW_MAX_VOTES);
    return -1;
  }
  if( p->nVotes<0 || p->nYes<0 || (p->hasNo && p->nNo<0) ){
    *pzErr = law_mprintf("votes must not be negative");
    return -1;
  }
  if( p->nVotes>p->nEntitled ){
    *pzErr = law_mprintf("votes cast (%lld) cannot exceed those entitled to vote (%lld)", p->nVotes, p->nEntitled);
    return -1;
  }
  if( p->nYes + (p->hasNo ? p->nNo : 0) > p->nVotes ){
    *pzErr = p->hasNo ? law_mprintf("yes (%lld) + no (%lld) cannot exceed votes cast (%lld)", p->nYes, p->nNo, p->nVotes)
                      : law_mprintf("yes (%lld) cannot exceed votes cast (%lld)", p->nYes, p->nVotes);
    return -1;
  }
  pOut->zRegime = jstr(pRegime, "id");
  memcpy(pOut->zOn, p->zOn, 11);
  char *zNote = applies_note(pRegime, p->zOn);
  if( zNote ) law_push(&pOut->azNote, &pOut->nNote, zNote);
  pOut->mandate = 1;
  size_t i;
  json_t *pRule;
  json_array_foreach(json_object_get(pRegime, "rules"), i, pRule){
    const LawKind *pKind = law_kind(jstr(pRule, "kind"));
    if( pKind==0 || pKind->xCheck==0 ) continue;
    const char *zId = jstr(pRule, "id");
    json_t *pVer = law_rule_version(pRule, p->zOn);
    pending_notes(pRule, &pOut->azNote, &pOut->nNote);
    if( pVer==0 ){
      law_push(&pOut->azNote, &pOut->nNote, law_mprintf("%s: not in force on %s", zId, p->zOn));
      continue;
    }
    if( json_is_true(json_object_get(pVer, "repealed")) ){
      law_push(&pOut->azNote, &pOut->nNote, law_mprintf("%s: repealed from %s (%s)", zId,
               jstr(pVer, "from"), jstr(pVer, "section")));
      continue;
    }
    const char *zCond = jstr(pVer, "condition");
    if( zCond && !has_condition(p, zCond) ){
      law_push(&pOut->azNote, &pOut->nNote, law_mprintf("%s: applies only where %s (not given)", zId, zCond));
      continue;
    }
    pOut->aCheck = xrealloc(pOut->aCheck, sizeof(LawCheck)*(size_t)(pOut->nCheck+1));
    LawCheck *pC = &pOut->aCheck[pOut->nCheck++];
    memset(pC, 0, sizeof *pC);
    pC->zRule = zId;
    pC->zTitle = jstr(pRule, "title");
    pC->zKind = jstr(pRule, "kind");
    pC->zSection = jstr(pVer, "section");
    pC->zStatus = jstr(pVer, "status");
    pC->zFrom = jstr(pVer, "from");
    pKind->xCheck(pVer, p, pC);
    pC->margin = pC->nValue - pC->nRequired;
    pC->met = pC->margin>=0;
    if( !pC->met ) pOut->mandate = 0;
  }
  if( pOut->nCheck==0 ){
    pOut->mandate = 0;
    law_push(&pOut->azNote, &pOut->nNote, law_mprintf("no threshold rule of %s is in force on %s", zRegime, p->zOn));
  }
  return 0;
}

/* A percentage rounded to 2 places, for JSON. */
static json_t *json_pct(double x){ return json_real(round(x*100.0)/100.0); }

json_t *law_verdict_json(const LawVerdict *pV){
  json_t *pRoot = json_object(), *pRules = json_array(), *pNotes = json_array();
  json_object_set_new(pRoot, "regime", json_string(pV->zRegime));
  json_object_set_new(pRoot, "on", json_string(pV->zOn));
  json_object_set_new(pRoot, "mandate", json_boolean(pV->mandate));
  for(int i=0; i<pV->nCheck; i++){
    const LawCheck *c = &pV->aCheck[i];
    json_t *p = json_object();
    json_object_set_new(p, "rule", json_string(c->zRule));
    json_object_set_new(p, "met", json_boolean(c->met));
    json_object_set_new(p, "value", json_pct(c->value));
    json_object_set_new(p, "required", json_pct(c->required));
    json_object_set_new(p, "margin", json_integer(c->margin));
    json_object_set_new(p, "unit", json_string("percent"));
    json_object_set_new(p, "of", json_string(c->zBase));
    json_object_set_new(p, "comparison", json_string(c->zCompare));
    json_object_set_new(p, "value_votes", json_integer(c->nValue));
    json_object_set_new(p, "required_votes", json_integer(c->nRequired));
    json_object_set_new(p, "title", json_string(c->zTitle));
    json_object_set_new(p, "section", json_string(c->zSection));
    json_object_set_new(p, "status", json_string(c->zStatus));
    json_object_set_new(p, "in_force_from", json_string(c->zFrom));
    json_array_append_new(pRules, p);
  }
  for(int i=0; i<pV->nNote; i++) json_array_append_new(pNotes, json_string(pV->azNote[i]));
  json_object_set_new(pRoot, "rules", pRules);
  json_object_set_new(pRoot, "notes", pNotes);
  return pRoot;
}

void law_verdict_clear(LawVerdict *pV){
  free(pV->aCheck);
  law_free_list(pV->azNote, pV->nNote);
  memset(pV, 0, sizeof *pV);
}

/* ---- The timeline ---- */

struct Timeline {
  const LawSet *pSet;
  const json_t *pRegime;
  LawTimeline *pOut;
  const char *zCal;        /* holiday calendar id, or NULL */
  long nOpens, nCloses;    /* days since 1970 */
  long nResult;            /* the day the result is given (and action notice) */
  long nEarliest;          /* earliest action start, -1 if none */
  long nExpires;           /* mandate (or start window) end, -1 if none */
  int hasMandate;          /* a mandate_months rule applied: re-ballot dates */
};

/* Add a dated event. */
static void add_event(Timeline *pT, const char *zKey, long nDay, const char *zSection,
                      const char *zFmt, ...) __attribute__((format(printf,5,6)));
static void add_event(Timeline *pT, const char *zKey, long nDay, const char *zSection,
                      const char *zFmt, ...){
  LawTimeline *o = pT->pOut;
  if( o->nEvent>=LAW_MAX_EVENT ) return;   /* NEVER: the kinds add fewer */
  LawEvent *e = &o->aEvent[o->nEvent++];
  snprintf(e->zKey, sizeof e->zKey, "%s", zKey);
  date_from_days(nDay, e->zDate);
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  e->zLabel = buf_steal(&b);
  e->zSection = zSection;
}

static void warn(Timeline *pT, char *z){ law_push(&pT->pOut->azWarn, &pT->pOut->nWarn, z); }
static void note(Timeline *pT, char *z){ law_push(&pT->pOut->azNote, &pT->pOut->nNote, z); }

/* Whether nDay is a working day: not a weekend, not a holiday in zCal. */
static int is_working_day(const Timeline *pT, long nDay){
  char z[11];
  int wd = weekday(nDay);
  if( wd==0 || wd==6 ) return 0;
  date_from_days(nDay, z);
  return law_holiday(pT->pSet, pT->zCal, z, 0)==0;
}

/* The earliest day action may start after notice given on nNotice. */
static long earliest_after_notice(const Timeline *pT, const json_t *pVer, long nNotice, int byAgreement){
  long nDays = (long)jnum(pVer, byAgreement ? "days_by_agreement" : "days", 0);
  const char *zUnit = json_string_value(json_object_get(json_object_get(pVer, "params"), "unit"));
  if( zUnit && strcmp(zUnit, "working")==0 ){
    long n = nNotice;
    for(long k=0; k<nDays; ) if( is_working_day(pT, ++n) ) k++;
    return n + 1;   /* the whole working days have passed */
  }
  return nNotice + nDays;
}

/* notice_days_before: "not later than the Nth day before the event":
** event date minus N. Keyed <rule id>_by. */
static void time_notice_before(Timeline *pT, const json_t *pRule, const json_t *pVer){
  char zKey[40];
  snprintf(zKey, sizeof zKey, "%s_by", jstr(pRule, "id"));
  add_event(pT, zKey, pT->nOpens - (long)jnum(pVer, "days", 0), jstr(pVer, "section"),
            "%s: last day (%g days before the ballot opens)", jstr(pRule, "title"), jnum(pVer, "days", 0));
}

/* ballot_period_min_days: warn when the ballot is open fewer days. */
static void time_period_min(Timeline *pT, const json_t *pRule, const json_t *pVer){
  long nMin = (long)jnum(pVer, "days", 0), nLen = pT->nCloses - pT->nOpens + 1;
  if( nLen<nMin ){
    warn(pT, law_mprintf("the ballot is open %ld day%s (%s to %s); less than the %ld days advised (%s: %s)",
         nLen, nLen==1 ? "" : "s", pT->pOut->zOpens, pT->pOut->zCloses, nMin, jstr(pVer, "section"),
         jstr(pVer, "status")));
  }
}

/* result_notice: the planned day the result is given. */
static void time_result(Timeline *pT, const json_t *pRule, const json_t *pVer){
  long n = (long)jnum(pVer, "planning_days_after_close", 0);
  pT->nResult = pT->nCloses + n;
  add_event(pT, "result_by", pT->nResult, jstr(pVer, "section"),
            "%s (planned: %ld day%s after the close; an assumption, not law)",
            jstr(pRule, "title"), n, n==1 ? "" : "s");
}

/* action_notice_days: the earliest start after notice given on the result day. */
static void time_action_notice(Timeline *pT, const json_t *pRule, const json_t *pVer){
  const char *zUnit = json_string_value(json_object_get(json_object_get(pVer, "params"), "unit"));
  const char *zWhat = zUnit && strcmp(zUnit, "working")==0 ? "working days" : "days";
  add_event(pT, "action_notice_from", pT->nResult, jstr(pVer, "section"),
            "Notice of industrial action can be given (once the result is known)");
  pT->nEarliest = earliest_after_notice(pT, pVer, pT->nResult, 0);
  add_event(pT, "earliest_action", pT->nEarliest, jstr(pVer, "section"),
            "Earliest day action may start after notice given on the result day (%g %s' notice)",
            jnum(pVer, "days", 0), zWhat);
  if( jnum(pVer, "days_by_agreement", 0)>0 ){
    add_event(pT, "earliest_action_by_agreement", earliest_after_notice(pT, pVer, pT->nResult, 1),
              jstr(pVer, "section"), "Earliest day action may start if union and employer agree to %g %s' notice",
              jnum(pVer, "days_by_agreement", 0), zWhat);
  }
}

/* mandate_months: "the period of N months beginning with the date of the
** ballot" (its close): the day before the same date N months on. */
static void time_mandate(Timeline *pT, const json_t *pRule, const json_t *pVer){
  int nMonths = (int)jnum(pVer, "months", 0);
  int nMax = (int)jnum(pVer, "max_months_by_agreement", 0);
  pT->nExpires = add_months(pT->pOut->zCloses, nMonths) - 1;
  pT->hasMandate = 1;
  add_event(pT, "mandate_expires", pT->nExpires, jstr(pVer, "section"),
            "Mandate expires: last day of the %d months beginning with the close", nMonths);
  if( nMax>nMonths ){
    add_event(pT, "mandate_expires_extended", add_months(pT->pOut->zCloses, nMax) - 1, jstr(pVer, "section"),
              "Mandate expires if union and employer agree to extend it to %d months", nMax);
  }
}

/* action_start_window_days: action must start within N days starting on the
** declaration (that day counts), extendable by M days. */
static void time_window(Timeline *pT, const json_t *pRule, const json_t *pVer){
  long n = (long)jnum(pVer, "days", 0), m = (long)jnum(pVer, "extension_days", 0);
  pT->nExpires = pT->nResult + n - 1;
  add_event(pT, "action_must_start_by", pT->nExpires, jstr(pVer, "section"),
            "Last day action may start: %ld days starting on the declaration of the result", n);
  if( m>0 ){
    add_event(pT, "action_must_start_by_extended", pT->nResult + n + m - 1, jstr(pVer, "section"),
              "Last day action may start if the window is extended by %ld days", m);
  }
}

/* The version of the rule of kind zKind in force on nDay, or NULL. */
static json_t *version_of_kind(const Timeline *pT, const char *zKind, long nDay, const json_t **ppRule){
  char z[11];
  date_from_days(nDay, z);
  size_t i;
  json_t *pRule;
  json_array_foreach(json_object_get(pT->pRegime, "rules"), i, pRule){
    if( strcmp(jstr(pRule, "kind"), zKind)==0 ){
      json_t *pVer = law_rule_version(pRule, z);
      if( pVer && !json_is_true(json_object_get(pVer, "repealed")) ){
        if( ppRule ) *ppRule = pRule;
        return pVer;
      }
    }
  }
  return 0;
}

/* Re-ballot without a gap: the latest close from which action under the new
** ballot (result, then notice) can start by the day after expiry; it opens
** after the same ballot length, with the same notices before it. */
static void time_reballot(Timeline *pT){
  const json_t *pNoticeVer = version_of_kind(pT, "action_notice_days", pT->nExpires, 0);
  if( !pT->hasMandate || pNoticeVer==0 || pT->nEarliest<0 ) return;
  long nLag = pT->nResult - pT->nCloses;
  long nClose = pT->nExpires;
  while( nClose > pT->nCloses && earliest_after_notice(pT, pNoticeVer, nClose + nLag, 0) > pT->nExpires + 1 ) nClose--;
  if( nClose<=pT->nCloses ) return;
  long nOpen = nClose - (pT->nCloses - pT->nOpens);
  add_event(pT, "reballot_closes_by", nClose, 0,
            "Re-ballot must close by this day for action under it to start the day after the mandate expires");
  add_event(pT, "reballot_opens_by", nOpen, 0,
            "Re-ballot opens by this day (same ballot length as this one)");
  long nLead = 0;
  size_t i;
  json_t *pRule;
  char z[11];
  date_from_days(nOpen, z);
  json_array_foreach(json_object_get(pT->pRegime, "rules"), i, pRule){
    if( strcmp(jstr(pRule, "kind"), "notice_days_before")!=0 ) continue;
    json_t *pVer = law_rule_version(pRule, z);
    if( pVer && (long)jnum(pVer, "days", 0)>nLead ) nLead = (long)jnum(pVer, "days", 0);
  }
  if( nLead>0 ){
    add_event(pT, "reballot_notice_by", nOpen - nLead, 0,
              "Re-ballot: last day for the employer to receive notice of the new ballot");
  }
  note(pT, law_mprintf("re-ballot dates assume the new ballot runs as long as this one (%ld days), "
       "the result is given as planned, and notice of action is given on the result day",
       pT->nCloses - pT->nOpens + 1));
}

/* Dates that matter on a weekend or holiday, and which way to move them:
** -1 deliver by the working day before (things to be received), +1 plan
** on the next working day, 0 just say so (post may not go out that day). */
static const struct { const char *zKey; int dir; } aWorkday[] = {
  { "ballot_notice_by", -1 }, { "sample_paper_by", -1 }, { "reballot_notice_by", -1 },
  { "ballot_opens", 0 }, { "result_by", 1 },
};

static int cmp_event(const void *a, const void *b){
  return strcmp(((const LawEvent*)a)->zDate, ((const LawEvent*)b)->zDate);
}

int law_timeline(const LawSet *pSet, const char *zRegime, const char *zOpens,
                 const char *zCloses, const char *zToday, LawTimeline *pOut,
                 char **pzErr){
  memset(pOut, 0, sizeof *pOut);
  *pzErr = 0;
  json_t *pRegime = law_regime(pSet, zRegime);
  if( pRegime==0 ){ *pzErr = law_mprintf("no regime '%s' (try: mandate rules list)", zRegime); return -1; }
  if( !is_iso_date(zOpens) || !is_iso_date(zCloses) || !is_iso_date(zToday) ){
    *pzErr = law_mprintf("dates must be like 2026-03-02");
    return -1;
  }
  if( strcmp(zCloses, zOpens)<0 ){
    *pzErr = law_mprintf("the ballot closes (%s) before it opens (%s)", zCloses, zOpens);
    return -1;
  }
  Timeline t;
  memset(&t, 0, sizeof t);
  t.pSet = pSet;
  t.pRegime = pRegime;
  t.pOut = pOut;
  t.zCal = jstr(pRegime, "holidays");
  t.nOpens = date_to_days(zOpens);
  t.nCloses = date_to_days(zCloses);
  t.nResult = t.nCloses;
  t.nEarliest = -1;
  t.nExpires = -1;
  pOut->zRegime = jstr(pRegime, "id");
  memcpy(pOut->zOpens, zOpens, 11);
  memcpy(pOut->zCloses, zCloses, 11);
  memcpy(pOut->zToday, zToday, 11);
  char *zNote = applies_note(pRegime, zOpens);
  if( zNote ) warn(&t, zNote);
  add_event(&t, "ballot_opens", t.nOpens, 0, "Ballot opens: first voting papers sent");
  add_event(&t, "ballot_closes", t.nCloses, 0, "Ballot closes: last day of voting (the date of the ballot)");
  /* The result first (the notice and window count from it), then the rest
  ** in the data's order; versions picked by what each rule says decides. */
  for(int pass=0; pass<2; pass++){
    size_t i;
    json_t *pRule;
    json_array_foreach(json_object_get(pRegime, "rules"), i, pRule){
      const LawKind *pKind = law_kind(jstr(pRule, "kind"));
      if( pKind==0 || pKind->xTime==0 ) continue;   /* NEVER: validated on load */
      int isResult = strcmp(pKind->zKind, "result_notice")==0;
      if( isResult!=(pass==0) ) continue;
      char zDecide[11];
      const char *zBy = jstr(pRule, "decided_by");
      date_from_days(strcmp(zBy, "action_notice")==0 ? t.nResult : t.nOpens, zDecide);
      json_t *pVer = law_rule_version(pRule, zDecide);
      if( pass==0 ) pending_notes(pRule, &pOut->azNote, &pOut->nNote);
      if( pVer==0 || json_is_true(json_object_get(pVer, "repealed")) ){
        note(&t, law_mprintf("%s: no version in force on %s", jstr(pRule, "id"), zDecide));
        continue;
      }
      if( strcmp(jstr(pVer, "status"), "in force")!=0 ){
        note(&t, law_mprintf("%s: status \"%s\" (%s)", jstr(pRule, "id"), jstr(pVer, "status"), jstr(pVer, "section")));
      }
      pKind->xTime(&t, pRule, pVer);
    }
  }
  time_reballot(&t);
  qsort(pOut->aEvent, (size_t)pOut->nEvent, sizeof(LawEvent), cmp_event);
  /* Weekends and holidays where they matter. */
  for(int i=0; i<pOut->nEvent; i++){
    const LawEvent *e = &pOut->aEvent[i];
    int dir = 2;
    for(size_t k=0; k<sizeof(aWorkday)/sizeof(aWorkday[0]); k++){
      if( strcmp(aWorkday[k].zKey, e->zKey)==0 ) dir = aWorkday[k].dir;
    }
    if( dir==2 ) continue;
    long n = date_to_days(e->zDate);
    int covered = 0;
    const char *zHol = law_holiday(pSet, t.zCal, e->zDate, &covered);
    int wd = weekday(n);
    if( wd==0 || wd==6 || zHol ){
      long nAlt = n;
      do nAlt += dir ? dir : 1; while( !is_working_day(&t, nAlt) );
      char zAlt[11];
      date_from_days(nAlt, zAlt);
      warn(&t, law_mprintf("%s %s is a %s%s%s: %s %s %s", e->zKey, e->zDate, azDayName[wd],
           zHol ? ", " : "", zHol ? zHol : "",
           dir<0 ? "make sure it arrives by the working day before," :
           dir>0 ? "plan on the next working day," : "check post goes out; the next working day is",
           azDayName[weekday(nAlt)], zAlt));
    }else if( t.zCal && !covered ){
      warn(&t, law_mprintf("%s %s: the bank-holiday table does not cover this date", e->zKey, e->zDate));
    }
  }
  if( t.zCal==0 ){
    note(&t, law_mprintf("no public-holiday table for %s: only weekends are checked", pOut->zRegime));
  }
  /* Deadlines already past, and the mandate's end. */
  long nToday = date_to_days(zToday);
  for(int i=0; i<pOut->nEvent; i++){
    const LawEvent *e = &pOut->aEvent[i];
    if( strcmp(e->zKey, "ballot_notice_by")==0 || strcmp(e->zKey, "sample_paper_by")==0 ){
      if( date_to_days(e->zDate)<nToday ){
        warn(&t, law_mprintf("window too short: %s was %s, before today (%s); move the ballot later",
             e->zKey, e->zDate, zToday));
      }
    }
  }
  if( t.nExpires>=0 ){
    char zExp[11];
    date_from_days(t.nExpires, zExp);
    if( t.nExpires<nToday ){
      warn(&t, law_mprintf("the mandate (or window to start action) ended on %s", zExp));
    }else if( t.nExpires - nToday <= 42 ){
      warn(&t, law_mprintf("the mandate (or window to start action) ends on %s, within six weeks of today (%s)",
           zExp, zToday));
    }
  }
  return 0;
}

const char *law_timeline_date(const LawTimeline *pT, const char *zKey){
  for(int i=0; i<pT->nEvent; i++) if( strcmp(pT->aEvent[i].zKey, zKey)==0 ) return pT->aEvent[i].zDate;
  return 0;
}

json_t *law_timeline_json(const LawTimeline *pT){
  static const char *const azKey[] = { "ballot_notice_by", "sample_paper_by", "mandate_expires", 0 };
  json_t *pRoot = json_object(), *pEvents = json_array(), *pWarn = json_array(), *pNotes = json_array();
  json_object_set_new(pRoot, "regime", json_string(pT->zRegime));
  json_object_set_new(pRoot, "ballot_opens", json_string(pT->zOpens));
  json_object_set_new(pRoot, "ballot_closes", json_string(pT->zCloses));
  for(int i=0; azKey[i]; i++){   /* always present, null where the regime has none */
    const char *z = law_timeline_date(pT, azKey[i]);
    json_object_set_new(pRoot, azKey[i], z ? json_string(z) : json_null());
  }
  for(int i=0; i<pT->nEvent; i++){
    const LawEvent *e = &pT->aEvent[i];
    json_object_set_new(pRoot, e->zKey, json_string(e->zDate));
    json_t *p = json_object();
    json_object_set_new(p, "key", json_string(e->zKey));
    json_object_set_new(p, "date", json_string(e->zDate));
    json_object_set_new(p, "what", json_string(e->zLabel));
    json_object_set_new(p, "section", e->zSection ? json_string(e->zSection) : json_null());
    json_array_append_new(pEvents, p);
  }
  for(int i=0; i<pT->nWarn; i++) json_array_append_new(pWarn, json_string(pT->azWarn[i]));
  for(int i=0; i<pT->nNote; i++) json_array_append_new(pNotes, json_string(pT->azNote[i]));
  json_object_set_new(pRoot, "events", pEvents);
  json_object_set_new(pRoot, "warnings", pWarn);
  json_object_set_new(pRoot, "notes", pNotes);
  return pRoot;
}

/* Append one content line, folded at 75 octets (RFC 5545 3.1), never inside
** a UTF-8 sequence, ending in CRLF. */
static void ics_line(Buf *b, const char *z){
  size_t n = strlen(z), nLine = 0;
  for(size_t i=0; i<n; i++){
    size_t nChar = 1;
    while( i+nChar<n && ((unsigned char)z[i+nChar] & 0xC0)==0x80 ) nChar++;
    if( nLine + nChar > 75 ){ buf_puts(b, "\r\n "); nLine = 1; }
    buf_append(b, z+i, nChar);
    nLine += nChar;
    i += nChar-1;
  }
  buf_puts(b, "\r\n");
}

/* Escape TEXT (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
static void ics_text(Buf *b, const char *z){
  for(; *z; z++){
    if( *z=='\\' || *z==';' || *z==',' ){ buf_putc(b, '\\'); buf_putc(b, *z); }
    else if( *z=='\n' ) buf_puts(b, "\\n");
    else if( *z!='\r' ) buf_putc(b, *z);
  }
}

/* YYYY-MM-DD -> YYYYMMDD into z (9 bytes). */
static void ics_date(char *z, const char *zIso){
  snprintf(z, 9, "%.4s%.2s%.2s", zIso, zIso+5, zIso+8);
}

char *law_timeline_ics(const LawTimeline *pT, const char *zStamp){
  Buf out = BUF_INIT, line = BUF_INIT;
  char zStampC[9], zD[9], zEnd[11], zE[9];
  ics_date(zStampC, zStamp);
  ics_date(zD, pT->zOpens);
  ics_line(&out, "BEGIN:VCALENDAR");
  ics_line(&out, "VERSION:2.0");
  ics_line(&out, "PRODID:-//mandate//legal timeline//EN");
  ics_line(&out, "CALSCALE:GREGORIAN");
  ics_line(&out, "METHOD:PUBLISH");
  for(int i=0; i<pT->nEvent; i++){
    const LawEvent *e = &pT->aEvent[i];
    char zStart[9];
    ics_date(zStart, e->zDate);
    date_from_days(date_to_days(e->zDate)+1, zEnd);
    ics_date(zE, zEnd);
    ics_line(&out, "BEGIN:VEVENT");
    buf_reset(&line); buf_printf(&line, "UID:%s-%s-%s@mandate", pT->zRegime, zD, e->zKey); ics_line(&out, buf_str(&line));
    buf_reset(&line); buf_printf(&line, "DTSTAMP:%sT000000Z", zStampC); ics_line(&out, buf_str(&line));
    buf_reset(&line); buf_printf(&line, "DTSTART;VALUE=DATE:%s", zStart); ics_line(&out, buf_str(&line));
    buf_reset(&line); buf_printf(&line, "DTEND;VALUE=DATE:%s", zE); ics_line(&out, buf_str(&line));
    buf_reset(&line); buf_puts(&line, "SUMMARY:"); ics_text(&line, e->zLabel); ics_line(&out, buf_str(&line));
    buf_reset(&line);
    buf_puts(&line, "DESCRIPTION:");
    Buf d = BUF_INIT;
    buf_printf(&d, "%s (%s)%s%s. Not legal advice.", e->zKey, pT->zRegime,
               e->zSection ? "; " : "", e->zSection ? e->zSection : "");
    ics_text(&line, buf_str(&d));
    buf_reset(&d);
    ics_line(&out, buf_str(&line));
    ics_line(&out, "TRANSP:TRANSPARENT");
    ics_line(&out, "END:VEVENT");
  }
  ics_line(&out, "END:VCALENDAR");
  buf_reset(&line);
  return buf_steal(&out);
}

int law_action_notice(const LawSet *pSet, const char *zRegime, const char *zGiven,
                      int byAgreement, LawActionNotice *pOut, char **pzErr){
  memset(pOut, 0, sizeof *pOut);
  *pzErr = 0;
  json_t *pRegime = law_regime(pSet, zRegime);
  if( pRegime==0 ){ *pzErr = law_mprintf("no regime '%s' (try: mandate rules list)", zRegime); return -1; }
  if( !is_iso_date(zGiven) ){ *pzErr = law_mprintf("dates must be like 2026-03-02"); return -1; }
  size_t i;
  json_t *pEach, *pRule = 0, *pVer = 0;
  json_array_foreach(json_object_get(pRegime, "rules"), i, pEach){
    if( pRule==0 && strcmp(jstr(pEach, "kind"), "action_notice_days")==0 ) pRule = pEach;
  }
  if( pRule ) pVer = law_rule_version(pRule, zGiven);
  if( pVer==0 || json_is_true(json_object_get(pVer, "repealed")) ){
    *pzErr = law_mprintf("regime %s has no rule on notice of action in force on %s", zRegime, zGiven);
    return 1;
  }
  if( byAgreement && jnum(pVer, "days_by_agreement", 0)<=0 ){
    *pzErr = law_mprintf("regime %s offers no shorter notice of action by agreement on %s (%s)",
                         zRegime, zGiven, jstr(pVer, "section"));
    return 1;
  }
  Timeline t;
  memset(&t, 0, sizeof t);
  t.pSet = pSet;
  t.pRegime = pRegime;
  t.zCal = jstr(pRegime, "holidays");
  const char *zUnit = json_string_value(json_object_get(json_object_get(pVer, "params"), "unit"));
  date_from_days(earliest_after_notice(&t, pVer, date_to_days(zGiven), byAgreement), pOut->zEarliest);
  memcpy(pOut->zGiven, zGiven, 11);
  pOut->nDays = (int)jnum(pVer, byAgreement ? "days_by_agreement" : "days", 0);
  pOut->working = zUnit && strcmp(zUnit, "working")==0;
  pOut->byAgreement = byAgreement;
  pOut->zRule = jstr(pRule, "id");
  pOut->zSection = jstr(pVer, "section");
  pOut->zStatus = jstr(pVer, "status");
  pOut->zNote = jstr(pVer, "note");
  return 0;
}

void law_timeline_clear(LawTimeline *pT){
  for(int i=0; i<pT->nEvent; i++) free(pT->aEvent[i].zLabel);
  law_free_list(pT->azWarn, pT->nWarn);
  law_free_list(pT->azNote, pT->nNote);
  memset(pT, 0, sizeof *pT);
}
