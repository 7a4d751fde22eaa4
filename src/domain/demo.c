/* demo.c: the demo union: a deterministic synthetic "National Union of
** Public Workers" (civil-service departments, GP practices, hospital sites
** whose members are mostly the site's own NHS trust's staff, e.g. nurses,
** healthcare assistants, porters and ward clerks employed by
** "Peterborough General Hospital NHS Foundation Trust", with a minority of
** resident doctors employed by a regional lead employer and, at the first
** site, an outsourced contractor's cleaners), written as import CSV or
** loaded through the real importer with reps, conversations and demo
** accounts. See PRODUCT.md, "The demo union". */
#include "demo.h"
#include "register.h"
#include "users.h"
#include "../util/csv.h"
#include "../util/mem.h"
#include "../util/normalize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*************************** random numbers ***************************/

/* xoshiro256** seeded through splitmix64: small, fast, and the same on
** every platform, so a seed always gives the same union. */
typedef struct Rng Rng;
struct Rng { uint64_t s[4]; };

static uint64_t splitmix64(uint64_t *pX){
  uint64_t z = (*pX += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z>>30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z>>27)) * 0x94d049bb133111ebULL;
  return z ^ (z>>31);
}

static void rng_seed(Rng *r, uint64_t seed){
  for(int i=0; i<4; i++) r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k){ return (x<<k) | (x>>(64-k)); }

static uint64_t rng_next(Rng *r){
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1]*5, 7) * 9;
  uint64_t t = s[1]<<17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* A number in 0..n-1 (n>0); the bias for our small n is negligible. */
static int rng_below(Rng *r, int n){
  return (int)(((rng_next(r)>>32) * (uint64_t)(uint32_t)n) >> 32);
}

/* True with probability pct/100. */
static int rng_pct(Rng *r, int pct){ return rng_below(r, 100) < pct; }

/* A number in lo..hi inclusive. */
static long rng_range(Rng *r, long lo, long hi){
  if( hi<=lo ) return lo;
  return lo + (long)rng_below(r, (int)(hi-lo+1));
}

/* Pick an index 0..n-1 with probability proportional to aW[i] (the
** weights are small: their sum stays far below 2^32). */
static int rng_weighted(Rng *r, const int *aW, int n){
  long sum = 0;
  for(int i=0; i<n; i++) sum += aW[i];
  if( sum<=0 ) return rng_below(r, n);
  long x = (long)(((rng_next(r)>>32) * (uint64_t)sum) >> 32);
  for(int i=0; i<n; i++){
    if( x<aW[i] ) return i;
    x -= aW[i];
  }
  return n-1;
}

/*************************** the data ***************************/

/* Regions, each with the lead employer that holds resident doctors'
** contracts there (their on-paper employer, not the hospital). */
enum { R_NW, R_NE, R_YH, R_WM, R_EM, R_EE, R_LON, R_SE, R_SW, R_WAL, R_SCO };
static const char *const azLeadEmployer[] = {
  "North West Lead Employer Trust",
  "North East Lead Employer Trust",
  "Yorkshire and Humber Lead Employer Trust",
  "West Midlands Lead Employer Trust",
  "East Midlands Lead Employer Trust",
  "East of England Lead Employer Trust",
  "London Lead Employer Trust",
  "South East Lead Employer Trust",
  "South West Lead Employer Trust",
  "Wales Lead Employer for Resident Doctors",
  "Scotland Lead Employer for Resident Doctors",
};

/* Towns: name, code, postcode areas ('|' between several), how many
** districts to use (1..n), region, and a weight for how much goes there. */
typedef struct Town Town;
struct Town {
  const char *zName, *zCode, *zAreas;
  int nDistrict, region, weight;
};
static const Town aTown[] = {
  { "Manchester", "MAN", "M", 35, R_NW, 5 },
  { "Liverpool", "LIV", "L", 37, R_NW, 4 },
  { "Preston", "PRE", "PR", 9, R_NW, 2 },
  { "Bolton", "BOL", "BL", 9, R_NW, 2 },
  { "Blackburn", "BLB", "BB", 12, R_NW, 1 },
  { "Wigan", "WIG", "WN", 8, R_NW, 1 },
  { "Warrington", "WAR", "WA", 16, R_NW, 1 },
  { "Lancaster", "LAN", "LA", 6, R_NW, 1 },
  { "Stockport", "STO", "SK", 17, R_NW, 2 },
  { "Oldham", "OLD", "OL", 16, R_NW, 1 },
  { "Newcastle upon Tyne", "NCL", "NE", 15, R_NE, 3 },
  { "Sunderland", "SUN", "SR", 8, R_NE, 2 },
  { "Durham", "DUR", "DH", 9, R_NE, 1 },
  { "Middlesbrough", "MID", "TS", 25, R_NE, 2 },
  { "Darlington", "DAR", "DL", 16, R_NE, 1 },
  { "Leeds", "LDS", "LS", 29, R_YH, 4 },
  { "Sheffield", "SHF", "S", 36, R_YH, 3 },
  { "Bradford", "BRD", "BD", 24, R_YH, 2 },
  { "Hull", "HUL", "HU", 17, R_YH, 2 },
  { "York", "YRK", "YO", 32, R_YH, 1 },
  { "Wakefield", "WAK", "WF", 17, R_YH, 1 },
  { "Doncaster", "DON", "DN", 22, R_YH, 1 },
  { "Huddersfield", "HUD", "HD", 9, R_YH, 1 },
  { "Birmingham", "BHM", "B", 48, R_WM, 6 },
  { "Coventry", "COV", "CV", 9, R_WM, 2 },
  { "Wolverhampton", "WLV", "WV", 16, R_WM, 2 },
  { "Stoke-on-Trent", "STK", "ST", 21, R_WM, 2 },
  { "Walsall", "WSL", "WS", 15, R_WM, 1 },
  { "Dudley", "DUD", "DY", 14, R_WM, 1 },
  { "Worcester", "WOR", "WR", 15, R_WM, 1 },
  { "Telford", "TEL", "TF", 13, R_WM, 1 },
  { "Nottingham", "NOT", "NG", 34, R_EM, 3 },
  { "Leicester", "LEI", "LE", 19, R_EM, 3 },
  { "Derby", "DER", "DE", 24, R_EM, 2 },
  { "Lincoln", "LIN", "LN", 13, R_EM, 1 },
  { "Northampton", "NTH", "NN", 18, R_EM, 2 },
  { "Norwich", "NOR", "NR", 35, R_EE, 2 },
  { "Cambridge", "CAM", "CB", 25, R_EE, 2 },
  { "Ipswich", "IPS", "IP", 33, R_EE, 1 },
  { "Peterborough", "PET", "PE", 38, R_EE, 1 },
  { "Colchester", "COL", "CO", 16, R_EE, 1 },
  { "Luton", "LUT", "LU", 7, R_EE, 1 },
  { "Chelmsford", "CHM", "CM", 24, R_EE, 1 },
  { "London", "LON", "E|N|SE|SW|NW|W", 9, R_LON, 12 },
  { "Brighton", "BTN", "BN", 45, R_SE, 2 },
  { "Reading", "RDG", "RG", 45, R_SE, 2 },
  { "Southampton", "SOU", "SO", 53, R_SE, 2 },
  { "Portsmouth", "POR", "PO", 22, R_SE, 2 },
  { "Oxford", "OXF", "OX", 29, R_SE, 2 },
  { "Canterbury", "CAN", "CT", 21, R_SE, 1 },
  { "Guildford", "GUI", "GU", 35, R_SE, 1 },
  { "Maidstone", "MAI", "ME", 20, R_SE, 1 },
  { "Dover", "DOV", "CT", 17, R_SE, 1 },
  { "Crawley", "CRW", "RH", 20, R_SE, 1 },
  { "Bristol", "BRS", "BS", 41, R_SW, 4 },
  { "Plymouth", "PLY", "PL", 35, R_SW, 2 },
  { "Exeter", "EXE", "EX", 39, R_SW, 1 },
  { "Bath", "BAT", "BA", 16, R_SW, 1 },
  { "Gloucester", "GLO", "GL", 20, R_SW, 1 },
  { "Swindon", "SWI", "SN", 26, R_SW, 1 },
  { "Truro", "TRU", "TR", 27, R_SW, 1 },
  { "Cardiff", "CDF", "CF", 48, R_WAL, 3 },
  { "Swansea", "SWA", "SA", 73, R_WAL, 2 },
  { "Newport", "NPT", "NP", 44, R_WAL, 1 },
  { "Wrexham", "WRX", "LL", 78, R_WAL, 1 },
  { "Glasgow", "GLA", "G", 84, R_SCO, 4 },
  { "Edinburgh", "EDI", "EH", 55, R_SCO, 3 },
  { "Aberdeen", "ABD", "AB", 56, R_SCO, 2 },
  { "Dundee", "DND", "DD", 11, R_SCO, 1 },
  { "Inverness", "INV", "IV", 63, R_SCO, 1 },
};
#define N_TOWN ((int)(sizeof(aTown)/sizeof(aTown[0])))

