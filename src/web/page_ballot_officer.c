/* page_ballot_officer.c: an officer runs an online ballot from the web
** (docs/ballots.md, "From the web"): the create form (/ballots/new), the
** next steps on the ballot's page, the voter list for the credential
** authority (/ballots/CODE/voters.csv), the upload of its board and
** credentials.public (credentials.js, POST /api/v1/ballots/CODE/credentials),
** and the buttons for what the
** server does itself: close the ballot (the encrypted tally) and publish
** the result once enough trustees have decrypted. Creating, closing and
** publishing run the same `mandate ballot` command an officer would run
** (selfrun.h): one path, the same checks and the same words when it
** refuses. National officers only; everyone else gets a 403. */
#include "pages.h"
#include "html.h"
#include "selfrun.h"
#include "web_assets.h"
#include "../crypto/election.h"
#include "../domain/ballot.h"
#include "../domain/law.h"
#include "../domain/users.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TRUSTEE_FILES 16
#define MAX_UNITS 32

/* 0 for a national officer; otherwise 403 with a reason and -1. */
static int ballot_officer_only(Req *req){
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)==0 ) return 0;
  http_error(req, 403, "running a ballot is for national officers: ask one to set it up");
  return -1;
}

/*
** GET /ballots/new: the create form.
*/
void page_ballot_new(Req *req){
  LawSet *pLaw = 0;
  char *zErr = 0;
  if( ballot_officer_only(req) ) return;
  html_begin(req, "Create an online ballot");
  html_printf(req,
    "<h1>Create an online ballot</h1>\n"
    "<p>Before you start, the trustees hold their key ceremony (docs/ceremony.md) and send you their"
    " <code>trustee-N.public</code> files; the credential authority sends its <code>authority.public</code>."
    " Only public keys are pasted here: the server never holds a key that decrypts or a credential"
    " that votes.</p>\n"
    "<form class=\"stack\" method=\"post\" action=\"/ballots/new\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<div><label for=\"code\">Code (letters, digits, - _ .; in the members' links)</label>"
    "<input type=\"text\" id=\"code\" name=\"code\" maxlength=\"40\" required></div>\n"
    "<div><label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" maxlength=\"200\" required></div>\n"
    "<div><label for=\"kind\">Kind</label><select id=\"kind\" name=\"kind\">"
    "<option value=\"indicative\">indicative ballot</option>"
    "<option value=\"offer\">referendum on an offer</option>"
    "<option value=\"election\">internal election</option>"
    "<option value=\"motion\">motion</option></select></div>\n"
    "<div><label for=\"question\">Question</label><textarea id=\"question\" name=\"question\" rows=\"2\""
    " maxlength=\"1000\" required></textarea></div>\n"
    "<div><label for=\"answers\">Answers, separated by ; (empty: a yes/no question, which is what the"
    " law's thresholds judge)</label><input type=\"text\" id=\"answers\" name=\"answers\" maxlength=\"1000\"></div>\n"
    "<fieldset><legend>Who votes (active members)</legend>\n"
    "<div><label for=\"units\">Units (codes, separated by commas: their whole subtree; optional for a"
    " delegate conference)</label>"
    "<input type=\"text\" id=\"units\" name=\"units\" maxlength=\"2000\"></div>\n"
    "<div><label for=\"employer\">Only this employer (exact name; optional)</label>"
    "<input type=\"text\" id=\"employer\" name=\"employer\" maxlength=\"200\"></div>\n"
    "<div><label for=\"category\">Only this category (optional)</label>"
    "<input type=\"text\" id=\"category\" name=\"category\" maxlength=\"100\"></div>\n"
    "<div><label for=\"employment_type\">Only this employment type (optional)</label>"
    "<input type=\"text\" id=\"employment_type\" name=\"employment_type\" maxlength=\"40\"></div>\n"
    "</fieldset>\n<fieldset><legend>Delegate conference (weighted votes)</legend>\n"
    "<div><label for=\"weights\">For a delegate conference vote with public weights, the delegates and"
    " their votes, CSV: a header line <code>member,weight</code>, then a membership number and a whole number"
    " of votes (1 to 1000000) a line. Only these delegates vote, each ballot counting the delegate's votes;"
    " every delegate must be an active member (inside the units above, when given), and the filters above do"
    " not apply. Leave it empty for an ordinary ballot, one member one vote.</label>"
    "<textarea id=\"weights\" name=\"weights\" rows=\"6\" maxlength=\"60000\" spellcheck=\"false\""
    " placeholder=\"member,weight\"></textarea></div>\n"
    "</fieldset>\n<fieldset><legend>When (UTC)</legend>\n"
    "<div><label for=\"opens\">Voting opens</label><input type=\"datetime-local\" id=\"opens\" name=\"opens\" required></div>\n"
    "<div><label for=\"closes\">Voting closes</label><input type=\"datetime-local\" id=\"closes\" name=\"closes\" required></div>\n"
    "</fieldset>\n"
    "<div><label for=\"regime\">The law the result is judged under</label><select id=\"regime\" name=\"regime\">",
    req->zCsrf);
  if( law_load(0, &pLaw, &zErr)==0 ){
    for(int i=0; i<law_regime_count(pLaw); i++){
      const char *zId = json_string_value(json_object_get(law_regime_at(pLaw, i), "id"));
      const char *zName = json_string_value(json_object_get(law_regime_at(pLaw, i), "name"));
      html_printf(req, "<option value=\"%s\"%s>%s%s%s</option>", zId, strcmp(zId, "gb-tulrca-2016")==0 ? " selected" : "",
                  zId, zName ? ": " : "", zName ? zName : "");
    }
  }
  free(zErr);
  law_free(pLaw);
  html_raw(req,
    "</select></div>\n"
    "<div><input type=\"checkbox\" id=\"breakdown\" name=\"breakdown\" value=\"1\" checked>"
    "<label for=\"breakdown\">Count by workplace too (small workplaces merged), to see where a mandate"
    " could be won</label></div>\n"
    "<fieldset><legend>Keys (public halves only)</legend>\n"
    "<div><label for=\"trustees\">Every trustee's .public file, pasted one after another</label>"
    "<textarea id=\"trustees\" name=\"trustees\" rows=\"8\" maxlength=\"20000\" spellcheck=\"false\" required></textarea></div>\n"
    "<div><label for=\"authority\">The credential authority's authority.public</label>"
    "<textarea id=\"authority\" name=\"authority\" rows=\"2\" maxlength=\"2000\" spellcheck=\"false\" required></textarea></div>\n"
    "</fieldset>\n"
    "<div><button class=\"primary\" type=\"submit\">Create the ballot</button></div>\n"
    "</form>\n");
  html_end(req);
}

