/* page_delivery.c: did the voting codes arrive? (docs/ballots.md). The
** delivery page of a ballot, GET /ballots/CODE/delivery, and its JSON twin:
** counts per unit within the user's scope (sent, re-sent, printed, queued,
** bounced, failed, no report) and the members whose code did not arrive,
** with what to do. Officers import the credential authority's delivery
** report from a textarea (POST, CSRF as every form) and download the
** members' requests for their code again (resend-requests.csv). And the
** member's side: the "Lost your voting code?" form on the voting page and
** its public POST /vote/CODE/resend, which answers the same whether or not
** the address is known. */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include "../domain/ballot.h"
#include "../domain/delivery.h"
#include "../domain/users.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOGIN_COOKIE "mandate_login"   /* the double-submit form token (page_login.c) */
#define RESEND_MAX_PER_WINDOW 5       /* requests per client address per RL_WINDOW (ratelimit.h) */

static int is_officer(Req *req){
  return strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0;
}

/* The ballot named by "code" and its delivery within the user's scope; a
** ballot with no voter in scope reads as unknown (404). 0, or -1 after an
** error answer. */
static int delivery_load(Req *req, Ballot *pB, DeliverySummary *pS){
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  memset(pS, 0, sizeof *pS);
  if( r==0 ) r = delivery_summary(req->db, pB, &req->scope, pS);
  if( r<0 ){ http_error(req, 500, "cannot read the delivery of the voting codes"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  return 0;
}

/* What to do about one member whose code did not arrive. */
static const char *missing_advice(const DeliveryMissing *q){
  if( q->bucket==DLV_NO_REPORT ){
    return "the authority has not reported on this code yet; if the next report still has"
           " nothing, ask the officer to check with the authority";
  }
  if( strcmp(q->zChannel, "sms")==0 ){
    return "check the mobile number in the register; once fixed, the officer asks the authority"
           " to send it again";
  }
  if( strcmp(q->zChannel, "letter")==0 ){
    return "check the postal address in the register; once fixed, the officer asks the"
           " authority to send it again";
  }
  return "check the email in the register; once fixed, the officer asks the authority to send"
         " it again";
}

/* The page itself; zNotice (may be NULL) is shown above the counts. */
static void delivery_render(Req *req, const Ballot *pB, const DeliverySummary *s, const char *zNotice){
  const DeliveryRow *t = &s->aRow[0];
  html_begin(req, req_mprintf(req, "Voting codes: %s", pB->zTitle));
  html_printf(req, "<h1>Did the voting codes arrive?</h1>\n<p class=\"muted\"><a href=\"/ballots/%s\">%s</a>"
              " \xC2\xB7 %s \xC2\xB7 last report from the credential authority: %s</p>\n",
              html_url(req, pB->zCode), pB->zTitle, t->zName, s->zLastReport[0] ? s->zLastReport : "none yet");
  if( zNotice ) html_printf(req, "<p class=\"ok\" role=\"status\">%s</p>\n", zNotice);
  html_raw(req, "<p>The independent credential authority sends each member their voting code; this"
                " server never sees the codes, only the authority's report of what happened to each.</p>\n");
  html_printf(req, "<dl class=\"facts\">\n<dt>Voters in %s</dt><dd>%lld</dd>\n", t->zName, (long long)t->nVoter);
  for(int b=0; b<DLV_NBUCKET; b++){
    html_printf(req, "<dt>%s</dt><dd>%lld</dd>\n", azDeliveryBucket[b], (long long)t->aN[b]);
  }
  html_printf(req, "<dt>Asked for their code again</dt><dd>%lld (%lld not yet given to the authority)</dd>\n</dl>\n",
              (long long)s->nRequests, (long long)s->nPending);
  html_raw(req, "<h2>By unit</h2>\n<p class=\"scroll-hint\">Scroll the table sideways for more"
                " columns.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Unit</th>"
                "<th scope=\"col\">Voters</th>");
  for(int b=0; b<DLV_NBUCKET; b++) html_printf(req, "<th scope=\"col\">%s</th>", azDeliveryBucket[b]);
  html_raw(req, "</tr></thead>\n<tbody>\n");
  for(int i=0; i<s->nRow; i++){
    const DeliveryRow *q = &s->aRow[i];
    html_printf(req, "<tr class=\"depth-%d\"><th scope=\"row\">%s \xC2\xB7 %s</th><td>%lld</td>",
                q->depth > 4 ? 4 : q->depth, q->zName, q->zCode, (long long)q->nVoter);
    for(int b=0; b<DLV_NBUCKET; b++) html_printf(req, "<td>%lld</td>", (long long)q->aN[b]);
    html_raw(req, "</tr>\n");
  }
  html_raw(req, "</tbody></table></div>\n<h2>Codes that did not arrive</h2>\n");
  if( s->nMissing==0 ){
    html_raw(req, "<p class=\"ok\">Every code here was sent, printed or is on its way.</p>\n");
  }else{
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Member</th>"
                  "<th scope=\"col\">Workplace</th><th scope=\"col\">State</th><th scope=\"col\">Detail</th>"
                  "<th scope=\"col\">What to do</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<s->nMissing; i++){
      const DeliveryMissing *q = &s->aMissing[i];
      html_printf(req, "<tr><th scope=\"row\"><a href=\"/members/%s\">%s %s</a> <span class=\"muted\">%s</span></th>"
                  "<td>%s</td><td>%s%s%s</td><td>%s%s</td><td>%s</td></tr>\n",
                  html_url(req, q->zNumber), q->zFirstName, q->zLastName, q->zNumber, q->zWorkplaceName,
                  azDeliveryBucket[q->bucket], q->zChannel[0] ? " by " : "", q->zChannel,
                  q->zDetail[0] ? q->zDetail : "\xE2\x80\x94",
                  q->zUpdatedAt[0] ? req_mprintf(req, " (%s)", q->zUpdatedAt) : "", missing_advice(q));
    }
    html_raw(req, "</tbody></table></div>\n");
    if( s->nMissingAll > s->nMissing ){
      html_printf(req, "<p class=\"muted\">The first %d of %lld are shown; open a branch or workplace"
                  " for the rest.</p>\n", s->nMissing, (long long)s->nMissingAll);
    }
  }
  if( is_officer(req) ){
    html_printf(req, "<h2>Members who asked for their code again</h2>\n<p>%lld request%s not yet given to the"
                " authority. Download them (resend-requests.csv: each request is in one download of the"
                " new ones, then marked as given) and hand the file to the credential authority: it sends"
                " the codes again from its own outbox.</p>\n"
                "<form method=\"post\" action=\"/ballots/%s/resend-requests.csv\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                "<button type=\"submit\" name=\"all\" value=\"0\">Download the new requests</button>\n"
                "<button type=\"submit\" name=\"all\" value=\"1\">Download every request</button>\n</form>\n",
                (long long)s->nPending, s->nPending==1 ? "" : "s", html_url(req, pB->zCode), req->zCsrf);
    html_printf(req, "<h2>Import a delivery report</h2>\n<form class=\"stack\" method=\"post\" action=\"/ballots/%s/delivery\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                "<div class=\"field\"><label for=\"report\">The authority's delivery.csv</label>\n"
                "<p class=\"hint\" id=\"report-hint\">Paste the whole file, header first (%s). Every row is"
                " checked: one bad row and nothing is stored. A report older than what is stored never"
                " undoes it. Larger than about 50 KB: use <code>mandate ballot delivery %s --import"
                " delivery.csv</code>.</p>\n"
                "<textarea id=\"report\" name=\"report\" rows=\"8\" aria-describedby=\"report-hint\" required>"
                "</textarea></div>\n<div><button type=\"submit\">Import the report</button></div>\n</form>\n",
                html_url(req, pB->zCode), req->zCsrf, DELIVERY_HEADER, pB->zCode);
  }
  html_end(req);
}

/*
** GET /ballots/CODE/delivery
*/
void page_ballot_delivery(Req *req){
  Ballot b;
  DeliverySummary s;
  if( delivery_load(req, &b, &s) ) return;
  delivery_render(req, &b, &s, 0);
  delivery_summary_clear(&s);
}

/*
** GET /api/v1/ballots/CODE/delivery
*/
void api_ballot_delivery(Req *req){
  Ballot b;
  DeliverySummary s;
  if( delivery_load(req, &b, &s) ) return;
  json_t *p = delivery_summary_json(&b, &s);
  json_object_set_new(p, "unit", json_string(req->scope.zCode));
  delivery_summary_clear(&s);
  http_json(req, 200, p);
}

/* Import the report in the form's "report" field: officers only. 0 with
** *pOut, or -1 after an error answer (400 with every bad row's place). */
static int delivery_import_form(Req *req, Ballot *pB, DeliveryImport *pOut){
  char zNow[BALLOT_TIME], *zErr = 0;
  if( !is_officer(req) ){
    http_error(req, 403, "only a national officer imports the credential authority's delivery report");
    return -1;
  }
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  const char *z = req_arg(req, "report");
  ballot_now(zNow);
  if( delivery_import(req->db, pB, "delivery.csv", z, strlen(z), zNow, pOut, &zErr) ){
    http_error(req, 400, "the delivery report is not imported (nothing was stored): %s", zErr);
    free(zErr);
    return -1;
  }
  return 0;
}

/*
** POST /ballots/CODE/delivery: import a report pasted into the form.
*/
void page_ballot_delivery_import(Req *req){
  Ballot b;
  DeliveryImport r;
  DeliverySummary s;
  if( delivery_import_form(req, &b, &r) ) return;
  if( delivery_load(req, &b, &s) ) return;
  Buf note = BUF_INIT;
  buf_printf(&note, "%lld rows imported:", (long long)r.nRow);
  for(int i=0; azDeliveryState[i]; i++){
    buf_printf(&note, " %s %lld%s", azDeliveryState[i], (long long)r.aState[i], azDeliveryState[i+1] ? "," : ".");
  }
  if( r.nOlder ) buf_printf(&note, " %lld rows were older than what was stored and did not replace it.", (long long)r.nOlder);
  delivery_render(req, &b, &s, buf_str(&note));
  buf_reset(&note);
  delivery_summary_clear(&s);
}

/*
** POST /api/v1/ballots/CODE/delivery: the same, answering the counts.
*/
void api_ballot_delivery_import(Req *req){
  Ballot b;
  DeliveryImport r;
  if( delivery_import_form(req, &b, &r) ) return;
  json_t *pState = json_object();
  for(int i=0; azDeliveryState[i]; i++) json_object_set_new(pState, azDeliveryState[i], json_integer((json_int_t)r.aState[i]));
  http_json(req, 200, json_pack("{s:s,s:I,s:I,s:I,s:o}", "ballot", b.zCode, "rows", (json_int_t)r.nRow,
                                "applied", (json_int_t)r.nApplied, "older", (json_int_t)r.nOlder, "states", pState));
}

/*
** POST /ballots/CODE/resend-requests.csv (all=1: every request): officers
** only. The requests not given before (then marked as given), or every
** one. A POST, with the form's CSRF token, because it marks them given:
** another site cannot make an officer's browser mark them unseen.
*/
void page_ballot_resend_csv(Req *req){
  Ballot b;
  Buf csv = BUF_INIT;
  int64_t nRow = 0, maxId = 0;
  char zNow[BALLOT_TIME];
  if( !is_officer(req) ){
    http_error(req, 403, "only a national officer downloads the requests for a code again");
    return;
  }
  int r = ballot_load(req->db, req_arg(req, "code"), &b);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return; }
  ballot_now(zNow);
  int all = req_arg_int(req, "all", 0)==1;
  if( delivery_resend_csv(req->db, &b, all, &csv, &nRow, &maxId)
   || (!all && delivery_resend_mark(req->db, &b, maxId, zNow)) ){
    buf_reset(&csv);
    http_error(req, 500, "cannot read the requests for a code again");
    return;
  }
  req->zContentType = "text/csv; charset=utf-8";
  http_set_header(req, "Content-Disposition",
                  req_mprintf(req, "attachment; filename=\"%s-resend-requests.csv\"", b.zCode));
  http_set_header(req, "Cache-Control", "no-store");
  buf_append(&req->out, csv.z ? csv.z : "", csv.n);
  buf_reset(&csv);
}

