/* page_turnout.c: the turnout of a dispute's statutory postal ballot
** (/disputes/CODE/turnout, by unit within the user's scope, with a chart
** over time and a form for the scrutineer's figures) and its JSON twin;
** and the public "I've posted my vote" page a member reaches from their
** personal link (/posted/TOKEN), which needs no login and shows nothing
** about the member but their first name. See docs/disputes.md. */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include "svg.h"
#include "../domain/turnout.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOGIN_COOKIE "mandate_login"   /* the double-submit form token (page_login.c) */

/* The ballot of the dispute named by the "code" parameter, and its
** turnout within the user's scope. A dispute with no ballot, and a ballot
** with no unit in the user's scope, answer the same 404. 0, or -1 after
** an error answer. */
static int turnout_load(Req *req, TurnoutBallot *pB, TurnoutView *pV){
  const char *zCode = req_arg(req, "code");
  char zToday[11], *zErr = 0;
  LawSet *pLaw = 0;
  memset(pV, 0, sizeof(*pV));
  int r = turnout_ballot_load(req->db, zCode, pB);
  if( r<0 ){
    http_error(req, 500, "cannot read the ballot from the database");
    return -1;
  }
  if( r>0 ){
    http_error(req, 404, "there is no statutory ballot on a dispute with that code");
    return -1;
  }
  if( law_load(0, &pLaw, &zErr) ){
    free(zErr);
    http_error(req, 500, "the legal regimes cannot be loaded; see the server's regimes directory");
    return -1;
  }
  date_today(zToday);
  r = turnout_compute(req->db, pLaw, pB, &req->scope, zToday, pV, &zErr);
  law_free(pLaw);
  if( r<0 ){
    free(zErr);
    http_error(req, 500, "cannot compute the turnout");
    return -1;
  }
  if( r>0 ){
    http_error(req, 404, "there is no statutory ballot on a dispute with that code");
    return -1;
  }
  return 0;
}

/* One row of the table: the figure shown with its source, the thresholds
** and the projection. */
static void turnout_row_html(Req *req, const TurnoutRow *p){
  html_printf(req, "<tr><th scope=\"row\">%s%s%s</th>", p->zUnitName,
              p->unitId ? " \xC2\xB7 " : "", p->zUnitCode);
  html_printf(req, "<td>%lld</td><td>%lld</td><td>%.1f%%</td><td>%s, %s</td>",
              (long long)p->nEntitled, (long long)p->nReturned, p->pct,
              strcmp(p->zSource, "scrutineer")==0 ? "scrutineer" : "members' own reports",
              p->zAsOf);
  if( p->nTurnoutNeeded==0 ){
    html_raw(req, "<td>\xE2\x80\x94</td>");
  }else if( p->nTurnoutShort ){
    html_printf(req, "<td class=\"warn\">%lld more (of %lld)</td>",
                (long long)p->nTurnoutShort, (long long)p->nTurnoutNeeded);
  }else{
    html_printf(req, "<td class=\"ok\">reached (%lld)</td>", (long long)p->nTurnoutNeeded);
  }
  if( !p->ipsApplies ){
    html_raw(req, "<td>does not apply</td>");
  }else if( p->nYesShort ){
    html_printf(req, "<td class=\"warn\">%lld Yes needed: %lld more returns even if all are Yes</td>",
                (long long)p->nYesNeeded, (long long)p->nYesShort);
  }else{
    html_printf(req, "<td>%lld Yes needed</td>", (long long)p->nYesNeeded);
  }
  if( !p->proj.ok ){
    html_printf(req, "<td class=\"muted\">%s</td>", p->proj.zWhy);
  }else if( p->proj.daysLeft==0 ){
    html_printf(req, "<td>closed: %.1f%%</td>", p->pct);
  }else{
    double e = p->nEntitled ? (double)p->nEntitled : 1;
    html_printf(req, "<td>%.1f%% <span class=\"muted\">(95%%: %.1f%% to %.1f%%)</span></td>",
                100*p->proj.final/e, 100*p->proj.lo/e, 100*p->proj.hi/e);
  }
  html_raw(req, "</tr>\n");
}

