/* normalize.c: check contact data as it comes into the register (email
** addresses, UK mobile numbers, UK postcodes, dates) and put each into one
** normal form, so duplicates match and bad values are caught at import. */
#include "normalize.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WHY_EMAIL    "an email address like name@example.org"
#define WHY_MOBILE   "a UK mobile number like 07700 900123"
#define WHY_LANDLINE "a UK mobile number like 07700 900123, not a landline"
#define WHY_POSTCODE "a UK postcode like SW1A 1AA"
#define WHY_DATE     "a date like 2024-03-06 or 06/03/2024"
#define WHY_NODAY    "a day that exists in that month, like 2024-02-29"
#define WHY_YEAR     "a year from 1900 to 2100"

/* Number of bytes of white space at z: space, tab, CR, LF, or the UTF-8
** no-break space that spreadsheets and web pages paste in. 0 if none. */
static int space_len(const char *z){
  if( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) return 1;
  if( (unsigned char)z[0]==0xc2 && (unsigned char)z[1]==0xa0 ) return 2;
  return 0;
}

/* Trim white space from both ends of zIn: *pnOut = length of what is left,
** and the return value points at its first byte. */
static const char *trim(const char *zIn, size_t *pnOut){
  int k;
  while( (k = space_len(zIn))>0 ) zIn += k;
  size_t n = strlen(zIn);
  for(;;){
    if( n>=1 && space_len(zIn+n-1)==1 ){ n--; continue; }
    if( n>=2 && space_len(zIn+n-2)==2 ){ n -= 2; continue; }
    break;
  }
  *pnOut = n;
  return zIn;
}

static int is_digit(int c){ return c>='0' && c<='9'; }
static int is_upper(int c){ return c>='A' && c<='Z'; }
static int is_alnum(int c){ return is_digit(c) || is_upper(c) || (c>='a' && c<='z'); }
static int to_lower(int c){ return is_upper(c) ? c + ('a'-'A') : c; }
static int to_upper(int c){ return (c>='a' && c<='z') ? c - ('a'-'A') : c; }

/* May c appear in the local part (before the @) of an address? RFC 5322
** atext plus '.', and bytes of UTF-8 characters (RFC 6531). */
static int is_local_char(int c){
  return is_alnum(c) || c>=0x80 || (c && strchr("!#$%&'*+-/=?^_`{|}~.", c)!=0);
}

/* Is z[0..n-1] valid UTF-8? */
static int is_utf8(const unsigned char *z, size_t n){
  size_t k = 0;
  while( k<n ){
    unsigned c = z[k];
    int nMore;
    unsigned lo = 0x80, hi = 0xbf;
    if( c<0x80 ){ k++; continue; }
    if( c>=0xc2 && c<=0xdf ) nMore = 1;
    else if( c>=0xe0 && c<=0xef ){
      nMore = 2;
      if( c==0xe0 ) lo = 0xa0;
      if( c==0xed ) hi = 0x9f;
    }else if( c>=0xf0 && c<=0xf4 ){
      nMore = 3;
      if( c==0xf0 ) lo = 0x90;
      if( c==0xf4 ) hi = 0x8f;
    }else return 0;
    if( n-k<=(size_t)nMore || z[k+1]<lo || z[k+1]>hi ) return 0;
    for(int j=2; j<=nMore; j++){
      if( (z[k+j]&0xc0)!=0x80 ) return 0;
    }
    k += (size_t)nMore + 1;
  }
  return 1;
}

