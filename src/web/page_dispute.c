/* page_dispute.c: the dispute pages. /disputes lists the disputes a role
** may see (those whose constituency overlaps the role's units);
** /disputes/CODE shows who it is with, the counts and the members (the
** role's own units only), what to fix, the legal timeline of a planned
** ballot and the documents: the scrutineer's register (officers only) and
** the printable notices. JSON twins under /api/v1/. See docs/web.md. */
#include "pages.h"
#include "html.h"
#include "../domain/dispute.h"
#include "../domain/law.h"
#include "../domain/notices.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISPUTE_MAX_DATES 60   /* days of discontinuous action on one notice */

/* The legal regimes, loaded once and never changed: immutable config. */
static pthread_once_t lawOnce = PTHREAD_ONCE_INIT;
static LawSet *pLawSet;        /* NULL when the files could not be loaded */
static char *zLawErr;          /* why, when they could not */

static void dispute_law_load(void){
  if( law_load(0, &pLawSet, &zLawErr) ) pLawSet = 0;
}

/* The regimes, or NULL after a 500. */
static const LawSet *dispute_law(Req *req){
  pthread_once(&lawOnce, dispute_law_load);
  if( pLawSet==0 ){
    http_error(req, 500, "the legal regimes could not be loaded; see mandate rules list");
    return 0;
  }
  return pLawSet;
}

/* True when dispute *pD's constituency overlaps the user's units: a scope
** unit of the dispute lies in theirs, or theirs lies in it. */
static int dispute_visible(Req *req, const Dispute *pD){
  for(int i=0; i<pD->nUnit; i++){
    if( unit_in_scope(&req->scope, &pD->aUnit[i]) || unit_in_scope(&pD->aUnit[i], &req->scope) ) return 1;
  }
  return 0;
}

/* True when the whole of dispute *pD's constituency is within the user's
** units, so that documents about the whole dispute show them nothing
** beyond their scope. */
static int dispute_whole(Req *req, const Dispute *pD){
  for(int i=0; i<pD->nUnit; i++){
    if( !unit_in_scope(&req->scope, &pD->aUnit[i]) ) return 0;
  }
  return pD->nUnit>0;
}

static int is_officer(Req *req){
  return strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0;
}

/* Load the dispute named by the "code" parameter, if the user may see it;
** otherwise answer 404 (unknown and out of scope read the same) or 500.
** 0, or -1 after the answer. Free *pD with dispute_clear() on 0. */
static int dispute_get(Req *req, Dispute *pD){
  int rc = dispute_load(req->db, req_arg(req, "code"), pD);
  if( rc<0 ){
    dispute_clear(pD);
    http_error(req, 500, "cannot read disputes from the database");
    return -1;
  }
  if( rc>0 || !dispute_visible(req, pD) ){
    dispute_clear(pD);
    http_error(req, 404, "there is no dispute with that code");
    return -1;
  }
  return 0;
}

/* The "class" parameter: -1 for none, else a DisputeClass; -2 after a 400. */
static int dispute_class_arg(Req *req){
  const char *z = req_arg(req, "class");
  if( z==0 ) return -1;
  int cls = dispute_class_from_name(z);
  if( cls<0 ){
    http_error(req, 400, "class must be primary, secondary or unknown");
    return -2;
  }
  return cls;
}

/* The planned ballot window from "opens" and "closes" (the gate checked
** each is a date). 1 when neither is given, 0 when both are, -1 after a
** 400 when only one is. */
static int dispute_window(Req *req, const char **pzOpens, const char **pzCloses){
  *pzOpens = req_arg(req, "opens");
  *pzCloses = req_arg(req, "closes");
  if( *pzOpens==0 && *pzCloses==0 ) return 1;
  if( *pzOpens==0 || *pzCloses==0 ){
    http_error(req, 400, "give both opens and closes: the days the ballot opens and closes");
    return -1;
  }
  return 0;
}

/* The timeline of the planned window, or -1 after a 400 (bad window) or
** 500. Clear *pT with law_timeline_clear() on 0. */
static int dispute_timeline(Req *req, const Dispute *pD, const char *zOpens,
                            const char *zCloses, LawTimeline *pT){
  const LawSet *pLaw = dispute_law(req);
  if( pLaw==0 ) return -1;
  char zToday[11], *zErr = 0;
  date_today(zToday);
  if( law_timeline(pLaw, pD->zRegime, zOpens, zCloses, zToday, pT, &zErr) ){
    http_error(req, 400, "%s", zErr);
    free(zErr);
    return -1;
  }
  return 0;
}

/* "1 member" / "12 members" */
static const char *members_n(Req *req, int64_t n){
  return req_mprintf(req, "%lld member%s", (long long)n, n==1 ? "" : "s");
}

