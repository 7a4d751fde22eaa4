/* cli.h: what every subcommand shares: the handler signature, exit codes and
** the option parser. */
#ifndef MANDATE_CLI_H
#define MANDATE_CLI_H
#include <stddef.h>

#define EXIT_OK    0   /* success */
#define EXIT_USER  1   /* the user's input was wrong: a message says what and where */
#define EXIT_USAGE 2   /* the command line was wrong */

/* One option a subcommand accepts. Exactly one of pzValue (takes an
** argument) or pFlag (a switch) is set. */
typedef struct CliOpt CliOpt;
struct CliOpt {
  const char *zName;      /* "--db" */
  const char **pzValue;   /* OUT: the argument, borrowed from argv */
  int *pFlag;             /* OUT: set to 1 when the switch is given */
};

/* Parse argv[1..] against aOpt (terminated by a {0} row). Positional
** arguments are gathered into azPos (at most nPosMax; *pnPos gets the count).
** Returns 0 to go on, -1 after printing a usage error to stderr (exit 2),
** or 1 after printing zUsage to stdout because --help was given (exit 0). */
int cli_parse(int argc, char **argv, const CliOpt *aOpt, const char *zUsage,
              char **azPos, int nPosMax, int *pnPos);

/* A subcommand of a command family ("user add", "rules show"). */
typedef struct CliSub CliSub;
struct CliSub {
  const char *zName;              /* "add" */
  const char *zFull;              /* "user add": argv[0] for the parser's messages */
  int (*xRun)(int argc, char **argv);
};

/* Run the subcommand argv[1] names from aSub[0..nSub-1], with argv[0] set
** to its full name; --help prints zUsage. Returns an EXIT_ code. */
int cli_subcommand(int argc, char **argv, const CliSub *aSub, int nSub, const char *zUsage);

/* Open (or with DB_OPEN_CREATE create) the database at zPath. On failure
** print why and return NULL: the caller exits with EXIT_USER. */
struct Db;
struct Db *cli_open_db(const char *zPath, int flags);

/* Write n bytes to zPath atomically: a temporary file beside it, written,
** fsync'd, then renamed into place, so a crash leaves the old file or the
** new one, never half of one. mode: 0600 for anything personal or secret,
** 0644 for a public file. With CLI_WRITE_NEW an existing zPath is refused.
** Prints why on failure; returns 0 or -1. */
#define CLI_WRITE_NEW 0x01
int cli_write_file(const char *zPath, const void *p, size_t n, int mode, int flags);

/* Append the whole of file zPath ("-": standard input) to *pOut. Prints
** why on failure; returns 0 or -1. */
struct Buf;
int cli_read_file(const char *zPath, struct Buf *pOut);

/* An option that may be given many times (--public A --public B ...):
** cli_gather moves every "zOpt VALUE" pair of the aRep options out of
** argv[0..argc) into them, and the other arguments, in order, to
** azRest[0..*pArgc), for cli_parse. Returns 0, or -1 after printing. */
#define CLI_MAX_REPEAT 256
typedef struct CliRepeat CliRepeat;
struct CliRepeat { const char *zOpt; const char *az[CLI_MAX_REPEAT]; int n; };
int cli_gather(int argc, char **argv, CliRepeat *aRep, int nRep, int *pArgc, char **azRest);

/* An ISO date from option zOpt's value z into zOut (11 bytes), any form
** the register accepts (normalize.h); prints why (as mandate zCmd) and
** returns -1. */
int cli_date_opt(const char *zCmd, const char *zOpt, const char *z, char *zOut);

/* Open the database zDb and load dispute zCode into *pD; prints why and
** returns NULL (no such dispute, or a store error). cmd_dispute.c */
struct Db;
struct Dispute;
struct Db *cli_open_dispute(const char *zDb, const char *zCode, struct Dispute *pD);

/* Open zDb into *pDb and load online ballot zCode into *pB; 0, or -1
** after printing why (no such ballot, or a store error). cmd_ballot.c */
struct Ballot;
int cli_open_ballot(const char *zDb, const char *zCode, struct Db **pDb, struct Ballot *pB);

/* "--db is required" with the usage, for subcommands that need one: 0 if
** zDb is set, else -1 after printing. */
int cli_need_db(const char *zDb, const char *zCmd, const char *zUsage);

/* Print a JSON value (jansson) to stdout, indented, and free it. */
struct json_t;
void cli_print_json(struct json_t *p);