/* Border Force posts at ports and airports (town code, site). */
static const struct { const char *zTown, *zSite; } aBorderSite[] = {
  { "LON", "Heathrow Terminal 2" }, { "LON", "Heathrow Terminal 3" },
  { "LON", "Heathrow Terminal 4" }, { "LON", "Heathrow Terminal 5" },
  { "LON", "Heathrow Cargo" }, { "LON", "London City Airport" },
  { "CRW", "Gatwick North Terminal" }, { "CRW", "Gatwick South Terminal" },
  { "DOV", "Dover Eastern Docks" }, { "DOV", "Dover Western Docks" },
  { "MAN", "Manchester Airport" }, { "CHM", "Stansted Airport" },
  { "LUT", "Luton Airport" }, { "BHM", "Birmingham Airport" },
  { "IPS", "Port of Felixstowe" }, { "SOU", "Southampton Docks" },
  { "POR", "Portsmouth International Port" }, { "LIV", "Liverpool Docks" },
  { "HUL", "Hull Ferry Terminal" }, { "NCL", "Newcastle Airport" },
  { "NCL", "Port of Tyne" }, { "BRS", "Bristol Airport" },
  { "GLA", "Glasgow Airport" }, { "EDI", "Edinburgh Airport" },
  { "ABD", "Aberdeen Harbour" }, { "CDF", "Cardiff Airport" },
  { "COL", "Harwich International Port" }, { "DER", "East Midlands Airport" },
  { "LDS", "Leeds Bradford Airport" },
};
#define N_BORDER_SITE ((int)(sizeof(aBorderSite)/sizeof(aBorderSite[0])))
static const char *const azBorderFunction[] = {
  "", "Freight", "Detection", "Intelligence", "Passenger Operations", "Night Team",
};
#define N_BORDER_FUNCTION 6

/* Building and place names: office names, GP practices, address lines. */
static const char *const azLocality[] = {
  "Kingsway", "Victoria House", "Riverside", "Parkside", "Castle Street",
  "Quay House", "Mercury Court", "Albion Street", "Broadway", "Market Place",
  "Station Road", "Crown House", "Hillside", "Northgate", "Southgate",
  "Eastgate", "Westgate", "Bridge Street", "Cathedral Square", "Lowfield",
  "Meadowbank", "Oakwood", "Elm Grove", "Ashfield", "Beechwood", "Willow Bank",
  "Moorside", "Highfield", "Brookside", "Greenhill", "Fairfield", "Springfield",
  "Ridgeway", "Harbour View", "Mill Lane", "Church Street", "Chapel Walk",
  "Abbey Road", "Priory", "Grange", "Orchard House", "Tower House", "Exchange",
  "Phoenix House", "Lakeside", "Canal Street", "Foundry", "Waterloo", "Trinity",
  "Queensway", "Regent House", "Alexandra", "Belle Vue", "Clifton", "Hawthorn",
  "Larkhill", "Newlands", "Woodlands", "St Anne's", "Heathfield",
};
#define N_LOCALITY ((int)(sizeof(azLocality)/sizeof(azLocality[0])))

static const char *const azStreet[] = {
  "Albert", "Victoria", "Church", "Mill", "Station", "Park", "King", "Queen",
  "High", "New", "Grove", "Chapel", "School", "Manor", "Green", "North",
  "South", "West", "Elm", "Oak", "Ash", "Beech", "Cedar", "Willow", "Holly",
  "Ivy", "Rose", "Primrose", "Clarence", "Cromwell", "Nelson", "Wellington",
  "Gladstone", "Stanley", "Windsor", "York", "Lancaster", "Cambridge",
  "Oxford", "Bath", "Hope", "Spring", "Brook", "Meadow", "Orchard", "Forest",
  "Hill", "Valley", "Canal", "Bridge", "Market", "Castle", "Abbey", "Priory",
  "Coronation", "Jubilee", "Balmoral", "Moss", "Heather", "Lime",
};
#define N_STREET ((int)(sizeof(azStreet)/sizeof(azStreet[0])))
static const char *const azStreetType[] = {
  "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent",
  "Grove", "Terrace", "Gardens", "Place", "Road", "Street", "Road",
};
#define N_STREET_TYPE ((int)(sizeof(azStreetType)/sizeof(azStreetType[0])))

/* A name as written, and its ASCII letters for email addresses (0 when
** the name is plain ASCII already). */
typedef struct Name Name;
struct Name { const char *z, *zAscii; };
static const Name aFirst[] = {
  {"Aaliyah",0},{"Abdul",0},{"Adam",0},{"Adebayo",0},{"Adriana",0},{"Agnieszka",0},
  {"Ahmed",0},{"Aisha",0},{"Alan",0},{"Alex",0},{"Alison",0},{"Amandeep",0},
  {"Amara",0},{"Amelia",0},{"Amir",0},{"Amy",0},{"Andrew",0},{"Angela",0},
  {"Anil",0},{"Anna",0},{"Anthony",0},{"Asif",0},{"Ayesha",0},{"Barbara",0},
  {"Bartosz",0},{"Ben",0},{"Bethan",0},{"Bilal",0},{"Bronwen",0},{"Callum",0},
  {"Carl",0},{"Caroline",0},{"Catherine",0},{"Ceri",0},{"Charlotte",0},{"Chen",0},
  {"Chidi",0},{"Chloe",0},{"Ciaran",0},{"Claire",0},{"Colin",0},{"Connor",0},
  {"Craig",0},{"Daniel",0},{"Darren",0},{"David",0},{"Dawn",0},{"Deborah",0},
  {"Declan",0},{"Deepa",0},{"Denise",0},{"Dylan",0},{"Eilidh",0},{"Elaine",0},
  {"Eleanor",0},{"Emeka",0},{"Emily",0},{"Emma",0},{"Eoin",0},{"Erin",0},
  {"Fatima",0},{"Fiona",0},{"Folake",0},{"Gareth",0},{"Gary",0},{"Gemma",0},
  {"Graham",0},{"Grace",0},{"Gurpreet",0},{"Hannah",0},{"Harjit",0},{"Harry",0},
  {"Hassan",0},{"Helen",0},{"Ian",0},{"Ibrahim",0},{"Imran",0},{"Isla",0},
  {"Jack",0},{"Jacqueline",0},{"James",0},{"Jamal",0},{"Janet",0},{"Jasmine",0},
  {"Jason",0},{"Jennifer",0},{"Joanne",0},{"John",0},{"Jordan",0},{"Joseph",0},
  {"Julie",0},{"Karen",0},{"Katarzyna",0},{"Kayode",0},{"Kelly",0},{"Kevin",0},
  {"Kieran",0},{"Kirsty",0},{"Kwame",0},{"Laura",0},{"Lauren",0},{"Lee",0},
  {"Leanne",0},{"Lewis",0},{"Liam",0},{"Lisa",0},{"Lucy",0},{"\xc5\x81ukasz","lukasz"},
  {"Mandeep",0},{"Marcus",0},{"Margaret",0},{"Maria",0},{"Mark",0},{"Martin",0},
  {"Mary",0},{"Matthew",0},{"Megan",0},{"Mei",0},{"Michael",0},{"Michelle",0},
  {"Mohammed",0},{"Muhammad",0},{"Nadia",0},{"Naomi",0},{"Natalie",0},{"Neil",0},
  {"Nicola",0},{"Niamh",0},{"Nkechi",0},{"Oliver",0},{"Olivia",0},{"Omar",0},
  {"Owen",0},{"Patrick",0},{"Paul",0},{"Paula",0},{"Priya",0},{"Rachel",0},
  {"Rajesh",0},{"Rebecca",0},{"Rhys",0},{"Richard",0},{"Robert",0},{"Rukhsana",0},
  {"Ryan",0},{"Samina",0},{"Samuel",0},{"Sandeep",0},{"Sarah",0},{"Scott",0},
  {"Sean",0},{"Shabana",0},{"Sharon",0},{"Shauna",0},{"Si\xc3\xa2n","sian"},{"Simon",0},
  {"Sin\xc3\xa9" "ad","sinead"},{"Sophie",0},{"Stephen",0},{"Stuart",0},{"Susan",0},
  {"Tariq",0},{"Thomas",0},{"Tomasz",0},{"Tracey",0},{"Usman",0},{"Victoria",0},
  {"Wei",0},{"Yasmin",0},{"Yusuf",0},{"Zainab",0},{"Zofia",0},{"Zo\xc3\xab","zoe"},
};
#define N_FIRST ((int)(sizeof(aFirst)/sizeof(aFirst[0])))
static const Name aLast[] = {
  {"Smith",0},{"Jones",0},{"Williams",0},{"Taylor",0},{"Brown",0},{"Davies",0},
  {"Evans",0},{"Wilson",0},{"Thomas",0},{"Johnson",0},{"Roberts",0},{"Robinson",0},
  {"Thompson",0},{"Wright",0},{"Walker",0},{"White",0},{"Edwards",0},{"Hughes",0},
  {"Green",0},{"Hall",0},{"Lewis",0},{"Harris",0},{"Clarke",0},{"Patel",0},
  {"Jackson",0},{"Wood",0},{"Turner",0},{"Martin",0},{"Cooper",0},{"Hill",0},
  {"Ward",0},{"Morris",0},{"Moore",0},{"Clark",0},{"Lee",0},{"King",0},
  {"Baker",0},{"Harrison",0},{"Morgan",0},{"Allen",0},{"James",0},{"Scott",0},
  {"Phillips",0},{"Watson",0},{"Davis",0},{"Parker",0},{"Price",0},{"Bennett",0},
  {"Young",0},{"Griffiths",0},{"Mitchell",0},{"Kelly",0},{"Cook",0},{"Carter",0},
  {"Richardson",0},{"Bailey",0},{"Collins",0},{"Bell",0},{"Shaw",0},{"Murphy",0},
  {"Miller",0},{"Cox",0},{"Richards",0},{"Khan",0},{"Marshall",0},{"Anderson",0},
  {"Simpson",0},{"Ellis",0},{"Adams",0},{"Singh",0},{"Begum",0},{"Wilkinson",0},
  {"Foster",0},{"Chapman",0},{"Powell",0},{"Webb",0},{"Rogers",0},{"Gray",0},
  {"Mason",0},{"Ali",0},{"Hussain",0},{"Campbell",0},{"Matthews",0},{"Owen",0},
  {"Palmer",0},{"Holmes",0},{"Mills",0},{"Barnes",0},{"Knight",0},{"Lloyd",0},
  {"Butler",0},{"Russell",0},{"Barker",0},{"Fisher",0},{"Stevens",0},{"Jenkins",0},
  {"Murray",0},{"Dixon",0},{"Harvey",0},{"Ahmed",0},{"Akhtar",0},{"Shah",0},
  {"Chowdhury",0},{"Rahman",0},{"Iqbal",0},{"Kaur",0},{"Sharma",0},{"Gill",0},
  {"Mistry",0},{"Okafor",0},{"Adeyemi",0},{"Mensah",0},{"Osei",0},{"Okoye",0},
  {"Boateng",0},{"Nowak",0},{"Kowalczyk",0},{"W\xc3\xb3jcik","wojcik"},{"Wang",0},{"Li",0},
  {"Zhang",0},{"Chen",0},{"Nguyen",0},{"Tran",0},{"O'Brien","obrien"},
  {"O'Connor","oconnor"},{"O'Neill","oneill"},{"McDonald",0},{"MacLeod",0},
  {"McKenzie",0},{"Fraser",0},{"Stewart",0},{"Reid",0},{"Robertson",0},{"Grant",0},
  {"Ross",0},{"Duffy",0},{"Gallagher",0},{"Doherty",0},{"Byrne",0},{"Quinn",0},
  {"Pritchard",0},{"Llewellyn",0},{"Rees",0},{"Vaughan",0},{"Howells",0},
  {"Da Silva","dasilva"},{"Santos",0},{"Costa",0},{"Ferreira",0},{"Mohamed",0},
  {"Abdi",0},{"Yusuf",0},{"Hassan",0},{"Ibrahim",0},{"Demir",0},{"Kaya",0},
  {"Papadopoulos",0},{"Rossi",0},{"Walsh",0},{"Brennan",0},
};
#define N_LAST ((int)(sizeof(aLast)/sizeof(aLast[0])))

