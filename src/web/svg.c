/* svg.c: horizontal bar charts as inline SVG, written through the escaping
** HTML writer so every label is escaped. Colours are presentation
** attributes (fill=...), which the CSP's default-src does not govern. */
#include "svg.h"
#include "html.h"
#include <string.h>

#define SVG_FONT       14  /* px; the SVG has no viewBox, so this is what shows */
#define SVG_LINE       18  /* px per line of label text */
#define SVG_BAR        14  /* px height of a bar */
#define SVG_GAP        10  /* px between one bar and the next label */
#define SVG_TRACK_PCT  84  /* % of the width for the 0..100 track; the value
                           ** is written just after it, in what is left */
#define SVG_WRAP_CHARS 38  /* a label longer than this breaks at a space */

/* Where to break label z into two lines: the byte offset of the last space
** at or before SVG_WRAP_CHARS characters (not bytes), or 0 when z fits on
** one line or has no such space (then it stays one line). */
static size_t svg_wrap_at(const char *z){
  size_t i = 0, nChar = 0, iSpace = 0;
  while( z[i] ){
    unsigned char c = (unsigned char)z[i];
    if( (c & 0xC0)!=0x80 ){            /* the first byte of a character */
      if( nChar==SVG_WRAP_CHARS ) return iSpace;
      if( c==' ' ) iSpace = i;
      nChar++;
    }
    i++;
  }
  return 0;
}

/*
** Draw the chart: one row per bar, its full label on a line of its own
** above the bar, the value at the right end of the bar's line. There is
** no viewBox: the SVG is as wide as its container (width 100% from the
** stylesheet), x positions are percentages of that width, and text keeps
** its real size (SVG_FONT px) on a phone as on a desktop.
*/
void svg_bar_chart(Req *req, const char *zTitle, const char *zSuffix,
                   const SvgBar *aBar, int nBar){
  int h = 4;
  for(int i=0; i<nBar; i++){
    const char *z = aBar[i].zLabel ? aBar[i].zLabel : "";
    h += (svg_wrap_at(z) ? 2 : 1)*SVG_LINE + SVG_BAR + SVG_GAP;
  }
  html_printf(req,
    "<figure class=\"chart\">\n<figcaption>%s</figcaption>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" height=\"%d\" "
    "role=\"img\" aria-label=\"%s\" class=\"bars\" font-size=\"%d\" fill=\"#1a1a1a\">\n"
    "<title>%s</title>\n",
    zTitle, h, zTitle, SVG_FONT, zTitle);
  int y = 4;
  for(int i=0; i<nBar; i++){
    const char *z = aBar[i].zLabel ? aBar[i].zLabel : "";
    size_t iBreak = svg_wrap_at(z);
    double v = aBar[i].value;
    if( !(v>=0) ) v = 0;          /* also catches NaN */
    if( v>100 ) v = 100;
    html_printf(req, "<g><title>%s: %.1f%s</title>", z, v, zSuffix);
    if( iBreak ){
      html_printf(req, "<text x=\"0\" y=\"%d\">%.*s</text>"
                  "<text x=\"0\" y=\"%d\">%s</text>",
                  y+SVG_FONT, (int)iBreak, z, y+SVG_LINE+SVG_FONT, z+iBreak+1);
      y += 2*SVG_LINE;
    }else{
      html_printf(req, "<text x=\"0\" y=\"%d\">%s</text>", y+SVG_FONT, z);
      y += SVG_LINE;
    }
    html_printf(req,
      "<rect x=\"0\" y=\"%d\" width=\"%d%%\" height=\"%d\" fill=\"#e2e8f0\"/>"
      "<rect x=\"0\" y=\"%d\" width=\"%.2f%%\" height=\"%d\" fill=\"#1d4ed8\"/>"
      "<text x=\"%.1f%%\" y=\"%d\">%.1f%s</text></g>\n",
      y, SVG_TRACK_PCT, SVG_BAR,
      y, v*SVG_TRACK_PCT/100.0, SVG_BAR,
      SVG_TRACK_PCT+1.5, y+SVG_BAR-2, v, zSuffix);
    y += SVG_BAR + SVG_GAP;
  }
  html_raw(req, "</svg>\n</figure>\n");
}
