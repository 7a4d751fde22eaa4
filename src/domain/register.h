/* register.h: the member register and the union's structure: units,
** employers, members, positions (reps etc.) and conversations; CSV import,
** subject-access export and erasure. */
#ifndef MANDATE_REGISTER_H
#define MANDATE_REGISTER_H
#include <stddef.h>
#include <stdint.h>
#include "../store/db.h"
#include "../util/buf.h"

typedef struct Unit Unit;
struct Unit {
  int64_t id;
  int64_t parentId;        /* 0 for the root */
  char zCode[64];
  char zName[200];
  char zKind[16];          /* union, group, branch, workplace */
  char zSector[24];        /* "" unless set */
  int64_t lft, rgt;        /* nested-set interval: the subtree is lft..rgt */
  int depth;               /* 0 for the root */
};

/* Look a unit up. Return 0 when found, 1 when not, -1 on a store error. */
int register_unit_by_code(Db *db, const char *zCode, Unit *pOut);
int register_unit_by_id(Db *db, int64_t id, Unit *pOut);

/* True when pUnit lies in pScope's subtree (pScope itself included). */
int unit_in_scope(const Unit *pScope, const Unit *pUnit);

/* Every unit of pScope's subtree (NULL: of the whole union) in tree order,
** a parent before its children, into *paOut; (*paParent)[i] is the index
** of unit i's parent in it, -1 for the first. For counts rolled up the
** tree: add to unit i, then to its parent, and so on up. 0, or -1 on a
** store error. The caller frees both arrays, either way. */
int register_unit_subtree(Db *db, const Unit *pScope, Unit **paOut, int **paParent, int *pN);

/* The index of the unit with id in a[0..n), or -1. */
int register_unit_index(const Unit *a, int n, int64_t id);

/* The employment types and the position kinds the register accepts,
** each NULL-terminated. */
extern const char *const azRegisterEmploymentType[];
extern const char *const azRegisterPositionKind[];

/* Options and results of an import. */
typedef struct ImportOpts ImportOpts;
struct ImportOpts {
  int dryRun;                /* check everything, write nothing */
  int maxErrors;             /* report at most this many problems (0: 50) */
  void (*xProgress)(void *pArg, size_t nDone, size_t nTotal); /* may be NULL */
  void *pProgressArg;
};

typedef struct ImportResult ImportResult;
struct ImportResult {
  int nRecords;              /* data rows read */
  int nInserted;             /* new units or members */
  int nUpdated;              /* existing ones updated (by code or number) */
  int nError;                /* problems found, including those not listed */
  Buf errors;                /* owned: "FILE:LINE:COLUMN: problem" lines */
  Buf warnings;              /* owned: e.g. unknown columns */
};
void import_result_clear(ImportResult *p);

/* Import CSV text z[0..n-1] (zFile names it in messages). If any row is bad,
** nothing is written and -1 is returned with every problem (up to
** maxErrors) in pRes->errors. Returns 0 on success (or a clean dry run). */
int register_import_units(Db *db, const char *zFile, const char *z, size_t n,
                          const ImportOpts *pOpts, ImportResult *pRes);
int register_import_members(Db *db, const char *zFile, const char *z, size_t n,
                            const ImportOpts *pOpts, ImportResult *pRes);

/* Import positions (membership_number,position,unit_code,since): who is a
** rep, health_safety_rep, advocate or branch_officer, and where. The same
** all-or-nothing rule; re-importing a position updates its date. */
int register_import_positions(Db *db, const char *zFile, const char *z, size_t n,
                              const ImportOpts *pOpts, ImportResult *pRes);

/* Give a member a position (rep, health_safety_rep, advocate,
** branch_officer) in a unit. Returns 0, or -1 with *pzErr (caller frees). */
int register_add_position(Db *db, const char *zMemberNumber, const char *zKind,
                          const char *zUnitCode, const char *zSince, char **pzErr);