/* Day index (1 = the opening day) of zDate in the ballot. */
static long turnout_day(const TurnoutBallot *pB, const char *zDate){
  return date_to_days(zDate) - date_to_days(pB->zOpens) + 1;
}

/* The chart of the total row over the voting days: members' own reports
** and the scrutineer's figures so far, the constant-rate model, and the
** thresholds. */
static void turnout_chart(Req *req, const TurnoutBallot *pB, const TurnoutView *pV){
  const TurnoutRow *pT = &pV->aRow[0];
  long nDay = turnout_day(pB, pB->zCloses);
  if( nDay<1 || nDay>400 ) return;
  long nNow = turnout_day(pB, pV->zToday);
  if( nNow>nDay ) nNow = nDay;
  double *aSelf = xcalloc((size_t)nDay, sizeof(double));
  double *aScr = xcalloc((size_t)nDay, sizeof(double));
  double *aModel = xcalloc((size_t)nDay, sizeof(double));
  double *aNeed = xcalloc((size_t)nDay, sizeof(double));
  double *aYes = xcalloc((size_t)nDay, sizeof(double));
  SvgSeries aS[5];
  int nS = 0;
  /* Members' own reports, cumulative, up to today. */
  int k = 0;
  double cum = 0;
  for(long d=1; d<=nNow; d++){
    while( k<pV->nSelf && turnout_day(pB, pV->aSelf[k].zOn)<=d ) cum = (double)pV->aSelf[k++].n;
    aSelf[d-1] = cum;
  }
  if( nNow>=1 ) aS[nS++] = (SvgSeries){ "members' own reports (cumulative)", aSelf, (int)nNow };
  /* The scrutineer's figures, a straight line between them (0 before the
  ** ballot opened). */
  if( pV->nScrutineer ){
    long dPrev = 0, dLast = 0;
    double nPrev = 0;
    for(int i=0; i<pV->nScrutineer; i++){
      long d = turnout_day(pB, pV->aScrutineer[i].zOn);
      if( d>nDay ) d = nDay;
      double n = (double)pV->aScrutineer[i].n;
      for(long x=dPrev+1; x<=d; x++) aScr[x-1] = nPrev + (n-nPrev)*(double)(x-dPrev)/(double)(d-dPrev);
      if( d>dPrev ){ dPrev = d; nPrev = n; }
      dLast = d;
    }
    if( dLast>=1 ) aS[nS++] = (SvgSeries){ "the scrutineer's figures", aScr, (int)dLast };
  }
  if( pT->proj.ok ){
    for(long d=1; d<=nDay; d++){
      double v = pT->proj.rate*(double)d;
      aModel[d-1] = v<(double)pT->nEntitled ? v : (double)pT->nEntitled;
    }
    aS[nS++] = (SvgSeries){ "projection: the daily rate so far, to the close", aModel, (int)nDay };
  }
  if( pT->nTurnoutNeeded ){
    for(long d=1; d<=nDay; d++) aNeed[d-1] = (double)pT->nTurnoutNeeded;
    aS[nS++] = (SvgSeries){ req_mprintf(req, "turnout threshold: %lld", (long long)pT->nTurnoutNeeded),
                            aNeed, (int)nDay };
  }
  if( pT->ipsApplies ){
    for(long d=1; d<=nDay; d++) aYes[d-1] = (double)pT->nYesNeeded;
    aS[nS++] = (SvgSeries){ req_mprintf(req, "Yes votes needed (40%% of entitled): %lld",
                                        (long long)pT->nYesNeeded), aYes, (int)nDay };
  }
  svg_line_chart(req, req_mprintf(req, "Papers returned by day of voting: %s", pT->zUnitName),
                 "day", "", aS, nS);
  free(aSelf); free(aScr); free(aModel); free(aNeed); free(aYes);
}