/* Reserved example domains (RFC 2606), so no demo mail can reach anyone. */
static const char *const azMailDomain[] = {
  "example.org", "example.com", "example.net", "mail.example.org",
  "post.example.net", "inbox.example.com",
};
#define N_MAIL_DOMAIN 6

/* Letters Royal Mail uses in the inward code of a postcode. */
static const char zInwardLetters[] = "ABDEFGHJLNPQRSTUWXYZ";

/* The groups: departments of the civil service, then health. */
enum { G_DWP, G_HMRC, G_MOJ, G_HO, G_HEALTH, G_N };
static const struct { const char *zCode, *zName, *zEmployer, *zBranch; } aGroup[G_N] = {
  { "DWP", "Department for Work and Pensions", "Department for Work and Pensions", "DWP" },
  { "HMRC", "HM Revenue and Customs", "HM Revenue and Customs", "HMRC" },
  { "MOJ", "Ministry of Justice", "Ministry of Justice", "MOJ" },
  { "HO", "Home Office", "Home Office", "Home Office" },
  { "HEALTH", "Health", 0, "Health" },
};

/* Kinds of civil-service office: name, how common, relative size (%). */
typedef struct OfficeKind OfficeKind;
struct OfficeKind { const char *zName; int weight, sizePct; };
static const OfficeKind aDwpKind[] = {
  { "Jobcentre", 60, 100 }, { "Benefit Centre", 18, 250 },
  { "Service Centre", 12, 200 }, { "Pension Centre", 10, 200 }, { 0, 0, 0 },
};
static const OfficeKind aHmrcKind[] = {
  { "Tax Office", 35, 100 }, { "Regional Centre", 25, 300 },
  { "Contact Centre", 25, 200 }, { "Debt Management Office", 15, 100 }, { 0, 0, 0 },
};
static const OfficeKind aMojKind[] = {
  { "Crown Court", 20, 100 }, { "Magistrates' Court", 30, 80 },
  { "County Court", 20, 80 }, { "Tribunal Hearing Centre", 15, 70 },
  { "Courts and Tribunals Service Centre", 15, 250 }, { 0, 0, 0 },
};

static const char *const azHospitalStyle[] = {
  "%s General Hospital", "%s Royal Infirmary", "%s University Hospital",
  "St Luke's Hospital, %s", "%s Community Hospital", "St Mary's Hospital, %s",
  "%s Children's Hospital",
};
#define N_HOSPITAL_STYLE 7
static const char *const azPracticeStyle[] = {
  "Surgery", "Medical Practice", "Health Centre", "Medical Centre", "Family Practice",
};
#define N_PRACTICE_STYLE 5

#define CLEANING_EMPLOYER "Brightclean Services Ltd"
/* A hospital site's own trust: the site's name and this, e.g.
** "Peterborough General Hospital NHS Foundation Trust". */
#define TRUST_SUFFIX      " NHS Foundation Trust"

/* The trust's own staff at a hospital site: categories and how common. */
static const char *const azTrustRole[] = { "staff nurse", "healthcare assistant",
  "porter", "ward clerk", "ward sister", "physiotherapist", "pharmacy technician" };
static const int aTrustRoleW[] = { 38, 26, 10, 10, 6, 5, 5 };
#define N_TRUST_ROLE 7
#define AGENCY_EMPLOYER   "Crown Temporary Staffing Ltd"

/* Civil-service grades and how common each is, in offices and at the border. */
static const char *const azGrade[] = { "AA", "AO", "EO", "HEO", "SEO", "G7" };
static const int aGradeOffice[] = { 8, 38, 30, 15, 7, 2 };
static const int aGradeBorder[] = { 0, 35, 45, 15, 5, 0 };

/* GP practice roles: category and employment type. */
enum { GP_PARTNER, GP_SALARIED, GP_LOCUM, GP_NURSE, GP_RECEPTION, GP_N };
static const struct { const char *zCategory, *zType; } aGpRole[GP_N] = {
  { "GP partner", "partner" }, { "salaried GP", "salaried" }, { "locum GP", "locum" },
  { "practice nurse", "employed" }, { "receptionist", "employed" },
};

/* What people talk about, by kind of workplace. */
static const char *const azIssueOffice[] = { "pay", "workload", "office closure",
  "hybrid working", "pensions", "staffing", "performance management",
  "covid safety", "IT systems", 0 };
static const char *const azIssueBorder[] = { "pay", "staffing", "shift patterns",
  "pensions", "workload", "covid safety", 0 };
static const char *const azIssueHospital[] = { "pay", "rota gaps", "workload",
  "pensions", "exception reporting", "patient safety", "covid safety",
  "training time", 0 };
static const char *const azIssueWard[] = { "pay", "staffing levels", "workload",
  "pensions", "patient safety", "shift patterns", "covid safety", "car parking", 0 };
static const char *const azIssuePractice[] = { "pay", "workload", "practice funding",
  "pensions", "locum rates", "patient safety", 0 };
static const char *const azIssueCleaner[] = { "pay", "sick pay", "workload",
  "covid safety", "outsourcing", 0 };
static const char *const azNote[] = {
  "Keen to help get the vote out in the office.",
  "Will talk to their team about the ballot.",
  "Worried about losing pay if we strike.",
  "Asked for the pension changes in writing.",
  "Not interested at the moment; call back in the new year.",
  "Angry about the closure plans.",
  "Would be willing to become an advocate.",
  "Wants to know what other sites are doing.",
  "Has never been asked to vote before.",
  "Ballot post went to the old workplace address; gave a home address.",
  "Prefers text messages to email.",
  "Thinks management will back down if we are organised.",
};
#define N_NOTE ((int)(sizeof(azNote)/sizeof(azNote[0])))

/*************************** the plan ***************************/

enum { K_UNION, K_GROUP, K_BRANCH, K_WORKPLACE };
static const char *const azKind[] = { "union", "group", "branch", "workplace" };
enum { WT_NONE, WT_OFFICE, WT_BORDER, WT_HOSPITAL, WT_PRACTICE };

/* One unit of the demo union. */
typedef struct DUnit DUnit;
struct DUnit {
  char zCode[40];
  char zName[96];
  unsigned char kind;        /* K_ */
  unsigned char wpType;      /* WT_, for workplaces */
  unsigned char quality;     /* contact data: 0 poor, 1 mixed, 2 good */
  unsigned char wpAddrPct;   /* % of ballot addresses that are the workplace */
  unsigned char noRep;       /* branch: no rep in any of its workplaces */
  unsigned char forceRep;    /* workplace: always has a rep */
  unsigned char forceNoRep;  /* workplace: never has a rep */
  int parent;                /* index of the parent unit, -1 for the union */
  int group;                 /* G_ */
  int town;                  /* index into aTown */
  int nMember;               /* members whose workplace this is */
  int nLeft;                 /* members not yet generated */
  int aRoleLeft[GP_N];       /* practice: roles not yet given; hospital:
                             ** [0] the cleaners and [1] the resident
                             ** doctors not yet given; the rest are the
                             ** trust's own staff */
  char zStreet[48];          /* the workplace's street address */
  char zPostcode[10];
};

/* Member status as kept in Plan.aStatus. */
#define ST_ACTIVE   0
#define ST_LAPSED   1
#define ST_RETIRED  2
#define ST_MASK     3
#define ST_CLEANER  0x10     /* works for the cleaning contractor */
#define ST_DOCTOR   0x20     /* a resident doctor (lead employer) */

typedef struct Plan Plan;
struct Plan {
  DUnit *a;                  /* owned */
  int n, nAlloc;
  int nMember;
  int *aWp;                  /* owned: member k's workplace (index into a) */
  unsigned char *aStatus;    /* owned: member k's ST_ status, | ST_CLEANER, ST_DOCTOR */
  long today;                /* days since 1970 */
  int iSecBranch;            /* the branch the demo secretary runs */
  int iOfficerBranch;        /* the branch whose officer is the demo national officer */
};

static int plan_add(Plan *P, int kind, int parent, int group, int town){
  if( P->n==P->nAlloc ){
    P->nAlloc = P->nAlloc ? 2*P->nAlloc : 256;
    P->a = xrealloc(P->a, (size_t)P->nAlloc*sizeof(DUnit));
  }
  DUnit *u = &P->a[P->n];
  memset(u, 0, sizeof(*u));
  u->kind = (unsigned char)kind;
  u->parent = parent;
  u->group = group;
  u->town = town;
  return P->n++;
}

