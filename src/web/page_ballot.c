/* page_ballot.c: online ballots on the web (docs/ballots.md): the public
** intake (POST /api/v1/ballots/CODE/cast: a ballot in hex or JSON, checked
** once, on the board and recorded before the tracker is returned), the
** live turnout by unit within the user's scope (/ballots/CODE, never
** content), and the lists of members who have not voted, with the reps'
** call outcomes and a cool-down (/ballots/CODE/not-voted). JSON twins
** under /api/v1/ballots. */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include "svg.h"
#include "../domain/ballot.h"
#include "../domain/ballot_outcome.h"
#include "../domain/delivery.h"
#include "../domain/users.h"
#include "../util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/************************ the intake ************************/

/* The rate-limiter key of a cast: failures count against the client's
** address (20 per 15 minutes, as failed logins do) and against the
** credential the body names (5), never against the ballot as a whole. */
static const char *cast_key(Req *req, const char *zHex){
  return req_mprintf(req, "cast:%.16s", zHex ? zHex : "");
}

/* The ballot's hex from the body: the hex itself (text/plain or no type),
** or {"ballot":"HEX"} (application/json). NULL after a 400/415. */
static const char *cast_body(Req *req){
  const char *zCt = req_header(req, "Content-Type");
  const char *z = buf_str(&req->body);
  if( zCt && strncasecmp(zCt, "application/json", 16)==0 ){
    json_error_t e;
    json_t *p = json_loadb(req->body.z ? req->body.z : "", req->body.n, 0, &e);
    const char *zHex = json_string_value(json_object_get(p, "ballot"));
    char *zCopy = req_strdup(req, zHex);
    json_decref(p);
    if( zCopy==0 ){
      http_error(req, 400, "send {\"ballot\": \"HEX\"}: the ballot's bytes in lowercase hex");
      return 0;
    }
    return zCopy;
  }
  if( zCt && strncasecmp(zCt, "text/plain", 10)!=0 && strncasecmp(zCt, "application/octet-stream", 24)!=0 ){
    http_error(req, 415, "send the ballot as text/plain (its bytes in lowercase hex) or as"
               " application/json {\"ballot\": \"HEX\"}");
    return 0;
  }
  char *zCopy = req_strdup(req, z);
  size_t n = strlen(zCopy);
  while( n>0 && (zCopy[n-1]=='\n' || zCopy[n-1]=='\r' || zCopy[n-1]==' ') ) zCopy[--n] = 0;
  return zCopy;
}

/*
** POST /api/v1/ballots/CODE/cast: public. 201 {"tracker",...} only once
** the ballot is on the board (fsync) and recorded.
*/
void api_ballot_cast(Req *req){
  const char *zCode = req_arg(req, "code");
  const char *zHex;
  Ballot b;
  BallotCast c;
  char zWhy[400];
  int64_t now = (int64_t)time(0);
  int r = ballot_load(req->db, zCode, &b);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return; }
  if( (zHex = cast_body(req))==0 ) return;
  int wait = ratelimit_check(req->pSrv->pLimit, cast_key(req, zHex), req->zClientIp, now);
  if( wait>0 ){
    char zWait[16];
    snprintf(zWait, sizeof zWait, "%d", wait);
    http_set_header(req, "Retry-After", zWait);
    http_error(req, 429, "too many refused ballots from here; try again in %d minute%s",
               (wait+59)/60, (wait+59)/60==1 ? "" : "s");
    return;
  }
  size_t nHex = strlen(zHex);
  unsigned char *a = 0;
  if( nHex==0 || nHex%2 || (a = xmalloc(nHex/2+1), board_unhex(a, nHex/2, zHex)) ){
    free(a);
    ratelimit_fail(req->pSrv->pLimit, cast_key(req, zHex), req->zClientIp, now);
    http_error(req, 400, "the body must be the ballot's bytes in lowercase hex (an even number of"
               " digits 0-9 a-f)");
    return;
  }
  BallotCastCode k = ballot_cast(req->db, req->pSrv->zDbPath, b.zCode, a, nHex/2, &c, zWhy, sizeof zWhy);
  free(a);
  switch( k ){
    case BALLOT_CAST_OK:
      http_json(req, 201, json_pack("{s:s,s:s,s:s,s:b,s:I,s:I,s:s}", "ballot", b.zCode, "tracker", c.zTracker,
                                    "received_at", c.zReceivedAt, "revote", c.revote,
                                    "board_offset", (json_int_t)c.offset, "weight", (json_int_t)c.weight,
                                    "note", c.revote ? "your new ballot replaces your earlier one: the last"
                                                       " ballot counts" : "your ballot is cast"));
      return;
    case BALLOT_CAST_NOT_OPEN:
      http_error(req, 403, "%s", zWhy);
      return;
    case BALLOT_CAST_ERROR:
      http_error(req, 503, "%s", zWhy);
      return;
    default:
      ratelimit_fail(req->pSrv->pLimit, cast_key(req, zHex), req->zClientIp, now);
      http_error(req, k==BALLOT_CAST_UNKNOWN ? 403 : k==BALLOT_CAST_REPLAY ? 409 : 400, "%s", zWhy);
      return;
  }
}

