/* notices.c: the notice of the result (TULRCA s231, s231A), the notice of
** industrial action (s234A) and the sample voting paper (s226A(1)(b), s229)
** as printable HTML, drafted from a dispute, the register and the regime
** data; and the stylesheet shared with the notice of ballot. Every value
** from the register or the caller is HTML-escaped. See docs/disputes.md. */
#include "notices.h"
#include "dispute_sql.h"
#include "../util/escape.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zNoticeCss[] =
  "body{font-family:Georgia,'Times New Roman',serif;font-size:12pt;line-height:1.4;"
  "color:#000;background:#fff;margin:0}\n"
  ".notice{max-width:48em;margin:0 auto;padding:2.5em 2em}\n"
  ".notice + .notice{border-top:1px dashed #999}\n"
  ".page-break{break-after:page;page-break-after:always}\n"
  "h1{font-size:18pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.4em 0 .4em}\n"
  ".meta{margin:.8em 0 1.2em;border-collapse:collapse}.meta th{text-align:left;"
  "padding:.15em 1.2em .15em 0;vertical-align:top;font-weight:bold}\n"
  "table{border-collapse:collapse;margin:.4em 0}\n"
  "thead th{text-align:left;border-bottom:1.5px solid #000;padding:.25em .8em .25em 0}\n"
  "tbody td,tbody th{border-bottom:1px solid #ccc;padding:.2em .8em .2em 0;text-align:left}\n"
  ".n{text-align:right}.total{font-size:14pt;font-weight:bold}\n"
  ".key{border:2px solid #000;padding:.6em .9em;margin:1em 0}\n"
  ".met{font-weight:bold}.not-met{font-weight:bold;text-decoration:underline}\n"
  ".blank{display:inline-block;min-width:16em;border-bottom:1px solid #000}\n"
  ".question{border:1.5px solid #000;padding:.6em .9em;margin:.8em 0}\n"
  ".box{display:inline-block;width:1.4em;height:1.4em;border:1.5px solid #000;"
  "vertical-align:middle;margin:0 .4em 0 1.2em}\n"
  ".statement{font-weight:bold;margin:1em 0}\n"
  ".sample{border:2px dashed #000;padding:.2em .6em;display:inline-block;font-weight:bold}\n"
  ".screen-only{background:#fff8d6;border:1px solid #c9a400;padding:.5em .9em;margin:0 0 1em}\n"
  "footer{margin-top:2em;font-size:9.5pt;color:#333;border-top:1px solid #999;padding-top:.5em}\n"
  "@page{size:A4;margin:18mm 16mm}\n"
  "@media print{.notice{padding:0;max-width:none}.notice + .notice{border-top:0}"
  ".screen-only{display:none}a{color:#000;text-decoration:none}}\n";


void notice_link_css(Buf *pHtml, const char *zHref){
  const char *z = buf_str(pHtml);
  const char *zStart = strstr(z, "<style>");
  const char *zEnd = zStart ? strstr(zStart, "</style>") : 0;
  if( zEnd==0 ) return;
  Buf b = BUF_INIT;
  buf_append(&b, z, (size_t)(zStart - z));
  buf_printf(&b, "<link rel=\"stylesheet\" href=\"%s\">", zHref);
  buf_puts(&b, zEnd + 8);
  buf_reset(pHtml);
  *pHtml = b;
}

void notice_doc_clear(NoticeDoc *p){
  buf_reset(&p->html);
  buf_reset(&p->summary);
  for(int i=0; i<p->nWarn; i++) free(p->azWarn[i]);
  free(p->azWarn);
  memset(p, 0, sizeof(*p));
}

/*************************** small helpers ***************************/

/* Set *pzErr to a formatted message; return rc. */
static int notice_fail(char **pzErr, int rc, const char *zFmt, ...) __attribute__((format(printf,3,4)));
static int notice_fail(char **pzErr, int rc, const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  *pzErr = buf_steal(&b);
  return rc;
}

static void notice_warn(NoticeDoc *p, const char *zFmt, ...) __attribute__((format(printf,2,3)));
static void notice_warn(NoticeDoc *p, const char *zFmt, ...){
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  p->azWarn = xrealloc(p->azWarn, (size_t)(p->nWarn+1)*sizeof(char*));
  p->azWarn[p->nWarn++] = buf_steal(&b);
}

/* "Monday 30 November 2026 (2026-11-30)", escaped. */
static void put_date(Buf *pBuf, const char *zIso){
  static const char *const azDay[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday" };
  static const char *const azMonth[] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };
  long n = date_to_days(zIso);
  int m = atoi(zIso+5);
  if( n<0 || m<1 || m>12 ){ html_escape(pBuf, zIso); return; }
  html_escapef(pBuf, "%s %d %s %d (%s)", azDay[((n % 7) + 7 + 4) % 7], atoi(zIso+8),
       azMonth[m-1], atoi(zIso), zIso);
}

