/* pledge_board.h: the public board of a conditional collective pledge
** campaign: the campaign definition, the credential authority's batches
** of pledge credentials, signed pledges (each carrying only a commitment
** to its sealed name) and withdrawals, the trustees' partial openings with
** proofs, and the last line (the names opened, or their expiry). Encoding,
** making, and the verifier anyone can run: it recounts the pledges by
** workplace and action, decides the trigger, and checks that the openings
** cover exactly the counted pledges. Byte layouts: docs/pledges.md. Uses
** board.c's line format and writer; pure functions, no store. */
#ifndef MANDATE_PLEDGE_BOARD_H
#define MANDATE_PLEDGE_BOARD_H
#include "board.h"
#include "group.h"
#include "proof.h"
#include "../util/buf.h"
#include <stddef.h>
#include <stdint.h>

#define PLEDGE_VERSION        1
#define PLEDGE_ID_BYTES       32
#define PLEDGE_MAX_TEXT       20000   /* bytes of the campaign text */
#define PLEDGE_MAX_LABEL      200     /* bytes of a title, action or workplace label */
#define PLEDGE_MAX_ACTIONS    16
#define PLEDGE_MAX_GROUPS     20000   /* workplaces in a campaign's scope */
#define PLEDGE_MAX_TRUSTEES   64
#define PLEDGE_MAX_CRED_BATCH 65536
#define PLEDGE_CTX_BYTES      80      /* room for any context below */
#define PLEDGE_ITEM_BYTES     (32 + 8 + 8 + 32 + 32 + PROOF_SIGNATURE_BYTES)
#define PLEDGE_WITHDRAW_BYTES (32 + 8 + PROOF_SIGNATURE_BYTES)

#define PLEDGE_TAG_CAMPAIGN    "mandate/v1/pledge/campaign"
#define PLEDGE_TAG_CREDENTIALS "mandate/v1/pledge/credentials"
#define PLEDGE_TAG_PLEDGE      "mandate/v1/pledge/pledge"
#define PLEDGE_TAG_WITHDRAW    "mandate/v1/pledge/withdraw"
#define PLEDGE_TAG_OPEN        "mandate/v1/pledge/open"
#define PLEDGE_TAG_SEALED      "mandate/v1/pledge/sealed"

/* Trigger kinds */
#define PLEDGE_TRIGGER_COUNT   0      /* at least value pledges */
#define PLEDGE_TRIGGER_PERCENT 1      /* at least value% of the credentials */

typedef struct PledgeAction PledgeAction;
struct PledgeAction {
  char *zLabel;        /* owned; "Strike on 1 December" */
  uint32_t kind;       /* PLEDGE_TRIGGER_* */
  uint64_t value;      /* N, or X in 1..100 */
  uint32_t every;      /* 1: the trigger must hold in every workplace */
};

typedef struct PledgeCampaign PledgeCampaign;
struct PledgeCampaign {
  char *zCode, *zTitle, *zTemplate, *zText, *zScope, *zDeadline;   /* owned */
  GroupPoint authority;         /* credential authority's signing key */
  uint32_t nTrustee, nThreshold;
  GroupPoint *aCommit;          /* owned; n rows of k Feldman commitments (dkg.h) */
  uint32_t nAction;
  PledgeAction *aAction;        /* owned */
  uint32_t nGroup;
  char **azGroup;               /* owned; workplace labels, group g is azGroup[g-1] */
  /* derived by pledge_campaign_finish / _decode */
  unsigned char id[PLEDGE_ID_BYTES];
  GroupPoint key;               /* the campaign key Y = Σ_i C_i,0 */
  GroupPoint *aTrusteeKey;      /* owned; n verification keys */
};

void pledge_campaign_encode(const PledgeCampaign *c, Buf *pOut);
int  pledge_campaign_decode(PledgeCampaign *c, const unsigned char *a, size_t n, char *zErr, size_t nErr);
int  pledge_campaign_finish(PledgeCampaign *c, char *zErr, size_t nErr);
void pledge_campaign_clear(PledgeCampaign *c);
/* 1 if z is a template name (section44, undated_resignation, strike, solidarity). */
int  pledge_template_valid(const char *z);

/* The associated data of a signer's sealed name: campaign id ‖ credential
** public key (64 bytes to aAd). And the commitment to a sealed blob put on
** the board: BLAKE2b-256 (PLEDGE_TAG_SEALED, blob), 32 bytes to aOut. */
void pledge_seal_ad(unsigned char *aAd, const PledgeCampaign *c, const GroupPoint *pCred);
void pledge_sealed_hash(unsigned char *aOut, const unsigned char *aSealed, size_t nSealed);
/* The context of trustee iTrustee's (0-based) opening proofs. */
size_t pledge_ctx_open(unsigned char *aCtx, const PledgeCampaign *c, uint32_t iTrustee);