/************************ turnout ************************/

/* The ballot named by "code" and its turnout within the user's scope; a
** ballot with no voter in scope reads as unknown (404). 0, or -1 after
** an error answer. */
static int ballot_page_load(Req *req, Ballot *pB, BallotTurnout *pT, char *zNow){
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  memset(pT, 0, sizeof *pT);
  ballot_now(zNow);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r==0 ) r = ballot_turnout(req->db, pB, &req->scope, zNow, pT);
  if( r<0 ){ http_error(req, 500, "cannot compute the turnout"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  return 0;
}

static const char *state_words(const char *zState){
  if( strcmp(zState, "created")==0 ) return "created: waiting for the credential authority's credentials";
  if( strcmp(zState, "credentials")==0 ) return "credentials issued: voting has not opened yet";
  if( strcmp(zState, "open")==0 ) return "voting is open";
  if( strcmp(zState, "ended")==0 ) return "voting has ended: waiting for the close and the count";
  if( strcmp(zState, "closed")==0 ) return "closed: the trustees are decrypting the count";
  return "counted: the result is published";
}

/* The answers and their votes. */
static void result_answers_html(Req *req, const json_t *p){
  json_t *x;
  size_t i;
  int weighted = json_is_true(json_object_get(p, "weighted"));
  html_printf(req, "<table>\n<caption>Votes counted%s</caption>\n<thead><tr><th scope=\"col\">Answer</th>"
                "<th scope=\"col\">Votes%s</th></tr></thead>\n<tbody>\n",
              weighted ? " (weighted: each delegate's ballot counts their votes)" : "", weighted ? " (weighted)" : "");
  json_array_foreach(json_object_get(p, "answers"), i, x){
    html_printf(req, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>\n",
                json_string_value(json_object_get(x, "answer")),
                (long long)json_integer_value(json_object_get(x, "votes")));
  }
  html_raw(req, "</tbody></table>\n");
}

/* A verdict as a table: each rule met or missed, and by how many votes. */
static void verdict_html(Req *req, const json_t *v, const char *zKind, const char *zCaption){
  json_t *x;
  size_t i;
  int mandate = json_is_true(json_object_get(v, "mandate"));
  html_printf(req, "<p class=\"%s\"><strong>%s: %s.</strong></p>\n", mandate ? "ok" : "warn", zCaption,
              ballot_verdict_words(zKind, mandate));
  html_printf(req, "<div class=\"table-wrap\"><table>\n<caption>%s: each threshold</caption>\n<thead><tr>"
              "<th scope=\"col\">Rule</th><th scope=\"col\">Needed</th><th scope=\"col\">Got</th>"
              "<th scope=\"col\">Met?</th><th scope=\"col\">By</th></tr></thead>\n<tbody>\n", zCaption);
  json_array_foreach(json_object_get(v, "rules"), i, x){
    long long m = (long long)json_integer_value(json_object_get(x, "margin"));
    int met = json_is_true(json_object_get(x, "met"));
    html_printf(req, "<tr><th scope=\"row\">%s <span class=\"muted\">%s</span></th>"
                "<td>%s %.1f%% of %s (%lld votes)</td><td>%.1f%% (%lld votes)</td><td>%s</td>"
                "<td>%s</td></tr>\n",
                json_string_value(json_object_get(x, "title")), json_string_value(json_object_get(x, "section")),
                json_string_value(json_object_get(x, "comparison")), json_number_value(json_object_get(x, "required")),
                json_string_value(json_object_get(x, "of")), (long long)json_integer_value(json_object_get(x, "required_votes")),
                json_number_value(json_object_get(x, "value")), (long long)json_integer_value(json_object_get(x, "value_votes")),
                met ? "met" : "missed",
                met ? req_mprintf(req, "%lld vote%s to spare", m, m==1 ? "" : "s")
                    : req_mprintf(req, "%lld vote%s short", -m, m==-1 ? "" : "s"));
  }
  html_raw(req, "</tbody></table></div>\n");
  json_array_foreach(json_object_get(v, "notes"), i, x){
    html_printf(req, "<p class=\"muted\">%s</p>\n", json_string_value(x));
  }
}

/* The published result, in short, on the ballot's page. */
static void ballot_result_html(Req *req, const Ballot *pB){
  json_t *p = ballot_result_json(req->db, pB), *v;
  if( p==0 ) return;
  html_raw(req, "<h2>Result</h2>\n");
  result_answers_html(req, p);
  if( (v = json_object_get(p, "verdict"))!=0 ){
    html_printf(req, "<p class=\"%s\"><strong>Under %s: %s.</strong></p>\n",
                json_is_true(json_object_get(v, "mandate")) ? "ok" : "warn", pB->zRegime,
                ballot_verdict_words(pB->zKind, json_is_true(json_object_get(v, "mandate"))));
  }
  html_printf(req, "<p><a href=\"/ballots/%s/result\">The full result: every threshold, the other"
              " regimes, and where a mandate could be won</a></p>\n", html_url(req, pB->zCode));
  html_printf(req, "<p class=\"muted\">Anyone can re-check the count: <code>mandate verify"
              " %s</code> on the published board.</p>\n", pB->zCode);
  json_decref(p);
}

/* The breakdown by workplace bucket and the ranked "where" table. */
static void result_where_html(Req *req, const json_t *p){
  json_t *x;
  size_t i;
  const json_t *aW = json_object_get(p, "where");
  if( json_array_size(aW)==0 ) return;
  html_raw(req, "<h2>Where could a mandate be won?</h2>\n<p>Each workplace judged as if it had been"
                " balloted on its own, under the ballot's regime, best placed first. Workplaces"
                " with too few votes to be shown alone are merged, never shown apart.</p>\n"
                "<div class=\"table-wrap\"><table>\n<caption>Workplaces ranked by how close they are to a"
                " mandate</caption>\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Workplace</th>"
                "<th scope=\"col\">Voted</th><th scope=\"col\">Turnout</th><th scope=\"col\">Yes</th>"
                "<th scope=\"col\">On its own</th><th scope=\"col\">More voters needed</th></tr></thead>\n<tbody>\n");
  json_array_foreach(aW, i, x){
    const json_t *pNeed = json_object_get(x, "more_voters_needed");
    html_printf(req, "<tr><td>%zu</td><th scope=\"row\">%s</th><td>%lld of %lld</td><td>%.1f%%</td><td>%lld</td>"
                "<td>%s</td><td>%s</td></tr>\n", i+1, json_string_value(json_object_get(x, "label")),
                (long long)json_integer_value(json_object_get(x, "counted")),
                (long long)json_integer_value(json_object_get(x, "entitled")),
                json_number_value(json_object_get(x, "turnout_pct")),
                (long long)json_integer_value(json_object_get(x, "yes")),
                json_is_true(json_object_get(x, "mandate")) ? "would pass" : "would not pass",
                json_is_null(pNeed) ? "out of reach"
                  : json_integer_value(pNeed)==0 ? "none"
                  : req_mprintf(req, "%lld", (long long)json_integer_value(pNeed)));
  }
  html_raw(req, "</tbody></table></div>\n<p class=\"muted\">More voters needed: the fewest more members who"
                " would have had to vote, and vote yes, for the workplace to pass on its own.</p>\n");
}

/* The ballot of a result request, in scope. 0, or -1 after an error. */
static int result_load(Req *req, Ballot *pB){
  BallotTurnout t;
  char zNow[BALLOT_TIME];
  if( ballot_page_load(req, pB, &t, zNow) ) return -1;
  ballot_turnout_clear(&t);
  return 0;
}

/*
** GET /ballots/CODE/result
*/
void page_ballot_result(Req *req){
  Ballot b;
  json_t *p, *v, *x;
  size_t i;
  if( result_load(req, &b) ) return;
  html_begin(req, req_mprintf(req, "Result: %s", b.zTitle));
  html_printf(req, "<h1>Result: %s</h1>\n<p class=\"muted\"><a href=\"/ballots/%s\">Ballot %s</a>"
              " \xC2\xB7 regime %s</p>\n", b.zTitle, html_url(req, b.zCode), b.zCode, b.zRegime);
  if( (p = ballot_result_json(req->db, &b))==0 ){
    html_raw(req, "<p>No result yet: the count is published once the ballot is closed and enough"
                  " trustees have decrypted it.</p>\n");
    html_end(req);
    return;
  }
  if( json_is_true(json_object_get(p, "weighted")) ){
    html_printf(req, "<dl class=\"facts\">\n<dt>Question</dt><dd>%s</dd>\n"
                "<dt>A delegate conference</dt><dd>%lld of %lld delegates voted; each delegate's ballot counts"
                " their published weight</dd>\n<dt>Votes (weighted) entitled</dt><dd>%lld</dd>\n"
                "<dt>Votes (weighted) counted</dt><dd>%lld (turnout %.1f%% of the votes; %lld ballots cast,"
                " a delegate's last one counts)</dd>\n</dl>\n",
                b.zQuestion, (long long)json_integer_value(json_object_get(p, "delegates_voted")),
                (long long)json_integer_value(json_object_get(p, "delegates_entitled")),
                (long long)json_integer_value(json_object_get(p, "entitled")),
                (long long)json_integer_value(json_object_get(p, "counted")),
                json_number_value(json_object_get(p, "turnout_pct")),
                (long long)json_integer_value(json_object_get(p, "cast")));
  }else{
    html_printf(req, "<dl class=\"facts\">\n<dt>Question</dt><dd>%s</dd>\n<dt>Entitled to vote</dt><dd>%lld</dd>\n"
                "<dt>Counted</dt><dd>%lld (turnout %.1f%%; %lld ballots cast, a member's last one counts)</dd>\n</dl>\n",
                b.zQuestion, (long long)json_integer_value(json_object_get(p, "entitled")),
                (long long)json_integer_value(json_object_get(p, "counted")),
                json_number_value(json_object_get(p, "turnout_pct")),
                (long long)json_integer_value(json_object_get(p, "cast")));
  }
  result_answers_html(req, p);
  if( (v = json_object_get(p, "verdict"))!=0 ){
    const json_t *pNeed = json_object_get(p, "more_voters_needed");
    html_raw(req, "<h2>The outcome under the law</h2>\n");
    verdict_html(req, v, b.zKind, req_mprintf(req, "Under %s, this ballot's regime", b.zRegime));
    if( json_is_integer(pNeed) && json_integer_value(pNeed)>0 ){
      html_printf(req, "<p>%lld more %s voting yes would have made it a mandate.</p>\n",
                  (long long)json_integer_value(pNeed), b.weighted ? "votes (weighted)" : "members");
    }
    json_array_foreach(json_object_get(p, "regimes"), i, x){
      if( json_is_true(json_object_get(x, "own")) ) continue;
      const char *zId = json_string_value(json_object_get(x, "regime"));
      html_printf(req, "<h3>Alongside: under %s</h3>\n", zId);
      if( json_object_get(x, "rules") ) verdict_html(req, x, b.zKind, req_mprintf(req, "Under %s", zId));
      else html_printf(req, "<p class=\"muted\">%s</p>\n", json_string_value(json_object_get(x, "note")));
    }
  }else{
    html_printf(req, "<p class=\"muted\">%s</p>\n", json_string_value(json_object_get(p, "verdict_note")));
  }
  result_where_html(req, p);
  html_printf(req, "<p class=\"muted\">Anyone can re-check the count: <code>mandate verify"
              " %s</code> on the published board.</p>\n", b.zCode);
  json_decref(p);
  html_end(req);
}

/*
** GET /api/v1/ballots/CODE/result
*/
void api_ballot_result(Req *req){
  Ballot b;
  json_t *p;
  if( result_load(req, &b) ) return;
  if( (p = ballot_result_json(req->db, &b))==0 ){
    http_error(req, 404, "ballot %s has no result yet: it is published once the trustees have decrypted the count", b.zCode);
    return;
  }
  http_json(req, 200, p);
}

/*
** GET /ballots/CODE
*/
void page_ballot(Req *req){
  Ballot b;
  BallotTurnout t;
  char zNow[BALLOT_TIME];
  if( ballot_page_load(req, &b, &t, zNow) ) return;
  const BallotTurnoutRow *pTop = &t.aRow[0];
  html_begin(req, req_mprintf(req, "Ballot: %s", b.zTitle));
  html_printf(req, "<h1>%s</h1>\n<p class=\"muted\">Ballot %s \xC2\xB7 %s \xC2\xB7 regime %s</p>\n",
              b.zTitle, b.zCode, b.zKind, b.zRegime);
  html_printf(req, "<dl class=\"facts\">\n<dt>Question</dt><dd>%s</dd>\n"
              "<dt>Voting</dt><dd>%s to %s (now %s)</dd>\n<dt>State</dt><dd>%s</dd>\n"
              "<dt>Voted in %s</dt><dd>%lld of %lld%s (%.1f%%)</dd>\n",
              b.zQuestion, b.zOpens, b.zCloses, zNow, state_words(ballot_state(&b, zNow)),
              pTop->zName, (long long)pTop->nVoted, (long long)pTop->nVoter, b.weighted ? " delegates" : "", pTop->pct);
  if( b.weighted ){
    html_printf(req, "<dt>Votes represented</dt><dd>%lld of %lld votes (%.1f%%): a delegate conference,"
                " each delegate's ballot counting their weight</dd>\n",
                (long long)pTop->nWeightVoted, (long long)pTop->nWeight, pTop->weightPct);
  }
  html_raw(req, "</dl>\n");
  if( b.hasResult ) ballot_result_html(req, &b);
  ballot_officer_steps(req, &b, zNow);
  if( t.nPoint>0 ){
    double *aV = xcalloc((size_t)t.nPoint, sizeof(double));
    for(int i=0; i<t.nPoint; i++) aV[i] = (double)t.aPoint[i].nVoted;
    SvgSeries s = { req_mprintf(req, "members who have voted, %s", pTop->zName), aV, t.nPoint };
    svg_line_chart(req, req_mprintf(req, "Turnout by %s since voting opened: %s",
                                    t.byDay ? "day" : "hour", pTop->zName),
                   t.byDay ? "day" : "hour", "", &s, 1);
    free(aV);
  }
  {
    int nBar = 0;
    SvgBar *aBar = xcalloc((size_t)t.nRow, sizeof *aBar);
    for(int i=1; i<t.nRow; i++){
      if( t.aRow[i].depth!=1 ) continue;
      aBar[nBar].zLabel = t.aRow[i].zName;
      aBar[nBar++].value = t.aRow[i].pct;
    }
    if( nBar ) svg_bar_chart(req, "Turnout by unit, one level down", "%", aBar, nBar);
    free(aBar);
  }
  html_raw(req, "<h2>By unit</h2>\n<p class=\"scroll-hint\">Scroll the table sideways for more"
                " columns.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
                "<th scope=\"col\">Unit</th><th scope=\"col\">Voters</th>"
                "<th scope=\"col\">Voted</th><th scope=\"col\">Turnout</th>");
  if( b.weighted ){
    html_raw(req, "<th scope=\"col\">Votes held</th><th scope=\"col\">Votes represented</th>"
                  "<th scope=\"col\">Of the votes</th>");
  }
  html_raw(req, "<th scope=\"col\">Not voted</th></tr></thead>\n<tbody>\n");
  for(int i=0; i<t.nRow; i++){
    const BallotTurnoutRow *q = &t.aRow[i];
    html_printf(req, "<tr class=\"depth-%d\"><th scope=\"row\">%s \xC2\xB7 %s</th><td>%lld</td><td>%lld</td><td>%.1f%%</td>",
                q->depth > 4 ? 4 : q->depth, q->zName, q->zCode, (long long)q->nVoter, (long long)q->nVoted, q->pct);
    if( b.weighted ){
      html_printf(req, "<td>%lld</td><td>%lld</td><td>%.1f%%</td>", (long long)q->nWeight,
                  (long long)q->nWeightVoted, q->weightPct);
    }
    html_printf(req, "<td><a href=\"/ballots/%s/not-voted?unit=%s\">%lld to contact</a></td></tr>\n",
                html_url(req, b.zCode), html_url(req, q->zCode), (long long)(q->nVoter - q->nVoted));
  }
  html_raw(req, "</tbody></table></div>\n"
    "<p class=\"muted\">Who has voted, never how: ballots are encrypted on the member's device"
    " and only the trustees together can open the count. A member who votes again is counted"
    " once.</p>\n");
  html_printf(req, "<p><a href=\"/ballots/%s/delivery\">Voting codes: did they arrive?</a></p>\n", html_url(req, b.zCode));   /* page_delivery.c */
  if( strcmp(req->user.zRole, ROLE_REP)!=0 ){   /* page_reminders.c */
    html_printf(req, "<p><a href=\"/ballots/%s/reminders\">Reminders: did they raise turnout?</a></p>\n",
                html_url(req, b.zCode));
  }
  html_end(req);
  ballot_turnout_clear(&t);
}

/*
** GET /api/v1/ballots/CODE
*/
void api_ballot(Req *req){
  Ballot b;
  BallotTurnout t;
  char zNow[BALLOT_TIME];
  if( ballot_page_load(req, &b, &t, zNow) ) return;
  json_t *p = ballot_turnout_json(&b, &t, zNow);
  json_t *pRes = b.hasResult ? ballot_result_json(req->db, &b) : 0;
  json_object_set_new(p, "result", pRes ? pRes : json_null());
  ballot_turnout_clear(&t);
  http_json(req, 200, p);
}

/* The ballots that have a voter in the user's scope. New reference. */
static json_t *ballot_list_scoped(Req *req){
  json_t *a = ballot_list_json(req->db), *out = json_array(), *x;
  size_t i;
  char zNow[BALLOT_TIME];
  ballot_now(zNow);
  json_array_foreach(a, i, x){
    Ballot b;
    BallotTurnout t;
    if( ballot_load(req->db, json_string_value(json_object_get(x, "code")), &b) ) continue;
    if( ballot_turnout(req->db, &b, &req->scope, zNow, &t)==0 ){
      json_object_set_new(x, "voters_in_scope", json_integer((json_int_t)t.aRow[0].nVoter));
      json_object_set_new(x, "voted_in_scope", json_integer((json_int_t)t.aRow[0].nVoted));
      json_array_append(out, x);
      ballot_turnout_clear(&t);
    }
  }
  json_decref(a);
  return out;
}

/*
** GET /ballots
*/
void page_ballots(Req *req){
  json_t *a = ballot_list_scoped(req), *x;
  size_t i;
  html_begin(req, "Ballots");
  html_raw(req, "<h1>Online ballots</h1>\n");
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ){
    html_raw(req, "<p><a class=\"button\" href=\"/ballots/new\">Create a ballot</a></p>\n");
  }
  if( json_array_size(a)==0 ){
    html_raw(req, "<p>No ballot has voters in your area. A national officer creates one here or with"
                  " <code>mandate ballot create</code> (docs/ballots.md).</p>\n");
  }else{
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Ballot</th>"
                  "<th scope=\"col\">State</th><th scope=\"col\">Voting</th>"
                  "<th scope=\"col\">Voted in your area</th></tr></thead>\n<tbody>\n");
    json_array_foreach(a, i, x){
      const char *zCode = json_string_value(json_object_get(x, "code"));
      json_int_t nV = json_integer_value(json_object_get(x, "voters_in_scope"));
      json_int_t nD = json_integer_value(json_object_get(x, "voted_in_scope"));
      html_printf(req, "<tr><th scope=\"row\"><a href=\"/ballots/%s\">%s</a></th><td>%s</td>"
                  "<td>%s to %s</td><td>%lld of %lld</td></tr>\n", html_url(req, zCode),
                  json_string_value(json_object_get(x, "title")), json_string_value(json_object_get(x, "state")),
                  json_string_value(json_object_get(x, "opens")), json_string_value(json_object_get(x, "closes")),
                  (long long)nD, (long long)nV);
    }
    html_raw(req, "</tbody></table></div>\n");
  }
  html_end(req);
  json_decref(a);
}

