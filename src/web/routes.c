/* routes.c: the dispatch table. Every address the server answers is a row
** here, with its method, handler, flags and declared parameters; the gate
** (gate.c) checks all of them before the handler runs. */
#include "gate.h"
#include "pages.h"

/* Parameters, one list per family of routes. */
static const Param aLoginGet[] = {
  { "next", P_QUERY, PK_LINE, 0, 1, 200, "the page to return to" },
  { 0 }
};
static const Param aLoginPost[] = {
  { "username", P_FORM, PK_LINE, 1, 1, 63, "the username" },
  { "password", P_FORM, PK_TEXT, 1, 1, USERS_MAX_PASSWORD, "the password" },
  { "next", P_FORM, PK_LINE, 0, 1, 200, "the page to return to" },
  { 0 }
};
static const Param aReadiness[] = {
  { "unit", P_QUERY, PK_CODE, 0, 0, 0, "the unit code" },
  { "levels", P_QUERY, PK_INT, 0, 1, 10, "levels" },
  { 0 }
};
static const Param aUnit[] = {
  { "code", P_PATH, PK_CODE, 1, 0, 0, "the unit code" },
  { 0 }
};
static const Param aMembers[] = {
  { "q", P_QUERY, PK_LINE, 0, 1, 100, "the search text" },
  { "page", P_QUERY, PK_INT, 0, 1, 1000000, "the page number" },
  { "unit", P_QUERY, PK_CODE, 0, 0, 0, "the unit code" },
  { 0 }
};
static const Param aMember[] = {
  { "number", P_PATH, PK_NUMBER, 1, 0, 0, "the membership number" },
  { 0 }
};
static const Param aConversation[] = {
  { "number", P_PATH, PK_NUMBER, 1, 0, 0, "the membership number" },
  { "held_on", P_FORM, PK_DATE, 0, 0, 0, "the date" },
  { "assessment", P_FORM, PK_INT, 0, 0, 5, "the assessment" },
  { "issues", P_FORM, PK_LINE, 0, 1, 400, "the issues" },
  { "notes", P_FORM, PK_TEXT, 0, 1, 1000, "the notes" },
  { 0 }
};

const Route aRoute[] = {
  /* pattern                                 method  handler                flags              params */
  { "/",                                     "GET",  page_root,             0,                 0 },
  { "/healthz",                              "GET",  page_healthz,          R_PUBLIC,          0 },
  { "/static/style.css",                     "GET",  page_style_css,        R_PUBLIC|R_STATIC, 0 },
  { "/favicon.ico",                          "GET",  page_favicon,          R_PUBLIC|R_STATIC, 0 },
  { "/login",                                "GET",  page_login_form,       R_PUBLIC,          aLoginGet },
  { "/login",                                "POST", page_login,            R_PUBLIC|R_LOGIN,  aLoginPost },
  { "/logout",                               "POST", page_logout,           0,                 0 },
  { "/readiness",                            "GET",  page_readiness,        0,                 aReadiness },
  { "/units/:code",                          "GET",  page_unit,             0,                 aUnit },
  { "/members",                              "GET",  page_members,          0,                 aMembers },
  { "/members/:number",                      "GET",  page_member,           0,                 aMember },
  { "/members/:number/conversations",        "POST", page_conversation_add, 0,                 aConversation },
  { "/api/v1/me",                            "GET",  api_me,                R_API,             0 },
  { "/api/v1/readiness",                     "GET",  api_readiness,         R_API,             aReadiness },
  { "/api/v1/units/:code",                   "GET",  api_unit,              R_API,             aUnit },
  { "/api/v1/members",                       "GET",  api_members,           R_API,             aMembers },
  { "/api/v1/members/:number",               "GET",  api_member,            R_API,             aMember },
  { "/api/v1/members/:number/conversations", "POST", api_conversation_add,  R_API,             aConversation },
  { 0 }
};
