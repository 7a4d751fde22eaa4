/* ratelimit.c: fixed-window counters of failed logins, in a bounded table.
** When the table is full the entry whose window started longest ago is
** reused, so memory stays bounded however many names an attacker tries. */
#include "ratelimit.h"
#include "../util/mem.h"
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RL_SLOTS 4096

typedef struct RlSlot RlSlot;
struct RlSlot {
  char zKey[80];        /* "u:username" (lower case) or "i:address"; "" free */
  int64_t tStart;       /* when this window's first failure happened */
  int nFail;            /* failures in this window */
};

struct RateLimit {
  pthread_mutex_t mu;
  RlSlot aSlot[RL_SLOTS];
};

/*
** A new limiter; aborts on out of memory like every allocation.
*/
RateLimit *ratelimit_new(void){
  RateLimit *p = xcalloc(1, sizeof(*p));
  pthread_mutex_init(&p->mu, 0);
  return p;
}

/*
** Free a limiter. NULL is a no-op.
*/
void ratelimit_free(RateLimit *p){
  if( p==0 ) return;
  pthread_mutex_destroy(&p->mu);
  free(p);
}

/* The key for a username (case-folded, cut) or an address. */
static void rl_key(char *zOut, size_t n, char cKind, const char *z){
  size_t j = 0;
  zOut[j++] = cKind;
  zOut[j++] = ':';
  for(; z && *z && j+1<n; z++) zOut[j++] = (char)tolower((unsigned char)*z);
  zOut[j] = 0;
}

/* The slot for zKey, or NULL when there is none (mutex held). A slot whose
** window has ended counts as empty. */
static RlSlot *rl_find(RateLimit *p, const char *zKey, int64_t now){
  for(int i=0; i<RL_SLOTS; i++){
    RlSlot *s = &p->aSlot[i];
    if( s->zKey[0] && strcmp(s->zKey, zKey)==0 ){
      if( now - s->tStart >= RL_WINDOW ){ s->zKey[0] = 0; return 0; }
      return s;
    }
  }
  return 0;
}

/* Seconds until zKey may try again, given its limit; 0 if it may now. */
static int rl_wait(RateLimit *p, const char *zKey, int max, int64_t now){
  RlSlot *s = rl_find(p, zKey, now);
  if( s==0 || s->nFail<max ) return 0;
  int64_t w = s->tStart + RL_WINDOW - now;
  return w>0 ? (int)w : 1;
}

/* Count one failure against zKey (mutex held). */
static void rl_count(RateLimit *p, const char *zKey, int64_t now){
  RlSlot *s = rl_find(p, zKey, now);
  if( s==0 ){
    RlSlot *pOldest = &p->aSlot[0];
    for(int i=0; i<RL_SLOTS; i++){
      RlSlot *t = &p->aSlot[i];
      if( t->zKey[0]==0 || now - t->tStart >= RL_WINDOW ){ pOldest = t; break; }
      if( t->tStart < pOldest->tStart ) pOldest = t;
    }
    s = pOldest;
    snprintf(s->zKey, sizeof s->zKey, "%s", zKey);
    s->tStart = now;
    s->nFail = 0;
  }
  s->nFail++;
}

/*
** Check both limits; the longer wait wins.
*/
int ratelimit_check(RateLimit *p, const char *zUser, const char *zIp, int64_t now){
  char zU[80], zI[80];
  rl_key(zU, sizeof zU, 'u', zUser);
  rl_key(zI, sizeof zI, 'i', zIp);
  pthread_mutex_lock(&p->mu);
  int a = rl_wait(p, zU, RL_MAX_PER_USER, now);
  int b = rl_wait(p, zI, RL_MAX_PER_IP, now);
  pthread_mutex_unlock(&p->mu);
  return a>b ? a : b;
}

/*
** Count a failure against both the username and the address.
*/
void ratelimit_fail(RateLimit *p, const char *zUser, const char *zIp, int64_t now){
  char zU[80], zI[80];
  rl_key(zU, sizeof zU, 'u', zUser);
  rl_key(zI, sizeof zI, 'i', zIp);
  pthread_mutex_lock(&p->mu);
  rl_count(p, zU, now);
  rl_count(p, zI, now);
  pthread_mutex_unlock(&p->mu);
}

/*
** Forget the username's failures after a successful login.
*/
void ratelimit_success(RateLimit *p, const char *zUser, int64_t now){
  char zU[80];
  rl_key(zU, sizeof zU, 'u', zUser);
  pthread_mutex_lock(&p->mu);
  RlSlot *s = rl_find(p, zU, now);
  if( s ) s->zKey[0] = 0;
  pthread_mutex_unlock(&p->mu);
}
