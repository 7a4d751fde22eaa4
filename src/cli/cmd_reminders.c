/* cmd_reminders.c: `mandate remind`, measured reminder waves on an online
** ballot: schedule (channel, message, time, hold-out share), send (queue
** the due waves in the outbox, drawing the hold-out) and results (turnout
** of the reminded and the held out 1, 2, 3 and 7 days after, with the
** difference and its 95% interval). docs/ballots.md, "Reminders,
** measured". */
#include "cli.h"
#include "../domain/ballot.h"
#include "../domain/register.h"
#include "../domain/reminders.h"
#include "../store/db.h"
#include "../util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zRemindUsage[] =
  "usage: mandate remind schedule CODE --at DATETIME --link-base URL [--channel email|sms]\n"
  "                      [--holdout PCT] [--subject S] [--template-file FILE] --db PATH\n"
  "       mandate remind send [CODE] --db PATH\n"
  "       mandate remind results CODE [--unit U] [--json] --db PATH\n"
  "\n"
  "Reminder waves to members who have not voted, each measured: a random share\n"
  "of the recipients (--holdout, default 10%) is held out and sent nothing, and\n"
  "the results compare the two groups' turnout afterwards (docs/ballots.md).\n"
  "\n"
  "  schedule  a wave at DATETIME (YYYY-MM-DDTHH:MM, UTC, within the voting\n"
  "            window). The message holds {link} (URL/vote/CODE) and may hold\n"
  "            {first_name}, {title}, {closes}; never a voting code. The hold-out\n"
  "            is drawn from a random seed stored with the wave.\n"
  "  send      queue every wave that is due (of CODE, or of every ballot) in the\n"
  "            outbox, for the non-voters at that moment, less the hold-out; each\n"
  "            wave once. 'mandate outbox send' delivers them. Run it from cron.\n"
  "  results   per wave, turnout of the reminded and the held out 1, 2, 3 and 7\n"
  "            days after, the difference and its 95% confidence interval\n"
  "            (Newcombe's hybrid score interval), in a sentence; --unit: within\n"
  "            that unit's subtree\n";

/*
** mandate remind schedule CODE --at DATETIME --link-base URL ...
*/
static int remind_schedule_cmd(int argc, char **argv){
  const char *zDb = 0, *zAt = 0, *zLink = 0, *zChannel = "email", *zPct = 0, *zSubject = 0, *zFile = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--at", &zAt, 0 }, { "--link-base", &zLink, 0 },
    { "--channel", &zChannel, 0 }, { "--holdout", &zPct, 0 }, { "--subject", &zSubject, 0 },
    { "--template-file", &zFile, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zRemindUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, "remind schedule", zRemindUsage) ) return EXIT_USAGE;
  if( nPos!=1 || zAt==0 || zLink==0 ){
    cli_error("remind schedule: CODE, --at and --link-base are required");
    return EXIT_USAGE;
  }
  int pct = REMINDER_HOLDOUT_DEFAULT;
  if( zPct ){
    char *zEnd;
    long v = strtol(zPct, &zEnd, 10);
    if( zEnd==zPct || (*zEnd && strcmp(zEnd, "%")!=0) || v<0 || v>REMINDER_HOLDOUT_MAX ){
      cli_error("--holdout must be a whole per cent from 0 to %d", REMINDER_HOLDOUT_MAX);
      return EXIT_USAGE;
    }
    pct = (int)v;
  }
  Buf tmpl = BUF_INIT;
  if( zFile && cli_read_file(zFile, &tmpl) ) return EXIT_USER;
  Db *db;
  Ballot b;
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ){ buf_reset(&tmpl); return EXIT_USER; }
  char zNow[BALLOT_TIME], *zErr = 0;
  int waveNo = 0;
  ballot_now(zNow);
  ReminderSpec spec = { zChannel, zSubject, zFile ? buf_str(&tmpl) : 0, zAt, zLink, pct,
                        getenv("USER") ? getenv("USER") : "cli" };
  rc = reminder_schedule(db, &b, &spec, zNow, &waveNo, &zErr);
  if( rc ){
    cli_error("remind schedule %s:\n%s", b.zCode, zErr);
    free(zErr);
  }else{
    printf("wave %d of %s scheduled: %s at %s, %d%% held out (sent nothing, for comparison)\n",
           waveNo, b.zCode, zChannel, zAt, pct);
    printf("next: mandate remind send %s --db %s  (when it is due; then mandate outbox send)\n", b.zCode, zDb);
  }
  buf_reset(&tmpl);
  db_close(db);
  return rc ? EXIT_USER : EXIT_OK;
}

