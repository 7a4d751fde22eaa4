/* cmd_serve.c: `mandate serve`: open the database once (to migrate it and
** fail early), start the web server, and stop cleanly on SIGINT/SIGTERM. */
#include "cli.h"
#include "../store/db.h"
#include "../domain/users.h"
#include "../web/http.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zServeUsage[] =
  "usage: mandate serve --db PATH [--listen HOST:PORT] [--trust-proxy]\n"
  "\n"
  "Serve the web pages and the JSON API (/api/v1/) for the register in PATH.\n"
  "\n"
  "  --db PATH          the database (create one with 'mandate init')\n"
  "  --listen HOST:PORT where to listen (default 127.0.0.1:8080); IPv6 as\n"
  "                     [::1]:8080. Anything but loopback belongs behind a\n"
  "                     TLS reverse proxy: session cookies are Secure.\n"
  "  --trust-proxy      take the client address from X-Forwarded-For (set\n"
  "                     by the proxy) for the login rate limit\n"
  "\n"
  "Add accounts with 'mandate user add'. Stop with Ctrl-C (SIGINT) or SIGTERM.\n";

/*
** mandate serve
*/
int cmd_serve(int argc, char **argv){
  const char *zDb = 0;
  const char *zListen = "127.0.0.1:8080";
  int trustProxy = 0;
  char *azPos[1];
  int nPos = 0;
  const CliOpt aOpt[] = {
    { "--db", &zDb, 0 },
    { "--listen", &zListen, 0 },
    { "--trust-proxy", 0, &trustProxy },
    { 0 }
  };
  int rc = cli_parse(argc, argv, aOpt, zServeUsage, azPos, 0, &nPos);
  if( rc ) return rc>0 ? EXIT_OK : EXIT_USAGE;
  if( zDb==0 ){
    fprintf(stderr, "mandate serve: --db is required\n%s", zServeUsage);
    return EXIT_USAGE;
  }
  char zHost[256];
  int port;
  char *zErr = 0;
  if( http_parse_listen(zListen, zHost, sizeof zHost, &port, &zErr) ){
    fprintf(stderr, "mandate serve: %s\n", zErr);
    free(zErr);
    return EXIT_USAGE;
  }

  /* Open once in this thread: migrate, and fail before listening. */
  Db *db = 0;
  if( (db = cli_open_db(zDb, 0))==0 ){
    return EXIT_USER;
  }
  if( db_backup_path(db) ){
    printf("mandate: migrated the database; the old one is kept as %s\n",
           db_backup_path(db));
  }
  char *zDemo = users_demo_logins(db);
  db_close(db);

  /* Block the stop signals before any thread starts, so that the server's
  ** threads inherit the mask and only sigwait() below sees them. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, 0);

  HttpServer *pSrv = http_start(zDb, zListen, trustProxy, &zErr);
  if( pSrv==0 ){
    cli_error("%s", zErr);
    free(zErr);
    free(zDemo);
    return EXIT_USER;
  }
  if( strchr(pSrv->zHost, ':') ) printf("mandate: serving http://[%s]:%d/\n", pSrv->zHost, pSrv->port);
  else printf("mandate: serving http://%s:%d/\n", pSrv->zHost, pSrv->port);
  if( zDemo ) printf("demo logins:\n%s%s", zDemo, zDemo[0] && zDemo[strlen(zDemo)-1]=='\n' ? "" : "\n");
  free(zDemo);
  if( !pSrv->isLoopback ){
    fprintf(stderr, "mandate: warning: listening beyond this machine. Put a TLS "
            "reverse proxy in front: session cookies are Secure, and browsers do "
            "not send them over plain http to other hosts.\n");
  }
  fflush(stdout);

  int sig = 0;
  sigwait(&sigs, &sig);
  fprintf(stderr, "mandate: %s received, stopping\n", sig==SIGINT ? "SIGINT" : "SIGTERM");
  http_stop(pSrv);
  return EXIT_OK;
}
