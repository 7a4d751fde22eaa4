/* pdf.c: print an HTML file to PDF with Debian's chromium, headless, for
** the commands that draft notices (`--pdf FILE`). No shell is involved:
** chromium is run with execv and a throwaway profile directory. */
#include "cli.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PDF_TIMEOUT_S 120   /* chromium gets this long to print */

/* The chromium to run: $MANDATE_CHROMIUM when set, else the first of
** chromium, chromium-browser on $PATH. Returns a new string (caller frees)
** or NULL when none is found. */
static char *pdf_find_chromium(void){
  const char *zEnv = getenv("MANDATE_CHROMIUM");
  if( zEnv && zEnv[0] ) return access(zEnv, X_OK)==0 ? xstrdup(zEnv) : 0;
  static const char *const azName[] = { "chromium", "chromium-browser", 0 };
  const char *zPath = getenv("PATH");
  if( zPath==0 || zPath[0]==0 ) zPath = "/usr/bin:/bin";
  for(int k=0; azName[k]; k++){
    const char *p = zPath;
    while( *p ){
      size_t n = strcspn(p, ":");
      Buf b = BUF_INIT;
      buf_printf(&b, "%.*s/%s", (int)n, p, azName[k]);
      if( n>0 && access(buf_str(&b), X_OK)==0 ) return buf_steal(&b);
      buf_reset(&b);
      p += n;
      if( *p==':' ) p++;
    }
  }
  return 0;
}

static int pdf_rm_one(const char *zPath, const struct stat *st, int flag, struct FTW *ftw){
  (void)st; (void)flag; (void)ftw;
  remove(zPath);
  return 0;
}

int cli_print_pdf(const char *zHtml, const char *zPdf){
  char *zChromium = pdf_find_chromium();
  if( zChromium==0 ){
    cli_error("cannot make %s: chromium is not installed%s. Install Debian's chromium"
              " (sudo apt-get install chromium), or write the HTML with --out and print it"
              " to PDF from a browser", zPdf, getenv("MANDATE_CHROMIUM") && getenv("MANDATE_CHROMIUM")[0]
              ? " at $MANDATE_CHROMIUM" : " (no chromium on $PATH)");
    return -1;
  }
  char zAbs[PATH_MAX];
  if( realpath(zHtml, zAbs)==0 ){
    cli_error("cannot make %s: %s: %s", zPdf, zHtml, strerror(errno));
    free(zChromium);
    return -1;
  }
  char zProfile[] = "/tmp/mandate-pdf-XXXXXX";
  if( mkdtemp(zProfile)==0 ){
    cli_error("cannot make %s: a temporary directory: %s", zPdf, strerror(errno));
    free(zChromium);
    return -1;
  }
  Buf url = BUF_INIT, out = BUF_INIT, prof = BUF_INIT;
  buf_puts(&url, "file://");
  for(const char *p=zAbs; *p; p++){          /* percent-encode what a URL cannot hold */
    unsigned char c = (unsigned char)*p;
    if( c<=0x20 || c>=0x7f || c=='%' || c=='#' || c=='?' ) buf_printf(&url, "%%%02X", c);
    else buf_putc(&url, (char)c);
  }
  buf_printf(&out, "--print-to-pdf=%s", zPdf);
  buf_printf(&prof, "--user-data-dir=%s", zProfile);
  char *azArg[] = { zChromium, "--headless", "--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-pdf-header-footer", (char*)buf_str(&prof),
    (char*)buf_str(&out), (char*)buf_str(&url), 0 };
  unlink(zPdf);
  int rc = -1;
  pid_t pid = fork();
  if( pid==0 ){
    int fd = open("/dev/null", O_RDWR);
    if( fd>=0 ){ dup2(fd, 0); dup2(fd, 1); dup2(fd, 2); }
    setenv("HOME", zProfile, 1);
    execv(zChromium, azArg);
    _exit(127);
  }
  if( pid<0 ){
    cli_error("cannot make %s: cannot start chromium: %s", zPdf, strerror(errno));
    goto out;
  }
  int status = 0;
  time_t tEnd = time(0) + PDF_TIMEOUT_S;
  for(;;){
    pid_t w = waitpid(pid, &status, WNOHANG);
    if( w==pid ) break;
    if( w<0 && errno!=EINTR ){ status = -1; break; }
    if( time(0)>tEnd ){
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      cli_error("cannot make %s: chromium did not finish in %d seconds", zPdf, PDF_TIMEOUT_S);
      goto out;
    }
    usleep(50*1000);
  }
  struct stat st;
  if( stat(zPdf, &st)!=0 || st.st_size==0 ){
    cli_error("cannot make %s: chromium (%s) exited with status %d and wrote no PDF",
              zPdf, zChromium, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    goto out;
  }
  rc = 0;
out:
  nftw(zProfile, pdf_rm_one, 16, FTW_DEPTH|FTW_PHYS);
  buf_reset(&url);
  buf_reset(&out);
  buf_reset(&prof);
  free(zChromium);
  return rc;
}
