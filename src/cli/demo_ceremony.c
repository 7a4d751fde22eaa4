/* demo_ceremony.c: the demo union's worked online ballots, made by the
** real key ceremony with the very commands a union's trustees, credential
** authority and officer run (docs/ceremony.md, docs/ballots.md), called
** in-process with an argv and their output hidden: three trustees, any two
** of whom decrypt, and the authority keep their files in
** DBPATH.example-keys/; the server gets the public halves only. REF26
** ("Do you accept the employer's offer?") is open: a share of the members
** have voted (demo_ballot_votes), a reminder wave went out, the codes'
** delivery report is in (demo_ballot_delivery) and a few who have not
** voted are left for the newcomer. IND26 (an indicative ballot) ran last
** week, as of then, and is closed with its tally on the board, waiting for
** the trustees. */
#include "cli.h"
#include "demo_ceremony.h"
#include "keyfile.h"
#include "../crypto/election.h"
#include "../domain/ballot.h"
#include "../store/db.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEMO_TRUSTEES  3
#define DEMO_THRESHOLD 2

char *demo_ceremony_keys_dir(const char *zDbPath){
  Buf b = BUF_INIT;
  buf_printf(&b, "%s.example-keys", zDbPath);
  return buf_steal(&b);
}

/* Run a command's entry point with azArg (NULL-terminated), its standard
** output hidden (its errors still reach standard error). */
static int run_hidden(int (*xCmd)(int, char**), char **azArg){
  int argc = 0, saved, fd, rc;
  while( azArg[argc] ) argc++;
  fflush(stdout);
  saved = dup(1);
  fd = open("/dev/null", O_WRONLY|O_CLOEXEC);
  if( saved>=0 && fd>=0 ) dup2(fd, 1);
  if( fd>=0 ) close(fd);
  rc = xCmd(argc, azArg);
  fflush(stdout);
  if( saved>=0 ){ dup2(saved, 1); close(saved); }
  return rc;
}

/* zOut = "DIR/NAME" (nOut bytes). */
static void path_in(char *zOut, size_t nOut, const char *zDir, const char *zName){
  snprintf(zOut, nOut, "%s/%s", zDir, zName);
}

/* The branch the demo's branch secretary runs (else the first branch):
** its code and name. 0 or -1. */
static int secretary_branch(Db *db, char *zCode, size_t nCode, char *zName, size_t nName){
  DbStmt *s = db_prepare(db,
    "SELECT u.code, u.name FROM units u WHERE u.id=coalesce("
    " (SELECT us.unit_id FROM users us WHERE us.role='branch_secretary' ORDER BY us.id LIMIT 1),"
    " (SELECT b.id FROM units b WHERE b.kind='branch' ORDER BY b.lft LIMIT 1))");
  int r = db_step(s);
  if( r==DB_ROW ){
    db_col_copy(s, 0, zCode, nCode);
    db_col_copy(s, 1, zName, nName);
  }
  db_finalize(s);
  return r==DB_ROW ? 0 : -1;
}

