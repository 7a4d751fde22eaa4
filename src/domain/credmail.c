/* credmail.c: the credential authority's mail merge (credmail.h): its
** credentials files joined with the voter list, one email per voter with
** their voting code, queued in the authority's own outbox. */
#include "credmail.h"
#include "outbox.h"
#include "../util/buf.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/strmap.h"
#include "../util/template.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zDefaultTemplate[] =
  "Dear {first_name},\n\n"
  "This is your voting code for \"{title}\", from the independent scrutineer:\n\n"
  "    {code}\n\n"
  "Vote here, on your phone or computer: {link}\n"
  "Enter the code when the page asks for it. Keep it to yourself: anyone who\n"
  "has it can vote in your place. You can vote again until the close; only\n"
  "your last vote counts.\n";

/* One credential: the voter's name (voter-NNNNNNN) and secret half. */
typedef struct Cred Cred;
struct Cred { char zVoter[16]; char zSecret[65]; int used; };

/* Read the credentials files into *paCred and the map voter -> index.
** 0, or -1 with *pzErr naming FILE:LINE. */
static int read_credentials(const CredMailSpec *p, Cred **paCred, int64_t *pn, StrMap *pMap, char **pzErr){
  int64_t n = 0, nAlloc = 0;
  Cred *a = 0;
  for(int f=0; f<p->nCred; f++){
    const char *z = p->azCred[f];
    int line = 0;
    while( *z ){
      const char *zEnd = strchr(z, '\n');
      size_t len = zEnd ? (size_t)(zEnd - z) : strlen(z);
      char zLine[400];
      line++;
      if( len>0 && z[len-1]=='\r' ) len--;
      if( len>=sizeof zLine ){ *pn = n; *paCred = a; return buf_error(pzErr, "%s:%d:1: the line is too long for a credential", p->azCredName[f], line); }
      memcpy(zLine, z, len); zLine[len] = 0;
      z = zEnd ? zEnd+1 : z+len;
      if( zLine[0]==0 || zLine[0]=='#' ) continue;
      char zV[32], zS[80], zP[80];
      int nRead = 0;
      if( sscanf(zLine, "%31s %79s %79s %n", zV, zS, zP, &nRead)!=3 || zLine[nRead]!=0
       || strncmp(zV, "voter-", 6)!=0 || strlen(zV)!=13 || strlen(zS)!=64 || strspn(zS, "0123456789abcdef")!=64 ){
        sodium_memzero(zLine, sizeof zLine);
        *pn = n; *paCred = a;
        return buf_error(pzErr, "%s:%d:1: expected 'voter-NNNNNNN SECRET PUBLIC' (the authority's"
                         " credentials file, with its secret halves)", p->azCredName[f], line);
      }
      if( n==nAlloc ){ nAlloc = nAlloc ? 2*nAlloc : 256; a = xrealloc(a, (size_t)nAlloc*sizeof *a); }
      memcpy(a[n].zVoter, zV, 14);   /* "voter-NNNNNNN" and its NUL, checked above */
      memcpy(a[n].zSecret, zS, 65);
      a[n].used = 0;
      sodium_memzero(zLine, sizeof zLine);
      sodium_memzero(zS, sizeof zS);
      if( !strmap_add(pMap, zV, n, 0) ){
        *pn = n+1; *paCred = a;
        return buf_error(pzErr, "%s:%d:1: %s has a credential already", p->azCredName[f], line, zV);
      }
      n++;
    }
  }
  *pn = n;
  *paCred = a;
  return 0;
}

/* The placeholders of a credential email, in the order of their values. */
static const char *const azCredKey[] = { "{first_name}", "{title}", "{link}", "{code}" };

