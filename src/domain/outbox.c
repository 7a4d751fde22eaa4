/* outbox.c: the durable outbox for email and SMS: enqueue, claim, send,
** record, recover after a crash, retry; and the mail configuration (see
** outbox.h and docs/mail.md). */
#include "outbox.h"
#include "../mail/message.h"
#include "../mail/smtp.h"
#include "../mail/sms.h"
#include "../util/buf.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *const outbox_azState[OUTBOX_NSTATE] = { "queued", "sending", "sent", "failed", "bounced" };

const char *const outbox_azConfigKey[] = {
  "smtp_url", "smtp_username", "from", "from_name", "ca_file",
  "sms_url", "sms_format", "sms_template", "max_attempts", "link_base" };
const int outbox_nConfigKey = (int)(sizeof(outbox_azConfigKey)/sizeof(outbox_azConfigKey[0]));

#define OUTBOX_MAX_EMAIL_BODY 100000
#define OUTBOX_MAX_SMS_BODY   1600
#define OUTBOX_MAX_SUBJECT    300     /* characters */
#define OUTBOX_FIRST_BACKOFF  60      /* seconds; doubles each attempt */
#define OUTBOX_MAX_BACKOFF    21600   /* six hours */

int outbox_state_ok(const char *z){
  for(int i=0; z && i<OUTBOX_NSTATE; i++) if( strcmp(z, outbox_azState[i])==0 ) return 1;
  return 0;
}

