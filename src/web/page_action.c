/* page_action.c: action scenarios and the strike fund on the web. /action
** compares scenarios side by side with a chart of the fund over the days
** and (for national officers) a form to create one; /action/CODE is one
** scenario day by day. JSON twins under /api/v1/action. National officers
** see the whole union and the fund; a branch secretary sees their branch's
** own figures (members out, their pay and levy) and no fund balance; for a
** rep these addresses do not exist (404). See docs/action.md. */
#include "pages.h"
#include "html.h"
#include "svg.h"
#include "../domain/action_plan.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Who may see scenarios, and the figures they see: a national officer the
** whole union (*ppScope NULL), a branch secretary their scope unit. A rep
** gets the 404 of any address outside their scope. Returns 0, or -1 after
** answering. */
static int action_access(Req *req, const Unit **ppScope){
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ){ *ppScope = 0; return 0; }
  if( strcmp(req->user.zRole, ROLE_BRANCH_SECRETARY)==0 ){ *ppScope = &req->scope; return 0; }
  http_error(req, 404, "there is no page at this address");
  return -1;
}

/* pence as "£1,234.56", owned by the request. */
static const char *money(Req *req, int64_t pence){
  char z[40];
  action_money_text(pence, z, sizeof z);
  return req_strdup(req, z);
}

/* Scenarios loaded and worked out for one view. */
typedef struct ActionView ActionView;
struct ActionView {
  int n;
  ActionPlan aPlan[ACTION_MAX_COMPARE];
  ActionResult aRes[ACTION_MAX_COMPARE];
  json_t *pList;                 /* owned: every scenario (action_list_json) */
};

static void action_view_clear(ActionView *v){
  for(int i=0; i<v->n; i++){
    action_result_clear(&v->aRes[i]);
    action_plan_clear(&v->aPlan[i]);
  }
  json_decref(v->pList);
  memset(v, 0, sizeof(*v));
}

/* Load and work out scenario zCode as the next of *v. 0, or -1 after a
** 404 (no such scenario) or 500. */
static int action_view_add(Req *req, ActionView *v, const char *zCode, const Unit *pScope){
  if( v->n>=ACTION_MAX_COMPARE ){
    http_error(req, 400, "compare at most %d scenarios at once", ACTION_MAX_COMPARE);
    return -1;
  }
  int r = action_load(req->db, zCode, &v->aPlan[v->n]);
  if( r==0 ) r = action_compute(req->db, &v->aPlan[v->n], pScope, &v->aRes[v->n]);
  v->n++;
  if( r>0 ) http_error(req, 404, "there is no scenario with code %s", zCode);
  else if( r<0 ) http_error(req, 500, "cannot work out scenario %s", zCode);
  return r ? -1 : 0;
}

/* The scenarios of /action: those named in ?compare=A,B (at most 8), or
** else the first 8 by code. 0, or -1 after answering. */
static int action_view_load(Req *req, ActionView *v, const Unit *pScope){
  memset(v, 0, sizeof(*v));
  v->pList = action_list_json(req->db);
  if( v->pList==0 ){ http_error(req, 500, "cannot read the scenarios"); return -1; }
  const char *zCompare = req_arg(req, "compare");
  if( zCompare==0 ){
    for(size_t i=0; i<json_array_size(v->pList) && i<ACTION_MAX_COMPARE; i++){
      const char *zCode = json_string_value(json_object_get(json_array_get(v->pList, i), "code"));
      if( action_view_add(req, v, zCode, pScope) ){ action_view_clear(v); return -1; }
    }
    return 0;
  }
  const char *p = zCompare;
  while( *p ){
    while( *p==' ' || *p==',' ) p++;
    size_t n = 0;
    while( p[n] && p[n]!=',' && p[n]!=' ' ) n++;
    if( n==0 ) break;
    char *zCode = req_strdup(req, p);
    zCode[n] = 0;
    p += n;
    if( action_view_add(req, v, zCode, pScope) ){ action_view_clear(v); return -1; }
  }
  return 0;
}