/*
** GET /disputes
*/
void page_disputes(Req *req){
  json_t *pList = dispute_list_json(req->db);
  if( pList==0 ){ http_error(req, 500, "cannot read disputes from the database"); return; }
  html_begin(req, "Disputes");
  html_raw(req, "<h1>Disputes</h1>\n");
  html_printf(req, "<p class=\"muted\">The disputes whose constituency reaches %s. Counts are"
              " of active members in %s only.</p>\n", req->scope.zName, req->scope.zName);
  int nShown = 0;
  size_t i;
  json_t *p;
  json_array_foreach(pList, i, p){
    Dispute d;
    DisputeSummary s;
    if( dispute_load(req->db, json_string_value(json_object_get(p, "code")), &d) || !dispute_visible(req, &d) ){
      dispute_clear(&d);
      continue;
    }
    if( dispute_summarise_within(req->db, &d, &req->scope, &s) ){
      dispute_clear(&d);
      continue;
    }
    if( nShown++==0 ){
      html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Dispute</th>"
        "<th scope=\"col\">Regime</th><th scope=\"col\">With</th>"
        "<th scope=\"col\" class=\"num\">In scope</th><th scope=\"col\" class=\"num\">Primary</th>"
        "<th scope=\"col\" class=\"num\">Secondary</th><th scope=\"col\" class=\"num\">Employer unknown</th>"
        "</tr></thead>\n<tbody>\n");
    }
    html_printf(req, "<tr><th scope=\"row\"><a href=\"/disputes/%s\">%s</a> "
                "<span class=\"sub\"><span class=\"muted\">%s</span></span></th><td>%s</td><td>",
                html_url(req, d.zCode), d.zTitle, d.zCode, d.zRegime);
    for(int k=0; k<d.nParty; k++) html_printf(req, "%s%s", k ? "; " : "", d.aParty[k].zName);
    html_printf(req, "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>\n",
                (long long)s.nInScope, (long long)s.anClass[DISPUTE_PRIMARY],
                (long long)s.anClass[DISPUTE_SECONDARY], (long long)s.anClass[DISPUTE_UNKNOWN]);
    dispute_summary_clear(&s);
    dispute_clear(&d);
  }
  json_decref(pList);
  if( nShown ) html_raw(req, "</tbody></table></div>\n");
  else html_raw(req, "<p>No dispute reaches your units yet. Disputes are created on the command"
                     " line: <code>mandate dispute create</code>.</p>\n");
  html_end(req);
}

/*
** GET /api/v1/disputes: [{code, title, regime, created_on, employers,
** in_scope, counts{primary,secondary,unknown}}], counts within the scope.
*/
void api_disputes(Req *req){
  json_t *pList = dispute_list_json(req->db);
  if( pList==0 ){ http_error(req, 500, "cannot read disputes from the database"); return; }
  json_t *a = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(pList, i, p){
    Dispute d;
    DisputeSummary s;
    if( dispute_load(req->db, json_string_value(json_object_get(p, "code")), &d) || !dispute_visible(req, &d) ){
      dispute_clear(&d);
      continue;
    }
    if( dispute_summarise_within(req->db, &d, &req->scope, &s)==0 ){
      json_t *o = dispute_json(&d, &s);
      json_t *pShort = json_object();
      static const char *const azKey[] = { "code", "title", "regime", "created_on", "employers",
                                           "in_scope", "counts", 0 };
      for(int k=0; azKey[k]; k++) json_object_set(pShort, azKey[k], json_object_get(o, azKey[k]));
      json_array_append_new(a, pShort);
      json_decref(o);
      dispute_summary_clear(&s);
    }
    dispute_clear(&d);
  }
  json_decref(pList);
  http_json(req, 200, a);
}

/* The fix-it hints: for each employer not a party, how to add it, and
** where its staff work, to narrow the constituency instead. */
static void dispute_fix_hints(Req *req, const Dispute *pD, const DisputeSummary *s){
  int n = 0;
  for(int i=0; i<s->nEmployer && n<10; i++){
    const DisputeEmployerCount *e = &s->aEmployer[i];
    if( e->cls!=DISPUTE_SECONDARY ) continue;
    if( n++==0 ) html_raw(req, "<h3>How to fix it</h3>\n<ul class=\"gaps\">\n");
    html_printf(req, "<li><strong>Add the employer</strong> as a party, if the union is in dispute"
                " with it too: <code>mandate dispute add-employer %s \"%s\"</code>; then its %s"
                " here are primary.</li>\n", pD->zCode, e->zEmployer, members_n(req, e->n));
  }
  int nW = 0;
  for(int i=0; i<s->nWorkplace; i++){
    const DisputeWorkplaceCount *w = &s->aWorkplace[i];
    if( w->anClass[DISPUTE_SECONDARY]==0 ) continue;
    if( n++==0 ) html_raw(req, "<h3>How to fix it</h3>\n<ul class=\"gaps\">\n");
    if( nW++==0 ){
      html_raw(req, "<li><strong>Or narrow the constituency</strong> so it leaves them out: the"
                    " members who would take secondary action work at ");
    }else{
      html_raw(req, ", ");
    }
    html_printf(req, "%s (%lld)", w->zName, (long long)w->anClass[DISPUTE_SECONDARY]);
  }
  if( nW ){
    html_raw(req, ". Create the dispute with only the workplaces where the parties' own staff"
                  " work, or with <code>--category</code> or <code>--employment-type</code>"
                  " filters that leave the others out.</li>\n");
  }
  if( s->anClass[DISPUTE_UNKNOWN] ){
    if( n++==0 ) html_raw(req, "<h3>How to fix it</h3>\n<ul class=\"gaps\">\n");
    html_printf(req, "<li><strong>Record the employer</strong> of the %s with none on record"
                " (the employer column of the members import).</li>\n",
                members_n(req, s->anClass[DISPUTE_UNKNOWN]));
  }
  if( n ) html_raw(req, "</ul>\n");
}

