/* page_reminders.c: the measured reminder waves of an online ballot on the
** web (docs/ballots.md, "Reminders, measured"): GET /ballots/CODE/reminders
** and its JSON twin /api/v1/ballots/CODE/reminders. Per wave, the turnout
** of the reminded and the held-out groups 1, 2, 3 and 7 days after, the
** difference with its 95% interval and a plain sentence, and a chart. An
** officer sees the whole ballot and the form that schedules a wave (POST
** /ballots/CODE/reminders), with whether this server is sending mail; a
** branch secretary the figures of their own units, no form; reps are sent
** to the turnout page. */
#include "pages.h"
#include "html.h"
#include "svg.h"
#include "../domain/ballot.h"
#include "../domain/dispatch.h"
#include "../domain/outbox.h"
#include "../domain/reminders.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the schedule form holds: the officer's input, or the defaults.
** Strings borrowed from the request. */
typedef struct WaveForm WaveForm;
struct WaveForm {
  const char *zChannel;       /* "email" or "sms" */
  const char *zSendAt;        /* YYYY-MM-DDTHH:MM (UTC) */
  const char *zHoldout;       /* per cent, as typed */
  const char *zSubject;       /* "" for the default */
  const char *zMessage;       /* the template */
  const char *zLinkBase;      /* https://HOST */
};

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

/* Whether the server is sending mail, in words, so that an officer knows
** whether a wave will go out at its time or wait in the outbox. */
static void mail_status_html(Req *req){
  OutboxConfig cfg;
  char *zErr = 0, zWhyEmail[300], zWhySms[300];
  if( outbox_config_load(req->db, &cfg, &zErr) ){
    html_printf(req, "<p class=\"notice\">The mail configuration cannot be read: %s.</p>\n", zErr);
    free(zErr);
    outbox_config_clear(&cfg);
    return;
  }
  int email = outbox_channel_ready(&cfg, "email", zWhyEmail, sizeof zWhyEmail);
  int sms = outbox_channel_ready(&cfg, "sms", zWhySms, sizeof zWhySms);
  outbox_config_clear(&cfg);
  if( !email && !sms ){
    html_printf(req, "<p class=\"notice\" id=\"mail-status\"><strong>This server is not sending mail:</strong>"
                " mail is not configured (%s). A wave is still queued at its time and waits in the outbox"
                " until mail is configured (<code>mandate mail config</code>, docs/mail.md).</p>\n", zWhyEmail);
    return;
  }
  int running = dispatch_sender_running(req->pSrv->zDbPath);
  const char *zWhat = email && sms ? "email and text messages" : email ? "email (text messages are not configured)"
                                                                     : "text messages (email is not configured)";
  if( running==1 ){
    html_printf(req, "<p id=\"mail-status\"><strong>This server sends %s:</strong> a wave goes out within"
                " seconds of its time.</p>\n", zWhat);
  }else{
    html_printf(req, "<p class=\"notice\" id=\"mail-status\"><strong>No sender is running</strong> (the"
                " server was started with <code>--no-send</code>?): %s is configured, but a wave will wait in"
                " the outbox until <code>mandate outbox send</code> runs.</p>\n", zWhat);
  }
}

