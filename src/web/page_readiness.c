/* page_readiness.c: "are we ready to ballot?" pages. /readiness is the
** roll-up table for a unit and the levels below it; /units/CODE is one
** unit: its figures, its gaps as things to do, its children, reps and
** first members. Each has a JSON twin under /api/v1/. */
#include "pages.h"
#include "html.h"
#include "svg.h"
#include "../domain/readiness.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPS 200      /* reps listed on a unit page */

/* The unit named by the "unit" or "code" parameter (checked against the
** user's scope), or the user's scope unit when none is given. 0 or -1
** after an error answer. */
static int readiness_unit(Req *req, const char *zCode, Unit *pOut){
  if( zCode==0 ){ *pOut = req->scope; return 0; }
  return gate_unit(req, zCode, pOut);
}

/* Compute the roll-up for pUnit as of today. 0, or -1 after a 500. */
static int readiness_load(Req *req, const Unit *pUnit, Readiness *pOut, char *zToday){
  date_today(zToday);
  memset(pOut, 0, sizeof(*pOut));
  if( readiness_compute(req->db, pUnit, zToday, pOut) ){
    http_error(req, 500, "cannot compute readiness");
    return -1;
  }
  if( pOut->n==0 ){
    readiness_clear(pOut);
    http_error(req, 500, "readiness has no row for unit %s", pUnit->zCode);
    return -1;
  }
  return 0;
}

/* True if row r is shown for levels below the top unit of depth d0. */
static int readiness_shown(const ReadinessRow *r, int d0, int levels){
  return r->unit.depth <= d0 + levels;
}

/* A link to the parent unit when the user may see it. */
static void readiness_crumbs(Req *req, const Unit *pUnit, const char *zBase){
  Unit parent;
  if( pUnit->parentId==0 ) return;
  if( register_unit_by_id(req->db, pUnit->parentId, &parent) ) return;
  if( !gate_in_scope(req, &parent) ) return;
  html_printf(req, "<p class=\"crumbs\">Part of <a href=\"%s%s\">%s</a></p>\n",
              zBase, html_url(req, parent.zCode), parent.zName);
}

/* One row of the roll-up table. The top row is the total. */
static void readiness_table_row(Req *req, const ReadinessRow *r, int d0, int isTop){
  int rel = (int)(r->unit.depth - d0);
  if( rel>4 ) rel = 4;
  html_printf(req, "<tr class=\"%sdepth-%d\"><th scope=\"row\" class=\"unit\">",
              isTop ? "total " : "", rel);
  /* The name, then the kind (and the link to the unit page) on a line of
  ** their own in smaller muted text. */
  if( isTop || strcmp(r->unit.zKind, "workplace")==0 ){
    html_printf(req, "<a href=\"/units/%s\">%s</a> "
                "<span class=\"sub\"><span class=\"muted\">%s</span></span></th>",
                html_url(req, r->unit.zCode), r->unit.zName, r->unit.zKind);
  }else{
    html_printf(req, "<a href=\"/readiness?unit=%s\">%s</a> "
                "<span class=\"sub\"><span class=\"muted\">%s</span> \xC2\xB7 "
                "<a class=\"muted\" href=\"/units/%s\">details</a></span></th>",
                html_url(req, r->unit.zCode), r->unit.zName, r->unit.zKind,
                html_url(req, r->unit.zCode));
  }
  html_printf(req,
    "<td class=\"num\">%lld</td><td class=\"num\">%.1f%%</td>"
    "<td class=\"num\">%.1f%%</td><td class=\"num\">%.1f%%</td>"
    "<td class=\"num\">%lld</td><td class=\"num\">%s</td>"
    "<td class=\"num\">%.1f%%</td><td class=\"num\">%.1f</td></tr>\n",
    (long long)r->members, r->homePct, r->emailPct, r->mobilePct,
    (long long)r->reps,
    r->reps ? req_mprintf(req, "%.1f", r->membersPerRep) : "no reps",
    r->assessedPct, r->score);
}