/* The trustees' key ceremony (keygen, shares, combine) and the authority's
** keygen, in zKeys. EXIT_ code. */
static int make_keys(const char *zKeys){
  char azPub[DEMO_TRUSTEES][1100], azSec[DEMO_TRUSTEES][1100], azShares[DEMO_TRUSTEES][1100];
  char azIdx[DEMO_TRUSTEES][12], zN[12], zK[12];
  int rc = EXIT_OK;
  snprintf(zN, sizeof zN, "%d", DEMO_TRUSTEES);
  snprintf(zK, sizeof zK, "%d", DEMO_THRESHOLD);
  for(int i=0; i<DEMO_TRUSTEES; i++){
    char zName[32];
    snprintf(azIdx[i], sizeof azIdx[i], "%d", i+1);
    snprintf(zName, sizeof zName, "trustee-%d.public", i+1);  path_in(azPub[i], sizeof azPub[i], zKeys, zName);
    snprintf(zName, sizeof zName, "trustee-%d.secret", i+1);  path_in(azSec[i], sizeof azSec[i], zKeys, zName);
    snprintf(zName, sizeof zName, "shares-from-%d", i+1);     path_in(azShares[i], sizeof azShares[i], zKeys, zName);
  }
  for(int i=0; rc==EXIT_OK && i<DEMO_TRUSTEES; i++){
    char *az[] = { "trustee", "keygen", "--index", azIdx[i], "--trustees", zN, "--threshold", zK,
                   "--dir", (char*)zKeys, 0 };
    rc = run_hidden(cmd_trustee, az);
  }
  for(int i=0; rc==EXIT_OK && i<DEMO_TRUSTEES; i++){
    char *az[] = { "trustee", "shares", "--secret", azSec[i], "--public", azPub[0], "--public", azPub[1],
                   "--public", azPub[2], "--out", azShares[i], 0 };
    rc = run_hidden(cmd_trustee, az);
  }
  for(int i=0; rc==EXIT_OK && i<DEMO_TRUSTEES; i++){
    int j = (i+1)%DEMO_TRUSTEES, k = (i+2)%DEMO_TRUSTEES;
    char *az[] = { "trustee", "combine", "--secret", azSec[i], "--public", azPub[0], "--public", azPub[1],
                   "--public", azPub[2], "--shares", azShares[j], "--shares", azShares[k], 0 };
    rc = run_hidden(cmd_trustee, az);
  }
  for(int i=0; i<DEMO_TRUSTEES; i++) unlink(azShares[i]);   /* sent and used */
  if( rc==EXIT_OK ){
    char *az[] = { "authority", "keygen", "--dir", (char*)zKeys, 0 };
    rc = run_hidden(cmd_authority, az);
  }
  return rc;
}