/* The timeline table of a planned window. */
static void dispute_timeline_html(Req *req, const Dispute *pD, const LawTimeline *T){
  static const char *const azDay[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  html_printf(req, "<p>A ballot under %s opening %s and closing %s. <a href=\"/disputes/%s/timeline.ics?opens=%s&amp;closes=%s\">"
              "Add these dates to a calendar (.ics)</a></p>\n", T->zRegime, T->zOpens, T->zCloses,
              html_url(req, pD->zCode), T->zOpens, T->zCloses);
  html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Date</th>"
                "<th scope=\"col\">What</th><th scope=\"col\">Rule</th><th scope=\"col\">Statute</th>"
                "</tr></thead>\n<tbody>\n");
  for(int i=0; i<T->nEvent; i++){
    const LawEvent *e = &T->aEvent[i];
    long n = date_to_days(e->zDate);
    html_printf(req, "<tr><td>%s %s</td><td>%s</td><td><code>%s</code></td><td>%s</td></tr>\n",
                azDay[((n % 7) + 7 + 4) % 7], e->zDate, e->zLabel, e->zKey,
                e->zSection ? e->zSection : "");
  }
  html_raw(req, "</tbody></table></div>\n");
  if( T->nWarn ){
    html_raw(req, "<ul class=\"gaps\">\n");
    for(int i=0; i<T->nWarn; i++) html_printf(req, "<li class=\"warn\">%s</li>\n", T->azWarn[i]);
    html_raw(req, "</ul>\n");
  }
  if( T->nNote ){
    html_raw(req, "<details><summary>Notes and assumptions</summary><ul>\n");
    for(int i=0; i<T->nNote; i++) html_printf(req, "<li>%s</li>\n", T->azNote[i]);
    html_raw(req, "</ul></details>\n");
  }
}

/* The forms that draft the documents, and the register link. */
static void dispute_documents_html(Req *req, const Dispute *pD, const char *zOpens,
                                   const char *zCloses){
  const char *zCode = html_url(req, pD->zCode);
  const char *zO = zOpens ? zOpens : "", *zC = zCloses ? zCloses : "";
  html_raw(req, "<h2 id=\"documents\">Documents for a statutory ballot</h2>\n");
  if( is_officer(req) ){
    html_printf(req, "<p><a href=\"/disputes/%s/scrutineer-register.csv\">Download the scrutineer's"
                " register (CSV)</a>: everyone entitled to vote, with their home address. It is"
                " personal data: send it to the scrutineer by a secure route and delete it"
                " afterwards.</p>\n", zCode);
  }else{
    html_raw(req, "<p class=\"muted\">The scrutineer's register holds every home address: only a"
                  " national officer may download it.</p>\n");
  }
  if( !dispute_whole(req, pD) ){
    html_raw(req, "<p class=\"muted\">The notices of ballot, result and action cover the whole"
                  " dispute, which reaches beyond your units: a national officer drafts them."
                  "</p>\n");
  }else{
    html_printf(req, "<form method=\"get\" action=\"/disputes/%s/ballot-notice\" class=\"doc\">"
      "<fieldset><legend>Notice of ballot (TULRCA s226A)</legend>"
      "<label>Opens <input type=\"date\" name=\"opens\" required value=\"%s\"></label> "
      "<label>Closes <input type=\"date\" name=\"closes\" value=\"%s\"></label> "
      "<button type=\"submit\">Draft</button></fieldset></form>\n", zCode, zO, zC);
    html_printf(req, "<form method=\"get\" action=\"/disputes/%s/result-notice\" class=\"doc\">"
      "<fieldset><legend>Notice of the result (s231, s231A)</legend>"
      "<label>Opened <input type=\"date\" name=\"opens\" required value=\"%s\"></label> "
      "<label>Closed <input type=\"date\" name=\"closes\" value=\"%s\"></label> "
      "<label>Entitled <input type=\"number\" name=\"entitled\" min=\"1\"></label> "
      "<label>Votes cast <input type=\"number\" name=\"votes\" min=\"0\" required></label> "
      "<label>Yes <input type=\"number\" name=\"yes\" min=\"0\" required></label> "
      "<label>No <input type=\"number\" name=\"no\" min=\"0\" required></label> "
      "<label>Spoiled <input type=\"number\" name=\"spoiled\" min=\"0\"></label> "
      "<label>Question <select name=\"question\"><option value=\"strike\">strike</option>"
      "<option value=\"short-of-strike\">action short of a strike</option></select></label> "
      "<label><input type=\"checkbox\" name=\"ips\" value=\"1\"> important public service</label> "
      "<button type=\"submit\">Draft</button></fieldset></form>\n", zCode, zO, zC);
    html_printf(req, "<form method=\"get\" action=\"/disputes/%s/action-notice\" class=\"doc\">"
      "<fieldset><legend>Notice of industrial action (s234A)</legend>"
      "<label>Received by the employer on <input type=\"date\" name=\"given\"></label> "
      "<label>Continuous from <input type=\"date\" name=\"starts\"></label> "
      "<label>or on these days <input type=\"text\" name=\"dates\" placeholder=\"2027-01-11,2027-01-13\"></label> "
      "<label>Action <select name=\"action\"><option value=\"strike\">strike</option>"
      "<option value=\"short-of-strike\">action short of a strike</option></select></label> "
      "<label><input type=\"checkbox\" name=\"by_agreement\" value=\"1\"> shorter notice agreed</label> "
      "<input type=\"hidden\" name=\"ballot_opens\" value=\"%s\">"
      "<input type=\"hidden\" name=\"ballot_closes\" value=\"%s\">"
      "<button type=\"submit\">Draft</button></fieldset></form>\n", zCode, zO, zC);
  }
  html_printf(req, "<form method=\"get\" action=\"/disputes/%s/sample-paper\" class=\"doc\">"
    "<fieldset><legend>Sample voting paper (s226A(1)(b), s229)</legend>"
    "<label>Opens <input type=\"date\" name=\"opens\" required value=\"%s\"></label> "
    "<label>Return by <input type=\"date\" name=\"return_by\" value=\"%s\"></label> "
    "<label>Questions <select name=\"question\"><option value=\"strike\">strike</option>"
    "<option value=\"short-of-strike\">action short of a strike</option>"
    "<option value=\"both\">both</option></select></label> "
    "<label>Scrutineer <input type=\"text\" name=\"scrutineer\" maxlength=\"200\"></label> "
    "<label>Return to <input type=\"text\" name=\"return_to\" maxlength=\"300\"></label> "
    "<label>Who may call action <input type=\"text\" name=\"caller\" maxlength=\"200\"></label> "
    "<button type=\"submit\">Draft</button></fieldset></form>\n", zCode, zO, zC);
}