/*
** GET /api/v1/ballots
*/
void api_ballots(Req *req){
  http_json(req, 200, ballot_list_scoped(req));
}

/************************ who has not voted ************************/

/* The ballot and the unit (default: the user's scope) of a not-voted
** request, both within scope. 0, or -1 after an error answer. */
static int not_voted_load(Req *req, Ballot *pB, Unit *pUnit){
  BallotTurnout t;
  char zNow[BALLOT_TIME];
  if( ballot_page_load(req, pB, &t, zNow) ) return -1;
  ballot_turnout_clear(&t);
  const char *zUnit = req_arg(req, "unit");
  if( zUnit==0 ){ *pUnit = req->scope; return 0; }
  return gate_unit(req, zUnit, pUnit);
}

static const char *outcome_words(const char *z){
  if( strcmp(z, "spoke")==0 ) return "spoke to them";
  if( strcmp(z, "will_vote")==0 ) return "says they will vote";
  if( strcmp(z, "no_answer")==0 ) return "no answer";
  if( strcmp(z, "left_message")==0 ) return "left a message";
  if( strcmp(z, "wrong_number")==0 ) return "wrong number";
  return z;
}

/*
** GET /ballots/CODE/not-voted?unit=U
*/
void page_ballot_not_voted(Req *req){
  Ballot b;
  Unit u;
  BallotNotVotedList l;
  char zNow[BALLOT_TIME];
  if( not_voted_load(req, &b, &u) ) return;
  ballot_now(zNow);
  if( ballot_not_voted(req->db, &b, &u, zNow, BALLOT_COOLDOWN_DAYS, &l) ){
    http_error(req, 500, "cannot read who has voted");
    return;
  }
  html_begin(req, req_mprintf(req, "Not voted yet: %s", u.zName));
  html_printf(req, "<h1>Not voted yet: %s</h1>\n<p class=\"muted\"><a href=\"/ballots/%s\">%s</a>"
              " \xC2\xB7 %lld of %lld members here have not voted; %lld are due a call.</p>\n",
              u.zName, html_url(req, b.zCode), b.zTitle, (long long)l.nNotVoted, (long long)l.nVoter,
              (long long)l.nDue);
  html_printf(req, "<p>Call those due, record what happened, and they drop off the list for %d days"
              " (or for good once they vote). Never ask anyone how they voted.</p>\n", BALLOT_COOLDOWN_DAYS);
  if( l.n==0 ){
    html_raw(req, "<p class=\"ok\">Everyone here has voted.</p>\n");
  }else{
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Member</th>"
                  "<th scope=\"col\">Workplace</th><th scope=\"col\">Mobile</th>"
                  "<th scope=\"col\">Last call</th><th scope=\"col\">Record a call</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<l.n; i++){
      const BallotNotVoted *q = &l.a[i];
      int dlv = delivery_member_bucket(req->db, &b, q->zNumber);   /* delivery.h: did their code arrive? */
      html_printf(req, "<tr><th scope=\"row\">%s %s <span class=\"muted\">%s</span>%s</th><td>%s</td><td>%s</td>",
                  q->zFirstName, q->zLastName, q->zNumber,
                  dlv==DLV_BOUNCED ? " (code bounced: check their address)" : dlv==DLV_FAILED ? " (code failed: check their address)" : "",
                  q->zWorkplaceName, q->zMobile[0] ? q->zMobile : "\xE2\x80\x94");
      if( q->zLastContact[0] ){
        html_printf(req, "<td>%.10s: %s%s</td>", q->zLastContact, outcome_words(q->zLastOutcome),
                    q->zDueFrom[0] ? req_mprintf(req, " (due again %.10s)", q->zDueFrom) : "");
      }else{
        html_raw(req, "<td>not called</td>");
      }
      html_printf(req, "<td><form method=\"post\" action=\"/ballots/%s/not-voted\">"
                  "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                  "<input type=\"hidden\" name=\"number\" value=\"%s\">"
                  "<input type=\"hidden\" name=\"unit\" value=\"%s\">"
                  "<select name=\"outcome\" aria-label=\"Outcome of the call to %s %s\">"
                  "<option value=\"spoke\">spoke to them</option>"
                  "<option value=\"will_vote\">says they will vote</option>"
                  "<option value=\"no_answer\">no answer</option>"
                  "<option value=\"left_message\">left a message</option>"
                  "<option value=\"wrong_number\">wrong number</option></select> "
                  "<button type=\"submit\">Save</button></form></td></tr>\n",
                  html_url(req, b.zCode), req->zCsrf, q->zNumber, u.zCode, q->zFirstName, q->zLastName);
    }
    html_raw(req, "</tbody></table></div>\n");
    if( l.nNotVoted > l.n ){
      html_printf(req, "<p class=\"muted\">The first %d are shown; pick a workplace for the rest.</p>\n", l.n);
    }
  }
  html_end(req);
  ballot_not_voted_clear(&l);
}