/*
** Check an email address and write its normal form to zOut: see
** normalize.h. Only the domain is lowercased; the local part is kept as
** typed, since mail systems may treat its case as significant. zOut may
** be zIn.
*/
int norm_email(const char *zIn, char *zOut, const char **pzWhy){
  size_t n;
  const char *z = trim(zIn, &n);
  const char *zAt = memchr(z, '@', n);
  if( n>254 || zAt==0 || !is_utf8((const unsigned char*)z, n) ) goto bad;
  size_t nLocal = (size_t)(zAt - z), nDomain = n - nLocal - 1;
  if( nLocal==0 || nLocal>64 || nDomain==0 ) goto bad;
  for(size_t k=0; k<nLocal; k++){
    unsigned char c = (unsigned char)z[k];
    if( !is_local_char(c) ) goto bad;
    if( c=='.' && (k==0 || k==nLocal-1 || z[k-1]=='.') ) goto bad;
  }
  /* The domain: labels of letters, digits and inner hyphens, at least two
  ** of them, the last (the top-level domain) not all digits. */
  const char *zDom = zAt + 1;
  int nLabel = 0;
  size_t iLabel = 0;
  for(size_t k=0; k<=nDomain; k++){
    unsigned char c = k<nDomain ? (unsigned char)zDom[k] : '.';
    if( c=='.' ){
      size_t nLen = k - iLabel;
      if( nLen==0 || nLen>63 || zDom[iLabel]=='-' || zDom[k-1]=='-' ) goto bad;
      nLabel++;
      iLabel = k+1;
    }else if( !is_alnum(c) && c!='-' && c<0x80 ){
      goto bad;
    }
  }
  if( nLabel<2 ) goto bad;
  int bAllDigit = 1;
  for(size_t k=iLabel-1; k>0 && zDom[k-1]!='.'; k--){
    if( !is_digit(zDom[k-1]) ) bAllDigit = 0;
  }
  if( bAllDigit ) goto bad;

  char zBuf[NORM_MAX];
  memcpy(zBuf, z, n);
  for(size_t k=nLocal+1; k<n; k++) zBuf[k] = (char)to_lower(zBuf[k]);
  zBuf[n] = 0;
  memcpy(zOut, zBuf, n+1);
  return 0;
bad:
  *pzWhy = WHY_EMAIL;
  return -1;
}

/*
** Check a UK mobile number and write it as +447xxxxxxxxx: see normalize.h.
** Spaces, dashes, dots and brackets may separate the digits; the country
** code may be written +44, 0044 or 44, and may be followed by (0) or 0.
** A ten-digit number starting 7 is taken as one whose leading 0 was lost
** to a spreadsheet. Landlines and non-mobile 07 ranges (070 personal
** numbers, 076 pagers other than 07624) are refused. zOut may be zIn.
*/
int norm_uk_mobile(const char *zIn, char *zOut, const char **pzWhy){
  size_t n;
  const char *z = trim(zIn, &n);
  char aDig[20];
  int nDig = 0, bPlus = 0;
  size_t k = 0;
  while( k<n ){
    int c = (unsigned char)z[k];
    int nSpace = space_len(z+k);
    if( c=='+' && nDig==0 && !bPlus ){
      bPlus = 1;   /* "+44 ...", or "(+44) ..." */
      k++;
    }else if( is_digit(c) ){
      if( nDig>=(int)sizeof(aDig) ) goto bad;
      aDig[nDig++] = (char)c;
      k++;
    }else if( c=='(' && k+2<n && z[k+1]=='0' && z[k+2]==')'
           && ((nDig==2 && memcmp(aDig, "44", 2)==0)
               || (nDig==4 && memcmp(aDig, "0044", 4)==0)) ){
      k += 3;      /* +44 (0)7700...: the bracketed trunk zero is dropped */
    }else if( nSpace>0 ){
      k += (size_t)nSpace;
    }else if( c=='-' || c=='.' || c=='(' || c==')' ){
      k++;
    }else{
      goto bad;
    }
  }
  const char *zNat;     /* the digits after the 0 or the country code */
  int nNat;
  if( bPlus ){
    if( nDig<2 || aDig[0]!='4' || aDig[1]!='4' ) goto bad;
    zNat = aDig+2; nNat = nDig-2;
  }else if( nDig>=4 && memcmp(aDig, "0044", 4)==0 ){
    zNat = aDig+4; nNat = nDig-4;
  }else if( (nDig==12 || (nDig==13 && aDig[2]=='0'))
             && aDig[0]=='4' && aDig[1]=='4' ){
    zNat = aDig+2; nNat = nDig-2;
  }else if( nDig>0 && aDig[0]=='0' ){
    zNat = aDig+1; nNat = nDig-1;
  }else{
    zNat = aDig; nNat = nDig;
  }
  if( (bPlus || zNat!=aDig+1) && nNat==11 && zNat[0]=='0' ){
    zNat++; nNat--;     /* +44 07700 900123: a redundant trunk zero */
  }
  if( nNat!=10 ) goto bad;
  if( zNat[0]!='7' ){
    *pzWhy = WHY_LANDLINE;
    return -1;
  }
  if( zNat[1]=='0' || (zNat[1]=='6' && memcmp(zNat, "7624", 4)!=0) ) goto bad;
  memcpy(zOut, "+44", 3);
  memcpy(zOut+3, zNat, 10);
  zOut[13] = 0;
  return 0;
bad:
  *pzWhy = WHY_MOBILE;
  return -1;
}