/*
** GET /disputes/CODE[?class=C&page=N&opens=DATE&closes=DATE]
*/
void page_dispute(Req *req){
  Dispute d;
  DisputeSummary s;
  DisputeMemberList L;
  LawTimeline T;
  const char *zOpens, *zCloses;
  int cls = dispute_class_arg(req);
  if( cls==-2 ) return;
  int w = dispute_window(req, &zOpens, &zCloses);
  if( w<0 ) return;
  int page = (int)req_arg_int(req, "page", 1);
  if( dispute_get(req, &d) ) return;
  memset(&T, 0, sizeof T);
  if( w==0 && dispute_timeline(req, &d, zOpens, zCloses, &T) ){ dispute_clear(&d); return; }
  if( dispute_summarise_within(req->db, &d, &req->scope, &s) ){
    law_timeline_clear(&T);
    dispute_clear(&d);
    http_error(req, 500, "cannot classify the dispute's members");
    return;
  }
  if( dispute_members_within(req->db, &d, &req->scope, cls, (page-1)*PAGE_SIZE, PAGE_SIZE, &L) ){
    dispute_summary_clear(&s);
    law_timeline_clear(&T);
    dispute_clear(&d);
    http_error(req, 500, "cannot list the dispute's members");
    return;
  }
  const char *zCode = html_url(req, d.zCode);

  html_begin(req, d.zTitle);
  html_printf(req, "<h1>%s</h1>\n<p class=\"muted\">Dispute %s \xC2\xB7 regime %s \xC2\xB7 created %s"
              " \xC2\xB7 <a href=\"/disputes\">all disputes</a> \xC2\xB7 <a href=\"/disputes/%s/turnout\">turnout</a></p>\n",
              d.zTitle, d.zCode, d.zRegime, d.zCreatedOn, zCode);
  html_raw(req, "<dl class=\"facts\">\n<dt>With</dt><dd>");
  for(int i=0; i<d.nParty; i++) html_printf(req, "%s%s", i ? "; " : "", d.aParty[i].zName);
  html_printf(req, "</dd>\n<dt>About</dt><dd>%s</dd>\n<dt>Constituency</dt><dd>",
              d.zIssue[0] ? d.zIssue : "(no issue recorded)");
  for(int i=0; i<d.nUnit; i++) html_printf(req, "%s%s (%s)", i ? "; " : "", d.aUnit[i].zName, d.aUnit[i].zCode);
  if( d.nCategory ){
    html_raw(req, "; categories: ");
    for(int i=0; i<d.nCategory; i++) html_printf(req, "%s%s", i ? ", " : "", d.azCategory[i]);
  }
  if( d.nType ){
    html_raw(req, "; employment types: ");
    for(int i=0; i<d.nType; i++) html_printf(req, "%s%s", i ? ", " : "", d.azType[i]);
  }
  html_raw(req, "</dd>\n</dl>\n");

  /* Counts, within the user's units */
  html_printf(req, "<h2>Primary or secondary action</h2>\n<p class=\"muted\">Active members of the"
              " constituency in %s, classified by their own employer on record (TULRCA s224)."
              " Not legal advice.</p>\n", req->scope.zName);
  html_printf(req, "<dl class=\"facts\">\n<dt>In scope</dt><dd>%lld</dd>\n"
              "<dt>Primary</dt><dd>%lld <span class=\"muted\">employed by a party</span></dd>\n"
              "<dt>Secondary</dt><dd>%lld <span class=\"muted\">employed by an employer that is not a party</span></dd>\n"
              "<dt>Employer unknown</dt><dd>%lld</dd>\n</dl>\n",
              (long long)s.nInScope, (long long)s.anClass[DISPUTE_PRIMARY],
              (long long)s.anClass[DISPUTE_SECONDARY], (long long)s.anClass[DISPUTE_UNKNOWN]);
  if( s.nAdvice ){
    html_raw(req, "<h3>What to fix before balloting</h3>\n<ul class=\"gaps\">\n");
    for(int i=0; i<s.nAdvice; i++) html_printf(req, "<li>%s</li>\n", s.azAdvice[i]);
    html_raw(req, "</ul>\n");
  }
  dispute_fix_hints(req, &d, &s);
  if( s.nEmployer ){
    html_raw(req, "<h3>By employer</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                  "<th scope=\"col\">Employer</th><th scope=\"col\">Class</th>"
                  "<th scope=\"col\" class=\"num\">Members</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<s.nEmployer; i++){
      const DisputeEmployerCount *e = &s.aEmployer[i];
      html_printf(req, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld</td></tr>\n",
                  e->zEmployer[0] ? e->zEmployer : "(no employer on record)",
                  dispute_class_name(e->cls), (long long)e->n);
    }
    html_raw(req, "</tbody></table></div>\n");
  }
  if( s.nWorkplace ){
    html_raw(req, "<h3>By workplace</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                  "<th scope=\"col\">Workplace</th><th scope=\"col\" class=\"num\">In scope</th>"
                  "<th scope=\"col\" class=\"num\">Primary</th><th scope=\"col\" class=\"num\">Secondary</th>"
                  "<th scope=\"col\" class=\"num\">Employer unknown</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<s.nWorkplace; i++){
      const DisputeWorkplaceCount *c = &s.aWorkplace[i];
      html_printf(req, "<tr><th scope=\"row\"><a href=\"/units/%s\">%s</a> <span class=\"sub\">"
                  "<span class=\"muted\">%s</span></span></th><td class=\"num\">%lld</td>"
                  "<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>\n",
                  html_url(req, c->zCode), c->zName, c->zCode, (long long)c->n,
                  (long long)c->anClass[DISPUTE_PRIMARY], (long long)c->anClass[DISPUTE_SECONDARY],
                  (long long)c->anClass[DISPUTE_UNKNOWN]);
    }
    html_raw(req, "</tbody></table></div>\n");
  }

  /* Members, one page, one class */
  html_raw(req, "<h2 id=\"members\">Members</h2>\n<p>Show: ");
  html_printf(req, "<a href=\"/disputes/%s#members\">all</a>", zCode);
  for(int k=DISPUTE_NCLASS-1; k>=0; k--){
    html_printf(req, " \xC2\xB7 <a href=\"/disputes/%s?class=%s#members\">%s</a>", zCode,
                dispute_class_name(k), k==DISPUTE_UNKNOWN ? "employer unknown" : dispute_class_name(k));
  }
  html_printf(req, "</p>\n<p class=\"muted\">%s%s%s, page %d of %lld.</p>\n",
              members_n(req, L.nTotal), cls>=0 ? " of class " : "", cls>=0 ? dispute_class_name(cls) : "",
              page, (long long)((L.nTotal + PAGE_SIZE - 1)/PAGE_SIZE > 0 ? (L.nTotal + PAGE_SIZE - 1)/PAGE_SIZE : 1));
  if( L.n ){
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Member</th>"
                  "<th scope=\"col\">Workplace</th><th scope=\"col\">Category</th>"
                  "<th scope=\"col\">Class</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<L.n; i++){
      const DisputeMember *m = &L.a[i];
      html_printf(req, "<tr><td><a href=\"/members/%s\">%s</a> <span class=\"sub\"><span class=\"muted\">%s</span></span></td>"
                  "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                  html_url(req, m->zNumber), m->zName, m->zNumber, m->zUnitName, m->zCategory,
                  dispute_class_name(m->cls), m->zReason);
    }
    html_raw(req, "</tbody></table></div>\n");
    const char *zClassQ = cls>=0 ? req_mprintf(req, "class=%s&", dispute_class_name(cls)) : "";
    if( page>1 ) html_printf(req, "<a href=\"/disputes/%s?%spage=%d#members\">Previous page</a> ", zCode, zClassQ, page-1);
    if( (int64_t)page*PAGE_SIZE < L.nTotal ) html_printf(req, "<a href=\"/disputes/%s?%spage=%d#members\">Next page</a>", zCode, zClassQ, page+1);
  }

  /* The timeline of a planned ballot */
  html_raw(req, "<h2 id=\"timeline\">The legal timeline of a ballot</h2>\n");
  html_printf(req, "<form method=\"get\" action=\"/disputes/%s#timeline\"><label>Ballot opens "
              "<input type=\"date\" name=\"opens\" required value=\"%s\"></label> <label>closes "
              "<input type=\"date\" name=\"closes\" required value=\"%s\"></label> "
              "<button type=\"submit\">Show the dates</button></form>\n",
              zCode, zOpens ? zOpens : "", zCloses ? zCloses : "");
  if( w==0 ) dispute_timeline_html(req, &d, &T);

  dispute_documents_html(req, &d, zOpens, zCloses);
  html_end(req);
  dispute_member_list_clear(&L);
  dispute_summary_clear(&s);
  law_timeline_clear(&T);
  dispute_clear(&d);
}