/* The authority's part for ballot zCode, on its copy of the board
** (zKeys/PREFIXauthority-board): one `authority credentials` run per
** breakdown group, in order, into zKeys/PREFIXcredentials-G; then the
** public halves (voter, third field) into zKeys/PREFIXcredentials.public,
** and every secret credential into aSk[voter-1] (nVoter of them). EXIT_
** code. */
static int issue_credentials(const char *zDbPath, const char *zKeys, const char *zCode, const char *zPrefix,
                             GroupScalar *aSk, int64_t nVoter){
  char zBoardCopy[1100], zSecret[1100], zMap[1100], zWhy[300], zName[64], *zDir = ballot_board_dir(zDbPath, zCode);
  Buf board = BUF_INIT, map = BUF_INIT, cred = BUF_INIT, path = BUF_INIT;
  Db *db = 0;
  Ballot b;
  Election e;
  int64_t *aCount = 0, nRead = 0;
  int rc = EXIT_USER;
  memset(&e, 0, sizeof e);
  snprintf(zName, sizeof zName, "%sauthority-board", zPrefix);
  path_in(zBoardCopy, sizeof zBoardCopy, zKeys, zName);
  path_in(zSecret, sizeof zSecret, zKeys, "authority.secret");
  snprintf(zName, sizeof zName, "%scredentials.public", zPrefix);
  path_in(zMap, sizeof zMap, zKeys, zName);
  buf_printf(&path, "%s/board", zDir);
  if( cli_open_ballot(zDbPath, zCode, &db, &b) ) goto out;
  if( ballot_election_load(buf_str(&path), &e, zWhy, sizeof zWhy) ){ cli_error("%s", zWhy); goto out; }
  if( ballot_group_counts(db, &b, e.nGroup, 0, &aCount) ){ cli_error("%s", db_errmsg(db)); goto out; }
  if( cli_read_file(buf_str(&path), &board)
   || cli_write_file(zBoardCopy, board.z, board.n, 0644, CLI_WRITE_NEW) ) goto out;
  buf_puts(&map, "# voter public-credential (the public halves, for the server)\n");
  for(uint32_t g = e.nGroup ? 1 : 0; g<=e.nGroup; g++){
    char zN[24], zOut[1100];
    if( aCount[g]==0 ) continue;
    snprintf(zN, sizeof zN, "%lld", (long long)aCount[g]);
    snprintf(zName, sizeof zName, "%scredentials-%u", zPrefix, g ? g : 1);
    path_in(zOut, sizeof zOut, zKeys, zName);
    char *az[] = { "authority", "credentials", "--secret", zSecret, "--board", zBoardCopy,
                   "--voters", zN, "--out", zOut, e.nGroup ? "--group" : 0, e.nGroup ? e.azGroup[g-1] : 0, 0 };
    if( run_hidden(cmd_authority, az)!=EXIT_OK ) goto out;
    /* voter-NNNNNNN SECRET PUBLIC, one a line */
    buf_truncate(&cred, 0);
    if( cli_read_file(zOut, &cred) ) goto out;
    for(char *z = cred.z, *zEnd; z && z < cred.z + cred.n; z = zEnd ? zEnd+1 : 0){
      char zVoter[16], zSk[65], zPk[65];
      long long v;
      zEnd = memchr(z, '\n', (size_t)(cred.z + cred.n - z));
      if( *z=='#' || *z=='\n' ) continue;
      if( sscanf(z, "%15s %64s %64s", zVoter, zSk, zPk)!=3 || sscanf(zVoter, "voter-%lld", &v)!=1
       || v<1 || v>nVoter || keyfile_credential(zSk, &aSk[v-1]) ){
        sodium_memzero(zSk, sizeof zSk);
        cli_error("%s: a line that is not 'voter SECRET PUBLIC'", zOut); goto out;
      }
      sodium_memzero(zSk, sizeof zSk);
      buf_printf(&map, "%s %s\n", zVoter, zPk);
      nRead++;
    }
  }
  if( nRead!=nVoter ){ cli_error("%lld credentials for %lld voters", (long long)nRead, (long long)nVoter); goto out; }
  if( cli_write_file(zMap, map.z, map.n, 0644, CLI_WRITE_NEW) ) goto out;
  db_close(db);
  db = 0;
  {
    char *az[] = { "ballot", "import-credentials", (char*)zCode, "--board-from", zBoardCopy,
                   "--map", zMap, "--db", (char*)zDbPath, 0 };
    rc = run_hidden(cmd_ballot, az);
  }
out:
  if( cred.z ) sodium_memzero(cred.z, cred.nAlloc);
  db_close(db);
  election_clear(&e);
  free(aCount);
  free(zDir);
  buf_reset(&board); buf_reset(&map); buf_reset(&cred); buf_reset(&path);
  return rc;
}

/* The codes of the voters who have not voted, for the newcomer:
** printed in groups of eight and written to KEYS/VOTING-CODES.txt. */
static int write_codes(DemoBallotReport *p, const GroupScalar *aSk){
  Buf t = BUF_INIT;
  int rc;
  path_in(p->zCodesFile, sizeof p->zCodesFile, p->zKeysDir, "VOTING-CODES.txt");
  buf_printf(&t, "# Demo ballot %s: voting codes of members who have not voted yet (SECRET in a\n"
                 "# real ballot: each member gets only their own). Vote at\n"
                 "# http://127.0.0.1:8080/vote/%s (the spaces do not matter).\n", DEMO_BALLOT_CODE, DEMO_BALLOT_CODE);
  for(int i=0; i<p->votes.nFree; i++){
    char zHex[65], *z = p->azCode[i];
    const DemoFreeVoter *f = &p->votes.aFree[i];
    board_hex(zHex, aSk[f->voterNo-1].a, 32);
    for(int k=0; k<8; k++) z += sprintf(z, "%s%.8s", k ? " " : "", zHex + 8*k);
    buf_printf(&t, "%s  member %s, %s (%s)\n", p->azCode[i], f->zMember, f->zName, f->zWorkplace);
    sodium_memzero(zHex, sizeof zHex);
  }
  rc = cli_write_file(p->zCodesFile, t.z, t.n, 0600, CLI_WRITE_NEW);
  sodium_memzero(t.z, t.nAlloc);
  buf_reset(&t);
  return rc ? EXIT_USER : EXIT_OK;
}