/* One postcode in a town: AREA + district, space, digit + two letters.
** zOut has room for at least 10 bytes. */
static void gen_postcode(Rng *r, const Town *t, char *zOut){
  char zArea[12];
  int nArea = 0;
  const char *z = t->zAreas;
  int nChoice = 1;
  for(const char *c=z; *c; c++) if( *c=='|' ) nChoice++;
  int pick = rng_below(r, nChoice);
  while( pick>0 ){ if( *z++=='|' ) pick--; }
  while( *z && *z!='|' && nArea<3 ) zArea[nArea++] = *z++;
  int district = 1 + rng_below(r, t->nDistrict);   /* 1..99 */
  if( district>=10 ) zArea[nArea++] = (char)('0' + district/10);
  zArea[nArea++] = (char)('0' + district%10);
  zArea[nArea++] = ' ';
  zArea[nArea++] = (char)('0' + rng_below(r, 10));
  zArea[nArea++] = zInwardLetters[rng_below(r, 20)];
  zArea[nArea++] = zInwardLetters[rng_below(r, 20)];
  zArea[nArea] = 0;
  memcpy(zOut, zArea, (size_t)nArea+1);
}

/* A street address line: "27 Albert Road". */
static void gen_street(Rng *r, char *zOut, size_t n){
  snprintf(zOut, n, "%d %s %s", 1 + rng_below(r, 180), azStreet[rng_below(r, N_STREET)],
           azStreetType[rng_below(r, N_STREET_TYPE)]);
}

/* Choose n distinct towns (n <= N_TOWN), likelier by weight. */
static void pick_towns(Rng *r, int n, int *aOut){
  int aW[N_TOWN];
  for(int i=0; i<N_TOWN; i++) aW[i] = aTown[i].weight;
  for(int k=0; k<n; k++){
    int i = rng_weighted(r, aW, N_TOWN);
    aOut[k] = i;
    aW[i] = 0;
  }
}

/* Share nPool members among n units in proportion to aWeight, each getting
** at least nMin where the pool allows; exact total. */
static void allocate(Rng *r, Plan *P, const int *aIdx, const int *aWeight, int n,
                     int nPool, int nMin){
  if( n<=0 ) return;
  int m = nPool/n < nMin ? nPool/n : nMin;
  int64_t rest = nPool - (int64_t)m*n, sum = 0, given = 0;
  for(int i=0; i<n; i++) sum += aWeight[i];
  for(int i=0; i<n; i++){
    int c = m + (int)(sum ? rest*aWeight[i]/sum : 0);
    P->a[aIdx[i]].nMember = c;
    given += c;
  }
  int start = rng_below(r, n);
  for(int64_t j=0; given<nPool; j++, given++) P->a[aIdx[(start+j)%n]].nMember++;
}

/* An uneven size weight: the product of two uniforms, 400..9801. */
static int size_weight(Rng *r){
  return (20 + rng_below(r, 80)) * (20 + rng_below(r, 80));
}

/* Contact-data quality and workplace-address share for a new workplace. */
static void set_traits(Rng *r, DUnit *u, int legacyPct){
  int q = rng_below(r, 100);
  u->quality = (unsigned char)(q<25 ? 0 : q<70 ? 1 : 2);
  if( rng_pct(r, legacyPct) ) u->wpAddrPct = (unsigned char)(55 + rng_below(r, 31));
  else u->wpAddrPct = (unsigned char)(2 + rng_below(r, 9));
  gen_street(r, u->zStreet, sizeof u->zStreet);
  gen_postcode(r, &aTown[u->town], u->zPostcode);
}

/* Spread n items over nB buckets: one each first, then by town weight. */
static void spread(Rng *r, int n, int nB, const int *aTownOf, int *aCnt){
  int aW[N_TOWN];
  for(int b=0; b<nB; b++){ aW[b] = aTown[aTownOf[b]].weight; aCnt[b] = 0; }
  for(int k=0; k<n; k++) aCnt[k<nB ? k : rng_weighted(r, aW, nB)]++;
}

/* A civil-service department: branches in towns, offices in branches. */
static void plan_department(Plan *P, Rng *r, int iGroup, int g, int nPool, int avg,
                            const OfficeKind *aKind){
  if( nPool<=0 ) return;
  int nW = (nPool + avg/2)/avg;
  if( nW<1 ) nW = 1;
  int nB = (nW+4)/8;
  if( nB<2 ) nB = nW<2 ? nW : 2;
  if( nB>N_TOWN ) nB = N_TOWN;
  int aTownOf[N_TOWN], aCnt[N_TOWN], aKindW[8], nKind = 0;
  pick_towns(r, nB, aTownOf);
  spread(r, nW, nB, aTownOf, aCnt);
  for(; aKind[nKind].zName; nKind++) aKindW[nKind] = aKind[nKind].weight;
  int *aIdx = xmalloc((size_t)nW*sizeof(int)), *aWeight = xmalloc((size_t)nW*sizeof(int));
  int nDone = 0;
  for(int b=0; b<nB; b++){
    const Town *t = &aTown[aTownOf[b]];
    char zB[16];
    snprintf(zB, sizeof zB, "%s-%s", aGroup[g].zCode, t->zCode);
    int iB = plan_add(P, K_BRANCH, iGroup, g, aTownOf[b]);
    snprintf(P->a[iB].zCode, sizeof P->a[iB].zCode, "%s", zB);
    snprintf(P->a[iB].zName, sizeof P->a[iB].zName, "%s %s", aGroup[g].zBranch, t->zName);
    int loc0 = rng_below(r, N_LOCALITY);
    for(int k=0; k<aCnt[b]; k++){
      int iW = plan_add(P, K_WORKPLACE, iB, g, aTownOf[b]);
      DUnit *u = &P->a[iW];
      const OfficeKind *ok = &aKind[rng_weighted(r, aKindW, nKind)];
      u->wpType = WT_OFFICE;
      snprintf(u->zCode, sizeof u->zCode, "%s-%02d", zB, k+1);
      if( k<N_LOCALITY ){
        snprintf(u->zName, sizeof u->zName, "%s %s (%s)", t->zName, ok->zName,
                 azLocality[(loc0+k)%N_LOCALITY]);
      }else{
        snprintf(u->zName, sizeof u->zName, "%s %s (%s %d)", t->zName, ok->zName,
                 azLocality[(loc0+k)%N_LOCALITY], k/N_LOCALITY + 1);
      }
      set_traits(r, u, 18);
      aIdx[nDone] = iW;
      aWeight[nDone++] = size_weight(r) * ok->sizePct / 100;
    }
  }
  allocate(r, P, aIdx, aWeight, nW, nPool, 3);
  free(aIdx);
  free(aWeight);
}

/* The Home Office: Border Force teams at ports and airports, a branch per
** town. */
static void plan_border(Plan *P, Rng *r, int iGroup, int nPool, int avg){
  if( nPool<=0 ) return;
  int nW = (nPool + avg/2)/avg;
  if( nW<1 ) nW = 1;
  if( nW>N_BORDER_SITE*N_BORDER_FUNCTION ) nW = N_BORDER_SITE*N_BORDER_FUNCTION;
  int aSite[N_BORDER_SITE];
  for(int i=0; i<N_BORDER_SITE; i++) aSite[i] = i;
  for(int i=N_BORDER_SITE-1; i>0; i--){
    int j = rng_below(r, i+1), t = aSite[i];
    aSite[i] = aSite[j]; aSite[j] = t;
  }
  int aTownOf[N_BORDER_SITE], nB = 0;
  for(int w=0; w<nW && w<N_BORDER_SITE; w++){
    int iTown = 0;
    while( strcmp(aTown[iTown].zCode, aBorderSite[aSite[w]].zTown) ) iTown++;
    int b;
    for(b=0; b<nB && aTownOf[b]!=iTown; b++){}
    if( b==nB ) aTownOf[nB++] = iTown;
  }
  int *aIdx = xmalloc((size_t)nW*sizeof(int)), *aWeight = xmalloc((size_t)nW*sizeof(int));
  int nDone = 0;
  for(int b=0; b<nB; b++){
    const Town *t = &aTown[aTownOf[b]];
    int iB = plan_add(P, K_BRANCH, iGroup, G_HO, aTownOf[b]);
    snprintf(P->a[iB].zCode, sizeof P->a[iB].zCode, "HO-%s", t->zCode);
    snprintf(P->a[iB].zName, sizeof P->a[iB].zName, "Home Office %s", t->zName);
    int k = 0;
    for(int w=0; w<nW; w++){
      const char *zSite = aBorderSite[aSite[w%N_BORDER_SITE]].zSite;
      if( strcmp(aBorderSite[aSite[w%N_BORDER_SITE]].zTown, t->zCode) ) continue;
      int fn = w / N_BORDER_SITE;
      int iW = plan_add(P, K_WORKPLACE, iB, G_HO, aTownOf[b]);
      DUnit *u = &P->a[iW];
      u->wpType = WT_BORDER;
      snprintf(u->zCode, sizeof u->zCode, "HO-%s-%02d", t->zCode, ++k);
      if( fn==0 ) snprintf(u->zName, sizeof u->zName, "%s Border Force", zSite);
      else snprintf(u->zName, sizeof u->zName, "%s Border Force (%s)", zSite, azBorderFunction[fn]);
      set_traits(r, u, 10);
      aIdx[nDone] = iW;
      aWeight[nDone++] = size_weight(r);
    }
  }
  allocate(r, P, aIdx, aWeight, nDone, nPool, 3);
  free(aIdx);
  free(aWeight);
}

