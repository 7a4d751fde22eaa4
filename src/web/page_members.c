/* page_members.c: the member list (search, pages), one member (contact data
** with verified dates, positions, conversations) and logging a
** conversation; each with its JSON twin. Everything is limited to the
** user's scope: a member outside it answers 404 as if they did not exist. */
#include "pages.h"
#include "html.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the 1-5 assessment means; index 0 is "not assessed". */
static const char *const azAssessment[] = {
  "not assessed", "will lead", "supportive", "undecided", "not supportive", "opposed"
};

/* A position's kind for people. */
static const char *member_position_name(const char *zKind){
  if( strcmp(zKind, "rep")==0 ) return "Rep";
  if( strcmp(zKind, "health_safety_rep")==0 ) return "Health and safety rep";
  if( strcmp(zKind, "advocate")==0 ) return "Advocate";
  if( strcmp(zKind, "branch_officer")==0 ) return "Branch officer";
  return zKind;
}

/*
** A JSON string or null.
*/
json_t *api_str(const char *z){
  return (z && z[0]) ? json_string(z) : json_null();
}

/*
** A member as lists show them.
*/
json_t *api_member_summary(const Member *m){
  return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:b, s:b}",
    "number", m->zNumber,
    "first_name", m->zFirstName,
    "last_name", m->zLastName,
    "status", m->zStatus,
    "unit", "code", m->zUnitCode, "name", m->zUnitName,
    "address_kind", m->zAddressKind,
    "has_email", m->zEmail[0]!=0,
    "has_mobile", m->zMobile[0]!=0);
}

/* How a member's ballot address stands, in words. */
static const char *member_address_words(const Member *m){
  if( strcmp(m->zAddressKind, "home")==0 ){
    return m->zAddressVerifiedOn[0] ? "home, verified" : "home, not verified";
  }
  if( strcmp(m->zAddressKind, "workplace")==0 ) return "workplace";
  return "unknown";
}

/*
** The member table shared by the list and the unit page. On a
** workplace's own page the Workplace column is left out.
*/
void page_member_table(Req *req, const Member *a, int n, int showPlace){
  if( n==0 ){
    html_raw(req, "<p>No members found.</p>\n");
    return;
  }
  html_raw(req, "<p class=\"scroll-hint\">Scroll the table sideways for more columns.</p>\n"
    "<div class=\"table-wrap\"><table>\n<thead><tr>"
    "<th scope=\"col\">Number</th><th scope=\"col\">Name</th>"
    "<th scope=\"col\">Status</th>");
  if( showPlace ) html_raw(req, "<th scope=\"col\">Workplace</th>");
  html_raw(req, "<th scope=\"col\">Ballot address</th><th scope=\"col\">Email</th>"
    "<th scope=\"col\">Mobile</th></tr></thead>\n<tbody>\n");
  for(int i=0; i<n; i++){
    const Member *m = &a[i];
    const char *zAddr = member_address_words(m);
    html_printf(req,
      "<tr><td><a href=\"/members/%s\">%s</a></td><th scope=\"row\">%s %s</th>"
      "<td>%s</td>",
      html_url(req, m->zNumber), m->zNumber, m->zFirstName, m->zLastName, m->zStatus);
    if( showPlace ) html_printf(req, "<td>%s</td>", m->zUnitName);
    html_printf(req, "<td class=\"%s\">%s</td><td>%s</td><td>%s</td></tr>\n",
      strcmp(zAddr, "home, verified")==0 ? "ok" : "warn", zAddr,
      m->zEmail[0] ? "yes" : "no", m->zMobile[0] ? "yes" : "no");
  }
  html_raw(req, "</tbody></table></div>\n");
}

