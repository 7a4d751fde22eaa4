/* sms.c: one text message POSTed to an HTTP gateway with libcurl (see
** sms.h and docs/mail.md). */
#include "sms.h"
#include "../util/mem.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sms_default_template(int format){
  return format==SMS_JSON ? "{\"to\":{to},\"body\":{body}}" : "to={to}&body={body}";
}

int sms_url_check(const char *zUrl, char *zErr, size_t nErr){
  const char *zRest = 0;
  if( zUrl && strncmp(zUrl, "https://", 8)==0 ) zRest = zUrl+8;
  else if( zUrl && strncmp(zUrl, "http://", 7)==0 ) zRest = zUrl+7;
  if( zRest==0 ){
    snprintf(zErr, nErr, "the SMS gateway URL must begin https:// (or http:// on loopback)");
    return -1;
  }
  size_t nHost = strcspn(zRest, "/?#");
  if( nHost==0 || zRest[0]==':' ){ snprintf(zErr, nErr, "the SMS gateway URL has no host"); return -1; }
  if( memchr(zRest, '@', nHost) ){
    snprintf(zErr, nErr, "the SMS gateway URL must not hold a user or password: "
             "put the token in $MANDATE_SMS_TOKEN or $MANDATE_SMS_TOKEN_FILE");
    return -1;
  }
  for(const char *p=zUrl; *p; p++){
    if( (unsigned char)*p<=0x20 || (unsigned char)*p>=0x7F ){
      snprintf(zErr, nErr, "the SMS gateway URL holds a space or a character that is not ASCII");
      return -1;
    }
  }
  if( strlen(zUrl)>400 ){ snprintf(zErr, nErr, "the SMS gateway URL is too long"); return -1; }
  return 0;
}

int sms_template_check(const char *zTemplate, char *zErr, size_t nErr){
  if( zTemplate==0 || strstr(zTemplate, "{to}")==0 || strstr(zTemplate, "{body}")==0 ){
    snprintf(zErr, nErr, "the SMS template must hold {to} and {body}");
    return -1;
  }
  if( strlen(zTemplate)>2000 ){ snprintf(zErr, nErr, "the SMS template is too long"); return -1; }
  return 0;
}

/* Append z percent-encoded for a form (RFC 3986 unreserved kept). */
static void form_value(Buf *pOut, const char *z){
  static const char zHex[] = "0123456789ABCDEF";
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    unsigned char c = *p;
    if( (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
        || c=='-' || c=='.' || c=='_' || c=='~' ){
      buf_putc(pOut, (char)c);
    }else{
      buf_putc(pOut, '%');
      buf_putc(pOut, zHex[c>>4]);
      buf_putc(pOut, zHex[c&15]);
    }
  }
}

/* Append z as a JSON string, quotes included (UTF-8 passes through). */
static void json_value(Buf *pOut, const char *z){
  buf_putc(pOut, '"');
  for(const unsigned char *p=(const unsigned char*)z; *p; p++){
    unsigned char c = *p;
    if( c=='"' || c=='\\' ){ buf_putc(pOut, '\\'); buf_putc(pOut, (char)c); }
    else if( c=='\n' ) buf_puts(pOut, "\\n");
    else if( c=='\r' ) buf_puts(pOut, "\\r");
    else if( c=='\t' ) buf_puts(pOut, "\\t");
    else if( c<0x20 ) buf_printf(pOut, "\\u%04x", c);
    else buf_putc(pOut, (char)c);
  }
  buf_putc(pOut, '"');
}

void sms_render(const SmsConfig *pCfg, const char *zTo, const char *zBody, Buf *pOut){
  const char *z = pCfg->zTemplate && pCfg->zTemplate[0] ? pCfg->zTemplate
                                                      : sms_default_template(pCfg->format);
  while( *z ){
    if( strncmp(z, "{to}", 4)==0 || strncmp(z, "{body}", 6)==0 ){
      int isTo = z[1]=='t';
      const char *zVal = isTo ? zTo : zBody;
      if( pCfg->format==SMS_JSON ) json_value(pOut, zVal ? zVal : "");
      else form_value(pOut, zVal ? zVal : "");
      z += isTo ? 4 : 6;
    }else{
      buf_putc(pOut, *z++);
    }
  }
}

