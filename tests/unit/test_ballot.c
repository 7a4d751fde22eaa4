/* test_ballot.c: the union's side of an online ballot on a small
** hand-built register: times, the constituency snapshot and its filters,
** every problem named and nothing written, turnout rolled up the tree and
** scoped, and the not-voted list with its call cool-down. (The intake, the
** crash test and the count run end to end in tests/cli/test_ballots.sh.) */
#include "test.h"
#include "../../src/domain/ballot.h"
#include "../../src/domain/register.h"
#include "../../src/util/mem.h"
#include <stdlib.h>
#include <unistd.h>

static const char zUnits[] =
  "code,name,kind,parent_code,sector\n"
  "U,Test Union,union,,\n"
  "B1,Branch One,branch,U,\n"
  "W1,Works One,workplace,B1,\n"
  "W2,Works Two,workplace,B1,\n"
  "B2,Branch Two,branch,U,\n"
  "W3,Works Three,workplace,B2,\n";

static const char zMembers[] =
  "membership_number,first_name,last_name,status,employer,workplace_code,category,employment_type,email,mobile\n"
  "A1,Ann,One,active,Acme,W1,nurse,employed,a1@example.org,07700900001\n"
  "A2,Bob,Two,active,Acme,W1,porter,employed,,\n"
  "A3,Cy,Three,active,Acme,W2,nurse,employed,,\n"
  "A4,Di,Four,lapsed,Acme,W2,nurse,employed,,\n"
  "A5,Ed,Five,active,Other Ltd,W3,nurse,agency,,\n";

static Db *fixture(const char *zName){
  char zPath[400], *zErr = 0;
  Db *db = 0;
  ImportOpts o = {0};
  ImportResult r = {0};
  snprintf(zPath, sizeof zPath, "%s/%s", test_tmpdir(), zName);
  unlink(zPath);
  if( db_open(zPath, DB_OPEN_CREATE, &db, &zErr) ){ test_fail(__FILE__, __LINE__, "open: %s", zErr); free(zErr); return 0; }
  if( register_import_units(db, "units.csv", zUnits, strlen(zUnits), &o, &r) ) test_fail(__FILE__, __LINE__, "units");
  import_result_clear(&r);
  if( register_import_members(db, "members.csv", zMembers, strlen(zMembers), &o, &r) ) test_fail(__FILE__, __LINE__, "members: %s", buf_str(&r.errors));
  import_result_clear(&r);
  return db;
}

static LawSet *law_get(void){
  LawSet *p = 0;
  char *zErr = 0;
  if( law_load(0, &p, &zErr) ){ test_fail(__FILE__, __LINE__, "law_load: %s", zErr); free(zErr); }
  return p;
}

/* Create ballot zCode over azUnit with breakdown; committed with a made-up id. */
static int create(Db *db, LawSet *pLaw, const char *zCode, const char *zCategory, BallotDraft *d, char **pzErr){
  const char *azUnit[] = { "U" };
  unsigned char aId[32] = {1};
  BallotSpec s = { .zCode = zCode, .zTitle = "Pay", .zQuestion = "Strike?", .zKind = "indicative",
    .zRegime = "gb-tulrca-2016", .zOpens = "2026-11-20", .zCloses = "2026-11-30T17:00", .breakdown = 1,
    .nUnit = 1, .azUnit = azUnit, .zCategory = zCategory };
  if( ballot_create_begin(db, pLaw, &s, d, pzErr) ) return -1;
  return ballot_create_finish(db, d, aId, pzErr);
}

TEST(ballot_times_are_utc_and_checked){
  char z[BALLOT_TIME];
  const char *zWhy;
  CHECK_INT(ballot_parse_time("2026-11-20", z, &zWhy), 0);
  CHECK_STR(z, "2026-11-20T00:00:00Z");
  CHECK_INT(ballot_parse_time("2026-11-20T08:30", z, &zWhy), 0);
  CHECK_STR(z, "2026-11-20T08:30:00Z");
  CHECK_INT(ballot_parse_time("2026-11-20 08:30:15Z", z, &zWhy), 0);
  CHECK_STR(z, "2026-11-20T08:30:15Z");
  CHECK_INT(ballot_parse_time("2026-02-30", z, &zWhy), -1);
  CHECK_INT(ballot_parse_time("2026-11-20T25:00", z, &zWhy), -1);
  CHECK_INT(ballot_parse_time("2026-11-20T08:30x", z, &zWhy), -1);
  CHECK_INT(ballot_parse_time("", z, &zWhy), -1);
  char *zDir = ballot_board_dir("/srv/union.db", "PAY");
  CHECK_STR(zDir, "/srv/union.db.ballots/PAY");
  free(zDir);
}

