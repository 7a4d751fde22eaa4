/* dsn.h: read bounces. Most mail providers take every message at once and
** report a failure later, in a delivery status notification (DSN, RFC
** 3464) mailed to the sender's address: a multipart/report whose
** message/delivery-status part says, per recipient, the Action (failed,
** delayed, ...), the Status (5.1.1) and the remote server's words, and
** whose last part holds the original message or its headers, with the
** Message-ID we gave it. MIME is parsed with GMime (Debian's
** libgmime-3.0): bounces are untrusted mail from anywhere. */
#ifndef MANDATE_MAIL_DSN_H
#define MANDATE_MAIL_DSN_H
#include <stddef.h>

/* What one message turned out to be. */
typedef enum DsnKind {
  DSN_FAILED = 0,   /* a recipient failed for good: the message bounced */
  DSN_DELAYED,      /* still being tried by the remote side: nothing to do */
  DSN_DELIVERED,    /* delivered, relayed or expanded: nothing to do */
  DSN_NOT_DSN,      /* not a delivery status notification (an auto-reply, spam) */
  DSN_NO_ID         /* a DSN without the original's Message-ID: cannot be matched */
} DsnKind;

typedef struct DsnReport DsnReport;
struct DsnReport {
  DsnKind kind;
  char zMessageId[256];   /* the original's Message-ID, without <>; "" if none */
  char zStatus[16];       /* the first failed (else first) recipient's Status: "5.1.1" */
  char zWhy[400];         /* its Diagnostic-Code, else the Action, in words; or why
                          ** the message is not a usable DSN. Never a body. */
};

/* Read zText[0..n-1]: one message (isMbox 0), or an mbox file of any number
** of messages ("From " lines). Calls xReport once per message with what it
** is. Returns the number of messages, or -1 when nothing could be read. */
int dsn_read(const char *zText, size_t n, int isMbox,
             void (*xReport)(void *pArg, const DsnReport *p), void *pArg);

#endif