/*
** GET /api/v1/disputes/CODE: dispute_json() with the counts within the
** user's units, "scope" {code,name} and, with opens and closes, "timeline".
*/
void api_dispute(Req *req){
  Dispute d;
  DisputeSummary s;
  LawTimeline T;
  const char *zOpens, *zCloses;
  int w = dispute_window(req, &zOpens, &zCloses);
  if( w<0 ) return;
  if( dispute_get(req, &d) ) return;
  memset(&T, 0, sizeof T);
  if( w==0 && dispute_timeline(req, &d, zOpens, zCloses, &T) ){ dispute_clear(&d); return; }
  if( dispute_summarise_within(req->db, &d, &req->scope, &s) ){
    law_timeline_clear(&T);
    dispute_clear(&d);
    http_error(req, 500, "cannot classify the dispute's members");
    return;
  }
  json_t *o = dispute_json(&d, &s);
  json_object_set_new(o, "scope", json_pack("{s:s, s:s}", "code", req->scope.zCode, "name", req->scope.zName));
  if( w==0 ) json_object_set_new(o, "timeline", law_timeline_json(&T));
  json_object_set_new(o, "scrutineer_register", json_boolean(is_officer(req)));
  dispute_summary_clear(&s);
  law_timeline_clear(&T);
  dispute_clear(&d);
  http_json(req, 200, o);
}

