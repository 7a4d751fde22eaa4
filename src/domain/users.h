/* users.h: officer accounts (tied to members, with a role and a scope unit),
** password checking with Argon2id, and login sessions. */
#ifndef MANDATE_USERS_H
#define MANDATE_USERS_H
#include <stdint.h>
#include "../store/db.h"

/* Access roles. Each sees only its scope unit's subtree. */
#define ROLE_NATIONAL_OFFICER  "national_officer"   /* scope: usually the union */
#define ROLE_BRANCH_SECRETARY  "branch_secretary"   /* scope: a branch */
#define ROLE_REP               "rep"                /* scope: a workplace */

#define USERS_MIN_PASSWORD 10     /* shortest password users_add accepts */
#define USERS_MAX_PASSWORD 1024   /* longest; longer ones are refused unhashed */

typedef struct User User;
struct User {
  int64_t id;
  char zUsername[64];
  char zRole[32];
  int64_t unitId;        /* scope unit */
  int64_t memberId;      /* 0 when not tied to a member */
  char zMemberNumber[32];/* the tied member's number, "" when not tied */
};

/* Add an account. zMemberNumber may be NULL. Returns 0, or -1 with *pzErr
** (caller frees) saying what was wrong: unknown unit, unknown role, a role
** whose scope unit is of the wrong kind, a duplicate username, a password
** shorter than 10 characters. */
int users_add(Db *db, const char *zUsername, const char *zPassword,
              const char *zRole, const char *zUnitCode,
              const char *zMemberNumber, char **pzErr);

/* Replace an account's password (same length rules as users_add) and end
** every session it has open. Returns 0, or -1 with *pzErr (caller frees). */
int users_set_password(Db *db, const char *zUsername, const char *zPassword,
                       char **pzErr);

/* One account as `mandate user list` shows it. */
typedef struct UserInfo UserInfo;
struct UserInfo {
  char zUsername[64];
  char zRole[32];
  char zUnitCode[64];
  char zUnitName[200];
  char zMemberNumber[32];  /* "" when not tied to a member */
  char zCreatedAt[32];     /* ISO 8601 UTC, e.g. 2024-03-06T12:00:00Z */
};

/* Every account, ordered by username. Returns 0 with *paOut (caller frees
** with free()) and *pN, or -1 on a store error. */
int users_list(Db *db, UserInfo **paOut, int *pN);

/* Check a username and password. Always runs one Argon2id verification,
** against a dummy hash when the user does not exist, so the time taken
** does not say whether a username exists. Returns 0 and fills *pOut when
** they match, 1 when they do not, -1 on a store error. */
int users_check_password(Db *db, const char *zUsername, const char *zPassword,
                         User *pOut);

/* Load an account by id. Returns 0 when found, 1 when not, -1 on error. */
int users_by_id(Db *db, int64_t id, User *pOut);

/* Login sessions. The browser holds a 64-hex-digit random token; the
** database holds only its BLAKE2b hash, so a copy of the database does not
** let anyone log in. Each session has its own CSRF token. */
#define SESSION_TOKEN_HEX 65      /* 32 random bytes as hex, plus the NUL */
#define SESSION_LIFETIME  (12*3600)  /* seconds from login to expiry */

typedef struct Session Session;
struct Session {
  char zToken[SESSION_TOKEN_HEX];  /* the cookie value; never stored */
  char zCsrf[SESSION_TOKEN_HEX];   /* the form token for this session */
  int64_t expiresAt;               /* unix time */
};

/* Start a session for user userId, expiring SESSION_LIFETIME from now; also
** deletes every expired session. Returns 0 with *pOut filled, or -1. */
int users_session_create(Db *db, int64_t userId, Session *pOut);

/* Find the session whose cookie value is zToken. An expired session is
** deleted and treated as absent. Returns 0 with *pUser and zCsrfOut (at
** least SESSION_TOKEN_HEX bytes) filled, 1 when there is no live session,
** -1 on a store error. */
int users_session_lookup(Db *db, const char *zToken, User *pUser, char *zCsrfOut);

/* End the session whose cookie value is zToken (absent is fine). 0 or -1. */
int users_session_delete(Db *db, const char *zToken);

/* The text the demo generator left in meta key 'demo_logins' (how to log in
** to the demo), or NULL when there is none. Caller frees with free(). */
char *users_demo_logins(Db *db);

#endif