/* Another branch for IND26: in the secretary's group where it can, the
** smallest with at least 20 active members (a short ballot to make);
** else the secretary's own, zUnit. Its code and name. */
static void closed_branch(Db *db, const char *zUnit, char *zCode, size_t nCode, char *zName, size_t nName){
  DbStmt *s = db_prepare(db,
    "SELECT b.code, b.name, (SELECT count(*) FROM members m JOIN units u ON u.id=m.unit_id"
    "  WHERE m.status='active' AND u.lft BETWEEN b.lft AND b.rgt) AS n"
    " FROM units b, units sec WHERE sec.code=? AND b.kind='branch' AND b.id<>sec.id"
    " AND (SELECT count(*) FROM members m JOIN units u ON u.id=m.unit_id"
    "  WHERE m.status='active' AND u.lft BETWEEN b.lft AND b.rgt)>=20"
    " ORDER BY CASE WHEN b.parent_id=sec.parent_id THEN 0 ELSE 1 END, n, b.code LIMIT 1");
  db_bind_text(s, 1, zUnit);
  if( db_step(s)==DB_ROW ){
    db_col_copy(s, 0, zCode, nCode);
    db_col_copy(s, 1, zName, nName);
  }
  db_finalize(s);
}

/* `mandate ballot create` for one of the demo's ballots, with the
** trustees' and the authority's public files in zKeys. EXIT_ code. */
static int create_ballot(const char *zDbPath, const char *zKeys, const char *zCode, const char *zTitle,
                         const char *zQuestion, const char *zKind, const char *zUnit,
                         const char *zOpens, const char *zCloses){
  char azPub[DEMO_TRUSTEES][1100], zAuth[1100];
  for(int i=0; i<DEMO_TRUSTEES; i++){
    char zName[32];
    snprintf(zName, sizeof zName, "trustee-%d.public", i+1);
    path_in(azPub[i], sizeof azPub[i], zKeys, zName);
  }
  path_in(zAuth, sizeof zAuth, zKeys, "authority.public");
  char *az[] = { "ballot", "create", (char*)zCode, "--title", (char*)zTitle, "--question", (char*)zQuestion,
                 "--kind", (char*)zKind, "--unit", (char*)zUnit, "--opens", (char*)zOpens, "--closes", (char*)zCloses,
                 "--regime", "gb-tulrca-2016", "--breakdown", "--authority", zAuth,
                 "--public", azPub[0], "--public", azPub[1], "--public", azPub[2], "--db", (char*)zDbPath, 0 };
  return run_hidden(cmd_ballot, az);
}

/* Ballot zCode's voters and its window. 0 or -1 after printing why. */
static int ballot_voters_window(const char *zDbPath, const char *zCode, int64_t *pnVoter,
                                char zOpens[BALLOT_TIME], char zCloses[BALLOT_TIME]){
  Db *db = 0;
  Ballot b;
  if( cli_open_ballot(zDbPath, zCode, &db, &b) ) return -1;
  *pnVoter = b.nVoter;
  snprintf(zOpens, BALLOT_TIME, "%s", b.zOpens);
  snprintf(zCloses, BALLOT_TIME, "%s", b.zCloses);
  db_close(db);
  return 0;
}

/* MANDATE_TODAY=zDay for what follows (NULL: as it was, zSaved). */
static void set_today(const char *zDay, const char *zSaved){
  if( zDay ) setenv("MANDATE_TODAY", zDay, 1);
  else if( zSaved ) setenv("MANDATE_TODAY", zSaved, 1);
  else unsetenv("MANDATE_TODAY");
}