/*
** GET /readiness[?unit=CODE&levels=N]
*/
void page_readiness(Req *req){
  Unit unit;
  Readiness rd;
  char zToday[11];
  int levels = (int)req_arg_int(req, "levels", 1);
  if( readiness_unit(req, req_arg(req, "unit"), &unit) ) return;
  if( readiness_load(req, &unit, &rd, zToday) ) return;
  int d0 = unit.depth;

  html_begin(req, "Readiness");
  html_printf(req, "<h1>Readiness: %s</h1>\n", unit.zName);
  readiness_crumbs(req, &unit, "/readiness?unit=");
  html_printf(req,
    "<p class=\"muted\">As of %s. Percentages are of active members; "
    "\xE2\x80\x9C" "assessed\xE2\x80\x9D means a conversation in the last 90 days.</p>\n",
    zToday);
  html_printf(req, "<p>Show <a href=\"/readiness?unit=%s&amp;levels=1\">one level</a> \xC2\xB7 "
              "<a href=\"/readiness?unit=%s&amp;levels=2\">two levels</a> \xC2\xB7 "
              "<a href=\"/readiness?unit=%s&amp;levels=10\">everything</a> below %s.</p>\n",
              html_url(req, unit.zCode), html_url(req, unit.zCode),
              html_url(req, unit.zCode), unit.zName);
  html_raw(req,
    "<p class=\"scroll-hint\">Scroll the table sideways for more columns.</p>\n"
    "<div class=\"table-wrap\"><table>\n"
    "<caption>Ballot readiness by unit</caption>\n<thead><tr>"
    "<th scope=\"col\">Unit</th><th scope=\"col\" class=\"num\">Members</th>"
    "<th scope=\"col\" class=\"num\">Home address verified</th>"
    "<th scope=\"col\" class=\"num\">Email</th><th scope=\"col\" class=\"num\">Mobile</th>"
    "<th scope=\"col\" class=\"num\">Reps</th>"
    "<th scope=\"col\" class=\"num\">Members per rep</th>"
    "<th scope=\"col\" class=\"num\">Assessed</th>"
    "<th scope=\"col\" class=\"num\">Score</th></tr></thead>\n<tbody>\n");
  int nShown = 0;
  for(int i=0; i<rd.n; i++){
    if( !readiness_shown(&rd.a[i], d0, levels) ) continue;
    readiness_table_row(req, &rd.a[i], d0, i==0);
    nShown++;
  }
  html_raw(req, "</tbody></table></div>\n");

  /* Charts: the unit and its children only, whatever the table shows, so
  ** a chart stays readable when the table lists hundreds of workplaces.
  ** When the table shows more, the captions say so. */
  const char *zOnly = levels>1
    ? req_mprintf(req, ": %s and the units directly under it", unit.zName) : "";
  SvgBar *aBar = xcalloc((size_t)nShown, sizeof(SvgBar));
  int nBar = 0;
  for(int i=0; i<rd.n; i++){
    if( !readiness_shown(&rd.a[i], d0, 1) ) continue;
    aBar[nBar].zLabel = rd.a[i].unit.zName;
    aBar[nBar].value = rd.a[i].score;
    nBar++;
  }
  svg_bar_chart(req, req_mprintf(req, "Readiness score (0\xE2\x80\x93" "100)%s", zOnly),
                "", aBar, nBar);
  nBar = 0;
  for(int i=0; i<rd.n; i++){
    if( !readiness_shown(&rd.a[i], d0, 1) ) continue;
    aBar[nBar++].value = rd.a[i].homePct;
  }
  svg_bar_chart(req, req_mprintf(req, "Active members with a verified home address%s", zOnly),
                "%", aBar, nBar);
  free(aBar);
  html_end(req);
  readiness_clear(&rd);
}

/*
** GET /api/v1/readiness[?unit=CODE&levels=N]: an array of readiness
** objects in tree order. Unlike the page, which shows one level unless
** asked for more, the API gives the whole subtree unless asked for less:
** a program wants everything, a person wants a screenful.
*/
void api_readiness(Req *req){
  Unit unit;
  Readiness rd;
  char zToday[11];
  int levels = (int)req_arg_int(req, "levels", 1000);
  if( readiness_unit(req, req_arg(req, "unit"), &unit) ) return;
  if( readiness_load(req, &unit, &rd, zToday) ) return;
  json_t *a = json_array();
  for(int i=0; i<rd.n; i++){
    if( !readiness_shown(&rd.a[i], unit.depth, levels) ) continue;
    json_array_append_new(a, readiness_row_json(&rd.a[i]));
  }
  readiness_clear(&rd);
  http_json(req, 200, a);
}

/* "1 member has" / "312 members have" */
static const char *readiness_members(Req *req, int64_t n, const char *zOne, const char *zMany){
  return req_mprintf(req, "%lld member%s %s", (long long)n, n==1 ? "" : "s",
                     n==1 ? zOne : zMany);
}

