/* dispatch.c: the one sending loop (dispatch.h): due reminder waves into
** the outbox, then the outbox out, under the sender lock. Used by
** `mandate outbox send` and by the sender thread of `mandate serve`. */
#include "dispatch.h"
#include "ballot.h"
#include "../util/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISPATCH_BATCH 50

void dispatch_init(Dispatch *p, const char *zDbPath, int nBatch){
  memset(p, 0, sizeof *p);
  p->zDbPath = xstrdup(zDbPath);
  p->nBatch = nBatch>0 ? nBatch : DISPATCH_BATCH;
  p->lockFd = -1;
}

void dispatch_clear(Dispatch *p){
  outbox_sender_unlock(p->lockFd);
  free(p->zDbPath);
  memset(p, 0, sizeof *p);
  p->lockFd = -1;
}

int dispatch_sender_running(const char *zDbPath){
  int fd = -1;
  char *zErr = 0;
  int r = outbox_sender_lock(zDbPath, &fd, &zErr);
  free(zErr);
  if( r==0 ){ outbox_sender_unlock(fd); return 0; }
  return r>0 ? 1 : -1;
}

int dispatch_lock(Dispatch *p, Db *db, int64_t *pnRecovered, char **pzErr){
  if( pnRecovered ) *pnRecovered = 0;
  if( p->lockFd>=0 ) return 0;
  int fd = -1;
  int r = outbox_sender_lock(p->zDbPath, &fd, pzErr);
  if( r ) return r;
  /* Ours now: what a sender that died (kill -9 included) left in
  ** 'sending' goes again, with its Message-ID. */
  if( outbox_recover(db, pnRecovered, pzErr) ){
    outbox_sender_unlock(fd);
    return -1;
  }
  p->lockFd = fd;
  return 0;
}

static int stop_requested(const Dispatch *p){
  return p->pStop && *p->pStop;
}

int dispatch_tick(Dispatch *p, Db *db, const char *zNow, DispatchTick *pOut, char **pzErr){
  OutboxConfig cfg;
  char zWhyEmail[300], zWhySms[300];
  int rc = 0;
  memset(pOut, 0, sizeof *pOut);
  pOut->nextDue = -1;

  /* 1. Due waves into the outbox: each wave once, whoever runs this (the
  ** claim is in the wave's own transaction), lock or no lock ... */
  if( reminder_send_due(db, 0, zNow, &pOut->waves, pzErr) ) return -1;
  /* ... and the tracker emails of the ballots recorded since the last tick */
  if( ballot_tracker_mail_due(db, &pOut->nTrackers, pzErr) ) return -1;

  /* 2. The outbox, when something can be sent. The configuration is read
  ** every tick: 'mandate mail config' takes effect without a restart. */
  if( outbox_config_load(db, &cfg, pzErr) ){ outbox_config_clear(&cfg); return -1; }
  int email = outbox_channel_ready(&cfg, "email", zWhyEmail, sizeof zWhyEmail);
  int sms = outbox_channel_ready(&cfg, "sms", zWhySms, sizeof zWhySms);
  pOut->canSend = email || sms;
  if( !pOut->canSend ){
    snprintf(pOut->zWhyNot, sizeof pOut->zWhyNot, "%s; %s", zWhyEmail, zWhySms);
    goto out;
  }
  if( p->lockFd<0 ){
    int r = dispatch_lock(p, db, &pOut->nRecovered, pzErr);
    if( r<0 ){ rc = -1; goto out; }
    if( r>0 ){ pOut->otherSender = 1; goto out; }
    pOut->gotLock = 1;
  }
  while( !stop_requested(p) ){
    int n = outbox_send_batch(db, &cfg, p->nBatch, 0, &pOut->run, pzErr);
    if( n<0 ){ rc = -1; goto out; }
    if( n==0 ) break;
    if( p->xBatch ) p->xBatch(&pOut->run, p->pArg);
  }
  pOut->nextDue = outbox_seconds_to_next(db, &cfg);
out:
  outbox_config_clear(&cfg);
  return rc;
}