/************************ the member's side ************************/

/*
** The "Lost your voting code?" form on the voting page: plain HTML, no
** JavaScript; a fresh double-submit token goes in the form and a cookie.
*/
void vote_resend_form(Req *req, const char *zCode){
  unsigned char aRand[32];
  char zForm[65];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zForm, sizeof zForm, aRand, sizeof aRand);
  http_set_cookie(req, LOGIN_COOKIE, zForm, 3600);
  html_printf(req,
    "<section class=\"resend\">\n"
    "<h2 id=\"resend-title\">Lost your voting code?</h2>\n"
    "<form method=\"post\" action=\"/vote/%s/resend\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<div class=\"field\"><label for=\"resend-contact\">Your email address or mobile number</label>\n"
    "<p class=\"hint\" id=\"resend-hint\">The one the union has for you. The independent scrutineer"
    " will send your code to it again.</p>\n"
    "<input type=\"text\" id=\"resend-contact\" name=\"contact\" autocomplete=\"email\" maxlength=\"254\""
    " aria-describedby=\"resend-hint\" required></div>\n"
    "<div><button type=\"submit\">Send my code again</button></div>\n</form>\n</section>\n",
    html_url(req, zCode), zForm);
}

/* The answer to every request for a code again, known address or not. */
static void resend_answer(Req *req, const Ballot *pB, const char *zProblem){
  html_begin(req, req_mprintf(req, "Your voting code: %s", pB->zTitle));
  html_printf(req, "<h1>%s</h1>\n", pB->zTitle);
  if( zProblem ){
    html_printf(req, "<p class=\"error\" role=\"alert\">%s</p>\n", zProblem);
    vote_resend_form(req, pB->zCode);
  }else{
    html_raw(req, "<p class=\"ok\" role=\"status\"><strong>Thank you: we have passed on your request.</strong></p>\n"
                  "<p>If that email address or mobile number is the one the union has for you, your voting"
                  " code will be sent to it again by the independent scrutineer who holds the codes (the"
                  " union itself never sees them). It can take up to a day.</p>\n"
                  "<p>If nothing arrives, ask your workplace rep: the union may have an old address for"
                  " you.</p>\n");
  }
  html_printf(req, "<p><a href=\"/vote/%s\">Back to the voting page</a></p>\n", html_url(req, pB->zCode));
  html_end(req);
}

