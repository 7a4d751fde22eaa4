/* page_reminders.c: the measured reminder waves of an online ballot on the
** web (docs/ballots.md, "Reminders, measured"): GET /ballots/CODE/reminders
** and its JSON twin /api/v1/ballots/CODE/reminders. Per wave, the turnout
** of the reminded and the held-out groups 1, 2, 3 and 7 days after, the
** difference with its 95% interval and a plain sentence, and a chart. An
** officer sees the whole ballot; a branch secretary the figures of their
** own units; reps are sent to the turnout page. */
#include "pages.h"
#include "html.h"
#include "svg.h"
#include "../domain/ballot.h"
#include "../domain/reminders.h"
#include <stdio.h>
#include <string.h>

/* The ballot and its waves within the user's scope. A ballot with no voter
** in scope reads as unknown (404); reps get 403. 0, or -1 after an error. */
static int reminders_load(Req *req, Ballot *pB, ReminderResults *pRes){
  BallotTurnout t;
  char zNow[BALLOT_TIME];
  memset(pRes, 0, sizeof *pRes);
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)!=0 && strcmp(req->user.zRole, ROLE_BRANCH_SECRETARY)!=0 ){
    http_error(req, 403, "the reminders' results are for officers and branch secretaries; the turnout"
               " and the not-voted lists are on the ballot's page");
    return -1;
  }
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  ballot_now(zNow);
  if( r==0 ){
    r = ballot_turnout(req->db, pB, &req->scope, zNow, &t);
    if( r==0 ) ballot_turnout_clear(&t);
  }
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  if( reminder_results(req->db, pB, &req->scope, zNow, pRes) ){
    http_error(req, 500, "cannot read the reminder waves");
    return -1;
  }
  return 0;
}

/* One sent wave: its table and chart. */
static void wave_html(Req *req, const ReminderWave *w){
  SvgBar aBar[2*REMINDER_NDAY];
  int nBar = 0;
  html_printf(req, "<h2>Wave %d: %s, sent %s</h2>\n", w->waveNo, strcmp(w->zChannel, "sms")==0 ? "text message" : "email",
              w->zSentAt);
  html_printf(req, "<p>%d%% of the members it was due to reach were held out at random and sent"
              " nothing, so that their turnout shows what would have happened without it.</p>\n",
              w->holdoutPct);
  html_printf(req, "<div class=\"table-wrap\"><table>\n<caption>Wave %d: turnout of the reminded and the"
              " held out</caption>\n<thead><tr><th scope=\"col\">After</th><th scope=\"col\">Reminded: voted</th>"
              "<th scope=\"col\">Held out: voted</th><th scope=\"col\">Difference (95%% interval)</th>"
              "</tr></thead>\n<tbody>\n", w->waveNo);
  for(int d=0; d<REMINDER_NDAY; d++){
    const ReminderDay *q = &w->aDay[d];
    char zS[200];
    if( q->hasDiff ) reminder_sentence(&q->d, zS, sizeof zS);
    else snprintf(zS, sizeof zS, "no difference can be given: a group is empty");
    html_printf(req, "<tr><th scope=\"row\">%d day%s%s</th><td>%lld of %lld%s</td>"
                "<td>%lld of %lld%s</td><td>%s</td></tr>\n", q->days, q->days==1 ? "" : "s",
                q->pending ? " (so far)" : "",
                (long long)q->xReminded, (long long)q->nReminded,
                q->nReminded ? req_mprintf(req, " (%.1f%%)", 100.0*(double)q->xReminded/(double)q->nReminded) : "",
                (long long)q->xHeld, (long long)q->nHeld,
                q->nHeld ? req_mprintf(req, " (%.1f%%)", 100.0*(double)q->xHeld/(double)q->nHeld) : "", zS);
    if( q->hasDiff ){
      aBar[nBar++] = (SvgBar){ req_mprintf(req, "after %d day%s: reminded", q->days, q->days==1 ? "" : "s"), 100*q->d.p1 };
      aBar[nBar++] = (SvgBar){ req_mprintf(req, "after %d day%s: held out", q->days, q->days==1 ? "" : "s"), 100*q->d.p0 };
    }
  }
  html_raw(req, "</tbody></table></div>\n");
  if( nBar ) svg_bar_chart(req, req_mprintf(req, "Wave %d: turnout, reminded and held out", w->waveNo), "%", aBar, nBar);
}

/*
** GET /ballots/CODE/reminders
*/
void page_ballot_reminders(Req *req){
  Ballot b;
  ReminderResults res;
  if( reminders_load(req, &b, &res) ) return;
  html_begin(req, req_mprintf(req, "Reminders: %s", b.zTitle));
  html_printf(req, "<h1>Reminders: %s</h1>\n<p><a href=\"/ballots/%s\">Turnout</a></p>\n", b.zTitle,
              html_url(req, b.zCode));
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)!=0 ){
    html_printf(req, "<p class=\"muted\">Figures for %s only.</p>\n", req->scope.zName);
  }
  int nSent = 0;
  for(int i=0; i<res.nWave; i++){
    const ReminderWave *w = &res.aWave[i];
    if( w->zSentAt[0]==0 ){
      html_printf(req, "<p>Wave %d (%s) is scheduled for %s.</p>\n", w->waveNo, w->zChannel, w->zSendAt);
      continue;
    }
    nSent++;
    wave_html(req, w);
  }
  if( res.nWave==0 ){
    html_raw(req, "<p>No reminder waves yet. An officer schedules one with <code>mandate remind"
                  " schedule</code> (docs/ballots.md).</p>\n");
  }
  if( nSent ){
    html_raw(req, "<h2>Reading these figures honestly</h2>\n<ul>\n"
      "<li>The held-out group is small: its turnout is uncertain, and the interval says how much."
      " When the interval includes zero, the wave may have made no difference.</li>\n"
      "<li>Figures for a branch are smaller groups still: wider intervals. Judge a wave on the"
      " whole ballot first.</li>\n"
      "<li>With several waves, a member held out of one may be reminded by the next: from the"
      " second wave on, each wave's difference is on top of the waves before it, and the 7-day"
      " figures overlap later waves.</li>\n"
      "<li>Many intervals at 95%: about one in twenty will miss the truth by chance.</li>\n</ul>\n");
  }
  html_end(req);
  reminder_results_clear(&res);
}

/*
** GET /api/v1/ballots/CODE/reminders
*/
void api_ballot_reminders(Req *req){
  Ballot b;
  ReminderResults res;
  if( reminders_load(req, &b, &res) ) return;
  json_t *p = reminder_results_json(&b, &res);
  json_object_set_new(p, "scope", json_string(req->scope.zCode));
  reminder_results_clear(&res);
  http_json(req, 200, p);
}