/* The unit the list is limited to (the "unit" parameter, or the user's
** scope), then one page of matches. 0, or -1 after an error answer. */
static int members_load(Req *req, Unit *pUnit, MemberList *pList, int64_t *pPage){
  const char *zUnit = req_arg(req, "unit");
  int64_t page = req_arg_int(req, "page", 1);
  memset(pList, 0, sizeof(*pList));
  if( zUnit ){
    if( gate_unit(req, zUnit, pUnit) ) return -1;
  }else{
    *pUnit = req->scope;
  }
  if( register_members_list(req->db, pUnit, req_arg(req, "q"),
                            (int)((page-1)*PAGE_SIZE), PAGE_SIZE, pList) ){
    http_error(req, 500, "cannot read members from the database");
    return -1;
  }
  if( page>1 && pList->n==0 ){
    int64_t nPages = (pList->nTotal + PAGE_SIZE - 1)/PAGE_SIZE;
    member_list_clear(pList);
    http_error(req, 404, "there is no page %lld: the list has %lld page%s",
               (long long)page, (long long)nPages, nPages==1 ? "" : "s");
    return -1;
  }
  *pPage = page;
  return 0;
}

/* A link to page `page` of the list with the same search and unit. */
static const char *members_page_href(Req *req, int64_t page){
  const char *zQ = req_arg(req, "q");
  const char *zUnit = req_arg(req, "unit");
  return req_mprintf(req, "/members?page=%lld%s%s%s%s", (long long)page,
                     zQ ? "&q=" : "", zQ ? html_url(req, zQ) : "",
                     zUnit ? "&unit=" : "", zUnit ? html_url(req, zUnit) : "");
}

/*
** GET /members[?q=TEXT&page=N&unit=CODE]
*/
void page_members(Req *req){
  Unit unit;
  MemberList list;
  int64_t page;
  const char *zQ = req_arg(req, "q");
  if( members_load(req, &unit, &list, &page) ) return;
  int64_t nPages = (list.nTotal + PAGE_SIZE - 1)/PAGE_SIZE;

  html_begin(req, "Members");
  html_printf(req, "<h1>Members: %s</h1>\n", unit.zName);
  html_raw(req, "<form class=\"search\" method=\"get\" action=\"/members\" role=\"search\">\n"
                "<div><label for=\"q\">Search by name or membership number</label>");
  html_printf(req, "<input type=\"search\" id=\"q\" name=\"q\" value=\"%s\" maxlength=\"100\"></div>\n",
              zQ ? zQ : "");
  if( req_arg(req, "unit") ){
    html_printf(req, "<input type=\"hidden\" name=\"unit\" value=\"%s\">\n", unit.zCode);
  }
  html_raw(req, "<button class=\"primary\" type=\"submit\">Search</button>\n</form>\n");
  html_printf(req, "<p class=\"muted\">%lld member%s%s%s%s.</p>\n",
              (long long)list.nTotal, list.nTotal==1 ? "" : "s",
              zQ ? " matching \xE2\x80\x9C" : "", zQ ? zQ : "", zQ ? "\xE2\x80\x9D" : "");
  page_member_table(req, list.a, list.n, 1);
  if( nPages>1 ){
    html_printf(req, "<nav class=\"pages\" aria-label=\"Pages\"><ul>\n"
                "<li>Page %lld of %lld</li>\n", (long long)page, (long long)nPages);
    if( page>1 ){
      html_printf(req, "<li><a rel=\"prev\" href=\"%s\">Previous</a></li>\n",
                  members_page_href(req, page-1));
    }
    if( page<nPages ){
      html_printf(req, "<li><a rel=\"next\" href=\"%s\">Next</a></li>\n",
                  members_page_href(req, page+1));
    }
    html_raw(req, "</ul></nav>\n");
  }
  html_end(req);
  member_list_clear(&list);
}