static int is_date(const char *z){
  char zOut[NORM_MAX];
  const char *zWhy;
  return z && strlen(z)==10 && norm_date(z, zOut, &zWhy)==0 && strcmp(z, zOut)==0;
}

/* The question's words for people. */
static const char *question_words(const char *zQ){
  return zQ && strcmp(zQ, "short_of_strike")==0 ? "industrial action short of a strike" : "a strike";
}

/* The union's name: the root of the unit tree. */
static void union_name(Db *db, char *zOut, size_t nOut){
  snprintf(zOut, nOut, "The union");
  DbStmt *s = db_prepare(db, "SELECT name FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  if( db_step(s)==DB_ROW && db_col_text(s, 0) ) snprintf(zOut, nOut, "%s", db_col_text(s, 0));
  db_finalize(s);
}

/* The document's head, with the shared stylesheet inline, and its title
** ("Notice of industrial action: Pay 2026"); the body's <main> opens. */
void notice_doc_begin(Buf *h, const char *zTitle, const Dispute *pD){
  buf_puts(h, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>");
  html_escapef(h, "%s: %s", zTitle, pD->zTitle);
  buf_puts(h, "</title>\n<style>\n");
  buf_puts(h, zNoticeCss);
  buf_puts(h, "</style>\n</head>\n<body>\n<main>\n");
}

const char *notice_css(void){ return zNoticeCss; }

void notice_doc_end(Buf *h){
  buf_puts(h, "</main>\n</body>\n</html>\n");
}

/* The To / From / Dispute / Date table of a notice. */
static void notice_meta(Buf *h, const char *zTo, const char *zUnion, const Dispute *pD,
                        const char *zToday){
  buf_puts(h, "<table class=\"meta\">\n<tr><th>To</th><td>");
  html_escape(h, zTo);
  buf_puts(h, "</td></tr>\n<tr><th>From</th><td>");
  html_escape(h, zUnion);
  buf_puts(h, "</td></tr>\n<tr><th>Dispute</th><td>");
  html_escapef(h, "%s (reference %s)", pD->zTitle, pD->zCode);
  buf_puts(h, "</td></tr>\n");
  if( pD->zIssue && pD->zIssue[0] ){
    buf_puts(h, "<tr><th>About</th><td>");
    html_escape(h, pD->zIssue);
    buf_puts(h, "</td></tr>\n");
  }
  buf_puts(h, "<tr><th>Date of notice</th><td>");
  put_date(h, zToday);
  buf_puts(h, "</td></tr>\n</table>\n");
}

static void notice_footer(Buf *h, const Dispute *pD, const char *zUnion, const char *zToday){
  buf_puts(h, "<p>Signed: ______________________________ for ");
  html_escape(h, zUnion);
  buf_puts(h, "</p>\n<footer>");
  html_escapef(h, "Drafted by mandate from dispute %s (regime %s) on %s. This is a draft for the"
       " union to check and send; it is not legal advice. Have the union's lawyers check"
       " it before it is given.", pD->zCode, pD->zRegime, zToday);
  buf_puts(h, "</footer>\n");
}

/* The employer parties of *pD that employ members in its constituency,
** with how many: *paN[i] for pD->aParty[i], 0 for none. Returns 0 or -1. */
static int party_counts(Db *db, const Dispute *pD, int64_t *aN){
  for(int i=0; i<pD->nParty; i++){
    DbStmt *s = db_prepare(db, "SELECT count(*) FROM members m JOIN units u ON u.id=m.unit_id"
                               " WHERE" IN_SCOPE " AND m.employer_id=?");
    bind_dispute(s, IN_SCOPE_PARAMS, pD->id);
    db_bind_int(s, IN_SCOPE_PARAMS+1, pD->aParty[i].id);
    int r = db_step(s);
    aN[i] = r==DB_ROW ? db_col_int(s, 0) : -1;
    db_finalize(s);
    if( aN[i]<0 ) return -1;
  }
  return 0;
}

/* Those entitled to vote by the register: the constituency's primary
** members. -1 on a store error. */
static int64_t entitled_count(Db *db, const Dispute *pD){
  DbStmt *s = db_prepare(db, "SELECT count(*) FROM members m JOIN units u ON u.id=m.unit_id"
                             " WHERE" ENTITLED);
  bind_dispute(s, ENTITLED_PARAMS, pD->id);
  int r = db_step(s);
  int64_t n = r==DB_ROW ? db_col_int(s, 0) : -1;
  db_finalize(s);
  return n;
}

/*************************** the notice of the result ***************************/

/* The rule of kind zKind in regime pRegime, or NULL. Borrowed. */
static json_t *rule_of_kind(const json_t *pRegime, const char *zKind){
  size_t i;
  json_t *pRule;
  json_array_foreach(json_object_get(pRegime, "rules"), i, pRule){
    const char *z = json_string_value(json_object_get(pRule, "kind"));
    if( z && strcmp(z, zKind)==0 ) return pRule;
  }
  return 0;
}

/* The rule with id zId in regime pRegime, or NULL. Borrowed. */
static json_t *rule_by_id(const json_t *pRegime, const char *zId){
  size_t i;
  json_t *pRule;
  json_array_foreach(json_object_get(pRegime, "rules"), i, pRule){
    const char *z = json_string_value(json_object_get(pRule, "id"));
    if( z && strcmp(z, zId)==0 ) return pRule;
  }
  return 0;
}

/* The section of the version of rule pRule in force on zOn, or zDflt. */
static const char *rule_section(const json_t *pRule, const char *zOn, const char *zDflt){
  json_t *pVer = pRule ? law_rule_version(pRule, zOn) : 0;
  const char *z = json_string_value(json_object_get(pVer, "section"));
  return z ? z : zDflt;
}

/* The figures and the thresholds, as the body of one notice of the result. */
static void result_body(Buf *h, const NoticeResult *p, long long nEntitled,
                        long long nSpoiled, const LawVerdict *pV, const char *zEntitledFrom){
  buf_puts(h, "<h2>The result</h2>\n<table>\n<tbody>\n");
  buf_printf(h, "<tr><th>Number of individuals entitled to vote</th><td class=\"n\">%lld</td></tr>\n", nEntitled);
  buf_printf(h, "<tr><th>Number of votes cast</th><td class=\"n\">%lld</td></tr>\n", p->nVotes);
  buf_printf(h, "<tr><th>Number of individuals answering &#8220;Yes&#8221;</th><td class=\"n\">%lld</td></tr>\n", p->nYes);
  buf_printf(h, "<tr><th>Number of individuals answering &#8220;No&#8221;</th><td class=\"n\">%lld</td></tr>\n", p->nNo);
  buf_printf(h, "<tr><th>Number of voting papers spoiled or otherwise invalid</th><td class=\"n\">%lld</td></tr>\n", nSpoiled);
  buf_puts(h, "</tbody>\n</table>\n");
  if( zEntitledFrom ) { buf_puts(h, "<p>"); html_escape(h, zEntitledFrom); buf_puts(h, "</p>\n"); }
  buf_puts(h, "<h2>The thresholds</h2>\n<table>\n<thead><tr><th>Requirement</th>"
              "<th class=\"n\">Result</th><th class=\"n\">Needed</th><th>Met?</th></tr></thead>\n<tbody>\n");
  for(int i=0; i<pV->nCheck; i++){
    const LawCheck *c = &pV->aCheck[i];
    buf_puts(h, "<tr><td>");
    html_escape(h, c->zTitle);
    buf_puts(h, " <small>(");
    html_escape(h, c->zSection);
    buf_puts(h, ")</small></td>");
    buf_printf(h, "<td class=\"n\">%lld (%.1f%% of %s)</td><td class=\"n\">%s %lld</td>",
               c->nValue, c->value, strcmp(c->zBase, "entitled")==0 ? "those entitled" : c->zBase,
               strcmp(c->zCompare, ">")==0 ? "more than half:" : "at least", c->nRequired);
    buf_printf(h, "<td class=\"%s\">%s</td></tr>\n", c->met ? "met" : "not-met",
               c->met ? "Yes, met" : "No, not met");
  }
  buf_puts(h, "</tbody>\n</table>\n");
  buf_printf(h, "<p class=\"key total\">%s</p>\n", pV->mandate
    ? "Every requirement was met: the ballot supports the industrial action asked about."
    : "Not every requirement was met: the ballot does not support the industrial action asked about.");
}

int notice_result(Db *db, const LawSet *pLaw, const Dispute *pD, const NoticeResult *p,
                  const char *zToday, NoticeDoc *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  *pzErr = 0;
  const json_t *pRegime = law_regime(pLaw, pD->zRegime);
  if( pRegime==0 ) return notice_fail(pzErr, -1, "dispute %s names regime %s, which is not loaded", pD->zCode, pD->zRegime);
  if( !is_date(p->zOpens) ) return notice_fail(pzErr, -1, "the opening day must be a date like 2026-12-07");
  if( p->zCloses && !is_date(p->zCloses) ) return notice_fail(pzErr, -1, "the closing day must be a date like 2026-12-21");
  if( p->zCloses && strcmp(p->zCloses, p->zOpens)<0 ){
    return notice_fail(pzErr, -1, "the ballot closes (%s) before it opens (%s)", p->zCloses, p->zOpens);
  }
  long long nEntitled = p->nEntitled;
  const char *zEntitledFrom = 0;
  char zFrom[200];
  if( nEntitled<0 ){
    nEntitled = entitled_count(db, pD);
    if( nEntitled<0 ) return notice_fail(pzErr, -1, "%s", db_errmsg(db));
    snprintf(zFrom, sizeof zFrom, "The number entitled to vote is the union's register on %s:"
             " active members in the constituency employed by a party to the dispute.", zToday);
    zEntitledFrom = zFrom;
    notice_warn(pOut, "the number entitled (%lld) is the register's count today: give the"
                " scrutineer's figure with --entitled", nEntitled);
  }
  if( p->nVotes<0 || p->nYes<0 || p->nNo<0 ){
    return notice_fail(pzErr, -1, "votes, Yes and No must be whole numbers of 0 or more");
  }
  long long nSpoiled = p->nSpoiled>=0 ? p->nSpoiled : p->nVotes - p->nYes - p->nNo;
  if( nSpoiled<0 || p->nYes + p->nNo + nSpoiled != p->nVotes ){
    return notice_fail(pzErr, -1, "the figures do not add up: Yes (%lld) + No (%lld) + spoiled"
                       " (%lld) must equal the votes cast (%lld)", p->nYes, p->nNo,
                       nSpoiled<0 ? 0 : nSpoiled, p->nVotes);
  }

  const char *azCond[2] = { p->importantPublicService ? "important_public_service" : 0, 0 };
  LawBallot B = { nEntitled, p->nVotes, p->nYes, p->nNo, 1, p->zOpens, azCond };
  LawVerdict V;
  char *zErr = 0;
  if( law_thresholds(pLaw, pD->zRegime, &B, &V, &zErr) ){
    int rc = notice_fail(pzErr, -1, "%s", zErr);
    free(zErr);
    return rc;
  }
  for(int i=0; i<V.nNote; i++) notice_warn(pOut, "%s", V.azNote[i]);

  int64_t *aN = xcalloc((size_t)pD->nParty+1, sizeof(int64_t));
  if( party_counts(db, pD, aN) ){
    free(aN);
    law_verdict_clear(&V);
    return notice_fail(pzErr, -1, "%s", db_errmsg(db));
  }
  const char *zSection = rule_section(rule_of_kind(pRegime, "result_notice"), p->zOpens, "TULRCA s231, s231A");
  char zUnion[200];
  union_name(db, zUnion, sizeof zUnion);
  int nEmployer = 0;
  for(int i=0; i<pD->nParty; i++) if( aN[i]>0 ) nEmployer++;

  Buf *h = &pOut->html;
  notice_doc_begin(h, "Result of the industrial action ballot", pD);
  /* To the members: s231 */
  buf_printf(h, "<section class=\"notice%s\">\n", nEmployer ? " page-break" : "");
  buf_puts(h, "<h1>Result of the industrial action ballot</h1>\n<p>To every member entitled to"
              " vote in the ballot. Given as required by section 231 of the Trade Union and"
              " Labour Relations (Consolidation) Act 1992 (");
  html_escape(h, zSection);
  buf_puts(h, ").</p>\n");
  notice_meta(h, "Every member entitled to vote in the ballot", zUnion, pD, zToday);
  buf_puts(h, "<p>The question: are you prepared to take part in ");
  html_escape(h, question_words(p->zQuestion));
  buf_puts(h, "? The ballot opened on ");
  put_date(h, p->zOpens);
  if( p->zCloses ){ buf_puts(h, " and closed on "); put_date(h, p->zCloses); }
  buf_puts(h, ".</p>\n");
  result_body(h, p, nEntitled, nSpoiled, &V, zEntitledFrom);
  notice_footer(h, pD, zUnion, zToday);
  buf_puts(h, "</section>\n");
  /* To each employer: s231A */
  int k = 0;
  for(int i=0; i<pD->nParty; i++){
    if( aN[i]<=0 ) continue;
    k++;
    buf_printf(h, "<section class=\"notice%s\">\n", k<nEmployer ? " page-break" : "");
    buf_puts(h, "<h1>Result of the industrial action ballot</h1>\n<p>Given under section 231A"
                " of the Trade Union and Labour Relations (Consolidation) Act 1992 (");
    html_escape(h, zSection);
    buf_puts(h, ") to an employer whose employees were entitled to vote.</p>\n");
    notice_meta(h, pD->aParty[i].zName, zUnion, pD, zToday);
    buf_puts(h, "<p>The question: are you prepared to take part in ");
    html_escape(h, question_words(p->zQuestion));
    buf_puts(h, "? The ballot opened on ");
    put_date(h, p->zOpens);
    if( p->zCloses ){ buf_puts(h, " and closed on "); put_date(h, p->zCloses); }
    buf_puts(h, ".</p>\n");
    result_body(h, p, nEntitled, nSpoiled, &V, zEntitledFrom);
    notice_footer(h, pD, zUnion, zToday);
    buf_puts(h, "</section>\n");
  }
  notice_doc_end(h);
  pOut->nNotice = nEmployer;

  buf_printf(&pOut->summary, "%lld entitled, %lld votes cast (%lld Yes, %lld No, %lld spoiled)\n",
             nEntitled, p->nVotes, p->nYes, p->nNo, nSpoiled);
  for(int i=0; i<V.nCheck; i++){
    buf_printf(&pOut->summary, "  %-12s %s: %lld, needed %lld (%s)\n", V.aCheck[i].zRule,
               V.aCheck[i].met ? "met" : "NOT met", V.aCheck[i].nValue, V.aCheck[i].nRequired,
               V.aCheck[i].zSection);
  }
  buf_printf(&pOut->summary, "mandate: %s\n", V.mandate ? "yes" : "no");
  buf_printf(&pOut->summary, "a notice to the members and to %d employer%s\n", nEmployer, nEmployer==1 ? "" : "s");
  free(aN);
  law_verdict_clear(&V);
  return 0;
}

/*************************** the notice of industrial action ***************************/

/* The table of one employer's employees in the constituency by workplace
** and category. Returns 0 or -1. */
static int action_table(Db *db, Buf *h, const Dispute *pD, int64_t employerId){
  DbStmt *s = db_prepare(db,
    "SELECT u.name || ' (' || u.code || ')',"
    " CASE WHEN coalesce(m.category,'')='' THEN '(no category recorded)' ELSE min(m.category) END,"
    " count(*)"
    " FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE" IN_SCOPE " AND m.employer_id=?"
    " GROUP BY u.id, u.name, u.code, lower(coalesce(m.category,''))"
    " ORDER BY u.code, 3 DESC, 2");
  bind_dispute(s, IN_SCOPE_PARAMS, pD->id);
  db_bind_int(s, IN_SCOPE_PARAMS+1, employerId);
  buf_puts(h, "<table>\n<thead><tr><th>Workplace</th><th>Category</th>"
              "<th class=\"n\">Number of employees</th></tr></thead>\n<tbody>\n");
  int r;
  while( (r = db_step(s))==DB_ROW ){
    buf_puts(h, "<tr><td>");
    html_escape(h, db_col_text(s, 0));
    buf_puts(h, "</td><td>");
    html_escape(h, db_col_text(s, 1));
    buf_printf(h, "</td><td class=\"n\">%lld</td></tr>\n", (long long)db_col_int(s, 2));
  }
  db_finalize(s);
  buf_puts(h, "</tbody>\n</table>\n");
  if( r==DB_ERROR ) return -1;

  s = db_prepare(db,
    "SELECT CASE WHEN coalesce(m.category,'')='' THEN '(no category recorded)' ELSE min(m.category) END,"
    " count(*) FROM members m JOIN units u ON u.id=m.unit_id"
    " WHERE" IN_SCOPE " AND m.employer_id=?"
    " GROUP BY lower(coalesce(m.category,'')) ORDER BY 2 DESC, 1");
  bind_dispute(s, IN_SCOPE_PARAMS, pD->id);
  db_bind_int(s, IN_SCOPE_PARAMS+1, employerId);
  buf_puts(h, "<h2>The categories, and the number in each</h2>\n<table>\n<thead><tr><th>Category</th>"
              "<th class=\"n\">Number of employees</th></tr></thead>\n<tbody>\n");
  while( (r = db_step(s))==DB_ROW ){
    buf_puts(h, "<tr><td>");
    html_escape(h, db_col_text(s, 0));
    buf_printf(h, "</td><td class=\"n\">%lld</td></tr>\n", (long long)db_col_int(s, 1));
  }
  db_finalize(s);
  buf_puts(h, "</tbody>\n</table>\n");
  return r==DB_ERROR ? -1 : 0;
}

/* Check the dates of the action against the notice period and the
** mandate. 0, or -1 with *pzErr. */
static int action_dates_check(const LawSet *pLaw, const Dispute *pD, const NoticeAction *p,
                              const LawActionNotice *pN, const char *zToday, NoticeDoc *pOut,
                              char **pzErr){
  for(int i=0; i<p->nDate; i++){
    if( !is_date(p->azDate[i]) ) return notice_fail(pzErr, -1, "action date \"%s\": expected a date like 2026-12-07", p->azDate[i]);
    if( i && strcmp(p->azDate[i], p->azDate[i-1])<=0 ){
      return notice_fail(pzErr, -1, "action dates must be in order, each once (%s after %s)",
                         p->azDate[i], p->azDate[i-1]);
    }
  }
  if( strcmp(p->azDate[0], pN->zEarliest)<0 ){
    return notice_fail(pzErr, -1, "action on %s is too soon: with notice received on %s, the"
                       " earliest day action may start is %s (%d %sdays' notice%s, %s)",
                       p->azDate[0], pN->zGiven, pN->zEarliest, pN->nDays,
                       pN->working ? "working " : "", pN->byAgreement ? " by agreement" : "",
                       pN->zSection);
  }
  if( strcmp(pN->zGiven, zToday)<0 ){
    notice_warn(pOut, "the notice is dated to be received on %s, before today (%s)", pN->zGiven, zToday);
  }
  if( p->zBallotCloses ){
    LawTimeline T;
    char *zErr = 0;
    const char *zOpens = p->zBallotOpens ? p->zBallotOpens : p->zBallotCloses;
    if( law_timeline(pLaw, pD->zRegime, zOpens, p->zBallotCloses, zToday, &T, &zErr) ){
      int rc = notice_fail(pzErr, -1, "%s", zErr);
      free(zErr);
      return rc;
    }
    const char *zExp = law_timeline_date(&T, "mandate_expires");
    if( zExp==0 ) zExp = law_timeline_date(&T, "start_window_closes");
    int rc = 0;
    if( zExp && p->continuous && strcmp(p->azDate[0], zExp)>0 ){
      rc = notice_fail(pzErr, -1, "action from %s would start after the mandate ends (%s):"
                       " re-ballot first", p->azDate[0], zExp);
    }else if( zExp && !p->continuous && strcmp(p->azDate[p->nDate-1], zExp)>0 ){
      rc = notice_fail(pzErr, -1, "action on %s would be after the mandate ends (%s):"
                       " re-ballot first", p->azDate[p->nDate-1], zExp);
    }else if( zExp ){
      notice_warn(pOut, "the mandate from the ballot that closed on %s ends on %s", p->zBallotCloses, zExp);
    }
    law_timeline_clear(&T);
    if( rc ) return rc;
  }else{
    notice_warn(pOut, "the ballot's close was not given: check that the action falls within the mandate");
  }
  return 0;
}

int notice_action(Db *db, const LawSet *pLaw, const Dispute *pD, const NoticeAction *p,
                  const char *zToday, NoticeDoc *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  *pzErr = 0;
  if( p->nDate<1 ) return notice_fail(pzErr, -1, "give the day the action starts, or the days of action");
  if( p->continuous && p->nDate!=1 ) return notice_fail(pzErr, -1, "continuous action has one start date");
  LawActionNotice N;
  char *zErr = 0;
  int r = law_action_notice(pLaw, pD->zRegime, p->zGiven, p->byAgreement, &N, &zErr);
  if( r ){
    int rc = notice_fail(pzErr, -1, "%s", zErr);
    free(zErr);
    return rc;
  }
  if( action_dates_check(pLaw, pD, p, &N, zToday, pOut, pzErr) ){ notice_doc_clear(pOut); return -1; }
  if( strcmp(N.zStatus, "in force")!=0 ){
    notice_warn(pOut, "the notice period (%d %sdays, %s) is marked \"%s\" in the regime data",
                N.nDays, N.working ? "working " : "", N.zSection, N.zStatus);
  }

  int64_t *aN = xcalloc((size_t)pD->nParty+1, sizeof(int64_t));
  if( party_counts(db, pD, aN) ){
    free(aN);
    notice_doc_clear(pOut);
    return notice_fail(pzErr, -1, "%s", db_errmsg(db));
  }
  int nEmployer = 0;
  for(int i=0; i<pD->nParty; i++) if( aN[i]>0 ) nEmployer++;
  if( nEmployer==0 ){
    free(aN);
    notice_doc_clear(pOut);
    return notice_fail(pzErr, 1, "no employer party to dispute %s employs an active member in"
                       " its constituency: there is no one to give notice to (mandate dispute show %s)",
                       pD->zCode, pD->zCode);
  }
  char zUnion[200];
  union_name(db, zUnion, sizeof zUnion);
  Buf *h = &pOut->html;
  notice_doc_begin(h, "Notice of industrial action", pD);
  int k = 0;
  for(int i=0; i<pD->nParty; i++){
    if( aN[i]<=0 ) continue;
    k++;
    buf_printf(h, "<section class=\"notice%s\">\n", k<nEmployer ? " page-break" : "");
    buf_puts(h, "<h1>Notice of industrial action</h1>\n<p>Given under section 234A of the Trade"
                " Union and Labour Relations (Consolidation) Act 1992 (");
    html_escape(h, N.zSection);
    buf_puts(h, ").</p>\n");
    notice_meta(h, pD->aParty[i].zName, zUnion, pD, zToday);
    buf_puts(h, "<p>The union gives notice that it intends to call on its members employed by you,"
                " described below, to take part in ");
    html_escape(h, question_words(p->zAction));
    buf_puts(h, ".</p>\n<div class=\"key\">\n");
    if( p->continuous ){
      buf_puts(h, "<p><strong>The action will be continuous.</strong> It is intended to start on ");
      put_date(h, p->azDate[0]);
      buf_puts(h, ".</p>\n");
    }else{
      buf_puts(h, "<p><strong>The action will be discontinuous.</strong> It is intended to take"
                  " place on these days:</p>\n<ul>\n");
      for(int j=0; j<p->nDate; j++){ buf_puts(h, "<li>"); put_date(h, p->azDate[j]); buf_puts(h, "</li>\n"); }
      buf_puts(h, "</ul>\n");
    }
    buf_puts(h, "<p><strong>This notice is to be received by you on or before:</strong> ");
    put_date(h, N.zGiven);
    html_escapef(h, ", at least %d %sdays before the action starts%s.", N.nDays,
         N.working ? "working " : "", N.byAgreement ? " (the period agreed between us)" : "");
    buf_puts(h, "</p>\n");
    buf_printf(h, "<p class=\"total\">Total number of employees concerned: %lld</p>\n</div>\n",
               (long long)aN[i]);
    buf_puts(h, "<h2>The employees concerned: their workplaces and categories, and the number in each</h2>\n");
    if( action_table(db, h, pD, pD->aParty[i].id) ){
      free(aN);
      notice_doc_clear(pOut);
      return notice_fail(pzErr, -1, "%s", db_errmsg(db));
    }
    buf_puts(h, "<h2>How these figures were reached</h2>\n<p>");
    dispute_notice_explain(h, pD, pD->aParty[i].zName, zToday);
    buf_puts(h, "</p>\n");
    notice_footer(h, pD, zUnion, zToday);
    buf_puts(h, "</section>\n");
    buf_printf(&pOut->summary, "  %s: %lld employee%s concerned\n", pD->aParty[i].zName,
               (long long)aN[i], aN[i]==1 ? "" : "s");
  }
  notice_doc_end(h);
  pOut->nNotice = nEmployer;
  buf_printf(&pOut->summary, "%s action %s %s; notice received by %s; earliest start %s"
             " (%d %sdays, %s)\n", p->continuous ? "continuous" : "discontinuous",
             p->continuous ? "from" : "starting", p->azDate[0], N.zGiven, N.zEarliest, N.nDays,
             N.working ? "working " : "", N.zSection);
  free(aN);
  return 0;
}

/*************************** the sample voting paper ***************************/

/* A value, or a blank line to fill in by hand (and a warning). */
static void value_or_blank(Buf *h, NoticeDoc *pOut, const char *z, const char *zWhat){
  if( z && z[0] ){ html_escape(h, z); return; }
  buf_puts(h, "<span class=\"blank\">&#160;</span>");
  notice_warn(pOut, "%s: left blank, to fill in", zWhat);
}

/* The item of the version's list whose section names zSub, or NULL. */
static int has_item(const json_t *pItems, const char *zSub){
  size_t i;
  json_t *p;
  json_array_foreach(pItems, i, p){
    const char *z = json_string_value(json_object_get(p, "section"));
    if( z && strstr(z, zSub) ) return 1;
  }
  return 0;
}

int notice_sample_paper(const LawSet *pLaw, const Dispute *pD, const NoticeSample *p,
                        const char *zToday, NoticeDoc *pOut, char **pzErr){
  memset(pOut, 0, sizeof(*pOut));
  *pzErr = 0;
  const json_t *pRegime = law_regime(pLaw, pD->zRegime);
  if( pRegime==0 ) return notice_fail(pzErr, -1, "dispute %s names regime %s, which is not loaded", pD->zCode, pD->zRegime);
  if( !is_date(p->zOpens) ) return notice_fail(pzErr, -1, "the opening day must be a date like 2026-12-07");
  if( p->zReturnBy && !is_date(p->zReturnBy) ) return notice_fail(pzErr, -1, "the return date must be a date like 2026-12-21");
  if( p->zReturnBy && strcmp(p->zReturnBy, p->zOpens)<0 ){
    return notice_fail(pzErr, -1, "papers are to be returned (%s) before the ballot opens (%s)", p->zReturnBy, p->zOpens);
  }
  if( !p->askStrike && !p->askShort ){
    return notice_fail(pzErr, -1, "the paper must ask at least one question: a strike, or action short of a strike");
  }
  json_t *pRule = rule_by_id(pRegime, "voting_paper");
  json_t *pVer = pRule ? law_rule_version(pRule, p->zOpens) : 0;
  if( pVer==0 ){
    return notice_fail(pzErr, 1, "regime %s lists no content for a voting paper for a ballot"
                       " opening on %s (mandate rules show %s)", pD->zRegime, p->zOpens, pD->zRegime);
  }
  json_t *pParams = json_object_get(pVer, "params");
  json_t *pItems = json_object_get(pParams, "items");
  const char *zSection = json_string_value(json_object_get(pVer, "section"));
  if( strcmp(json_string_value(json_object_get(pVer, "status")), "in force")!=0 ){
    notice_warn(pOut, "the voting-paper rule is marked \"%s\" in the regime data",
                json_string_value(json_object_get(pVer, "status")));
  }
  const char *zNote = json_string_value(json_object_get(pVer, "note"));
  if( zNote && strstr(zNote, "UNCONFIRMED") ) notice_warn(pOut, "%s", zNote);

  /* The day each employer must have it: the regime's sample_paper rule. */
  char zBy[11] = "";
  const char *zBySection = 0;
  json_t *pSample = rule_by_id(pRegime, "sample_paper");
  json_t *pSampleVer = pSample ? law_rule_version(pSample, p->zOpens) : 0;
  if( pSampleVer ){
    json_t *pDays = json_object_get(json_object_get(pSampleVer, "params"), "days");
    date_from_days(date_to_days(p->zOpens) - (long)json_number_value(pDays), zBy);
    zBySection = json_string_value(json_object_get(pSampleVer, "section"));
    if( strcmp(zBy, zToday)<0 ) notice_warn(pOut, "window too short: the employer had to receive the sample paper by %s, before today (%s)", zBy, zToday);
  }

  Buf *h = &pOut->html;
  notice_doc_begin(h, "Sample voting paper", pD);
  buf_puts(h, "<section class=\"notice\">\n<p class=\"sample\">SAMPLE VOTING PAPER</p>\n");
  if( zBy[0] ){
    buf_puts(h, "<p>A sample of the voting paper for the ballot opening on ");
    put_date(h, p->zOpens);
    buf_puts(h, ", to be received by each employer of members entitled to vote not later than ");
    put_date(h, zBy);
    buf_puts(h, " (");
    html_escape(h, zBySection);
    buf_puts(h, ").</p>\n");
  }
  buf_puts(h, "<h1>Industrial action ballot</h1>\n<table class=\"meta\">\n<tr><th>Dispute</th><td>");
  html_escapef(h, "%s (reference %s)", pD->zTitle, pD->zCode);
  buf_puts(h, "</td></tr>\n<tr><th>Independent scrutineer</th><td>");
  value_or_blank(h, pOut, p->zScrutineer, "the name of the independent scrutineer (s229(1A)(a))");
  buf_puts(h, "</td></tr>\n<tr><th>Return this paper to</th><td>");
  value_or_blank(h, pOut, p->zReturnTo, "the return address (s229(1A)(b))");
  buf_puts(h, "</td></tr>\n<tr><th>So that it arrives by</th><td>");
  if( p->zReturnBy ) put_date(h, p->zReturnBy);
  else value_or_blank(h, pOut, 0, "the date by which papers must be returned (s229(1A)(b))");
  buf_puts(h, "</td></tr>\n<tr><th>Voting paper number</th><td>");
  buf_puts(h, "<span class=\"blank\">&#160;</span> (each paper bears its own number, one of a"
              " consecutive series)</td></tr>\n</table>\n");

  if( has_item(pItems, "(2B)") ){
    buf_puts(h, "<h2>What the dispute is about</h2>\n<p>");
    value_or_blank(h, pOut, pD->zIssue, "a summary of the matters in issue (s229(2B)): the dispute's issue is empty");
    buf_puts(h, "</p>\n");
  }
  if( has_item(pItems, "(2D)") ){
    buf_puts(h, "<h2>When the action is expected to take place</h2>\n<p>");
    value_or_blank(h, pOut, p->zPeriod, "the period(s) within which action is expected (s229(2D))");
    buf_puts(h, "</p>\n");
  }
  buf_puts(h, "<h2>Please answer the question");
  buf_puts(h, p->askStrike && p->askShort ? "s" : "");
  buf_puts(h, " by putting a cross (X) in one box</h2>\n");
  size_t i;
  json_t *pQ;
  json_array_foreach(json_object_get(pParams, "questions"), i, pQ){
    const char *zId = json_string_value(json_object_get(pQ, "id"));
    int isStrike = zId && strcmp(zId, "strike")==0;
    if( isStrike ? !p->askStrike : !p->askShort ) continue;
    buf_puts(h, "<div class=\"question\"><p><strong>");
    html_escape(h, json_string_value(json_object_get(pQ, "text")));
    buf_puts(h, "</strong></p>\n");
    if( !isStrike && has_item(pItems, "(2C)") ){
      buf_puts(h, "<p>The action short of a strike would be: ");
      value_or_blank(h, pOut, p->zShortTypes, "the types of action short of a strike (s229(2C))");
      buf_puts(h, "</p>\n");
    }
    buf_puts(h, "<p>YES<span class=\"box\"></span> NO<span class=\"box\"></span></p></div>\n");
  }
  buf_puts(h, "<p>If the vote is in favour, the following are authorised to call on members to"
              " take part in the industrial action: ");
  value_or_blank(h, pOut, p->zCaller, "who may call the action (s229(3))");
  buf_puts(h, "</p>\n");
  json_t *pS;
  json_array_foreach(json_object_get(pParams, "statements"), i, pS){
    buf_puts(h, "<p class=\"statement\">");
    html_escape(h, json_string_value(json_object_get(pS, "text")));
    buf_puts(h, "</p>\n");
  }
  buf_puts(h, "<footer>");
  html_escapef(h, "Drafted by mandate from dispute %s (regime %s, %s) on %s. The content follows the"
       " regime data; the questions may be framed in other words. A draft to check: not legal"
       " advice. The scrutineer prints and numbers the real papers.", pD->zCode, pD->zRegime,
       zSection ? zSection : "s229", zToday);
  buf_puts(h, "</footer>\n</section>\n");
  notice_doc_end(h);
  pOut->nNotice = 1;
  buf_printf(&pOut->summary, "questions: %s%s%s; rules %s\n", p->askStrike ? "strike" : "",
             p->askStrike && p->askShort ? ", " : "", p->askShort ? "action short of a strike" : "",
             zSection ? zSection : "");
  if( zBy[0] ) buf_printf(&pOut->summary, "each employer must receive it by %s (%s)\n", zBy, zBySection);
  return 0;
}