/*
** GET /api/v1/disputes/CODE/members[?class=C&page=N]: {dispute, class,
** total, page, page_size, members:[...]}, the user's units only.
*/
void api_dispute_members(Req *req){
  Dispute d;
  DisputeMemberList L;
  int cls = dispute_class_arg(req);
  if( cls==-2 ) return;
  int page = (int)req_arg_int(req, "page", 1);
  if( dispute_get(req, &d) ) return;
  if( dispute_members_within(req->db, &d, &req->scope, cls, (page-1)*PAGE_SIZE, PAGE_SIZE, &L) ){
    dispute_clear(&d);
    http_error(req, 500, "cannot list the dispute's members");
    return;
  }
  json_t *a = json_array();
  for(int i=0; i<L.n; i++) json_array_append_new(a, dispute_member_json(&L.a[i]));
  json_t *o = json_pack("{s:s, s:o, s:I, s:i, s:i, s:o}", "dispute", d.zCode,
                        "class", cls>=0 ? json_string(dispute_class_name(cls)) : json_null(),
                        "total", (json_int_t)L.nTotal, "page", page, "page_size", PAGE_SIZE,
                        "members", a);
  dispute_member_list_clear(&L);
  dispute_clear(&d);
  http_json(req, 200, o);
}

/*
** GET /api/v1/disputes/CODE/timeline?opens=DATE&closes=DATE: the
** timeline as `mandate timeline --json` gives it.
*/
void api_dispute_timeline(Req *req){
  Dispute d;
  LawTimeline T;
  const char *zOpens, *zCloses;
  int w = dispute_window(req, &zOpens, &zCloses);
  if( w<0 ) return;
  if( w>0 ){ http_error(req, 400, "give opens and closes: the days the ballot opens and closes"); return; }
  if( dispute_get(req, &d) ) return;
  if( dispute_timeline(req, &d, zOpens, zCloses, &T) ){ dispute_clear(&d); return; }
  json_t *o = law_timeline_json(&T);
  json_object_set_new(o, "dispute", json_string(d.zCode));
  law_timeline_clear(&T);
  dispute_clear(&d);
  http_json(req, 200, o);
}