/*
** GET /api/v1/members[?q=TEXT&page=N&unit=CODE]
*/
void api_members(Req *req){
  Unit unit;
  MemberList list;
  int64_t page;
  if( members_load(req, &unit, &list, &page) ) return;
  json_t *a = json_array();
  for(int i=0; i<list.n; i++) json_array_append_new(a, api_member_summary(&list.a[i]));
  json_t *p = json_pack("{s:s, s:I, s:I, s:i, s:o}",
    "unit", unit.zCode, "total", (json_int_t)list.nTotal, "page", (json_int_t)page,
    "per_page", PAGE_SIZE, "members", a);
  member_list_clear(&list);
  http_json(req, 200, p);
}

/* "(verified 2024-03-06)" or "(not verified)" after a contact detail. */
static void member_verified(Req *req, const char *zValue, const char *zOn){
  if( zValue[0]==0 ){
    html_raw(req, "<span class=\"warn\">none held</span>");
  }else if( zOn[0] ){
    html_printf(req, "%s <span class=\"muted\">(verified %s)</span>", zValue, zOn);
  }else{
    html_printf(req, "%s <span class=\"warn\">(not verified)</span>", zValue);
  }
}

/*
** GET /members/NUMBER
*/
void page_member(Req *req){
  Member m;
  MemberDetail d;
  char zToday[11];
  memset(&d, 0, sizeof d);
  if( gate_member(req, req_arg(req, "number"), &m) ) return;
  if( register_member_detail(req->db, m.id, &d) ){
    http_error(req, 500, "cannot read the member's record");
    return;
  }
  date_today(zToday);

  html_begin(req, req_mprintf(req, "%s %s", m.zFirstName, m.zLastName));
  html_printf(req, "<h1>%s %s</h1>\n<p class=\"muted\">Membership number %s \xC2\xB7 %s</p>\n",
              m.zFirstName, m.zLastName, m.zNumber, m.zStatus);

  html_raw(req, "<h2>Work</h2>\n<dl class=\"facts\">\n");
  html_printf(req, "<dt>Employer</dt><dd>%s</dd>\n", m.zEmployer[0] ? m.zEmployer : "unknown");
  html_printf(req, "<dt>Workplace</dt><dd><a href=\"/units/%s\">%s</a></dd>\n",
              html_url(req, m.zUnitCode), m.zUnitName);
  if( m.zCategory[0] ) html_printf(req, "<dt>Category</dt><dd>%s</dd>\n", m.zCategory);
  if( m.zEmploymentType[0] ){
    html_printf(req, "<dt>Employment</dt><dd>%s</dd>\n", m.zEmploymentType);
  }
  if( m.zJoinedOn[0] ) html_printf(req, "<dt>Joined</dt><dd>%s</dd>\n", m.zJoinedOn);
  html_raw(req, "</dl>\n");

  html_raw(req, "<h2>Contact</h2>\n<dl class=\"facts\">\n<dt>Email</dt><dd>");
  member_verified(req, m.zEmail, m.zEmailVerifiedOn);
  html_raw(req, "</dd>\n<dt>Mobile</dt><dd>");
  member_verified(req, m.zMobile, m.zMobileVerifiedOn);
  html_raw(req, "</dd>\n<dt>Address</dt><dd>");
  if( m.zAddressLine1[0] || m.zTown[0] || m.zPostcode[0] ){
    html_printf(req, "%s", m.zAddressLine1);
    if( m.zAddressLine2[0] ) html_printf(req, "<br>%s", m.zAddressLine2);
    if( m.zTown[0] ) html_printf(req, "<br>%s", m.zTown);
    if( m.zPostcode[0] ) html_printf(req, "<br>%s", m.zPostcode);
  }else{
    html_raw(req, "<span class=\"warn\">none held</span>");
  }
  html_raw(req, "</dd>\n<dt>Ballot address</dt><dd>");
  if( strcmp(m.zAddressKind, "home")==0 ){
    html_raw(req, "home address ");
    if( m.zAddressVerifiedOn[0] ){
      html_printf(req, "<span class=\"muted\">(verified %s)</span>", m.zAddressVerifiedOn);
    }else{
      html_raw(req, "<span class=\"warn\">(not verified)</span>");
    }
  }else if( strcmp(m.zAddressKind, "workplace")==0 ){
    html_raw(req, "<span class=\"warn\">a workplace address: a postal ballot "
                  "needs their home address</span>");
  }else{
    html_raw(req, "<span class=\"warn\">unknown whether home or workplace</span>");
  }
  html_raw(req, "</dd>\n</dl>\n");

  html_raw(req, "<h2>Positions</h2>\n");
  if( d.nPosition==0 ){
    html_raw(req, "<p>None.</p>\n");
  }else{
    html_raw(req, "<ul>\n");
    for(int i=0; i<d.nPosition; i++){
      const Position *p = &d.aPosition[i];
      html_printf(req, "<li>%s, <a href=\"/units/%s\">%s</a>%s%s</li>\n",
                  member_position_name(p->zKind), html_url(req, p->zUnitCode), p->zUnitName,
                  p->zSince[0] ? " since " : "", p->zSince);
    }
    html_raw(req, "</ul>\n");
  }

  html_raw(req, "<h2 id=\"conversations\">Conversations</h2>\n");
  if( d.nConversation==0 ){
    html_raw(req, "<p>None logged yet.</p>\n");
  }else{
    html_raw(req, "<div class=\"table-wrap\"><table>\n<thead><tr>"
      "<th scope=\"col\">Date</th><th scope=\"col\">By</th>"
      "<th scope=\"col\">Assessment</th><th scope=\"col\">Issues</th>"
      "<th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n");
    for(int i=0; i<d.nConversation; i++){
      const Conversation *c = &d.aConversation[i];
      int a = (c->assessment>=0 && c->assessment<=5) ? c->assessment : 0;
      html_printf(req, "<tr><td>%s</td><td>%s</td><td>%s%s%s</td><td>%s</td><td class=\"notes\">%s</td></tr>\n",
                  c->zHeldOn, c->zByName[0] ? c->zByName : "\xE2\x80\x94",
                  a ? req_mprintf(req, "%d ", a) : "", a ? "= " : "", azAssessment[a],
                  c->zIssues, c->zNotes);
    }
    html_raw(req, "</tbody></table></div>\n");
  }

  html_printf(req,
    "<h2>Log a conversation</h2>\n"
    "<form class=\"stack\" method=\"post\" action=\"/members/%s/conversations\">\n"
    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
    "<div><label for=\"held_on\">Date</label>"
    "<input type=\"date\" id=\"held_on\" name=\"held_on\" value=\"%s\" max=\"%s\" required></div>\n"
    "<div><label for=\"assessment\">Assessment</label>"
    "<select id=\"assessment\" name=\"assessment\">\n"
    "<option value=\"0\">Not assessed</option>\n",
    html_url(req, m.zNumber), req->zCsrf, zToday, zToday);
  for(int i=1; i<=5; i++){
    html_printf(req, "<option value=\"%d\">%d = %s</option>\n", i, i, azAssessment[i]);
  }
  html_raw(req,
    "</select></div>\n"
    "<div><label for=\"issues\">Issues raised</label>"
    "<input type=\"text\" id=\"issues\" name=\"issues\" maxlength=\"400\"></div>\n"
    "<div><label for=\"notes\">Notes</label>"
    "<textarea id=\"notes\" name=\"notes\" maxlength=\"1000\"></textarea></div>\n"
    "<div><button class=\"primary\" type=\"submit\">Save conversation</button></div>\n"
    "</form>\n");
  html_end(req);
  member_detail_clear(&d);
}