/* The next whole hour after now, as the form's default send time. */
static void next_hour(char zOut[17]){
  char zNow[BALLOT_TIME];
  struct tm tm;
  ballot_now(zNow);
  memset(&tm, 0, sizeof tm);
  if( sscanf(zNow, "%4d-%2d-%2dT%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour)!=4 ){
    snprintf(zOut, 17, "%.16s", zNow);
    return;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_hour += 1;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(zOut, 17, "%Y-%m-%dT%H:%M", &tm);
}

/* The form that schedules a wave (national officers), with pF's values
** and, after a refusal, every reason (zErrors, one a line). */
static void wave_form_html(Req *req, const Ballot *pB, const WaveForm *pF, const char *zErrors){
  html_raw(req, "<h2 id=\"schedule\">Schedule a reminder wave</h2>\n");
  if( zErrors && zErrors[0] ){
    html_raw(req, "<div class=\"notice\" role=\"alert\" id=\"form-errors\"><p class=\"error\">The wave was not"
                  " scheduled:</p>\n<ul>\n");
    const char *z = zErrors;
    while( *z ){
      const char *zEol = strchr(z, '\n');
      size_t n = zEol ? (size_t)(zEol-z) : strlen(z);
      html_printf(req, "<li>%s</li>\n", req_mprintf(req, "%.*s", (int)n, z));
      z += n + (zEol ? 1 : 0);
    }
    html_raw(req, "</ul></div>\n");
  }
  int isSms = strcmp(pF->zChannel, "sms")==0;
  html_printf(req,
    "<form class=\"stack\" method=\"post\" action=\"/ballots/%s/reminders\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<div><label for=\"channel\">Send by</label><select id=\"channel\" name=\"channel\">"
    "<option value=\"email\"%s>email</option><option value=\"sms\"%s>text message</option></select></div>\n"
    "<div><label for=\"send_at\">Send at (UTC, while voting is open: %s to %s)</label>"
    "<input type=\"datetime-local\" id=\"send_at\" name=\"send_at\" value=\"%s\" required></div>\n"
    "<div><label for=\"holdout\">Hold out (per cent of recipients sent nothing, for comparison; 0 to %d)</label>"
    "<input type=\"number\" id=\"holdout\" name=\"holdout\" min=\"0\" max=\"%d\" step=\"1\" value=\"%s\" required></div>\n"
    "<div><label for=\"subject\">Subject (email only; empty: &#8220;Reminder: %s&#8221;)</label>"
    "<input type=\"text\" id=\"subject\" name=\"subject\" maxlength=\"200\" value=\"%s\"></div>\n"
    "<div><label for=\"message\">The message: it must hold {link} (the voting page) and may hold {first_name},"
    " {title}, {closes}. Never a voting code: the server has none.</label>"
    "<textarea id=\"message\" name=\"message\" rows=\"10\" maxlength=\"50000\" required>%s</textarea></div>\n"
    "<div><label for=\"link_base\">The union's web address (the link is this/vote/%s)</label>"
    "<input type=\"url\" id=\"link_base\" name=\"link_base\" maxlength=\"200\" value=\"%s\""
    " placeholder=\"https://union.example.org\" required></div>\n"
    "<div><button class=\"primary\" type=\"submit\">Schedule the wave</button></div>\n"
    "</form>\n",
    html_url(req, pB->zCode), req->zCsrf, isSms ? "" : " selected", isSms ? " selected" : "",
    pB->zOpens, pB->zCloses, pF->zSendAt, REMINDER_HOLDOUT_MAX, REMINDER_HOLDOUT_MAX, pF->zHoldout,
    pB->zTitle, pF->zSubject, pF->zMessage, pB->zCode, pF->zLinkBase);
}

/* The page: the mail status and the form (officers), the waves and their
** figures. With zErrors, a 400 that shows the form again with them. */
static void reminders_page(Req *req, const Ballot *pB, const ReminderResults *pRes, const WaveForm *pF,
                           const char *zErrors){
  const Ballot b = *pB;
  const ReminderResults res = *pRes;
  int isOfficer = strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0;
  html_begin(req, req_mprintf(req, "Reminders: %s", b.zTitle));
  if( zErrors ) req->status = 400;
  html_printf(req, "<h1>Reminders: %s</h1>\n<p><a href=\"/ballots/%s\">Turnout</a></p>\n", b.zTitle,
              html_url(req, b.zCode));
  if( !isOfficer ){
    html_printf(req, "<p class=\"muted\">Figures for %s only.</p>\n", req->scope.zName);
  }
  if( isOfficer ) mail_status_html(req);
  int nSent = 0, nScheduled = 0;
  for(int i=0; i<res.nWave; i++) if( res.aWave[i].zSentAt[0]==0 ) nScheduled++;
  if( nScheduled ){
    html_printf(req, "<h2>Scheduled</h2>\n<div class=\"table-wrap\"><table id=\"scheduled\">\n<caption>Waves"
                " still to go out (%d)</caption>\n<thead><tr><th scope=\"col\">Wave</th><th scope=\"col\">By</th>"
                "<th scope=\"col\">At (UTC)</th><th scope=\"col\">Held out</th></tr></thead>\n<tbody>\n", nScheduled);
    for(int i=0; i<res.nWave; i++){
      const ReminderWave *w = &res.aWave[i];
      if( w->zSentAt[0] ) continue;
      html_printf(req, "<tr><th scope=\"row\">Wave %d</th><td>%s</td><td>%s</td><td>%d%%</td></tr>\n", w->waveNo,
                  strcmp(w->zChannel, "sms")==0 ? "text message" : "email", w->zSendAt, w->holdoutPct);
    }
    html_raw(req, "</tbody></table></div>\n");
  }
  for(int i=0; i<res.nWave; i++){
    const ReminderWave *w = &res.aWave[i];
    if( w->zSentAt[0]==0 ) continue;
    nSent++;
    wave_html(req, w);
  }
  if( res.nWave==0 ){
    html_raw(req, isOfficer ? "<p>No reminder waves yet: schedule one below, or with <code>mandate remind"
                              " schedule</code> (docs/ballots.md).</p>\n"
                            : "<p>No reminder waves yet. An officer schedules them.</p>\n");
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
  if( isOfficer && !b.zClosedAt[0] ) wave_form_html(req, &b, pF, zErrors);
  html_end(req);
}

/* The form's defaults: email, the next hour, 10%, the default message,
** mail.link_base. */
static void wave_form_defaults(Req *req, WaveForm *pF){
  char zAt[17];
  OutboxConfig cfg;
  char *zErr = 0;
  next_hour(zAt);
  pF->zChannel = "email";
  pF->zSendAt = req_strdup(req, zAt);
  pF->zHoldout = req_mprintf(req, "%d", REMINDER_HOLDOUT_DEFAULT);
  pF->zSubject = "";
  pF->zMessage = reminder_default_template("email");
  pF->zLinkBase = "";
  if( outbox_config_load(req->db, &cfg, &zErr)==0 && cfg.zLinkBase ) pF->zLinkBase = req_strdup(req, cfg.zLinkBase);
  free(zErr);
  outbox_config_clear(&cfg);
}

/*
** GET /ballots/CODE/reminders
*/
void page_ballot_reminders(Req *req){
  Ballot b;
  ReminderResults res;
  WaveForm f;
  if( reminders_load(req, &b, &res) ) return;
  wave_form_defaults(req, &f);
  reminders_page(req, &b, &res, &f, 0);
  reminder_results_clear(&res);
}

/* z (borrowed) without carriage returns, in the request's memory. */
static const char *strip_cr(Req *req, const char *z){
  char *zOut = req_strdup(req, z ? z : "");
  char *p = zOut;
  for(const char *q = zOut; *q; q++) if( *q!='\r' ) *p++ = *q;
  *p = 0;
  return zOut;
}

/*
** POST /ballots/CODE/reminders: schedule a wave (national officers). A
** refusal shows the form again, 400, with every reason; success is a 303
** back to the page, which lists it.
*/
void page_ballot_reminders_schedule(Req *req){
  Ballot b;
  ReminderResults res;
  WaveForm f;
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)!=0 ){
    http_error(req, 403, "scheduling reminder waves is for national officers");
    return;
  }
  if( reminders_load(req, &b, &res) ) return;
  reminder_results_clear(&res);
  f.zChannel = req_arg(req, "channel") ? req_arg(req, "channel") : "";
  f.zSendAt = req_arg(req, "send_at") ? req_arg(req, "send_at") : "";
  f.zHoldout = req_arg(req, "holdout") ? req_arg(req, "holdout") : "";
  f.zSubject = req_arg(req, "subject") ? req_arg(req, "subject") : "";
  f.zMessage = strip_cr(req, req_arg(req, "message"));
  f.zLinkBase = req_arg(req, "link_base") ? req_arg(req, "link_base") : "";
  /* the hold-out as typed: a whole per cent ("10" or "10%"); anything
  ** else is out of range, and reminder_schedule says so with the rest */
  char *zEnd = 0;
  long pct = strtol(f.zHoldout, &zEnd, 10);
  if( zEnd==f.zHoldout || (*zEnd && strcmp(zEnd, "%")!=0) || pct<0 || pct>100 ) pct = -1;
  /* an unchanged default message follows the channel's default */
  int isDefault = strcmp(f.zMessage, reminder_default_template("email"))==0
               || strcmp(f.zMessage, reminder_default_template("sms"))==0;
  char zNow[BALLOT_TIME], *zErr = 0;
  int waveNo = 0;
  ballot_now(zNow);
  ReminderSpec spec = { f.zChannel, f.zSubject[0] ? f.zSubject : 0, isDefault ? 0 : f.zMessage,
                        f.zSendAt, f.zLinkBase, (int)pct, req->user.zUsername };
  if( reminder_schedule(req->db, &b, &spec, zNow, &waveNo, &zErr) ){
    if( reminder_results(req->db, &b, &req->scope, zNow, &res) ){
      free(zErr);
      http_error(req, 500, "cannot read the reminder waves");
      return;
    }
    reminders_page(req, &b, &res, &f, req_strdup(req, zErr));
    reminder_results_clear(&res);
    free(zErr);
    return;
  }
  http_redirect(req, req_mprintf(req, "/ballots/%s/reminders", html_url(req, b.zCode)));
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