/* The gaps in unit rd.a[0], as sentences a branch secretary can act on.
** Returns a JSON array of strings (new reference). */
static json_t *readiness_gaps(Req *req, const Readiness *rd){
  const ReadinessRow *r = &rd->a[0];
  json_t *a = json_array();
  int64_t noHome = r->active - r->homeVerified;
  if( r->workplaceAddress>0 ){
    json_array_append_new(a, json_string(req_mprintf(req,
      "%s a workplace ballot address: a postal ballot must go to their home address",
      readiness_members(req, r->workplaceAddress, "here has", "here have"))));
  }
  if( noHome>0 ){
    json_array_append_new(a, json_string(req_mprintf(req,
      "%s no verified home address",
      readiness_members(req, noHome, "has", "have"))));
  }
  if( r->active - r->email > 0 ){
    json_array_append_new(a, json_string(req_mprintf(req, "%s no email",
      readiness_members(req, r->active - r->email, "has", "have"))));
  }
  if( r->active - r->mobile > 0 ){
    json_array_append_new(a, json_string(req_mprintf(req, "%s no mobile",
      readiness_members(req, r->active - r->mobile, "has", "have"))));
  }
  if( strcmp(r->unit.zKind, "workplace")==0 ){
    if( r->reps==0 && r->active>0 ){
      json_array_append_new(a, json_string("No rep in this workplace"));
    }
  }else{
    int nNoRep = 0;
    for(int i=1; i<rd->n; i++){
      const ReadinessRow *w = &rd->a[i];
      if( strcmp(w->unit.zKind, "workplace")==0 && w->reps==0 && w->active>0 ) nNoRep++;
    }
    if( nNoRep>0 ){
      json_array_append_new(a, json_string(req_mprintf(req, "No rep in %d workplace%s",
                                                       nNoRep, nNoRep==1 ? "" : "s")));
    }
  }
  if( r->active - r->assessed > 0 ){
    json_array_append_new(a, json_string(req_mprintf(req,
      "%s not been assessed in the last 90 days",
      readiness_members(req, r->active - r->assessed, "has", "have"))));
  }
  return a;
}

/* Everything the unit page and its twin show. Fills what it loads;
** returns 0, or -1 after an error answer (and frees what it loaded). */
typedef struct UnitView UnitView;
struct UnitView {
  Unit unit;
  Readiness rd;
  char zToday[11];
  Member *aRep;       /* owned */
  int nRep;
  MemberList members; /* owned; the first page */
};
static void unit_view_clear(UnitView *v){
  readiness_clear(&v->rd);
  free(v->aRep);
  member_list_clear(&v->members);
}
static int unit_view_load(Req *req, UnitView *v){
  memset(v, 0, sizeof(*v));
  if( gate_unit(req, req_arg(req, "code"), &v->unit) ) return -1;
  if( readiness_load(req, &v->unit, &v->rd, v->zToday) ) return -1;
  v->aRep = xcalloc(MAX_REPS, sizeof(Member));
  if( register_unit_reps(req->db, &v->unit, v->aRep, MAX_REPS, &v->nRep)
      || register_members_list(req->db, &v->unit, 0, 0, PAGE_SIZE, &v->members) ){
    unit_view_clear(v);
    http_error(req, 500, "cannot read the unit's reps and members");
    return -1;
  }
  return 0;
}

