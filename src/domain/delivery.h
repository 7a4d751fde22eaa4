/* delivery.h: did the voting codes arrive? The union's server never holds
** a code: the independent credential authority sends them and hands back
** a delivery report (delivery.csv), which is stored per voter
** (ballot_delivery) and counted by unit within a role's scope; members who
** lost their code ask for it again on the voting page, and those requests
** (ballot_resend_requests) go to the authority as resend-requests.csv.
** Both file formats and the flow: docs/ballots.md. */
#ifndef MANDATE_DELIVERY_H
#define MANDATE_DELIVERY_H
#include <stdint.h>
#include "../store/db.h"
#include "../util/buf.h"
#include "ballot.h"
#include "register.h"

#define DELIVERY_HEADER "ballot,voter,channel,state,resends,updated_at,detail"
#define RESEND_HEADER   "ballot,voter,channel,requested_at"
#define RESEND_WINDOW_S 3600   /* a voter's second request within this is not recorded again */

/* The buckets a voter's code falls in, as shown to people. */
typedef enum DeliveryBucket {
  DLV_SENT = 0,        /* sent, never re-sent */
  DLV_RESENT,          /* sent, after one or more resends */
  DLV_PRINTED,         /* printed as a letter */
  DLV_QUEUED,          /* queued or being sent */
  DLV_BOUNCED,         /* the recipient's server refused it */
  DLV_FAILED,          /* the authority gave up sending it */
  DLV_NO_REPORT,       /* no report for this voter yet */
  DLV_NBUCKET
} DeliveryBucket;

/* Stable names of the buckets ("sent", "re-sent", "printed", "queued",
** "bounced", "failed", "no report"), and their JSON keys. */
extern const char *const azDeliveryBucket[DLV_NBUCKET];
extern const char *const azDeliveryBucketKey[DLV_NBUCKET];

/* What an import did. */
typedef struct DeliveryImport DeliveryImport;
struct DeliveryImport {
  int64_t nRow;                   /* rows in the report */
  int64_t nApplied;               /* rows stored (new, or as new as the stored one) */
  int64_t nOlder;                 /* rows older than what was stored: kept the newer */
  int64_t aState[6];              /* rows per state, in azDeliveryState order */
};
extern const char *const azDeliveryState[];   /* queued sending sent failed bounced printed, NULL */

/* Import the delivery report z[0..n) (zName for messages) for ballot pB.
** Every row is checked first: the exact header; ballot = pB's code; voter
** = one of pB's voters; channel and state from the lists; resends a whole
** number >= 0; updated_at YYYY-MM-DDTHH:MM:SSZ. Any bad row: -1 with
** *pzErr (caller frees) naming FILE:LINE:COL for each (the first 20), and
** nothing stored. Otherwise, in one transaction, each row replaces the
** stored one for its voter when its updated_at is the same or later (an
** older report never undoes a newer one). 0 with *pOut. */
int delivery_import(Db *db, const Ballot *pB, const char *zName, const char *z, size_t n,
                    const char *zNow, DeliveryImport *pOut, char **pzErr);

/* One unit's counts. */
typedef struct DeliveryRow DeliveryRow;
struct DeliveryRow {
  int64_t unitId;
  char zCode[64];
  char zName[200];
  int depth;                      /* below the scope unit: 0 for it */
  int64_t nVoter;
  int64_t aN[DLV_NBUCKET];         /* voters per bucket */
};

/* A member whose code did not arrive (bounced, failed) or was never reported. */
typedef struct DeliveryMissing DeliveryMissing;
struct DeliveryMissing {
  char zNumber[32];
  char zFirstName[100];
  char zLastName[100];
  char zWorkplaceCode[64];
  char zWorkplaceName[200];
  int bucket;                     /* DLV_BOUNCED, DLV_FAILED or DLV_NO_REPORT */
  char zChannel[8];               /* "" when no report */
  char zDetail[300];              /* the authority's reason, "" if none */
  char zUpdatedAt[BALLOT_TIME];   /* "" when no report */
  int hasEmail, hasMobile;        /* what the register holds for them */
};

typedef struct DeliverySummary DeliverySummary;
struct DeliverySummary {
  int nRow;
  DeliveryRow *aRow;              /* owned: tree order; aRow[0] is the scope unit */
  int nMissing;
  DeliveryMissing *aMissing;      /* owned: at most BALLOT_LIST_MAX, by workplace, name */
  int64_t nMissingAll;            /* missing in the scope, all of them */
  int64_t nPending;               /* requests for a code again not yet exported, in scope */
  int64_t nRequests;              /* requests for a code again, all, in scope */
  char zLastReport[BALLOT_TIME];  /* when a report was last imported; "" if never */
};

/* Delivery of pB's codes within pScope's subtree (NULL: the whole union),
** per unit at every level, and the members whose code has not arrived.
** 0, 1 when no voter lies in the scope, -1 on a store error. Free with
** delivery_summary_clear(). */
int delivery_summary(Db *db, const Ballot *pB, const Unit *pScope, DeliverySummary *pOut);
void delivery_summary_clear(DeliverySummary *p);
json_t *delivery_summary_json(const Ballot *pB, const DeliverySummary *p);

/* The bucket of a member in pB's not-voted list: DLV_BOUNCED or DLV_FAILED
** when their code did not arrive, else -1. Member by number. */
int delivery_member_bucket(Db *db, const Ballot *pB, const char *zNumber);

/* A member asks for their code again, giving zContact: an email address
** or a UK mobile number. It is normalised and matched against the
** register's email (case aside) or mobile of pB's voters; for each voter
** found with no request still pending or made in the last hour, a request
** is recorded. *pnRecorded gets how many (never shown to the member).
** 0; 1 when zContact is neither an email address nor a UK mobile number
** (*pzWhy, static); -1 on a store error. */
int delivery_resend_request(Db *db, const Ballot *pB, const char *zContact, const char *zNow,
                            int64_t *pnRecorded, const char **pzWhy);

/* The requests for a code again as resend-requests.csv (CRLF): those not
** yet exported, or every one with all. *pMaxId gets the largest id
** written (0 if none), for delivery_resend_mark(). 0 or -1. */
int delivery_resend_csv(Db *db, const Ballot *pB, int all, Buf *pOut, int64_t *pnRow, int64_t *pMaxId);

/* Mark pB's requests not yet exported, up to id maxId, exported at zNow. 0 or -1. */
int delivery_resend_mark(Db *db, const Ballot *pB, int64_t maxId, const char *zNow);

#endif
