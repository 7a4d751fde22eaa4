/* pledge.h: conditional collective pledges ("I will — if enough of us
** do"): campaigns over a scope of the register, anonymous pledge
** credentials, pledges received with the signer's name sealed to the
** trustees' key, counts by workplace and action, the trigger, the
** collective document once k trustees have opened the counted names, and
** expiry, which destroys the sealed names. The server's side only: it
** never sees a name in the clear before the trigger and cannot make or
** withdraw a pledge. docs/pledges.md has the design and its five
** protection properties. */
#ifndef MANDATE_PLEDGE_H
#define MANDATE_PLEDGE_H
#include "../crypto/pledge_board.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <stdint.h>

/* What an officer gives to create a campaign. Scope lists may be empty
** (no restriction); only active members are ever in scope. */
typedef struct PledgeSpec PledgeSpec;
struct PledgeSpec {
  const char *zCode;            /* letters, digits, - _ . (1-40) */
  const char *zTitle;
  const char *zTemplate;        /* section44 | undated_resignation | strike | solidarity */
  const char *zText;            /* NULL: the template's text */
  const char *zDeadline;        /* YYYY-MM-DD, not before today */
  const char *zToday;           /* YYYY-MM-DD */
  int nUnit;       const char *const *azUnit;        /* unit codes (their subtrees) */
  int nEmployer;   const char *const *azEmployer;    /* employer names */
  int nCategory;   const char *const *azCategory;
  int nEmploymentType; const char *const *azEmploymentType;
  int nAction;     const PledgeAction *aAction;      /* labels borrowed */
  GroupPoint authority;         /* the credential authority's key */
  uint32_t nTrustee, nThreshold;
  const GroupPoint *aCommit;    /* n rows of k commitments, from the trustees' .public files */
  const char *zBoardDir;        /* directory for the public board (created) */
};

/* The template's default text and action label (static), or NULL. */
const char *pledge_template_text(const char *zTemplate);
const char *pledge_template_action(const char *zTemplate);

/* Parse an action "LABEL" or "LABEL=TRIGGER", TRIGGER being N, X% and
** optionally "/workplace" ("Strike on 1 December=60%/workplace"); a
** label without a trigger takes zDefault (the same syntax, no label).
** Fills *p (p->zLabel points into a copy the caller frees: *pzOwned).
** Returns 0, or -1 with a message. */
int pledge_action_parse(PledgeAction *p, char **pzOwned, const char *z, const char *zDefault,
                        char *zErr, size_t nErr);
/* "at least 60% in every workplace": caller frees. */
char *pledge_trigger_text(const PledgeAction *p);

/* Create the campaign: its scope, the workplaces in it (those with active
** members in scope), the definition, and the board's first line in
** zBoardDir/board. Returns 0, or -1 with a message (nothing written). */
int pledge_campaign_create(Db *db, const PledgeSpec *spec, char *zErr, size_t nErr);

/* The campaign zCode's definition (decoded from the database) and board
** path (caller frees *pzBoard). Returns 0, or -1 with a message. */
int pledge_campaign_load(Db *db, const char *zCode, PledgeCampaign *c, char **pzBoard,
                         char *zErr, size_t nErr);

/* The roll, for the credential authority: each active member in scope
** with the campaign's workplace number (1-based) they count in. xRow
** returns 0 to go on. The server keeps no record of who received which
** credential. Returns the number of members, or -1 with a message. */
typedef int (*PledgeRollFn)(void *pArg, const char *zMemberNumber, uint32_t iGroup);
int64_t pledge_roll(Db *db, const char *zCode, PledgeRollFn xRow, void *pArg, char *zErr, size_t nErr);

/* Publish a batch of credentials (an item made by pledge_credentials_make
** with the authority's key): checked, stored and put on the board. */
int pledge_credentials_publish(Db *db, const char *zCode, const unsigned char *pItem, size_t nItem,
                               char *zErr, size_t nErr);

/* What the intake (pledge_submit, pledge_withdraw) decided. Faces map
** the code, never the message's wording, to what the user gets; the
** statuses the web gives are noted. */
typedef enum PledgeIntakeCode {
  PLEDGE_INTAKE_OK = 0,       /* on the board and recorded: 201 (200 for a withdrawal) */
  PLEDGE_INTAKE_UNKNOWN,      /* no campaign has that code: 404 */
  PLEDGE_INTAKE_NOT_ISSUED,   /* the credential was not issued for this campaign: 403 */
  PLEDGE_INTAKE_REPLAY,       /* not the credential's next sequence number: 409 */
  PLEDGE_INTAKE_CLOSED,       /* not open, past its deadline, or frozen by an opening: 403 */
  PLEDGE_INTAKE_INVALID,      /* a bad item or signature, a sealed blob that is not
                              ** the one signed, nothing to withdraw: 400 */
  PLEDGE_INTAKE_STORE         /* the database, the board (write, lock) or the stored
                              ** definition failed; nothing acknowledged: 503 */
} PledgeIntakeCode;

/* Receive a pledge: the signed item and the sealed name it commits to.
** Checked (campaign open, before its deadline, credential published,
** sequence, signature, the sealed blob's point and hash), stored, put on
** the board; the credential's earlier pledge stops counting and its
** sealed name is deleted. zReceipt (BOARD_TRACKER_CHARS+1) gets the
** signer's receipt. Returns PLEDGE_INTAKE_OK, or another code with a
** message in zErr (nothing written). */
PledgeIntakeCode pledge_submit(Db *db, const char *zCode, const char *zToday,
                               const unsigned char *pItem, size_t nItem,
                               const unsigned char *pSealed, size_t nSealed,
                               char *zReceipt, char *zErr, size_t nErr);
