/* law.h: legal regimes as data: load and validate the JSON files of data/regimes, pick
** the version of each rule in force on a date, and evaluate rule kinds
** (thresholds on a ballot result, the legal timeline of a ballot). No rule
** is written in C for a named regime; the file format is in docs/law.md. */
#ifndef MANDATE_LAW_H
#define MANDATE_LAW_H
#include <jansson.h>

#define LAW_DIR_INSTALLED "/usr/share/mandate/regimes"
#define LAW_MAX_EVENT 24

typedef struct LawSet LawSet;   /* every regime and holiday calendar loaded */

/* The regimes directory: $MANDATE_REGIMES when set and not empty, else
** "data/regimes" when that is a directory under the working directory,
** else LAW_DIR_INSTALLED. Returns a borrowed string. */
const char *law_default_dir(void);

/* Load and validate every *.json file in zDir (NULL: law_default_dir()).
** On success returns 0 and sets *ppSet (caller frees with law_free). On any
** problem returns -1 and sets *pzErr to every problem found, one a line,
** each starting with the file's name (caller frees with free()); nothing is
** loaded then: a half-read law gives no answers. */
int law_load(const char *zDir, LawSet **ppSet, char **pzErr);

/* Free a set from law_load(); NULL is fine. */
void law_free(LawSet *pSet);

/* The number of regimes, and the i-th in order of id (borrowed). */
int law_regime_count(const LawSet *pSet);
json_t *law_regime_at(const LawSet *pSet, int i);

/* The regime with id zId, or NULL (borrowed). */
json_t *law_regime(const LawSet *pSet, const char *zId);

/* The version of rule pRule in force on zDate (ISO): the one with the latest
** "from" not after zDate. Versions without a known commencement ("from":
** null) are never chosen. NULL when none is in force yet. Borrowed. */
json_t *law_rule_version(const json_t *pRule, const char *zDate);

/* The name of the holiday on zDate in calendar zCalendar, or NULL (also
** when zCalendar is NULL or unknown). Borrowed. *pCovered (may be NULL) is
** set to whether the calendar covers zDate at all. */
const char *law_holiday(const LawSet *pSet, const char *zCalendar,
                        const char *zDate, int *pCovered);

/* ---- Thresholds: is a ballot result a mandate? ---- */

/* A ballot result to judge. */
typedef struct LawBallot LawBallot;
struct LawBallot {
  long long nEntitled;        /* entitled to vote (on the roll) */
  long long nVotes;           /* votes cast, spoiled papers included */
  long long nYes;             /* Yes votes */
  long long nNo;              /* No votes, when hasNo */
  int hasNo;                  /* whether nNo was given */
  const char *zOn;            /* ISO date the ballot opened: picks versions */
  const char *const *azCondition; /* conditions that hold, NULL-terminated
                              ** (e.g. "important_public_service"); may be NULL */
};

/* One rule judged. */
typedef struct LawCheck LawCheck;
struct LawCheck {
  const char *zRule;          /* borrowed: rule id */
  const char *zTitle;         /* borrowed: the rule in words */
  const char *zKind;          /* borrowed: rule kind */
  const char *zSection;       /* borrowed: statute section */
  const char *zStatus;        /* borrowed: "in force", "unconfirmed", ... */
  const char *zFrom;          /* borrowed: the version's "from" date */
  const char *zBase;          /* static: what value is a percentage of */
  const char *zCompare;       /* static: ">=" or ">" (value against required) */
  int met;                    /* 1 if met */
  double value;               /* the figure, per cent */
  double required;            /* what was needed, per cent */
  long long nValue;           /* the votes counted */
  long long nRequired;        /* the fewest votes that meet the rule */
  long long margin;           /* nValue - nRequired: >=0 met, <0 votes short */
};

/* The verdict on a ballot result. */
typedef struct LawVerdict LawVerdict;
struct LawVerdict {
  const char *zRegime;        /* borrowed: regime id */
  char zOn[11];               /* the date that picked the versions */
  int mandate;                /* 1 when every rule that applies is met */
  int nCheck;                 /* number of rules judged */
  LawCheck *aCheck;           /* owned: the rules judged */
  int nNote;                  /* number of notes */
  char **azNote;              /* owned: rules not applied and why, caveats */
};

