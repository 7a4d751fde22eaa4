/* page_pledge.c: conditional collective pledges on the web
** (docs/pledges.md, "On the web").
**   /pledges, /pledges/new, POST /pledges    the officer: campaigns with
**                                            their progress, and the create
**                                            form (national officers only)
**   /pledges/CODE/progress                   public: counts against each
**                                            trigger, overall, by workplace
**                                            and over time; never names
**   /pledge/CODE                             public: the member reads the
**                                            text and signs or withdraws with
**                                            their pledge credential; the
**                                            name is sealed and the pledge
**                                            signed on their device
**                                            (web-assets/js/pledge_page.js)
** and JSON twins under /api/v1/pledges, with the public intake
** (POST /api/v1/pledges/CODE/sign and /withdraw): each pledge is checked
** once, appended to the board (fsync) and recorded (commit) before the
** receipt is returned. Progress is cached for a moment (progress_get) so
** that a burst of signatures does not slow the page everyone watches. */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include "svg.h"
#include "web_assets.h"
#include "../crypto/board.h"
#include "../domain/pledge.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* The member's page needs WebAssembly (libsodium) as the voting page does:
** 'wasm-unsafe-eval' compiles it and allows no eval of JavaScript. */
static const char zPledgeCsp[] =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
  "frame-ancestors 'none'; form-action 'self'";

static const char *const azTemplateName[][2] = {
  { "section44", "A collective Section 44 letter (serious and imminent danger)" },
  { "undated_resignation", "Undated resignations" },
  { "strike", "A strike pledge" },
  { "solidarity", "A solidarity pledge (with workers of another employer)" },
};

static const char *template_name(const char *z){
  for(size_t i=0; i<sizeof azTemplateName/sizeof azTemplateName[0]; i++){
    if( strcmp(z, azTemplateName[i][0])==0 ) return azTemplateName[i][1];
  }
  return z;
}

static double mono_now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec/1e9;
}

/************************ progress, built and cached ************************/

/* The progress of one campaign as JSON: what the progress page, its JSON
** twin and the officer's list show. Counts only. New reference, or NULL
** with a message. */
static json_t *progress_build(Db *db, const char *zCode, char *zErr, size_t nErr){
  PledgeStatus st;
  char (*aDay)[11] = 0;
  int64_t *aCount = 0;
  int nDay;
  if( pledge_status(db, zCode, &st, zErr, nErr) ) return 0;
  nDay = pledge_history(db, zCode, &aDay, &aCount);
  json_t *aAction = json_array(), *aPlace = json_array(), *aHist = json_array();
  int bAnyEvery = 0;
  for(uint32_t a=0; a<st.nAction; a++){
    const PledgeAction *p = &st.aAction[a];
    char *zT = pledge_trigger_text(p);
    int64_t nNeed = p->kind==PLEDGE_TRIGGER_COUNT ? (int64_t)p->value : (st.nInScope*(int64_t)p->value + 99)/100;
    int nPlacesMet = 0;
    for(int g=0; g<st.nWorkplace; g++) nPlacesMet += st.aWorkplace[g].nInScope>0 && st.aWorkplace[g].aMet[a];
    bAnyEvery |= p->every!=0;
    json_array_append_new(aAction, json_pack("{s:i,s:s,s:s,s:s,s:I,s:b,s:I,s:I,s:b,s:i}",
      "number", (int)a+1, "label", p->zLabel, "trigger", zT,
      "kind", p->kind==PLEDGE_TRIGGER_PERCENT ? "percent" : "count", "value", (json_int_t)p->value,
      "every_workplace", p->every!=0, "count", (json_int_t)st.aCount[a],
      "needed", (json_int_t)(p->every ? 0 : nNeed), "met", st.aMet[a], "workplaces_met", nPlacesMet));
    free(zT);
  }
  for(int g=0; g<st.nWorkplace; g++){
    const PledgeWorkplace *w = &st.aWorkplace[g];
    json_t *aC = json_array(), *aM = json_array();
    if( !w->zCode ) continue;
    for(uint32_t a=0; a<st.nAction; a++){
      json_array_append_new(aC, json_integer(w->aCount[a]));
      json_array_append_new(aM, json_boolean(w->aMet[a]));
    }
    json_array_append_new(aPlace, json_pack("{s:s,s:s,s:I,s:o,s:o}", "code", w->zCode, "name", w->zName,
                                            "in_scope", (json_int_t)w->nInScope, "counts", aC, "met", aM));
  }
  int64_t nRun = 0;
  for(int d=0; d<nDay; d++){
    nRun += aCount[d];
    json_array_append_new(aHist, json_pack("{s:s,s:I,s:I}", "day", aDay[d], "new", (json_int_t)aCount[d],
                                           "total", (json_int_t)nRun));
  }
  json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:b,s:b,s:o,s:o,s:o}",
    "code", st.zCode, "title", st.zTitle, "template", st.zTemplate, "state", st.zState,
    "deadline", st.zDeadline, "in_scope", (json_int_t)st.nInScope, "counted", (json_int_t)st.nLive,
    "withdrawn", (json_int_t)st.nWithdrawn, "trigger_met", st.anyMet, "per_workplace", bAnyEvery,
    "actions", aAction, "workplaces", aPlace, "history", aHist);
  free(aDay);
  free(aCount);
  pledge_status_clear(&st);
  return p;
}

