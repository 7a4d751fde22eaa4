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
  { 7,
    /* Online ballots (docs/ballots.md). The board itself is a file beside
    ** the database (PATH.ballots/CODE/board); these tables say who may
    ** vote and who has, never how. ballot_voters is the constituency
    ** snapshotted at creation (member_id NULL once a member is erased),
    ** with the public half of each voter's credential once the authority
    ** hands them over; ballot_received one row per ballot appended to the
    ** board (hash: the ballot hash, hex; board_offset: where its line
    ** starts). Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'. */
    "CREATE TABLE ballots("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  question TEXT NOT NULL,"
    "  answers TEXT,"
    "  kind TEXT NOT NULL CHECK (kind IN ('indicative','offer','election','motion')),"
    "  regime_id TEXT NOT NULL,"
    "  opens_at TEXT NOT NULL,"
    "  closes_at TEXT NOT NULL,"
    "  breakdown INTEGER NOT NULL CHECK (breakdown IN (0,1)),"
    "  employer_id INTEGER REFERENCES employers(id),"
    "  category TEXT,"
    "  employment_type TEXT,"
    "  election_id TEXT NOT NULL,"
    "  voters INTEGER NOT NULL,"
    "  credentials_at TEXT,"
    "  closed_at TEXT,"
    "  result_json TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE ballot_units("
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  PRIMARY KEY (ballot_id, unit_id));"
    "CREATE TABLE ballot_voters("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  voter_no INTEGER NOT NULL,"
    "  member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  group_no INTEGER NOT NULL DEFAULT 0,"
    "  credential TEXT,"
    "  voted_at TEXT,"
    "  ballots INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (ballot_id, voter_no),"
    "  UNIQUE (ballot_id, credential));"
    "CREATE INDEX ballot_voters_unit ON ballot_voters(ballot_id, unit_id);"
    "CREATE INDEX ballot_voters_member ON ballot_voters(member_id);"
    "CREATE TABLE ballot_received("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  voter_id INTEGER NOT NULL REFERENCES ballot_voters(id) ON DELETE CASCADE,"
    "  hash TEXT NOT NULL,"
    "  tracker TEXT NOT NULL,"
    "  board_offset INTEGER NOT NULL,"
    "  received_at TEXT NOT NULL,"
    "  UNIQUE (ballot_id, hash));"
    "CREATE INDEX ballot_received_offset ON ballot_received(ballot_id, board_offset);"
    "CREATE TABLE ballot_contacts("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  voter_id INTEGER NOT NULL REFERENCES ballot_voters(id) ON DELETE CASCADE,"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('spoke','will_vote','no_answer',"
    "                                           'left_message','wrong_number')),"
    "  by_user TEXT NOT NULL,"
    "  contacted_at TEXT NOT NULL);"
    "CREATE INDEX ballot_contacts_voter ON ballot_contacts(voter_id, contacted_at);"
  },
  /* v8: conditional collective pledges (issue 6) */
  { 8,
    /* Pledge campaigns (docs/pledges.md). definition is the board's first
    ** item (hex): the campaign as the trustees and verifiers see it.
    ** pledge_credentials holds only public halves and the workplace they
    ** count in: nothing links a credential to a member. pledges: every
    ** pledge received; live = 1 for each credential's counted one; sealed
    ** (hex) is the name sealed to the trustees' key, set NULL when the
    ** pledge is replaced, withdrawn or expires. Dates only, no times. */
    "CREATE TABLE pledge_campaigns("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  template TEXT NOT NULL CHECK (template IN ('section44','undated_resignation','strike','solidarity')),"
    "  deadline TEXT NOT NULL,"
    "  board_path TEXT NOT NULL,"
    "  campaign_id TEXT NOT NULL,"
    "  definition TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','opened','expired')),"
    "  created_on TEXT NOT NULL,"
    "  closed_on TEXT);"
    "CREATE TABLE pledge_scope("
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('unit','employer','category','employment_type')),"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (campaign_id, kind, value));"
    "CREATE TABLE pledge_actions("
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  action_no INTEGER NOT NULL CHECK (action_no BETWEEN 1 AND 16),"
    "  label TEXT NOT NULL,"
    "  trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('count','percent')),"
    "  trigger_value INTEGER NOT NULL CHECK (trigger_value >= 1),"
    "  every_workplace INTEGER NOT NULL CHECK (every_workplace IN (0,1)),"
    "  PRIMARY KEY (campaign_id, action_no));"
    "CREATE TABLE pledge_trustees("
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  trustee_no INTEGER NOT NULL,"
    "  verification_key TEXT NOT NULL,"
    "  PRIMARY KEY (campaign_id, trustee_no));"
    "CREATE TABLE pledge_workplaces("
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  group_no INTEGER NOT NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  PRIMARY KEY (campaign_id, group_no),"
    "  UNIQUE (campaign_id, unit_id));"
    "CREATE TABLE pledge_credentials("
    "  id INTEGER PRIMARY KEY,"
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  public_key TEXT NOT NULL,"
    "  group_no INTEGER NOT NULL,"
    "  last_seq INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (campaign_id, public_key));"
    "CREATE INDEX pledge_credentials_group ON pledge_credentials(campaign_id, group_no);"
    "CREATE TABLE pledges("
    "  id INTEGER PRIMARY KEY,"
    "  campaign_id INTEGER NOT NULL REFERENCES pledge_campaigns(id) ON DELETE CASCADE,"
    "  credential_id INTEGER NOT NULL REFERENCES pledge_credentials(id),"
    "  seq INTEGER NOT NULL,"
    "  received_on TEXT NOT NULL,"
    "  receipt TEXT NOT NULL,"
    "  sealed TEXT,"
    "  live INTEGER NOT NULL CHECK (live IN (0,1)),"
    "  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0,1)));"
    "CREATE UNIQUE INDEX pledges_live ON pledges(credential_id) WHERE live = 1;"
    "CREATE INDEX pledges_campaign ON pledges(campaign_id, live);"
    "CREATE TABLE pledge_choices("
    "  pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,"
    "  action_no INTEGER NOT NULL,"
    "  PRIMARY KEY (pledge_id, action_no));"
  },
  /* v9: reminder waves (issue 5) */
  { 9,
    /* Measured reminder waves (docs/ballots.md, "Reminders, measured").
    ** A wave is scheduled with its message (a link, never a voting code)
    ** and a random seed; sent_at is set in the transaction that draws the
    ** hold-out, records every recipient (held_out 1: sent nothing) and
    ** queues the messages in the outbox (outbox_id), so a wave is sent
    ** once. Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'. */
    "CREATE TABLE reminder_waves("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  wave_no INTEGER NOT NULL,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email','sms')),"
    "  subject TEXT,"
    "  template TEXT NOT NULL,"
    "  link_base TEXT NOT NULL,"
    "  send_at TEXT NOT NULL,"
    "  holdout_pct INTEGER NOT NULL CHECK (holdout_pct BETWEEN 0 AND 90),"
    "  seed TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  sent_at TEXT,"
    "  reminded INTEGER,"
    "  held_out INTEGER,"
    "  no_address INTEGER,"
    "  UNIQUE (ballot_id, wave_no));"
    "CREATE INDEX reminder_waves_due ON reminder_waves(sent_at, send_at);"
    "CREATE TABLE reminder_recipients("
    "  wave_id INTEGER NOT NULL REFERENCES reminder_waves(id) ON DELETE CASCADE,"
    "  voter_id INTEGER NOT NULL REFERENCES ballot_voters(id) ON DELETE CASCADE,"
    "  held_out INTEGER NOT NULL CHECK (held_out IN (0,1)),"
    "  outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,"
    "  PRIMARY KEY (wave_id, voter_id));"
  },
  /* v10: credential delivery and requests for a code again (issue 5) */
  { 10,
    /* The credential authority's own database: outbox.ref names what a
    ** message is for, "CODE/voter-NNNNNNN" for a voting code, so that its
    ** delivery report can say which voter; credential_letters records the
    ** codes it printed as letters.
    ** The union's server: ballot_delivery is the latest state of each
    ** voter's credential as the authority reported it (never the code);
    ** ballot_resend_requests the members' requests for their code again,
    ** exported to the authority (exported_at) and sent by it.
    ** Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'. */
    "ALTER TABLE outbox ADD COLUMN ref TEXT;"
    "CREATE INDEX outbox_ref ON outbox(ref);"
    "CREATE TABLE credential_letters("
    "  ballot TEXT NOT NULL,"
    "  voter_no INTEGER NOT NULL,"
    "  printed_at TEXT NOT NULL,"
    "  PRIMARY KEY (ballot, voter_no));"
    "CREATE TABLE ballot_delivery("
    "  voter_id INTEGER PRIMARY KEY REFERENCES ballot_voters(id) ON DELETE CASCADE,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email','sms','letter')),"
    "  state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','failed','bounced','printed')),"
    "  resends INTEGER NOT NULL DEFAULT 0,"
    "  detail TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  reported_at TEXT NOT NULL);"
    "CREATE TABLE ballot_resend_requests("
    "  id INTEGER PRIMARY KEY,"
    "  ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,"
    "  voter_id INTEGER NOT NULL REFERENCES ballot_voters(id) ON DELETE CASCADE,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email','sms')),"
    "  requested_at TEXT NOT NULL,"
    "  exported_at TEXT);"
    "CREATE INDEX ballot_resend_pending ON ballot_resend_requests(ballot_id, exported_at);"
  },
  /* v11: a member looks their receipt up (issue 5) */
  { 11,
    /* whether a voter cast a later ballot than the one looked up, without
    ** reading the whole board's rows */
    "CREATE INDEX ballot_received_voter ON ballot_received(voter_id, board_offset);"
  },
  /* v12: tracker emails queued by the sender, not on the cast's path (issue 5) */
  { 12,
    /* trackers_mailed_to: the last ballot_received.id whose tracker email
    ** is queued (ballot_tracker_mail_due). Ballots recorded before this
    ** migration are not mailed afterwards. */
    "ALTER TABLE ballots ADD COLUMN trackers_mailed_to INTEGER NOT NULL DEFAULT 0;"
    "UPDATE ballots SET trackers_mailed_to ="
    "  (SELECT coalesce(max(r.id), 0) FROM ballot_received r WHERE r.ballot_id=ballots.id);"
  },
  /* v13: delegate conference votes, with public weights (issue 5) */
  { 13,
    /* ballots.weighted: 1 when each voter's ballot counts their weight
    ** (a delegate conference; `mandate ballot create --weights FILE`);
    ** ballot_voters.weight: that voter's votes, as on their credential
    ** (1 in every ordinary ballot) */
    "ALTER TABLE ballots ADD COLUMN weighted INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE ballot_voters ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;"
  },
};
const int nMigration = (int)(sizeof(aMigration)/sizeof(aMigration[0]));