/*
** GET /disputes/CODE/turnout
*/
void page_turnout(Req *req){
  TurnoutBallot b;
  TurnoutView v;
  if( turnout_load(req, &b, &v) ) return;
  const TurnoutRow *pT = &v.aRow[0];
  html_begin(req, req_mprintf(req, "Turnout: %s", b.zTitle));
  html_printf(req, "<h1>Turnout: %s</h1>\n<p class=\"muted\">Dispute %s \xC2\xB7 statutory postal"
              " ballot run by an independent scrutineer \xC2\xB7 regime %s</p>\n",
              b.zTitle, b.zDispute, b.zRegime);
  html_printf(req, "<dl class=\"facts\">\n<dt>Voting</dt><dd>%s to %s (today is %s)</dd>\n"
              "<dt>Entitled to vote</dt><dd>%lld, fixed when the ballot opened (%s)%s</dd>\n"
              "<dt>Turnout rule</dt><dd>%s</dd>\n<dt>40%% rule</dt><dd>%s</dd>\n</dl>\n",
              b.zOpens, b.zCloses, v.zToday, (long long)b.nEntitled, b.zSnapshotOn,
              v.coversBallot ? "" : req_mprintf(req, "; %lld in your area", (long long)pT->nEntitled),
              v.zTurnoutRule, v.zIpsRule);
  if( pT->nTurnoutShort ){
    html_printf(req, "<p class=\"warn\"><strong>%s: %lld more papers must be returned to reach"
                " the turnout threshold of %lld.</strong></p>\n",
                v.coversBallot ? "The whole ballot" : pT->zUnitName,
                (long long)pT->nTurnoutShort, (long long)pT->nTurnoutNeeded);
  }else if( pT->nTurnoutNeeded ){
    html_printf(req, "<p class=\"ok\"><strong>%s: the turnout threshold (%lld) is reached on"
                " these figures.</strong></p>\n", v.coversBallot ? "The whole ballot" : pT->zUnitName,
                (long long)pT->nTurnoutNeeded);
  }
  turnout_chart(req, &b, &v);
  html_raw(req, "<h2>By unit</h2>\n<p class=\"scroll-hint\">Scroll the table sideways for more"
                " columns.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                "<th scope=\"col\">Unit</th><th scope=\"col\">Entitled</th>"
                "<th scope=\"col\">Returned</th><th scope=\"col\">Turnout</th>"
                "<th scope=\"col\">Source, as of</th><th scope=\"col\">Turnout threshold</th>"
                "<th scope=\"col\">40% Yes rule</th><th scope=\"col\">Projected at the close</th>"
                "</tr></thead>\n<tbody>\n");
  for(int i=0; i<v.nRow; i++) turnout_row_html(req, &v.aRow[i]);
  html_raw(req, "</tbody></table></div>\n"
    "<p class=\"muted\">Where the scrutineer has given a figure it is shown; otherwise the"
    " count of members who said \xE2\x80\x9CI\xE2\x80\x99ve posted my vote\xE2\x80\x9D, which"
    " is a lower bound: not everyone says so. The projection assumes papers keep coming back"
    " at the average daily rate so far; postal returns usually slow after the first days, so"
    " treat it as an upper estimate (docs/disputes.md). Not legal advice: the scrutineer's"
    " report is what counts.</p>\n");
  if( strcmp(req->user.zRole, ROLE_REP)!=0 ){
    html_printf(req,
      "<h2 id=\"update\">Enter the scrutineer's figure</h2>\n"
      "<form class=\"stack\" method=\"post\" action=\"/disputes/%s/turnout\">\n"
      "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
      "<div><label for=\"returned\">Papers returned so far</label>"
      "<input type=\"number\" id=\"returned\" name=\"returned\" min=\"0\" max=\"%lld\" required></div>\n"
      "<div><label for=\"on\">As of</label>"
      "<input type=\"date\" id=\"on\" name=\"on\" value=\"%s\" min=\"%s\" max=\"%s\" required></div>\n"
      "<div><label for=\"unit\">For</label><select id=\"unit\" name=\"unit\">\n",
      html_url(req, b.zDispute), req->zCsrf, (long long)pT->nEntitled,
      strcmp(v.zToday, b.zCloses)>0 ? b.zCloses : v.zToday, b.zOpens, v.zToday);
    if( v.coversBallot ) html_raw(req, "<option value=\"\">the whole ballot</option>\n");
    for(int i=1; i<v.nRow; i++){
      html_printf(req, "<option value=\"%s\">%s (%s)</option>\n", v.aRow[i].zUnitCode,
                  v.aRow[i].zUnitName, v.aRow[i].zUnitCode);
    }
    html_raw(req, "</select></div>\n"
                  "<div><button class=\"primary\" type=\"submit\">Save the figure</button></div>\n"
                  "</form>\n");
  }
  html_end(req);
  turnout_view_clear(&v);
}

