/* page_ballot_trustee.c: a trustee decrypts their share of a ballot's
** count in their own browser (docs/ballots.md, "Trustees"). The page
** (/ballots/CODE/trustee) reads the trustee's .secret file on their
** machine, fetches the tally (/api/v1/ballots/CODE/tally, public: it is on
** the public board), computes the partial decryption and its proofs with
** libsodium (web-assets/js/trustee.js) and posts only that
** (/api/v1/ballots/CODE/decrypt), which the server appends only if the
** board with it still verifies. No login: trustees need no account, and a
** partial decryption proves itself. `mandate trustee decrypt` is the same
** step on the command line. */
#include "pages.h"
#include "html.h"
#include "ratelimit.h"
#include "web_assets.h"
#include "../crypto/board.h"
#include "../domain/ballot.h"
#include "../domain/ballot_trustee.h"
#include "../util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* As the vote page: WebAssembly for libsodium, scripts from our origin only. */
static const char zTrusteeCsp[] =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
  "frame-ancestors 'none'; form-action 'self'";

/* The ballot named by "code" and its board's path (request-owned). 0, or
** -1 after a 404/500. */
static int trustee_ballot(Req *req, Ballot *pB, const char **pzBoard){
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  char *zDir = ballot_board_dir(req->pSrv->zDbPath, pB->zCode);
  *pzBoard = req_mprintf(req, "%s/board", zDir);
  free(zDir);
  return 0;
}

/*
** GET /ballots/CODE/trustee
*/
void page_ballot_trustee(Req *req){
  Ballot b;
  const char *zBoard;
  if( trustee_ballot(req, &b, &zBoard) ) return;
  http_set_header(req, "Content-Security-Policy", zTrusteeCsp);
  html_begin(req, req_mprintf(req, "Trustee: %s", b.zTitle));
  html_printf(req, "<h1>Decrypt your share of the count</h1>\n<p class=\"lead\">%s \xC2\xB7 ballot %s</p>\n",
              b.zTitle, b.zCode);
  html_raw(req,
    "<p>You are one of the ballot's trustees. Open your <code>.secret</code> key file from the key"
    " ceremony: this page reads it on your own computer, works out your share of the decryption"
    " of the count with its proof, and sends only that. <strong>Your key never leaves this"
    " computer.</strong> The share opens the totals only, never a single vote, and the server"
    " adds it to the public board only if the board still verifies with it.</p>\n"
    "<p class=\"muted\">If you would rather not trust this page's code with your key, run"
    " <code>mandate trustee decrypt --secret FILE --board DIR</code> on your own machine instead:"
    " it checks the whole board first.</p>\n"
    "<noscript><link rel=\"stylesheet\" href=\"/static/noscript.css\"><p class=\"notice\"><strong>This page"
    " needs JavaScript</strong>, which is turned off: your share is worked out on your own computer."
    " Turn JavaScript on, or use <code>mandate trustee decrypt</code>.</p></noscript>\n");
  html_printf(req, "<form id=\"trustee\" class=\"stack\" hidden novalidate data-tally=\"/api/v1/ballots/%s/tally\""
              " data-decrypt=\"/api/v1/ballots/%s/decrypt\">\n", html_url(req, b.zCode), html_url(req, b.zCode));
  html_raw(req,
    "<div class=\"field\"><label for=\"secret-file\">Your key file (trustee-N.secret)</label>"
    "<input type=\"file\" id=\"secret-file\" accept=\".secret,text/plain\"></div>\n"
    "<div class=\"field\"><label for=\"secret\">Or paste its contents</label>"
    "<p class=\"hint\" id=\"secret-hint\">Lines such as <code>index 1</code>, <code>share \xE2\x80\xA6</code>.</p>"
    "<textarea id=\"secret\" rows=\"8\" spellcheck=\"false\" autocomplete=\"off\""
    " aria-describedby=\"secret-hint\"></textarea></div>\n"
    "<p class=\"error\" id=\"trustee-error\" role=\"alert\" hidden></p>\n"
    "<button type=\"submit\" class=\"primary\">Decrypt my share</button>\n"
    "<p id=\"trustee-status\" class=\"muted\" role=\"status\"></p>\n"
    "</form>\n");
  html_printf(req, "<script type=\"module\" src=\"/static/js/%s/trustee.js\"></script>\n", zWebAssetVersion);
  html_end(req);
}

/*
** GET /api/v1/ballots/CODE/tally: what a trustee decrypts.
*/
void api_ballot_tally(Req *req){
  Ballot b;
  const char *zBoard;
  char zWhy[400];
  if( trustee_ballot(req, &b, &zBoard) ) return;
  json_t *p = ballot_trustee_tally_json(zBoard, zWhy, sizeof zWhy);
  if( p==0 ){ http_error(req, 409, "%s", zWhy); return; }
  json_object_set_new(p, "ballot", json_string(b.zCode));
  http_json(req, 200, p);
}

/*
** POST /api/v1/ballots/CODE/decrypt: a trustee's partial decryption, the
** payload's bytes in lowercase hex (text/plain). 201 once on the board.
*/
void api_ballot_decrypt(Req *req){
  Ballot b;
  const char *zBoard;
  char zWhy[400];
  uint32_t iTrustee = 0, nHave = 0, nNeed = 0;
  int64_t now = (int64_t)time(0);
  const char *zKey = req_mprintf(req, "decrypt:%s", req_arg(req, "code"));
  if( trustee_ballot(req, &b, &zBoard) ) return;
  if( ratelimit_check(req->pSrv->pLimit, zKey, req->zClientIp, now)>0 ){
    http_error(req, 429, "too many refused decryptions from here; try again later");
    return;
  }
  char *zHex = req_strdup(req, buf_str(&req->body));
  size_t nHex = strlen(zHex);
  while( nHex>0 && (zHex[nHex-1]=='\n' || zHex[nHex-1]=='\r' || zHex[nHex-1]==' ') ) zHex[--nHex] = 0;
  unsigned char *a = xmalloc(nHex/2+1);
  if( nHex==0 || nHex%2 || board_unhex(a, nHex/2, zHex) ){
    free(a);
    ratelimit_fail(req->pSrv->pLimit, zKey, req->zClientIp, now);
    http_error(req, 400, "send the partial decryption's bytes in lowercase hex");
    return;
  }
  int r = ballot_trustee_partial_add(zBoard, a, nHex/2, &iTrustee, &nHave, &nNeed, zWhy, sizeof zWhy);
  free(a);
  if( r ){
    if( r>0 ) ratelimit_fail(req->pSrv->pLimit, zKey, req->zClientIp, now);
    http_error(req, r>0 ? 409 : 500, "%s", zWhy);
    return;
  }
  http_json(req, 201, json_pack("{s:s,s:i,s:i,s:i,s:s}", "ballot", b.zCode, "trustee", (int)iTrustee,
                                "decrypted", (int)nHave, "needed", (int)nNeed,
                                "note", nHave>=nNeed ? "enough trustees have decrypted: an officer can publish the result"
                                                     : "your share is on the board; more trustees must decrypt"));
}