TEST(ballot_constituency_is_snapshotted_with_filters){
  Db *db = fixture("ballot1.db");
  LawSet *pLaw = law_get();
  BallotDraft d;
  char *zErr = 0;
  if( !db || !pLaw ) return;
  CHECK_INT(create(db, pLaw, "ALL", 0, &d, &zErr), 0);
  CHECK_INT(d.b.nVoter, 4);                    /* the lapsed member does not vote */
  CHECK_INT(d.nGroup, 3);                      /* three workplaces */
  CHECK_STR(d.azGroup[0], "W1 Works One");
  CHECK_INT(db_query_int(db, "SELECT voter_no FROM ballot_voters v JOIN members m ON m.id=v.member_id"
                             " WHERE m.number='A5'", 0), 4);    /* numbered group by group */
  ballot_draft_clear(&d);
  CHECK_INT(create(db, pLaw, "NURSES", "NURSE", &d, &zErr), 0);
  CHECK_INT(d.b.nVoter, 3);                    /* the category filter, case-blind */
  ballot_draft_clear(&d);
  /* the register moves; the snapshot does not */
  CHECK_INT(db_exec(db, "UPDATE members SET status='retired' WHERE number='A1'"), 0);
  Ballot b;
  CHECK_INT(ballot_load(db, "ALL", &b), 0);
  CHECK_INT(b.nVoter, 4);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM ballot_voters v JOIN ballots b ON b.id=v.ballot_id WHERE b.code='ALL'", 0), 4);
  db_close(db);
  law_free(pLaw);
}

TEST(ballot_create_names_every_problem_and_writes_nothing){
  Db *db = fixture("ballot2.db");
  LawSet *pLaw = law_get();
  BallotDraft d;
  char *zErr = 0;
  const char *azUnit[] = { "NOPE" };
  if( !db || !pLaw ) return;
  BallotSpec s = { .zCode = "bad code!", .zTitle = "", .zQuestion = "Q", .zKind = "poll",
    .zRegime = "nowhere", .zOpens = "2026-11-20", .zCloses = "2026-11-10", .nUnit = 1, .azUnit = azUnit,
    .zEmployer = "Nobody Ltd", .zType = "wizard" };
  CHECK_INT(ballot_create_begin(db, pLaw, &s, &d, &zErr), -1);
  CHECK_CONTAINS(zErr, "the code must be");
  CHECK_CONTAINS(zErr, "the title must be");
  CHECK_CONTAINS(zErr, "the kind must be");
  CHECK_CONTAINS(zErr, "no legal regime nowhere");
  CHECK_CONTAINS(zErr, "before it opens");
  CHECK_CONTAINS(zErr, "no unit NOPE");
  CHECK_CONTAINS(zErr, "Nobody Ltd");
  CHECK_CONTAINS(zErr, "no employment type wizard");
  free(zErr); zErr = 0;
  /* nobody matches: refused, rolled back */
  CHECK_INT(create(db, pLaw, "NONE", "astronaut", &d, &zErr), -1);
  CHECK_CONTAINS(zErr, "nobody would vote");
  free(zErr);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM ballots", 0), 0);
  CHECK_INT(db_query_int(db, "SELECT count(*) FROM ballot_voters", 0), 0);
  db_close(db);
  law_free(pLaw);
}