/*
** POST /vote/CODE/resend: public. The gate has checked the form's token.
** Rate limited per client address; the address typed is never logged,
** and the answer is the same whether or not it is known.
*/
void page_vote_resend(Req *req){
  Ballot b;
  char zNow[BALLOT_TIME];
  const char *zWhy = 0;
  int64_t n = 0, now = (int64_t)time(0);
  const char *zKey = req_mprintf(req, "resend:%s", req->zClientIp);
  int wait = ratelimit_check(req->pSrv->pLimit, zKey, req->zClientIp, now);
  if( wait>0 ){
    char zWait[16];
    snprintf(zWait, sizeof zWait, "%d", wait);
    http_set_header(req, "Retry-After", zWait);
    http_error(req, 429, "too many requests from here; try again in %d minute%s, or ask your rep",
               (wait+59)/60, (wait+59)/60==1 ? "" : "s");
    return;
  }
  ratelimit_fail(req->pSrv->pLimit, zKey, req->zClientIp, now);
  int r = ballot_load(req->db, req_arg(req, "code"), &b);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return; }
  if( r>0 ){ http_error(req, 404, "there is no vote with that code: check the link in your email or letter"); return; }
  ballot_now(zNow);
  const char *zState = ballot_state(&b, zNow);
  if( strcmp(zState, "credentials")!=0 && strcmp(zState, "open")!=0 ){
    http_error(req, 409, strcmp(zState, "created")==0
               ? "the voting codes have not been sent yet: they will reach you before voting opens"
               : "voting has closed, so no code is sent again");
    return;
  }
  r = delivery_resend_request(req->db, &b, req_arg(req, "contact"), zNow, &n, &zWhy);
  if( r<0 ){
    http_error(req, 500, "your request could not be recorded; try again later, or ask your rep");
    return;
  }
  if( r>0 ) req->status = 400;
  resend_answer(req, &b, r>0 ? zWhy : 0);
}