/* Items. Each appends its payload to pOut; returns 0 or -1. */
int pledge_credentials_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pAuthSk,
                            uint32_t iGroup, const GroupPoint *aCred, size_t nCred);
int pledge_item_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pCredSk,
                     uint64_t seq, uint64_t actions, const GroupPoint *pA,
                     const unsigned char *aSealedHash);
int pledge_withdraw_make(Buf *pOut, const PledgeCampaign *c, const GroupScalar *pCredSk, uint64_t seq);
/* Trustee iTrustee's (0-based) shares for the ephemeral points aA[0..n). */
int pledge_opening_make(Buf *pOut, const PledgeCampaign *c, uint32_t iTrustee,
                        const GroupScalar *pShare, const GroupPoint *aA, size_t n);
void pledge_opened_encode(Buf *pOut, uint64_t nOpened, const uint64_t *aActionCount, uint32_t nAction);
void pledge_expiry_encode(Buf *pOut, uint64_t nDestroyed, const char *zDate);

/* A pledge or withdrawal, decoded and its signature checked. */
typedef struct PledgeItem PledgeItem;
struct PledgeItem {
  GroupPoint cred;
  uint64_t seq;
  uint64_t actions;                   /* bit a-1 set: action a chosen (pledges) */
  GroupPoint a;                       /* the sealed name's ephemeral point (pledges) */
  unsigned char sealedHash[32];       /* (pledges) */
};
int pledge_item_parse(PledgeItem *p, const PledgeCampaign *c, const unsigned char *a, size_t n,
                      char *zErr, size_t nErr);
int pledge_withdraw_parse(PledgeItem *p, const PledgeCampaign *c, const unsigned char *a, size_t n,
                          char *zErr, size_t nErr);

/* A batch of credentials checked on its own (workplace, length, every
** key a group element, the authority's signature), not against the rest
** of the board: the store refuses a key published twice, and the
** verifier checks everything from scratch. Returns 0 with its workplace
** and count, or -1 with a message. */
int pledge_credentials_parse(const PledgeCampaign *c, const unsigned char *a, size_t n,
                             uint32_t *piGroup, size_t *pnCred, char *zErr, size_t nErr);

/* ---- the verifier ---- */
typedef struct PledgeEntry PledgeEntry;
struct PledgeEntry {
  size_t iLine;
  uint32_t iCred;                     /* index into aCred */
  uint64_t actions;
  GroupPoint a;
  unsigned char sealedHash[32];
  unsigned char hash[BOARD_HASH_BYTES];   /* the item's hash: the signer's receipt */
  int live;                           /* the credential's counted pledge */
  int withdrawn;                      /* a withdrawal followed it */
};

typedef struct PledgeCred PledgeCred;
struct PledgeCred {
  GroupPoint pk;
  uint32_t iGroup;                    /* 1..nGroup */
  uint64_t seq;                       /* last sequence number used */
  int64_t iLive;                      /* its live pledge in aPledge, or -1 */
};

typedef struct PledgeReport PledgeReport;
struct PledgeReport {
  int ok;
  size_t iFailLine;
  const char *zFailType;
  char zFail[300];
  PledgeCampaign c;
  int hasCampaign;
  size_t nItem;
  unsigned char head[BOARD_HASH_BYTES];
  size_t nCred;  PledgeCred *aCred;   /* owned */
  size_t nPledge; PledgeEntry *aPledge;   /* owned; every pledge item, board order */
  size_t nWithdrawal;
  size_t nLive;
  /* counts: aCount[a*(nGroup+1) + g], g 0 = overall, a 0-based action;
  ** aInScope[g]: credentials published, g 0 = overall */
  uint64_t *aCount, *aInScope;        /* owned */
  uint64_t metMask;                   /* bit a: action a+1's trigger is met */
  /* openings (frozen at the first) */
  size_t nToOpen; size_t *aToOpen;    /* owned; indexes into aPledge */
  uint32_t nOpening; uint32_t *aOpenIdx;   /* owned; 1-based trustee numbers */
  GroupPoint *aShare;                 /* owned; nOpening rows of nToOpen shares */
  int hasOpened, hasExpiry;
  uint64_t nOpened, nDestroyed;
};

/* Verify the board a[0..n) from scratch. The report is always filled
** (r->ok says whether it verified); clear it with pledge_report_clear. */
void pledge_board_verify(const unsigned char *a, size_t n, PledgeReport *r);
void pledge_report_clear(PledgeReport *r);
/* Is action a (0-based) met in group g (0 = overall)? */
int  pledge_action_met_in(const PledgeReport *r, uint32_t a, uint32_t g);

#endif