/*
** GET /units/CODE
*/
void page_unit(Req *req){
  UnitView v;
  if( unit_view_load(req, &v) ) return;
  const ReadinessRow *r = &v.rd.a[0];
  const Unit *u = &v.unit;

  html_begin(req, u->zName);
  html_printf(req, "<h1>%s</h1>\n<p class=\"muted\">%s %s%s%s</p>\n",
              u->zName, u->zKind, u->zCode,
              u->zSector[0] ? " \xC2\xB7 sector: " : "", u->zSector);
  readiness_crumbs(req, u, "/units/");

  /* What to do next */
  json_t *pGaps = readiness_gaps(req, &v.rd);
  html_raw(req, "<h2>What to do next</h2>\n");
  if( json_array_size(pGaps)==0 ){
    html_raw(req, "<p class=\"ok\">No gaps: every active member has a verified home "
                  "address, an email and a mobile, and every workplace has a rep.</p>\n");
  }else{
    html_raw(req, "<ul class=\"gaps\">\n");
    for(size_t i=0; i<json_array_size(pGaps); i++){
      html_printf(req, "<li>%s.</li>\n", json_string_value(json_array_get(pGaps, i)));
    }
    html_raw(req, "</ul>\n");
  }
  json_decref(pGaps);

  /* Figures */
  html_printf(req, "<h2>Readiness</h2>\n<p class=\"muted\">As of %s; "
              "percentages are of the %lld active members.</p>\n<dl class=\"facts\">\n"
              "<dt>Members</dt><dd>%lld (%lld active)</dd>\n"
              "<dt>Home address verified</dt><dd>%.1f%% (%lld)</dd>\n"
              "<dt>Workplace ballot address</dt><dd>%lld</dd>\n"
              "<dt>Email</dt><dd>%.1f%% (%lld)</dd>\n"
              "<dt>Mobile</dt><dd>%.1f%% (%lld)</dd>\n"
              "<dt>Reps</dt><dd>%lld</dd>\n"
              "<dt>Members per rep</dt><dd>%s</dd>\n"
              "<dt>Assessed</dt><dd>%.1f%% (%lld)</dd>\n"
              "<dt>Score</dt><dd>%.1f of 100</dd>\n</dl>\n",
              v.zToday, (long long)r->active,
              (long long)r->members, (long long)r->active,
              r->homePct, (long long)r->homeVerified,
              (long long)r->workplaceAddress,
              r->emailPct, (long long)r->email,
              r->mobilePct, (long long)r->mobile,
              (long long)r->reps,
              r->reps ? req_mprintf(req, "%.1f", r->membersPerRep) : "no reps",
              r->assessedPct, (long long)r->assessed, r->score);
  SvgBar aBar[4] = {
    { "Home address verified", r->homePct }, { "Email", r->emailPct },
    { "Mobile", r->mobilePct }, { "Assessed (90 days)", r->assessedPct },
  };
  svg_bar_chart(req, "Active members with each", "%", aBar, 4);

  /* Children */
  int nChild = 0;
  for(int i=1; i<v.rd.n; i++) if( v.rd.a[i].unit.depth==u->depth+1 ) nChild++;
  if( nChild>0 ){
    html_raw(req, "<h2>Units here</h2>\n<div class=\"table-wrap\"><table>\n"
      "<thead><tr><th scope=\"col\">Unit</th><th scope=\"col\" class=\"num\">Members</th>"
      "<th scope=\"col\" class=\"num\">Home address verified</th>"
      "<th scope=\"col\" class=\"num\">Reps</th><th scope=\"col\" class=\"num\">Score</th>"
      "</tr></thead>\n<tbody>\n");
    for(int i=1; i<v.rd.n; i++){
      const ReadinessRow *c = &v.rd.a[i];
      if( c->unit.depth!=u->depth+1 ) continue;
      html_printf(req, "<tr><th scope=\"row\" class=\"unit\"><a href=\"/units/%s\">%s</a> "
                  "<span class=\"sub\"><span class=\"muted\">%s</span></span></th>"
                  "<td class=\"num\">%lld</td>"
                  "<td class=\"num\">%.1f%%</td><td class=\"num\">%lld</td>"
                  "<td class=\"num\">%.1f</td></tr>\n",
                  html_url(req, c->unit.zCode), c->unit.zName, c->unit.zKind,
                  (long long)c->members, c->homePct, (long long)c->reps, c->score);
    }
    html_raw(req, "</tbody></table></div>\n");
  }

  /* Reps */
  html_raw(req, "<h2>Reps</h2>\n");
  if( v.nRep==0 ){
    html_raw(req, "<p class=\"warn\">No reps here yet.</p>\n");
  }else{
    html_raw(req, "<ul>\n");
    for(int i=0; i<v.nRep; i++){
      const Member *m = &v.aRep[i];
      html_printf(req, "<li><a href=\"/members/%s\">%s %s</a> "
                  "<span class=\"muted\">%s</span></li>\n",
                  html_url(req, m->zNumber), m->zFirstName, m->zLastName, m->zUnitName);
    }
    html_raw(req, "</ul>\n");
    if( v.nRep==MAX_REPS ) html_printf(req, "<p class=\"muted\">The first %d reps.</p>\n", MAX_REPS);
  }

  /* Members */
  html_printf(req, "<h2>Members</h2>\n");
  page_member_table(req, v.members.a, v.members.n, strcmp(u->zKind, "workplace")!=0);
  if( v.members.nTotal > v.members.n ){
    html_printf(req, "<p><a href=\"/members?unit=%s\">All %lld members of %s</a></p>\n",
                html_url(req, u->zCode), (long long)v.members.nTotal, u->zName);
  }
  html_end(req);
  unit_view_clear(&v);
}

/*
** GET /api/v1/units/CODE
*/
void api_unit(Req *req){
  UnitView v;
  if( unit_view_load(req, &v) ) return;
  json_t *pChildren = json_array();
  for(int i=1; i<v.rd.n; i++){
    if( v.rd.a[i].unit.depth==v.unit.depth+1 ){
      json_array_append_new(pChildren, readiness_row_json(&v.rd.a[i]));
    }
  }
  json_t *pReps = json_array();
  for(int i=0; i<v.nRep; i++) json_array_append_new(pReps, api_member_summary(&v.aRep[i]));
  json_t *pMembers = json_array();
  for(int i=0; i<v.members.n; i++){
    json_array_append_new(pMembers, api_member_summary(&v.members.a[i]));
  }
  json_t *p = json_pack("{s:o, s:s, s:o, s:o, s:o, s:{s:I, s:o}}",
    "readiness", readiness_row_json(&v.rd.a[0]),
    "as_of", v.zToday,
    "gaps", readiness_gaps(req, &v.rd),
    "children", pChildren,
    "reps", pReps,
    "members", "total", (json_int_t)v.members.nTotal, "first_page", pMembers);
  unit_view_clear(&v);
  http_json(req, 200, p);
}
