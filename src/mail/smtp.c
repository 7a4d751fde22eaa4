/* smtp.c: one email by SMTP through libcurl (see smtp.h, docs/mail.md).
**
** libcurl does the SMTP conversation: EHLO, STARTTLS when CURLOPT_USE_SSL
** is CURLUSESSL_ALL (our smtp+starttls:// URLs), AUTH with
** CURLOPT_USERNAME/CURLOPT_PASSWORD, MAIL FROM, RCPT TO, DATA, and the
** dot-stuffing of body lines that begin with "." (RFC 5321 s4.5.2; tested in
** tests/cli/test_outbox.sh). We watch the server's replies through the
** debug callback, keeping only the replies (never what we send, which
** holds the AUTH exchange) so a refusal can be reported with its text and
** classed by the command it answered. */
#include "smtp.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t curlOnce = PTHREAD_ONCE_INIT;
static void curl_init_once(void){ curl_global_init(CURL_GLOBAL_DEFAULT); }
void mail_curl_init(void){ pthread_once(&curlOnce, curl_init_once); }
void mail_curl_cleanup(void){ curl_global_cleanup(); }

struct SmtpSession {
  const SmtpConfig *pCfg;  /* borrowed */
  CURL *h;                 /* owned; keeps the connection between messages */
  char zUrl[512];          /* the URL given to libcurl (smtp+starttls -> smtp) */
  char zVerb[8];           /* the last command we sent: "RCPT", "DATA", ... */
  char zReply[300];        /* the server's first refusal, CR LF removed */
  int failCode;            /* its code (4xx, 5xx); 0 when none yet */
  char zFailVerb[8];       /* the command it answered */
  const char *zMsg;        /* borrowed: the message being read out */
  size_t nMsg, iMsg;
};

int smtp_url_check(const char *zUrl, char *zErr, size_t nErr){
  static const char *const azScheme[] = { "smtp://", "smtp+starttls://", "smtps://" };
  const char *zRest = 0;
  for(int i=0; zUrl && i<3; i++){
    size_t n = strlen(azScheme[i]);
    if( strncmp(zUrl, azScheme[i], n)==0 ){ zRest = zUrl+n; break; }
  }
  if( zRest==0 ){
    snprintf(zErr, nErr, "the SMTP URL must begin smtp://, smtp+starttls:// or smtps://");
    return -1;
  }
  size_t nHost = strcspn(zRest, "/?#");
  if( nHost==0 || zRest[0]==':' ){
    snprintf(zErr, nErr, "the SMTP URL has no host: expected e.g. smtp+starttls://smtp.example.org:587");
    return -1;
  }
  if( memchr(zRest, '@', nHost) ){
    snprintf(zErr, nErr, "the SMTP URL must not hold a user or password: set mail.smtp_username, "
             "and the password in $MANDATE_SMTP_PASSWORD or $MANDATE_SMTP_PASSWORD_FILE");
    return -1;
  }
  for(const char *p=zUrl; *p; p++){
    if( (unsigned char)*p<=0x20 || (unsigned char)*p>=0x7F ){
      snprintf(zErr, nErr, "the SMTP URL holds a space or a character that is not ASCII");
      return -1;
    }
  }
  if( strlen(zUrl)>400 ){ snprintf(zErr, nErr, "the SMTP URL is too long"); return -1; }
  return 0;
}

/* Keep the server's replies and the verb of each command we send. */
static int smtp_debug(CURL *h, curl_infotype type, char *z, size_t n, void *pArg){
  SmtpSession *p = pArg;
  if( type==CURLINFO_HEADER_IN ){
    /* Keep the first refusal (a 4xx or 5xx reply) of this message and the
    ** command it answered: libcurl sends QUIT after it, whose "221" would
    ** otherwise hide it. */
    if( p->failCode || n<4 || (z[0]!='4' && z[0]!='5') ) return 0;
    while( n && (z[n-1]=='\r' || z[n-1]=='\n') ) n--;
    if( n>=sizeof(p->zReply) ) n = sizeof(p->zReply)-1;
    for(size_t i=0; i<n; i++){
      unsigned char c = (unsigned char)z[i];
      p->zReply[i] = (c<0x20 || c>=0x7F) ? ' ' : (char)c;
    }
    p->zReply[n] = 0;
    p->failCode = (z[0]-'0')*100 + (z[1]-'0')*10 + (z[2]-'0');
    memcpy(p->zFailVerb, p->zVerb, sizeof p->zVerb);
  }else if( type==CURLINFO_HEADER_OUT ){
    /* Only the first word: "AUTH PLAIN <secret>" must never be kept. */
    char zWord[5];
    size_t k = 0;
    while( k<n && k<4 && z[k]>='A' && z[k]<='Z' ){ zWord[k] = z[k]; k++; }
    zWord[k] = 0;
    if( k ) memcpy(p->zVerb, zWord, k+1);   /* not the "." that ends DATA */
  }
  return 0;
}

/* libcurl reads the message from here. */
static size_t smtp_read(char *zOut, size_t size, size_t count, void *pArg){
  SmtpSession *p = pArg;
  size_t n = size*count, nLeft = p->nMsg - p->iMsg;
  if( n>nLeft ) n = nLeft;
  memcpy(zOut, p->zMsg + p->iMsg, n);
  p->iMsg += n;
  return n;
}

