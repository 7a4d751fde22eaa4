/* cli.c: the option parser and error printer every subcommand shares. */
#include "cli.h"
#include "../store/db.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_error(const char *zFmt, ...){
  va_list ap;
  fputs("mandate: ", stderr);
  va_start(ap, zFmt);
  vfprintf(stderr, zFmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_parse(int argc, char **argv, const CliOpt *aOpt, const char *zUsage,
              char **azPos, int nPosMax, int *pnPos){
  int nPos = 0;
  int endOfOpts = 0;
  for(int i=1; i<argc; i++){
    const char *z = argv[i];
    if( !endOfOpts && (strcmp(z,"--help")==0 || strcmp(z,"-h")==0) ){
      fputs(zUsage, stdout);
      return 1;
    }
    if( !endOfOpts && strcmp(z,"--")==0 ){ endOfOpts = 1; continue; }
    if( !endOfOpts && z[0]=='-' && z[1]=='-' ){
      const char *zEq = strchr(z, '=');
      size_t nName = zEq ? (size_t)(zEq - z) : strlen(z);
      const CliOpt *o = aOpt;
      while( o->zName && (strlen(o->zName)!=nName || strncmp(o->zName, z, nName)) ) o++;
      if( o->zName==0 ){
        fprintf(stderr, "mandate %s: unknown option %.*s\n%s", argv[0], (int)nName, z, zUsage);
        return -1;
      }
      if( o->pFlag ){
        if( zEq ){
          fprintf(stderr, "mandate %s: %s takes no value\n", argv[0], o->zName);
          return -1;
        }
        *o->pFlag = 1;
      }else if( zEq ){
        *o->pzValue = zEq+1;
      }else if( i+1<argc ){
        *o->pzValue = argv[++i];
      }else{
        fprintf(stderr, "mandate %s: %s needs a value\n%s", argv[0], o->zName, zUsage);
        return -1;
      }
      continue;
    }
    if( nPos>=nPosMax ){
      fprintf(stderr, "mandate %s: unexpected argument '%s'\n%s", argv[0], z, zUsage);
      return -1;
    }
    azPos[nPos++] = argv[i];
  }
  *pnPos = nPos;
  return 0;
}

Db *cli_open_db(const char *zPath, int flags){
  Db *db = 0;
  char *zErr = 0;
  if( db_open(zPath, flags, &db, &zErr) ){
    cli_error("%s", zErr);
    free(zErr);
    return 0;
  }
  if( db_backup_path(db) ){
    fprintf(stderr, "mandate: upgraded %s to schema version %d; the old database is kept as %s\n",
            zPath, db_schema_version(db), db_backup_path(db));
  }
  return db;
}

int cli_subcommand(int argc, char **argv, const CliSub *aSub, int nSub, const char *zUsage){
  if( argc<2 ){ fputs(zUsage, stderr); return EXIT_USAGE; }
  if( strcmp(argv[1], "--help")==0 || strcmp(argv[1], "-h")==0 ){
    fputs(zUsage, stdout);
    return EXIT_OK;
  }
  for(int i=0; i<nSub; i++){
    if( strcmp(argv[1], aSub[i].zName) ) continue;
    const char *zSaved = argv[1];
    argv[1] = (char*)aSub[i].zFull;       /* the subcommand's own argv[0] */
    int rc = aSub[i].xRun(argc-1, argv+1);
    argv[1] = (char*)zSaved;
    return rc;
  }
  fprintf(stderr, "mandate %s: unknown subcommand '%s'\n%s", argv[0], argv[1], zUsage);
  return EXIT_USAGE;
}

int cli_write_file(const char *zPath, const void *p, size_t n, int mode, int flags){
  size_t nPath = strlen(zPath), nDone = 0;
  char *zTmp = xmalloc(nPath + 16);
  int fd, ok, e;
  snprintf(zTmp, nPath + 16, "%s.tmp-XXXXXX", zPath);
  fd = mkstemp(zTmp);                           /* created mode 0600 */
  if( fd<0 ){
    cli_error("cannot write %s: %s", zPath, strerror(errno));
    free(zTmp);
    return -1;
  }
  ok = fchmod(fd, (mode_t)mode)==0;
  while( ok && nDone<n ){
    ssize_t k = write(fd, (const char*)p + nDone, n - nDone);
    if( k<=0 ) ok = 0; else nDone += (size_t)k;
  }
  if( ok && fsync(fd) ) ok = 0;
  e = errno;
  if( close(fd) && ok ){ ok = 0; e = errno; }
  if( ok ){
    /* link() refuses an existing name; rename() replaces it atomically */
    if( flags & CLI_WRITE_NEW ){
      if( link(zTmp, zPath) ){ ok = 0; e = errno; }
    }else if( rename(zTmp, zPath) ){ ok = 0; e = errno; }
  }
  if( !ok ) cli_error("cannot write %s: %s", zPath, strerror(e));
  if( !ok || (flags & CLI_WRITE_NEW) ) unlink(zTmp);
  free(zTmp);
  return ok ? 0 : -1;
}

int cli_read_file(const char *zPath, Buf *pOut){
  FILE *f = strcmp(zPath, "-")==0 ? stdin : fopen(zPath, "rb");
  if( f==0 ){ cli_error("%s: %s", zPath, strerror(errno)); return -1; }
  char aBuf[8192];
  size_t n;
  while( (n = fread(aBuf, 1, sizeof aBuf, f))>0 ) buf_append(pOut, aBuf, n);
  int bad = ferror(f);
  if( f!=stdin ) fclose(f);
  if( bad ){ cli_error("%s: read error", zPath); return -1; }
  return 0;
}

int cli_need_db(const char *zDb, const char *zCmd, const char *zUsage){
  if( zDb ) return 0;
  fprintf(stderr, "mandate %s: --db is required\n%s", zCmd, zUsage);
  return -1;
}

void cli_print_json(struct json_t *p){
  char *z = json_dumps(p, JSON_INDENT(2)|JSON_PRESERVE_ORDER);
  puts(z);
  free(z);
  json_decref(p);
}

int cli_gather(int argc, char **argv, CliRepeat *aRep, int nRep, int *pArgc, char **azRest){
  int nRest = 0;
  for(int i=0; i<argc; i++){
    int k;
    for(k=0; k<nRep; k++) if( strcmp(argv[i], aRep[k].zOpt)==0 && i+1<argc ) break;
    if( k<nRep ){
      if( aRep[k].n==CLI_MAX_REPEAT ){ cli_error("at most %d %s options", CLI_MAX_REPEAT, aRep[k].zOpt); return -1; }
      aRep[k].az[aRep[k].n++] = argv[++i];
    }else{
      azRest[nRest++] = argv[i];
    }
  }
  *pArgc = nRest;
  return 0;
}

int cli_date_opt(const char *zCmd, const char *zOpt, const char *z, char *zOut){
  char zNorm[NORM_MAX];
  const char *zWhy = 0;
  if( norm_date(z, zNorm, &zWhy) ){
    fprintf(stderr, "mandate %s: %s: expected %s, got \"%s\"\n", zCmd, zOpt, zWhy, z);
    return -1;
  }
  memcpy(zOut, zNorm, 10);
  zOut[10] = 0;
  return 0;
}