/* Write z[0..n) to DIR/NAME, without the carriage returns a browser puts
** in a textarea's lines. 0 or -1. */
static int write_text(const char *zDir, const char *zName, const char *z, size_t n, char *zPath, size_t nPath){
  snprintf(zPath, nPath, "%s/%s", zDir, zName);
  FILE *out = fopen(zPath, "wx");
  int bad = 0;
  if( out==0 ) return -1;
  for(size_t i=0; i<n; i++) if( z[i]!='\r' ) bad |= fputc(z[i], out)==EOF;
  return fclose(out) || bad ? -1 : 0;
}

/* The trustees' pasted files, split before each "index" line that
** follows another, into DIR/trustee-K.public, their paths in azPath. The
** count, or -1 after an error answer. */
static int split_trustees(Req *req, const char *zDir, const char *z, char azPath[][512]){
  int n = 0, hasIndex = 0;
  const char *zStart = z, *p = z;
  for(;;){
    int atEnd = *p==0;
    int isIndex = !atEnd && strncmp(p, "index ", 6)==0;
    if( atEnd || (isIndex && hasIndex) ){
      char zName[32];
      if( n>=MAX_TRUSTEE_FILES ){ http_error(req, 400, "trustees: at most %d files", MAX_TRUSTEE_FILES); return -1; }
      snprintf(zName, sizeof zName, "trustee-%d.public", n+1);
      if( write_text(zDir, zName, zStart, (size_t)(p-zStart), azPath[n], sizeof azPath[n]) ){
        http_error(req, 500, "cannot write the keys for the command");
        return -1;
      }
      n++;
      zStart = p;
      hasIndex = 0;
      if( atEnd ) break;
    }
    if( isIndex ) hasIndex = 1;
    const char *zEol = strchr(p, '\n');
    p = zEol ? zEol+1 : p + strlen(p);
  }
  return n;
}