/* A small cache of progress, shared by the server's threads: an entry is
** rebuilt when it is older than PROGRESS_TTL seconds, or older than
** PROGRESS_DIRTY_TTL after a pledge arrived here. Under a burst of
** signatures the counts are rebuilt at most a few times a second, whatever
** the number of readers; pledges made by another process (the CLI) show
** within PROGRESS_TTL. */
#define PROGRESS_SLOTS     16
#define PROGRESS_TTL       5.0
#define PROGRESS_DIRTY_TTL 0.5
typedef struct ProgressSlot ProgressSlot;
struct ProgressSlot { char zCode[64]; json_t *p; double t; int dirty; };
static ProgressSlot aProgress[PROGRESS_SLOTS];
static pthread_mutex_t progressMutex = PTHREAD_MUTEX_INITIALIZER;

static void progress_touch(const char *zCode){
  pthread_mutex_lock(&progressMutex);
  for(int i=0; i<PROGRESS_SLOTS; i++) if( aProgress[i].p && strcmp(aProgress[i].zCode, zCode)==0 ) aProgress[i].dirty = 1;
  pthread_mutex_unlock(&progressMutex);
}

/* The campaign's progress (new reference), from the cache or built; NULL
** with a message if there is no such campaign. */
static json_t *progress_get(Db *db, const char *zCode, char *zErr, size_t nErr){
  double now = mono_now();
  json_t *p = 0;
  int iOld = 0;
  pthread_mutex_lock(&progressMutex);
  for(int i=0; i<PROGRESS_SLOTS; i++){
    ProgressSlot *s = &aProgress[i];
    if( s->p && strcmp(s->zCode, zCode)==0 ){
      double age = now - s->t;
      if( age < (s->dirty ? PROGRESS_DIRTY_TTL : PROGRESS_TTL) ) p = json_incref(s->p);
      break;
    }
    if( s->t < aProgress[iOld].t ) iOld = i;
  }
  pthread_mutex_unlock(&progressMutex);
  if( p ) return p;
  p = progress_build(db, zCode, zErr, nErr);
  if( !p || strlen(zCode)>=sizeof aProgress[0].zCode ) return p;
  pthread_mutex_lock(&progressMutex);
  {
    int iSlot = -1;
    for(int i=0; i<PROGRESS_SLOTS && iSlot<0; i++) if( aProgress[i].p && strcmp(aProgress[i].zCode, zCode)==0 ) iSlot = i;
    if( iSlot<0 ) iSlot = iOld;
    ProgressSlot *s = &aProgress[iSlot];
    json_decref(s->p);
    snprintf(s->zCode, sizeof s->zCode, "%s", zCode);
    s->p = json_incref(p);
    s->t = now;
    s->dirty = 0;
  }
  pthread_mutex_unlock(&progressMutex);
  return p;
}

/************************ who may see which campaign ************************/

/* May the logged-in user see campaign p (its progress JSON)? National
** officers see every campaign; others those with a workplace in their
** scope. */
static int campaign_visible(Req *req, json_t *p){
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ) return 1;
  json_t *aPlace = json_object_get(p, "workplaces");
  for(size_t i=0; i<json_array_size(aPlace); i++){
    Unit u;
    const char *zC = json_string_value(json_object_get(json_array_get(aPlace, i), "code"));
    if( zC && register_unit_by_code(req->db, zC, &u)==0 && gate_in_scope(req, &u) ) return 1;
  }
  return 0;
}

/* Every campaign the user may see, as progress objects. New reference, or
** NULL after a 500. */
static json_t *campaigns_visible(Req *req){
  char **az = 0, zErr[300];
  int n = pledge_codes(req->db, &az);
  if( n<0 ){ http_error(req, 500, "cannot read the pledge campaigns"); return 0; }
  json_t *a = json_array();
  for(int i=0; i<n; i++){
    json_t *p = progress_get(req->db, az[i], zErr, sizeof zErr);
    if( p && campaign_visible(req, p) ) json_array_append(a, p);
    json_decref(p);
  }
  pledge_codes_free(az, n);
  return a;
}

/************************ drawing progress ************************/

static const char *jstr(json_t *o, const char *zKey){
  const char *z = json_string_value(json_object_get(o, zKey));
  return z ? z : "";
}
static json_int_t jint(json_t *o, const char *zKey){ return json_integer_value(json_object_get(o, zKey)); }

/* Each action: its count against its trigger, as a line of text and a bar. */
static void progress_actions(Req *req, json_t *p){
  json_t *aAction = json_object_get(p, "actions");
  json_int_t nIn = jint(p, "in_scope");
  html_raw(req, "<div class=\"table-wrap\"><table>\n<caption>Pledges counted for each action</caption>\n"
                "<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Trigger</th>"
                "<th scope=\"col\" class=\"num\">Pledged</th><th scope=\"col\">Met?</th></tr></thead>\n<tbody>\n");
  for(size_t a=0; a<json_array_size(aAction); a++){
    json_t *x = json_array_get(aAction, a);
    int bMet = json_is_true(json_object_get(x, "met"));
    const char *zMet;
    if( json_is_true(json_object_get(x, "every_workplace")) ){
      zMet = req_mprintf(req, "%s (%lld of %zu workplaces)", bMet ? "Yes" : "Not yet",
                         (long long)jint(x, "workplaces_met"), json_array_size(json_object_get(p, "workplaces")));
    }else{
      json_int_t nNeed = jint(x, "needed"), nHave = jint(x, "count");
      zMet = bMet ? "Yes" : req_mprintf(req, "Not yet: %lld more needed", (long long)(nNeed - nHave));
    }
    html_printf(req, "<tr><td>%s</td><td>%s</td><td class=\"num\">%lld of %lld</td><td>%s</td></tr>\n",
                jstr(x, "label"), jstr(x, "trigger"), (long long)jint(x, "count"), (long long)nIn, zMet);
  }
  html_raw(req, "</tbody></table></div>\n");
  {
    SvgBar aBar[PLEDGE_MAX_ACTIONS];
    int nBar = 0;
    for(size_t a=0; a<json_array_size(aAction) && nBar<PLEDGE_MAX_ACTIONS; a++){
      json_t *x = json_array_get(aAction, a);
      aBar[nBar].zLabel = jstr(x, "label");
      aBar[nBar].value = nIn ? 100.0*(double)jint(x, "count")/(double)nIn : 0;
      nBar++;
    }
    svg_bar_chart(req, "Share of those in scope who have pledged, by action", "%", aBar, nBar);
  }
}