/* Is c in the list of letters zSet? */
static int in_set(int c, const char *zSet){
  return c!=0 && strchr(zSet, c)!=0;
}

/*
** Check a UK postcode and write it uppercase with one space before the
** inward code: see normalize.h. Besides the shapes, it checks which
** letters Royal Mail uses in each position, so a letter O typed for a
** zero is caught. zOut may be zIn.
*/
int norm_postcode(const char *zIn, char *zOut, const char **pzWhy){
  char a[8];
  int nChar = 0;
  for(const char *z=zIn; *z; ){
    int nSpace = space_len(z);
    if( nSpace>0 ){ z += nSpace; continue; }
    if( nChar>=7 || !is_alnum((unsigned char)*z) ) goto bad;
    a[nChar++] = (char)to_upper((unsigned char)*z++);
  }
  if( nChar<5 ) goto bad;
  a[nChar] = 0;
  int nOut = nChar - 3;      /* length of the outward code: 2 to 4 */
  const char *zIn3 = a + nOut;
  if( strcmp(a, "GIR0AA")!=0 ){
    /* Inward code: digit, then two letters not C I K M O V. */
    if( !is_digit(zIn3[0]) ) goto bad;
    for(int k=1; k<3; k++){
      if( !is_upper(zIn3[k]) || in_set(zIn3[k], "CIKMOV") ) goto bad;
    }
    /* Outward code: A9, A99, A9A, AA9, AA99, AA9A. */
    if( !is_upper(a[0]) || in_set(a[0], "QVX") ) goto bad;
    if( is_digit(a[1]) ){
      if( nOut==4 ) goto bad;
      if( nOut==3 && !is_digit(a[2]) && !in_set(a[2], "ABCDEFGHJKPSTUW") ) goto bad;
    }else{
      if( nOut<3 || in_set(a[1], "IJZ") || !is_upper(a[1]) || !is_digit(a[2]) ) goto bad;
      if( nOut==4 && !is_digit(a[3]) && !in_set(a[3], "ABEHMNPRVWXY") ) goto bad;
    }
  }
  char zBuf[10];
  memcpy(zBuf, a, (size_t)nOut);
  zBuf[nOut] = ' ';
  memcpy(zBuf+nOut+1, zIn3, 4);
  memcpy(zOut, zBuf, (size_t)nOut+5);
  return 0;
bad:
  *pzWhy = WHY_POSTCODE;
  return -1;
}

static int is_leap(long y){
  return (y%4==0 && y%100!=0) || y%400==0;
}

static int days_in_month(long y, int m){
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  return m==2 && is_leap(y) ? 29 : aDays[m-1];
}

/* Write y-m-d (y from 0 to 9999) to zOut as YYYY-MM-DD and a NUL. */
static void write_iso(char *zOut, long y, int m, int d){
  zOut[0] = (char)('0' + y/1000);
  zOut[1] = (char)('0' + y/100%10);
  zOut[2] = (char)('0' + y/10%10);
  zOut[3] = (char)('0' + y%10);
  zOut[4] = '-';
  zOut[5] = (char)('0' + m/10);
  zOut[6] = (char)('0' + m%10);
  zOut[7] = '-';
  zOut[8] = (char)('0' + d/10);
  zOut[9] = (char)('0' + d%10);
  zOut[10] = 0;
}

/* Read nMin to nMax digits at *pz and advance it past them; -1 (and *pz
** unchanged) if there are fewer or more. */
static int read_num(const char **pz, int nMin, int nMax){
  const char *z = *pz;
  int v = 0, k = 0;
  while( is_digit((unsigned char)z[k]) ){
    if( k>=nMax ) return -1;
    v = v*10 + (z[k]-'0');
    k++;
  }
  if( k<nMin ) return -1;
  *pz = z + k;
  return v;
}