/* The words of a command that refused, without the program's prefix. */
static const char *command_words(Req *req, Buf *pOut){
  Buf b = BUF_INIT;
  const char *z = buf_str(pOut);
  while( *z ){
    if( strncmp(z, "mandate: ", 9)==0 ) z += 9;
    const char *zEol = strchr(z, '\n');
    size_t n = zEol ? (size_t)(zEol-z+1) : strlen(z);
    buf_append(&b, z, n);
    z += n;
  }
  const char *zCopy = req_strdup(req, buf_str(&b));
  buf_reset(&b);
  return zCopy;
}

/*
** POST /ballots/new: create the ballot with `mandate ballot create`, then
** show its page and next steps.
*/
void page_ballot_create(Req *req){
  const char *azArg[32 + 2*MAX_UNITS + 2*MAX_TRUSTEE_FILES];
  char zDir[512], zAuth[512], zWeights[512], azTrustee[MAX_TRUSTEE_FILES][512];
  const char *zW = req_arg(req, "weights");
  int weighted = zW && zW[strspn(zW, " \t\r\n")]!=0;   /* a delegate conference */
  int nArg = 0, nTrustee, rc;
  Buf out = BUF_INIT;
  const char *zTmp = getenv("TMPDIR");
  if( ballot_officer_only(req) ) return;
  if( req_arg(req, "code")[0]=='-' ){ http_error(req, 400, "code: start it with a letter or a digit"); return; }
  snprintf(zDir, sizeof zDir, "%s/mandate-ballot-XXXXXX", zTmp && *zTmp ? zTmp : "/tmp");
  if( mkdtemp(zDir)==0 ){ http_error(req, 500, "cannot make a directory for the keys"); return; }
  zAuth[0] = 0;
  zWeights[0] = 0;
  for(int i=0; i<MAX_TRUSTEE_FILES; i++) azTrustee[i][0] = 0;
  azArg[nArg++] = "ballot"; azArg[nArg++] = "create"; azArg[nArg++] = req_arg(req, "code");
  azArg[nArg++] = "--title"; azArg[nArg++] = req_arg(req, "title");
  azArg[nArg++] = "--question"; azArg[nArg++] = req_arg(req, "question");
  azArg[nArg++] = "--kind"; azArg[nArg++] = req_arg(req, "kind");
  azArg[nArg++] = "--opens"; azArg[nArg++] = req_arg(req, "opens");
  azArg[nArg++] = "--closes"; azArg[nArg++] = req_arg(req, "closes");
  azArg[nArg++] = "--regime"; azArg[nArg++] = req_arg(req, "regime");
  if( req_arg(req, "answers") && *req_arg(req, "answers") ){ azArg[nArg++] = "--answers"; azArg[nArg++] = req_arg(req, "answers"); }
  if( req_arg(req, "employer") && *req_arg(req, "employer") ){ azArg[nArg++] = "--employer"; azArg[nArg++] = req_arg(req, "employer"); }
  if( req_arg(req, "category") && *req_arg(req, "category") ){ azArg[nArg++] = "--category"; azArg[nArg++] = req_arg(req, "category"); }
  if( req_arg(req, "employment_type") && *req_arg(req, "employment_type") ){
    azArg[nArg++] = "--employment-type"; azArg[nArg++] = req_arg(req, "employment_type");
  }
  if( req_arg(req, "breakdown") && *req_arg(req, "breakdown") ) azArg[nArg++] = "--breakdown";
  {
    const char *zGiven = req_arg(req, "units");   /* optional for a delegate conference */
    char *zUnits = req_strdup(req, zGiven ? zGiven : ""), *zSave = 0;
    int nUnit = 0;
    for(char *z = strtok_r(zUnits, ", ", &zSave); z; z = strtok_r(0, ", ", &zSave)){
      if( ++nUnit>MAX_UNITS ){ http_error(req, 400, "units: at most %d", MAX_UNITS); goto out; }
      azArg[nArg++] = "--unit"; azArg[nArg++] = z;
    }
    if( nUnit==0 && !weighted ){ http_error(req, 400, "units: give at least one unit code"); goto out; }
  }
  if( weighted ){   /* the pasted weights, as the command's file */
    if( write_text(zDir, "weights.csv", zW, strlen(zW), zWeights, sizeof zWeights) ){
      http_error(req, 500, "cannot write the weights for the command"); goto out;
    }
    azArg[nArg++] = "--weights"; azArg[nArg++] = zWeights;
  }
  {
    const char *zA = req_arg(req, "authority");
    if( write_text(zDir, "authority.public", zA, strlen(zA), zAuth, sizeof zAuth) ){
      http_error(req, 500, "cannot write the keys for the command"); goto out;
    }
    azArg[nArg++] = "--authority"; azArg[nArg++] = zAuth;
  }
  if( (nTrustee = split_trustees(req, zDir, req_arg(req, "trustees"), azTrustee))<0 ) goto out;
  for(int i=0; i<nTrustee; i++){ azArg[nArg++] = "--public"; azArg[nArg++] = azTrustee[i]; }
  azArg[nArg++] = "--db"; azArg[nArg++] = req->pSrv->zDbPath;
  azArg[nArg] = 0;
  rc = selfrun(azArg, &out);
  if( rc!=0 ){
    /* the weights file's problems name it as the officer knows it */
    const char *zWords = command_words(req, &out);
    if( zWeights[0] ){
      Buf b = BUF_INIT;
      size_t nPath = strlen(zWeights);
      for(const char *z = zWords; *z; ){
        if( strncmp(z, zWeights, nPath)==0 ){ buf_puts(&b, "weights"); z += nPath; }
        else buf_putc(&b, *z++);
      }
      zWords = req_strdup(req, buf_str(&b));
      buf_reset(&b);
    }
    http_error(req, rc==2 || rc==1 ? 400 : 500, "%s", zWords);
    goto out;
  }
  http_redirect(req, req_mprintf(req, "/ballots/%s", html_url(req, req_arg(req, "code"))));
out:
  if( zAuth[0] ) unlink(zAuth);
  if( zWeights[0] ) unlink(zWeights);
  for(int i=0; i<MAX_TRUSTEE_FILES; i++) if( azTrustee[i][0] ) unlink(azTrustee[i]);
  rmdir(zDir);
  buf_reset(&out);
}