/*
** GET /api/v1/disputes/CODE/turnout
*/
void api_turnout(Req *req){
  TurnoutBallot b;
  TurnoutView v;
  if( turnout_load(req, &b, &v) ) return;
  json_t *p = turnout_view_json(&b, &v);
  json_object_set_new(p, "covers_ballot", json_boolean(v.coversBallot));
  turnout_view_clear(&v);
  http_json(req, 200, p);
}

/* Check and store the scrutineer's figure from the form. Reps may not; a
** unit must lie in the user's scope; the whole ballot's figure needs a
** scope holding every unit of the ballot. 0, or -1 after an error answer. */
static int turnout_update_save(Req *req){
  TurnoutBallot b;
  TurnoutView v;
  Unit unit;
  char zToday[11], *zErr = 0;
  const char *zUnit = req_arg(req, "unit");
  if( turnout_load(req, &b, &v) ) return -1;
  int covers = v.coversBallot;
  turnout_view_clear(&v);
  if( strcmp(req->user.zRole, ROLE_REP)==0 ){
    http_error(req, 403, "only a national officer or a branch secretary may enter the"
               " scrutineer's figures");
    return -1;
  }
  if( zUnit && gate_unit(req, zUnit, &unit) ) return -1;
  if( !zUnit && !covers ){
    http_error(req, 403, "the whole ballot's figure may be entered only by someone whose"
               " area holds the whole ballot; choose a workplace");
    return -1;
  }
  date_today(zToday);
  if( turnout_scrutineer_update(req->db, &b, zUnit, req_arg_int(req, "returned", 0),
                                req_arg(req, "on"), req->user.zUsername, zToday, &zErr) ){
    http_error(req, 400, "the figure was not saved: %s", zErr ? zErr : "store error");
    free(zErr);
    return -1;
  }
  return 0;
}

/*
** POST /disputes/CODE/turnout, then back to the page.
*/
void page_turnout_update(Req *req){
  if( turnout_update_save(req) ) return;
  http_redirect(req, req_mprintf(req, "/disputes/%s/turnout#update",
                                 html_url(req, req_arg(req, "code"))));
}

/*
** POST /api/v1/disputes/CODE/turnout: 201 {"ok":true}.
*/
void api_turnout_update(Req *req){
  if( turnout_update_save(req) ) return;
  http_json(req, 201, json_pack("{s:b}", "ok", 1));
}

/*************************** the public "I've posted" page ***************************/

/* The rate-limiter key of a link: unknown tokens count against the
** client's address (20 per 15 minutes, as failed logins do); the user
** half of the key is per token, so it never blocks anyone else. */
static const char *posted_key(Req *req, const char *zToken){
  return req_mprintf(req, "posted:%.16s", zToken ? zToken : "");
}