/* IND26: an indicative ballot of another branch, made as of nine days ago
** (the clock set back with MANDATE_TODAY, as the tests do), open from eight
** days ago to yesterday evening; about 55% vote during the week, as of two
** days ago; then, at the real now, `mandate ballot close` adds the
** encrypted tally. Trustees and authority as REF26's; the authority's
** files for it start "IND26-". EXIT_ code. */
static int closed_ballot(const char *zDbPath, const char *zKeys, const char *zUnit, uint64_t seed,
                         DemoBallotReport *pOut){
  char zToday[11], zDay[11], zOpens[BALLOT_TIME], zCloses[BALLOT_TIME], zCode[64] = "", *zErr = 0;
  const char *zEnv = getenv("MANDATE_TODAY");
  char *zSaved = zEnv ? xstrdup(zEnv) : 0;
  GroupScalar *aSk = 0;
  int64_t nVoter = 0;
  Db *db = 0;
  int rc = EXIT_USER;
  if( (db = cli_open_db(zDbPath, 0))==0 ) goto out;
  snprintf(zCode, sizeof zCode, "%s", zUnit);
  closed_branch(db, zUnit, zCode, sizeof zCode, pOut->zClosedBranch, sizeof pOut->zClosedBranch);
  db_close(db);
  db = 0;
  if( !pOut->zClosedBranch[0] ) snprintf(pOut->zClosedBranch, sizeof pOut->zClosedBranch, "%s", pOut->zBranch);
  date_today(zToday);
  date_from_days(date_to_days(zToday) - 8, zDay);
  snprintf(zOpens, sizeof zOpens, "%sT08:00", zDay);
  date_from_days(date_to_days(zToday) - 1, zDay);
  snprintf(zCloses, sizeof zCloses, "%sT18:00", zDay);
  date_from_days(date_to_days(zToday) - 9, zDay);
  set_today(zDay, 0);
  if( create_ballot(zDbPath, zKeys, DEMO_CLOSED_CODE, "Indicative ballot: action short of a strike",
                    "Would you take action short of a strike?", "indicative", zCode, zOpens, zCloses)!=EXIT_OK ) goto out;
  if( ballot_voters_window(zDbPath, DEMO_CLOSED_CODE, &nVoter, zOpens, zCloses) ) goto out;
  snprintf(pOut->zClosedCloses, sizeof pOut->zClosedCloses, "%s", zCloses);
  aSk = xcalloc((size_t)(nVoter ? nVoter : 1), sizeof *aSk);
  if( issue_credentials(zDbPath, zKeys, DEMO_CLOSED_CODE, DEMO_CLOSED_CODE "-", aSk, nVoter)!=EXIT_OK ) goto out;
  /* the week's votes, taken as of two days ago: inside its window */
  date_from_days(date_to_days(zToday) - 2, zDay);
  set_today(zDay, 0);
  if( (db = cli_open_db(zDbPath, 0))==0 ) goto out;
  {
    DemoVotePlan plan;
    memset(&plan, 0, sizeof plan);
    plan.zCode = DEMO_CLOSED_CODE;
    plan.pctVoted = 55; plan.pctYes = 68; plan.pctRevote = 5;
    plan.zFrom = zOpens; plan.zTo = zCloses;
    plan.seed = seed;
    if( demo_ballot_votes(db, zDbPath, &plan, aSk, nVoter, &pOut->closedVotes, &zErr) ){
      cli_error("the closed example ballot's votes: %s", zErr); free(zErr); goto out;
    }
  }
  db_close(db);
  db = 0;
  set_today(0, zSaved);
  {
    char *az[] = { "ballot", "close", DEMO_CLOSED_CODE, "--db", (char*)zDbPath, 0 };
    rc = run_hidden(cmd_ballot, az);
  }
out:
  set_today(0, zSaved);
  free(zSaved);
  if( aSk ) sodium_memzero(aSk, (size_t)(nVoter ? nVoter : 1) * sizeof *aSk);
  free(aSk);
  db_close(db);
  return rc;
}

