/* turnout.h: tracking the turnout of a statutory postal ballot on a dispute,
** which an independent scrutineer runs: the constituency snapshotted when
** the ballot opens, the scrutineer's "returned so far" figures, members'
** own "I've posted my vote" reports through personal links, and the
** turnout by unit against the regime's thresholds with a projected final
** turnout. The model and its limits: docs/disputes.md. */
#ifndef MANDATE_TURNOUT_H
#define MANDATE_TURNOUT_H
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "../util/buf.h"
#include "dispute.h"
#include "law.h"
#include "register.h"

#define TURNOUT_TOKEN_HEX 65     /* a link token: 32 random bytes as hex, plus NUL */
#define TURNOUT_Z95 1.959963984540054  /* the two-sided 95% normal quantile */

/* A statutory ballot as stored. */
typedef struct TurnoutBallot TurnoutBallot;
struct TurnoutBallot {
  int64_t id;
  int64_t disputeId;
  char zDispute[48];        /* the dispute's code */
  char zTitle[208];         /* the dispute's title */
  char zRegime[64];         /* the dispute's regime when the ballot opened */
  char zOpens[11];          /* the first day of voting (papers sent) */
  char zCloses[11];         /* the last day of voting */
  char zSnapshotOn[11];     /* the day the constituency was snapshotted */
  int ips;                  /* 1: most entitled work in important public services */
  int ipsByOfficer;         /* 1: ips was given by an officer; 0: from unit sectors */
  int64_t nEntitled;        /* the snapshot's count; never recomputed */
};

/* How the important-public-services question is decided at opening. */
#define TURNOUT_IPS_AUTO  (-1)  /* from the workplaces' sectors (a majority) */
#define TURNOUT_IPS_NO    0
#define TURNOUT_IPS_YES   1

/* Open the statutory ballot of dispute *pD, voting from zOpens to zCloses
** (ISO dates, zCloses not before zOpens), snapshotting on zToday who is
** entitled to vote: every member in the constituency whose own employer is
** a party (class primary, as dispute_summarise counts them), with their
** workplace. ips is TURNOUT_IPS_AUTO, _NO or _YES. One ballot per dispute.
** Returns 0 and fills *pOut; -1 with *pzErr (caller frees): a ballot is
** already open, no one is entitled, bad dates, or a store error. Nothing is
** written on failure. */
int turnout_ballot_open(Db *db, const Dispute *pD, const char *zOpens,
                        const char *zCloses, const char *zToday, int ips,
                        TurnoutBallot *pOut, char **pzErr);

/* Load the ballot of dispute zCode. Returns 0 when found, 1 when the
** dispute has none (or does not exist), -1 on a store error. */
int turnout_ballot_load(Db *db, const char *zCode, TurnoutBallot *pOut);

/* The snapshot's workplaces, by code (for scope checks). *paUnit is owned
** by the caller (free()). Returns 0 or -1. */
int turnout_ballot_units(Db *db, const TurnoutBallot *pB, Unit **paUnit, int *pnUnit);

/* Record the scrutineer's figure: nReturned papers returned so far as of
** zOn, for the whole ballot (zUnit NULL) or for workplace zUnit (a unit in
** the snapshot). zBy says who entered it (a username; not member data).
** A figure for the same unit and day replaces the earlier one. Refused
** (-1 with *pzErr, caller frees): a unit not in the ballot, more returned
** than entitled there, a day before the ballot opens or after zToday, or a
** figure lower than one of an earlier day (or higher than one of a later
** day): returns only go up. Returns 0. */
int turnout_scrutineer_update(Db *db, const TurnoutBallot *pB, const char *zUnit,
                              int64_t nReturned, const char *zOn, const char *zBy,
                              const char *zToday, char **pzErr);

/* The mail-merge file of personal "I've posted my vote" links. */
typedef struct TurnoutLinks TurnoutLinks;
struct TurnoutLinks {
  int64_t nEntitled;        /* in the snapshot (erased members excluded) */
  int64_t nWritten;         /* rows written: each has a new link */
  int64_t nNoContact;       /* left out: neither email nor mobile on record */
  Buf csv;                  /* owned: number,first_name,email,mobile,link (CRLF) */
};

/* Issue a new random token to every entitled member with an email or a
** mobile on record, store only its hash, and write the mail-merge CSV with
** the link zBaseUrl + "/posted/" + token (zBaseUrl: http:// or https://,
** no trailing slash needed). Links are issued once: when any member already
** has one, refuses (returns 1 with *pzErr) unless reissue, which replaces
** every link (earlier links stop working; reports already made stay).
** Returns 0, 1, or -1 with *pzErr (caller frees). Free with
** turnout_links_clear(). Fields pass through dispute_csv_field() (formula
** safe), except a mobile in E.164 form ("+447..."), written as it is. */
int turnout_links(Db *db, const TurnoutBallot *pB, const char *zBaseUrl, int reissue,
                  TurnoutLinks *pOut, char **pzErr);
void turnout_links_clear(TurnoutLinks *p);

/* What the public "I've posted my vote" page may show: a first name and
** the ballot, nothing more. */
typedef struct TurnoutPosted TurnoutPosted;
struct TurnoutPosted {
  char zFirstName[100];     /* "" when the member was erased */
  char zTitle[208];         /* the dispute's title */
  char zOpens[11];
  char zCloses[11];
  char zPostedOn[11];       /* "" until they report */
};