/* By workplace, where some action's trigger must hold in every workplace
** (or always, for a small campaign): counts of each action against those
** in scope there. */
static void progress_workplaces(Req *req, json_t *p){
  json_t *aPlace = json_object_get(p, "workplaces"), *aAction = json_object_get(p, "actions");
  size_t nPlace = json_array_size(aPlace);
  if( !json_is_true(json_object_get(p, "per_workplace")) && nPlace>20 ) return;
  html_raw(req, "<h2>By workplace</h2>\n<div class=\"table-wrap\"><table>\n"
                "<caption>Pledges counted in each workplace, by action</caption>\n<thead><tr>"
                "<th scope=\"col\">Workplace</th><th scope=\"col\" class=\"num\">In scope</th>");
  for(size_t a=0; a<json_array_size(aAction); a++) html_printf(req, "<th scope=\"col\" class=\"num\">%s</th>", jstr(json_array_get(aAction, a), "label"));
  html_raw(req, "</tr></thead>\n<tbody>\n");
  for(size_t g=0; g<nPlace && g<2000; g++){
    json_t *w = json_array_get(aPlace, g), *aC = json_object_get(w, "counts"), *aM = json_object_get(w, "met");
    html_printf(req, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td>", jstr(w, "name"), (long long)jint(w, "in_scope"));
    for(size_t a=0; a<json_array_size(aC); a++){
      int bMet = json_is_true(json_array_get(aM, a));
      html_printf(req, "<td class=\"num\">%lld%s</td>", (long long)json_integer_value(json_array_get(aC, a)),
                  bMet ? " (met)" : "");
    }
    html_raw(req, "</tr>\n");
  }
  html_raw(req, "</tbody></table></div>\n");
}

/* Over time: the pledges that count now, by the day they were made. */
static void progress_history(Req *req, json_t *p){
  json_t *aH = json_object_get(p, "history");
  size_t n = json_array_size(aH);
  if( n==0 ) return;
  double *aV = xcalloc(n, sizeof *aV);
  for(size_t i=0; i<n; i++) aV[i] = (double)jint(json_array_get(aH, i), "total");
  SvgSeries s = { "Pledges counted", aV, (int)n };
  html_printf(req, "<h2>Over time</h2>\n<p>From %s to %s: the pledges that count now, by the day they were made "
              "(withdrawn and replaced pledges are not in it).</p>\n",
              jstr(json_array_get(aH, 0), "day"), jstr(json_array_get(aH, n-1), "day"));
  svg_line_chart(req, "Pledges counted, by the day they were made", "day", "", &s, 1);
  free(aV);
}

/************************ the officer's pages ************************/

/* 0 for a national officer; otherwise 403 with a reason and -1. */
static int officer_only(Req *req){
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ) return 0;
  http_error(req, 403, "creating pledge campaigns is for national officers: ask one to set it up");
  return -1;
}

/*
** GET /pledges: the campaigns the user may see, with their progress.
*/
void page_pledges(Req *req){
  json_t *a = campaigns_visible(req);
  if( !a ) return;
  html_begin(req, "Pledge campaigns");
  html_raw(req, "<h1>Pledge campaigns</h1>\n<p>\"I will \xE2\x80\x94 if enough of us do.\" Members sign "
                "with their own pledge credential; the count is public, the names stay sealed until a "
                "trigger is met and k trustees open them. How: docs/pledges.md.</p>\n");
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ) html_raw(req, "<p><a class=\"button\" href=\"/pledges/new\">Create a campaign</a></p>\n");
  if( json_array_size(a)==0 ){
    html_raw(req, "<p>No pledge campaigns in your area yet.</p>\n");
  }else{
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Campaign</th>"
                  "<th scope=\"col\">Kind</th><th scope=\"col\">State</th><th scope=\"col\">Deadline</th>"
                  "<th scope=\"col\" class=\"num\">In scope</th><th scope=\"col\" class=\"num\">Counted</th>"
                  "<th scope=\"col\">Trigger met?</th></tr></thead>\n<tbody>\n");
    for(size_t i=0; i<json_array_size(a); i++){
      json_t *p = json_array_get(a, i);
      html_printf(req, "<tr><td><a href=\"/pledges/%s/progress\">%s</a> (<a href=\"/pledge/%s\">signing page</a>)</td>"
                  "<td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td><td>%s</td></tr>\n",
                  html_url(req, jstr(p, "code")), jstr(p, "title"), html_url(req, jstr(p, "code")),
                  template_name(jstr(p, "template")), jstr(p, "state"), jstr(p, "deadline"),
                  (long long)jint(p, "in_scope"), (long long)jint(p, "counted"),
                  json_is_true(json_object_get(p, "trigger_met")) ? "Yes" : "Not yet");
    }
    html_raw(req, "</tbody></table></div>\n");
  }
  html_end(req);
  json_decref(a);
}

