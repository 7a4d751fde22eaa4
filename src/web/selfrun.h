/* selfrun.h: run one of this program's own commands (`mandate ballot
** create|close|result`) as a child process for an officer's button on the
** web, so that the web and the command line take exactly the same path
** (the same checks, the same all-or-nothing writes, the same locks on a
** ballot's board) and the page can show the command's own words when it
** refuses. */
#ifndef MANDATE_SELFRUN_H
#define MANDATE_SELFRUN_H
#include "../util/buf.h"

#define SELFRUN_MAX_OUTPUT 65536   /* bytes of output kept; the rest is read and dropped */

/* Run /proc/self/exe with azArg (azArg[0] is the first argument after the
** program's name; NULL-terminated), the environment inherited, stdin
** /dev/null, stdout and stderr both into pOut. Returns the exit status
** (0..255), or -1 when it could not be started or did not exit (pOut then
** says why). */
int selfrun(const char *const *azArg, Buf *pOut);

#endif
