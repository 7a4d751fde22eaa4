/* page_board.c: the public side of an online ballot's board, with no
** login (docs/voting.md, "Checking the receipt number"):
**   GET /ballots/CODE/board        the board itself, for anyone to verify
**                                  with `mandate verify FILE`;
**   GET /ballots/CODE/receipt?t=R  a member looks their receipt number up:
**                                  is my ballot in the box, and is it the
**                                  one that counts? (JSON twin under
**                                  /api/v1/). Never the vote, never the voter. */
#include "pages.h"
#include "html.h"
#include "../domain/ballot.h"
#include <stdlib.h>
#include <string.h>

/* The ballot named by "code". 0, or -1 after a 404/500. */
static int board_ballot(Req *req, Ballot *pB){
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  return 0;
}

/*
** GET /ballots/CODE/board
*/
void page_ballot_board(Req *req){
  Ballot b;
  if( board_ballot(req, &b) ) return;
  char *zDir = ballot_board_dir(req->pSrv->zDbPath, b.zCode);
  const char *zBoard = req_mprintf(req, "%s/board", zDir);
  free(zDir);
  if( http_send_file(req, zBoard, "text/plain; charset=us-ascii") ){
    http_error(req, 404, "this ballot's board is not on this server");
    return;
  }
  http_set_header(req, "Content-Disposition", req_mprintf(req, "attachment; filename=\"%s.board\"", b.zCode));
}

/* The receipt in the query, looked up. 0 with *pR (and *pzWhy NULL), 1
** when no receipt was given, or -1 after answering with an error. */
static int receipt_lookup(Req *req, const Ballot *pB, BallotReceipt *pR){
  const char *zT = req_arg(req, "t");
  const char *zWhy = 0;
  if( zT==0 || zT[0]==0 ) return 1;
  int r = ballot_find_receipt(req->db, pB, zT, pR, &zWhy);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot box"); return -1; }
  if( r>0 ){ http_error(req, 400, "%s", zWhy); return -1; }
  return 0;
}

/*
** GET /ballots/CODE/receipt[?t=RECEIPT]
*/
void page_ballot_receipt(Req *req){
  Ballot b;
  BallotReceipt rcpt;
  if( board_ballot(req, &b) ) return;
  int r = receipt_lookup(req, &b, &rcpt);
  if( r<0 ) return;
  html_begin(req, req_mprintf(req, "Check your receipt: %s", b.zTitle));
  html_printf(req, "<h1>Check your receipt number</h1>\n<p class=\"lead\">%s</p>\n", b.zTitle);
  if( r==0 ){
    html_printf(req, "<div class=\"notice\" role=\"status\"><p>Receipt number <strong>%s</strong>:</p>\n", rcpt.zTracker);
    if( !rcpt.found ){
      html_raw(req,
        "<p><strong>No ballot with this receipt number is in the ballot box.</strong> Check that you"
        " typed it as the voting page showed it. If it is right, tell the ballot's independent"
        " scrutineer straight away: your vote may not have been recorded. You can vote again until"
        " voting closes.</p>\n");
    }else if( rcpt.replaced ){
      html_printf(req,
        "<p><strong>This ballot is in the ballot box</strong> (received %s UTC), but you voted again"
        " later. Your later ballot is the one that counts.</p>\n", rcpt.zReceivedAt);
    }else{
      html_printf(req,
        "<p><strong>Your ballot is in the ballot box</strong> (received %s UTC). It is your latest"
        " ballot, so it is the one that counts, unless you vote again before voting closes.</p>\n",
        rcpt.zReceivedAt);
    }
    html_raw(req, "</div>\n");
  }
  html_printf(req,
    "<form method=\"get\" action=\"/ballots/%s/receipt\">\n"
    "<p><label for=\"t\">Your receipt number</label>\n"
    "<input id=\"t\" name=\"t\" autocomplete=\"off\" spellcheck=\"false\" size=\"24\" maxlength=\"40\""
    " value=\"%s\"></p>\n<p><button type=\"submit\">Check</button></p>\n</form>\n",
    html_url(req, b.zCode), r==0 ? rcpt.zTracker : "");
  html_printf(req,
    "<h2>What this tells you</h2>\n<p>The receipt number was shown when you cast your vote. It is"
    " made from your encrypted ballot, so it says nothing of how you voted, to you or to anyone.</p>\n"
    "<p>Anyone can check the whole count: <a href=\"/ballots/%s/board\">download the ballot box</a>"
    " and run <code>mandate verify %s.board</code>. It re-checks every ballot, that each member's"
    " last ballot and only it is counted, and the result; with <code>--trackers</code> it lists"
    " every receipt number.</p>\n", html_url(req, b.zCode), b.zCode);
  html_end(req);
}

/*
** GET /api/v1/ballots/CODE/receipt?t=RECEIPT
*/
void api_ballot_receipt(Req *req){
  Ballot b;
  BallotReceipt rcpt;
  if( board_ballot(req, &b) ) return;
  int r = receipt_lookup(req, &b, &rcpt);
  if( r<0 ) return;
  if( r>0 ){ http_error(req, 400, "give the receipt number as ?t="); return; }
  json_t *p = json_pack("{s:s, s:s, s:b}", "ballot", b.zCode, "receipt", rcpt.zTracker, "found", rcpt.found);
  if( rcpt.found ){
    json_object_set_new(p, "received_at", json_string(rcpt.zReceivedAt));
    json_object_set_new(p, "counts", json_boolean(!rcpt.replaced));
  }
  http_json(req, 200, p);
}
