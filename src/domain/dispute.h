/* dispute.h: trade disputes and who action in them would be primary or
** secondary for: a dispute names the employers it is with and its
** constituency (units' subtrees, optionally narrowed to categories and
** employment types); every active member in the constituency is classified
** by their own, on-paper employer. The rule and its basis: docs/disputes.md. */
#ifndef MANDATE_DISPUTE_H
#define MANDATE_DISPUTE_H
#include <stdint.h>
#include <jansson.h>
#include "../store/db.h"
#include "law.h"
#include "register.h"

/* How action would stand for one member. */
typedef enum DisputeClass DisputeClass;
enum DisputeClass {
  DISPUTE_PRIMARY = 0,    /* their own employer is a party to the dispute */
  DISPUTE_SECONDARY = 1,  /* their employer is not a party (TULRCA s224) */
  DISPUTE_UNKNOWN = 2,    /* no employer on record: fix before balloting */
  DISPUTE_NCLASS = 3
};

/* "primary", "secondary" or "unknown" (static). */
const char *dispute_class_name(int cls);

/* The class named z ("primary", "secondary", "unknown"), or -1. */
int dispute_class_from_name(const char *z);

/* What is needed to create a dispute. Every list may be empty except
** azEmployer and azUnit, which need at least one entry each. */
typedef struct DisputeSpec DisputeSpec;
struct DisputeSpec {
  const char *zCode;                /* unique: letters, digits, - _ . (1-40) */
  const char *zTitle;               /* 1-200 characters */
  const char *zIssue;               /* what the dispute is about; may be NULL */
  const char *zRegime;              /* a regime id the LawSet knows */
  const char *zCreatedOn;           /* ISO date */
  int nEmployer;
  const char *const *azEmployer;    /* employer names, exactly as in the register */
  int nUnit;
  const char *const *azUnit;        /* unit codes: each unit's subtree is in scope */
  int nCategory;
  const char *const *azCategory;    /* e.g. "resident doctor"; case does not matter */
  int nType;
  const char *const *azType;        /* employment types: employed, agency, ... */
};

/* Create a dispute from *p, all or nothing, after checking that the code is
** new and well formed, the regime exists in pLaw, every employer and unit
** exists, and every employment type is one the register knows. Returns 0,
** or -1 with *pzErr saying every problem, one a line (caller frees). */
int dispute_create(Db *db, const LawSet *pLaw, const DisputeSpec *p, char **pzErr);

/* Make employer zEmployer (an exact name in the register) a party to
** dispute zCode. Returns 0, 1 when it already was one, or -1 with *pzErr
** (caller frees): no such dispute, no such employer (with near names). */
int dispute_add_employer(Db *db, const char *zCode, const char *zEmployer, char **pzErr);

/* Add unit zUnit's subtree to dispute zCode's constituency. Returns 0, 1
** when it was already in scope, or -1 with *pzErr (caller frees). */
int dispute_add_unit(Db *db, const char *zCode, const char *zUnit, char **pzErr);

/* An employer that is a party to a dispute. */
typedef struct DisputeParty DisputeParty;
struct DisputeParty {
  int64_t id;
  char zName[200];
};

/* A dispute as stored. */
typedef struct Dispute Dispute;
struct Dispute {
  int64_t id;
  char zCode[48];
  char zTitle[208];
  char *zIssue;                 /* owned; "" when none */
  char zRegime[64];
  char zCreatedOn[11];
  int nParty;
  DisputeParty *aParty;         /* owned: the employers it is with, by name */
  int nUnit;
  Unit *aUnit;                  /* owned: scope units, by code */
  int nCategory;
  char **azCategory;            /* owned: category filters (lower case) */
  int nType;
  char **azType;                /* owned: employment-type filters */
};

/* Load dispute zCode. Returns 0 when found, 1 when not, -1 on a store error.
** Free with dispute_clear() (also after 1 or -1). */
int dispute_load(Db *db, const char *zCode, Dispute *pOut);
void dispute_clear(Dispute *p);

/* The codes and titles of every dispute, in code order, as a JSON array of
** {"code","title","regime","created_on"}. NULL on a store error. Caller
** frees with json_decref(). */
json_t *dispute_list_json(Db *db);

