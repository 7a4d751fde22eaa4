/* outbox.h: the durable outbox every email and text message goes through.
** A caller enqueues messages (thousands in one transaction if it likes);
** a sender claims a batch (state 'sending', committed before it connects),
** sends each, and records what happened: 'sent', back to 'queued' with a
** backoff after a temporary failure, 'failed' when the attempts run out,
** 'bounced' when the server refused it for good. Rows a crash left in
** 'sending' are sent again at the next start, with the same Message-ID:
** delivery is at least once, never lost, and a duplicate always carries
** the Message-ID of the first (docs/mail.md says why exactly once cannot
** be had over SMTP). The mail configuration lives in the meta table
** (keys "mail.*"); secrets come only from the environment or a 0600 file. */
#ifndef MANDATE_OUTBOX_H
#define MANDATE_OUTBOX_H
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"

/* The states of a message, as stored. */
#define OUTBOX_NSTATE 5
extern const char *const outbox_azState[OUTBOX_NSTATE]; /* queued sending sent failed bounced */

/* 1 when z is one of the states above. */
int outbox_state_ok(const char *z);

/* A message to enqueue. Strings are borrowed. */
typedef struct OutboxNew OutboxNew;
struct OutboxNew {
  const char *zChannel;    /* "email" or "sms" */
  const char *zRecipient;  /* email: an ASCII address; sms: +E.164 or a UK mobile */
  const char *zSubject;    /* email: 1-300 characters of UTF-8; sms: NULL */
  const char *zBody;       /* UTF-8 text; email up to 100,000 bytes, sms up to 1,600 */
  const char *zPurpose;    /* what it is for: credential, reminder, tracker,
                           ** test, ... (1-32 of a-z, 0-9, _) */
  int64_t memberId;        /* the member it goes to, or 0 */
  const char *zRef;        /* what it is for, stored in outbox.ref, or NULL:
                           ** "CODE/voter-NNNNNNN" for a voting code (credmail.h) */
};

/* Enqueue a[0..n-1] in one transaction: all or none. Each gets a new
** Message-ID (random, at the domain of mail.from) that every retry reuses.
** Recipients are normalised (email domain lower case; mobiles to +E.164).
** aId (may be NULL) gets the new ids. Returns 0, or -1 with *pzErr (caller
** frees) naming the first bad message by its index, or the store error. */
int outbox_enqueue(Db *db, const OutboxNew *a, int n, int64_t *aId, char **pzErr);

/* The same inside the caller's own transaction (it begins and commits), so
** that, say, issuing credentials and queueing their letters is one commit.
** On -1 the caller must roll back. */
int outbox_enqueue_in_tx(Db *db, const OutboxNew *a, int n, int64_t *aId, char **pzErr);

/*************** configuration ***************/

/* The mail configuration: the meta table's "mail.*" keys, and the secrets
** from the environment. Every string is owned; NULL when not set. */
typedef struct OutboxConfig OutboxConfig;
struct OutboxConfig {
  char *zSmtpUrl;          /* mail.smtp_url: smtp://, smtp+starttls://, smtps:// */
  char *zSmtpUsername;     /* mail.smtp_username */
  char *zFrom;             /* mail.from: the sender's address */
  char *zFromName;         /* mail.from_name: the sender's display name */
  char *zCaFile;           /* mail.ca_file: a CA bundle for TLS, else the system's */
  char *zSmsUrl;           /* mail.sms_url: the gateway (https://) */
  int smsFormat;           /* mail.sms_format: SMS_FORM (default) or SMS_JSON */
  char *zSmsTemplate;      /* mail.sms_template, with {to} and {body} */
  int maxAttempts;         /* mail.max_attempts: 1-100, default 10 */
  char *zLinkBase;         /* mail.link_base: the union's public web address
                           ** (https://HOST), for links in messages */
  char *zSmtpPassword;     /* $MANDATE_SMTP_PASSWORD or the file
                           ** $MANDATE_SMTP_PASSWORD_FILE; wiped on clear */
  char *zSmsToken;         /* $MANDATE_SMS_TOKEN or $MANDATE_SMS_TOKEN_FILE */
  char zPasswordFrom[300]; /* where the password came from, in words; "" */
  char zTokenFrom[300];    /* where the token came from, in words; "" */
};

/* The configuration keys (without "mail."), for help and validation. */
extern const char *const outbox_azConfigKey[];
extern const int outbox_nConfigKey;

/* Load the configuration. A secret file must be a regular file that only
** its owner may read or write (mode 0600 or 0400). Returns 0, or -1 with
** *pzErr (caller frees). Free with outbox_config_clear() either way. */
int outbox_config_load(Db *db, OutboxConfig *p, char **pzErr);
void outbox_config_clear(OutboxConfig *p);

