/* main.c: the command-line entry point of mandate: one dispatch table of
** subcommands. */
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifndef MANDATE_VERSION
#define MANDATE_VERSION "0.1.0"
#endif

typedef struct Command Command;
struct Command {
  const char *zName;
  int (*xRun)(int argc, char **argv);
  const char *zHelp;
};

static const Command aCommand[] = {
  { "init",      cmd_init,      "create a new, empty register database" },
  { "demo",      cmd_demo,      "create a realistic synthetic union (database or CSV files)" },
  { "import",    cmd_import,    "import units or members from a CSV file" },
  { "readiness", cmd_readiness, "ballot readiness for every unit, rolled up" },
  { "export",    cmd_export,    "everything held on one member, as JSON" },
  { "erase",     cmd_erase,     "erase a member and everything held on them" },
  { "user",      cmd_user,      "officer accounts: add, passwd, list" },
  { "serve",     cmd_serve,     "serve the web UI and JSON API" },
  { "rules",     cmd_rules,     "the legal regimes as data: list, show" },
  { "thresholds", cmd_thresholds, "is a ballot result a mandate under a regime?" },
  { "timeline",  cmd_timeline,  "every legal date of a ballot (also as .ics)" },
  { "election",  cmd_election,  "verifiable ballots: demo; create, cast, tally, result on a board" },
  { "ballot",    cmd_ballot,    "online ballots: create, credentials in, turnout, close, result" },
  { "trustee",   cmd_trustee,   "a trustee's key ceremony and partial decryption" },
  { "authority", cmd_authority, "the credential authority: its key and the voters' credentials" },
  { "verify",    cmd_verify,    "re-check a ballot board: chain, proofs, tally, result" },
  { "dispute",   cmd_dispute,   "disputes: who they are with, primary or secondary action" },
  { "action",    cmd_action,    "action scenarios against the strike fund: cost, days it lasts" },
  { "outbox",    cmd_outbox,    "the outbox of email and text messages: send, list, retry" },
  { "mail",      cmd_mail,      "where mail and text messages go: config, test" },
  { "pledge",    cmd_pledge,    "conditional collective pledges: names sealed until the trigger" },
  { "remind",    cmd_remind,    "measured reminder waves to non-voters: schedule, send, results" },
  { "mail-credentials", cmd_credmail, "the credential authority sends each voter their code (email, text, letter), resends, reports" },
};

static void usage(FILE *out){
  fprintf(out, "usage: mandate COMMAND [OPTIONS]\n\n"
               "From a union that is not ready to a lawful, trusted mandate.\n\n"
               "Commands:\n");
  for(size_t i=0; i<sizeof(aCommand)/sizeof(aCommand[0]); i++){
    fprintf(out, "  %-10s %s\n", aCommand[i].zName, aCommand[i].zHelp);
  }
  fprintf(out, "\n'mandate COMMAND --help' tells more; 'man mandate' tells all.\n");
}

int main(int argc, char **argv){
  /* Every file we create (databases, backups, exports) is for our eyes
  ** only: members' data is special-category personal data. */
  umask(077);
  if( argc<2 ){ usage(stderr); return EXIT_USAGE; }
  const char *zCmd = argv[1];
  if( strcmp(zCmd, "--help")==0 || strcmp(zCmd, "-h")==0 || strcmp(zCmd, "help")==0 ){
    usage(stdout);
    return EXIT_OK;
  }
  if( strcmp(zCmd, "--version")==0 || strcmp(zCmd, "version")==0 ){
    printf("mandate %s\n", MANDATE_VERSION);
    return EXIT_OK;
  }
  for(size_t i=0; i<sizeof(aCommand)/sizeof(aCommand[0]); i++){
    if( strcmp(zCmd, aCommand[i].zName)==0 ) return aCommand[i].xRun(argc-1, argv+1);
  }
  fprintf(stderr, "mandate: unknown command '%s'\n", zCmd);
  usage(stderr);
  return EXIT_USAGE;
}
