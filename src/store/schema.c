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
  { 4,
    /* Action scenarios (docs/action.md): money in whole pence, dates ISO.
    ** action_plan_days holds each (unit, day) called out; a unit's subtree
    ** takes the action. action_plan_pay holds strike pay by category
    ** (lower case); other categories get default_pay. */
    "CREATE TABLE action_plans("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  dispute_id INTEGER REFERENCES disputes(id) ON DELETE SET NULL,"
    "  starts_on TEXT NOT NULL,"
    "  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 366),"
    "  default_pay INTEGER NOT NULL CHECK (default_pay >= 0),"
    "  levy_week INTEGER NOT NULL DEFAULT 0 CHECK (levy_week >= 0),"
    "  fund_opening INTEGER NOT NULL DEFAULT 0 CHECK (fund_opening >= 0),"
    "  fund_income_week INTEGER NOT NULL DEFAULT 0 CHECK (fund_income_week >= 0),"
    "  created_on TEXT NOT NULL);"
    "CREATE TABLE action_plan_days("
    "  plan_id INTEGER NOT NULL REFERENCES action_plans(id) ON DELETE CASCADE,"
    "  day INTEGER NOT NULL CHECK (day >= 1),"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('all_out','rolling','targeted')),"
    "  PRIMARY KEY (plan_id, day, unit_id));"
    "CREATE TABLE action_plan_pay("
    "  plan_id INTEGER NOT NULL REFERENCES action_plans(id) ON DELETE CASCADE,"
    "  category TEXT NOT NULL,"
    "  pay INTEGER NOT NULL CHECK (pay >= 0),"
    "  PRIMARY KEY (plan_id, category));"
  },
  /* v5: statutory ballot turnout tracking (issue 4) */
  { 5,
    /* A statutory postal ballot on a dispute, run by an independent
    ** scrutineer; mandate only tracks its turnout (docs/disputes.md).
    ** The constituency is snapshotted when it opens: statutory_entitled
    ** (one row per member entitled then; member_id becomes NULL if the
    ** member is erased, keeping the count and any report) and
    ** statutory_units (the entitled count per workplace, never
    ** recomputed). link_hash is the BLAKE2b hash of the member's personal
    ** "I've posted my vote" link token; the token itself is never stored.
    ** statutory_returns: the scrutineer's "returned so far" figures,
    ** unit_id NULL for the whole ballot. */
    "CREATE TABLE statutory_ballots("
    "  id INTEGER PRIMARY KEY,"
    "  dispute_id INTEGER NOT NULL UNIQUE REFERENCES disputes(id) ON DELETE CASCADE,"
    "  regime_id TEXT NOT NULL,"
    "  opens_on TEXT NOT NULL,"
    "  closes_on TEXT NOT NULL,"
    "  important_public_service INTEGER NOT NULL CHECK (important_public_service IN (0,1)),"
    "  ips_decided_by TEXT NOT NULL CHECK (ips_decided_by IN ('sectors','officer')),"
    "  entitled INTEGER NOT NULL,"
    "  snapshot_on TEXT NOT NULL);"
    "CREATE TABLE statutory_units("
    "  ballot_id INTEGER NOT NULL REFERENCES statutory_ballots(id) ON DELETE CASCADE,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  entitled INTEGER NOT NULL,"
    "  PRIMARY KEY (ballot_id, unit_id));"
    "CREATE TABLE statutory_entitled("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES statutory_ballots(id) ON DELETE CASCADE,"
    "  member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  link_hash TEXT UNIQUE,"
    "  posted_on TEXT,"
    "  UNIQUE (ballot_id, member_id));"
    "CREATE INDEX statutory_entitled_member ON statutory_entitled(member_id);"
    "CREATE TABLE statutory_returns("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES statutory_ballots(id) ON DELETE CASCADE,"
    "  unit_id INTEGER REFERENCES units(id),"
    "  as_of TEXT NOT NULL,"
    "  returned INTEGER NOT NULL CHECK (returned >= 0),"
    "  entered_by TEXT NOT NULL,"
    "  entered_on TEXT NOT NULL);"
    "CREATE INDEX statutory_returns_ballot ON statutory_returns(ballot_id, unit_id, as_of);"
  },
  /* v6: the outbox for mail and SMS (issue 5) */
  { 6,
    /* The durable outbox (docs/mail.md): every email and text message,
    ** its state, attempts and last error; the body is cleared once sent.
    ** message_id is made at enqueue and reused by every retry. Times are
    ** UTC text 'YYYY-MM-DDTHH:MM:SSZ'. The mail configuration is in meta,
    ** keys 'mail.*' (no secrets). */
    "CREATE TABLE outbox("
    "  id INTEGER PRIMARY KEY,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email','sms')),"
    "  recipient TEXT NOT NULL,"
    "  subject TEXT,"
    "  body TEXT,"
    "  purpose TEXT NOT NULL,"
    "  member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (state IN ('queued','sending','sent','failed','bounced')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  resends INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at TEXT NOT NULL,"
    "  last_error TEXT,"
    "  message_id TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL,"
    "  sent_at TEXT);"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_at);"
    "CREATE INDEX outbox_member ON outbox(member_id);"
  },
  /* v7: online ballots: elections, credentials issued, ballots received (issue 5) */
  /* v8: conditional collective pledges (issue 6) */
};
const int nMigration = (int)(sizeof(aMigration)/sizeof(aMigration[0]));