/* Refuse when the address has had too many unknown links. 0, or -1
** after a 429. */
static int posted_limited(Req *req, const char *zToken){
  int wait = ratelimit_check(req->pSrv->pLimit, posted_key(req, zToken), req->zClientIp,
                             (int64_t)time(0));
  if( wait<=0 ) return 0;
  char zWait[16];
  snprintf(zWait, sizeof zWait, "%d", wait);
  http_set_header(req, "Retry-After", zWait);
  http_error(req, 429, "too many unknown links from here; try again in %d minute%s",
             (wait+59)/60, (wait+59)/60==1 ? "" : "s");
  return -1;
}

/* A link that is not ours: count it, then 404. */
static void posted_unknown(Req *req, const char *zToken){
  ratelimit_fail(req->pSrv->pLimit, posted_key(req, zToken), req->zClientIp, (int64_t)time(0));
  http_error(req, 404, "this link is not known: check that it was copied whole from your"
             " email or text message");
}

/* The page: the first name, the ballot, and either the one button or the
** day the report was made. */
static void posted_render(Req *req, const char *zToken, const TurnoutPosted *p,
                          const char *zFormToken, const char *zNote){
  html_begin(req, "I've posted my vote");
  html_printf(req, "<h1>%s%s</h1>\n", p->zFirstName[0] ? "Hello, " : "Hello", p->zFirstName);
  html_printf(req, "<p>Your union's postal ballot: <strong>%s</strong>. Voting runs from %s"
              " to %s; the independent scrutineer must <em>receive</em> your paper by the"
              " close.</p>\n", p->zTitle, p->zOpens, p->zCloses);
  if( zNote ) html_printf(req, "<p class=\"warn\" role=\"status\">%s</p>\n", zNote);
  if( p->zPostedOn[0] ){
    html_printf(req, "<p class=\"ok\" role=\"status\"><strong>You told us you posted your"
                " vote on %s.</strong> Nothing more to do here.</p>\n", p->zPostedOn);
  }else{
    html_printf(req,
      "<p>Once your voting paper is in the post, press the button. We record only that"
      " you said so, and when; never how you voted, which only the scrutineer sees.</p>\n"
      "<form class=\"stack\" method=\"post\" action=\"/posted/%s\">\n"
      "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
      "<div><button class=\"primary\" type=\"submit\">I've posted my vote</button></div>\n"
      "</form>\n", html_url(req, zToken), zFormToken);
  }
  html_end(req);
}

/*
** GET /posted/TOKEN: no login. A fresh double-submit token goes in the
** same cookie the login form uses, as the gate checks it on the POST.
*/
void page_posted_form(Req *req){
  const char *zToken = req_arg(req, "token");
  TurnoutPosted p;
  if( posted_limited(req, zToken) ) return;
  int r = turnout_posted_lookup(req->db, zToken, &p);
  if( r<0 ){ http_error(req, 500, "cannot read the link from the database"); return; }
  if( r>0 ){ posted_unknown(req, zToken); return; }
  unsigned char aRand[32];
  char zForm[65];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zForm, sizeof zForm, aRand, sizeof aRand);
  http_set_cookie(req, LOGIN_COOKIE, zForm, 3600);
  posted_render(req, zToken, &p, zForm, 0);
}

/*
** POST /posted/TOKEN: record the report (once), then show the page again.
** The gate has checked the form token and the address's rate limit.
*/
void page_posted(Req *req){
  const char *zToken = req_arg(req, "token");
  char zToday[11];
  TurnoutPosted p;
  if( posted_limited(req, zToken) ) return;
  date_today(zToday);
  int r = turnout_posted_record(req->db, zToken, zToday, &p);
  if( r<0 ){ http_error(req, 500, "cannot record the report"); return; }
  if( r==1 ){ posted_unknown(req, zToken); return; }
  const char *zCookie = req_cookie(req, LOGIN_COOKIE);
  const char *zNote = 0;
  if( r==3 ){
    zNote = strcmp(zToday, p.zOpens)<0
      ? "Voting has not started yet: post your paper when it arrives, then come back."
      : "The ballot has closed, so nothing was recorded.";
    req->status = 409;
  }
  posted_render(req, zToken, &p, zCookie ? zCookie : "", zNote);
}
