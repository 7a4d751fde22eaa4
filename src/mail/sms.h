/* sms.h: send a text message through a configurable HTTP gateway with
** libcurl: a POST of form or JSON fields made from a small template with
** {to} and {body} in it, a bearer token from the environment; a 2xx reply
** means the gateway accepted it. See docs/mail.md. */
#ifndef MANDATE_MAIL_SMS_H
#define MANDATE_MAIL_SMS_H
#include "smtp.h"
#include "../util/buf.h"

/* How the template's values are encoded, and the Content-Type sent. */
#define SMS_FORM 0   /* application/x-www-form-urlencoded: values percent-encoded */
#define SMS_JSON 1   /* application/json: values as JSON strings, quotes included */

/* The gateway. Strings are borrowed. */
typedef struct SmsConfig SmsConfig;
struct SmsConfig {
  const char *zUrl;       /* http:// or https:// */
  int format;             /* SMS_FORM or SMS_JSON */
  const char *zTemplate;  /* NULL: "to={to}&body={body}" or {"to":{to},"body":{body}} */
  const char *zToken;     /* sent as "Authorization: Bearer TOKEN"; NULL: none; never logged */
  const char *zCaFile;    /* a CA bundle to trust instead of the system's; NULL */
  long timeoutSeconds;    /* 0: 30 */
};

/* The default template of a format (static). */
const char *sms_default_template(int format);

/* 0 when zUrl is an http:// or https:// URL with a host and no user or
** password in it, else -1 with zErr[nErr]. */
int sms_url_check(const char *zUrl, char *zErr, size_t nErr);

/* 0 when zTemplate holds {to} and {body} and nothing else in braces but
** JSON's own; else -1 with zErr[nErr]. */
int sms_template_check(const char *zTemplate, char *zErr, size_t nErr);

/* Append to pOut the request body for zTo and zBody: the template with
** {to} and {body} replaced by the encoded values. */
void sms_render(const SmsConfig *pCfg, const char *zTo, const char *zBody, Buf *pOut);

/* POST one message. MAIL_SENT on a 2xx reply. MAIL_PERMANENT on a 4xx
** other than 408 and 429 (the gateway will never take it: a bad number);
** MAIL_TEMPORARY on 408, 429, 5xx or no connection, with
** *pConnectionLost = 1 when the gateway could not be reached at all or
** refused our token (401, 403: our configuration, not the member). zErr
** gets the status and the start of the gateway's answer, never the
** message's text. */
MailOutcome sms_send(const SmsConfig *pCfg, const char *zTo, const char *zBody,
                     char *zErr, size_t nErr, int *pConnectionLost);

#endif