int demo_ceremony_run(const char *zDbPath, int pctVoted, uint64_t seed, DemoBallotReport *pOut){
  char zUnit[64], zOpens[BALLOT_TIME], zCloses[BALLOT_TIME], zNow[BALLOT_TIME], zUntil[BALLOT_TIME];
  char *zKeys = demo_ceremony_keys_dir(zDbPath), *zErr = 0;
  GroupScalar *aSk = 0;
  Db *db = 0;
  int rc = EXIT_USER;
  int64_t nVoter = 0;
  memset(pOut, 0, sizeof *pOut);
  snprintf(pOut->zKeysDir, sizeof pOut->zKeysDir, "%s", zKeys);
  if( mkdir(zKeys, 0700) ){ cli_error("cannot create %s: %s", zKeys, strerror(errno)); goto out; }
  if( (db = cli_open_db(zDbPath, 0))==0 ) goto out;
  if( secretary_branch(db, zUnit, sizeof zUnit, pOut->zBranch, sizeof pOut->zBranch) ){
    cli_error("the demo union has no branch for the example ballot"); goto out;
  }
  db_close(db);
  db = 0;
  if( (rc = make_keys(zKeys))!=EXIT_OK ) goto out;
  rc = EXIT_USER;
  demo_ballot_window(zOpens, zCloses);
  zOpens[16] = 0;                             /* YYYY-MM-DDTHH:MM, as an officer gives it */
  zCloses[16] = 0;
  if( create_ballot(zDbPath, zKeys, DEMO_BALLOT_CODE, "Referendum on the 2026 pay offer",
                    "Do you accept the employer's offer?", "offer", zUnit, zOpens, zCloses)!=EXIT_OK ) goto out;
  if( ballot_voters_window(zDbPath, DEMO_BALLOT_CODE, &nVoter, zOpens, zCloses) ) goto out;
  snprintf(pOut->zCloses, sizeof pOut->zCloses, "%s", zCloses);
  {
    char zDay[11];
    snprintf(zDay, sizeof zDay, "%.10s", zCloses);
    date_from_days(date_to_days(zDay) + 1, pOut->zAfterClose);
  }
  aSk = xcalloc((size_t)(nVoter ? nVoter : 1), sizeof *aSk);
  if( issue_credentials(zDbPath, zKeys, DEMO_BALLOT_CODE, "", aSk, nVoter)!=EXIT_OK ) goto out;
  if( (db = cli_open_db(zDbPath, 0))==0 ) goto out;
  /* votes from the opening until a few minutes ago; the reminder halfway */
  ballot_now(zNow);
  {
    int64_t tFrom = ballot_time_seconds(zOpens), tTo = ballot_time_seconds(zNow) - 300;
    DemoVotePlan plan;
    ballot_time_iso(tTo, zUntil);
    ballot_time_iso(tFrom + (tTo - tFrom)/2, pOut->zReminderAt);
    memset(&plan, 0, sizeof plan);
    plan.zCode = DEMO_BALLOT_CODE;
    plan.pctVoted = pctVoted; plan.pctYes = 62; plan.pctRevote = 4;
    plan.zFrom = zOpens; plan.zTo = zUntil;
    plan.zReminderAt = pOut->zReminderAt;
    plan.zLinkBase = "http://127.0.0.1:8080";
    plan.seed = seed;
    if( demo_ballot_votes(db, zDbPath, &plan, aSk, nVoter, &pOut->votes, &zErr) ){
      cli_error("the example ballot's votes: %s", zErr); free(zErr); goto out;
    }
  }
  if( demo_ballot_delivery(db, DEMO_BALLOT_CODE, pOut->votes.aFree, pOut->votes.nFree, seed,
                           &pOut->delivery, &zErr) ){
    cli_error("the example ballot's delivery report: %s", zErr); free(zErr); goto out;
  }
  if( write_codes(pOut, aSk)!=EXIT_OK ) goto out;
  db_close(db);
  db = 0;
  if( closed_ballot(zDbPath, zKeys, zUnit, seed, pOut)!=EXIT_OK ) goto out;
  if( (db = cli_open_db(zDbPath, 0))==0 ) goto out;
  {
    DbStmt *s = db_prepare(db, "SELECT count(*) FROM outbox WHERE state='queued'");
    if( db_step(s)==DB_ROW ) pOut->nOutbox = db_col_int(s, 0);
    db_finalize(s);
  }
  rc = EXIT_OK;
out:
  if( aSk ) sodium_memzero(aSk, (size_t)(nVoter ? nVoter : 1) * sizeof *aSk);
  free(aSk);
  db_close(db);
  free(zKeys);
  return rc;
}