/* How long the fund lasts, in words, owned by the request. */
static const char *lasts_text(Req *req, const ActionResult *r){
  if( !r->hasFund ) return "(the union's fund)";
  if( r->lastsWholePlan ) return req_mprintf(req, "lasts the whole plan (%d days)", r->nDay);
  return req_mprintf(req, "%d day%s: runs out on %s", r->daysLasting,
                     r->daysLasting==1 ? "" : "s", r->zRunsOutOn);
}

/* A note on what a branch secretary's figures are. */
static void action_scope_note(Req *req, const Unit *pScope){
  if( pScope==0 ) return;
  html_printf(req, "<p class=\"muted\">Figures for %s only: its members out, their strike "
              "pay and the levy its other members pay. The strike fund is the whole union's; "
              "national officers see its balance and how long it lasts.</p>\n", pScope->zName);
}

/* The chart of the fund's balance (or, for a branch, its net so far) over
** the days of each scenario. */
static void action_chart(Req *req, const ActionView *v, const Unit *pScope){
  if( v->n==0 ) return;
  SvgSeries aS[ACTION_MAX_COMPARE];
  double *aVal[ACTION_MAX_COMPARE];
  for(int i=0; i<v->n; i++){
    const ActionResult *r = &v->aRes[i];
    aVal[i] = xcalloc((size_t)r->nDay+1, sizeof(double));
    for(int d=0; d<r->nDay; d++) aVal[i][d] = (double)r->aDay[d].balance/100.0;
    aS[i].zLabel = req_mprintf(req, "%s: %s", v->aPlan[i].zCode, v->aPlan[i].zTitle);
    aS[i].aValue = aVal[i];
    aS[i].nValue = r->nDay;
  }
  svg_line_chart(req, pScope
    ? req_mprintf(req, "%s: strike pay less levy so far, day by day (below zero: a cost to the fund)",
                  pScope->zName)
    : "The strike fund's balance, day by day (below the dashed line: the fund has run out)",
    "day", "\xC2\xA3", aS, v->n);
  for(int i=0; i<v->n; i++) free(aVal[i]);
}

/* One row of the side-by-side table: a heading and a cell per scenario. */
static void compare_row(Req *req, const char *zHead, const char *const *azCell, int n){
  html_printf(req, "<tr><th scope=\"row\">%s</th>", zHead);
  for(int i=0; i<n; i++) html_printf(req, "<td class=\"num\">%s</td>", azCell[i]);
  html_raw(req, "</tr>\n");
}

/* The scenarios side by side: a column each, a figure a row. */
static void action_compare_table(Req *req, const ActionView *v, const Unit *pScope){
  const char *az[ACTION_MAX_COMPARE];
  int n = v->n;
  html_raw(req, "<div class=\"table-wrap\"><table>\n<caption>Scenarios side by side</caption>\n"
                "<thead><tr><th scope=\"col\">Figure</th>");
  for(int i=0; i<n; i++){
    html_printf(req, "<th scope=\"col\" class=\"num\"><a href=\"/action/%s\">%s</a> "
                "<span class=\"sub\">%s</span></th>", html_url(req, v->aPlan[i].zCode),
                v->aPlan[i].zCode, v->aPlan[i].zTitle);
  }
  html_raw(req, "</tr></thead>\n<tbody>\n");
#define ROW(zHead, EXPR) do{ for(int i=0; i<n; i++){ const ActionPlan *p = &v->aPlan[i]; \
    const ActionResult *r = &v->aRes[i]; (void)p; (void)r; az[i] = (EXPR); } \
    compare_row(req, zHead, az, n); }while(0)
  ROW("Dispute", p->zDispute[0] ? p->zDispute : "none");
  ROW("Days in the plan", req_mprintf(req, "%d from %s", p->nDays, p->zStartsOn));
  ROW("Days with action", req_mprintf(req, "%d", r->nActionDays));
  ROW("Members carrying the action", req_mprintf(req, "%lld", (long long)r->carrying));
  ROW("Share of active members", req_mprintf(req, "%.1f%%", r->carryingPct));
  ROW("Most out on one day", req_mprintf(req, "%lld", (long long)r->peakOut));
  ROW("Member-days out", req_mprintf(req, "%lld", (long long)r->memberDays));
  ROW("Strike pay", money(req, r->totalPay));
  ROW("Levy", money(req, r->totalLevy));
  if( pScope==0 ){
    ROW("Other income", money(req, r->totalIncome));
    ROW("Fund at the end", money(req, r->endBalance));
    ROW("The fund", lasts_text(req, r));
  }