/* Set mail.KEY to zValue after checking it (NULL or "": remove it).
** Returns 0, or -1 with *pzErr (caller frees). */
int outbox_config_set(Db *db, const char *zKey, const char *zValue, char **pzErr);

/* The configuration as JSON, secrets as {"set":bool,"from":"..."} only.
** Caller frees with json_decref(). */
json_t *outbox_config_json(const OutboxConfig *p);

/* 1 when z may be the union's public web address in a message's link:
** https://HOST[/PATH], or http:// to loopback only (127.0.0.0/8,
** localhost, [::1]: tests and a machine's own checks); printable ASCII,
** no spaces, quotes or angle brackets, under 200 bytes. */
int outbox_link_base_ok(const char *z);

/* 1 when the channel ("email" or "sms") can be sent with *p; else 0 with
** zWhy[nWhy] saying what to configure. */
int outbox_channel_ready(const OutboxConfig *p, const char *zChannel, char *zWhy, size_t nWhy);

/*************** sending ***************/

/* Only one sender per database: an exclusive lock on the file
** ZDBPATH-outbox.lock, which the kernel releases when the process dies,
** kill -9 included. Returns 0 with *pFd holding it, 1 when another sender
** has it, -1 with *pzErr. Release with outbox_sender_unlock(). */
int outbox_sender_lock(const char *zDbPath, int *pFd, char **pzErr);
void outbox_sender_unlock(int fd);

/* With the sender lock held: put back every message a crashed sender left
** in 'sending', due now, to be sent again with the same Message-ID.
** *pn gets how many. Returns 0 or -1 with *pzErr. */
int outbox_recover(Db *db, int64_t *pn, char **pzErr);

/* What a sending run did. */
typedef struct OutboxRun OutboxRun;
struct OutboxRun {
  int64_t nSent;       /* accepted by the server */
  int64_t nRetry;      /* back to 'queued', to try again later */
  int64_t nBounced;    /* refused for good */
  int64_t nFailed;     /* out of attempts, or unsendable */
  char zLastError[400];/* the last failure, in words ("" if none); no body */
};

/* Claim up to nBatch due messages of the channels *pCfg can send (or only
** message onlyId, when not 0 and due), commit the claim, send them, and
** record each outcome, adding to *pRun. Returns how many were claimed (0:
** nothing due), or -1 with *pzErr on a store error. */
int outbox_send_batch(Db *db, const OutboxConfig *pCfg, int nBatch, int64_t onlyId,
                      OutboxRun *pRun, char **pzErr);

/* Seconds until the next queued message of a sendable channel is due (0
** when one is due now), or -1 when none is queued. */
int64_t outbox_seconds_to_next(Db *db, const OutboxConfig *pCfg);

/* Make message id due now: a queued one (waiting for its backoff), or a
** failed or bounced one (counted as re-sent; its attempts start again).
** Returns 0, or -1 with *pzErr: no such message, or it is sent or sending. */
int outbox_retry(Db *db, int64_t id, char **pzErr);

/* Make every failed message and every queued one waiting for a backoff due
** now (not the bounced: their address is wrong; retry those one by one).
** *pn gets how many. Returns 0 or -1 with *pzErr. */
int outbox_retry_all(Db *db, int64_t *pn, char **pzErr);

/* How many messages are in each state, in outbox_azState order. 0 or -1. */
int outbox_counts(Db *db, int64_t an[OUTBOX_NSTATE]);

/* Up to nLimit messages (newest first), only those in zState when not
** NULL, as a JSON array of {"id","channel","recipient","subject","purpose",
** "member_id","state","attempts","resends","next_attempt_at","last_error",
** "message_id","created_at","sent_at"} (never the body). NULL on a store
** error. Caller frees with json_decref(). */
json_t *outbox_list_json(Db *db, const char *zState, int nLimit);

/* One message as that JSON object, or NULL when there is no such id (or
** on a store error). Caller frees with json_decref(). */
json_t *outbox_get_json(Db *db, int64_t id);

/* A bounce reported after the message was taken (a delivery status
** notification, src/mail/dsn.h): the message with zMessageId (without <>)
** becomes 'bounced' with zWhy (the remote server's words) in last_error.
** Returns 1 when it did, 0 when no sent, queued or failed message has that
** Message-ID (not ours, or bounced already), -1 with *pzErr. */
int outbox_mark_bounced(Db *db, const char *zMessageId, const char *zWhy, char **pzErr);

#endif
