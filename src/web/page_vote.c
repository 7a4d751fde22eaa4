/* page_vote.c: the member's voting page, GET /vote/CODE (public: the
** voting code is the member's key, not a login), and its JSON twin. The
** page shows the question in plain words and a form; web-assets/js/vote.js
** makes the ballot on the member's own device (ballot.js: encrypted,
** proven and signed with their voting code) and sends it to the intake,
** POST /api/v1/ballots/CODE/cast (page_ballot.c). The server sends the
** election definition (the board's first line) and never sees the choice
** or the voting code. docs/voting.md. */
#include "pages.h"
#include "html.h"
#include "web_assets.h"
#include "../crypto/board.h"
#include "../crypto/election.h"
#include "../domain/ballot.h"
#include "../util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The vote page needs WebAssembly (libsodium's build): 'wasm-unsafe-eval'
** allows compiling it and nothing else (no eval of JavaScript); scripts
** still come only from our own origin, and nothing inline runs. */
static const char zVoteCsp[] =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
  "frame-ancestors 'none'; form-action 'self'";

/* A ballot being voted on: its row, its definition and its payload's hex. */
typedef struct VoteBallot VoteBallot;
struct VoteBallot {
  Ballot b;
  Election e;          /* owned: election_clear() */
  char *zDefHex;       /* owned: the definition's payload, lowercase hex */
  const char *zState;  /* ballot_state(): "open" when voting is on; static */
  char zNow[BALLOT_TIME];
};

static void vote_ballot_clear(VoteBallot *p){
  election_clear(&p->e);
  free(p->zDefHex);
  p->zDefHex = 0;
}

/* Read the first line of the board file zPath (its definition) into
** *pLine. 0, or -1 if the file cannot be read or has no whole line. */
static int board_first_line(const char *zPath, Buf *pLine){
  FILE *in = fopen(zPath, "rb");
  char *z = 0;
  size_t nAlloc = 0;
  ssize_t n;
  if( in==0 ) return -1;
  n = getline(&z, &nAlloc, in);
  fclose(in);
  if( n<=0 || z[n-1]!='\n' ){ free(z); return -1; }
  buf_append(pLine, z, (size_t)n);
  free(z);
  return 0;
}

/* Load ballot zCode and its definition from its board. 0, or -1 after
** answering 404 (no such ballot) or 500. *p is cleared by the caller
** with vote_ballot_clear() either way. */
static int vote_ballot_load(Req *req, const char *zCode, VoteBallot *p){
  Buf line = BUF_INIT;
  BoardItem it;
  char zErr[200];
  size_t off = 0;
  int r, rc = -1;
  memset(p, 0, sizeof *p);
  memset(&it, 0, sizeof it);
  r = ballot_load(req->db, zCode, &p->b);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no vote with that code: check the link in your email or letter"); return -1; }
  {
    char *zDir = ballot_board_dir(req->pSrv->zDbPath, p->b.zCode);
    char *zPath = req_mprintf(req, "%s/board", zDir);
    free(zDir);
    r = board_first_line(zPath, &line);
  }
  if( r || board_next((const unsigned char*)line.z, line.n, &off, &it, zErr, sizeof zErr)!=1
   || it.eType!=BOARD_ELECTION
   || election_decode(&p->e, it.pPayload, it.nPayload, zErr, sizeof zErr) ){
    http_error(req, 500, "this vote's ballot box cannot be read; the union has been told");
    fprintf(stderr, "mandate: vote %s: the board's definition cannot be read\n", p->b.zCode);
    goto out;
  }
  p->zDefHex = xmalloc(2*it.nPayload + 1);
  board_hex(p->zDefHex, it.pPayload, it.nPayload);
  ballot_now(p->zNow);
  p->zState = ballot_state(&p->b, p->zNow);
  rc = 0;
out:
  board_item_clear(&it);
  buf_reset(&line);
  return rc;
}

/* "2026-11-30T17:00:00Z" as "30 November 2026 at 17:00 (UTC)"; request-owned. */
static const char *vote_when(Req *req, const char *zTime){
  static const char *const azMonth[] = { "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December" };
  int y, m, d, hh, mm;
  if( sscanf(zTime, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &hh, &mm)!=5 || m<1 || m>12 ) return zTime;
  return req_mprintf(req, "%d %s %d at %02d:%02d (UTC)", d, azMonth[m-1], y, hh, mm);
}

