/* smtp.h: send one email by SMTP with libcurl, and say whether a failure
** is permanent (the server refused the recipient or the message: a 5xx
** reply to RCPT or DATA) or temporary (a 4xx reply, no connection, a login
** or TLS problem: try again later). See docs/mail.md. */
#ifndef MANDATE_MAIL_SMTP_H
#define MANDATE_MAIL_SMTP_H
#include <stddef.h>

/* What became of one attempt to deliver a message (email or SMS). */
typedef enum MailOutcome MailOutcome;
enum MailOutcome {
  MAIL_SENT = 0,        /* the server accepted it */
  MAIL_TEMPORARY = 1,   /* not now: try again later */
  MAIL_PERMANENT = 2,   /* refused for good: bounced */
};

/* Where and how to send. Strings are borrowed. */
typedef struct SmtpConfig SmtpConfig;
struct SmtpConfig {
  const char *zUrl;       /* smtp://HOST[:PORT] (no TLS: loopback and tests),
                          ** smtp+starttls://HOST[:PORT] (STARTTLS required),
                          ** smtps://HOST[:PORT] (TLS from the start, 465) */
  const char *zUsername;  /* NULL: no AUTH */
  const char *zPassword;  /* never logged, never in an error message */
  const char *zCaFile;    /* a CA bundle to trust instead of the system's; NULL */
  long timeoutSeconds;    /* for the whole of one message; 0: 60 */
};

/* 0 when zUrl is one of the three forms above, with a host and no user
** or password in it; else -1 with zErr[nErr] saying why. */
int smtp_url_check(const char *zUrl, char *zErr, size_t nErr);

/* A connection to the server, kept open from one message to the next. */
typedef struct SmtpSession SmtpSession;

/* A session for *pCfg, which must outlive it (nothing is copied). Never
** NULL. Free with smtp_close(). */
SmtpSession *smtp_open(const SmtpConfig *pCfg);
void smtp_close(SmtpSession *p);   /* NULL is a no-op; ends with QUIT */

/* Send zMsg[0..nMsg-1] (RFC 5322 text with CRLF lines, see message.h) from
** envelope sender zFrom to envelope recipient zTo. Returns MAIL_SENT, or
** MAIL_TEMPORARY / MAIL_PERMANENT with zErr[nErr] saying why, with the
** server's reply when there was one ("RCPT refused: 550 5.1.1 no such
** user"). *pConnectionLost (may be NULL) is set to 1 when the failure is
** the server's, not this message's (no connection, login refused, TLS,
** sender refused): the caller need not try the next message now. */
MailOutcome smtp_send(SmtpSession *p, const char *zFrom, const char *zTo,
                      const char *zMsg, size_t nMsg, char *zErr, size_t nErr,
                      int *pConnectionLost);

/* libcurl's global set-up, once per process (thread-safe); and its
** clean-up, at exit, after every session is closed. */
void mail_curl_init(void);
void mail_curl_cleanup(void);

#endif