/* Health: hospital sites and GP practices, a branch per town. Most of a
** site's members are its own NHS trust's staff; a minority are resident
** doctors employed on paper by a regional lead employer; at the first
** site (given the most members) an outsourced cleaning contractor's staff
** too. nHosp members work at the sites for the trust or lead employer. */
static void plan_health(Plan *P, Rng *r, int iGroup, int nHosp, int nClean, int nGp){
  int nSite = nHosp>0 ? (nHosp+190)/380 : 0;
  if( nSite<1 && (nHosp>0 || nClean>0) ) nSite = 1;
  /* GP practices: a few partners, salaried GPs, locums and staff each. */
  int nPrac = 0, nPracAlloc = 0, nLeft = nGp;
  int (*aComp)[GP_N] = 0;
  while( nLeft>0 ){
    int c[GP_N] = { 1 + rng_below(r, 4), rng_below(r, 4), rng_below(r, 3),
                    rng_below(r, 3), rng_below(r, 3) };
    int tot = 0;
    for(int i=0; i<GP_N; i++) tot += c[i];
    for(int i=GP_N-1; i>=0 && tot>nLeft; i--){
      int cut = c[i] - (i==0 ? 1 : 0);
      if( cut>tot-nLeft ) cut = tot-nLeft;
      c[i] -= cut; tot -= cut;
    }
    if( nLeft-tot<2 ){ c[GP_SALARIED] += nLeft-tot; tot = nLeft; }
    if( nPrac==nPracAlloc ){
      nPracAlloc = nPracAlloc ? 2*nPracAlloc : 64;
      aComp = xrealloc(aComp, (size_t)nPracAlloc*sizeof(*aComp));
    }
    memcpy(aComp[nPrac++], c, sizeof c);
    nLeft -= tot;
  }
  int nW = nSite + nPrac;
  if( nW==0 ){ free(aComp); return; }
  int nB = (nW+15)/30;
  if( nB<2 ) nB = nW<2 ? nW : 2;
  if( nB>N_TOWN ) nB = N_TOWN;
  int aTownOf[N_TOWN], aSiteCnt[N_TOWN], aPracCnt[N_TOWN], aW[N_TOWN];
  pick_towns(r, nB, aTownOf);
  spread(r, nSite, nB, aTownOf, aSiteCnt);
  for(int b=0; b<nB; b++){ aPracCnt[b] = 0; aW[b] = aTown[aTownOf[b]].weight; }
  for(int k=0, b=0; k<nPrac; k++){
    while( b<nB && aSiteCnt[b]+aPracCnt[b]>0 ) b++;    /* no empty branch */
    aPracCnt[b<nB ? b : rng_weighted(r, aW, nB)]++;
  }
  int *aIdx = xmalloc((size_t)(nSite+1)*sizeof(int));
  int *aWeight = xmalloc((size_t)(nSite+1)*sizeof(int));
  int nSiteDone = 0, iPrac = 0;
  for(int b=0; b<nB; b++){
    const Town *t = &aTown[aTownOf[b]];
    int iB = plan_add(P, K_BRANCH, iGroup, G_HEALTH, aTownOf[b]);
    snprintf(P->a[iB].zCode, sizeof P->a[iB].zCode, "H-%s", t->zCode);
    snprintf(P->a[iB].zName, sizeof P->a[iB].zName, "Health %s", t->zName);
    for(int k=0; k<aSiteCnt[b]; k++){
      int iW = plan_add(P, K_WORKPLACE, iB, G_HEALTH, aTownOf[b]);
      DUnit *u = &P->a[iW];
      u->wpType = WT_HOSPITAL;
      snprintf(u->zCode, sizeof u->zCode, "H-%s-HOSP%d", t->zCode, k+1);
      if( k<N_HOSPITAL_STYLE ){
        snprintf(u->zName, sizeof u->zName, azHospitalStyle[k], t->zName);
      }else{
        snprintf(u->zName, sizeof u->zName, "%s General Hospital (site %d)", t->zName, k+1);
      }
      set_traits(r, u, 10);
      aIdx[nSiteDone] = iW;
      aWeight[nSiteDone++] = size_weight(r);
    }
    int loc0 = rng_below(r, N_LOCALITY), sty0 = rng_below(r, N_PRACTICE_STYLE);
    for(int k=0; k<aPracCnt[b]; k++, iPrac++){
      int iW = plan_add(P, K_WORKPLACE, iB, G_HEALTH, aTownOf[b]);
      DUnit *u = &P->a[iW];
      u->wpType = WT_PRACTICE;
      snprintf(u->zCode, sizeof u->zCode, "H-%s-GP%03d", t->zCode, k+1);
      const char *zLoc = azLocality[(loc0+k)%N_LOCALITY];
      const char *zSty = azPracticeStyle[(sty0 + k/N_LOCALITY + 3*(k%N_LOCALITY))%N_PRACTICE_STYLE];
      if( k<N_LOCALITY*N_PRACTICE_STYLE ){
        snprintf(u->zName, sizeof u->zName, "%s %s, %s", zLoc, zSty, t->zName);
      }else{
        snprintf(u->zName, sizeof u->zName, "%s %s %d, %s", zLoc, zSty,
                 k/(N_LOCALITY*N_PRACTICE_STYLE)+1, t->zName);
      }
      set_traits(r, u, 0);
      if( u->quality==0 ) u->quality = 1;
      int tot = 0;
      for(int i=0; i<GP_N; i++){ u->aRoleLeft[i] = aComp[iPrac][i]; tot += aComp[iPrac][i]; }
      u->nMember = tot;
    }
  }
  allocate(r, P, aIdx, aWeight, nSiteDone, nHosp, 3);
  if( nSiteDone>0 ){
    /* the contractor works at the first site: give it the most members */
    int iMax = 0;
    for(int i=1; i<nSiteDone; i++){
      if( P->a[aIdx[i]].nMember > P->a[aIdx[iMax]].nMember ) iMax = i;
    }
    int t = P->a[aIdx[0]].nMember;
    P->a[aIdx[0]].nMember = P->a[aIdx[iMax]].nMember;
    P->a[aIdx[iMax]].nMember = t;
    P->a[aIdx[0]].nMember += nClean;
  }
  for(int i=0; i<nSiteDone; i++){
    /* roles: cleaners (at most a quarter of the site; any beyond that
    ** become trust staff) and doctors together stay under half the site,
    ** so the trust's own staff are always the majority */
    DUnit *u = &P->a[aIdx[i]];
    int nOther = (u->nMember-1)/2;
    int nC = i==0 ? nClean : 0;
    if( nC>u->nMember/4 ) nC = u->nMember/4;
    int nD = (u->nMember - nC) * (28 + rng_below(r, 13)) / 100;
    if( nD>nOther-nC ) nD = nOther-nC;
    u->aRoleLeft[0] = nC;
    u->aRoleLeft[1] = nD;
  }
  free(aIdx);
  free(aWeight);
  free(aComp);
}

/* Lay out the whole union for nMember members, then decide which workplace
** each member is in (shuffled, so membership numbers cross workplaces). */
static void plan_build(Plan *P, const DemoOpts *o, Rng *r){
  char zToday[11];
  int N = o->nMembers;
  memset(P, 0, sizeof(*P));
  date_today(zToday);
  P->today = date_to_days(zToday);
  P->nMember = N;
  int nClean = N/100 < 20 + N/2000 ? N/100 : 20 + N/2000;
  int nGp = N*2/100, nHosp = N*22/100, nHo = N*5/100, nMoj = N*14/100, nHmrc = N*23/100;
  int nDwp = N - nClean - nGp - nHosp - nHo - nMoj - nHmrc;

  int iRoot = plan_add(P, K_UNION, -1, -1, 0);
  snprintf(P->a[iRoot].zCode, sizeof P->a[iRoot].zCode, "NUPW");
  snprintf(P->a[iRoot].zName, sizeof P->a[iRoot].zName, "National Union of Public Workers");
  int aG[G_N];
  for(int g=0; g<G_N; g++){
    aG[g] = plan_add(P, K_GROUP, iRoot, g, 0);
    snprintf(P->a[aG[g]].zCode, sizeof P->a[aG[g]].zCode, "%s", aGroup[g].zCode);
    snprintf(P->a[aG[g]].zName, sizeof P->a[aG[g]].zName, "%s", aGroup[g].zName);
  }
  int iDwp = P->n;
  plan_department(P, r, aG[G_DWP], G_DWP, nDwp, 200, aDwpKind);
  int iHmrc = P->n;
  plan_department(P, r, aG[G_HMRC], G_HMRC, nHmrc, 250, aHmrcKind);
  int iMoj = P->n;
  plan_department(P, r, aG[G_MOJ], G_MOJ, nMoj, 160, aMojKind);
  plan_border(P, r, aG[G_HO], nHo, 250);
  plan_health(P, r, aG[G_HEALTH], nHosp, nClean, nGp);

  /* The demo's own story: the secretary's branch (the DWP branch with the
  ** most offices) has a rep in its first office, an office whose ballot
  ** addresses are mostly the workplace, and (with three or more) an office
  ** with no rep; the first MOJ branch has no rep at all. */
  P->iSecBranch = iDwp;
  for(int i=iDwp, nBest=0; i<iHmrc; i++){
    if( P->a[i].kind!=K_BRANCH ) continue;
    int nW = 0;
    while( i+1+nW<iHmrc && P->a[i+1+nW].kind==K_WORKPLACE ) nW++;
    if( nW>nBest ){ nBest = nW; P->iSecBranch = i; }
  }
  P->iOfficerBranch = iHmrc<P->n && P->a[iHmrc].kind==K_BRANCH ? iHmrc : iDwp;
  int aWp[3] = { iDwp, iDwp, iDwp }, nWp = 0, nInBranch = 0;
  for(int i=P->iSecBranch+1; i<P->n && P->a[i].kind==K_WORKPLACE; i++){
    if( nWp<2 ) aWp[nWp++] = i;
    else aWp[2] = i;
    nInBranch++;
  }
  if( nInBranch>=1 ) P->a[aWp[0]].forceRep = 1;
  if( nInBranch>=2 ){ P->a[aWp[1]].wpAddrPct = 72; P->a[aWp[1]].quality = 0; }
  if( nInBranch>=3 ) P->a[aWp[2]].forceNoRep = 1;
  if( iMoj<P->n && P->a[iMoj].kind==K_BRANCH && P->a[iMoj].group==G_MOJ ){
    P->a[iMoj].noRep = 1;
  }

  /* Member k's workplace: counts laid out in unit order, then shuffled. */
  P->aWp = xmalloc((size_t)(N>0 ? N : 1)*sizeof(int));
  P->aStatus = xmalloc((size_t)(N>0 ? N : 1));
  int k = 0;
  for(int i=0; i<P->n; i++){
    P->a[i].nLeft = P->a[i].nMember;
    for(int j=0; j<P->a[i].nMember; j++) P->aWp[k++] = i;
  }
  for(int i=N-1; i>0; i--){
    int j = rng_below(r, i+1), t = P->aWp[i];
    P->aWp[i] = P->aWp[j]; P->aWp[j] = t;
  }
}