/* The hint under a question: how many answers to choose. */
static const char *vote_hint(Req *req, const ElectionQuestion *q){
  if( q->nAnswer==1 ) return "Choose yes or no.";
  if( q->max==1 ) return q->min==0 ? "Choose one, or leave it blank." : "Choose one.";
  if( q->min==q->max ) return req_mprintf(req, "Choose %llu.", (unsigned long long)q->max);
  if( q->min==0 ) return req_mprintf(req, "Choose up to %llu.", (unsigned long long)q->max);
  return req_mprintf(req, "Choose from %llu to %llu.", (unsigned long long)q->min, (unsigned long long)q->max);
}

/* One question as a fieldset of large radio buttons (checkboxes when
** more than one answer may be chosen). Values are answer numbers from 0;
** a yes/no question's are "yes" and "no"; a blank choice is "blank". */
static void vote_question(Req *req, const ElectionQuestion *q, uint32_t iQ){
  html_printf(req, "<fieldset class=\"question\" aria-describedby=\"q%u-hint\" data-min=\"%llu\" "
              "data-max=\"%llu\" data-answers=\"%u\">\n"
              "<legend>%s</legend>\n<p class=\"hint\" id=\"q%u-hint\">%s</p>\n",
              iQ, (unsigned long long)q->min, (unsigned long long)q->max, q->nAnswer,
              q->zText, iQ, vote_hint(req, q));
  if( q->nAnswer==1 ){
    html_printf(req, "<div class=\"choice\"><input type=\"radio\" name=\"q%u\" id=\"q%u-yes\" value=\"yes\">"
                "<label for=\"q%u-yes\">Yes</label></div>\n"
                "<div class=\"choice\"><input type=\"radio\" name=\"q%u\" id=\"q%u-no\" value=\"no\">"
                "<label for=\"q%u-no\">No</label></div>\n", iQ, iQ, iQ, iQ, iQ, iQ);
  }else{
    const char *zType = q->max==1 ? "radio" : "checkbox";
    for(uint32_t j=0; j<q->nAnswer; j++){
      html_printf(req, "<div class=\"choice\"><input type=\"%s\" name=\"q%u\" id=\"q%u-%u\" value=\"%u\">"
                  "<label for=\"q%u-%u\">%s</label></div>\n", zType, iQ, iQ, j, j,
                  iQ, j, q->azLabel[j]);
    }
    if( q->max==1 && q->min==0 ){
      html_printf(req, "<div class=\"choice\"><input type=\"radio\" name=\"q%u\" id=\"q%u-blank\" value=\"blank\">"
                  "<label for=\"q%u-blank\">Leave this question blank</label></div>\n", iQ, iQ, iQ);
    }
  }
  html_raw(req, "</fieldset>\n");
}

