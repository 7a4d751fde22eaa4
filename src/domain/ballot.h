/* ballot.h: the union's side of an online ballot around the verifiable
** board (src/crypto/): the constituency snapshotted at creation, the
** public halves of the voters' credentials taken from the credential
** authority, ballots received once, appended to the board durably and
** recorded (who voted, never how), reconciliation after a crash, live
** turnout by unit, the lists of who has not voted with reps' contact
** outcomes, and the result judged under the ballot's regime. The flow and
** who holds what: docs/ballots.md. */
#ifndef MANDATE_BALLOT_H
#define MANDATE_BALLOT_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "../util/buf.h"
#include "../crypto/board.h"
#include "law.h"
#include "register.h"

#define BALLOT_TIME      21      /* "YYYY-MM-DDTHH:MM:SSZ" and a NUL */
#define BALLOT_COOLDOWN_DAYS 3   /* default days before a contacted member is due again */
#define BALLOT_LIST_MAX  500     /* not-voted rows returned at most */

/* Kinds of ballot and outcomes of a rep's call, each NULL-terminated. */
extern const char *const azBallotKind[];      /* indicative offer election motion */
extern const char *const azBallotOutcome[];   /* spoke will_vote no_answer left_message wrong_number */

/* Now, UTC, as YYYY-MM-DDTHH:MM:SSZ; noon of $MANDATE_TODAY when that is
** set (tests). */
void ballot_now(char zOut[BALLOT_TIME]);

/* A normalised time (YYYY-MM-DDTHH:MM:SSZ) as seconds since 1970, or -1
** when z is not one; and back. */
int64_t ballot_time_seconds(const char *z);
void ballot_time_iso(int64_t t, char zOut[BALLOT_TIME]);

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS][Z]", read
** as UTC, into zOut. Returns 0, or -1 with *pzWhy (static). */
int ballot_parse_time(const char *zIn, char zOut[BALLOT_TIME], const char **pzWhy);

/* The directory of ballot zCode's board beside database zDbPath:
** "ZDBPATH.ballots/ZCODE" (the board is the file "board" in it). Caller
** frees. */
char *ballot_board_dir(const char *zDbPath, const char *zCode);

/* Decode the election definition (line 1) of the board file zBoard into
** *pE (free with election_clear(), whatever the outcome). 0, or -1 with
** zWhy. */
struct Election;
int ballot_election_load(const char *zBoard, struct Election *pE, char *zWhy, size_t nWhy);

/* A ballot as stored. */
typedef struct Ballot Ballot;
struct Ballot {
  int64_t id;
  char zCode[48];
  char zTitle[208];
  char zQuestion[1008];
  char zAnswers[1008];        /* "A;B;C", "" for a yes/no question */
  char zKind[16];
  char zRegime[64];
  char zOpens[BALLOT_TIME];
  char zCloses[BALLOT_TIME];
  int breakdown;              /* 1: counted by workplace (groups on the board) */
  char zElectionId[65];       /* hex; "" while being created */
  int64_t nVoter;             /* the constituency, fixed at creation */
  char zCredentialsAt[BALLOT_TIME];  /* "" until the authority's credentials are in */
  char zClosedAt[BALLOT_TIME];       /* "" until the tally is on the board */
  char zCreatedAt[BALLOT_TIME];
  int hasResult;              /* a result has been published (ballot_result_json) */
  int weighted;               /* a delegate conference: each voter's ballot counts their weight */
  int64_t nWeight;            /* the votes of the constituency: Σ weights (= nVoter unless weighted) */
};

/* What a new ballot needs. Strings borrowed. */
typedef struct BallotSpec BallotSpec;
struct BallotSpec {
  const char *zCode;          /* letters, digits, - _ . (1-40) */
  const char *zTitle;         /* 1-200 bytes */
  const char *zQuestion;      /* 1-1000 bytes */
  const char *zAnswers;       /* NULL: yes/no; else "A;B;C" */
  const char *zKind;          /* one of azBallotKind */
  const char *zRegime;        /* a regime the LawSet knows */
  const char *zOpens, *zCloses;   /* as given: ballot_parse_time() forms */
  int breakdown;
  int nUnit;
  const char *const *azUnit;  /* unit codes, at least one: their subtrees */
  const char *zEmployer;      /* NULL or an employer's exact name */
  const char *zCategory;      /* NULL or a category (case does not matter) */
  const char *zType;          /* NULL or an employment type */
  /* A delegate conference: NULL, or the text of a CSV file "member,weight"
  ** (header line; zWeightsName names it in messages): the constituency is
  ** exactly these active members (inside the units, when any are given),
  ** each with their weight, 1..ELECTION_MAX_WEIGHT votes. */
  const char *zWeightsName;
  const char *zWeights;
  size_t nWeights;
};

