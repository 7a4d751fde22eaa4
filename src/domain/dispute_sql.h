/* dispute_sql.h: the SQL that defines a dispute's constituency and the
** class of each member in it, shared by the files of the dispute domain
** (dispute.c, notices.c, turnout.c, action_plan.c). Private to src/domain/: faces never see SQL. The
** rule is in docs/disputes.md. */
#ifndef MANDATE_DISPUTE_SQL_H
#define MANDATE_DISPUTE_SQL_H
#include "../store/db.h"
#include "register.h"
#include <stdint.h>

/* The constituency and the class of each member in it. Every `?` in these
** is the dispute's id (see bind_dispute). A member is in the constituency
** when active, their workplace lies in a scope unit's subtree (counted once
** however many scope units hold it), and their category and employment
** type pass the filters of each kind the dispute has. */
#define IN_SCOPE \
  " m.status='active'" \
  " AND EXISTS (SELECT 1 FROM dispute_scope ds JOIN units su ON su.id=ds.unit_id" \
  "   WHERE ds.dispute_id=? AND u.lft BETWEEN su.lft AND su.rgt)" \
  " AND (NOT EXISTS (SELECT 1 FROM dispute_filters f" \
  "        WHERE f.dispute_id=? AND f.kind='category')" \
  "   OR EXISTS (SELECT 1 FROM dispute_filters f" \
  "        WHERE f.dispute_id=? AND f.kind='category' AND f.value=lower(m.category)))" \
  " AND (NOT EXISTS (SELECT 1 FROM dispute_filters f" \
  "        WHERE f.dispute_id=? AND f.kind='employment_type')" \
  "   OR EXISTS (SELECT 1 FROM dispute_filters f" \
  "        WHERE f.dispute_id=? AND f.kind='employment_type' AND f.value=m.employment_type))"
#define IN_SCOPE_PARAMS 5
/* The class: 0 primary, 1 secondary, 2 unknown employer (DisputeClass). */
#define CLASS_EXPR \
  "CASE WHEN m.employer_id IS NULL THEN 2" \
  " WHEN EXISTS (SELECT 1 FROM dispute_employers de" \
  "   WHERE de.dispute_id=? AND de.employer_id=m.employer_id) THEN 0" \
  " ELSE 1 END"
#define CLASS_PARAMS 1

/* Members who would be entitled to vote: in the constituency and primary
** (their employer is a party). Every `?` is the dispute's id. */
#define ENTITLED \
  IN_SCOPE \
  " AND EXISTS (SELECT 1 FROM dispute_employers de" \
  "   WHERE de.dispute_id=? AND de.employer_id=m.employer_id)"
#define ENTITLED_PARAMS (IN_SCOPE_PARAMS + 1)

/* Members whose workplace lies in one unit's subtree: two `?`, the unit's
** lft and rgt (dispute_bind_within). Appended to a WHERE over `u`. */
#define WITHIN " AND u.lft BETWEEN ? AND ?"
#define WITHIN_PARAMS 2

/* Bind the dispute's id to parameters 1..n. */
static inline void bind_dispute(DbStmt *s, int n, int64_t id){
  for(int i=1; i<=n; i++) db_bind_int(s, i, id);
}

/* Bind WITHIN's two parameters, from iFirst: pWithin's interval, or every
** unit when pWithin is NULL. */
static inline void dispute_bind_within(DbStmt *s, int iFirst, const Unit *pWithin){
  db_bind_int(s, iFirst, pWithin ? pWithin->lft : INT64_MIN);
  db_bind_int(s, iFirst+1, pWithin ? pWithin->rgt : INT64_MAX);
}

#endif