/*
** GET /api/v1/pledges: {"campaigns":[progress...]}.
*/
void api_pledges(Req *req){
  json_t *a = campaigns_visible(req);
  if( a ) http_json(req, 200, json_pack("{s:o}", "campaigns", a));
}

/*
** GET /pledges/new: the create form, one template per choice.
*/
void page_pledge_new(Req *req){
  char zToday[11], **az = 0;
  int n;
  if( officer_only(req) ) return;
  date_today(zToday);
  n = pledge_codes(req->db, &az);
  html_begin(req, "Create a pledge campaign");
  html_printf(req,
    "<h1>Create a pledge campaign</h1>\n"
    "<form class=\"stack\" method=\"post\" action=\"/pledges\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<fieldset><legend>What members pledge</legend>\n", req->zCsrf);
  for(size_t i=0; i<sizeof azTemplateName/sizeof azTemplateName[0]; i++){
    html_printf(req, "<div><input type=\"radio\" name=\"template\" id=\"t-%s\" value=\"%s\"%s>"
                "<label for=\"t-%s\">%s</label></div>\n", azTemplateName[i][0], azTemplateName[i][0],
                i==0 ? " required" : "", azTemplateName[i][0], azTemplateName[i][1]);
  }
  html_printf(req,
    "</fieldset>\n"
    "<p class=\"hint\">A Section 44 letter asks each signer to state the danger in their own words: "
    "the right rests on each employee's own reasonable belief.</p>\n"
    "<div><label for=\"code\">Code (letters, digits, - _ .; in the signing link)</label>"
    "<input type=\"text\" id=\"code\" name=\"code\" maxlength=\"40\" required></div>\n"
    "<div><label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" maxlength=\"200\" required></div>\n"
    "<div><label for=\"text\">Text (empty: the template's own words)</label>"
    "<textarea id=\"text\" name=\"text\" rows=\"5\" maxlength=\"20000\"></textarea></div>\n"
    "<div><label for=\"deadline\">Deadline</label><input type=\"date\" id=\"deadline\" name=\"deadline\" min=\"%s\" required></div>\n"
    "<fieldset><legend>Who is in scope (active members; each list optional, comma-separated)</legend>\n"
    "<div><label for=\"units\">Units (codes; their whole subtree)</label><input type=\"text\" id=\"units\" name=\"units\" maxlength=\"2000\"></div>\n"
    "<div><label for=\"employers\">Employers (names; several for solidarity across employers)</label>"
    "<input type=\"text\" id=\"employers\" name=\"employers\" maxlength=\"2000\"></div>\n"
    "<div><label for=\"categories\">Categories</label><input type=\"text\" id=\"categories\" name=\"categories\" maxlength=\"1000\"></div>\n"
    "</fieldset>\n"
    "<div><label for=\"trigger\">Trigger: N (at least N pledges) or X%% (of those in scope), "
    "optionally /workplace (in every workplace: 60%%/workplace)</label>"
    "<input type=\"text\" id=\"trigger\" name=\"trigger\" value=\"50%%\" maxlength=\"40\" required></div>\n"
    "<div><label for=\"actions\">Actions on offer, one a line, each optionally with its own trigger "
    "(Strike on 1 December=60%%/workplace); empty: the template's one action</label>"
    "<textarea id=\"actions\" name=\"actions\" rows=\"4\" maxlength=\"4000\"></textarea></div>\n"
    "<fieldset><legend>Keys (public halves only)</legend>\n", zToday);
  if( n>0 ){
    html_raw(req, "<div><label for=\"keys_from\">The trustees and credential authority of an earlier campaign</label>"
                  "<select id=\"keys_from\" name=\"keys_from\"><option value=\"\">(paste their public files below)</option>\n");
    for(int i=0; i<n; i++) html_printf(req, "<option value=\"%s\"%s>%s</option>\n", az[i], i==0 ? " selected" : "", az[i]);
    html_raw(req, "</select></div>\n");
  }
  html_raw(req,
    "<div><label for=\"keys\">Or paste every trustee's .public file (mandate trustee keygen) and the "
    "credential authority's authority.public, one after another</label>"
    "<textarea id=\"keys\" name=\"keys\" rows=\"6\" maxlength=\"60000\" spellcheck=\"false\"></textarea></div>\n"
    "</fieldset>\n"
    "<div><button class=\"primary\" type=\"submit\">Create the campaign</button></div>\n"
    "</form>\n"
    "<p class=\"muted\">Next, the credential authority issues one pledge credential per member in scope "
    "(<code>mandate pledge credentials</code>) and mails each member their link.</p>\n");
  html_end(req);
  pledge_codes_free(az, n);
}