/* A ballot being created: its row and constituency are written inside an
** open transaction, the board is written, then ballot_create_finish()
** commits (or ballot_create_abort() rolls back). */
typedef struct BallotDraft BallotDraft;
struct BallotDraft {
  Ballot b;
  uint32_t nGroup;            /* breakdown groups (workplaces), 0 without --breakdown */
  char **azGroup;             /* owned; nGroup labels "CODE Name", group g+1 */
};

/* Check *p and, in a transaction left open, store the ballot and snapshot
** its constituency: every active member whose workplace lies in a unit's
** subtree and who passes the filters, numbered 1..N (by group, then by
** member); with weights, the members listed, numbered by group, then
** weight, then member (so that each (group, weight) pair is one run of
** voter numbers: one batch of credentials). Returns 0 with *pOut; -1 with
** *pzErr (caller frees) saying every problem (FILE:LINE:COL for the
** weights file), nothing written. */
int ballot_create_begin(Db *db, const LawSet *pLaw, const BallotSpec *p,
                        BallotDraft *pOut, char **pzErr);
/* Record the board's election id (32 bytes) and commit. 0 or -1. */
int ballot_create_finish(Db *db, BallotDraft *p, const unsigned char *aId, char **pzErr);
void ballot_create_abort(Db *db, BallotDraft *p);
void ballot_draft_clear(BallotDraft *p);

/* Load ballot zCode. 0 when found, 1 when not, -1 on a store error. */
int ballot_load(Db *db, const char *zCode, Ballot *pOut);

/* Every ballot, newest first, as a JSON array of {"code","title","kind",
** "opens","closes","voters","state"}. NULL on error; caller decrefs. */
json_t *ballot_list_json(Db *db);

/* "created", "credentials" (voting may start at its opening), "open",
** "ended" (past its close, not yet closed), "closed", "counted". Static. */
const char *ballot_state(const Ballot *pB, const char *zNow);

/* The voter list for the credential authority, CSV (CRLF): voter,group
** (voter,group,weight for a weighted ballot) and, with withContacts, first_name,last_name,email,mobile,address_line1,
** address_line2,town,postcode (formula-safe; letters need the address). Rows
** in voter order, so that running `mandate authority credentials` once
** per group in the order given numbers the credentials as the voters.
** apGroupCount (may be NULL) gets an owned array of nGroup+1 counts.
** 0 or -1 with *pzErr. */
int ballot_voters_csv(Db *db, const Ballot *pB, const char *const *azGroup, uint32_t nGroup,
                      int withContacts, Buf *pOut, char **pzErr);

/* Per group (0 when there is no breakdown), in group order, the voters
** in it, or with byWeight their votes (the sum of their weights: the
** voters unless the ballot is weighted): *paCount gets nGroup+1 figures
** (caller frees). 0 or -1. */
int ballot_group_counts(Db *db, const Ballot *pB, uint32_t nGroup, int byWeight, int64_t **paCount);

/* One batch of credentials for the authority: voters first..first+n-1,
** all in group iGroup (0: no groups) and of the same weight. */
typedef struct BallotCredRun BallotCredRun;
struct BallotCredRun {
  int64_t first, n;
  int64_t iGroup;
  int64_t weight;
};
/* The runs of voters, in voter order: one per (group, weight) pair.
** *paRun gets *pnRun of them (caller frees). 0 or -1. */
int ballot_credential_runs(Db *db, const Ballot *pB, BallotCredRun **paRun, int *pnRun);

