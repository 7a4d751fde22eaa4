/* dispatch.h: the one sending loop, shared by `mandate outbox send` and
** the sender thread of `mandate serve`. Each tick queues the reminder
** waves that are due (reminders.h) and the tracker emails of the ballots
** recorded since the last tick (ballot.h), and then sends what is due in the
** outbox (outbox.h) under the sender lock, batch after batch until
** nothing more is claimed. Only one sender per database holds the lock;
** the first time a dispatcher gets it, it puts back what a crashed sender
** left in 'sending'. It reports counts only, never a recipient or a body.
** docs/mail.md, "Who sends". */
#ifndef MANDATE_DISPATCH_H
#define MANDATE_DISPATCH_H
#include <signal.h>
#include <stdint.h>
#include "../store/db.h"
#include "outbox.h"
#include "reminders.h"

/* A dispatcher: one per sending process (or thread), with its own Db. */
typedef struct Dispatch Dispatch;
struct Dispatch {
  char *zDbPath;              /* owned: the database's path (for the lock file) */
  int nBatch;                 /* messages claimed at a time (default 50) */
  int lockFd;                 /* the sender lock when held, else -1 */
  volatile sig_atomic_t *pStop;  /* borrowed, may be NULL: stop between batches when set */
  void (*xBatch)(const OutboxRun*, void*);  /* may be NULL: called after each batch
                                            ** that claimed something, with the
                                            ** tick's counts so far */
  void *pArg;                 /* for xBatch */
};

/* What one tick did. */
typedef struct DispatchTick DispatchTick;
struct DispatchTick {
  ReminderSent waves;         /* due waves queued in the outbox */
  int64_t nTrackers;          /* tracker emails queued for ballots recorded since */
  int canSend;                /* a channel is configured (else waves wait, queued) */
  char zWhyNot[620];          /* when !canSend: what to configure, in words */
  int otherSender;            /* another process holds the sender lock: it sends */
  int gotLock;                /* this tick took the lock (first time, or after another let go) */
  int64_t nRecovered;         /* when gotLock: messages put back from 'sending' */
  OutboxRun run;              /* what sending did */
  int64_t nextDue;            /* seconds to the next queued message (0: now), -1: none */
};

/* Set up *p for the database at zDbPath. Free with dispatch_clear(). */
void dispatch_init(Dispatch *p, const char *zDbPath, int nBatch);

/* Release the sender lock (if held) and free *p. */
void dispatch_clear(Dispatch *p);

/* Whether a sender holds the lock of the database at zDbPath now (this
** server's own sender thread, or 'mandate outbox send'): 1, 0 when none
** does (a wave would wait in the outbox), -1 when it cannot be told. It
** takes the lock for an instant to see. */
int dispatch_sender_running(const char *zDbPath);

/* Take the sender lock if not held yet; the first time, put back what a
** crashed sender left in 'sending' (*pnRecovered, may be NULL). Returns 0
** when held, 1 when another process holds it, -1 with *pzErr (caller frees). */
int dispatch_lock(Dispatch *p, Db *db, int64_t *pnRecovered, char **pzErr);

/* One tick at zNow (ballot_now()'s form): queue the due reminder waves,
** then, when a channel is configured and the sender lock is (or can be)
** held, send batch after batch until nothing is claimed or *p->pStop is
** set. *pOut is filled in (zeroed first). Returns 0, or -1 with *pzErr
** (caller frees) on a store error; what was done before it is in *pOut. */
int dispatch_tick(Dispatch *p, Db *db, const char *zNow, DispatchTick *pOut, char **pzErr);

#endif