/* Split a comma-separated list (or, with cSep '\n', lines) into
** request-owned strings, trimmed; at most nMax. Returns the count, or -1
** after a 400. */
static int split_list(Req *req, const char *zField, char cSep, const char **az, int nMax){
  const char *p = req_arg(req, zField);
  int n = 0;
  while( p && *p ){
    size_t k = 0, m;
    while( *p==' ' || *p==cSep || *p=='\r' ) p++;
    while( p[k] && p[k]!=cSep ) k++;
    m = k;
    while( m && (p[m-1]==' ' || p[m-1]=='\r') ) m--;
    if( m ){
      if( n==nMax ){ http_error(req, 400, "%s: at most %d", zField, nMax); return -1; }
      char *z = req_strdup(req, p);
      z[m] = 0;
      az[n++] = z;
    }
    p += k;
  }
  return n;
}

/* Check the form and create the campaign. 0, or -1 after answering
** (400 with the reason; nothing written). */
static int pledge_create_from_form(Req *req){
  PledgeSpec spec;
  const char *azUnit[64], *azEmployer[64], *azCategory[64], *azAction[PLEDGE_MAX_ACTIONS];
  PledgeAction aAction[PLEDGE_MAX_ACTIONS];
  char *azOwned[PLEDGE_MAX_ACTIONS] = {0}, zErr[400], zToday[11];
  GroupPoint *aCommit = 0;
  PledgeCampaign from;
  const char *zTemplate = req_arg(req, "template"), *zTrigger = req_arg(req, "trigger");
  const char *zKeysFrom = req_arg(req, "keys_from"), *zKeys = req_arg(req, "keys");
  int rc = -1, nAction;
  memset(&spec, 0, sizeof spec);
  memset(&from, 0, sizeof from);
  if( officer_only(req) ) return -1;
  if( !pledge_template_valid(zTemplate) ){ http_error(req, 400, "template: section44, undated_resignation, strike or solidarity"); return -1; }
  if( (spec.nUnit = split_list(req, "units", ',', azUnit, 64))<0
   || (spec.nEmployer = split_list(req, "employers", ',', azEmployer, 64))<0
   || (spec.nCategory = split_list(req, "categories", ',', azCategory, 64))<0
   || (nAction = split_list(req, "actions", '\n', azAction, PLEDGE_MAX_ACTIONS))<0 ) return -1;
  if( nAction==0 ){ azAction[0] = pledge_template_action(zTemplate); nAction = 1; }
  for(int a=0; a<nAction; a++){
    if( pledge_action_parse(&aAction[a], &azOwned[a], azAction[a], zTrigger ? zTrigger : "50%", zErr, sizeof zErr) ){
      http_error(req, 400, "actions: %s", zErr); goto out;
    }
  }
  group_init();
  if( zKeys && *zKeys ){
    if( pledge_keys_parse(zKeys, zKeys, &spec.authority, &spec.nTrustee, &spec.nThreshold, &aCommit, zErr, sizeof zErr) ){
      http_error(req, 400, "keys: %s", zErr); goto out;
    }
    spec.aCommit = aCommit;
  }else if( zKeysFrom && *zKeysFrom ){
    if( pledge_campaign_load(req->db, zKeysFrom, &from, 0, zErr, sizeof zErr) ){ http_error(req, 400, "keys_from: %s", zErr); goto out; }
    spec.authority = from.authority;
    spec.nTrustee = from.nTrustee;
    spec.nThreshold = from.nThreshold;
    spec.aCommit = from.aCommit;
  }else{
    http_error(req, 400, "keys: paste the trustees' and the authority's public files, or choose a campaign to take them from");
    goto out;
  }
  date_today(zToday);
  spec.zCode = req_arg(req, "code");
  spec.zTitle = req_arg(req, "title");
  spec.zTemplate = zTemplate;
  spec.zText = req_arg(req, "text") && *req_arg(req, "text") ? req_arg(req, "text") : 0;
  spec.zDeadline = req_arg(req, "deadline");
  spec.zToday = zToday;
  spec.azUnit = azUnit; spec.azEmployer = azEmployer; spec.azCategory = azCategory;
  spec.nAction = nAction;
  spec.aAction = aAction;
  {
    char *zDir = req_mprintf(req, "%s-pledges", req->pSrv->zDbPath);
    if( mkdir(zDir, 0755) && errno!=EEXIST ){ http_error(req, 500, "cannot make the boards' directory"); goto out; }
    spec.zBoardDir = req_mprintf(req, "%s/%s", zDir, spec.zCode ? spec.zCode : "");
  }
  if( pledge_campaign_create(req->db, &spec, zErr, sizeof zErr) ){
    http_error(req, 400, "the campaign was not created: %s", zErr); goto out;
  }
  rc = 0;
out:
  for(int a=0; a<PLEDGE_MAX_ACTIONS; a++) free(azOwned[a]);
  free(aCommit);
  pledge_campaign_clear(&from);
  return rc;
}

/*
** POST /pledges: create a campaign, then show its progress.
*/
void page_pledge_create(Req *req){
  if( pledge_create_from_form(req) ) return;
  http_redirect(req, req_mprintf(req, "/pledges/%s/progress", html_url(req, req_arg(req, "code"))));
}

/*
** POST /api/v1/pledges: 201 {"ok":true,"code":CODE,"progress":...}.
*/
void api_pledge_create(Req *req){
  char zErr[300];
  if( pledge_create_from_form(req) ) return;
  json_t *p = progress_get(req->db, req_arg(req, "code"), zErr, sizeof zErr);
  http_json(req, 201, json_pack("{s:b,s:s,s:o*,s:s,s:s}", "ok", 1, "code", req_arg(req, "code"), "progress", p,
                                "signing_page", req_mprintf(req, "/pledge/%s", req_arg(req, "code")),
                                "next", "the credential authority runs 'mandate pledge credentials CODE'"));
}