/* Take the credential authority's work: zAuthBoard (the authority's copy
** of the board: the server's board zBoard followed by credential items
** only) and zMap (text: "voter-NNNNNNN HEX" lines, the public halves;
** zMapName for messages). Checks the authority's board verifies, starts
** with ours byte for byte, adds nothing but credentials; that every voter
** has exactly one credential on it, in their own group and of their own
** weight (1 unless the ballot is weighted). Then appends the
** new items to our board (fsync) and records each voter's credential.
** All or nothing. Returns 0 (*pnNew: credentials recorded), -1 with
** *pzErr (FILE:LINE:COL for the map). */
int ballot_import_credentials(Db *db, const Ballot *pB, const char *zBoard,
                              const char *zAuthBoard, const char *zMapName,
                              const char *zMap, size_t nMap, int64_t *pnNew, char **pzErr);

/************************ intake ************************/

/* What ballot_cast() decided. */
typedef enum BallotCastCode {
  BALLOT_CAST_OK = 0,         /* on the board and recorded: 201 */
  BALLOT_CAST_MALFORMED,      /* not hex, wrong size: 400 */
  BALLOT_CAST_INVALID,        /* a signature or a proof fails: 400 */
  BALLOT_CAST_UNKNOWN,        /* the credential is not one of this ballot's: 403 */
  BALLOT_CAST_REPLAY,         /* this exact ballot is already on the board: 409 */
  BALLOT_CAST_NOT_OPEN,       /* before the opening, after the close, or no credentials: 403 */
  BALLOT_CAST_ERROR           /* the store or the disk failed; not acknowledged: 500/503 */
} BallotCastCode;

typedef struct BallotCast BallotCast;
struct BallotCast {
  char zTracker[BOARD_TRACKER_CHARS+1];
  int64_t offset;             /* where its line starts on the board */
  char zReceivedAt[BALLOT_TIME];
  int revote;                 /* the voter had cast before */
  int64_t weight;             /* the votes it counts for: 1, or a delegate's weight */
};

/* Validate the ballot a[0..n) (the payload bytes) of ballot zCode once,
** append it to the board (fsync), record it, and only then return
** BALLOT_CAST_OK. Ballots checked meanwhile on other threads share the
** append, the fdatasync and the transaction (group commit; each is
** answered only after all three). The boards are held open per process (the writer keeps
** the last hash: O(1) per ballot); the first use of a ballot in a
** process reconciles the board with the store (a ballot on the board but
** not recorded, after a crash between the two, is recorded; a torn last
** line, never acknowledged, is cut off). zDbPath locates the board.
** zWhy (nWhy bytes) says why on anything but OK. Thread-safe. */
BallotCastCode ballot_cast(Db *db, const char *zDbPath, const char *zCode,
                           const unsigned char *a, size_t n, BallotCast *pOut,
                           char *zWhy, size_t nWhy);

/* Reconcile ballot pB's board with the store now (what the first cast
** does): *pnRecorded gets the ballots found on the board and recorded.
** 0 or -1 with zWhy. Not for use while a server has the board open in
** another process. */
int ballot_reconcile(Db *db, const char *zDbPath, const Ballot *pB, int64_t *pnRecorded,
                     char *zWhy, size_t nWhy);

/* The members' tracker emails ("your vote was received", its receipt
** number and links; never the vote), queued in the outbox for every
** ballot recorded since the last call, whichever way it was recorded (a
** cast, or reconcile after a crash), each batch in one transaction with
** the ballot's watermark (ballots.trackers_mailed_to), so each is queued
** once. Run by the sender (src/domain/dispatch.c), off the cast's path.
** *pnQueued gets how many. 0, or -1 with *pzErr (caller frees). */
int ballot_tracker_mail_due(Db *db, int64_t *pnQueued, char **pzErr);

/************************ looking a receipt up ************************/

/* What the board says of one receipt number (tracker). */
typedef struct BallotReceipt BallotReceipt;
struct BallotReceipt {
  int found;                        /* a ballot with this tracker is on the board */
  char zTracker[BOARD_TRACKER_CHARS+1];   /* as printed: lowercase, no spaces */
  char zReceivedAt[BALLOT_TIME];    /* when it was received */
  int replaced;                     /* the same voter cast a later ballot: that one counts */
};

/* Look receipt number zTracker up among ballot pB's ballots. 0 (with
** pOut->found 0 or 1), 1 when zTracker is not a receipt number (*pzWhy,
** static), -1 on a store error. Says nothing of the vote or the voter. */
int ballot_find_receipt(Db *db, const Ballot *pB, const char *zTracker, BallotReceipt *pOut,
                        const char **pzWhy);

