/* credmail.c: the credential authority's mail merge (credmail.h): its
** credentials files joined with the voter list; each voter's voting code
** queued in the authority's own outbox as an email or a text message, or
** printed as a letter; codes sent again on request; the delivery report. */
#include "credmail.h"
#include "outbox.h"
#include "../util/buf.h"
#include "../util/csv.h"
#include "../util/escape.h"
#include "../util/mem.h"
#include "../util/strmap.h"
#include "../util/template.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const credmail_azState[CREDMAIL_NSTATE] = { "queued", "sending", "sent", "failed", "bounced", "printed" };

static const char zDefaultTemplate[] =
  "Dear {first_name},\n\n"
  "This is your voting code for \"{title}\", from the independent scrutineer:\n\n"
  "    {code}\n\n"
  "Vote here, on your phone or computer: {link}\n"
  "Enter the code when the page asks for it. Keep it to yourself: anyone who\n"
  "has it can vote in your place. You can vote again until the close; only\n"
  "your last vote counts.\n";

static const char zDefaultSmsTemplate[] =
  "{title}: your voting code is {code} - vote at {link} (keep it to yourself; your last vote counts)";

int credmail_channel_parse(const char *z, CredChannel *p){
  static const char *const az[] = { "auto", "email", "sms", "letter" };
  for(int i=0; z && i<4; i++) if( strcmp(z, az[i])==0 ){ *p = (CredChannel)i; return 0; }
  return -1;
}

/* One credential: the voter's name (voter-NNNNNNN) and secret half. */
typedef struct Cred Cred;
struct Cred { char zVoter[16]; char zSecret[65]; int used; };

/* The columns of voters.csv with contacts. */
enum { VF_VOTER, VF_GROUP, VF_FIRST, VF_LAST, VF_EMAIL, VF_MOBILE, VF_ADDR1, VF_ADDR2, VF_TOWN, VF_POSTCODE, VF_N };
static const char *const azVoterCol[VF_N] = { "voter", "group", "first_name", "last_name", "email", "mobile",
  "address_line1", "address_line2", "town", "postcode" };

/* One voter of voters.csv: its line there, credential and fields. */
typedef struct Voter Voter;
struct Voter { int line; int64_t iCred; char *az[VF_N]; };

/* The credentials joined with the voter list. */
typedef struct Merge Merge;
struct Merge {
  char zBallot[48];        /* CODE, from the link */
  StrMap credMap;          /* voter-NNNNNNN -> index in aCred */
  Cred *aCred;
  int64_t nCred;
  StrMap voterMap;         /* voter-NNNNNNN -> index in aVoter */
  Voter *aVoter;
  int64_t nVoter;
};