/************************ public progress ************************/

/* The campaign's progress, or NULL after a 404. */
static json_t *progress_or_404(Req *req){
  char zErr[300];
  json_t *p = progress_get(req->db, req_arg(req, "code"), zErr, sizeof zErr);
  if( !p ) http_error(req, 404, "there is no pledge campaign with that code");
  return p;
}

/*
** GET /pledges/CODE/progress: public; counts only.
*/
void page_pledge_progress(Req *req){
  json_t *p = progress_or_404(req);
  if( !p ) return;
  html_begin(req, req_mprintf(req, "%s: progress", jstr(p, "title")));
  html_printf(req, "<h1>%s</h1>\n<p class=\"lead\">%s. %lld of the %lld members in scope have pledged",
              jstr(p, "title"), template_name(jstr(p, "template")), (long long)jint(p, "counted"), (long long)jint(p, "in_scope"));
  if( strcmp(jstr(p, "state"), "open")==0 ){
    html_printf(req, "; signing is open until %s.</p>\n", jstr(p, "deadline"));
  }else if( strcmp(jstr(p, "state"), "opened")==0 ){
    html_raw(req, ". The trigger was met and the trustees have opened the names.</p>\n");
  }else{
    html_raw(req, ". The deadline passed without the trigger: the sealed names were destroyed.</p>\n");
  }
  html_raw(req, "<p class=\"muted\">Counts only: no one, the union included, can see who has signed "
                "until a trigger is met. The counts are at most a few seconds old: reload the page for the latest.</p>\n");
  progress_actions(req, p);
  progress_workplaces(req, p);
  progress_history(req, p);
  if( strcmp(jstr(p, "state"), "open")==0 ) html_printf(req, "<p><a href=\"/pledge/%s\">Sign or withdraw your pledge</a></p>\n", html_url(req, jstr(p, "code")));
  html_end(req);
  json_decref(p);
}

/*
** GET /api/v1/pledges/CODE/progress: public; the same counts as JSON.
*/
void api_pledge_progress(Req *req){
  json_t *p = progress_or_404(req);
  if( p ) http_json(req, 200, p);
}

/************************ the member's page ************************/

