/* cmd_import.c: `mandate import units|members FILE.csv`: load the register
** from CSV, all or nothing, with every problem named by line and column. */
#include "cli.h"
#include "../domain/register.h"
#include "../store/db.h"
#include "../util/mem.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char zUsage[] =
  "usage: mandate import units FILE.csv --db PATH [--dry-run]\n"
  "       mandate import members FILE.csv --db PATH [--dry-run]\n"
  "       mandate import positions FILE.csv --db PATH [--dry-run]\n"
  "\n"
  "Import the union's structure or its members from CSV (RFC 4180, UTF-8,\n"
  "with or without a byte-order mark, CRLF or LF). Header names are matched\n"
  "in any order and case; unknown columns are reported and ignored.\n"
  "\n"
  "  units:   code,name,kind,parent_code,sector\n"
  "           kind: union, group, branch, workplace; sector (workplaces only):\n"
  "           health, education, fire, transport, border_security, nuclear, other\n"
  "  members: membership_number,first_name,last_name,status,employer,\n"
  "           workplace_code,category,employment_type,email,email_verified_on,\n"
  "           mobile,mobile_verified_on,address_line1,address_line2,town,\n"
  "           postcode,address_kind,address_verified_on,joined_on\n"
  "  positions: membership_number,position,unit_code,since\n"
  "           position: rep, health_safety_rep, advocate, branch_officer\n"
  "\n"
  "Import units, then members, then positions. Re-importing updates units\n"
  "by code, members by membership number, positions by member, kind and unit.\n"
  "If any row is bad nothing is written: every problem is listed as\n"
  "FILE:LINE:COLUMN with what was expected, and the exit status is 1.\n"
  "\n"
  "  --db PATH    the register database\n"
  "  --dry-run    check everything, write nothing\n"
  "  --quiet      no progress bar\n";

/* Read a whole file. Returns the bytes (caller frees) or NULL with errno. */
static char *read_file(const char *zPath, size_t *pn){
  FILE *f = fopen(zPath, "rb");
  if( f==0 ) return 0;
  Buf b = BUF_INIT;
  char aBuf[65536];
  size_t n;
  while( (n = fread(aBuf, 1, sizeof aBuf, f))>0 ) buf_append(&b, aBuf, n);
  int err = ferror(f);
  fclose(f);
  if( err ){ buf_reset(&b); errno = EIO; return 0; }
  *pn = b.n;
  return buf_steal(&b);
}

/* A progress bar on stderr, drawn only when stderr is a terminal. */
static void show_progress(void *pArg, size_t nDone, size_t nTotal){
  const char *zWhat = pArg;
  int width = 40;
  int filled = nTotal ? (int)((double)nDone * width / (double)nTotal) : width;
  fprintf(stderr, "\r%s [", zWhat);
  for(int i=0; i<width; i++) fputc(i<filled ? '#' : '.', stderr);
  fprintf(stderr, "] %3d%%", nTotal ? (int)(100.0*(double)nDone/(double)nTotal) : 100);
  if( nDone>=nTotal ) fputc('\n', stderr);
  fflush(stderr);
}

int cmd_import(int argc, char **argv){
  const char *zDb = 0;
  int dryRun = 0, quiet = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 }, { "--dry-run", 0, &dryRun }, { "--quiet", 0, &quiet }, { 0 } };
  char *azPos[2];
  int nPos, rc = cli_parse(argc, argv, aOpt, zUsage, azPos, 2, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  /* What can be imported, and by which function. */
  static const struct {
    const char *zWhat;
    int (*xImport)(Db*, const char*, const char*, size_t, const ImportOpts*, ImportResult*);
  } aKind[] = {
    { "units", register_import_units },
    { "members", register_import_members },
    { "positions", register_import_positions },
  };
  int iKind = -1;
  for(int i=0; nPos==2 && i<(int)(sizeof(aKind)/sizeof(aKind[0])); i++){
    if( strcmp(azPos[0], aKind[i].zWhat)==0 ) iKind = i;
  }
  if( iKind<0 ){
    fprintf(stderr, "mandate import: say what to import: units, members or positions, then FILE\n%s", zUsage);
    return EXIT_USAGE;
  }
  if( zDb==0 ){ fprintf(stderr, "mandate import: --db is required\n%s", zUsage); return EXIT_USAGE; }
  const char *zFile = azPos[1];
  size_t n = 0;
  char *zData = read_file(zFile, &n);
  if( zData==0 ){ cli_error("%s: %s", zFile, strerror(errno)); return EXIT_USER; }
  Db *db;
  if( (db = cli_open_db(zDb, 0))==0 ){
    free(zData);
    return EXIT_USER;
  }
  ImportOpts opts = {0};
  ImportResult res = {0};
  opts.dryRun = dryRun;
  if( !quiet && isatty(2) && n>(1<<20) ){
    opts.xProgress = show_progress;
    opts.pProgressArg = (void*)zFile;
  }
  rc = aKind[iKind].xImport(db, zFile, zData, n, &opts, &res);
  fputs(buf_str(&res.warnings), stderr);
  if( rc ){
    fputs(buf_str(&res.errors), stderr);
    cli_error("%s: %d problem%s; nothing was imported", zFile, res.nError,
              res.nError==1 ? "" : "s");
    rc = EXIT_USER;
  }else{
    printf("%s%s: %d %s read, %d new, %d updated%s\n", dryRun ? "dry run: " : "",
           zFile, res.nRecords, aKind[iKind].zWhat, res.nInserted,
           res.nUpdated, dryRun ? "; nothing written" : "");
    rc = EXIT_OK;
  }
  import_result_clear(&res);
  db_close(db);
  free(zData);
  return rc;
}