static void plan_clear(Plan *P){
  free(P->a);
  free(P->aWp);
  free(P->aStatus);
  memset(P, 0, sizeof(*P));
}

/*************************** the CSV ***************************/

static void put_field(Buf *b, const char *z){
  csv_write_field(b, z);
  buf_putc(b, ',');
}

static void put_last(Buf *b, const char *z){
  csv_write_field(b, z);
  buf_putc(b, '\n');
}

static void units_csv(const Plan *P, Buf *b){
  buf_puts(b, "code,name,kind,parent_code,sector\n");
  for(int i=0; i<P->n; i++){
    const DUnit *u = &P->a[i];
    put_field(b, u->zCode);
    put_field(b, u->zName);
    put_field(b, azKind[u->kind]);
    put_field(b, u->parent>=0 ? P->a[u->parent].zCode : "");
    const char *zSector = "";
    if( u->kind==K_WORKPLACE ){
      zSector = u->wpType==WT_BORDER ? "border_security"
              : u->group==G_HEALTH ? "health" : "other";
    }
    put_last(b, zSector);
  }
}

/* "M0000042": membership number of member k (0-based). */
static void member_number(int k, char *zOut){
  int v = k+1;
  zOut[0] = 'M';
  for(int i=7; i>=1; i--){ zOut[i] = (char)('0' + v%10); v /= 10; }
  zOut[8] = 0;
}

/* The day member k joined: numbers were issued in order over 30 years. */
static long joined_day(const Plan *P, int k){
  long span = 30L*365 - 7;
  return P->today - 30L*365 + (long)((int64_t)k*span/(P->nMember>0 ? P->nMember : 1));
}

/* A random day from max(lo, today-nBack) to today. */
static long recent_day(Rng *r, const Plan *P, long lo, long nBack){
  if( lo < P->today - nBack ) lo = P->today - nBack;
  return rng_range(r, lo, P->today);
}

/* Lower-case ASCII letters of a name, for an email local part. */
static void slug(const Name *pN, char *zOut, size_t n){
  const char *z = pN->zAscii ? pN->zAscii : pN->z;
  size_t j = 0;
  for(; *z && j+1<n; z++){
    char c = *z;
    if( c>='A' && c<='Z' ) zOut[j++] = (char)(c - 'A' + 'a');
    else if( c>='a' && c<='z' ) zOut[j++] = c;
  }
  zOut[j] = 0;
}

/* Append one member row; record the member's status in P->aStatus. */
static void member_row(Plan *P, Rng *r, int k, Buf *b){
  DUnit *u = &P->a[P->aWp[k]];
  const Town *t = &aTown[u->town];
  char zNum[9], zDate[11], z[256], zTrust[sizeof u->zName + sizeof TRUST_SUFFIX];
  const Name *pFirst = &aFirst[rng_below(r, N_FIRST)];
  const Name *pLast = &aLast[rng_below(r, N_LAST)];
  long jd = joined_day(P, k);

  member_number(k, zNum);
  put_field(b, zNum);
  put_field(b, pFirst->z);
  put_field(b, pLast->z);
  int s = rng_below(r, 100);
  P->aStatus[k] = (unsigned char)(s<91 ? ST_ACTIVE : s<97 ? ST_LAPSED : ST_RETIRED);
  put_field(b, s<91 ? "active" : s<97 ? "lapsed" : "retired");

  /* employer, workplace, category, employment type */
  const char *zEmployer = "", *zCategory = "", *zType = "employed";
  switch( u->wpType ){
    case WT_OFFICE:
    case WT_BORDER: {
      zEmployer = aGroup[u->group].zEmployer;
      zCategory = azGrade[rng_weighted(r, u->wpType==WT_BORDER ? aGradeBorder : aGradeOffice, 6)];
      if( u->wpType==WT_OFFICE && rng_pct(r, 4) ){
        zEmployer = AGENCY_EMPLOYER;
        zType = "agency";
        zCategory = rng_pct(r, 50) ? "AA" : "AO";
      }
      break;
    }
    case WT_HOSPITAL: {
      /* drawn without replacement, so each site's counts are exact */
      int x = rng_below(r, u->nLeft);
      if( x < u->aRoleLeft[0] ){
        u->aRoleLeft[0]--;
        zEmployer = CLEANING_EMPLOYER;
        zCategory = "cleaner";
        P->aStatus[k] |= ST_CLEANER;
        if( rng_pct(r, 15) ) zType = "agency";
      }else if( x < u->aRoleLeft[0] + u->aRoleLeft[1] ){
        u->aRoleLeft[1]--;
        zEmployer = azLeadEmployer[t->region];
        zCategory = "resident doctor";
        P->aStatus[k] |= ST_DOCTOR;
      }else{
        snprintf(zTrust, sizeof zTrust, "%s%s", u->zName, TRUST_SUFFIX);
        zEmployer = zTrust;
        zCategory = azTrustRole[rng_weighted(r, aTrustRoleW, N_TRUST_ROLE)];
        int e = rng_below(r, 100);
        if( e<7 ) zType = "bank";
        else if( e<10 ) zType = "agency";
      }
      break;
    }
    case WT_PRACTICE: {
      int role = rng_weighted(r, u->aRoleLeft, GP_N);
      if( u->aRoleLeft[role]>0 ) u->aRoleLeft[role]--;
      zEmployer = u->zName;
      zCategory = aGpRole[role].zCategory;
      zType = aGpRole[role].zType;
      break;
    }
  }
  u->nLeft--;
  put_field(b, zEmployer);
  put_field(b, u->zCode);
  put_field(b, zCategory);
  put_field(b, zType);

  /* email and mobile, as common as the workplace's data quality allows */
  static const int aEmailPct[] = { 30, 62, 90 }, aMobilePct[] = { 25, 55, 85 };
  if( rng_pct(r, aEmailPct[u->quality]) ){
    char zF[48], zL[48];
    slug(pFirst, zF, sizeof zF);
    slug(pLast, zL, sizeof zL);
    const char *zDom = azMailDomain[rng_below(r, N_MAIL_DOMAIN)];
    switch( rng_below(r, 6) ){
      case 0: snprintf(z, sizeof z, "%s.%s@%s", zF, zL, zDom); break;
      case 1: snprintf(z, sizeof z, "%s%s@%s", zF, zL, zDom); break;
      case 2: snprintf(z, sizeof z, "%c.%s@%s", zF[0], zL, zDom); break;
      case 3: snprintf(z, sizeof z, "%s.%s%d@%s", zF, zL, 10 + rng_below(r, 90), zDom); break;
      case 4: snprintf(z, sizeof z, "%s.%s@%s", zL, zF, zDom); break;
      default: snprintf(z, sizeof z, "%s%c%d@%s", zF, zL[0], 1 + rng_below(r, 999), zDom); break;
    }
    put_field(b, z);
    if( rng_pct(r, 60) ){ date_from_days(recent_day(r, P, jd, 3*365), zDate); put_field(b, zDate); }
    else put_field(b, "");
  }else{
    put_field(b, "");
    put_field(b, "");
  }
  if( rng_pct(r, aMobilePct[u->quality]) ){
    /* Ofcom's range for drama, 07700 900000-900999: never a real phone. */
    int n = rng_below(r, 1000);
    switch( rng_below(r, 3) ){
      case 0: snprintf(z, sizeof z, "07700 900%03d", n); break;
      case 1: snprintf(z, sizeof z, "07700900%03d", n); break;
      default: snprintf(z, sizeof z, "+44 7700 900%03d", n); break;
    }
    put_field(b, z);
    if( rng_pct(r, 50) ){ date_from_days(recent_day(r, P, jd, 3*365), zDate); put_field(b, zDate); }
    else put_field(b, "");
  }else{
    put_field(b, "");
    put_field(b, "");
  }

  /* address: none, the workplace, one of unknown kind, or home */
  int a = rng_below(r, 100);
  int unknownPct = u->wpType==WT_HOSPITAL ? 12 : 5;
  if( a<2 ){
    put_field(b, ""); put_field(b, ""); put_field(b, ""); put_field(b, "");
    put_field(b, "unknown"); put_field(b, "");
  }else if( a<2+u->wpAddrPct ){
    put_field(b, u->zName);
    put_field(b, u->zStreet);
    put_field(b, t->zName);
    put_field(b, u->zPostcode);
    put_field(b, "workplace");
    put_field(b, "");
  }else{
    const Town *h = t;
    if( rng_pct(r, 30) ){       /* another town in the region */
      int i = rng_below(r, N_TOWN);
      while( aTown[i].region!=t->region ) i = (i+1)%N_TOWN;
      h = &aTown[i];
    }
    if( rng_pct(r, 18) ){
      snprintf(z, sizeof z, "Flat %d", 1 + rng_below(r, 40));
      put_field(b, z);
      gen_street(r, z, sizeof z);
      put_field(b, z);
    }else{
      gen_street(r, z, sizeof z);
      put_field(b, z);
      put_field(b, rng_pct(r, 25) ? azLocality[rng_below(r, N_LOCALITY)] : "");
    }
    put_field(b, h->zName);
    gen_postcode(r, h, z);
    put_field(b, z);
    if( a<2+u->wpAddrPct+unknownPct ){
      put_field(b, "unknown");
      put_field(b, "");
    }else{
      static const int aVerifiedPct[] = { 25, 50, 75 };
      put_field(b, "home");
      if( rng_pct(r, aVerifiedPct[u->quality]) ){
        date_from_days(recent_day(r, P, jd, 2*365), zDate);
        put_field(b, zDate);
      }else{
        put_field(b, "");
      }
    }
  }
  date_from_days(jd, zDate);
  put_last(b, zDate);
}