int credmail_enqueue(Db *db, const CredMailSpec *p, CredMailDone *pOut, char **pzErr){
  const char *zTemplate = p->zTemplate ? p->zTemplate : zDefaultTemplate;
  StrMap map = STRMAP_INIT;
  Cred *aCred = 0;
  int64_t nCred = 0, nMsg = 0;
  OutboxNew *aNew = 0;
  Buf *aBody = 0, noEmail = BUF_INIT;
  char **azTo = 0, **azFirst = 0;
  char *zSubject = 0;
  int rc = -1;
  CsvReader *r = 0;
  memset(pOut, 0, sizeof *pOut);
  if( strstr(zTemplate, "{code}")==0 || strstr(zTemplate, "{link}")==0 ){
    return buf_error(pzErr, "the message must hold {code} and {link}");
  }
  if( p->zLink==0 || (strncmp(p->zLink, "https://", 8)!=0 && strncmp(p->zLink, "http://", 7)!=0) ){
    return buf_error(pzErr, "--link must be the voting page, https://UNION/vote/CODE");
  }
  if( read_credentials(p, &aCred, &nCred, &map, pzErr) ) goto done;
  {
    Buf s = BUF_INIT;
    buf_printf(&s, "Your voting code: %s", p->zTitle);
    zSubject = p->zSubject ? xstrdup(p->zSubject) : buf_steal(&s);
  }
  r = csv_open(p->zVoters, strlen(p->zVoters));
  CsvRow row;
  int k;
  char *zCsvErr = 0;
  if( (k = csv_read(r, &row, &zCsvErr))!=1 || row.nField!=5 || strcmp(row.azField[0], "voter")!=0
   || strcmp(row.azField[3], "email")!=0 ){
    if( zCsvErr ){ buf_error(pzErr, "%s: %s", p->zVotersName, zCsvErr); free(zCsvErr); goto done; }
    buf_error(pzErr, "%s:1:1: expected the header voter,group,first_name,email,mobile (from 'mandate ballot"
              " voters CODE --with-contacts')", p->zVotersName);
    goto done;
  }
  aNew = xcalloc((size_t)nCred+1, sizeof *aNew);
  aBody = xcalloc((size_t)nCred+1, sizeof *aBody);
  azTo = xcalloc((size_t)nCred+1, sizeof *azTo);
  azFirst = xcalloc((size_t)nCred+1, sizeof *azFirst);
  while( (k = csv_read(r, &row, &zCsvErr))==1 ){
    int64_t i;
    if( row.nField!=5 ){
      buf_error(pzErr, "%s:%d:1: expected 5 fields, found %d", p->zVotersName, row.line, row.nField);
      goto done;
    }
    if( !strmap_get(&map, row.azField[0], &i) ){
      buf_error(pzErr, "%s:%d:1: %s has no credential in the credentials files", p->zVotersName, row.line,
                row.azField[0]);
      goto done;
    }
    if( aCred[i].used++ ){
      buf_error(pzErr, "%s:%d:1: %s is listed twice", p->zVotersName, row.line, row.azField[0]);
      goto done;
    }
    if( row.azField[3][0]==0 ){
      if( pOut->nNoEmail++ ) buf_putc(&noEmail, ',');
      buf_puts(&noEmail, row.azField[0]);
      continue;
    }
    azTo[nMsg] = xstrdup(row.azField[3]);
    azFirst[nMsg] = xstrdup(row.azField[2][0] ? row.azField[2] : "member");
    const char *azVal[4] = { azFirst[nMsg], p->zTitle, p->zLink, aCred[i].zSecret };
    template_fill(&aBody[nMsg], zTemplate, azCredKey, azVal, 4);
    aNew[nMsg].zChannel = "email";
    aNew[nMsg].zRecipient = azTo[nMsg];
    aNew[nMsg].zSubject = zSubject;
    aNew[nMsg].zBody = buf_str(&aBody[nMsg]);
    aNew[nMsg].zPurpose = "credential";
    nMsg++;
  }
  if( k<0 ){ buf_error(pzErr, "%s: %s", p->zVotersName, zCsvErr); free(zCsvErr); goto done; }
  for(int64_t i=0; i<nCred; i++){
    if( !aCred[i].used ){
      buf_error(pzErr, "%s is in the credentials files but not in %s: is this the right voter list?",
                aCred[i].zVoter, p->zVotersName);
      goto done;
    }
  }
  if( nMsg && outbox_enqueue(db, aNew, (int)nMsg, 0, pzErr) ) goto done;
  pOut->nQueued = nMsg;
  pOut->zNoEmail = buf_steal(&noEmail);
  rc = 0;
done:
  if( r ) csv_close(r);
  for(int64_t i=0; i<nMsg; i++){
    if( aBody && aBody[i].z ) sodium_memzero(aBody[i].z, aBody[i].n);
    buf_reset(&aBody[i]);
    free(azTo[i]);
    free(azFirst[i]);
  }
  if( aCred ) sodium_memzero(aCred, (size_t)nCred*sizeof *aCred);
  free(aCred);
  free(aNew);
  free(aBody);
  free(azTo);
  free(azFirst);
  free(zSubject);
  buf_reset(&noEmail);
  strmap_clear(&map);
  return rc;
}

void credmail_done_clear(CredMailDone *p){
  free(p->zNoEmail);
  memset(p, 0, sizeof *p);
}