SmtpSession *smtp_open(const SmtpConfig *pCfg){
  mail_curl_init();
  SmtpSession *p = xcalloc(1, sizeof(*p));
  p->pCfg = pCfg;
  const char *zUrl = pCfg->zUrl ? pCfg->zUrl : "";
  int starttls = 0;
  if( strncmp(zUrl, "smtp+starttls://", 16)==0 ){
    snprintf(p->zUrl, sizeof p->zUrl, "smtp://%s", zUrl+16);
    starttls = 1;
  }else{
    snprintf(p->zUrl, sizeof p->zUrl, "%s", zUrl);
  }
  p->h = curl_easy_init();
  if( p->h==0 ) return p;                 /* smtp_send() says so */
  CURL *h = p->h;
  curl_easy_setopt(h, CURLOPT_URL, p->zUrl);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, pCfg->timeoutSeconds>0 ? pCfg->timeoutSeconds : 60L);
  /* STARTTLS: smtp:// starts in plain text; CURLUSESSL_ALL makes libcurl
  ** send STARTTLS and fail (CURLE_USE_SSL_FAILED) rather than go on in the
  ** clear when the server does not offer it. smtps:// is TLS from the start. */
  if( starttls ) curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if( pCfg->zCaFile && pCfg->zCaFile[0] ) curl_easy_setopt(h, CURLOPT_CAINFO, pCfg->zCaFile);
  if( pCfg->zUsername && pCfg->zUsername[0] ){
    curl_easy_setopt(h, CURLOPT_USERNAME, pCfg->zUsername);
    curl_easy_setopt(h, CURLOPT_PASSWORD, pCfg->zPassword ? pCfg->zPassword : "");
  }
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, smtp_read);
  curl_easy_setopt(h, CURLOPT_READDATA, p);
  /* The debug callback sees only what CURLOPT_VERBOSE lets through; it
  ** replaces libcurl's printing, so nothing reaches stderr. */
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, smtp_debug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, p);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  return p;
}

void smtp_close(SmtpSession *p){
  if( p==0 ) return;
  if( p->h ) curl_easy_cleanup(p->h);
  free(p);
}

MailOutcome smtp_send(SmtpSession *p, const char *zFrom, const char *zTo,
                      const char *zMsg, size_t nMsg, char *zErr, size_t nErr,
                      int *pConnectionLost){
  int lostDummy;
  if( pConnectionLost==0 ) pConnectionLost = &lostDummy;
  *pConnectionLost = 0;
  zErr[0] = 0;
  if( p->h==0 ){
    snprintf(zErr, nErr, "libcurl could not start");
    *pConnectionLost = 1;
    return MAIL_TEMPORARY;
  }
  char zEnvFrom[300], zEnvTo[300];
  snprintf(zEnvFrom, sizeof zEnvFrom, "<%s>", zFrom);
  snprintf(zEnvTo, sizeof zEnvTo, "<%s>", zTo);
  struct curl_slist *pRcpt = curl_slist_append(0, zEnvTo);
  curl_easy_setopt(p->h, CURLOPT_MAIL_FROM, zEnvFrom);
  curl_easy_setopt(p->h, CURLOPT_MAIL_RCPT, pRcpt);
  curl_easy_setopt(p->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)nMsg);
  char zCurlErr[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(p->h, CURLOPT_ERRORBUFFER, zCurlErr);
  p->zMsg = zMsg;
  p->nMsg = nMsg;
  p->iMsg = 0;
  p->zVerb[0] = 0;
  p->zReply[0] = 0;
  p->failCode = 0;
  p->zFailVerb[0] = 0;
  CURLcode rc = curl_easy_perform(p->h);
  long code = p->failCode;
  if( code==0 ) curl_easy_getinfo(p->h, CURLINFO_RESPONSE_CODE, &code);
  const char *zVerb = p->failCode ? p->zFailVerb : p->zVerb;
  curl_easy_setopt(p->h, CURLOPT_MAIL_RCPT, (struct curl_slist*)0);
  curl_easy_setopt(p->h, CURLOPT_ERRORBUFFER, (char*)0);
  curl_slist_free_all(pRcpt);
  p->zMsg = 0;
  if( rc==CURLE_OK ) return MAIL_SENT;

  /* Refused by the server: a 5xx reply to RCPT TO or to the message (DATA,
  ** or its end) is permanent: this recipient or this message will never be
  ** taken. A 5xx to anything else (EHLO, STARTTLS, AUTH, MAIL FROM) is our
  ** configuration's fault, not the member's: retry once it is fixed. */
  int recipientStage = strcmp(zVerb, "RCPT")==0 || strcmp(zVerb, "DATA")==0;
  const char *zStage = strcmp(zVerb, "RCPT")==0 ? "the recipient was refused"
                     : strcmp(zVerb, "DATA")==0 ? "the message was refused"
                     : strcmp(zVerb, "AUTH")==0 ? "the SMTP login was refused (check mail.smtp_username and the password)"
                     : strcmp(zVerb, "MAIL")==0 ? "the sender was refused (check mail.from)"
                     : "the SMTP server refused us";
  if( code>=500 && code<600 && recipientStage ){
    snprintf(zErr, nErr, "%s: %s", zStage, p->zReply[0] ? p->zReply : zCurlErr);
    return MAIL_PERMANENT;
  }
  if( code>=400 && code<500 && recipientStage ){
    snprintf(zErr, nErr, "%s for now: %s", zStage, p->zReply[0] ? p->zReply : zCurlErr);
    return MAIL_TEMPORARY;
  }
  *pConnectionLost = 1;
  if( code>=400 ){
    snprintf(zErr, nErr, "%s: %s", zStage, p->zReply[0] ? p->zReply : zCurlErr);
  }else{
    snprintf(zErr, nErr, "could not deliver to the SMTP server: %s",
             zCurlErr[0] ? zCurlErr : curl_easy_strerror(rc));
  }
  return MAIL_TEMPORARY;
}