/*
** GET /api/v1/ballots/CODE/not-voted?unit=U
*/
void api_ballot_not_voted(Req *req){
  Ballot b;
  Unit u;
  BallotNotVotedList l;
  char zNow[BALLOT_TIME];
  if( not_voted_load(req, &b, &u) ) return;
  ballot_now(zNow);
  if( ballot_not_voted(req->db, &b, &u, zNow, BALLOT_COOLDOWN_DAYS, &l) ){
    http_error(req, 500, "cannot read who has voted");
    return;
  }
  json_t *p = ballot_not_voted_json(&l);
  json_object_set_new(p, "ballot", json_string(b.zCode));
  json_object_set_new(p, "unit", json_string(u.zCode));
  json_object_set_new(p, "cool_down_days", json_integer(BALLOT_COOLDOWN_DAYS));
  ballot_not_voted_clear(&l);
  http_json(req, 200, p);
}

/* Record a call from the form: the member must be in scope and a voter
** of the ballot. 0, or -1 after an error answer. */
static int contact_save(Req *req, Ballot *pB){
  Unit u;
  Member m;
  char zNow[BALLOT_TIME], *zErr = 0;
  if( not_voted_load(req, pB, &u) ) return -1;
  if( gate_member(req, req_arg(req, "number"), &m) ) return -1;
  ballot_now(zNow);
  int r = ballot_contact_add(req->db, pB, m.zNumber, req_arg(req, "outcome"), req->user.zUsername, zNow, &zErr);
  if( r<0 ){
    int bad = strncmp(zErr ? zErr : "", "the outcome", 11)==0;
    http_error(req, bad ? 400 : 500, "%s", bad ? zErr : "cannot record the call");
    free(zErr);
    return -1;
  }
  if( r>0 ){ http_error(req, 404, "there is no member with that number in this ballot"); return -1; }
  return 0;
}

/*
** POST /ballots/CODE/not-voted
*/
void page_ballot_contact(Req *req){
  Ballot b;
  if( contact_save(req, &b) ) return;
  const char *zUnit = req_arg(req, "unit");
  http_redirect(req, req_mprintf(req, "/ballots/%s/not-voted%s%s", html_url(req, b.zCode),
                                 zUnit ? "?unit=" : "", zUnit ? html_url(req, zUnit) : ""));
}

/*
** POST /api/v1/ballots/CODE/not-voted: 201 {"ok":true}.
*/
void api_ballot_contact(Req *req){
  Ballot b;
  if( contact_save(req, &b) ) return;
  http_json(req, 201, json_pack("{s:b}", "ok", 1));
}