static void members_csv(Plan *P, Rng *r, Buf *b, const DemoOpts *o){
  buf_puts(b, "membership_number,first_name,last_name,status,employer,workplace_code,"
              "category,employment_type,email,email_verified_on,mobile,"
              "mobile_verified_on,address_line1,address_line2,town,postcode,"
              "address_kind,address_verified_on,joined_on\n");
  for(int k=0; k<P->nMember; k++){
    member_row(P, r, k, b);
    if( o->xProgress && (k & 65535)==65535 ){
      o->xProgress(o->pProgressArg, "generating members", (size_t)k+1, (size_t)P->nMember);
    }
  }
}

static void count_units(const Plan *P, DemoSummary *pOut){
  pOut->nUnits = P->n;
  pOut->nMembers = P->nMember;
  for(int i=0; i<P->n; i++){
    if( P->a[i].kind==K_GROUP ) pOut->nGroups++;
    else if( P->a[i].kind==K_BRANCH ) pOut->nBranches++;
    else if( P->a[i].kind==K_WORKPLACE ) pOut->nWorkplaces++;
  }
}

/* Build the plan and both CSV texts; the plan stays for the history. */
static void generate(Plan *P, const DemoOpts *o, Buf *pUnits, Buf *pMembers,
                     DemoSummary *pOut){
  Rng r;
  rng_seed(&r, o->seed);
  plan_build(P, o, &r);
  units_csv(P, pUnits);
  members_csv(P, &r, pMembers, o);
  count_units(P, pOut);
}

/*
** Free what a DemoSummary owns (the login hints) and zero it; safe on a
** summary that is already clear.
*/
void demo_summary_clear(DemoSummary *p){
  free(p->zLogins);
  memset(p, 0, sizeof(*p));
}

/*
** Generate the demo union as units and members CSV text: see demo.h.
*/
void demo_csv(const DemoOpts *pOpts, Buf *pUnits, Buf *pMembers, DemoSummary *pOut){
  Plan P;
  memset(pOut, 0, sizeof(*pOut));
  generate(&P, pOpts, pUnits, pMembers, pOut);
  plan_clear(&P);
}

/*************************** the history ***************************/

/* Who holds positions, found while adding them. */
typedef struct History History;
struct History {
  int *aStart;              /* owned: members of unit u are aList[aStart[u]..aStart[u+1]) */
  int *aList;               /* owned */
  int *aPosFirst;           /* owned: per unit, first of its holders in aHolder */
  unsigned char *aNRep;     /* owned: per unit, reps (first in aHolder) */
  unsigned char *aNAdv;     /* owned: per unit, advocates (after the reps) */
  int *aOfficer;            /* owned: per branch, the branch officer or -1 */
  unsigned char *aHolds;    /* owned: per member, 1 if they hold a position */
  int *aHolder;             /* owned: member indices */
  int nHolder, nHolderAlloc;
};

static void history_clear(History *H){
  free(H->aStart); free(H->aList); free(H->aPosFirst); free(H->aNRep);
  free(H->aNAdv); free(H->aOfficer); free(H->aHolds); free(H->aHolder);
  memset(H, 0, sizeof(*H));
}

static void add_holder(History *H, int k){
  if( H->nHolder==H->nHolderAlloc ){
    H->nHolderAlloc = H->nHolderAlloc ? 2*H->nHolderAlloc : 1024;
    H->aHolder = xrealloc(H->aHolder, (size_t)H->nHolderAlloc*sizeof(int));
  }
  H->aHolder[H->nHolder++] = k;
  H->aHolds[k] = 1;
}

/* A random active member of unit u holding no position yet, or -1. */
static int pick_member(const Plan *P, History *H, Rng *r, int u){
  int n = H->aStart[u+1] - H->aStart[u];
  if( n==0 ) return -1;
  for(int tries=0; tries<24; tries++){
    int k = H->aList[H->aStart[u] + rng_below(r, n)];
    if( (P->aStatus[k] & ST_MASK)==ST_ACTIVE && !H->aHolds[k] ) return k;
  }
  return -1;
}

/* Add one position; return 0, or -1 with *pzErr. */
static int add_position(Db *db, const Plan *P, Rng *r, int k, const char *zKind,
                        int u, char **pzErr){
  char zNum[9], zSince[11], *zErr = 0;
  long jd = joined_day(P, k);
  long lo = jd + 30 > P->today - 12L*365 ? jd + 30 : P->today - 12L*365;
  long hi = P->today - 14;
  if( lo>hi ) lo = hi = jd > P->today - 14 ? jd : P->today - 14;
  member_number(k, zNum);
  date_from_days(rng_range(r, lo, hi), zSince);
  if( register_add_position(db, zNum, zKind, P->a[u].zCode, zSince, &zErr) ){
    Buf b = BUF_INIT;
    buf_printf(&b, "adding a %s in %s: %s", zKind, P->a[u].zCode, zErr ? zErr : "failed");
    free(zErr);
    *pzErr = buf_steal(&b);
    return -1;
  }
  return 0;
}

static const char *const *issues_for(const DUnit *u, int status){
  if( status & ST_CLEANER ) return azIssueCleaner;
  switch( u->wpType ){
    case WT_BORDER: return azIssueBorder;
    case WT_HOSPITAL: return (status & ST_DOCTOR) ? azIssueHospital : azIssueWard;
    case WT_PRACTICE: return azIssuePractice;
    default: return azIssueOffice;
  }
}

/* Positions: reps in most workplaces (never in a no-rep branch), H&S reps
** in bigger ones, advocates in some workplaces without a rep, an officer
** per branch. */
static int add_positions(Db *db, Plan *P, History *H, Rng *r, DemoSummary *pOut,
                         char **pzErr){
  for(int u=0; u<P->n; u++){             /* a few more branches without reps */
    if( P->a[u].kind==K_BRANCH && u!=P->iSecBranch && rng_pct(r, 6) ) P->a[u].noRep = 1;
  }
  for(int u=0; u<P->n; u++){
    DUnit *w = &P->a[u];
    H->aPosFirst[u] = H->nHolder;
    if( w->kind!=K_WORKPLACE ) continue;
    int noRep = P->a[w->parent].noRep || w->forceNoRep;
    int repPct = w->wpType==WT_PRACTICE ? 30 : w->wpType==WT_HOSPITAL ? 85 : 78;
    if( !noRep && (w->forceRep || rng_pct(r, repPct)) ){
      int nRep = 1 + w->nMember/300;
      if( nRep>10 ) nRep = 10;
      for(int i=0; i<nRep; i++){
        int k = pick_member(P, H, r, u);
        if( k<0 ) break;
        if( add_position(db, P, r, k, "rep", u, pzErr) ) return -1;
        add_holder(H, k);
        H->aNRep[u]++;
        pOut->nReps++;
      }
      if( H->aNRep[u] ) pOut->nRepWorkplaces++;
      if( w->nMember>=40 && rng_pct(r, 50) ){
        int k = pick_member(P, H, r, u);
        if( k>=0 ){
          if( add_position(db, P, r, k, "health_safety_rep", u, pzErr) ) return -1;
          H->aHolds[k] = 1;
          pOut->nHealthSafetyReps++;
        }
      }
    }
    if( H->aNRep[u]==0 && rng_pct(r, 45) ){
      int nAdv = 1 + rng_below(r, 2);
      for(int i=0; i<nAdv; i++){
        int k = pick_member(P, H, r, u);
        if( k<0 ) break;
        if( add_position(db, P, r, k, "advocate", u, pzErr) ) return -1;
        add_holder(H, k);
        H->aNAdv[u]++;
        pOut->nAdvocates++;
      }
    }
  }
  /* Branch officers: an active member of one of the branch's workplaces. */
  for(int u=0; u<P->n; u++){
    if( P->a[u].kind!=K_BRANCH ) continue;
    /* the branch's workplaces follow it in P->a */
    int64_t nIn = 0;
    int vEnd = u+1;
    for(; vEnd<P->n && P->a[vEnd].kind==K_WORKPLACE; vEnd++) nIn += P->a[vEnd].nMember;
    if( nIn==0 ) continue;
    for(int tries=0; tries<8 && H->aOfficer[u]<0; tries++){
      int64_t x = (int64_t)((rng_next(r)>>32) * (uint64_t)nIn >> 32);
      int v = u+1;
      while( v<vEnd-1 && x>=P->a[v].nMember ){ x -= P->a[v].nMember; v++; }
      int k = pick_member(P, H, r, v);
      if( k<0 ) continue;
      if( add_position(db, P, r, k, "branch_officer", u, pzErr) ) return -1;
      H->aOfficer[u] = k;
      H->aHolds[k] = 1;
      pOut->nBranchOfficers++;
    }
  }
  return 0;
}