#undef ROW
  html_raw(req, "</tbody></table></div>\n");
}

/* The create form (national officers only). */
static void action_create_form(Req *req){
  char zToday[11];
  date_today(zToday);
  html_printf(req,
    "<h2>Plan a scenario</h2>\n"
    "<form class=\"stack\" method=\"post\" action=\"/action\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<div><label for=\"code\">Code</label><input type=\"text\" id=\"code\" name=\"code\" "
    "maxlength=\"40\" required></div>\n"
    "<div><label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" "
    "maxlength=\"200\" required></div>\n"
    "<div><label for=\"kind\">Kind of action</label><select id=\"kind\" name=\"kind\">\n"
    "<option value=\"all-out\">All-out: every unit in the dispute (or the union)</option>\n"
    "<option value=\"rolling\">Rolling: the units below take turns, one a day</option>\n"
    "<option value=\"targeted\">Targeted: the units below, every action day</option>\n"
    "</select></div>\n"
    "<div><label for=\"units\">Units (codes, comma-separated; not for all-out)</label>"
    "<input type=\"text\" id=\"units\" name=\"units\" maxlength=\"1000\"></div>\n"
    "<div><label for=\"dispute\">Dispute (code; optional: counts out only members who "
    "could lawfully act)</label><input type=\"text\" id=\"dispute\" name=\"dispute\" "
    "maxlength=\"40\"></div>\n"
    "<div><label for=\"starts_on\">First day</label><input type=\"date\" id=\"starts_on\" "
    "name=\"starts_on\" value=\"%s\" required></div>\n"
    "<div><label for=\"days\">Days in the plan</label><input type=\"number\" id=\"days\" "
    "name=\"days\" min=\"1\" max=\"366\" value=\"14\" required></div>\n"
    "<div><label for=\"action_days\">Days with action (e.g. 1-3,8-10; empty: every day)</label>"
    "<input type=\"text\" id=\"action_days\" name=\"action_days\" maxlength=\"200\"></div>\n"
    "<div><label for=\"pay\">Strike pay per member per day (\xC2\xA3)</label>"
    "<input type=\"text\" id=\"pay\" name=\"pay\" value=\"0\" inputmode=\"decimal\"></div>\n"
    "<div><label for=\"levy\">Levy per week on each member not out (\xC2\xA3)</label>"
    "<input type=\"text\" id=\"levy\" name=\"levy\" value=\"0\" inputmode=\"decimal\"></div>\n"
    "<div><label for=\"balance\">Strike fund on the first day (\xC2\xA3)</label>"
    "<input type=\"text\" id=\"balance\" name=\"balance\" value=\"0\" inputmode=\"decimal\"></div>\n"
    "<div><label for=\"income\">Fund income per week besides the levy (\xC2\xA3)</label>"
    "<input type=\"text\" id=\"income\" name=\"income\" value=\"0\" inputmode=\"decimal\"></div>\n"
    "<div><button class=\"primary\" type=\"submit\">Create scenario</button></div>\n"
    "</form>\n"
    "<p class=\"muted\">Strike pay by category: <code>mandate action set-pay</code>.</p>\n",
    req->zCsrf, zToday);
}