/* The ballot named by "code", for an officer. 0, or -1 after an error. */
static int officer_ballot(Req *req, Ballot *pB){
  if( ballot_officer_only(req) ) return -1;
  int r = ballot_load(req->db, req_arg(req, "code"), pB);
  if( r<0 ){ http_error(req, 500, "cannot read the ballot"); return -1; }
  if( r>0 ){ http_error(req, 404, "there is no ballot with that code"); return -1; }
  return 0;
}

/*
** GET /ballots/CODE/voters.csv: the voter list for the credential
** authority (voter,group; no contact data).
*/
void page_ballot_voters(Req *req){
  Ballot b;
  Election e;
  char zWhy[300], *zErr = 0;
  if( officer_ballot(req, &b) ) return;
  char *zDir = ballot_board_dir(req->pSrv->zDbPath, b.zCode);
  char *zBoard = req_mprintf(req, "%s/board", zDir);
  free(zDir);
  if( ballot_election_load(zBoard, &e, zWhy, sizeof zWhy) ){
    election_clear(&e);
    http_error(req, 500, "cannot read the ballot's board");
    return;
  }
  Buf csv = BUF_INIT;
  if( ballot_voters_csv(req->db, &b, (const char *const*)e.azGroup, e.nGroup, 0, &csv, &zErr) ){
    http_error(req, 500, "cannot build the voter list");
  }else{
    buf_append(&req->out, csv.z, csv.n);
    req->zContentType = "text/csv; charset=utf-8";
    http_set_header(req, "Content-Disposition", req_mprintf(req, "attachment; filename=\"%s-voters.csv\"", b.zCode));
  }
  free(zErr);
  buf_reset(&csv);
  election_clear(&e);
}

/* zWords with every zPath in it read as zAs (a temporary file's name as
** the officer knows the file). */
static const char *words_naming(Req *req, const char *zWords, const char *zPath, const char *zAs){
  Buf b = BUF_INIT;
  size_t nPath = strlen(zPath);
  for(const char *z = zWords; *z; ){
    if( strncmp(z, zPath, nPath)==0 ){ buf_puts(&b, zAs); z += nPath; }
    else buf_putc(&b, *z++);
  }
  const char *zCopy = req_strdup(req, buf_str(&b));
  buf_reset(&b);
  return zCopy;
}