/* Receive a signed withdrawal: the credential's pledge stops counting and
** its sealed name is deleted. Returns as pledge_submit does
** (PLEDGE_INTAKE_INVALID also when the credential has no pledge). */
PledgeIntakeCode pledge_withdraw(Db *db, const char *zCode, const char *zToday,
                                 const unsigned char *pItem, size_t nItem, char *zErr, size_t nErr);

/* Progress: counts by workplace and action, computed in SQL. */
typedef struct PledgeWorkplace PledgeWorkplace;
struct PledgeWorkplace {
  char *zCode, *zName;          /* owned */
  int64_t nInScope;             /* credentials issued there */
  int64_t aCount[PLEDGE_MAX_ACTIONS];
  int aMet[PLEDGE_MAX_ACTIONS];
};
typedef struct PledgeStatus PledgeStatus;
struct PledgeStatus {
  char *zCode, *zTitle, *zTemplate, *zState, *zDeadline;   /* owned */
  uint32_t nAction;
  PledgeAction aAction[PLEDGE_MAX_ACTIONS];  /* labels owned */
  int64_t nInScope, nLive, nWithdrawn;
  int64_t aCount[PLEDGE_MAX_ACTIONS];        /* overall */
  int aMet[PLEDGE_MAX_ACTIONS];              /* the action's trigger is met */
  int anyMet;
  int nWorkplace;
  PledgeWorkplace *aWorkplace;               /* owned */
};
int  pledge_status(Db *db, const char *zCode, PledgeStatus *st, char *zErr, size_t nErr);
void pledge_status_clear(PledgeStatus *st);
/* What a receipt says: "counted", "replaced" (a later pledge counts),
** "withdrawn", or NULL if no pledge has that receipt. Static. */
const char *pledge_receipt_state(Db *db, const char *zCode, const char *zReceipt);

/* What the opening did about telling the signatories. A signer's sealed
** plaintext is "name \0 statement \0 membership number" (the number may be
** empty); only after opening can the number be read, and it is matched to
** the register (same number, working in the pledge's workplace): the
** notice goes to the member's email, else their mobile, through the
** outbox, in the same transaction that records the opening. */
typedef struct PledgeNotify PledgeNotify;
struct PledgeNotify {
  int bQueue;                  /* in: queue the notices (0: only count) */
  const char *zLetterUrl;      /* in: where the letter will be, for the notice; may be NULL */
  int64_t nEmail, nSms;        /* out: notices queued */
  int64_t nUnreached;          /* out: signatories with no match or no contact */
};

/* Once k trustees have opened: verify the board, combine their shares,
** open exactly the counted names, check each against its commitment on
** the board, append the count opened, queue the notices (pNotify, may be
** NULL) and write the collective document (HTML) to pDoc. Returns the
** number of names, or -1 with a message. */
int64_t pledge_open(Db *db, const char *zCode, const char *zToday, Buf *pDoc, PledgeNotify *pNotify,
                    char *zErr, size_t nErr);

/* The plaintext a signer's device seals: name, NUL, statement (may be
** empty), NUL, membership number (may be empty). Appends to pOut.
** Returns 0, or -1 with a message (a name of 1-200 bytes, a statement of
** at most 3000, a number of at most 31; no NUL or control characters). */
int pledge_plaintext(Buf *pOut, const char *zName, const char *zStatement, const char *zNumber,
                     char *zErr, size_t nErr);

/* The trustees' and the authority's public keys, from the text of their
** .public files as `mandate trustee keygen` and `mandate authority
** keygen` write them (the trustees' files one after another, in any
** order). *paCommit (n rows of k, caller frees) and *pAuth. Returns 0,
** or -1 with a message naming the line. */
int pledge_keys_parse(const char *zTrustees, const char *zAuthority, GroupPoint *pAuth,
                      uint32_t *pn, uint32_t *pk, GroupPoint **paCommit, char *zErr, size_t nErr);

/* Every campaign's code, newest first (caller frees each and the array
** with pledge_codes_free). Returns the number, or -1. */
int  pledge_codes(Db *db, char ***pazCode);
void pledge_codes_free(char **az, int n);

/* Progress over time: for each day on which a pledge that counts now was
** made, that day and how many (ascending; counts only). Caller frees
** *paDay and *paCount. Returns the number of days, or -1. */
int pledge_history(Db *db, const char *zCode, char (**paDay)[11], int64_t **paCount);

/* A credential's state, for the signer's device: the last sequence number
** used (0 if none) and whether it has a counted pledge. Returns 0, 1 if
** the credential (64 hex digits) was not issued for the campaign, -1. */
int pledge_credential_state(Db *db, const char *zCode, const char *zPublicHex,
                            int64_t *pSeq, int *pbLive);

/* After the deadline, with no opening begun: delete every sealed name
** (the database is then checkpointed so no copy stays in its log), and
** record the expiry on the board. Returns the names destroyed, or -1. */
int64_t pledge_expire(Db *db, const char *zCode, const char *zToday, char *zErr, size_t nErr);

/* Read and verify a board file (the report is filled either way; caller
** clears). Returns 0 if it verified, else -1 with a message. */
int pledge_board_load(const char *zPath, PledgeReport *r, char *zErr, size_t nErr);

/* The pledge board's exclusive lock (flock), taken by everyone who adds
** to it after reading it: the intake (a pledge, a withdrawal) and a
** trustee's opening, so an opening never interleaves with a pledge.
** Returns a descriptor to give back to pledge_board_unlock, or -1. */
int  pledge_board_lock(const char *zBoard);
void pledge_board_unlock(int fd);

#endif