/* The time t as stored: "2026-11-23T10:00:00Z" (UTC; sorts as text). */
static void iso_time(int64_t t, char zOut[24]){
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(zOut, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The Unix time of a stored timestamp; 0 when unreadable. */
static int64_t iso_parse(const char *z){
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if( z==0 || sscanf(z, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                     &tm.tm_hour, &tm.tm_min, &tm.tm_sec)!=6 ) return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (int64_t)timegm(&tm);
}

/* Characters (code points) in UTF-8 z. */
static size_t utf8_chars(const char *z){
  size_t n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}

/* A mobile number for SMS into zOut: +E.164 (8 to 15 digits after the +),
** or a UK mobile in any of the register's forms. 0 or -1. */
static int norm_sms_number(const char *z, char *zOut){
  const char *zWhy;
  if( norm_uk_mobile(z, zOut, &zWhy)==0 ) return 0;
  if( z[0]!='+' ) return -1;
  size_t n = strlen(z+1);
  if( n<8 || n>15 || strspn(z+1, "0123456789")!=n || z[1]=='0' ) return -1;
  memcpy(zOut, z, n+2);
  return 0;
}

/* The meta value of key zKey ("mail.from"), or NULL. Caller frees. */
static char *meta_get(Db *db, const char *zKey){
  DbStmt *s = db_prepare(db, "SELECT value FROM meta WHERE key=?");
  db_bind_text(s, 1, zKey);
  char *z = db_step(s)==DB_ROW ? xstrdup(db_col_text(s, 0)) : 0;
  db_finalize(s);
  return z;
}

/* A new Message-ID: 128 random bits in hex, at the domain of mail.from
** (or "mandate.invalid" before one is configured). */
static void new_message_id(const char *zDomain, char *zOut, size_t nOut){
  unsigned char aRand[16];
  char zHex[33];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zHex, sizeof zHex, aRand, sizeof aRand);
  snprintf(zOut, nOut, "%s@%s", zHex, zDomain);
}

int outbox_enqueue_in_tx(Db *db, const OutboxNew *a, int n, int64_t *aId, char **pzErr){
  if( sodium_init()<0 ) return buf_error(pzErr, "cannot initialise libsodium");
  char *zFrom = meta_get(db, "mail.from");
  const char *zAt = zFrom ? strchr(zFrom, '@') : 0;
  char zDomain[256];
  snprintf(zDomain, sizeof zDomain, "%s", zAt && zAt[1] ? zAt+1 : "mandate.invalid");
  free(zFrom);
  char zNow[24];
  iso_time((int64_t)time(0), zNow);
  DbStmt *s = db_prepare(db,
      "INSERT INTO outbox(channel,recipient,subject,body,purpose,member_id,state,"
      " attempts,resends,next_attempt_at,message_id,created_at,ref)"
      " VALUES(?,?,?,?,?,?,'queued',0,0,?,?,?,?) RETURNING id");
  int rc = 0;
  for(int i=0; i<n && rc==0; i++){
    const OutboxNew *p = &a[i];
    char zTo[NORM_MAX], zMsgId[300];
    const char *zWhy = 0;
    int isEmail = p->zChannel && strcmp(p->zChannel, "email")==0;
    int isSms = p->zChannel && strcmp(p->zChannel, "sms")==0;
    const char *zBody = p->zBody ? p->zBody : "";
    const char *zPurpose = p->zPurpose ? p->zPurpose : "";
    size_t nPurpose = strlen(zPurpose);
    if( !isEmail && !isSms ){
      rc = buf_error(pzErr, "message %d: the channel must be email or sms", i+1);
    }else if( nPurpose<1 || nPurpose>32 || strspn(zPurpose, "abcdefghijklmnopqrstuvwxyz0123456789_")!=nPurpose ){
      rc = buf_error(pzErr, "message %d: the purpose must be 1-32 of a-z, 0-9 and _ (e.g. credential, reminder)", i+1);
    }else if( !mail_utf8_ok(zBody, strlen(zBody)) || zBody[0]==0 ){
      rc = buf_error(pzErr, "message %d: the body must be UTF-8 text, not empty", i+1);
    }else if( isEmail ){
      const char *zSubject = p->zSubject ? p->zSubject : "";
      if( p->zRecipient==0 || norm_email(p->zRecipient, zTo, &zWhy) || !mail_addr_ok(zTo) ){
        rc = buf_error(pzErr, "message %d: the recipient is not a plain email address like name@example.org", i+1);
      }else if( zSubject[0]==0 || !mail_utf8_ok(zSubject, strlen(zSubject))
                || utf8_chars(zSubject)>OUTBOX_MAX_SUBJECT ){
        rc = buf_error(pzErr, "message %d: an email needs a subject of 1-%d characters of UTF-8", i+1, OUTBOX_MAX_SUBJECT);
      }else if( strlen(zBody)>OUTBOX_MAX_EMAIL_BODY ){
        rc = buf_error(pzErr, "message %d: the body is longer than %d bytes", i+1, OUTBOX_MAX_EMAIL_BODY);
      }
    }else{
      if( p->zRecipient==0 || norm_sms_number(p->zRecipient, zTo) ){
        rc = buf_error(pzErr, "message %d: the recipient is not a mobile number (+447700900123 or 07700 900123)", i+1);
      }else if( p->zSubject && p->zSubject[0] ){
        rc = buf_error(pzErr, "message %d: a text message has no subject", i+1);
      }else if( utf8_chars(zBody)>OUTBOX_MAX_SMS_BODY ){
        rc = buf_error(pzErr, "message %d: a text message is at most %d characters", i+1, OUTBOX_MAX_SMS_BODY);
      }
    }
    if( rc ) break;
    new_message_id(zDomain, zMsgId, sizeof zMsgId);
    db_bind_text(s, 1, isEmail ? "email" : "sms");
    db_bind_text(s, 2, zTo);
    db_bind_text(s, 3, isEmail ? p->zSubject : 0);
    db_bind_text(s, 4, zBody);
    db_bind_text(s, 5, zPurpose);
    if( p->memberId>0 ) db_bind_int(s, 6, p->memberId);
    db_bind_text(s, 7, zNow);
    db_bind_text(s, 8, zMsgId);
    db_bind_text(s, 9, zNow);
    db_bind_text(s, 10, p->zRef);
    if( db_step(s)!=DB_ROW ){
      rc = buf_error(pzErr, "message %d: %s", i+1, db_errmsg(db));
      break;
    }
    if( aId ) aId[i] = db_col_int(s, 0);
    db_reset(s);
  }
  db_finalize(s);
  return rc;
}

int outbox_enqueue(Db *db, const OutboxNew *a, int n, int64_t *aId, char **pzErr){
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( outbox_enqueue_in_tx(db, a, n, aId, pzErr) ){
    db_rollback(db);
    return -1;
  }
  if( db_commit(db) ){
    int rc = buf_error(pzErr, "%s", db_errmsg(db));
    db_rollback(db);
    return rc;
  }
  return 0;
}

/*************** configuration ***************/

/* Read a secret: $zVar, else the file named by $zVar_FILE, which must be a
** regular file only its owner can read (0600 or 0400). *pz gets it (owned;
** NULL when neither is set), zFrom where it came from. 0 or -1. */
static int secret_load(const char *zVar, char **pz, char *zFrom, size_t nFrom, char **pzErr){
  char zFileVar[64];
  snprintf(zFileVar, sizeof zFileVar, "%s_FILE", zVar);
  const char *zEnv = getenv(zVar), *zPath = getenv(zFileVar);
  *pz = 0;
  zFrom[0] = 0;
  if( zEnv && zEnv[0] ){
    *pz = xstrdup(zEnv);
    snprintf(zFrom, nFrom, "$%s", zVar);
    return 0;
  }
  if( zPath==0 || zPath[0]==0 ) return 0;
  int fd = open(zPath, O_RDONLY|O_NOFOLLOW);
  struct stat st;
  if( fd<0 ) return buf_error(pzErr, "$%s: %s: %s", zFileVar, zPath, strerror(errno));
  if( fstat(fd, &st) || !S_ISREG(st.st_mode) ){
    close(fd);
    return buf_error(pzErr, "$%s: %s is not a regular file", zFileVar, zPath);
  }
  if( st.st_mode & 077 ){
    close(fd);
    return buf_error(pzErr, "$%s: %s may be read by others (mode %03o): "
                       "chmod 600 it", zFileVar, zPath, (unsigned)(st.st_mode & 0777));
  }
  char zBuf[4097];
  ssize_t k = read(fd, zBuf, sizeof zBuf - 1);
  close(fd);
  if( k<0 ) return buf_error(pzErr, "$%s: %s: %s", zFileVar, zPath, strerror(errno));
  size_t n = (size_t)k;
  while( n && (zBuf[n-1]=='\n' || zBuf[n-1]=='\r') ) n--;
  *pz = xstrndup(zBuf, n);
  sodium_memzero(zBuf, sizeof zBuf);
  snprintf(zFrom, nFrom, "the file %s ($%s)", zPath, zFileVar);
  return 0;
}

/* Free and wipe a secret. */
static void secret_free(char *z){
  if( z ){ sodium_memzero(z, strlen(z)); free(z); }
}

void outbox_config_clear(OutboxConfig *p){
  free(p->zSmtpUrl);
  free(p->zSmtpUsername);
  free(p->zFrom);
  free(p->zFromName);
  free(p->zCaFile);
  free(p->zSmsUrl);
  free(p->zSmsTemplate);
  free(p->zLinkBase);
  secret_free(p->zSmtpPassword);
  secret_free(p->zSmsToken);
  memset(p, 0, sizeof(*p));
}

int outbox_config_load(Db *db, OutboxConfig *p, char **pzErr){
  memset(p, 0, sizeof(*p));
  p->zSmtpUrl = meta_get(db, "mail.smtp_url");
  p->zSmtpUsername = meta_get(db, "mail.smtp_username");
  p->zFrom = meta_get(db, "mail.from");
  p->zFromName = meta_get(db, "mail.from_name");
  p->zCaFile = meta_get(db, "mail.ca_file");
  p->zSmsUrl = meta_get(db, "mail.sms_url");
  p->zSmsTemplate = meta_get(db, "mail.sms_template");
  p->zLinkBase = meta_get(db, "mail.link_base");
  char *z = meta_get(db, "mail.sms_format");
  p->smsFormat = z && strcmp(z, "json")==0 ? SMS_JSON : SMS_FORM;
  free(z);
  z = meta_get(db, "mail.max_attempts");
  p->maxAttempts = z ? atoi(z) : 10;
  if( p->maxAttempts<1 ) p->maxAttempts = 10;
  free(z);
  if( secret_load("MANDATE_SMTP_PASSWORD", &p->zSmtpPassword, p->zPasswordFrom,
                  sizeof p->zPasswordFrom, pzErr) ) return -1;
  if( secret_load("MANDATE_SMS_TOKEN", &p->zSmsToken, p->zTokenFrom,
                  sizeof p->zTokenFrom, pzErr) ) return -1;
  return 0;
}

int outbox_link_base_ok(const char *z){
  const char *zHost;
  if( z==0 ) return 0;
  if( strncmp(z, "https://", 8)==0 ) zHost = z+8;
  else if( strncmp(z, "http://", 7)==0 ) zHost = z+7;
  else return 0;
  size_t nHost = strcspn(zHost, "/?#");
  if( nHost==0 || zHost[0]==':' || memchr(zHost, '@', nHost) ) return 0;
  for(const char *p = z; *p; p++){
    if( (unsigned char)*p<=' ' || *p=='"' || *p=='\'' || *p=='<' || *p=='>' || *p=='\\'
        || (unsigned char)*p>=0x7f ) return 0;
  }
  if( strlen(z)>=200 ) return 0;
  if( zHost==z+7 ){
    /* plain http: only to this machine (the host without its port) */
    char zName[64];
    size_t n = nHost<sizeof zName ? nHost : sizeof zName - 1;
    memcpy(zName, zHost, n);
    zName[n] = 0;
    char *zPort = zName[0]=='[' ? strstr(zName, "]:") : strchr(zName, ':');
    if( zPort ) zPort[zName[0]=='[' ? 1 : 0] = 0;
    int isLoop = strcmp(zName, "localhost")==0 || strcmp(zName, "[::1]")==0
      || (strncmp(zName, "127.", 4)==0 && strspn(zName+4, "0123456789.")==strlen(zName+4));
    if( !isLoop ) return 0;
  }
  return 1;
}

int outbox_channel_ready(const OutboxConfig *p, const char *zChannel, char *zWhy, size_t nWhy){
  if( strcmp(zChannel, "email")==0 ){
    if( p->zSmtpUrl==0 ){
      snprintf(zWhy, nWhy, "no SMTP server: mandate mail config --smtp-url URL --from ADDRESS");
      return 0;
    }
    if( p->zFrom==0 ){
      snprintf(zWhy, nWhy, "no sender address: mandate mail config --from ADDRESS");
      return 0;
    }
    if( p->zSmtpUsername && p->zSmtpPassword==0 ){
      snprintf(zWhy, nWhy, "mail.smtp_username is set but there is no password: set "
               "$MANDATE_SMTP_PASSWORD or $MANDATE_SMTP_PASSWORD_FILE");
      return 0;
    }
    return 1;
  }
  if( strcmp(zChannel, "sms")==0 ){
    if( p->zSmsUrl==0 ){
      snprintf(zWhy, nWhy, "no SMS gateway: mandate mail config --sms-url URL");
      return 0;
    }
    return 1;
  }
  snprintf(zWhy, nWhy, "no such channel: %s", zChannel);
  return 0;
}

int outbox_config_set(Db *db, const char *zKey, const char *zValue, char **pzErr){
  int k = 0;
  while( k<outbox_nConfigKey && strcmp(zKey, outbox_azConfigKey[k]) ) k++;
  if( k==outbox_nConfigKey ) return buf_error(pzErr, "no mail setting called %s", zKey);
  char zErr[300] = "";
  if( zValue && zValue[0] ){
    if( strcmp(zKey, "smtp_url")==0 ) smtp_url_check(zValue, zErr, sizeof zErr);
    else if( strcmp(zKey, "sms_url")==0 ) sms_url_check(zValue, zErr, sizeof zErr);
    else if( strcmp(zKey, "sms_template")==0 ) sms_template_check(zValue, zErr, sizeof zErr);
    else if( strcmp(zKey, "from")==0 && !mail_addr_ok(zValue) ){
      snprintf(zErr, sizeof zErr, "mail.from must be a plain address like ballots@example.org");
    }else if( strcmp(zKey, "sms_format")==0 && strcmp(zValue, "form") && strcmp(zValue, "json") ){
      snprintf(zErr, sizeof zErr, "mail.sms_format must be form or json");
    }else if( strcmp(zKey, "link_base")==0 && !outbox_link_base_ok(zValue) ){
      snprintf(zErr, sizeof zErr, "mail.link_base must be the union's public web address, https://HOST"
               " (http:// only for this machine: localhost or 127.0.0.1), without spaces or quotes");
    }else if( strcmp(zKey, "max_attempts")==0 ){
      char *zEnd = 0;
      long v = strtol(zValue, &zEnd, 10);
      if( *zEnd || v<1 || v>100 ) snprintf(zErr, sizeof zErr, "mail.max_attempts must be a whole number from 1 to 100");
    }else if( (strcmp(zKey, "from_name")==0 || strcmp(zKey, "smtp_username")==0
               || strcmp(zKey, "ca_file")==0)
              && (!mail_utf8_ok(zValue, strlen(zValue)) || strlen(zValue)>200 || strpbrk(zValue, "\r\n")) ){
      snprintf(zErr, sizeof zErr, "mail.%s must be one line of UTF-8, at most 200 bytes", zKey);
    }
    if( zErr[0] ) return buf_error(pzErr, "%s", zErr);
  }
  char zMetaKey[64];
  snprintf(zMetaKey, sizeof zMetaKey, "mail.%s", zKey);
  DbStmt *s;
  if( zValue && zValue[0] ){
    s = db_prepare(db, "INSERT INTO meta(key,value) VALUES(?,?)"
                       " ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    db_bind_text(s, 1, zMetaKey);
    db_bind_text(s, 2, zValue);
  }else{
    s = db_prepare(db, "DELETE FROM meta WHERE key=?");
    db_bind_text(s, 1, zMetaKey);
  }
  int rc = db_step(s)==DB_DONE ? 0 : buf_error(pzErr, "%s", db_errmsg(db));
  db_finalize(s);
  return rc;
}

/* {"set":bool,"from":"..."} for a secret. */
static json_t *secret_json(const char *z, const char *zFrom){
  json_t *o = json_object();
  json_object_set_new(o, "set", json_boolean(z!=0));
  json_object_set_new(o, "from", z ? json_string(zFrom) : json_null());
  return o;
}

static json_t *str_or_null(const char *z){ return z ? json_string(z) : json_null(); }

json_t *outbox_config_json(const OutboxConfig *p){
  json_t *o = json_object();
  json_object_set_new(o, "smtp_url", str_or_null(p->zSmtpUrl));
  json_object_set_new(o, "smtp_username", str_or_null(p->zSmtpUsername));
  json_object_set_new(o, "smtp_password", secret_json(p->zSmtpPassword, p->zPasswordFrom));
  json_object_set_new(o, "from", str_or_null(p->zFrom));
  json_object_set_new(o, "from_name", str_or_null(p->zFromName));
  json_object_set_new(o, "ca_file", str_or_null(p->zCaFile));
  json_object_set_new(o, "sms_url", str_or_null(p->zSmsUrl));
  json_object_set_new(o, "sms_format", json_string(p->smsFormat==SMS_JSON ? "json" : "form"));
  json_object_set_new(o, "sms_template", json_string(p->zSmsTemplate ? p->zSmsTemplate
                                                       : sms_default_template(p->smsFormat)));
  json_object_set_new(o, "sms_token", secret_json(p->zSmsToken, p->zTokenFrom));
  json_object_set_new(o, "max_attempts", json_integer(p->maxAttempts));
  json_object_set_new(o, "link_base", str_or_null(p->zLinkBase));
  return o;
}

/*************** sending ***************/

int outbox_sender_lock(const char *zDbPath, int *pFd, char **pzErr){
  Buf path = BUF_INIT;
  buf_printf(&path, "%s-outbox.lock", zDbPath);
  int fd = open(buf_str(&path), O_RDWR|O_CREAT|O_CLOEXEC|O_NOFOLLOW, 0600);
  if( fd<0 ){
    int rc = buf_error(pzErr, "%s: %s", buf_str(&path), strerror(errno));
    buf_reset(&path);
    return rc;
  }
  buf_reset(&path);
  if( flock(fd, LOCK_EX|LOCK_NB) ){
    int e = errno;
    close(fd);
    if( e==EWOULDBLOCK ) return 1;
    return buf_error(pzErr, "cannot lock the outbox: %s", strerror(e));
  }
  *pFd = fd;
  return 0;
}

void outbox_sender_unlock(int fd){
  if( fd>=0 ) close(fd);     /* closing releases the flock */
}

int outbox_recover(Db *db, int64_t *pn, char **pzErr){
  char zNow[24];
  iso_time((int64_t)time(0), zNow);
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  int64_t n = db_query_int(db, "SELECT count(*) FROM outbox WHERE state='sending'", 0);
  DbStmt *s = db_prepare(db,
      "UPDATE outbox SET state='queued', next_attempt_at=?,"
      " last_error='the sender stopped while sending it (a crash?); sent again with the same Message-ID'"
      " WHERE state='sending'");
  db_bind_text(s, 1, zNow);
  int rc = n>=0 && db_step(s)==DB_DONE ? 0 : -1;
  db_finalize(s);
  if( rc==0 && db_commit(db)==0 ){
    if( pn ) *pn = n;
    return 0;
  }
  rc = buf_error(pzErr, "%s", db_errmsg(db));
  db_rollback(db);
  return rc;
}

/* The channels *pCfg can send, as a SQL condition on outbox.channel. */
static const char *channel_filter(const OutboxConfig *pCfg){
  char zWhy[300];
  int e = outbox_channel_ready(pCfg, "email", zWhy, sizeof zWhy);
  int m = outbox_channel_ready(pCfg, "sms", zWhy, sizeof zWhy);
  return e && m ? "channel IN ('email','sms')" : e ? "channel='email'" : m ? "channel='sms'" : "0=1";
}

/* One claimed message. */
typedef struct Claimed Claimed;
struct Claimed {
  int64_t id;
  int isEmail;
  char *zRecipient, *zSubject, *zBody, *zMessageId;  /* owned */
  int64_t tCreated;
  int attempts;          /* counting this one */
  int done;              /* its outcome is recorded */
};

/* Record the outcome of message *c. Returns 0 or -1 (store error). */
static int record(Db *db, const Claimed *c, MailOutcome out, const char *zErr,
                  const OutboxConfig *pCfg, int64_t tNow, OutboxRun *pRun){
  char zNow[24], zNext[24];
  iso_time(tNow, zNow);
  DbStmt *s;
  if( out==MAIL_SENT ){
    /* The body (it may hold a voting credential) is not kept once sent. */
    s = db_prepare(db, "UPDATE outbox SET state='sent', sent_at=?, last_error=NULL, body=NULL"
                       " WHERE id=? AND state='sending'");
    db_bind_text(s, 1, zNow);
    db_bind_int(s, 2, c->id);
    pRun->nSent++;
  }else{
    const char *zState = "bounced";
    int64_t delay = 0;
    if( out==MAIL_TEMPORARY ){
      if( c->attempts>=pCfg->maxAttempts ){
        zState = "failed";
      }else{
        zState = "queued";
        delay = OUTBOX_FIRST_BACKOFF;
        for(int i=1; i<c->attempts && delay<OUTBOX_MAX_BACKOFF; i++) delay *= 2;
        if( delay>OUTBOX_MAX_BACKOFF ) delay = OUTBOX_MAX_BACKOFF;
      }
    }
    iso_time(tNow+delay, zNext);
    s = db_prepare(db, "UPDATE outbox SET state=?, next_attempt_at=?, last_error=?"
                       " WHERE id=? AND state='sending'");
    db_bind_text(s, 1, zState);
    db_bind_text(s, 2, zNext);
    db_bind_text(s, 3, zErr && zErr[0] ? zErr : "failed, for no reason given");
    db_bind_int(s, 4, c->id);
    if( strcmp(zState, "queued")==0 ) pRun->nRetry++;
    else if( strcmp(zState, "failed")==0 ) pRun->nFailed++;
    else pRun->nBounced++;
    snprintf(pRun->zLastError, sizeof pRun->zLastError, "%s", zErr ? zErr : "");
  }
  int rc = db_step(s)==DB_DONE ? 0 : -1;
  db_finalize(s);
  return rc;
}

/* Give back a claimed message that was never tried (its server could not be
** reached for an earlier one): queued again, this claim not counted. */
static int release(Db *db, const Claimed *c, const char *zErr, int64_t tNext){
  char zNext[24];
  iso_time(tNext, zNext);
  DbStmt *s = db_prepare(db, "UPDATE outbox SET state='queued', attempts=attempts-1,"
                             " next_attempt_at=?, last_error=? WHERE id=? AND state='sending'");
  db_bind_text(s, 1, zNext);
  db_bind_text(s, 2, zErr);
  db_bind_int(s, 3, c->id);
  int rc = db_step(s)==DB_DONE ? 0 : -1;
  db_finalize(s);
  return rc;
}

int outbox_send_batch(Db *db, const OutboxConfig *pCfg, int nBatch, int64_t onlyId,
                      OutboxRun *pRun, char **pzErr){
  int64_t tNow = (int64_t)time(0);
  char zNow[24];
  iso_time(tNow, zNow);
  if( nBatch<1 ) nBatch = 1;

  /* 1. Claim: queued and due -> sending, one attempt more, committed before
  ** any connection is made. A crash from here on leaves them 'sending'. */
  Buf sql = BUF_INIT;
  buf_printf(&sql, "UPDATE outbox SET state='sending', attempts=attempts+1"
                   " WHERE id IN (SELECT id FROM outbox WHERE state='queued'"
                   " AND next_attempt_at<=? AND %s%s ORDER BY next_attempt_at, id LIMIT ?)"
                   " RETURNING id, channel, recipient, subject, body, message_id,"
                   " created_at, attempts",
             channel_filter(pCfg), onlyId ? " AND id=?" : "");
  if( db_begin(db) ){ buf_reset(&sql); return buf_error(pzErr, "%s", db_errmsg(db)); }
  DbStmt *s = db_prepare(db, buf_str(&sql));
  buf_reset(&sql);
  int iBind = 1;
  db_bind_text(s, iBind++, zNow);
  if( onlyId ) db_bind_int(s, iBind++, onlyId);
  db_bind_int(s, iBind++, nBatch);
  Claimed *a = 0;
  int n = 0, rc;
  while( (rc = db_step(s))==DB_ROW ){
    a = xrealloc(a, (size_t)(n+1)*sizeof(*a));
    Claimed *c = &a[n++];
    memset(c, 0, sizeof(*c));
    c->id = db_col_int(s, 0);
    c->isEmail = strcmp(db_col_text(s, 1), "email")==0;
    c->zRecipient = xstrdup(db_col_text(s, 2));
    c->zSubject = xstrdup(db_col_text(s, 3));
    c->zBody = xstrdup(db_col_text(s, 4));
    c->zMessageId = xstrdup(db_col_text(s, 5));
    c->tCreated = iso_parse(db_col_text(s, 6));
    c->attempts = (int)db_col_int(s, 7);
  }
  db_finalize(s);
  if( rc==DB_ERROR || db_commit(db) ){
    rc = buf_error(pzErr, "%s", db_errmsg(db));
    db_rollback(db);
    n = 0;
    goto out;
  }
  rc = n;
  if( n==0 ) goto out;

  /* 2. Send each, and record its outcome at once (autocommit). */
  SmtpSession *pSmtp = 0;
  SmtpConfig smtpCfg = { pCfg->zSmtpUrl, pCfg->zSmtpUsername, pCfg->zSmtpPassword,
                         pCfg->zCaFile, 0 };
  SmsConfig smsCfg = { pCfg->zSmsUrl, pCfg->smsFormat, pCfg->zSmsTemplate,
                       pCfg->zSmsToken, pCfg->zCaFile, 0 };
  int emailDown = 0, smsDown = 0;     /* the server can't be reached now */
  char zDownErr[2][420] = { "", "" };
  int64_t tDownNext[2] = { 0, 0 };
  for(int i=0; i<n; i++){
    Claimed *c = &a[i];
    int *pDown = c->isEmail ? &emailDown : &smsDown;
    if( *pDown ){
      if( release(db, c, zDownErr[c->isEmail], tDownNext[c->isEmail]) ) goto store_error;
      pRun->nRetry++;
      c->done = 1;
      continue;
    }
    char zErr[400] = "";
    int lost = 0;
    MailOutcome out;
    tNow = (int64_t)time(0);
    if( c->isEmail ){
      Buf msg = BUF_INIT;
      MailMessage m = { pCfg->zFrom, pCfg->zFromName, c->zRecipient, c->zSubject,
                        c->zBody, c->zMessageId, c->tCreated };
      if( mail_format(&m, &msg, zErr, sizeof zErr) ){
        out = MAIL_TEMPORARY;
        c->attempts = pCfg->maxAttempts;      /* it will never format: failed */
      }else{
        if( pSmtp==0 ) pSmtp = smtp_open(&smtpCfg);
        out = smtp_send(pSmtp, pCfg->zFrom, c->zRecipient, msg.z, msg.n, zErr, sizeof zErr, &lost);
      }
      buf_reset(&msg);
    }else{
      out = sms_send(&smsCfg, c->zRecipient, c->zBody ? c->zBody : "", zErr, sizeof zErr, &lost);
    }
    if( record(db, c, out, zErr, pCfg, tNow, pRun) ) goto store_error;
    c->done = 1;
    if( lost ){
      *pDown = 1;
      snprintf(zDownErr[c->isEmail], sizeof zDownErr[0], "not tried: %s", zErr);
      int64_t delay = OUTBOX_FIRST_BACKOFF;
      for(int k=1; k<c->attempts && delay<OUTBOX_MAX_BACKOFF; k++) delay *= 2;
      tDownNext[c->isEmail] = tNow + (delay<OUTBOX_MAX_BACKOFF ? delay : OUTBOX_MAX_BACKOFF);
    }
  }
  smtp_close(pSmtp);
  goto out;
store_error:
  smtp_close(pSmtp);
  rc = buf_error(pzErr, "%s (messages left in 'sending' are sent again at the next start)",
                   db_errmsg(db));
out:
  for(int i=0; i<n; i++){
    free(a[i].zRecipient);
    free(a[i].zSubject);
    if( a[i].zBody ){ sodium_memzero(a[i].zBody, strlen(a[i].zBody)); free(a[i].zBody); }
    free(a[i].zMessageId);
  }
  free(a);
  return rc;
}

int64_t outbox_seconds_to_next(Db *db, const OutboxConfig *pCfg){
  Buf sql = BUF_INIT;
  buf_printf(&sql, "SELECT min(next_attempt_at) FROM outbox WHERE state='queued' AND %s",
             channel_filter(pCfg));
  DbStmt *s = db_prepare(db, buf_str(&sql));
  buf_reset(&sql);
  int64_t v = -1;
  if( db_step(s)==DB_ROW && !db_col_is_null(s, 0) ){
    v = iso_parse(db_col_text(s, 0)) - (int64_t)time(0);
    if( v<0 ) v = 0;
  }
  db_finalize(s);
  return v;
}

int outbox_retry(Db *db, int64_t id, char **pzErr){
  DbStmt *s = db_prepare(db, "SELECT state FROM outbox WHERE id=?");
  db_bind_int(s, 1, id);
  int r = db_step(s);
  char zState[16] = "";
  if( r==DB_ROW ) snprintf(zState, sizeof zState, "%s", db_col_text(s, 0));
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  if( r==DB_DONE ) return buf_error(pzErr, "no message %lld in the outbox (mandate outbox list)", (long long)id);
  if( strcmp(zState, "sent")==0 ) return buf_error(pzErr, "message %lld was sent already; enqueue a new one to send it again", (long long)id);
  if( strcmp(zState, "sending")==0 ) return buf_error(pzErr, "message %lld is being sent now", (long long)id);
  char zNow[24];
  iso_time((int64_t)time(0), zNow);
  s = db_prepare(db, "UPDATE outbox SET next_attempt_at=?,"
                     " resends=resends+CASE WHEN state='queued' THEN 0 ELSE 1 END,"
                     " attempts=CASE WHEN state='queued' THEN attempts ELSE 0 END,"
                     " state='queued' WHERE id=? AND state IN ('queued','failed','bounced')");
  db_bind_text(s, 1, zNow);
  db_bind_int(s, 2, id);
  int rc = db_step(s)==DB_DONE ? 0 : buf_error(pzErr, "%s", db_errmsg(db));
  db_finalize(s);
  return rc;
}

int outbox_retry_all(Db *db, int64_t *pn, char **pzErr){
  char zNow[24];
  iso_time((int64_t)time(0), zNow);
  if( db_begin(db) ) return buf_error(pzErr, "%s", db_errmsg(db));
  DbStmt *s = db_prepare(db, "SELECT count(*) FROM outbox"
                     " WHERE state='failed' OR (state='queued' AND next_attempt_at>?)");
  db_bind_text(s, 1, zNow);
  int64_t n = db_step(s)==DB_ROW ? db_col_int(s, 0) : -1;
  db_finalize(s);
  s = db_prepare(db, "UPDATE outbox SET next_attempt_at=?,"
                     " resends=resends+CASE WHEN state='failed' THEN 1 ELSE 0 END,"
                     " attempts=CASE WHEN state='failed' THEN 0 ELSE attempts END,"
                     " state='queued'"
                     " WHERE state='failed' OR (state='queued' AND next_attempt_at>?)");
  db_bind_text(s, 1, zNow);
  db_bind_text(s, 2, zNow);
  int rc = n>=0 && db_step(s)==DB_DONE ? 0 : -1;
  db_finalize(s);
  if( rc==0 && db_commit(db)==0 ){
    if( pn ) *pn = n;
    return 0;
  }
  rc = buf_error(pzErr, "%s", db_errmsg(db));
  db_rollback(db);
  return rc;
}

int outbox_counts(Db *db, int64_t an[OUTBOX_NSTATE]){
  memset(an, 0, sizeof(int64_t)*OUTBOX_NSTATE);
  DbStmt *s = db_prepare(db, "SELECT state, count(*) FROM outbox GROUP BY state");
  int rc;
  while( (rc = db_step(s))==DB_ROW ){
    for(int i=0; i<OUTBOX_NSTATE; i++){
      if( strcmp(db_col_text(s, 0), outbox_azState[i])==0 ) an[i] = db_col_int(s, 1);
    }
  }
  db_finalize(s);
  return rc==DB_DONE ? 0 : -1;
}

#define OUTBOX_COLUMNS "id, channel, recipient, subject, purpose, member_id, state, attempts," \
                       " resends, next_attempt_at, last_error, message_id, created_at, sent_at"

/* The current row of a statement selecting OUTBOX_COLUMNS, as JSON. */
static json_t *row_json(DbStmt *s){
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer((json_int_t)db_col_int(s, 0)));
  json_object_set_new(o, "channel", str_or_null(db_col_text(s, 1)));
  json_object_set_new(o, "recipient", str_or_null(db_col_text(s, 2)));
  json_object_set_new(o, "subject", str_or_null(db_col_text(s, 3)));
  json_object_set_new(o, "purpose", str_or_null(db_col_text(s, 4)));
  json_object_set_new(o, "member_id", db_col_is_null(s, 5) ? json_null()
                                       : json_integer((json_int_t)db_col_int(s, 5)));
  json_object_set_new(o, "state", str_or_null(db_col_text(s, 6)));
  json_object_set_new(o, "attempts", json_integer((json_int_t)db_col_int(s, 7)));
  json_object_set_new(o, "resends", json_integer((json_int_t)db_col_int(s, 8)));
  json_object_set_new(o, "next_attempt_at", str_or_null(db_col_text(s, 9)));
  json_object_set_new(o, "last_error", str_or_null(db_col_text(s, 10)));
  json_object_set_new(o, "message_id", str_or_null(db_col_text(s, 11)));
  json_object_set_new(o, "created_at", str_or_null(db_col_text(s, 12)));
  json_object_set_new(o, "sent_at", str_or_null(db_col_text(s, 13)));
  return o;
}

json_t *outbox_list_json(Db *db, const char *zState, int nLimit){
  DbStmt *s = db_prepare(db, zState
      ? "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE state=? ORDER BY id DESC LIMIT ?"
      : "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY id DESC LIMIT ?");
  int i = 1;
  if( zState ) db_bind_text(s, i++, zState);
  db_bind_int(s, i, nLimit);
  json_t *a = json_array();
  int rc;
  while( (rc = db_step(s))==DB_ROW ) json_array_append_new(a, row_json(s));
  db_finalize(s);
  if( rc==DB_ERROR ){ json_decref(a); return 0; }
  return a;
}

json_t *outbox_get_json(Db *db, int64_t id){
  DbStmt *s = db_prepare(db, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id=?");
  db_bind_int(s, 1, id);
  json_t *o = db_step(s)==DB_ROW ? row_json(s) : 0;
  db_finalize(s);
  return o;
}

int outbox_mark_bounced(Db *db, const char *zMessageId, const char *zWhy, char **pzErr){
  char zErr[400];
  snprintf(zErr, sizeof zErr, "bounced after it was sent: %s", zWhy && zWhy[0] ? zWhy : "no reason given");
  DbStmt *s = db_prepare(db, "UPDATE outbox SET state='bounced', last_error=?"
                             " WHERE message_id=? AND state IN ('sent','queued','failed')"
                             " RETURNING id");
  db_bind_text(s, 1, zErr);
  db_bind_text(s, 2, zMessageId);
  int r = db_step(s), rc = r==DB_ROW ? 1 : 0;
  if( r==DB_ROW ) r = db_step(s);
  db_finalize(s);
  if( r==DB_ERROR ) return buf_error(pzErr, "%s", db_errmsg(db));
  return rc;
}
