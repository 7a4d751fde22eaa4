/* schema.c: the database schema, as forward migrations applied in order.
** Never edit a migration that has shipped; add a new one. docs/data-model.md
** explains every table. */
#include "schema.h"
#include "db.h"

const Migration aMigration[] = {
  { 1,
    "CREATE TABLE meta("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    "CREATE TABLE units("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('union','group','branch','workplace')),"
    "  parent_id INTEGER REFERENCES units(id),"
    "  sector TEXT CHECK (sector IN ('health','education','fire','transport',"
    "                                'border_security','nuclear','other')),"
    "  lft INTEGER NOT NULL DEFAULT 0,"
    "  rgt INTEGER NOT NULL DEFAULT 0,"
    "  depth INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX units_parent ON units(parent_id);"
    "CREATE INDEX units_lft ON units(lft);"
    "CREATE TABLE employers("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE members("
    "  id INTEGER PRIMARY KEY,"
    "  number TEXT NOT NULL UNIQUE,"
    "  first_name TEXT NOT NULL,"
    "  last_name TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active'"
    "    CHECK (status IN ('active','lapsed','retired')),"
    "  employer_id INTEGER REFERENCES employers(id),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  category TEXT,"
    "  employment_type TEXT,"
    "  email TEXT,"
    "  email_verified_on TEXT,"
    "  mobile TEXT,"
    "  mobile_verified_on TEXT,"
    "  address_line1 TEXT,"
    "  address_line2 TEXT,"
    "  town TEXT,"
    "  postcode TEXT,"
    "  address_kind TEXT NOT NULL DEFAULT 'unknown'"
    "    CHECK (address_kind IN ('home','workplace','unknown')),"
    "  address_verified_on TEXT,"
    "  joined_on TEXT);"
    /* members_unit, and members_sort_name: one index that both sorts
    ** member lists by name and finds names by prefix. */
    SCHEMA_MEMBER_INDEXES
    "CREATE TABLE positions("
    "  id INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('rep','health_safety_rep','advocate',"
    "                                      'branch_officer')),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  since TEXT,"
    "  UNIQUE (member_id, kind, unit_id));"
    "CREATE INDEX positions_unit ON positions(unit_id);"
    "CREATE TABLE conversations("
    "  id INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
    "  by_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    "  held_on TEXT NOT NULL,"
    "  assessment INTEGER CHECK (assessment BETWEEN 1 AND 5),"
    "  issues TEXT,"
    "  notes TEXT);"
    "CREATE INDEX conversations_member ON conversations(member_id, held_on);"
    "CREATE INDEX conversations_held ON conversations(held_on);"
    "CREATE INDEX conversations_by ON conversations(by_member_id);"
    "CREATE TABLE users("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE,"
    "  password_hash TEXT NOT NULL,"
    "  member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL CHECK (role IN ('national_officer','branch_secretary','rep')),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE sessions("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf_token TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
  },
  { 2,
    /* Cached per-unit counts that the readiness roll-up sums, so the
    ** whole-union view never scans the member table. Refreshed in the same
    ** transaction as every write to members or positions. `assessed` (active
    ** members with an assessment in the last 90 days) depends on the date as
    ** well: meta key 'assessed_as_of' says which day it was counted for. */
    "CREATE TABLE unit_stats("
    "  unit_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,"
    "  members INTEGER NOT NULL,"
    "  active INTEGER NOT NULL,"
    "  home_verified INTEGER NOT NULL,"
    "  workplace_address INTEGER NOT NULL,"
    "  email INTEGER NOT NULL,"
    "  mobile INTEGER NOT NULL,"
    "  reps INTEGER NOT NULL,"
    "  assessed INTEGER NOT NULL DEFAULT 0);"
  },
  { 3,
    /* Disputes (docs/disputes.md): who the dispute is with, and its
    ** constituency: the subtrees of dispute_scope's units, narrowed by
    ** dispute_filters (categories and employment types; none of a kind
    ** means every one). Filter values are stored lower case. */
    "CREATE TABLE disputes("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  issue TEXT,"
    "  regime_id TEXT NOT NULL,"
    "  created_on TEXT NOT NULL);"
    "CREATE TABLE dispute_employers("
    "  dispute_id INTEGER NOT NULL REFERENCES disputes(id) ON DELETE CASCADE,"
    "  employer_id INTEGER NOT NULL REFERENCES employers(id),"
    "  PRIMARY KEY (dispute_id, employer_id));"
    "CREATE TABLE dispute_scope("
    "  dispute_id INTEGER NOT NULL REFERENCES disputes(id) ON DELETE CASCADE,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  PRIMARY KEY (dispute_id, unit_id));"
    "CREATE TABLE dispute_filters("
    "  dispute_id INTEGER NOT NULL REFERENCES disputes(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('category','employment_type')),"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (dispute_id, kind, value));"
  },
  /* v4: action scenarios and the strike fund (issue 4) */
  /* v5: statutory ballot turnout tracking (issue 4) */
  /* v6: the outbox for mail and SMS (issue 5) */
};
const int nMigration = (int)(sizeof(aMigration)/sizeof(aMigration[0]));

