/* svg.c: horizontal bar charts as inline SVG, written through the escaping
** HTML writer so every label is escaped. Colours are presentation
** attributes (fill=...), which the CSP's default-src does not govern. */
#include "svg.h"
#include "html.h"
#include <string.h>

#define SVG_ROW     26     /* px per bar row */
#define SVG_LABEL   250    /* px kept for labels on the left */
#define SVG_TRACK   300    /* px of the 0..100 track */
#define SVG_VALUE   60     /* px for the value on the right */
#define SVG_LABEL_CHARS 30 /* longer labels are cut, with an ellipsis */

/* Cut a label to SVG_LABEL_CHARS characters (not bytes: never split a
** UTF-8 sequence) into zOut, adding "..." when cut. */
static void svg_cut_label(const char *z, char *zOut, size_t nOut){
  size_t i = 0, nChar = 0, j = 0;
  while( z[i] && nChar<SVG_LABEL_CHARS ){
    size_t nSeq = 1;
    unsigned char c = (unsigned char)z[i];
    if( c>=0xF0 ) nSeq = 4; else if( c>=0xE0 ) nSeq = 3; else if( c>=0xC0 ) nSeq = 2;
    if( j+nSeq+4>=nOut ) break;
    for(size_t k=0; k<nSeq && z[i]; k++) zOut[j++] = z[i++];
    nChar++;
  }
  if( z[i] ){ memcpy(zOut+j, "\xE2\x80\xA6", 3); j += 3; }
  zOut[j] = 0;
}

/*
** Draw the chart. The SVG scales to its container (viewBox, width 100%
** from the stylesheet), so it fits a phone screen.
*/
void svg_bar_chart(Req *req, const char *zTitle, const char *zSuffix,
                   const SvgBar *aBar, int nBar){
  int w = SVG_LABEL + SVG_TRACK + SVG_VALUE;
  int h = nBar*SVG_ROW + 8;
  html_printf(req,
    "<figure class=\"chart\">\n<figcaption>%s</figcaption>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
    "role=\"img\" aria-label=\"%s\" class=\"bars\">\n<title>%s</title>\n",
    zTitle, w, h, zTitle, zTitle);
  for(int i=0; i<nBar; i++){
    char zLabel[200];
    double v = aBar[i].value;
    if( !(v>=0) ) v = 0;          /* also catches NaN */
    if( v>100 ) v = 100;
    int y = 4 + i*SVG_ROW;
    double len = v*SVG_TRACK/100.0;
    svg_cut_label(aBar[i].zLabel ? aBar[i].zLabel : "", zLabel, sizeof zLabel);
    html_printf(req,
      "<g><title>%s: %.1f%s</title>"
      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1a1a1a\">%s</text>"
      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#e2e8f0\"/>"
      "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#1d4ed8\"/>"
      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">%.1f%s</text></g>\n",
      aBar[i].zLabel, v, zSuffix,
      SVG_LABEL-8, y+13, zLabel,
      SVG_LABEL, y, SVG_TRACK,
      SVG_LABEL, y, len,
      SVG_LABEL+SVG_TRACK+6, y+13, v, zSuffix);
  }
  html_raw(req, "</svg>\n</figure>\n");
}