/************************ turnout ************************/

typedef struct BallotTurnoutRow BallotTurnoutRow;
struct BallotTurnoutRow {
  int64_t unitId;
  char zCode[64];
  char zName[200];
  char zKind[16];
  int depth;                  /* below the scope unit: 0 for it */
  int64_t nVoter;
  int64_t nVoted;
  double pct;
  int64_t nWeight;            /* the votes those voters hold (weighted ballots; else = nVoter) */
  int64_t nWeightVoted;       /* the votes of those who have voted */
  double weightPct;
};

typedef struct BallotPoint BallotPoint;
struct BallotPoint {
  char zAt[BALLOT_TIME];      /* the end of the hour (or day) */
  int64_t nVoted;             /* cumulative */
};

typedef struct BallotTurnout BallotTurnout;
struct BallotTurnout {
  int nRow;
  BallotTurnoutRow *aRow;     /* owned: the scope's subtree, every level, tree order;
                              ** aRow[0] is the scope unit itself */
  int byDay;                  /* points are days (else hours) */
  int nPoint;
  BallotPoint *aPoint;        /* owned: from the opening to now (or the close) */
};

/* Turnout within pScope's subtree (NULL: the whole union), at every level,
** and over time. Returns 0, 1 when no voter lies in the scope, -1 on a
** store error. Free with ballot_turnout_clear(). */
int ballot_turnout(Db *db, const Ballot *pB, const Unit *pScope, const char *zNow,
                   BallotTurnout *pOut);
void ballot_turnout_clear(BallotTurnout *p);
json_t *ballot_turnout_json(const Ballot *pB, const BallotTurnout *p, const char *zNow);

/************************ who has not voted ************************/

typedef struct BallotNotVoted BallotNotVoted;
struct BallotNotVoted {
  char zNumber[32];
  char zFirstName[100];
  char zLastName[100];
  char zMobile[20];
  char zWorkplaceCode[64];
  char zWorkplaceName[200];
  char zLastContact[BALLOT_TIME];   /* "" if never */
  char zLastOutcome[16];
  char zDueFrom[BALLOT_TIME];       /* "" when due now */
};

typedef struct BallotNotVotedList BallotNotVotedList;
struct BallotNotVotedList {
  int n;
  BallotNotVoted *a;          /* owned: due first, then by workplace and name */
  int64_t nNotVoted;          /* in the unit, all */
  int64_t nDue;               /* of them, due for a call now */
  int64_t nVoter;             /* voters in the unit */
};

/* Members of ballot pB in pUnit's subtree who have not voted, by
** workplace: due for a call unless contacted in the last coolDownDays.
** At most BALLOT_LIST_MAX rows. 0, or -1 on a store error. */
int ballot_not_voted(Db *db, const Ballot *pB, const Unit *pUnit, const char *zNow,
                     int coolDownDays, BallotNotVotedList *pOut);
void ballot_not_voted_clear(BallotNotVotedList *p);
json_t *ballot_not_voted_json(const BallotNotVotedList *p);

/* Record a call to member zNumber (a voter of pB) with outcome zOutcome by
** zBy (a username). Returns 0, 1 when the member is not a voter of this
** ballot, -1 with *pzErr (bad outcome, store error). */
int ballot_contact_add(Db *db, const Ballot *pB, const char *zNumber, const char *zOutcome,
                       const char *zBy, const char *zNow, char **pzErr);

/************************ close and result ************************/

/* Mark the ballot closed (the tally is on the board). 0 or -1. */
int ballot_mark_closed(Db *db, const Ballot *pB, const char *zNow);

/* Judge the result on the board zBoard (which must verify, with its
** result) under the ballot's regime, overall and per bucket ("where a
** mandate can be won"), and store it. *ppJson gets the result (caller
** decrefs). Returns 0, or -1 with *pzErr. */
int ballot_result(Db *db, const LawSet *pLaw, const Ballot *pB, const char *zBoard,
                  const char *const *azCondition, json_t **ppJson, char **pzErr);

/* The stored result, or NULL when none. Caller decrefs. */
json_t *ballot_result_json(Db *db, const Ballot *pB);

#endif