/* Log a conversation with a member. zByNumber may be NULL; assessment is
** 1 (will lead) .. 5 (opposed), or 0 for none. Returns 0 or -1 with *pzErr. */
int register_add_conversation(Db *db, const char *zMemberNumber,
                              const char *zByNumber, const char *zDate,
                              int assessment, const char *zIssues,
                              const char *zNotes, char **pzErr);

/* Everything held on one member as a JSON document (a subject access
** request). Returns 0 with *pzJson (caller frees), 1 if no such member,
** -1 on a store error. */
int register_member_export(Db *db, const char *zNumber, char **pzJson);

/* Erase a member and everything held on them (conversations about them,
** positions, their account). Returns 0, 1 if no such member, -1 on error. */
int register_member_erase(Db *db, const char *zNumber);

/* Recompute the cached per-unit counts that readiness sums. Called inside
** every write transaction that changes members or positions. */
int register_refresh_stats(Db *db);
int register_refresh_stats_unit(Db *db, int64_t unitId);   /* just one unit */

/* One member as the web pages show them. Fixed-size fields: the import has
** already normalised and bounded every value. */
typedef struct Member Member;
struct Member {
  int64_t id;
  char zNumber[32];
  char zFirstName[100];
  char zLastName[100];
  char zStatus[12];
  char zEmployer[200];
  int64_t unitId;
  char zUnitCode[64];
  char zUnitName[200];
  char zCategory[100];
  char zEmploymentType[32];
  char zEmail[256];
  char zEmailVerifiedOn[11];
  char zMobile[20];
  char zMobileVerifiedOn[11];
  char zAddressLine1[200];
  char zAddressLine2[200];
  char zTown[100];
  char zPostcode[12];
  char zAddressKind[12];
  char zAddressVerifiedOn[11];
  char zJoinedOn[11];
};

typedef struct MemberList MemberList;
struct MemberList {
  int n;
  Member *a;        /* owned */
  int64_t nTotal;   /* how many match, beyond this page */
};

/* Members in pScope's subtree matching zSearch (NULL or "" for all): an
** exact membership number, or a name starting with it, last name first
** ("smi", "lee an") or first name first ("ann lee"); case does not matter.
** Ordered by last name, first name; one page of them.
** Returns 0 or -1. Free with member_list_clear(). */
int register_members_list(Db *db, const Unit *pScope, const char *zSearch,
                          int offset, int limit, MemberList *pOut);
void member_list_clear(MemberList *p);

/* One member by number. Returns 0 when found, 1 when not, -1 on error. */
int register_member_by_number(Db *db, const char *zNumber, Member *pOut);

/* A member's positions and conversations, newest conversation first. */
typedef struct Conversation Conversation;
struct Conversation {
  char zHeldOn[11];
  char zByNumber[32];        /* "" when unknown or erased */
  char zByName[200];
  int assessment;            /* 1..5, 0 for none */
  char zIssues[400];
  char zNotes[1000];
};
typedef struct Position Position;
struct Position {
  char zKind[24];            /* rep, health_safety_rep, advocate, branch_officer */
  char zUnitCode[64];
  char zUnitName[200];
  char zSince[11];
};
typedef struct MemberDetail MemberDetail;
struct MemberDetail {
  int nConversation;
  Conversation *aConversation;   /* owned */
  int nPosition;
  Position *aPosition;           /* owned */
};
int register_member_detail(Db *db, int64_t memberId, MemberDetail *pOut);
void member_detail_clear(MemberDetail *p);

/* The reps (and health-and-safety reps) in a unit's subtree; up to nMax. */
int register_unit_reps(Db *db, const Unit *pUnit, Member *aOut, int nMax, int *pN);

/* The direct children of a unit, in code order. Caller frees *paOut. */
int register_unit_children(Db *db, int64_t unitId, Unit **paOut, int *pN);
#endif