/*
** mandate remind send [CODE] --db PATH
*/
static int remind_send_cmd(int argc, char **argv){
  const char *zDb = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zRemindUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, "remind send", zRemindUsage) ) return EXIT_USAGE;
  Db *db;
  Ballot b;
  if( (nPos ? cli_open_ballot(zDb, azPos[0], &db, &b) : (db = cli_open_db(zDb, 0))==0) ) return EXIT_USER;
  char zNow[BALLOT_TIME], *zErr = 0;
  ReminderSent sent;
  ballot_now(zNow);
  rc = reminder_send_due(db, nPos ? &b : 0, zNow, &sent, &zErr);
  if( rc ){
    cli_error("remind send: %s", zErr);
    free(zErr);
  }else{
    printf("%d wave%s sent: %lld messages queued in the outbox, %lld members held out,"
           " %lld non-voters with no address for the channel\n", sent.nWave, sent.nWave==1 ? "" : "s",
           (long long)sent.nQueued, (long long)sent.nHeld, (long long)sent.nNoAddress);
  }
  db_close(db);
  return rc ? EXIT_USER : EXIT_OK;
}

/*
** mandate remind results CODE [--unit U] [--json] --db PATH
*/
static int remind_results_cmd(int argc, char **argv){
  const char *zDb = 0, *zUnit = 0;
  int asJson = 0;
  const CliOpt aOpt[] = { { "--db", &zDb, 0 }, { "--unit", &zUnit, 0 }, { "--json", 0, &asJson }, { 0 } };
  char *azPos[1];
  int nPos, rc = cli_parse(argc, argv, aOpt, zRemindUsage, azPos, 1, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( cli_need_db(zDb, "remind results", zRemindUsage) ) return EXIT_USAGE;
  if( nPos!=1 ){ cli_error("remind results: which ballot? give its CODE"); return EXIT_USAGE; }
  Db *db;
  Ballot b;
  Unit u;
  if( cli_open_ballot(zDb, azPos[0], &db, &b) ) return EXIT_USER;
  if( zUnit && register_unit_by_code(db, zUnit, &u) ){
    cli_error("no unit %s", zUnit);
    db_close(db);
    return EXIT_USER;
  }
  char zNow[BALLOT_TIME];
  ReminderResults res;
  ballot_now(zNow);
  if( reminder_results(db, &b, zUnit ? &u : 0, zNow, &res) ){
    cli_error("cannot read the reminder waves of %s", b.zCode);
    db_close(db);
    return EXIT_USER;
  }
  if( asJson ){
    cli_print_json(reminder_results_json(&b, &res));
  }else{
    printf("Reminder waves of %s%s%s (95%% intervals: Newcombe's hybrid score)\n", b.zCode,
           zUnit ? " in " : "", zUnit ? zUnit : "");
    if( res.nWave==0 ) printf("  none scheduled\n");
    for(int i=0; i<res.nWave; i++){
      const ReminderWave *w = &res.aWave[i];
      printf("\nwave %d: %s, %s, %d%% held out, seed %.16s...\n", w->waveNo, w->zChannel,
             w->zSentAt[0] ? w->zSentAt : "scheduled", w->holdoutPct, w->zSeed);
      if( w->zSentAt[0]==0 ){ printf("  due at %s\n", w->zSendAt); continue; }
      printf("  %-8s %-24s %-24s %s\n", "after", "reminded: voted", "held out: voted", "difference");
      for(int d=0; d<REMINDER_NDAY; d++){
        const ReminderDay *q = &w->aDay[d];
        char zR[40], zH[40], zS[200];
        snprintf(zR, sizeof zR, "%lld of %lld", (long long)q->xReminded, (long long)q->nReminded);
        snprintf(zH, sizeof zH, "%lld of %lld", (long long)q->xHeld, (long long)q->nHeld);
        if( q->hasDiff ) reminder_sentence(&q->d, zS, sizeof zS);
        else snprintf(zS, sizeof zS, "no difference can be given: a group is empty");
        printf("  %d day%s%s %-24s %-24s %s%s\n", q->days, q->days==1 ? " " : "s", q->days<10 ? "  " : " ",
               zR, zH, zS, q->pending ? " (so far)" : "");
      }
    }
  }
  reminder_results_clear(&res);
  db_close(db);
  return EXIT_OK;
}

static const CliSub aRemindCmd[] = {
  { "schedule", "remind schedule", remind_schedule_cmd },
  { "send",     "remind send",     remind_send_cmd },
  { "results",  "remind results",  remind_results_cmd },
};

int cmd_remind(int argc, char **argv){
  return cli_subcommand(argc, argv, aRemindCmd, (int)(sizeof aRemindCmd/sizeof aRemindCmd[0]), zRemindUsage);
}
