/* selfrun.c: run one of this program's own commands as a child process,
** its output captured (see selfrun.h). posix_spawn, not fork: the server
** has worker threads. */
#include "selfrun.h"
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int selfrun(const char *const *azArg, Buf *pOut){
  int aPipe[2], n = 0, st = 0;
  pid_t pid;
  posix_spawn_file_actions_t fa;
  char *azArgv[64];
  char aBuf[4096];
  azArgv[n++] = "mandate";
  while( azArg[n-1] && n<63 ){ azArgv[n] = (char*)azArg[n-1]; n++; }
  azArgv[n] = 0;
  if( pipe(aPipe) ){ buf_printf(pOut, "cannot start the command: %s", strerror(errno)); return -1; }
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
  posix_spawn_file_actions_adddup2(&fa, aPipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, aPipe[1], 2);
  posix_spawn_file_actions_addclose(&fa, aPipe[0]);
  posix_spawn_file_actions_addclose(&fa, aPipe[1]);
  int rc = posix_spawn(&pid, "/proc/self/exe", &fa, 0, azArgv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(aPipe[1]);
  if( rc ){
    close(aPipe[0]);
    buf_printf(pOut, "cannot start the command: %s", strerror(rc));
    return -1;
  }
  for(;;){
    ssize_t k = read(aPipe[0], aBuf, sizeof aBuf);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ) break;
    if( pOut->n < SELFRUN_MAX_OUTPUT ) buf_append(pOut, aBuf, (size_t)k);
  }
  close(aPipe[0]);
  while( waitpid(pid, &st, 0)<0 ){
    if( errno!=EINTR ){ buf_printf(pOut, "the command was lost: %s", strerror(errno)); return -1; }
  }
  if( !WIFEXITED(st) ){ buf_puts(pOut, "the command did not finish"); return -1; }
  return WEXITSTATUS(st);
}