/*
** GET /pledge/CODE[?receipt=R]: public. The member reads the text and
** signs with their pledge credential (sealed and signed on their device),
** withdraws, or checks a receipt.
*/
void page_pledge_member(Req *req){
  const char *zCode = req_arg(req, "code"), *zReceipt = req_arg(req, "receipt");
  PledgeCampaign c;
  char zErr[300], zToday[11];
  DbStmt *s;
  char *zDefHex = 0, zState[16] = "", zDeadline[11] = "";
  memset(&c, 0, sizeof c);
  if( pledge_campaign_load(req->db, zCode, &c, 0, zErr, sizeof zErr) ){
    http_error(req, 404, "there is no pledge campaign with that code: check the link in your email or letter");
    return;
  }
  s = db_prepare(req->db, "SELECT definition, state, deadline FROM pledge_campaigns WHERE code=?");
  db_bind_text(s, 1, zCode);
  if( db_step(s)==DB_ROW ){
    zDefHex = req_strdup(req, db_col_text(s, 0));
    db_col_copy(s, 1, zState, sizeof zState);
    db_col_copy(s, 2, zDeadline, sizeof zDeadline);
  }
  db_finalize(s);
  date_today(zToday);
  http_set_header(req, "Content-Security-Policy", zPledgeCsp);
  http_set_header(req, "Referrer-Policy", "no-referrer");
  html_begin(req, c.zTitle);
  html_printf(req, "<h1>%s</h1>\n<div class=\"pledge-text\"><p>%s</p></div>\n", c.zTitle, c.zText);
  if( zReceipt ){
    const char *zR = pledge_receipt_state(req->db, zCode, zReceipt);
    html_printf(req, "<p class=\"notice\" role=\"status\">Receipt %s: %s</p>\n", zReceipt,
                !zR ? "no pledge has this receipt. Check it, letter by letter."
                : strcmp(zR, "counted")==0 ? "this pledge is counted."
                : strcmp(zR, "withdrawn")==0 ? "this pledge was withdrawn: it does not count."
                : "a later pledge made with the same credential replaced this one: the later one counts.");
  }
  if( strcmp(zState, "open")!=0 || strcmp(zToday, zDeadline)>0 ){
    html_printf(req, "<p class=\"notice\">%s</p>\n", strcmp(zState, "opened")==0
                ? "Enough members pledged: the trigger was met and the names have been opened. Signing is closed."
                : req_mprintf(req, "Signing closed on %s.", zDeadline));
  }else{
    int bS44 = strcmp(c.zTemplate, "section44")==0;
    html_printf(req, "<p class=\"lead\">Signing is open until %s. Your pledge counts only if enough "
                "colleagues pledge too; until then no one can see who signed.</p>\n", zDeadline);
    html_raw(req,
      "<noscript><link rel=\"stylesheet\" href=\"/static/noscript.css\"><p class=\"notice\"><strong>Signing "
      "needs JavaScript, and it is turned off in this browser.</strong> "
      "Your name is locked on your own phone or computer before it is sent, so that no one, not even the "
      "union, can see who signed until enough of you have. Turn JavaScript on, or open your link on another "
      "phone or computer. You can still check a receipt below.</p></noscript>\n"
      "<p id=\"pledge-wait\" class=\"muted needs-js\">Getting the form ready\xE2\x80\xA6 If it does not appear, "
      "this browser may be too old: open your link on another phone or computer.</p>\n");
    html_printf(req, "<form id=\"pledge\" class=\"vote\" hidden novalidate data-campaign=\"%s\" data-code=\"%s\" data-s44=\"%d\">\n",
                zDefHex ? zDefHex : "", zCode, bS44);
    html_raw(req, "<fieldset class=\"question\" aria-describedby=\"actions-hint\"><legend>What you pledge to do</legend>\n"
                  "<p class=\"hint\" id=\"actions-hint\">Choose one or more. Each happens only if its own trigger is met.</p>\n");
    for(uint32_t a=0; a<c.nAction; a++){
      char *zT = pledge_trigger_text(&c.aAction[a]);
      html_printf(req, "<div class=\"answer\"><input type=\"checkbox\" name=\"action\" id=\"action-%u\" value=\"%u\"%s>"
                  "<label for=\"action-%u\">%s <span class=\"muted\">(if %s)</span></label></div>\n",
                  a+1, a+1, c.nAction==1 ? " checked" : "", a+1, c.aAction[a].zLabel, zT);
      free(zT);
    }
    html_raw(req, "</fieldset>\n");
    if( bS44 ){
      html_raw(req, "<div class=\"field\"><label for=\"statement\">The danger, in your own words</label>\n"
                    "<p class=\"hint\" id=\"statement-hint\">What the serious and imminent danger is, and why you "
                    "believe it. It goes in the letter beside your name.</p>\n"
                    "<textarea id=\"statement\" rows=\"4\" maxlength=\"3000\" aria-describedby=\"statement-hint\"></textarea></div>\n");
    }
    html_raw(req,
      "<div class=\"field\"><label for=\"signer-name\">Your name, as it should appear in the letter</label>\n"
      "<input type=\"text\" id=\"signer-name\" autocomplete=\"name\" maxlength=\"200\"></div>\n"
      "<div class=\"field\"><label for=\"member-number\">Your membership number (optional)</label>\n"
      "<p class=\"hint\" id=\"member-number-hint\">Locked with your name. It is read only if the trigger is "
      "met, so that we can tell you the letter has gone.</p>\n"
      "<input type=\"text\" id=\"member-number\" autocomplete=\"off\" maxlength=\"31\" aria-describedby=\"member-number-hint\"></div>\n"
      "<div class=\"field\"><label for=\"credential\">Your pledge code</label>\n"
      "<p class=\"hint\" id=\"credential-hint\">It is in the email or letter the independent scrutineer sent "
      "you: 64 letters and numbers. Keep it to yourself: anyone with it can pledge or withdraw in your name.</p>\n"
      "<input type=\"text\" id=\"credential\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" "
      "aria-describedby=\"credential-hint\"></div>\n"
      "<p class=\"error\" id=\"pledge-error\" role=\"alert\" hidden></p>\n"
      "<button type=\"submit\" class=\"primary\" id=\"sign\">Sign the pledge</button>\n"
      "<button type=\"button\" id=\"withdraw\">Withdraw my pledge</button>\n"
      "<p id=\"pledge-status\" class=\"muted\" role=\"status\"></p>\n"
      "</form>\n"
      "<section id=\"pledge-done\" class=\"done\" hidden tabindex=\"-1\" aria-labelledby=\"pledge-done-title\">\n"
      "<h2 id=\"pledge-done-title\"></h2>\n<p id=\"pledge-done-text\"></p>\n"
      "<p id=\"pledge-receipt-line\">Your receipt: <strong class=\"tracker\" id=\"pledge-receipt\"></strong>. "
      "Write it down: with it you can check below that your pledge is counted.</p>\n"
      "</section>\n");
  }
  html_printf(req, "<h2>Check a receipt</h2>\n<form method=\"get\" action=\"/pledge/%s\" class=\"stack\">\n"
              "<div><label for=\"receipt\">Receipt</label><input type=\"text\" id=\"receipt\" name=\"receipt\" "
              "maxlength=\"32\" autocomplete=\"off\" spellcheck=\"false\"></div>\n"
              "<div><button type=\"submit\">Check</button></div>\n</form>\n"
              "<p><a href=\"/pledges/%s/progress\">See how many have pledged</a></p>\n",
              html_url(req, zCode), html_url(req, zCode));
  html_printf(req, "<script type=\"module\" src=\"/static/js/%s/pledge_page.js\"></script>\n", zWebAssetVersion);
  html_end(req);
  pledge_campaign_clear(&c);
}

/*
** GET /api/v1/pledges/CODE/credentials/KEY: public. The signer's device
** asks for its credential's last sequence number (the board says the same).
*/
void api_pledge_credential(Req *req){
  int64_t seq = 0;
  int bLive = 0;
  int r = pledge_credential_state(req->db, req_arg(req, "code"), req_arg(req, "key"), &seq, &bLive);
  if( r<0 ){ http_error(req, 500, "cannot read the credential"); return; }
  if( r>0 ){ http_error(req, 404, "this pledge code was not issued for this campaign"); return; }
  http_json(req, 200, json_pack("{s:I,s:b}", "seq", (json_int_t)seq, "counted", bLive));
}