TEST(ballot_turnout_rolls_up_and_is_scoped){
  Db *db = fixture("ballot3.db");
  LawSet *pLaw = law_get();
  BallotDraft d;
  BallotTurnout t;
  Unit u;
  char *zErr = 0;
  if( !db || !pLaw ) return;
  CHECK_INT(create(db, pLaw, "T", 0, &d, &zErr), 0);
  ballot_draft_clear(&d);
  CHECK_INT(db_exec(db, "UPDATE ballot_voters SET voted_at='2026-11-20T09:10:00Z', ballots=1"
                        " WHERE member_id IN (SELECT id FROM members WHERE number IN ('A1','A5'))"), 0);
  CHECK_INT(ballot_turnout(db, &d.b, 0, "2026-11-21T00:00:00Z", &t), 0);
  CHECK_STR(t.aRow[0].zCode, "U");
  CHECK_INT(t.aRow[0].nVoter, 4);
  CHECK_INT(t.aRow[0].nVoted, 2);
  CHECK_INT(t.nRow, 6);                        /* union, 2 branches, 3 workplaces */
  CHECK_STR(t.aRow[1].zCode, "B1");
  CHECK_INT(t.aRow[1].nVoter, 3);
  CHECK_INT(t.aRow[1].nVoted, 1);
  CHECK_INT(t.aRow[1].depth, 1);
  CHECK(t.nPoint>0);
  CHECK_INT(t.aPoint[t.nPoint-1].nVoted, 2);
  CHECK_INT(t.byDay, 1);                       /* a window over a week: by day */
  CHECK_INT(t.aPoint[0].nVoted, 2);            /* both voted on the first day */
  ballot_turnout_clear(&t);
  /* a rep's workplace: one row */
  CHECK_INT(register_unit_by_code(db, "W2", &u), 0);
  CHECK_INT(ballot_turnout(db, &d.b, &u, "2026-11-21T00:00:00Z", &t), 0);
  CHECK_INT(t.nRow, 1);
  CHECK_INT(t.aRow[0].nVoter, 1);
  ballot_turnout_clear(&t);
  db_close(db);
  law_free(pLaw);
}

TEST(ballot_not_voted_lists_and_cools_down){
  Db *db = fixture("ballot4.db");
  LawSet *pLaw = law_get();
  BallotDraft d;
  BallotNotVotedList l;
  Unit u;
  char *zErr = 0;
  if( !db || !pLaw ) return;
  CHECK_INT(create(db, pLaw, "N", 0, &d, &zErr), 0);
  ballot_draft_clear(&d);
  CHECK_INT(db_exec(db, "UPDATE ballot_voters SET voted_at='2026-11-20T09:10:00Z'"
                        " WHERE member_id=(SELECT id FROM members WHERE number='A1')"), 0);
  CHECK_INT(register_unit_by_code(db, "B1", &u), 0);
  CHECK_INT(ballot_not_voted(db, &d.b, &u, "2026-11-21T10:00:00Z", 3, &l), 0);
  CHECK_INT(l.nVoter, 3);
  CHECK_INT(l.nNotVoted, 2);                   /* A2 and A3; A1 voted, A5 is elsewhere */
  CHECK_INT(l.nDue, 2);
  CHECK_STR(l.a[0].zNumber, "A2");
  ballot_not_voted_clear(&l);
  CHECK_INT(ballot_contact_add(db, &d.b, "A2", "no_answer", "rep", "2026-11-21T10:00:00Z", &zErr), 0);
  CHECK_INT(ballot_contact_add(db, &d.b, "A2", "bribed", "rep", "2026-11-21T10:00:00Z", &zErr), -1);
  free(zErr); zErr = 0;
  CHECK_INT(ballot_contact_add(db, &d.b, "A1X", "spoke", "rep", "2026-11-21T10:00:00Z", &zErr), 1);
  CHECK_INT(ballot_not_voted(db, &d.b, &u, "2026-11-22T10:00:00Z", 3, &l), 0);
  CHECK_INT(l.nDue, 1);
  CHECK_STR(l.a[0].zNumber, "A3");             /* due first */
  CHECK_STR(l.a[1].zNumber, "A2");
  CHECK_STR(l.a[1].zLastOutcome, "no_answer");
  CHECK_STR(l.a[1].zDueFrom, "2026-11-24T10:00:00Z");
  ballot_not_voted_clear(&l);
  CHECK_INT(ballot_not_voted(db, &d.b, &u, "2026-11-24T10:00:00Z", 3, &l), 0);
  CHECK_INT(l.nDue, 2);                        /* the cool-down is over */
  ballot_not_voted_clear(&l);
  db_close(db);
  law_free(pLaw);
}