/* Look up the link token zToken (64 hex digits; anything else is not
** looked up). Returns 0 and fills *pOut, 1 when no such link, -1 on error. */
int turnout_posted_lookup(Db *db, const char *zToken, TurnoutPosted *pOut);

/* Record that the holder of zToken posted their vote on zToday. Idempotent:
** the first report's day is kept. Returns 0 when recorded now, 2 when it
** already was, 3 when zToday is outside the ballot's window (nothing
** recorded), 1 when no such link, -1 on error; *pOut as for lookup. */
int turnout_posted_record(Db *db, const char *zToken, const char *zToday,
                          TurnoutPosted *pOut);

/* A projected final count from a constant daily return rate. */
typedef struct TurnoutProjection TurnoutProjection;
struct TurnoutProjection {
  int ok;                   /* 1 when projected; else zWhy says why not */
  char zWhy[120];
  int daysElapsed;          /* voting days up to and including the as-of day */
  int daysLeft;             /* voting days after it, to the close */
  double rate;              /* returns per day so far */
  double final;             /* projected count at the close */
  double lo, hi;            /* its 95% interval, within [returned, entitled] */
};

/* Project count nReturned, as of zAsOf, to the close of a ballot open
** zOpens..zCloses with nEntitled entitled (docs/disputes.md: returns
** arrive at a constant daily rate, a Poisson process; the rate's
** uncertainty is included). Pure arithmetic; no store. */
void turnout_project(int64_t nEntitled, int64_t nReturned, const char *zAsOf,
                     const char *zOpens, const char *zCloses, TurnoutProjection *pOut);

/* One unit's turnout (or the whole ballot's, or a scope's total). */
typedef struct TurnoutRow TurnoutRow;
struct TurnoutRow {
  int64_t unitId;           /* 0 for a total row */
  char zUnitCode[64];       /* "" for a total row */
  char zUnitName[216];      /* "whole ballot" or "NAME (total)" for a total row */
  int64_t nEntitled;
  int64_t nSelf;            /* entitled members who said they posted */
  int hasScrutineer;        /* a scrutineer figure exists for this row */
  int64_t nScrutineer;
  char zScrutineerOn[11];
  int64_t nReturned;        /* the figure shown: scrutineer's, else nSelf */
  const char *zSource;      /* static: "scrutineer" or "self-reported" */
  char zAsOf[11];           /* the figure's day */
  double pct;               /* nReturned / nEntitled, per cent */
  int64_t nTurnoutNeeded;   /* returns meeting the turnout rule; 0 when none */
  int64_t nTurnoutShort;    /* more returns still needed (0 when met) */
  int ipsApplies;           /* the 40%-of-entitled Yes rule applies */
  int64_t nYesNeeded;       /* Yes votes it needs */
  int64_t nYesShort;        /* returns still needed even if every one is Yes */
  TurnoutProjection proj;
};

/* A point of a cumulative series. */
typedef struct TurnoutPoint TurnoutPoint;
struct TurnoutPoint {
  char zOn[11];
  int64_t n;                /* cumulative count that day */
};

/* The turnout as one user may see it. */
typedef struct TurnoutView TurnoutView;
struct TurnoutView {
  char zToday[11];
  char zTurnoutRule[300];   /* the turnout rule in words, with its section */
  char zIpsRule[300];       /* the 40% rule in words, or why it does not apply */
  int coversBallot;         /* the scope holds every unit of the ballot */
  int nRow;
  TurnoutRow *aRow;         /* owned: aRow[0] is the total, then by unit code */
  int nSelf;
  TurnoutPoint *aSelf;      /* owned: self-reports in scope, by day */
  int nScrutineer;
  TurnoutPoint *aScrutineer;/* owned: the total row's scrutineer figures by day
                            ** (whole-ballot figures; or one unit's when the
                            ** scope holds one unit); none otherwise */
};

/* The turnout of ballot *pB for a user whose scope is pScope (NULL: the
** whole ballot), judged against the regime's rules in pLaw in force on the
** day it opened, as of zToday. Units outside the scope are left out.
** Returns 0, 1 when no unit of the ballot is in scope (nothing to show),
** -1 with *pzErr (caller frees). Free with turnout_view_clear(). */
int turnout_compute(Db *db, const LawSet *pLaw, const TurnoutBallot *pB,
                    const Unit *pScope, const char *zToday, TurnoutView *pOut,
                    char **pzErr);
void turnout_view_clear(TurnoutView *p);

/* {"dispute","title","regime","opens","closes","snapshot_on","entitled",
** "important_public_service","ips_decided_by","as_of","turnout_rule",
** "ips_rule","rows":[{"unit","name","entitled","returned","source",
** "as_of","turnout_pct","self_reported","scrutineer":{"returned","as_of"}|null,
** "turnout_needed","more_returns_needed","yes_needed","more_yes_needed",
** "projection":{...}|null,"projection_note"}],"self_reported_by_day":[],
** "scrutineer_by_day":[]}. Caller frees with json_decref(). */
json_t *turnout_view_json(const TurnoutBallot *pB, const TurnoutView *pV);

#endif
