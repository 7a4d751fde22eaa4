/* credmail.h: the credential authority's mail merge. On its own machine,
** against its own database (never the union's server), the authority
** joins its credentials files ("voter-NNNNNNN SECRET PUBLIC" lines, from
** `mandate authority credentials`) with the server's voter list with
** contacts (`mandate ballot voters --with-contacts`: voter,group,
** first_name,last_name,email,mobile,address_line1,address_line2,town,
** postcode) and sends each voter their voting code: an email, a text
** message (both queued in its own outbox, outbox.ref "CODE/voter-NNNNNNN")
** or a printed letter (credential_letters). It answers members' requests
** for their code again (the server's resend-requests.csv) and writes the
** delivery report the server imports (delivery.csv: states, never a code,
** an address or a name). docs/ballots.md, "Sending the credentials". */
#ifndef MANDATE_CREDMAIL_H
#define MANDATE_CREDMAIL_H
#include <stddef.h>
#include <stdint.h>
#include "../util/buf.h"
#include "../store/db.h"

/* How each voter gets their code. */
typedef enum CredChannel {
  CRED_AUTO = 0,     /* email if they have one, else a text, else a letter */
  CRED_EMAIL,        /* email only (voters without one are listed) */
  CRED_SMS,          /* text message only */
  CRED_LETTER        /* a printed letter for everyone */
} CredChannel;

/* Parse "auto", "email", "sms" or "letter" into *p. 0 or -1. */
int credmail_channel_parse(const char *z, CredChannel *p);

/* Called with the printable letters (HTML, one A4 page per letter) inside
** the transaction that records them, before it commits: write them out
** (mode 0600: they hold codes) and return 0, or -1 with *pzErr, which
** rolls everything back. Called again with zHtml NULL when the commit
** then fails: remove what was written. */
typedef int (*CredLettersFn)(void *pCtx, const char *zHtml, size_t nHtml, char **pzErr);

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
  const char *zSmsTemplate;       /* the text message; the same placeholders */
  CredChannel channel;
  CredLettersFn xLetters;         /* NULL: letters cannot be written (an error
                                  ** when a voter needs one) */
  void *pLettersCtx;
};

/* What the merge did. */
typedef struct CredMailDone CredMailDone;
struct CredMailDone {
  char zBallot[48];               /* the ballot's CODE, from the link */
  int64_t nEmail;                 /* emails queued */
  int64_t nSms;                   /* text messages queued */
  int64_t nLetter;                /* letters written and recorded */
  int64_t nNoAddress;             /* voters sent nothing: no address for
                                  ** their channel (no postal address for a
                                  ** letter, or no email/mobile when forced) */
  char *zNoAddress;               /* owned: their voter numbers, comma-separated */
};

/* Check everything (every voter has exactly one credential and every
** credential a voter; FILE:LINE for a bad line; the codes of this ballot
** not sent already), then queue the emails and texts and record the
** letters (calling p->xLetters) in one transaction: all or none. 0, or -1
** with *pzErr. Free *pOut with credmail_done_clear(). */
int credmail_enqueue(Db *db, const CredMailSpec *p, CredMailDone *pOut, char **pzErr);

/* Send the code again to the voters zReq (resend-requests.csv: ballot,
** voter,channel,requested_at; zReqName for messages) lists, by the
** channel each asked (email or sms), to the address in p's voter list: a
** new outbox row with the same ref. p->channel and p->xLetters are not
** used. All or none; a bad line is FILE:LINE:COL. */
int credmail_resend(Db *db, const CredMailSpec *p, const char *zReqName, const char *zReq,
                    CredMailDone *pOut, char **pzErr);

void credmail_done_clear(CredMailDone *p);

/* The delivery states of a report, in its counts' order. */
#define CREDMAIL_NSTATE 6
extern const char *const credmail_azState[CREDMAIL_NSTATE]; /* queued sending sent failed bounced printed */

/* The delivery report (delivery.csv, CRLF: ballot,voter,channel,state,
** resends,updated_at,detail) of ballot zBallot (NULL: every ballot) from
** the outbox and credential_letters, appended to pCsv; anCount gets the
** rows per state. Never a code, an address or a name: addresses and
** numbers an SMTP server or gateway echoed in an error are blanked.
** 0, or -1 with *pzErr. */
int credmail_report(Db *db, const char *zBallot, Buf *pCsv, int64_t anCount[CREDMAIL_NSTATE], char **pzErr);

#endif