/*
** GET /action[?compare=A,B]
*/
void page_action(Req *req){
  const Unit *pScope;
  ActionView v;
  if( action_access(req, &pScope) ) return;
  if( action_view_load(req, &v, pScope) ) return;
  html_begin(req, "Action scenarios");
  html_raw(req, "<h1>Action scenarios and the strike fund</h1>\n"
                "<p>Which units take action on which days, what it costs in strike pay, what "
                "the levy brings in, and how long the strike fund lasts. How each figure is "
                "worked out: docs/action.md.</p>\n");
  action_scope_note(req, pScope);
  if( json_array_size(v.pList)==0 ){
    html_raw(req, "<p>No scenarios yet.</p>\n");
  }else{
    action_compare_table(req, &v, pScope);
    action_chart(req, &v, pScope);
    html_raw(req, "<h2>Every scenario</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                  "<th scope=\"col\">Code</th><th scope=\"col\">Title</th>"
                  "<th scope=\"col\">Dispute</th><th scope=\"col\">First day</th>"
                  "<th scope=\"col\" class=\"num\">Days</th></tr></thead>\n<tbody>\n");
    for(size_t i=0; i<json_array_size(v.pList); i++){
      json_t *o = json_array_get(v.pList, i);
      const char *zCode = json_string_value(json_object_get(o, "code"));
      const char *zDispute = json_string_value(json_object_get(o, "dispute"));
      html_printf(req, "<tr><td><a href=\"/action/%s\">%s</a></td><td>%s</td><td>%s</td>"
                  "<td>%s</td><td class=\"num\">%lld</td></tr>\n", html_url(req, zCode), zCode,
                  json_string_value(json_object_get(o, "title")), zDispute ? zDispute : "none",
                  json_string_value(json_object_get(o, "starts_on")),
                  (long long)json_integer_value(json_object_get(o, "days")));
    }
    html_printf(req, "</tbody></table></div>\n"
      "<form method=\"get\" action=\"/action\"><label for=\"compare\">Compare (codes, "
      "comma-separated, at most %d)</label> <input type=\"text\" id=\"compare\" name=\"compare\" "
      "maxlength=\"400\" value=\"%s\"> <button type=\"submit\">Compare</button></form>\n",
      ACTION_MAX_COMPARE, req_arg(req, "compare") ? req_arg(req, "compare") : "");
  }
  if( pScope==0 ) action_create_form(req);
  html_end(req);
  action_view_clear(&v);
}

/*
** GET /api/v1/action[?compare=A,B]: {"scope","scenarios":[...],"all":[...]}
*/
void api_action(Req *req){
  const Unit *pScope;
  ActionView v;
  if( action_access(req, &pScope) ) return;
  if( action_view_load(req, &v, pScope) ) return;
  json_t *a = json_array();
  for(int i=0; i<v.n; i++) json_array_append_new(a, action_json(&v.aPlan[i], &v.aRes[i]));
  json_t *o = json_pack("{s:{s:s, s:s}, s:b, s:o, s:O}",
    "scope", "code", pScope ? pScope->zCode : (v.n ? v.aRes[0].scope.zCode : ""),
             "name", pScope ? pScope->zName : (v.n ? v.aRes[0].scope.zName : ""),
    "fund_shown", pScope==0, "scenarios", a, "all", v.pList);
  action_view_clear(&v);
  http_json(req, 200, o);
}