/* libcurl hands the gateway's answer here; keep its start only. */
static size_t sms_write(char *z, size_t size, size_t count, void *pArg){
  Buf *pReply = pArg;
  size_t n = size*count;
  if( pReply->n < 400 ) buf_append(pReply, z, n < 400-pReply->n ? n : 400-pReply->n);
  return n;
}

MailOutcome sms_send(const SmsConfig *pCfg, const char *zTo, const char *zBody,
                     char *zErr, size_t nErr, int *pConnectionLost){
  int lostDummy;
  if( pConnectionLost==0 ) pConnectionLost = &lostDummy;
  *pConnectionLost = 0;
  zErr[0] = 0;
  mail_curl_init();
  CURL *h = curl_easy_init();
  if( h==0 ){
    snprintf(zErr, nErr, "libcurl could not start");
    *pConnectionLost = 1;
    return MAIL_TEMPORARY;
  }
  Buf body = BUF_INIT, reply = BUF_INIT, auth = BUF_INIT;
  sms_render(pCfg, zTo, zBody, &body);
  struct curl_slist *pHdr = curl_slist_append(0, pCfg->format==SMS_JSON
      ? "Content-Type: application/json" : "Content-Type: application/x-www-form-urlencoded");
  if( pCfg->zToken && pCfg->zToken[0] ){
    buf_printf(&auth, "Authorization: Bearer %s", pCfg->zToken);
    pHdr = curl_slist_append(pHdr, buf_str(&auth));
  }
  char zCurlErr[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, pCfg->zUrl);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, pCfg->timeoutSeconds>0 ? pCfg->timeoutSeconds : 30L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if( pCfg->zCaFile && pCfg->zCaFile[0] ) curl_easy_setopt(h, CURLOPT_CAINFO, pCfg->zCaFile);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, pHdr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, buf_str(&body));
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.n);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sms_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, zCurlErr);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "mandate");
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(h);
  curl_slist_free_all(pHdr);
  /* The token lived in auth: wipe it before freeing. */
  if( auth.z ) memset(auth.z, 0, auth.n);
  buf_reset(&auth);

  MailOutcome out;
  if( rc!=CURLE_OK ){
    snprintf(zErr, nErr, "could not reach the SMS gateway: %s",
             zCurlErr[0] ? zCurlErr : curl_easy_strerror(rc));
    *pConnectionLost = 1;
    out = MAIL_TEMPORARY;
  }else if( status>=200 && status<300 ){
    out = MAIL_SENT;
  }else{
    /* The gateway's answer says why, but may quote the message: keep its
    ** start only when it does not. */
    Buf why = BUF_INIT;
    for(size_t i=0; i<reply.n && i<160; i++){
      unsigned char c = (unsigned char)reply.z[i];
      buf_putc(&why, (c<0x20 || c==0x7F) ? ' ' : (char)c);
    }
    if( zBody && zBody[0] && strstr(buf_str(&reply), zBody) ) buf_reset(&why);
    out = (status>=400 && status<500 && status!=408 && status!=429) ? MAIL_PERMANENT : MAIL_TEMPORARY;
    if( status==401 || status==403 ){
      out = MAIL_TEMPORARY;           /* our token, not the member's number */
      *pConnectionLost = 1;
    }
    snprintf(zErr, nErr, "the SMS gateway answered HTTP %ld%s%s", status,
             why.n ? ": " : "", buf_str(&why));
    buf_reset(&why);
  }
  buf_reset(&body);
  buf_reset(&reply);
  return out;
}