/* Print "mandate: MESSAGE" to stderr. */
void cli_error(const char *zFmt, ...) __attribute__((format(printf,1,2)));

/* Subcommands: argv[0] is the subcommand's name. Return an EXIT_ code. */
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_readiness(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_erase(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_rules(int argc, char **argv);        /* cmd_rules.c */
int cmd_thresholds(int argc, char **argv);   /* cmd_rules.c */
int cmd_timeline(int argc, char **argv);     /* cmd_rules.c */
int cmd_election(int argc, char **argv);     /* cmd_election.c */
int cmd_verify(int argc, char **argv);       /* cmd_election.c */
int cmd_dispute(int argc, char **argv);      /* cmd_dispute.c */
int cmd_action(int argc, char **argv);       /* cmd_action.c */
int cmd_outbox(int argc, char **argv);       /* cmd_outbox.c */
int cmd_outbox_bounces(int argc, char **argv); /* cmd_bounces.c: outbox bounces */
int cmd_mail(int argc, char **argv);         /* cmd_outbox.c */
int cmd_pledge(int argc, char **argv);       /* cmd_pledge.c */
int trustee_cmd_destroy(int argc, char **argv);   /* cmd_pledge.c: `trustee destroy` (row in cmd_ceremony.c) */
/* cmd_turnout.c: subcommands of `mandate dispute` (rows in cmd_dispute.c) */
int cmd_dispute_ballot_open(int argc, char **argv);
int cmd_dispute_scrutineer_update(int argc, char **argv);
int cmd_dispute_posted_links(int argc, char **argv);
int cmd_dispute_turnout(int argc, char **argv);
int cmd_trustee(int argc, char **argv);      /* cmd_ceremony.c */
int cmd_authority(int argc, char **argv);    /* cmd_ceremony.c */
int election_cmd_create(int argc, char **argv);   /* cmd_ceremony.c: election create|tally|result */
int election_cmd_tally(int argc, char **argv);
int election_cmd_result(int argc, char **argv);
int election_cmd_cast(int argc, char **argv);
const char *election_cmd_usage(void);

/* The organiser's board steps, shared by `mandate election create|tally|
** result` and `mandate ballot create|close|result` (cmd_ceremony.c). Each
** prints why on failure and returns an EXIT_ code. */
#include <stddef.h>
#include <stdint.h>
typedef struct CeremonyElection CeremonyElection;
struct CeremonyElection {
  const char *zTitle, *zQuestion;      /* borrowed */
  const char *zAnswers;                /* "A;B;C", or NULL for a yes/no question */
  const char *zMin, *zMax;             /* answers a ballot may choose (NULL: 0 and 1) */
  const char *const *azGroup;          /* breakdown group labels (borrowed), or NULL */
  uint32_t nGroup, minGroup;           /* minGroup 0: the default (10) */
  const char *zAuthority;              /* the authority's .public file */
  const char *const *azPublic;         /* every trustee's .public file */
  int nPublic;
  const char *zOutDir;                 /* the board is written to DIR/board */
  unsigned char aId[32];               /* OUT: the election id */
  unsigned char aKey[32];              /* OUT: the election key */
  uint32_t nThreshold, nTrustee;       /* OUT */
};
int ceremony_election_create(CeremonyElection *p);
int ceremony_board_tally(const char *zDir, size_t *pnCounted, size_t *pnBallot);
int ceremony_board_result(const char *zDir);
/* --choose yes|no|blank|N[,N...] for a question: aChoice (nAnswer bytes)
** set to 0/1; 0, or -1 after printing. */
struct ElectionQuestion;
int ceremony_parse_choice(const struct ElectionQuestion *pQ, const char *zChoose, unsigned char *aChoice);
int cmd_ballot(int argc, char **argv);       /* cmd_ballot.c */
int cmd_remind(int argc, char **argv);       /* cmd_reminders.c */
int cmd_credmail(int argc, char **argv);     /* cmd_credmail.c */

/* The notices of `mandate dispute` (cmd_notices.c), in its subcommand table. */
int dispute_result_notice_cmd(int argc, char **argv);
int dispute_action_notice_cmd(int argc, char **argv);
int dispute_sample_paper_cmd(int argc, char **argv);

/* Print the HTML file zHtml to the PDF file zPdf with Debian's chromium,
** headless ($MANDATE_CHROMIUM names another). Returns 0, or -1 after
** printing why (chromium missing: how to install it). pdf.c */
int cli_print_pdf(const char *zHtml, const char *zPdf);

#endif
