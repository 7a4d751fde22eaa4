/* reminders.h: measured reminder waves for an online ballot. An officer
** schedules a wave (email or SMS, a message that carries the voting page's
** link and never a voting code, a time, a hold-out share); when it is due
** the wave goes to every voter who has not voted by then and has an
** address for its channel, less a random hold-out drawn reproducibly from
** a stored seed; the messages go through the outbox (durable, at least
** once) in the same transaction that records who was reminded and who was
** held out. The results compare turnout in the two groups 1, 2, 3 and 7
** days after, with the difference and its 95% confidence interval
** (Newcombe's hybrid score interval, built from two Wilson intervals).
** How to read them: docs/ballots.md, "Reminders, measured". */
#ifndef MANDATE_REMINDERS_H
#define MANDATE_REMINDERS_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "ballot.h"
#include "register.h"

#define REMINDER_HOLDOUT_DEFAULT 10   /* per cent of recipients held out */
#define REMINDER_HOLDOUT_MAX     90
#define REMINDER_NDAY            4    /* the days after a wave we report */
extern const int aReminderDay[REMINDER_NDAY];   /* 1 2 3 7 */

/************************ the statistics (pure) ************************/

/* The 95% Wilson score interval of x successes in n (n > 0). */
void reminder_wilson(int64_t x, int64_t n, double *pLo, double *pHi);

/* Turnout among the reminded (x1 of n1) against the held out (x0 of n0):
** the difference p1 - p0 and its 95% Newcombe hybrid score interval
** (Newcombe 1998, method 10). Proportions, not points. */
typedef struct ReminderDiff ReminderDiff;
struct ReminderDiff {
  double p1, p0;              /* turnout, reminded and held out */
  double diff, lo, hi;        /* p1 - p0 and its interval */
};
/* 0, or -1 when a group is empty (no difference can be said). */
int reminder_diff(int64_t x1, int64_t n1, int64_t x0, int64_t n0, ReminderDiff *pOut);

/* The plain sentence: "the reminder raised turnout by 4.1 points (95% CI
** 1.2 to 7.0)", "lowered ... by", or "made no clear difference" when the
** interval spans zero (the estimate is still given). */
void reminder_sentence(const ReminderDiff *p, char *zOut, size_t nOut);

/* The hold-out draw: of the n voters aVoterNo[] (voter numbers), the
** nHeld = round(n * pct / 100) whose keyed hash BLAKE2b(seed, voter no)
** is smallest are held out: aHeld[i] = 1. The same seed and voters give
** the same draw. */
int64_t reminder_holdout_count(int64_t n, int pct);
void reminder_draw(const unsigned char aSeed[32], const int64_t *aVoterNo, int64_t n, int pct,
                   unsigned char *aHeld);

/************************ waves ************************/

/* A wave to schedule. Strings borrowed. */
typedef struct ReminderSpec ReminderSpec;
struct ReminderSpec {
  const char *zChannel;       /* "email" or "sms" */
  const char *zSubject;       /* email; NULL: "Reminder: TITLE" */
  const char *zTemplate;      /* NULL: the default; {first_name} {title} {closes} {link};
                              ** must hold {link}; never a voting code */
  const char *zSendAt;        /* a ballot_parse_time() form, within the voting window */
  const char *zLinkBase;      /* https://UNION: the link is BASE/vote/CODE */
  int holdoutPct;             /* 0-90 */
  const char *zBy;            /* who scheduled it */
};

/* The default message of a wave on channel zChannel ("email" or "sms"),
** with {first_name} {title} {closes} {link}. Static text. */
const char *reminder_default_template(const char *zChannel);

/* Schedule a wave on ballot pB. Returns 0 with *pWaveNo, or -1 with
** *pzErr (caller frees) naming every problem; nothing written. */
int reminder_schedule(Db *db, const Ballot *pB, const ReminderSpec *p, const char *zNow,
                      int *pWaveNo, char **pzErr);

/* What sending due waves did. */
typedef struct ReminderSent ReminderSent;
struct ReminderSent {
  int nWave;                  /* waves sent */
  int64_t nQueued;            /* messages queued in the outbox */
  int64_t nHeld;              /* recipients held out */
  int64_t nNoAddress;         /* non-voters without an address for the channel */
};

/* Send every wave of pB (NULL: of every ballot) that is due at zNow and
** not yet sent, each in one transaction: mark it sent, record who was
** reminded and who held out, queue the messages. A wave is sent once:
** a second run, or a crash before the commit, never sends it twice.
** 0, or -1 with *pzErr. */
int reminder_send_due(Db *db, const Ballot *pB, const char *zNow, ReminderSent *pOut, char **pzErr);

/************************ results ************************/

typedef struct ReminderDay ReminderDay;
struct ReminderDay {
  int days;                   /* 1, 2, 3, 7 */
  char zUntil[BALLOT_TIME];   /* the wave's send time + days, or the close if earlier */
  int pending;                /* zUntil is still to come: figures so far */
  int64_t nReminded, xReminded;   /* in the group, and voted by zUntil */
  int64_t nHeld, xHeld;
  int hasDiff;
  ReminderDiff d;
};

typedef struct ReminderWave ReminderWave;
struct ReminderWave {
  int waveNo;
  char zChannel[8];
  char zSendAt[BALLOT_TIME];
  char zSentAt[BALLOT_TIME];  /* "" while scheduled */
  int holdoutPct;
  char zSeed[65];             /* hex: the draw can be re-done */
  char zBy[64];
  ReminderDay aDay[REMINDER_NDAY];
};

typedef struct ReminderResults ReminderResults;
struct ReminderResults {
  int nWave;
  ReminderWave *aWave;        /* owned, in wave order */
};

/* Every wave of pB, with the groups counted within pScope's subtree (NULL:
** the whole ballot) at zNow. 0 or -1. Free with reminder_results_clear(). */
int reminder_results(Db *db, const Ballot *pB, const Unit *pScope, const char *zNow,
                     ReminderResults *pOut);
void reminder_results_clear(ReminderResults *p);
json_t *reminder_results_json(const Ballot *pB, const ReminderResults *p);

#endif