/* Conversations over the last year: many where there is a rep, some where
** there are advocates, a few (by the branch officer) elsewhere. */
static int add_conversations(Db *db, Plan *P, History *H, Rng *r, const DemoOpts *o,
                             DemoSummary *pOut, char **pzErr){
  char zNum[9], zBy[9], zDate[11], zIssues[80];
  size_t nDone = 0;
  for(int u=0; u<P->n; u++){
    DUnit *w = &P->a[u];
    if( w->kind!=K_WORKPLACE ) continue;
    int nRep = H->aNRep[u], nAdv = H->aNAdv[u];
    int officer = H->aOfficer[w->parent];
    int pct = nRep ? 12 : nAdv ? 7 : 2;
    int mood = 2 + rng_below(r, 3);             /* 2 keen .. 4 wary */
    for(int j=H->aStart[u]; j<H->aStart[u+1]; j++){
      int k = H->aList[j];
      if( (P->aStatus[k] & ST_MASK)!=ST_ACTIVE || !rng_pct(r, pct) ) continue;
      int c = rng_below(r, 100), nConv = c<55 ? 1 : c<85 ? 2 : 3;
      long jd = joined_day(P, k), aDay[3];
      for(int i=0; i<nConv; i++) aDay[i] = recent_day(r, P, jd, 365);
      for(int i=1; i<nConv; i++){           /* oldest first */
        for(int m=i; m>0 && aDay[m-1]>aDay[m]; m--){ long t = aDay[m]; aDay[m] = aDay[m-1]; aDay[m-1] = t; }
      }
      int by = -1;
      if( nRep ) by = H->aHolder[H->aPosFirst[u] + rng_below(r, nRep)];
      else if( nAdv ) by = H->aHolder[H->aPosFirst[u] + rng_below(r, nAdv)];
      else by = officer;
      if( by==k ) by = officer!=k ? officer : -1;
      member_number(k, zNum);
      if( by>=0 ) member_number(by, zBy);
      const char *const *azIssue = issues_for(w, P->aStatus[k]);
      int nIssue = 0;
      while( azIssue[nIssue] ) nIssue++;
      int a = mood + rng_below(r, 3) - 1;
      for(int i=0; i<nConv; i++){
        int i1 = rng_below(r, nIssue), i2 = rng_below(r, nIssue);
        if( i1!=i2 && rng_pct(r, 40) ) snprintf(zIssues, sizeof zIssues, "%s, %s", azIssue[i1], azIssue[i2]);
        else snprintf(zIssues, sizeof zIssues, "%s", azIssue[i1]);
        if( i>0 && a>1 && rng_pct(r, 30) ) a--;  /* talking helps */
        if( a<1 ) a = 1;
        if( a>5 ) a = 5;
        const char *zNote = rng_pct(r, 35) ? azNote[rng_below(r, N_NOTE)] : 0;
        date_from_days(aDay[i], zDate);
        char *zErr = 0;
        if( register_add_conversation(db, zNum, by>=0 ? zBy : 0, zDate, a, zIssues,
                                      zNote, &zErr) ){
          Buf b = BUF_INIT;
          buf_printf(&b, "adding a conversation with %s: %s", zNum, zErr ? zErr : "failed");
          free(zErr);
          *pzErr = buf_steal(&b);
          return -1;
        }
        pOut->nConversations++;
        if( o->xProgress && (++nDone & 4095)==0 ){
          o->xProgress(o->pProgressArg, "adding conversations", nDone, 0);
        }
      }
    }
  }
  return 0;
}

/* The three demo accounts and their login hints. */
static int add_users(Db *db, Plan *P, History *H, DemoSummary *pOut, char **pzErr){
  int iSec = P->iSecBranch, iOff = P->iOfficerBranch, iRep = iSec+1;
  int repMember = H->aNRep[iRep] && H->aHolder ? H->aHolder[H->aPosFirst[iRep]] : -1;
  struct { const char *zRole, *zUser; int unit, member; } aAcct[3] = {
    { ROLE_NATIONAL_OFFICER, "officer", 0, H->aOfficer[iOff] },
    { ROLE_BRANCH_SECRETARY, "secretary", iSec, H->aOfficer[iSec] },
    { ROLE_REP, "rep", iRep, repMember },
  };
  Buf logins = BUF_INIT;
  for(int i=0; i<3; i++){
    char zNum[9] = "", *zErr = 0;
    if( aAcct[i].member>=0 ) member_number(aAcct[i].member, zNum);
    if( users_add(db, aAcct[i].zUser, DEMO_PASSWORD, aAcct[i].zRole,
                  P->a[aAcct[i].unit].zCode, zNum[0] ? zNum : 0, &zErr) ){
      Buf b = BUF_INIT;
      buf_printf(&b, "adding the demo account '%s': %s", aAcct[i].zUser, zErr ? zErr : "failed");
      free(zErr);
      *pzErr = buf_steal(&b);
      buf_reset(&logins);
      return -1;
    }
    buf_printf(&logins, "%-17s %-10s %s  %s\n", aAcct[i].zRole, aAcct[i].zUser,
               DEMO_PASSWORD, P->a[aAcct[i].unit].zName);
    pOut->nUsers++;
  }
  DbStmt *s = db_prepare(db, "INSERT INTO meta(key,value) VALUES('demo_logins',?)");
  db_bind_text(s, 1, buf_str(&logins));
  int rc = db_step(s);
  db_finalize(s);
  if( rc==DB_ERROR ){
    Buf b = BUF_INIT;
    buf_printf(&b, "storing the demo logins: %s", db_errmsg(db));
    *pzErr = buf_steal(&b);
    buf_reset(&logins);
    return -1;
  }
  pOut->zLogins = buf_steal(&logins);
  return 0;
}

/* The importer's progress, passed on as a demo stage. */
static void relay_progress(void *pArg, size_t nDone, size_t nTotal){
  const DemoOpts *o = (const DemoOpts*)pArg;
  o->xProgress(o->pProgressArg, "importing members", nDone, nTotal);
}

/* Import one CSV text (members or units); on failure *pzErr gets the
** importer's problems. */
static int import_text(Db *db, int members, const char *zFile, const Buf *pText,
                       const DemoOpts *o, char **pzErr){
  ImportOpts io;
  ImportResult res;
  memset(&io, 0, sizeof io);
  memset(&res, 0, sizeof res);
  io.maxErrors = 10;
  if( members && o->xProgress ){ io.xProgress = relay_progress; io.pProgressArg = (void*)o; }
  int rc = members ? register_import_members(db, zFile, buf_str(pText), pText->n, &io, &res)
                   : register_import_units(db, zFile, buf_str(pText), pText->n, &io, &res);
  if( rc ){
    Buf b = BUF_INIT;
    buf_printf(&b, "the importer refused the demo's %s (a bug in the demo):\n%s",
               zFile, buf_str(&res.errors));
    *pzErr = buf_steal(&b);
  }
  import_result_clear(&res);
  return rc;
}

/*
** Build the demo union in an empty database through the importer, then add
** its history and accounts: see demo.h.
*/
int demo_build(Db *db, const DemoOpts *pOpts, DemoSummary *pOut, char **pzErr){
  Plan P;
  History H;
  Buf units = BUF_INIT, members = BUF_INIT;
  int rc = -1, inTxn = 0;
  *pzErr = 0;
  memset(pOut, 0, sizeof(*pOut));
  memset(&H, 0, sizeof(H));
  generate(&P, pOpts, &units, &members, pOut);

  if( import_text(db, 0, "units.csv", &units, pOpts, pzErr) ) goto out;
  buf_reset(&units);
  if( import_text(db, 1, "members.csv", &members, pOpts, pzErr) ) goto out;
  buf_reset(&members);

  /* Members by workplace, for choosing reps and conversations. */
  H.aStart = xcalloc((size_t)P.n+1, sizeof(int));
  H.aList = xmalloc((size_t)(P.nMember>0 ? P.nMember : 1)*sizeof(int));
  H.aPosFirst = xcalloc((size_t)P.n, sizeof(int));
  H.aNRep = xcalloc((size_t)P.n, 1);
  H.aNAdv = xcalloc((size_t)P.n, 1);
  H.aOfficer = xmalloc((size_t)P.n*sizeof(int));
  H.aHolds = xcalloc((size_t)(P.nMember>0 ? P.nMember : 1), 1);
  for(int u=0; u<P.n; u++) H.aOfficer[u] = -1;
  for(int k=0; k<P.nMember; k++) H.aStart[P.aWp[k]+1]++;
  for(int u=0; u<P.n; u++) H.aStart[u+1] += H.aStart[u];
  {
    int *aFill = xmalloc((size_t)P.n*sizeof(int));
    memcpy(aFill, H.aStart, (size_t)P.n*sizeof(int));
    for(int k=0; k<P.nMember; k++) H.aList[aFill[P.aWp[k]]++] = k;
    free(aFill);
  }

  /* The history and accounts: one transaction, so a failure leaves none
  ** of it. A different stream from the CSV's, from the same seed. */
  Rng r;
  rng_seed(&r, pOpts->seed ^ 0x6d616e6461746521ULL);
  db_bulk_write(db, 1);
  if( db_begin(db) ){
    *pzErr = xstrdup(db_errmsg(db));
    goto out;
  }
  inTxn = 1;
  if( pOpts->xProgress ) pOpts->xProgress(pOpts->pProgressArg, "adding positions", 0, 0);
  if( add_positions(db, &P, &H, &r, pOut, pzErr) ) goto out;
  if( add_conversations(db, &P, &H, &r, pOpts, pOut, pzErr) ) goto out;
  if( pOpts->xProgress ) pOpts->xProgress(pOpts->pProgressArg, "adding accounts", 0, 0);
  if( add_users(db, &P, &H, pOut, pzErr) ) goto out;
  if( db_commit(db) ){
    *pzErr = xstrdup(db_errmsg(db));
    goto out;
  }
  inTxn = 0;
  rc = 0;
out:
  if( inTxn ) db_rollback(db);
  db_bulk_write(db, 0);
  if( rc ) demo_summary_clear(pOut);
  buf_reset(&units);
  buf_reset(&members);
  history_clear(&H);
  plan_clear(&P);
  return rc;
}