/*
** GET /api/v1/members/NUMBER
*/
void api_member(Req *req){
  Member m;
  MemberDetail d;
  memset(&d, 0, sizeof d);
  if( gate_member(req, req_arg(req, "number"), &m) ) return;
  if( register_member_detail(req->db, m.id, &d) ){
    http_error(req, 500, "cannot read the member's record");
    return;
  }
  json_t *pPos = json_array();
  for(int i=0; i<d.nPosition; i++){
    const Position *p = &d.aPosition[i];
    json_array_append_new(pPos, json_pack("{s:s, s:s, s:s, s:o}",
      "kind", p->zKind, "unit", p->zUnitCode, "unit_name", p->zUnitName,
      "since", api_str(p->zSince)));
  }
  json_t *pConv = json_array();
  for(int i=0; i<d.nConversation; i++){
    const Conversation *c = &d.aConversation[i];
    json_array_append_new(pConv, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
      "held_on", c->zHeldOn, "by_number", api_str(c->zByNumber),
      "by_name", api_str(c->zByName),
      "assessment", c->assessment>0 ? json_integer(c->assessment) : json_null(),
      "issues", api_str(c->zIssues), "notes", api_str(c->zNotes)));
  }
  json_t *p = json_pack(
    "{s:s, s:s, s:s, s:s, s:o, s:{s:s, s:s}, s:o, s:o, s:o,"
    " s:o, s:o, s:o, s:o,"
    " s:{s:o, s:o, s:o, s:o, s:s, s:o},"
    " s:o, s:o}",
    "number", m.zNumber, "first_name", m.zFirstName, "last_name", m.zLastName,
    "status", m.zStatus, "employer", api_str(m.zEmployer),
    "unit", "code", m.zUnitCode, "name", m.zUnitName,
    "category", api_str(m.zCategory), "employment_type", api_str(m.zEmploymentType),
    "joined_on", api_str(m.zJoinedOn),
    "email", api_str(m.zEmail), "email_verified_on", api_str(m.zEmailVerifiedOn),
    "mobile", api_str(m.zMobile), "mobile_verified_on", api_str(m.zMobileVerifiedOn),
    "address", "line1", api_str(m.zAddressLine1), "line2", api_str(m.zAddressLine2),
               "town", api_str(m.zTown), "postcode", api_str(m.zPostcode),
               "kind", m.zAddressKind, "verified_on", api_str(m.zAddressVerifiedOn),
    "positions", pPos, "conversations", pConv);
  member_detail_clear(&d);
  http_json(req, 200, p);
}