/*
** POST /api/v1/ballots/CODE/credentials: the credential authority's work,
** uploaded from the officer's page (credentials.js) as one JSON body
** {"board": its copy of the board, "map": credentials.public}. Runs the
** same import as `mandate ballot import-credentials` (all or nothing):
** 201 with the count, or 400 with its reasons.
*/
void api_ballot_credentials(Req *req){
  Ballot b;
  json_error_t jerr;
  json_t *pBody = 0, *pBoard, *pMap;
  char zDir[512], zAuth[600] = "", *zErr = 0;
  const char *zTmp = getenv("TMPDIR");
  int64_t nNew = 0;
  if( officer_ballot(req, &b) ) return;
  pBody = json_loadb(req->body.z ? req->body.z : "", req->body.n, 0, &jerr);
  pBoard = json_object_get(pBody, "board");
  pMap = json_object_get(pBody, "map");
  if( !json_is_string(pBoard) || !json_is_string(pMap) ){
    http_error(req, 400, "send a JSON object {\"board\": the authority's copy of the board,"
               " \"map\": the text of credentials.public}");
    json_decref(pBody);
    return;
  }
  snprintf(zDir, sizeof zDir, "%s/mandate-credentials-XXXXXX", zTmp && *zTmp ? zTmp : "/tmp");
  if( mkdtemp(zDir)==0 ){
    http_error(req, 500, "cannot make a directory for the authority's board");
    json_decref(pBody);
    return;
  }
  snprintf(zAuth, sizeof zAuth, "%s/board", zDir);
  FILE *pFile = fopen(zAuth, "wx");
  size_t nBoard = json_string_length(pBoard);
  if( pFile==0 || fwrite(json_string_value(pBoard), 1, nBoard, pFile)!=nBoard || fclose(pFile) ){
    if( pFile==0 ) zAuth[0] = 0;
    http_error(req, 500, "cannot write the authority's board for the import");
    goto out;
  }
  {
    char *zDirB = ballot_board_dir(req->pSrv->zDbPath, b.zCode);
    char *zBoard = req_mprintf(req, "%s/board", zDirB);
    free(zDirB);
    if( ballot_import_credentials(req->db, &b, zBoard, zAuth, "credentials.public",
                                  json_string_value(pMap), json_string_length(pMap), &nNew, &zErr) ){
      http_error(req, 400, "the credentials are not imported: %s",
                 words_naming(req, zErr ? zErr : "", zAuth, "the authority's board"));
      goto out;
    }
  }
  http_json(req, 201, json_pack("{s:s, s:I, s:s, s:s}", "ballot", b.zCode, "imported", (json_int_t)nNew,
                                "opens", b.zOpens, "closes", b.zCloses));
out:
  free(zErr);
  if( zAuth[0] ) unlink(zAuth);
  rmdir(zDir);
  json_decref(pBody);
}

/* Run `mandate ballot VERB CODE --db PATH` for the officer's button, then
** back to the ballot's page; a refusal is a 409 with the command's words. */
static void ballot_button(Req *req, const char *zVerb){
  Ballot b;
  Buf out = BUF_INIT;
  if( officer_ballot(req, &b) ) return;
  const char *azArg[] = { "ballot", zVerb, b.zCode, "--db", req->pSrv->zDbPath, 0 };
  int rc = selfrun(azArg, &out);
  if( rc==0 ) http_redirect(req, req_mprintf(req, "/ballots/%s", html_url(req, b.zCode)));
  else http_error(req, rc==1 ? 409 : 500, "%s", command_words(req, &out));
  buf_reset(&out);
}

/*
** POST /ballots/CODE/close: after the close, the encrypted tally.
*/
void page_ballot_close(Req *req){
  ballot_button(req, "close");
}

/*
** POST /ballots/CODE/publish: combine the trustees' decryptions and
** publish the result (`mandate ballot result`).
*/
void page_ballot_publish(Req *req){
  ballot_button(req, "result");
}

/* A form with one button that posts to /ballots/CODE/zAction. */
static void button_form(Req *req, const Ballot *pB, const char *zAction, const char *zLabel){
  html_printf(req, "<form method=\"post\" action=\"/ballots/%s/%s\"><input type=\"hidden\" name=\"csrf\""
              " value=\"%s\"><button class=\"primary\" type=\"submit\">%s</button></form>\n",
              html_url(req, pB->zCode), zAction, req->zCsrf, zLabel);
}