/* The ballot's CODE from a link ending /vote/CODE into zCode. 0 or -1. */
static int link_ballot(const char *zLink, char zCode[48], char **pzErr){
  static const char zWant[] = "--link must be the ballot's voting page, https://UNION/vote/CODE";
  if( zLink==0 || (strncmp(zLink, "https://", 8)!=0 && strncmp(zLink, "http://", 7)!=0) ){
    return buf_error(pzErr, "%s", zWant);
  }
  const char *zLast = 0;
  for(const char *z = strstr(zLink, "/vote/"); z; z = strstr(z+1, "/vote/")) zLast = z;
  const char *zC = zLast ? zLast+6 : "";
  size_t n = strlen(zC);
  if( n==0 || n>40 || strspn(zC, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")!=n ){
    return buf_error(pzErr, "%s: %s does not end in /vote/ and the ballot's code", zWant, zLink);
  }
  memcpy(zCode, zC, n+1);
  return 0;
}

/* Read the credentials files into m->aCred and m->credMap. 0, or -1 with
** *pzErr naming FILE:LINE. */
static int read_credentials(const CredMailSpec *p, Merge *m, char **pzErr){
  int64_t nAlloc = 0;
  for(int f=0; f<p->nCred; f++){
    const char *z = p->azCred[f];
    int line = 0;
    while( *z ){
      const char *zEnd = strchr(z, '\n');
      size_t len = zEnd ? (size_t)(zEnd - z) : strlen(z);
      char zLine[400];
      line++;
      if( len>0 && z[len-1]=='\r' ) len--;
      if( len>=sizeof zLine ) return buf_error(pzErr, "%s:%d:1: the line is too long for a credential", p->azCredName[f], line);
      memcpy(zLine, z, len); zLine[len] = 0;
      z = zEnd ? zEnd+1 : z+len;
      if( zLine[0]==0 || zLine[0]=='#' ) continue;
      char zV[32], zS[80], zP[80];
      int nRead = 0;
      if( sscanf(zLine, "%31s %79s %79s %n", zV, zS, zP, &nRead)!=3 || zLine[nRead]!=0
       || strncmp(zV, "voter-", 6)!=0 || strlen(zV)!=13 || strlen(zS)!=64 || strspn(zS, "0123456789abcdef")!=64 ){
        sodium_memzero(zLine, sizeof zLine);
        return buf_error(pzErr, "%s:%d:1: expected 'voter-NNNNNNN SECRET PUBLIC' (the authority's"
                         " credentials file, with its secret halves)", p->azCredName[f], line);
      }
      if( m->nCred==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; m->aCred = xrealloc(m->aCred, (size_t)nAlloc*sizeof *m->aCred); }
      Cred *c = &m->aCred[m->nCred];
      memcpy(c->zVoter, zV, 14);   /* "voter-NNNNNNN" and its NUL, checked above */
      memcpy(c->zSecret, zS, 65);
      c->used = 0;
      sodium_memzero(zLine, sizeof zLine);
      sodium_memzero(zS, sizeof zS);
      m->nCred++;
      if( !strmap_add(&m->credMap, zV, m->nCred-1, 0) ){
        return buf_error(pzErr, "%s:%d:1: %s has a credential already", p->azCredName[f], line, zV);
      }
    }
  }
  return 0;
}

/* A field as the server wrote it, less the quote that keeps a spreadsheet
** from reading "=...", "+...", "-...", "@..." as a formula. Owned. */
static char *unformula(const char *z){
  if( z[0]=='\'' && z[1] && strchr("=+-@\t\r", z[1]) ) z++;
  return xstrdup(z);
}

/* Read voters.csv into m->aVoter, each joined to its credential; every
** credential must have exactly one voter. 0, or -1 with *pzErr. */
static int read_voters(const CredMailSpec *p, Merge *m, char **pzErr){
  CsvReader *r = csv_open(p->zVoters, strlen(p->zVoters));
  CsvRow row;
  char *zCsvErr = 0;
  int k, rc = -1, ok = 1;
  int64_t nAlloc = 0;
  if( (k = csv_read(r, &row, &zCsvErr))!=1 || row.nField!=VF_N ) ok = 0;
  for(int i=0; ok && i<VF_N; i++) if( strcmp(row.azField[i], azVoterCol[i])!=0 ) ok = 0;
  if( !ok ){
    if( zCsvErr ){ buf_error(pzErr, "%s: %s", p->zVotersName, zCsvErr); goto done; }
    buf_error(pzErr, "%s:1:1: expected the header voter,group,first_name,last_name,email,mobile,"
              "address_line1,address_line2,town,postcode (from 'mandate ballot voters CODE --with-contacts')",
              p->zVotersName);
    goto done;
  }
  while( (k = csv_read(r, &row, &zCsvErr))==1 ){
    int64_t i;
    if( row.nField!=VF_N ){
      buf_error(pzErr, "%s:%d:1: expected %d fields, found %d", p->zVotersName, row.line, VF_N, row.nField);
      goto done;
    }
    if( !strmap_get(&m->credMap, row.azField[0], &i) ){
      buf_error(pzErr, "%s:%d:1: %s has no credential in the credentials files", p->zVotersName, row.line,
                row.azField[0]);
      goto done;
    }
    if( m->aCred[i].used++ ){
      buf_error(pzErr, "%s:%d:1: %s is listed twice", p->zVotersName, row.line, row.azField[0]);
      goto done;
    }
    if( m->nVoter==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; m->aVoter = xrealloc(m->aVoter, (size_t)nAlloc*sizeof *m->aVoter); }
    Voter *v = &m->aVoter[m->nVoter++];
    v->line = row.line;
    v->iCred = i;
    for(int f=0; f<VF_N; f++) v->az[f] = unformula(row.azField[f]);
    strmap_add(&m->voterMap, v->az[VF_VOTER], m->nVoter-1, 0);
  }
  if( k<0 ){ buf_error(pzErr, "%s: %s", p->zVotersName, zCsvErr); goto done; }
  for(int64_t i=0; i<m->nCred; i++){
    if( !m->aCred[i].used ){
      buf_error(pzErr, "%s is in the credentials files but not in %s: is this the right voter list?",
                m->aCred[i].zVoter, p->zVotersName);
      goto done;
    }
  }
  rc = 0;
done:
  free(zCsvErr);
  csv_close(r);
  return rc;
}

static void merge_clear(Merge *m){
  if( m->aCred ) sodium_memzero(m->aCred, (size_t)m->nCred*sizeof *m->aCred);
  free(m->aCred);
  for(int64_t i=0; i<m->nVoter; i++) for(int f=0; f<VF_N; f++) free(m->aVoter[i].az[f]);
  free(m->aVoter);
  strmap_clear(&m->credMap);
  strmap_clear(&m->voterMap);
  memset(m, 0, sizeof *m);
}

/* Check the templates and the link, read and join the files. 0 or -1. */
static int merge_load(const CredMailSpec *p, Merge *m, char **pzErr){
  const char *zT = p->zTemplate ? p->zTemplate : zDefaultTemplate;
  const char *zS = p->zSmsTemplate ? p->zSmsTemplate : zDefaultSmsTemplate;
  memset(m, 0, sizeof *m);
  if( strstr(zT, "{code}")==0 || strstr(zT, "{link}")==0 ) return buf_error(pzErr, "the message must hold {code} and {link}");
  if( strstr(zS, "{code}")==0 || strstr(zS, "{link}")==0 ) return buf_error(pzErr, "the text message must hold {code} and {link}");
  if( link_ballot(p->zLink, m->zBallot, pzErr) ) return -1;
  if( read_credentials(p, m, pzErr) || read_voters(p, m, pzErr) ) return -1;
  return 0;
}

/* The messages to queue, with what they borrow. */
typedef struct Outgoing Outgoing;
struct Outgoing {
  OutboxNew *a;
  Buf *aBody;              /* the bodies: wiped at the end (they hold codes) */
  char **azRef;            /* "CODE/voter-NNNNNNN" */
  const Voter **apVoter;   /* who each is for, to name them in errors */
  int n, nAlloc;
  char *zSubject;
};

static void outgoing_clear(Outgoing *o){
  for(int i=0; i<o->n; i++){
    if( o->aBody[i].z ) sodium_memzero(o->aBody[i].z, o->aBody[i].n);
    buf_reset(&o->aBody[i]);
    free(o->azRef[i]);
  }
  free(o->a); free(o->aBody); free(o->azRef); free(o->apVoter); free(o->zSubject);
  memset(o, 0, sizeof *o);
}

/* The placeholders of a credential message, in the order of their values. */
static const char *const azCredKey[] = { "{first_name}", "{title}", "{link}", "{code}" };

/* Add voter v's code by zChannel ("email" or "sms") to o. */
static void outgoing_add(Outgoing *o, const CredMailSpec *p, const Merge *m, const Voter *v, const char *zChannel){
  int isEmail = strcmp(zChannel, "email")==0;
  if( o->zSubject==0 ){
    Buf s = BUF_INIT;
    buf_printf(&s, "Your voting code: %s", p->zTitle);
    if( p->zSubject ){ buf_reset(&s); buf_puts(&s, p->zSubject); }
    o->zSubject = buf_steal(&s);
  }
  if( o->n==o->nAlloc ){
    o->nAlloc = o->nAlloc ? 2*o->nAlloc : 64;
    o->a = xrealloc(o->a, (size_t)o->nAlloc*sizeof *o->a);
    o->aBody = xrealloc(o->aBody, (size_t)o->nAlloc*sizeof *o->aBody);
    o->azRef = xrealloc(o->azRef, (size_t)o->nAlloc*sizeof *o->azRef);
    o->apVoter = xrealloc(o->apVoter, (size_t)o->nAlloc*sizeof *o->apVoter);
  }
  int i = o->n++;
  Buf ref = BUF_INIT;
  buf_printf(&ref, "%s/%s", m->zBallot, v->az[VF_VOTER]);
  o->azRef[i] = buf_steal(&ref);
  o->aBody[i] = (Buf)BUF_INIT;
  o->apVoter[i] = v;
  const char *azVal[4] = { v->az[VF_FIRST][0] ? v->az[VF_FIRST] : "member", p->zTitle, p->zLink,
                           m->aCred[v->iCred].zSecret };
  const char *zT = isEmail ? (p->zTemplate ? p->zTemplate : zDefaultTemplate)
                           : (p->zSmsTemplate ? p->zSmsTemplate : zDefaultSmsTemplate);
  template_fill(&o->aBody[i], zT, azCredKey, azVal, 4);
  memset(&o->a[i], 0, sizeof o->a[i]);
  o->a[i].zChannel = isEmail ? "email" : "sms";
  o->a[i].zRecipient = isEmail ? v->az[VF_EMAIL] : v->az[VF_MOBILE];
  o->a[i].zSubject = isEmail ? o->zSubject : 0;
  o->a[i].zBody = buf_str(&o->aBody[i]);
  o->a[i].zPurpose = "credential";
  o->a[i].zRef = o->azRef[i];
}

/* The outbox's "message N: WHY" said of voter N's line in voters.csv. */
static int outbox_error_named(const CredMailSpec *p, const Outgoing *o, char **pzErr){
  int k = 0, nSkip = 0;
  if( *pzErr && sscanf(*pzErr, "message %d: %n", &k, &nSkip)==1 && nSkip>0 && k>=1 && k<=o->n ){
    const Voter *v = o->apVoter[k-1];
    char *zOld = *pzErr;
    *pzErr = 0;
    buf_error(pzErr, "%s:%d:1: %s: %s", p->zVotersName, v->line, v->az[VF_VOTER], zOld+nSkip);
    free(zOld);
  }
  return -1;
}

/* 1 when voter v has a postal address a letter can go to. */
static int has_postal_address(const Voter *v){
  return v->az[VF_ADDR1][0] && (v->az[VF_TOWN][0] || v->az[VF_POSTCODE][0]);
}

/* The time now, as stored: "2026-11-23T10:00:00Z". */
static void now_iso(char zOut[24]){
  time_t t = time(0);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The printable letters: one A4 page each, the address where a window
** envelope (DL or C5, window on the left) shows it. */
static void letters_html(Buf *pOut, const CredMailSpec *p, const Merge *m, const Voter *const *ap, int64_t n){
  buf_puts(pOut, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Voting codes: ");
  html_escape(pOut, p->zTitle);
  buf_puts(pOut, "</title>\n<style>\n"
    "@page { size: A4; margin: 0; }\n"
    "* { box-sizing: border-box; }\n"
    "body { margin: 0; font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #000; }\n"
    ".letter { position: relative; width: 210mm; height: 297mm; overflow: hidden; break-after: page; page-break-after: always; }\n"
    ".letter:last-child { break-after: auto; page-break-after: auto; }\n"
    ".from { position: absolute; top: 15mm; left: 20mm; right: 20mm; font-size: 9pt; }\n"
    "/* the window of a DL or C5 envelope: 20 mm from the left, 45 mm from the top */\n"
    ".address { position: absolute; top: 50mm; left: 25mm; width: 85mm; height: 35mm; font-size: 11pt; line-height: 1.3; }\n"
    ".ref { position: absolute; top: 50mm; right: 20mm; text-align: right; font-size: 9pt; }\n"
    ".body { position: absolute; top: 95mm; left: 20mm; right: 20mm; }\n"
    "h1 { font-size: 15pt; margin: 0 0 4mm; }\n"
    ".code { font-family: 'DejaVu Sans Mono', monospace; font-size: 14pt; border: 0.5mm solid #000;"
    " padding: 3mm 4mm; margin: 3mm 0; word-spacing: 0.4em; }\n"
    ".link { font-family: 'DejaVu Sans Mono', monospace; font-weight: bold; word-break: break-all; }\n"
    "ol { padding-left: 6mm; } li { margin-bottom: 1.5mm; }\n"
    "@media screen { body { background: #ccc; } .letter { background: #fff; margin: 10mm auto; } }\n"
    "</style>\n</head>\n<body>\n");
  for(int64_t i=0; i<n; i++){
    const Voter *v = ap[i];
    const char *zFirst = v->az[VF_FIRST][0] ? v->az[VF_FIRST] : "member";
    buf_puts(pOut, "<section class=\"letter\">\n<p class=\"from\">From the independent scrutineer of the ballot &ldquo;");
    html_escape(pOut, p->zTitle);
    buf_puts(pOut, "&rdquo;. Private: for the addressee only.</p>\n<p class=\"address\">");
    html_escape(pOut, v->az[VF_FIRST]);
    if( v->az[VF_FIRST][0] && v->az[VF_LAST][0] ) buf_putc(pOut, ' ');
    html_escape(pOut, v->az[VF_LAST]);
    for(int f=VF_ADDR1; f<=VF_POSTCODE; f++){
      if( v->az[f][0]==0 ) continue;
      buf_puts(pOut, "<br>");
      html_escape(pOut, v->az[f]);
    }
    buf_puts(pOut, "</p>\n<p class=\"ref\">Ballot ");
    html_escape(pOut, m->zBallot);
    buf_puts(pOut, "<br>");
    html_escape(pOut, v->az[VF_VOTER]);
    buf_puts(pOut, "</p>\n<div class=\"body\">\n<h1>Your voting code</h1>\n<p>Dear ");
    html_escape(pOut, zFirst);
    buf_puts(pOut, ",</p>\n<p>This is your own voting code for the ballot &ldquo;");
    html_escape(pOut, p->zTitle);
    buf_puts(pOut, "&rdquo;. It comes from the independent scrutineer, not from the union:"
                   " nobody at the union has it.</p>\n<p class=\"code\">");
    const char *zCode = m->aCred[v->iCred].zSecret;
    for(int g=0; g<64; g+=8){ if( g ) buf_putc(pOut, ' '); buf_append(pOut, zCode+g, 8); }
    buf_puts(pOut, "</p>\n<h2>How to vote</h2>\n<ol>\n<li>On a phone, tablet or computer, go to <span class=\"link\">");
    html_escape(pOut, p->zLink);
    buf_puts(pOut, "</span></li>\n"
      "<li>Read the question and choose your answer.</li>\n"
      "<li>Type in the voting code above when the page asks for it. The spaces do not matter.</li>\n"
      "<li>Send your vote. The page shows a tracker: keep it to check later that your vote was counted.</li>\n"
      "</ol>\n"
      "<p>You may vote again until the ballot closes: only your last vote counts.</p>\n"
      "<p>Your vote is secret: the union cannot see how you vote.</p>\n"
      "<p>Keep this code to yourself: anyone who has it can vote in your place. If you lose it,"
      " ask the union to have it sent to you again.</p>\n</div>\n</section>\n");
  }
  buf_puts(pOut, "</body>\n</html>\n");
}

/* Queue o's messages, record the letters ap[0..nLetter) and have
** p->xLetters write them, in one transaction. 0 or -1 with *pzErr. */
static int commit_all(Db *db, const CredMailSpec *p, const Merge *m, const Outgoing *o,
                      const Voter *const *ap, int64_t nLetter, char **pzErr){
  Buf html = BUF_INIT;
  int wrote = 0, rc = -1;
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( o->n && outbox_enqueue_in_tx(db, o->a, o->n, 0, pzErr) ){ outbox_error_named(p, o, pzErr); goto done; }
  if( nLetter ){
    char zNow[24];
    now_iso(zNow);
    DbStmt *s = db_prepare(db, "INSERT INTO credential_letters(ballot, voter_no, printed_at) VALUES(?,?,?)");
    for(int64_t i=0; i<nLetter; i++){
      db_bind_text(s, 1, m->zBallot);
      db_bind_int(s, 2, strtoll(ap[i]->az[VF_VOTER]+6, 0, 10));
      db_bind_text(s, 3, zNow);
      if( db_step(s)!=DB_DONE ){
        buf_error(pzErr, "%s: %s", ap[i]->az[VF_VOTER], db_errmsg(db));
        db_finalize(s);
        goto done;
      }
      db_reset(s);
    }
    db_finalize(s);
    letters_html(&html, p, m, ap, nLetter);
    if( p->xLetters(p->pLettersCtx, html.z, html.n, pzErr) ) goto done;
    wrote = 1;
  }
  if( db_commit(db) ){
    buf_error(pzErr, "%s", db_errmsg(db));
    if( wrote ){ char *zIgnore = 0; p->xLetters(p->pLettersCtx, 0, 0, &zIgnore); free(zIgnore); }
    goto done;
  }
  rc = 0;
done:
  if( rc ) db_rollback(db);
  if( html.z ) sodium_memzero(html.z, html.n);
  buf_reset(&html);
  return rc;
}

/* Append voter v's number to the list of those sent nothing. */
static void no_address(CredMailDone *pOut, Buf *pList, const Voter *v){
  if( pOut->nNoAddress++ ) buf_putc(pList, ',');
  buf_puts(pList, v->az[VF_VOTER]);
}

int credmail_enqueue(Db *db, const CredMailSpec *p, CredMailDone *pOut, char **pzErr){
  Merge m;
  Outgoing o;
  Buf noAddr = BUF_INIT;
  const Voter **apLetter = 0;
  int64_t nLetter = 0;
  int rc = -1;
  memset(pOut, 0, sizeof *pOut);
  memset(&o, 0, sizeof o);
  if( merge_load(p, &m, pzErr) ) goto done;
  {
    DbStmt *s = db_prepare(db, "SELECT (SELECT count(*) FROM outbox WHERE purpose='credential' AND substr(ref,1,?)=?),"
                               " (SELECT count(*) FROM credential_letters WHERE ballot=?)");
    Buf pre = BUF_INIT;
    buf_printf(&pre, "%s/", m.zBallot);
    db_bind_int(s, 1, (int64_t)pre.n);
    db_bind_text(s, 2, buf_str(&pre));
    db_bind_text(s, 3, m.zBallot);
    int r = db_step(s);
    int64_t nMsg = r==DB_ROW ? db_col_int(s, 0) : 0, nLet = r==DB_ROW ? db_col_int(s, 1) : 0;
    db_finalize(s);
    buf_reset(&pre);
    if( r!=DB_ROW ){ buf_error(pzErr, "%s", db_errmsg(db)); goto done; }
    if( nMsg || nLet ){
      buf_error(pzErr, "the codes of ballot %s were sent already (%lld messages, %lld letters): to send a"
                " voter's code again use --resend; for the delivery report, --report",
                m.zBallot, (long long)nMsg, (long long)nLet);
      goto done;
    }
  }
  apLetter = xcalloc((size_t)m.nVoter+1, sizeof *apLetter);
  for(int64_t i=0; i<m.nVoter; i++){
    const Voter *v = &m.aVoter[i];
    int hasEmail = v->az[VF_EMAIL][0]!=0, hasMobile = v->az[VF_MOBILE][0]!=0;
    CredChannel c = p->channel;
    if( c==CRED_AUTO ) c = hasEmail ? CRED_EMAIL : hasMobile ? CRED_SMS : CRED_LETTER;
    if( c==CRED_EMAIL ){
      if( hasEmail ){ outgoing_add(&o, p, &m, v, "email"); pOut->nEmail++; }
      else no_address(pOut, &noAddr, v);
    }else if( c==CRED_SMS ){
      if( hasMobile ){ outgoing_add(&o, p, &m, v, "sms"); pOut->nSms++; }
      else no_address(pOut, &noAddr, v);
    }else if( has_postal_address(v) ){
      apLetter[nLetter++] = v;
    }else{
      no_address(pOut, &noAddr, v);
    }
  }
  if( nLetter && p->xLetters==0 ){
    buf_error(pzErr, "%lld voters get their code by letter (they have no email or mobile%s):"
              " give --letters FILE.html to print them", (long long)nLetter,
              p->channel==CRED_LETTER ? ", or --channel letter" : "");
    goto done;
  }
  if( commit_all(db, p, &m, &o, apLetter, nLetter, pzErr) ) goto done;
  pOut->nLetter = nLetter;
  memcpy(pOut->zBallot, m.zBallot, sizeof pOut->zBallot);
  pOut->zNoAddress = buf_steal(&noAddr);
  rc = 0;
done:
  if( rc ){ pOut->nEmail = pOut->nSms = pOut->nNoAddress = 0; }
  free(apLetter);
  outgoing_clear(&o);
  merge_clear(&m);
  buf_reset(&noAddr);
  return rc;
}

/* 1 when z is a time as the files exchange them: YYYY-MM-DDTHH:MM:SSZ. */
static int iso_time_ok(const char *z){
  static const char zShape[] = "dddd-dd-ddTdd:dd:ddZ";
  if( strlen(z)!=sizeof zShape-1 ) return 0;
  for(size_t i=0; zShape[i]; i++){
    if( zShape[i]=='d' ? (z[i]<'0' || z[i]>'9') : z[i]!=zShape[i] ) return 0;
  }
  return 1;
}

int credmail_resend(Db *db, const CredMailSpec *p, const char *zReqName, const char *zReq,
                    CredMailDone *pOut, char **pzErr){
  Merge m;
  Outgoing o;
  StrMap seen = STRMAP_INIT;
  CsvReader *r = 0;
  CsvRow row;
  char *zCsvErr = 0;
  int k, rc = -1;
  memset(pOut, 0, sizeof *pOut);
  memset(&o, 0, sizeof o);
  if( merge_load(p, &m, pzErr) ) goto done;
  r = csv_open(zReq, strlen(zReq));
  if( (k = csv_read(r, &row, &zCsvErr))!=1 || row.nField!=4 || strcmp(row.azField[0], "ballot")!=0
   || strcmp(row.azField[1], "voter")!=0 || strcmp(row.azField[2], "channel")!=0
   || strcmp(row.azField[3], "requested_at")!=0 ){
    if( zCsvErr ) buf_error(pzErr, "%s: %s", zReqName, zCsvErr);
    else buf_error(pzErr, "%s:1:1: expected the header ballot,voter,channel,requested_at"
                   " (the server's requests for a code again)", zReqName);
    goto done;
  }
  while( (k = csv_read(r, &row, &zCsvErr))==1 ){
    int64_t iV;
    if( row.nField!=4 ){
      buf_error(pzErr, "%s:%d:1: expected 4 fields (ballot,voter,channel,requested_at), found %d",
                zReqName, row.line, row.nField);
      goto done;
    }
    const char *zChan = row.azField[2];
    if( strcmp(row.azField[0], m.zBallot)!=0 ){
      buf_error(pzErr, "%s:%d:1: the request is for ballot '%s', not %s (the ballot of --link)",
                zReqName, row.line, row.azField[0], m.zBallot);
      goto done;
    }
    if( !strmap_get(&m.voterMap, row.azField[1], &iV) ){
      buf_error(pzErr, "%s:%d:2: '%s' is not a voter in %s", zReqName, row.line, row.azField[1], p->zVotersName);
      goto done;
    }
    if( strcmp(zChan, "email")!=0 && strcmp(zChan, "sms")!=0 ){
      buf_error(pzErr, "%s:%d:3: the channel must be email or sms, not '%s'", zReqName, row.line, zChan);
      goto done;
    }
    if( !iso_time_ok(row.azField[3]) ){
      buf_error(pzErr, "%s:%d:4: requested_at must be YYYY-MM-DDTHH:MM:SSZ", zReqName, row.line);
      goto done;
    }
    const Voter *v = &m.aVoter[iV];
    int isEmail = zChan[0]=='e';
    if( v->az[isEmail ? VF_EMAIL : VF_MOBILE][0]==0 ){
      buf_error(pzErr, "%s:%d:3: %s asked by %s but has no %s in %s", zReqName, row.line, v->az[VF_VOTER],
                isEmail ? "email" : "text message", isEmail ? "email address" : "mobile number", p->zVotersName);
      goto done;
    }
    Buf key = BUF_INIT;
    buf_printf(&key, "%s %s", v->az[VF_VOTER], zChan);
    int isNew = strmap_add(&seen, buf_str(&key), 0, 0);
    buf_reset(&key);
    if( !isNew ) continue;       /* asked twice the same way: sent once */
    outgoing_add(&o, p, &m, v, zChan);
    if( isEmail ) pOut->nEmail++; else pOut->nSms++;
  }
  if( k<0 ){ buf_error(pzErr, "%s: %s", zReqName, zCsvErr); goto done; }
  if( commit_all(db, p, &m, &o, 0, 0, pzErr) ) goto done;
  memcpy(pOut->zBallot, m.zBallot, sizeof pOut->zBallot);
  rc = 0;
done:
  if( rc ){ pOut->nEmail = pOut->nSms = 0; }
  free(zCsvErr);
  if( r ) csv_close(r);
  strmap_clear(&seen);
  outgoing_clear(&o);
  merge_clear(&m);
  return rc;
}

void credmail_done_clear(CredMailDone *p){
  free(p->zNoAddress);
  memset(p, 0, sizeof *p);
}

/*************** the delivery report ***************/

/* One line of the report. */
typedef struct ReportRow ReportRow;
struct ReportRow {
  char *zRef;          /* "CODE/voter-NNNNNNN": the sort key */
  const char *zChannel;/* static */
  int iState;          /* in credmail_azState */
  int64_t resends;
  char zUpdated[24];
  char *zDetail;       /* owned, addresses blanked */
};

/* zErr with every email address and every long number (a mobile) blanked:
** SMTP servers and gateways echo the recipient in their replies. Owned. */
static char *detail_clean(const char *zErr){
  Buf b = BUF_INIT;
  const char *z = zErr ? zErr : "";
  while( *z ){
    size_t n = strcspn(z, " \t\r\n<>()[],;:\"'");
    if( n==0 ){ buf_putc(&b, *z=='\r' || *z=='\n' || *z=='\t' ? ' ' : *z); z++; continue; }
    size_t nDigit = 0;
    for(size_t i=0; i<n; i++) if( z[i]>='0' && z[i]<='9' ) nDigit++;
    if( memchr(z, '@', n) ) buf_puts(&b, "[address]");
    else if( nDigit>=7 ) buf_puts(&b, "[number]");
    else buf_append(&b, z, n);
    z += n;
  }
  return buf_steal(&b);
}

static int report_row_cmp(const void *a, const void *b){
  return strcmp(((const ReportRow*)a)->zRef, ((const ReportRow*)b)->zRef);
}

int credmail_report(Db *db, const char *zBallot, Buf *pCsv, int64_t anCount[CREDMAIL_NSTATE], char **pzErr){
  ReportRow *a = 0;
  int64_t n = 0, nAlloc = 0;
  StrMap letters = STRMAP_INIT;       /* ref -> index in a of its letter */
  Buf pre = BUF_INIT;
  int r, rc = -1;
  memset(anCount, 0, CREDMAIL_NSTATE*sizeof anCount[0]);
  if( zBallot ) buf_printf(&pre, "%s/", zBallot);
  /* the letters first, so that a voter also sent a message later has one line */
  DbStmt *s = db_prepare(db, zBallot
    ? "SELECT ballot, voter_no, printed_at FROM credential_letters WHERE ballot=?"
    : "SELECT ballot, voter_no, printed_at FROM credential_letters");
  if( zBallot ) db_bind_text(s, 1, zBallot);
  while( (r = db_step(s))==DB_ROW ){
    if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
    ReportRow *w = &a[n];
    Buf ref = BUF_INIT;
    buf_printf(&ref, "%s/voter-%07lld", db_col_text(s, 0), (long long)db_col_int(s, 1));
    w->zRef = buf_steal(&ref);
    w->zChannel = "letter";
    w->iState = 5;
    w->resends = 0;
    snprintf(w->zUpdated, sizeof w->zUpdated, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
    w->zDetail = xstrdup("");
    strmap_add(&letters, w->zRef, n, 0);
    n++;
  }
  db_finalize(s);
  if( r==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); goto done; }
  /* the newest message per ref gives the state; the earlier ones are resends */
  s = db_prepare(db, zBallot
    ? "SELECT o.ref, o.channel, o.state, o.resends, o.attempts, o.sent_at, o.next_attempt_at, o.created_at,"
      " o.last_error, (SELECT count(*) FROM outbox e WHERE e.ref=o.ref AND e.id<o.id)"
      " FROM outbox o WHERE o.purpose='credential' AND substr(o.ref,1,?)=?"
      " AND o.id=(SELECT max(x.id) FROM outbox x WHERE x.ref=o.ref)"
    : "SELECT o.ref, o.channel, o.state, o.resends, o.attempts, o.sent_at, o.next_attempt_at, o.created_at,"
      " o.last_error, (SELECT count(*) FROM outbox e WHERE e.ref=o.ref AND e.id<o.id)"
      " FROM outbox o WHERE o.purpose='credential' AND o.ref IS NOT NULL"
      " AND o.id=(SELECT max(x.id) FROM outbox x WHERE x.ref=o.ref)");
  if( zBallot ){ db_bind_int(s, 1, (int64_t)pre.n); db_bind_text(s, 2, buf_str(&pre)); }
  while( (r = db_step(s))==DB_ROW ){
    const char *zRef = db_col_text(s, 0), *zState = db_col_text(s, 2);
    const char *zSlash = zRef ? strchr(zRef, '/') : 0;
    int iState = -1;
    for(int i=0; zState && i<5; i++) if( strcmp(zState, credmail_azState[i])==0 ) iState = i;
    if( zSlash==0 || strncmp(zSlash+1, "voter-", 6)!=0 || iState<0 ) continue;   /* not a voting code's */
    int64_t iLetter, resends = db_col_int(s, 3) + db_col_int(s, 9);
    ReportRow *w;
    if( strmap_get(&letters, zRef, &iLetter) ){   /* printed first, then sent on request */
      w = &a[iLetter];
      free(w->zDetail);
      resends++;
    }else{
      if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
      w = &a[n++];
      w->zRef = xstrdup(zRef);
    }
    w->zChannel = strcmp(db_col_text(s, 1), "sms")==0 ? "sms" : "email";
    w->iState = iState;
    w->resends = resends;
    /* when: sent_at; else the time of the last attempt (a failure sets
    ** next_attempt_at to it) or of the queueing */
    const char *zWhen = db_col_text(s, 5);
    if( zWhen==0 ) zWhen = (iState==3 || iState==4 || db_col_int(s, 4)==0) ? db_col_text(s, 6) : db_col_text(s, 7);
    snprintf(w->zUpdated, sizeof w->zUpdated, "%s", zWhen ? zWhen : "");
    w->zDetail = detail_clean(db_col_text(s, 8));
  }
  db_finalize(s);
  if( r==DB_ERROR ){ buf_error(pzErr, "%s", db_errmsg(db)); goto done; }
  qsort(a, (size_t)n, sizeof *a, report_row_cmp);
  buf_puts(pCsv, "ballot,voter,channel,state,resends,updated_at,detail\r\n");
  for(int64_t i=0; i<n; i++){
    const char *zSlash = strchr(a[i].zRef, '/');
    Buf ballot = BUF_INIT;
    buf_append(&ballot, a[i].zRef, (size_t)(zSlash - a[i].zRef));
    csv_write_field(pCsv, buf_str(&ballot));
    buf_reset(&ballot);
    buf_printf(pCsv, ",%s,%s,%s,%lld,%s,", zSlash+1, a[i].zChannel, credmail_azState[a[i].iState],
               (long long)a[i].resends, a[i].zUpdated);
    csv_write_field(pCsv, a[i].zDetail);
    buf_puts(pCsv, "\r\n");
    anCount[a[i].iState]++;
  }
  rc = 0;
done:
  for(int64_t i=0; i<n; i++){ free(a[i].zRef); free(a[i].zDetail); }
  free(a);
  strmap_clear(&letters);
  buf_reset(&pre);
  return rc;
}