/* Check and store a conversation from the form. 0, or -1 after an error
** answer. */
static int conversation_save(Req *req){
  Member m;
  char zToday[11];
  char *zErr = 0;
  const char *zNumber = req_arg(req, "number");
  const char *zDate = req_arg(req, "held_on");
  if( gate_member(req, zNumber, &m) ) return -1;
  date_today(zToday);
  if( zDate==0 ) zDate = zToday;
  if( strcmp(zDate, zToday)>0 ){
    http_error(req, 400, "the date %s is in the future", zDate);
    return -1;
  }
  if( register_add_conversation(req->db, m.zNumber,
                                req->user.zMemberNumber[0] ? req->user.zMemberNumber : 0,
                                zDate, (int)req_arg_int(req, "assessment", 0),
                                req_arg(req, "issues"), req_arg(req, "notes"), &zErr) ){
    http_error(req, 400, "cannot log the conversation: %s", zErr ? zErr : "store error");
    free(zErr);
    return -1;
  }
  return 0;
}

/*
** POST /members/NUMBER/conversations, then back to the member.
*/
void page_conversation_add(Req *req){
  if( conversation_save(req) ) return;
  http_redirect(req, req_mprintf(req, "/members/%s#conversations",
                                 html_url(req, req_arg(req, "number"))));
}

/*
** POST /api/v1/members/NUMBER/conversations: 201 {"ok":true}.
*/
void api_conversation_add(Req *req){
  if( conversation_save(req) ) return;
  http_json(req, 201, json_pack("{s:b}", "ok", 1));
}