/*
** GET /vote/CODE: the voting page. Public; the same for every member.
*/
void page_vote(Req *req){
  const char *zCode = req_arg(req, "code");
  VoteBallot v;
  if( vote_ballot_load(req, zCode, &v) ){ vote_ballot_clear(&v); return; }
  http_set_header(req, "Content-Security-Policy", zVoteCsp);
  html_begin(req, v.b.zTitle);
  html_printf(req, "<h1>%s</h1>\n", v.b.zTitle);
  if( strcmp(v.zState, "open")!=0 ){
    int notYet = strcmp(v.zState, "created")==0 || strcmp(v.zState, "credentials")==0;
    html_printf(req, "<p class=\"notice\">%s</p>\n",
                notYet ? req_mprintf(req, "Voting opens on %s. Come back then with your voting code.",
                                     vote_when(req, v.b.zOpens))
                       : req_mprintf(req, "Voting closed on %s. Thank you to everyone who voted.",
                                     vote_when(req, v.b.zCloses)));
    if( strcmp(v.zState, "credentials")==0 ) vote_resend_form(req, v.b.zCode);   /* page_delivery.c */
    if( !notYet ){
      html_printf(req, "<p><a href=\"/ballots/%s/receipt\">Check your receipt number in the ballot box</a></p>\n",
                  html_url(req, v.b.zCode));
    }
    html_end(req);
    vote_ballot_clear(&v);
    return;
  }
  html_printf(req, "<p class=\"lead\">Voting is open until %s.</p>\n", vote_when(req, v.b.zCloses));
  html_raw(req,
    "<noscript><link rel=\"stylesheet\" href=\"/static/noscript.css\"><p class=\"notice\"><strong>Voting needs JavaScript, and it is turned off in this "
    "browser.</strong> Your vote is locked on your own phone or computer before it is sent, so "
    "that no one, not even the union, can see how you voted. Turn JavaScript on, or open your "
    "link on another phone or computer, then come back to this page.</p></noscript>\n"
    "<p id=\"vote-wait\" class=\"muted needs-js\">Getting the voting form ready\xE2\x80\xA6 If it does not "
    "appear, this browser may be too old: open your link on another phone or computer.</p>\n");
  html_printf(req, "<form id=\"vote\" class=\"vote\" hidden novalidate data-election=\"%s\" "
              "data-cast=\"/api/v1/ballots/%s/cast\">\n", v.zDefHex, html_url(req, v.b.zCode));
  for(uint32_t q=0; q<v.e.nQuestion; q++) vote_question(req, &v.e.aQ[q], q);
  html_raw(req,
    "<div class=\"field\">\n<label for=\"voting-code\">Your voting code</label>\n"
    "<p class=\"hint\" id=\"voting-code-hint\">It is in the email or letter the independent "
    "scrutineer sent you: 64 letters and numbers. You can copy and paste it. Keep it to "
    "yourself: anyone with it can vote in your name.</p>\n"
    "<input type=\"text\" id=\"voting-code\" autocomplete=\"off\" autocapitalize=\"none\" "
    "spellcheck=\"false\" aria-describedby=\"voting-code-hint voting-code-error\">\n"
    "<p class=\"error\" id=\"voting-code-error\" hidden></p>\n</div>\n"
    "<p class=\"revote\">You can vote again until the close; only your last vote counts.</p>\n"
    "<p class=\"error\" id=\"vote-error\" role=\"alert\" hidden></p>\n"
    "<button type=\"submit\" class=\"primary cast\">Cast my vote</button>\n"
    "<p id=\"vote-status\" class=\"muted\" role=\"status\"></p>\n"
    "</form>\n"
    "<section id=\"vote-done\" class=\"done\" hidden tabindex=\"-1\" aria-labelledby=\"vote-done-title\">\n"
    "<h2 id=\"vote-done-title\">Your vote has been cast</h2>\n"
    "<p>Your receipt number is <strong class=\"tracker\" id=\"vote-tracker\"></strong></p>\n"
    "<p id=\"vote-weight\" hidden></p>\n"
    "<p>Write it down (it does not show how you voted). "
    "It is worked out on your own device from your locked vote, so it proves your vote is the "
    "one that was received.</p>\n"
    "<p>The ballot box is public: every vote, locked, each with its receipt number. Check "
    "that yours is in it, now or at any time: if it is missing, tell the independent "
    "scrutineer. Anyone can check that every vote in the box is counted.</p>\n"
    "<p class=\"revote\">You can vote again until the close; only your last vote counts.</p>\n");
  html_printf(req, "<p><a id=\"vote-receipt\" href=\"/ballots/%s/receipt\">Check my receipt number in the"
              " ballot box</a></p>\n", html_url(req, v.b.zCode));
  html_printf(req, "<p><a href=\"/vote/%s\">Vote again</a></p>\n</section>\n", html_url(req, v.b.zCode));
  vote_resend_form(req, v.b.zCode);   /* page_delivery.c: "Lost your voting code?" */
  html_printf(req, "<script type=\"module\" src=\"/static/js/%s/vote.js\"></script>\n", zWebAssetVersion);
  html_end(req);
  vote_ballot_clear(&v);
}

/*
** GET /api/v1/vote/CODE: what the page shows, for other clients: the
** ballot, its state and dates, the election definition (hex) and id, the
** questions, and where to send a ballot.
*/
void api_vote(Req *req){
  const char *zCode = req_arg(req, "code");
  VoteBallot v;
  char zId[2*ELECTION_ID_BYTES+1];
  if( vote_ballot_load(req, zCode, &v) ){ vote_ballot_clear(&v); return; }
  json_t *aQ = json_array();
  for(uint32_t q=0; q<v.e.nQuestion; q++){
    const ElectionQuestion *pQ = &v.e.aQ[q];
    json_t *aA = json_array();
    for(uint32_t j=0; j<pQ->nAnswer; j++) json_array_append_new(aA, json_string(pQ->azLabel[j]));
    json_array_append_new(aQ, json_pack("{s:s,s:b,s:I,s:I,s:o}", "text", pQ->zText,
                                        "yes_no", pQ->nAnswer==1, "min", (json_int_t)pQ->min,
                                        "max", (json_int_t)pQ->max, "answers", aA));
  }
  board_hex(zId, v.e.id, sizeof v.e.id);
  http_json(req, 200, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s}",
    "ballot", v.b.zCode, "title", v.b.zTitle, "state", v.zState, "opens", v.b.zOpens,
    "closes", v.b.zCloses, "election_id", zId, "election", v.zDefHex, "questions", aQ,
    "cast", req_mprintf(req, "/api/v1/ballots/%s/cast", v.b.zCode),
    "script", req_mprintf(req, "/static/js/%s/ballot.js", zWebAssetVersion)));
  vote_ballot_clear(&v);
}