/*
** GET /disputes/CODE/timeline.ics?opens=DATE&closes=DATE
*/
void page_dispute_ics(Req *req){
  Dispute d;
  LawTimeline T;
  const char *zOpens, *zCloses;
  char zToday[11];
  int w = dispute_window(req, &zOpens, &zCloses);
  if( w<0 ) return;
  if( w>0 ){ http_error(req, 400, "give opens and closes: the days the ballot opens and closes"); return; }
  if( dispute_get(req, &d) ) return;
  if( dispute_timeline(req, &d, zOpens, zCloses, &T) ){ dispute_clear(&d); return; }
  date_today(zToday);
  char *z = law_timeline_ics(&T, zToday);
  buf_puts(&req->out, z);
  free(z);
  req->zContentType = "text/calendar; charset=utf-8";
  http_set_header(req, "Content-Disposition",
                  req_mprintf(req, "attachment; filename=\"%s-%s.ics\"", d.zCode, zOpens));
  law_timeline_clear(&T);
  dispute_clear(&d);
}

/*
** GET /disputes/CODE/scrutineer-register.csv: national officers only.
*/
void page_dispute_register(Req *req){
  Dispute d;
  DisputeRegister R;
  if( dispute_get(req, &d) ) return;
  if( !is_officer(req) || !dispute_whole(req, &d) ){
    dispute_clear(&d);
    http_error(req, 403, "only a national officer may download the scrutineer's register:"
               " it holds the home address of everyone entitled to vote");
    return;
  }
  if( dispute_scrutineer_register(req->db, &d, 0, &R) ){
    dispute_clear(&d);
    http_error(req, 500, "cannot build the register");
    return;
  }
  buf_puts(&req->out, buf_str(&R.csv));
  req->zContentType = "text/csv; charset=utf-8";
  http_set_header(req, "Content-Disposition",
                  req_mprintf(req, "attachment; filename=\"%s-scrutineer-register.csv\"", d.zCode));
  http_set_header(req, "X-Mandate-Left-Out",
                  req_mprintf(req, "%lld", (long long)(R.nEntitled - R.nWritten)));
  dispute_register_clear(&R);
  dispute_clear(&d);
}

/* Load a dispute for a whole-dispute document: visible, and the whole
** constituency within the user's units (403 otherwise). 0 or -1. */
static int dispute_get_whole(Req *req, Dispute *pD){
  if( dispute_get(req, pD) ) return -1;
  if( !dispute_whole(req, pD) ){
    dispute_clear(pD);
    http_error(req, 403, "this notice covers the whole dispute, which reaches beyond your"
               " units: ask a national officer to draft it");
    return -1;
  }
  return 0;
}

/* Answer with a drafted document, its stylesheet linked (the CSP forbids
** inline styles), and its warnings as a header for programs. */
static void dispute_send_doc(Req *req, Buf *pHtml, int nWarn, char **azWarn){
  notice_link_css(pHtml, "/static/notice.css");
  buf_puts(&req->out, buf_str(pHtml));
  req->zContentType = "text/html; charset=utf-8";
  if( nWarn ) http_set_header(req, "X-Mandate-Warnings", req_mprintf(req, "%d", nWarn));
  (void)azWarn;
}

/* "strike" or "short_of_strike" from a parameter; NULL after a 400. */
static const char *dispute_question_arg(Req *req, const char *zName){
  const char *z = req_arg(req, zName);
  if( z==0 || strcmp(z, "strike")==0 ) return "strike";
  if( strcmp(z, "short-of-strike")==0 ) return "short_of_strike";
  http_error(req, 400, "%s must be strike or short-of-strike", zName);
  return 0;
}

/*
** GET /disputes/CODE/ballot-notice?opens=DATE[&closes=DATE]
*/
void page_dispute_ballot_notice(Req *req){
  Dispute d;
  DisputeNotice N;
  char zToday[11], *zErr = 0;
  const LawSet *pLaw = dispute_law(req);
  if( pLaw==0 || dispute_get_whole(req, &d) ) return;
  date_today(zToday);
  int rc = dispute_ballot_notice(req->db, pLaw, &d, req_arg(req, "opens"), req_arg(req, "closes"),
                                 zToday, &N, &zErr);
  if( rc ){
    http_error(req, rc>0 ? 409 : 400, "%s", zErr ? zErr : "cannot draft the notice");
    free(zErr);
  }else{
    dispute_send_doc(req, &N.html, N.nWarn, N.azWarn);
    dispute_notice_clear(&N);
  }
  dispute_clear(&d);
}

/*
** GET /disputes/CODE/result-notice?opens=DATE&votes=V&yes=Y&no=N[&...]
*/
void page_dispute_result_notice(Req *req){
  Dispute d;
  NoticeDoc doc;
  char zToday[11], *zErr = 0;
  const LawSet *pLaw = dispute_law(req);
  const char *zQ = dispute_question_arg(req, "question");
  if( pLaw==0 || zQ==0 || dispute_get_whole(req, &d) ) return;
  NoticeResult R = { req_arg(req, "opens"), req_arg(req, "closes"), zQ,
    req_arg_int(req, "entitled", -1), req_arg_int(req, "votes", 0), req_arg_int(req, "yes", 0),
    req_arg_int(req, "no", 0), req_arg_int(req, "spoiled", -1), req_arg(req, "ips")!=0 };
  date_today(zToday);
  if( notice_result(req->db, pLaw, &d, &R, zToday, &doc, &zErr) ){
    http_error(req, 400, "%s", zErr ? zErr : "cannot draft the notice");
    free(zErr);
  }else{
    dispute_send_doc(req, &doc.html, doc.nWarn, doc.azWarn);
  }
  notice_doc_clear(&doc);
  dispute_clear(&d);
}