/* Members in the constituency by employer and class. */
typedef struct DisputeEmployerCount DisputeEmployerCount;
struct DisputeEmployerCount {
  int64_t employerId;           /* 0 for "no employer on record" */
  char zEmployer[200];          /* "" for none */
  int cls;                      /* a DisputeClass */
  int64_t n;                    /* active members in scope */
};

/* Members in the constituency at one workplace, by class. */
typedef struct DisputeWorkplaceCount DisputeWorkplaceCount;
struct DisputeWorkplaceCount {
  char zCode[64];               /* the workplace unit's code */
  char zName[200];
  int64_t anClass[DISPUTE_NCLASS];
  int64_t n;                    /* all classes */
};

/* The classification of a dispute's constituency. */
typedef struct DisputeSummary DisputeSummary;
struct DisputeSummary {
  int64_t nInScope;                     /* active members in the constituency */
  int64_t anClass[DISPUTE_NCLASS];      /* of them, by class */
  int nEmployer;
  DisputeEmployerCount *aEmployer;      /* owned: most members first */
  int nWorkplace;
  DisputeWorkplaceCount *aWorkplace;    /* owned: by workplace, most secondary
                                        ** and unknown first, then by code */
  int nAdvice;
  char **azAdvice;                      /* owned: what to fix, in words */
};

/* Classify every active member in dispute *pD's constituency and count
** them by class and by employer, with the advice in words. Returns 0 or -1
** (store error). Free with dispute_summary_clear(). */
int dispute_summarise(Db *db, const Dispute *pD, DisputeSummary *pOut);

/* Like dispute_summarise(), counting only the members whose workplace lies
** in pWithin's subtree (a role's scope; NULL: everyone). The advice then
** speaks of the members there. */
int dispute_summarise_within(Db *db, const Dispute *pD, const Unit *pWithin,
                             DisputeSummary *pOut);
void dispute_summary_clear(DisputeSummary *p);

/* One member in the constituency, classified. */
typedef struct DisputeMember DisputeMember;
struct DisputeMember {
  char zNumber[32];
  char zName[208];              /* "First Last" */
  char zEmployer[200];          /* "" when none on record */
  char zUnitCode[64];           /* their workplace */
  char zUnitName[200];
  char zCategory[100];
  char zEmploymentType[32];
  int cls;                      /* a DisputeClass */
  char zReason[600];            /* why, in words */
};

typedef struct DisputeMemberList DisputeMemberList;
struct DisputeMemberList {
  int n;
  DisputeMember *a;             /* owned */
  int64_t nTotal;               /* how many match, beyond this page */
};

/* One page of the constituency (only class cls, or every class when cls is
** -1): unknown employer first, then secondary, then primary; within a class
** by employer, last name, first name, number. Returns 0 or -1. Free with
** dispute_member_list_clear(). */
int dispute_members(Db *db, const Dispute *pD, int cls, int offset, int limit,
                    DisputeMemberList *pOut);
/* Like dispute_members(), only members whose workplace lies in pWithin's
** subtree (NULL: everyone). */
int dispute_members_within(Db *db, const Dispute *pD, const Unit *pWithin, int cls,
                           int offset, int limit, DisputeMemberList *pOut);
void dispute_member_list_clear(DisputeMemberList *p);

/* JSON forms. Each returns a new reference; caller frees with json_decref().
** dispute_json: {"code","title","issue","regime","created_on","employers":[],
** "units":[{"code","name"}],"categories":[],"employment_types":[],
** "in_scope","counts":{"primary","secondary","unknown"},
** "by_employer":[{"employer","party","class","members"}],
** "by_workplace":[{"workplace","workplace_name","members","primary",
** "secondary","unknown"}],"advice":[]}
** (the summary keys only when pS is not NULL). */
json_t *dispute_json(const Dispute *pD, const DisputeSummary *pS);
/* {"number","name","employer","workplace","workplace_name","category",
**  "employment_type","class","reason"} */
json_t *dispute_member_json(const DisputeMember *p);

/*************** documents for a statutory ballot (docs/disputes.md) ***************/

/* Append z to pBuf as one CSV field (csv_write_field), first neutralising
** spreadsheet formulas: a value beginning with = + - @, a tab or a carriage
** return gets a single quote ' in front, so a spreadsheet shows it as text
** instead of running it (OWASP "CSV injection"). */
void dispute_csv_field(Buf *pBuf, const char *z);