/*
** GET /action/CODE
*/
void page_action_one(Req *req){
  const Unit *pScope;
  ActionView v;
  memset(&v, 0, sizeof v);
  if( action_access(req, &pScope) ) return;
  if( action_view_add(req, &v, req_arg(req, "code"), pScope) ){ action_view_clear(&v); return; }
  const ActionPlan *p = &v.aPlan[0];
  const ActionResult *r = &v.aRes[0];
  html_begin(req, p->zTitle);
  html_printf(req, "<h1>%s</h1>\n<p class=\"crumbs\"><a href=\"/action\">Action scenarios</a> "
              "\xC2\xB7 %s</p>\n", p->zTitle, p->zCode);
  action_scope_note(req, pScope);
  html_printf(req, "<dl class=\"facts\">\n<dt>Dispute</dt><dd>%s</dd>\n"
              "<dt>Plan</dt><dd>%d days from %s</dd>\n<dt>Strike pay</dt><dd>%s a day",
              p->zDispute[0] ? req_mprintf(req, "%s: only members who could lawfully act "
                               "are counted out", p->zDispute) : "none",
              p->nDays, p->zStartsOn, money(req, p->defaultPay));
  for(int i=0; i<p->nPay; i++){
    html_printf(req, "; %s %s", p->aPay[i].zCategory, money(req, p->aPay[i].pence));
  }
  html_printf(req, "</dd>\n<dt>Levy</dt><dd>%s a week on each member not out</dd>\n",
              money(req, p->levyWeek));
  if( r->hasFund ){
    html_printf(req, "<dt>Fund</dt><dd>%s on day 1, plus %s a week</dd>\n",
                money(req, p->fundOpening), money(req, p->fundIncomeWeek));
  }
  html_printf(req, "<dt>Active members</dt><dd>%lld in %s</dd>\n"
              "<dt>Carrying the action</dt><dd>%lld (%.1f%% of active members)</dd>\n",
              (long long)r->active, r->scope.zName, (long long)r->carrying, r->carryingPct);
  if( p->zDispute[0] && r->cannotAct ){
    html_printf(req, "<dt>Left at work</dt><dd>%lld members in the units called out cannot "
                "lawfully act in dispute %s</dd>\n", (long long)r->cannotAct, p->zDispute);
  }
  html_printf(req, "<dt>Strike pay in all</dt><dd>%s</dd>\n<dt>Levy in all</dt><dd>%s</dd>\n",
              money(req, r->totalPay), money(req, r->totalLevy));
  if( r->hasFund ){
    html_printf(req, "<dt>Fund at the end</dt><dd>%s</dd>\n<dt>The fund</dt><dd class=\"%s\">%s</dd>\n",
                money(req, r->endBalance), r->lastsWholePlan ? "ok" : "warn", lasts_text(req, r));
  }
  html_raw(req, "</dl>\n");
  action_chart(req, &v, pScope);

  html_printf(req, "<h2>Day by day</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
    "<th scope=\"col\" class=\"num\">Day</th><th scope=\"col\">Date</th>"
    "<th scope=\"col\">Units out</th><th scope=\"col\" class=\"num\">Members out</th>"
    "<th scope=\"col\" class=\"num\">Strike pay</th><th scope=\"col\" class=\"num\">Levy</th>"
    "<th scope=\"col\" class=\"num\">Income</th><th scope=\"col\" class=\"num\">%s</th>"
    "</tr></thead>\n<tbody>\n", r->hasFund ? "Fund balance" : "Net so far");
  int k = 0;
  for(int d=0; d<r->nDay; d++){
    const ActionDayFigures *f = &r->aDay[d];
    html_printf(req, "<tr><td class=\"num\">%d</td><td>%s</td><td>", d+1, f->zDate);
    int nShown = 0;
    for(; k<p->nAction && p->aAction[k].day<=d+1; k++){
      const ActionUnitDay *q = &p->aAction[k];
      if( q->day!=d+1 || (!r->hasFund && !action_unit_overlaps(&r->scope, &q->unit)) ) continue;
      html_printf(req, "%s%s <span class=\"muted\">(%s)</span>", nShown++ ? ", " : "",
                  q->unit.zName, action_kind_name(q->kind));
    }
    html_printf(req, "%s</td><td class=\"num\">%lld</td><td class=\"num\">%s</td>"
                "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num%s\">%s</td></tr>\n",
                nShown ? "" : "\xE2\x80\x94", (long long)f->out, money(req, f->pay),
                money(req, f->levy), money(req, f->income),
                r->hasFund && f->balance<0 ? " warn" : "", money(req, f->balance));
  }
  html_raw(req, "</tbody></table></div>\n");
  html_end(req);
  action_view_clear(&v);
}

/*
** GET /api/v1/action/CODE
*/
void api_action_one(Req *req){
  const Unit *pScope;
  ActionView v;
  memset(&v, 0, sizeof v);
  if( action_access(req, &pScope) ) return;
  if( action_view_add(req, &v, req_arg(req, "code"), pScope) ){ action_view_clear(&v); return; }
  json_t *o = action_json(&v.aPlan[0], &v.aRes[0]);
  action_view_clear(&v);
  http_json(req, 200, o);
}