/* Judge ballot p under regime zRegime. Checks the figures (0 <= votes <=
** entitled, 1 <= entitled, yes + no <= votes). Returns 0 and fills *pOut
** (clear with law_verdict_clear), or -1 with *pzErr saying why (caller
** frees); *pOut is then empty. */
int law_thresholds(const LawSet *pSet, const char *zRegime, const LawBallot *p,
                   LawVerdict *pOut, char **pzErr);

/* {"regime","on","mandate","rules":[{"rule","met","value","required",
** "margin",...}],"notes":[...]}. Caller frees with json_decref(). */
json_t *law_verdict_json(const LawVerdict *pV);

/* Free what a verdict owns and zero it. */
void law_verdict_clear(LawVerdict *pV);

/* ---- The legal timeline of a ballot ---- */

/* One date on the timeline. */
typedef struct LawEvent LawEvent;
struct LawEvent {
  char zKey[40];              /* "ballot_notice_by", "mandate_expires", ... */
  char zDate[11];             /* ISO date */
  char *zLabel;               /* owned: what happens, in words */
  const char *zSection;       /* borrowed: statute section, or NULL */
};

typedef struct LawTimeline LawTimeline;
struct LawTimeline {
  const char *zRegime;        /* borrowed: regime id */
  char zOpens[11];            /* the ballot opens (first paper sent) */
  char zCloses[11];           /* the ballot closes (last day of voting) */
  char zToday[11];            /* the day warnings are judged from */
  int nEvent;                 /* number of dates */
  LawEvent aEvent[LAW_MAX_EVENT]; /* in order of date */
  int nWarn;                  /* number of warnings */
  char **azWarn;              /* owned: weekends, holidays, short windows, expiry */
  int nNote;                  /* number of notes */
  char **azNote;              /* owned: assumptions and caveats */
};

/* Compute the timeline of a ballot under regime zRegime opening zOpens and
** closing zCloses (ISO dates), warnings judged from zToday. Returns 0 and
** fills *pOut (clear with law_timeline_clear), or -1 with *pzErr (caller
** frees) when the regime is unknown or the dates are wrong. */
int law_timeline(const LawSet *pSet, const char *zRegime, const char *zOpens,
                 const char *zCloses, const char *zToday, LawTimeline *pOut,
                 char **pzErr);

/* The date with key zKey, or NULL. Borrowed. */
const char *law_timeline_date(const LawTimeline *pT, const char *zKey);

/* {"regime","ballot_opens","ballot_closes",<key>:<date>...,"events":[...],
** "warnings":[...],"notes":[...]}. Caller frees with json_decref(). */
json_t *law_timeline_json(const LawTimeline *pT);

/* The timeline as an iCalendar file (RFC 5545: CRLF lines folded at 75
** octets, one all-day VEVENT per date); zStamp is the ISO date for DTSTAMP.
** Caller frees with free(). */
char *law_timeline_ics(const LawTimeline *pT, const char *zStamp);

/* Free what a timeline owns and zero it. */
void law_timeline_clear(LawTimeline *pT);

/* ---- Notice of industrial action ---- */

/* When action may start after notice of it is given. */
typedef struct LawActionNotice LawActionNotice;
struct LawActionNotice {
  char zGiven[11];            /* the day notice is given (received) */
  char zEarliest[11];         /* the earliest day action may start */
  int nDays;                  /* the notice period used */
  int working;                /* 1: counted in working days, 0: calendar days */
  int byAgreement;            /* 1: the shorter period agreed with the employer */
  const char *zRule;          /* borrowed: rule id */
  const char *zSection;       /* borrowed: statute section */
  const char *zStatus;        /* borrowed: "in force", "unconfirmed", ... */
  const char *zNote;          /* borrowed: the version's note, or NULL */
};

/* The earliest day action may start under regime zRegime when notice of
** action is given on zGiven (ISO), by the regime's action_notice_days rule
** in force on zGiven, counted as law_timeline counts it; byAgreement asks
** for the period agreed with the employer. Returns 0 and fills *pOut; 1
** when the regime has no such rule in force that day, or no period by
** agreement (*pzErr says so); -1 with *pzErr on an unknown regime or a bad
** date. Caller frees *pzErr. */
int law_action_notice(const LawSet *pSet, const char *zRegime, const char *zGiven,
                      int byAgreement, LawActionNotice *pOut, char **pzErr);

#endif