/* Why a member's address is not fit to post a ballot paper to (bits). */
#define DISPUTE_ADDR_WORKPLACE    0x01  /* address_kind 'workplace': refused */
#define DISPUTE_ADDR_UNVERIFIED   0x02  /* no address_verified_on */
#define DISPUTE_ADDR_NO_LINE1     0x04  /* no first address line */
#define DISPUTE_ADDR_NO_POSTCODE  0x08  /* no postcode */
#define DISPUTE_ADDR_KIND_UNKNOWN 0x10  /* address_kind 'unknown': not known to be home */

/* The address problems in flags, in words ("unverified; no postcode"),
** into zOut[nOut]; "" when none. */
void dispute_addr_flag_text(int flags, char *zOut, size_t nOut);

/* The register an independent scrutineer needs to post the ballot papers. */
typedef struct DisputeRegister DisputeRegister;
struct DisputeRegister {
  int64_t nEntitled;        /* primary members in the constituency */
  int64_t nWritten;         /* rows in the CSV */
  int64_t nWorkplace;       /* left out: their address is a workplace */
  int64_t nUnverified;      /* unverified or incomplete home address: left
                            ** out, or written and flagged when included */
  Buf csv;                  /* owned: the CSV, header first, CRLF lines */
  Buf leftOut;              /* owned: "NUMBER: reason\n" per member left out */
};

/* Build the scrutineer's register of dispute *pD: every member who would
** be entitled to vote (active, in scope, class primary), ordered by
** workplace, last name, first name, number, as CSV with the columns
** membership_number, first_name, last_name, address_line1, address_line2,
** town, postcode, workplace (unit code), category; and with
** includeUnverified a tenth, address_flag. Members whose address is a
** workplace are always left out; members whose home address is unverified,
** incomplete (no line 1 or postcode) or of unknown kind are left out unless
** includeUnverified, when they are written with their address_flag. Every
** field goes through dispute_csv_field(). Returns 0 or -1 (store error).
** Free with dispute_register_clear(). */
int dispute_scrutineer_register(Db *db, const Dispute *pD, int includeUnverified,
                                DisputeRegister *pOut);
void dispute_register_clear(DisputeRegister *p);

/* What a notice of ballot says about one employer party. */
typedef struct DisputeNoticeEmployer DisputeNoticeEmployer;
struct DisputeNoticeEmployer {
  char zEmployer[200];
  int64_t nTotal;           /* its employees in the constituency (primary) */
};

typedef struct DisputeNotice DisputeNotice;
struct DisputeNotice {
  char zOpens[11];          /* the opening day of the ballot */
  char zCloses[11];         /* its close, "" when not given */
  char zReceivedBy[11];     /* the last day the employer may receive notice */
  char zSection[160];       /* the statute section that rule cites */
  int fromRegime;           /* 1: the date came from the regime's data; 0:
                            ** the regime has no ballot-notice rule, and the
                            ** TULRCA s226A default of 7 days was used */
  int nEmployer;
  DisputeNoticeEmployer *aEmployer; /* owned: a notice for each, by name */
  int nSkipped;
  char **azSkipped;         /* owned: parties with no employee in scope */
  int nWarn;
  char **azWarn;            /* owned: about the received-by date, in words */
  Buf html;                 /* owned: the printable HTML, a page each */
};

/* Draft the notice of ballot (TULRCA s226A) of dispute *pD to each employer
** party that employs members in its constituency: the opening day zOpens
** (and close zCloses, may be NULL), the day by which the employer must
** receive the notice (pLaw's ballot_notice rule for the dispute's regime,
** else 7 days before), the total and the numbers by category and by
** workplace, and how they were reached (the register on zToday). Every
** value is HTML-escaped. Returns 0; 1 when no party employs anyone in scope
** (nothing to send; *pzErr says so); -1 with *pzErr on bad dates or a store
** error. Caller frees *pzErr; free *pOut with dispute_notice_clear(). */
int dispute_ballot_notice(Db *db, const LawSet *pLaw, const Dispute *pD,
                          const char *zOpens, const char *zCloses, const char *zToday,
                          DisputeNotice *pOut, char **pzErr);
void dispute_notice_clear(DisputeNotice *p);

/* Append to pBuf, HTML-escaped, the paragraph a notice gives on how its
** figures were reached: the register on zToday, active members, employer
** zEmployer on record, the scope units and the filters of dispute *pD. */
void dispute_notice_explain(Buf *pBuf, const Dispute *pD, const char *zEmployer,
                            const char *zToday);

#endif