/*
** GET /api/v1/pledges/CODE/receipts/RECEIPT: public. {"state": counted |
** replaced | withdrawn}, or 404.
*/
void api_pledge_receipt(Req *req){
  const char *z = pledge_receipt_state(req->db, req_arg(req, "code"), req_arg(req, "receipt"));
  if( !z ){ http_error(req, 404, "no pledge has this receipt"); return; }
  http_json(req, 200, json_pack("{s:s,s:s}", "receipt", req_arg(req, "receipt"), "state", z));
}

/* The failure key: per client address, and per credential (the first 16
** hex digits of the item), as for ballots. */
static const char *intake_key(Req *req, const char *zHex){
  return req_mprintf(req, "pledge:%.16s", zHex ? zHex : "");
}

/* Hex bytes of a JSON field, request-owned; NULL if absent or not hex. */
static unsigned char *json_hex(Req *req, json_t *o, const char *zKey, size_t nMax, size_t *pn){
  const char *z = json_string_value(json_object_get(o, zKey));
  size_t n = z ? strlen(z) : 0;
  if( n==0 || n%2 || n/2>nMax ) return 0;
  unsigned char *a = (unsigned char*)req_mprintf(req, "%*s", (int)(n/2), "");
  if( board_unhex(a, n/2, z) ) return 0;
  *pn = n/2;
  return a;
}

/* The HTTP status of a refused pledge or withdrawal. */
static int intake_status(PledgeIntakeCode k){
  switch( k ){
    case PLEDGE_INTAKE_UNKNOWN:    return 404;
    case PLEDGE_INTAKE_NOT_ISSUED: return 403;
    case PLEDGE_INTAKE_REPLAY:     return 409;
    case PLEDGE_INTAKE_CLOSED:     return 403;
    case PLEDGE_INTAKE_STORE:      return 503;
    case PLEDGE_INTAKE_INVALID:    return 400;
    case PLEDGE_INTAKE_OK:         break;
  }
  return 400;
}

/* The pledge intake: sign (bWithdraw 0) or withdraw. */
static void pledge_intake(Req *req, int bWithdraw){
  const char *zCode = req_arg(req, "code"), *zCt = req_header(req, "Content-Type");
  char zErr[400], zToday[11], zReceipt[BOARD_TRACKER_CHARS+1];
  int64_t now = (int64_t)time(0);
  json_error_t je;
  json_t *pBody;
  unsigned char *pItem, *pSealed = 0;
  size_t nItem = 0, nSealed = 0;
  const char *zItemHex;
  if( !zCt || strncasecmp(zCt, "application/json", 16)!=0 ){
    http_error(req, 415, "send application/json: {\"item\": HEX%s}", bWithdraw ? "" : ", \"sealed\": HEX");
    return;
  }
  pBody = json_loadb(req->body.z ? req->body.z : "", req->body.n, 0, &je);
  zItemHex = req_strdup(req, json_string_value(json_object_get(pBody, "item")));
  int wait = ratelimit_check(req->pSrv->pLimit, intake_key(req, zItemHex), req->zClientIp, now);
  if( wait>0 ){
    char zWait[16];
    snprintf(zWait, sizeof zWait, "%d", wait);
    http_set_header(req, "Retry-After", zWait);
    http_error(req, 429, "too many refused pledges from here; try again in %d minute%s", (wait+59)/60, (wait+59)/60==1 ? "" : "s");
    json_decref(pBody);
    return;
  }
  pItem = json_hex(req, pBody, "item", 4096, &nItem);
  if( !bWithdraw ) pSealed = json_hex(req, pBody, "sealed", 8192, &nSealed);
  json_decref(pBody);
  if( !pItem || (!bWithdraw && !pSealed) ){
    ratelimit_fail(req->pSrv->pLimit, intake_key(req, zItemHex), req->zClientIp, now);
    http_error(req, 400, "send {\"item\": HEX%s}: the bytes in lowercase hex", bWithdraw ? "" : ", \"sealed\": HEX");
    return;
  }
  date_today(zToday);
  PledgeIntakeCode k = bWithdraw ? pledge_withdraw(req->db, zCode, zToday, pItem, nItem, zErr, sizeof zErr)
                                 : pledge_submit(req->db, zCode, zToday, pItem, nItem, pSealed, nSealed, zReceipt, zErr, sizeof zErr);
  if( k!=PLEDGE_INTAKE_OK ){
    int status = intake_status(k);
    /* a refused attempt counts against the sender, but not our failure
    ** (503) nor a campaign that is not there (404) */
    if( status!=503 && status!=404 ) ratelimit_fail(req->pSrv->pLimit, intake_key(req, zItemHex), req->zClientIp, now);
    http_error(req, status, "%s", zErr);
    return;
  }
  progress_touch(zCode);
  if( bWithdraw ){
    http_json(req, 200, json_pack("{s:s,s:b,s:s}", "campaign", zCode, "withdrawn", 1,
                                  "note", "your pledge no longer counts, and your sealed name is deleted"));
  }else{
    http_json(req, 201, json_pack("{s:s,s:s,s:s}", "campaign", zCode, "receipt", zReceipt,
                                  "note", "your pledge is counted; if you signed before, this one replaces it"));
  }
}

/*
** POST /api/v1/pledges/CODE/sign: public (the credential's signature is
** the authentication). 201 {"receipt"} once on the board and recorded.
*/
void api_pledge_sign(Req *req){ pledge_intake(req, 0); }

/*
** POST /api/v1/pledges/CODE/withdraw: public, likewise. 200.
*/
void api_pledge_withdraw(Req *req){ pledge_intake(req, 1); }