void ballot_officer_steps(Req *req, const Ballot *pB, const char *zNow){
  const char *zState = ballot_state(pB, zNow);
  char *zDir;
  if( strcmp(req->user.zRole, ROLE_NATIONAL_OFFICER)!=0 ) return;
  zDir = ballot_board_dir(req->pSrv->zDbPath, pB->zCode);
  html_raw(req, "<h2>Next steps</h2>\n<ol class=\"steps\">\n");
  html_printf(req, "<li%s><strong>Credentials.</strong> Give the credential authority the <a href=\"/ballots/%s/voters.csv\">"
              "voter list</a> (voter numbers and workplace groups, no contact data) and a copy of the board"
              " <code>%s/board</code>. On its own machine it runs <code>mandate authority credentials</code>"
              " once per group%s, mails each member their credential, and sends back its board and the public"
              " halves only; then import them: <code>mandate ballot import-credentials %s --board-from DIR"
              " --map credentials.public --db DB</code>.%s\n",
              strcmp(zState, "created")==0 ? " aria-current=\"step\"" : "", html_url(req, pB->zCode), zDir,
              pB->weighted ? " and weight (with <code>--weight</code>: <code>mandate ballot voters</code> prints each run)" : "",
              pB->zCode,
              pB->zCredentialsAt[0] ? req_mprintf(req, " Done %s.", pB->zCredentialsAt) : "");
  if( !pB->zCredentialsAt[0] ){
    /* the upload (credentials.js shows it; without JavaScript, the command above) */
    html_printf(req, "<form id=\"credentials\" class=\"stack\" hidden data-code=\"%s\" data-csrf=\"%s\">\n"
                "<p>Or upload them here:</p>\n"
                "<div><label for=\"credentials-board\">The authority's copy of the board (<code>board</code>)</label>"
                "<input type=\"file\" id=\"credentials-board\" required></div>\n"
                "<div><label for=\"credentials-map\">The public halves (<code>credentials.public</code>)</label>"
                "<input type=\"file\" id=\"credentials-map\" required></div>\n"
                "<div><button class=\"primary\" type=\"submit\">Import the credentials</button></div>\n"
                "<p id=\"credentials-status\" role=\"status\" hidden></p>\n"
                "<pre id=\"credentials-error\" role=\"alert\" hidden></pre>\n"
                "</form>\n"
                "<script type=\"module\" src=\"/static/js/%s/credentials.js\"></script>\n",
                pB->zCode, req->zCsrf, zWebAssetVersion);
  }
  html_raw(req, "</li>\n");
  html_printf(req, "<li%s><strong>Voting</strong>, %s to %s: members open their link (<code>/vote/%s</code>) and"
              " vote from their own device. Watch the turnout below and send reps the not-voted lists.</li>\n",
              strcmp(zState, "open")==0 || strcmp(zState, "credentials")==0 ? " aria-current=\"step\"" : "",
              pB->zOpens, pB->zCloses, pB->zCode);
  html_printf(req, "<li%s><strong>Close.</strong> After %s, the server adds the encrypted tally to the board.",
              strcmp(zState, "ended")==0 ? " aria-current=\"step\"" : "", pB->zCloses);
  html_raw(req, "</li>\n");
  if( strcmp(zState, "ended")==0 ) button_form(req, pB, "close", "Close the ballot and add the tally");
  html_printf(req, "<li%s><strong>Trustees decrypt.</strong> Send each trustee the link to <a href=\"/ballots/%s/trustee\">"
              "the trustee page</a>, where their browser works out their share from their key file (the key"
              " never leaves their computer), or they run <code>mandate trustee decrypt --secret trustee-N.secret"
              " --board %s</code>; when enough have, publish the result.</li>\n",
              strcmp(zState, "closed")==0 ? " aria-current=\"step\"" : "", html_url(req, pB->zCode), zDir);
  if( strcmp(zState, "closed")==0 ) button_form(req, pB, "publish", "Publish the result");
  html_printf(req, "<li%s><strong>Result.</strong> <a href=\"/ballots/%s/result\">The result</a>: the outcome under"
              " the law, and where a mandate could be won.</li>\n</ol>\n",
              strcmp(zState, "counted")==0 ? " aria-current=\"step\"" : "", html_url(req, pB->zCode));
  free(zDir);
}
