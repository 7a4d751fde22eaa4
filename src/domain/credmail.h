/* credmail.h: the credential authority's mail merge. On its own machine,
** against its own database (never the union's server), the authority
** joins its credentials files ("voter-NNNNNNN SECRET PUBLIC" lines, from
** `mandate authority credentials`) with the server's voter list with
** contacts (`mandate ballot voters --with-contacts`: voter,group,
** first_name,email,mobile) and queues one email per voter in its own
** outbox, holding that voter's voting code. docs/ballots.md, "Sending the
** credentials". */
#ifndef MANDATE_CREDMAIL_H
#define MANDATE_CREDMAIL_H
#include <stddef.h>
#include <stdint.h>
#include "../store/db.h"

/* What to merge. Strings and buffers borrowed. */
typedef struct CredMailSpec CredMailSpec;
struct CredMailSpec {
  int nCred;
  const char *const *azCredName;  /* the credentials files' names, for messages */
  const char *const *azCred;      /* their contents, NUL-terminated */
  const char *zVotersName;
  const char *zVoters;            /* voters.csv with contacts, NUL-terminated */
  const char *zLink;              /* the voting page: https://UNION/vote/CODE */
  const char *zTitle;             /* the ballot's title, for the message */
  const char *zSubject;           /* NULL: "Your voting code: TITLE" */
  const char *zTemplate;          /* NULL: the default; {first_name} {title}
                                  ** {link} {code}; must hold {code} and {link} */
};

/* What the merge did. */
typedef struct CredMailDone CredMailDone;
struct CredMailDone {
  int64_t nQueued;                /* emails queued */
  int64_t nNoEmail;               /* voters without an email: send them a letter */
  char *zNoEmail;                 /* owned: their voter numbers, comma-separated */
};

/* Check everything (every voter has exactly one credential and every
** credential a voter; FILE:LINE for a bad line), then queue the emails in
** one transaction: all or none. 0, or -1 with *pzErr. Free *pOut with
** credmail_done_clear(). */
int credmail_enqueue(Db *db, const CredMailSpec *p, CredMailDone *pOut, char **pzErr);
void credmail_done_clear(CredMailDone *p);

#endif