/*
** GET /disputes/CODE/action-notice?(starts=DATE|dates=D,D)[&given=DATE&...]
*/
void page_dispute_action_notice(Req *req){
  Dispute d;
  NoticeDoc doc;
  char zToday[11], *zErr = 0;
  const LawSet *pLaw = dispute_law(req);
  const char *zAction = dispute_question_arg(req, "action");
  if( pLaw==0 || zAction==0 ) return;
  const char *zStarts = req_arg(req, "starts"), *zDates = req_arg(req, "dates");
  if( (zStarts==0)==(zDates==0) ){
    http_error(req, 400, "give either starts (continuous action) or dates (discontinuous action)");
    return;
  }
  /* The dates: one, or a comma-separated list, each a real date. */
  char (*aDate)[11] = xcalloc(DISPUTE_MAX_DATES, sizeof(*aDate));
  const char *azDate[DISPUTE_MAX_DATES];
  int nDate = 0;
  if( zStarts ){
    snprintf(aDate[0], 11, "%s", zStarts);
    azDate[nDate++] = aDate[0];
  }else{
    for(const char *p=zDates; *p; ){
      size_t n = strcspn(p, ",");
      char zOne[40], zNorm[NORM_MAX];
      const char *zWhy = 0;
      if( n==0 || n>=sizeof zOne || nDate>=DISPUTE_MAX_DATES ){
        free(aDate);
        http_error(req, 400, "dates must be a comma-separated list of at most %d dates", DISPUTE_MAX_DATES);
        return;
      }
      memcpy(zOne, p, n);
      zOne[n] = 0;
      if( norm_date(zOne, zNorm, &zWhy) ){
        free(aDate);
        http_error(req, 400, "dates: \"%s\" is not a date: %s", zOne, zWhy);
        return;
      }
      memcpy(aDate[nDate], zNorm, 10);       /* norm_date gives YYYY-MM-DD */
      aDate[nDate][10] = 0;
      azDate[nDate] = aDate[nDate];
      nDate++;
      p += n;
      if( *p==',' ) p++;
    }
  }
  if( dispute_get_whole(req, &d) ){ free(aDate); return; }
  date_today(zToday);
  const char *zGiven = req_arg(req, "given");
  NoticeAction A = { zGiven ? zGiven : zToday, zStarts!=0, nDate, azDate, zAction,
                     req_arg(req, "by_agreement")!=0, req_arg(req, "ballot_closes"),
                     req_arg(req, "ballot_opens") };
  int rc = notice_action(req->db, pLaw, &d, &A, zToday, &doc, &zErr);
  if( rc ){
    http_error(req, rc>0 ? 409 : 400, "%s", zErr ? zErr : "cannot draft the notice");
    free(zErr);
  }else{
    dispute_send_doc(req, &doc.html, doc.nWarn, doc.azWarn);
  }
  notice_doc_clear(&doc);
  dispute_clear(&d);
  free(aDate);
}

/*
** GET /disputes/CODE/sample-paper?opens=DATE[&return_by=DATE&question=Q&...]
*/
void page_dispute_sample_paper(Req *req){
  Dispute d;
  NoticeDoc doc;
  char zToday[11], *zErr = 0;
  const LawSet *pLaw = dispute_law(req);
  if( pLaw==0 ) return;
  const char *zQ = req_arg(req, "question");
  NoticeSample S = { req_arg(req, "opens"), req_arg(req, "return_by"), 0, 0,
    req_arg(req, "scrutineer"), req_arg(req, "return_to"), req_arg(req, "caller"),
    req_arg(req, "short_types"), req_arg(req, "period") };
  if( zQ==0 || strcmp(zQ, "strike")==0 ) S.askStrike = 1;
  else if( strcmp(zQ, "short-of-strike")==0 ) S.askShort = 1;
  else if( strcmp(zQ, "both")==0 ) S.askStrike = S.askShort = 1;
  else{ http_error(req, 400, "question must be strike, short-of-strike or both"); return; }
  if( dispute_get(req, &d) ) return;
  date_today(zToday);
  int rc = notice_sample_paper(pLaw, &d, &S, zToday, &doc, &zErr);
  if( rc ){
    http_error(req, rc>0 ? 409 : 400, "%s", zErr ? zErr : "cannot draft the paper");
    free(zErr);
  }else{
    dispute_send_doc(req, &doc.html, doc.nWarn, doc.azWarn);
  }
  notice_doc_clear(&doc);
  dispute_clear(&d);
}

/*
** GET /static/notice.css: the notices' stylesheet, screen and print.
*/
void page_notice_css(Req *req){
  buf_puts(&req->out, notice_css());
  req->zContentType = "text/css; charset=utf-8";
}