/*
** Check a date, ISO (2024-03-06) or UK day first (06/03/2024, 6/3/2024),
** and write it as YYYY-MM-DD: see normalize.h. The year must be four
** digits from 1900 to 2100 and the day must exist. zOut may be zIn.
*/
int norm_date(const char *zIn, char *zOut, const char **pzWhy){
  size_t n;
  const char *z = trim(zIn, &n);
  const char *zEnd = z + n;
  int y, m, d;
  if( n<8 || n>10 ) goto bad;
  if( z[4]=='-' ){
    if( (y = read_num(&z, 4, 4))<0 || *z++!='-' ) goto bad;
    if( (m = read_num(&z, 1, 2))<0 || *z++!='-' ) goto bad;
    if( (d = read_num(&z, 1, 2))<0 ) goto bad;
  }else{
    if( (d = read_num(&z, 1, 2))<0 || *z++!='/' ) goto bad;
    if( (m = read_num(&z, 1, 2))<0 || *z++!='/' ) goto bad;
    if( (y = read_num(&z, 4, 4))<0 ) goto bad;
  }
  if( z!=zEnd || m<1 || m>12 || d<1 ) goto bad;
  if( y<1900 || y>2100 ){ *pzWhy = WHY_YEAR; return -1; }
  if( d>days_in_month(y, m) ){ *pzWhy = WHY_NODAY; return -1; }
  write_iso(zOut, y, m, d);
  return 0;
bad:
  *pzWhy = WHY_DATE;
  return -1;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
** (Howard Hinnant's days_from_civil). */
static long days_from_civil(long y, int m, int d){
  y -= m<=2;
  long era = (y>=0 ? y : y-399) / 400;
  long yoe = y - era*400;                                  /* [0, 399] */
  long doy = (153*(m + (m>2 ? -3 : 9)) + 2)/5 + d - 1;     /* [0, 365] */
  long doe = yoe*365 + yoe/4 - yoe/100 + doy;              /* [0, 146096] */
  return era*146097 + doe - 719468;
}

/*
** Days since 1970-01-01 for a date written exactly YYYY-MM-DD (years 0001
** to 9999, the day must exist); -1 if it is not such a date. Dates before
** 1970 are negative, so 1969-12-31 also gives -1: callers that accept
** those dates should check the date with norm_date() first.
*/
long date_to_days(const char *zIso){
  const char *z = zIso;
  int y, m, d;
  if( z==0 || strlen(z)!=10 ) return -1;
  if( (y = read_num(&z, 4, 4))<0 || *z++!='-' ) return -1;
  if( (m = read_num(&z, 2, 2))<0 || *z++!='-' ) return -1;
  if( (d = read_num(&z, 2, 2))<0 || *z!=0 ) return -1;
  if( y<1 || m<1 || m>12 || d<1 || d>days_in_month(y, m) ) return -1;
  return days_from_civil(y, m, d);
}

/*
** Write to zOut (11 bytes) the ISO date nDays after 1970-01-01 (Hinnant's
** civil_from_days). Days outside 0001-01-01 to 9999-12-31 are clamped to
** those dates so the result always fits.
*/
void date_from_days(long nDays, char *zOut){
  const long nMin = -719162, nMax = 2932896;   /* 0001-01-01, 9999-12-31 */
  if( nDays<nMin ) nDays = nMin;
  if( nDays>nMax ) nDays = nMax;
  long z = nDays + 719468;
  long era = (z>=0 ? z : z-146096) / 146097;
  long doe = z - era*146097;                                   /* [0, 146096] */
  long yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365;  /* [0, 399] */
  long y = yoe + era*400;
  long doy = doe - (365*yoe + yoe/4 - yoe/100);                /* [0, 365] */
  long mp = (5*doy + 2)/153;                                   /* [0, 11] */
  int d = (int)(doy - (153*mp + 2)/5 + 1);
  int m = (int)(mp<10 ? mp+3 : mp-9);
  if( m<=2 ) y++;
  write_iso(zOut, y, m, d);
}

/*
** Write today's date (UTC) to zOut (11 bytes) as YYYY-MM-DD, or the date
** in $MANDATE_TODAY when that is set to a date norm_date() accepts.
*/
void date_today(char *zOut){
  const char *zEnv = getenv("MANDATE_TODAY");
  const char *zWhy;
  char zBuf[NORM_MAX];
  if( zEnv && strlen(zEnv)<64 && norm_date(zEnv, zBuf, &zWhy)==0 ){
    memcpy(zOut, zBuf, 11);
    return;
  }
  time_t t = time(0);
  long nDays = (long)(t / 86400);
  if( t<0 && t%86400!=0 ) nDays--;
  date_from_days(nDays, zOut);
}