/* A money field of the form into *pPence (0 when absent). 0, or -1 after a 400. */
static int form_money(Req *req, const char *zName, const char *zWhat, int64_t nMax,
                      int64_t *pPence){
  const char *z = req_arg(req, zName);
  *pPence = 0;
  if( z==0 || action_parse_money(z, nMax, pPence)==0 ) return 0;
  char zMax[40];
  action_money_text(nMax, zMax, sizeof zMax);
  http_error(req, 400, "%s: expected an amount in pounds from 0 to %s, like 12.50", zWhat, zMax);
  return -1;
}

/* Check the create form and create the scenario. Only national officers
** plan against the union's fund: a branch secretary gets 403, a rep 404.
** 0, or -1 after answering (400 with every problem; nothing written). */
static int action_create_from_form(Req *req){
  const Unit *pScope;
  if( action_access(req, &pScope) ) return -1;
  if( pScope ){
    http_error(req, 403, "creating scenarios is not available to your role: national "
               "officers plan action against the union's strike fund");
    return -1;
  }
  ActionSpec spec;
  memset(&spec, 0, sizeof spec);
  char zToday[11];
  date_today(zToday);
  spec.zCode = req_arg(req, "code");
  spec.zTitle = req_arg(req, "title");
  spec.zStartsOn = req_arg(req, "starts_on");
  spec.nDays = (int)req_arg_int(req, "days", 0);
  spec.zDispute = req_arg(req, "dispute");
  spec.zCreatedOn = zToday;
  if( (spec.days.kind = action_kind_from_name(req_arg(req, "kind")))<0 ){
    http_error(req, 400, "kind: expected all-out, rolling or targeted");
    return -1;
  }
  if( form_money(req, "pay", "strike pay", ACTION_MAX_RATE, &spec.defaultPay)
      || form_money(req, "levy", "levy", ACTION_MAX_RATE, &spec.levyWeek)
      || form_money(req, "balance", "fund balance", ACTION_MAX_FUND, &spec.fundOpening)
      || form_money(req, "income", "fund income", ACTION_MAX_FUND, &spec.fundIncomeWeek) ){
    return -1;
  }
  /* The units, split at commas into request-owned strings. */
  const char *azUnit[64];
  int nUnit = 0;
  const char *p = req_arg(req, "units");
  while( p && *p ){
    while( *p==' ' || *p==',' ) p++;
    size_t n = 0;
    while( p[n] && p[n]!=',' ) n++;
    size_t m = n;
    while( m && p[m-1]==' ' ) m--;
    if( m ){
      if( nUnit==64 ){ http_error(req, 400, "units: at most 64"); return -1; }
      char *z = req_strdup(req, p);
      z[m] = 0;
      azUnit[nUnit++] = z;
    }
    p += n;
  }
  spec.days.nUnit = nUnit;
  spec.days.azUnit = azUnit;
  int *aDay = 0;
  char *zErr = 0;
  const char *zDays = req_arg(req, "action_days");
  if( zDays && spec.nDays>0 ){
    if( action_parse_days(zDays, spec.nDays, &aDay, &spec.days.nDay, &zErr) ){
      http_error(req, 400, "days with action: %s", zErr);
      free(zErr);
      return -1;
    }
    spec.days.aDay = aDay;
  }
  int rc = action_create(req->db, &spec, &zErr);
  free(aDay);
  if( rc ){
    for(char *q=zErr; q && *q; q++) if( *q=='\n' ) *q = ';';
    http_error(req, 400, "the scenario was not created: %s", zErr ? zErr : "store error");
    free(zErr);
    return -1;
  }
  return 0;
}

/*
** POST /action: create a scenario, then show it.
*/
void page_action_create(Req *req){
  if( action_create_from_form(req) ) return;
  http_redirect(req, req_mprintf(req, "/action/%s", html_url(req, req_arg(req, "code"))));
}

/*
** POST /api/v1/action: 201 {"ok":true,"code":CODE}.
*/
void api_action_create(Req *req){
  if( action_create_from_form(req) ) return;
  http_json(req, 201, json_pack("{s:b, s:s}", "ok", 1, "code", req_arg(req, "code")));
}
