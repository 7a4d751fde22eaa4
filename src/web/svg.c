/* svg.c: horizontal bar charts and line charts as inline SVG, written
** through the escaping HTML writer so every label is escaped. Colours are
** presentation attributes (fill=...), which the CSP does not govern. */
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

/*************************** line charts ***************************/

#define SVG_PLOT_TOP     8    /* px above the plot area */
#define SVG_PLOT_H       200  /* px height of the plot area */
#define SVG_PLOT_LEFT    14   /* % of the width left for the y labels */
#define SVG_MAX_SERIES   8

/* Line colours, distinguishable for the common colour blindnesses
** (Okabe and Ito's palette). */
static const char *const azSvgColour[SVG_MAX_SERIES] = {
  "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999999"
};

/* v as a short label into zOut: "-£1.2M", "£45k", "£900". */
static void svg_short(double v, const char *zPrefix, char *zOut, size_t nOut){
  double a = v<0 ? -v : v;
  const char *zSign = v<0 ? "-" : "";
  if( a>=1e6 ) snprintf(zOut, nOut, "%s%s%.1fM", zSign, zPrefix, a/1e6);
  else if( a>=1e4 ) snprintf(zOut, nOut, "%s%s%.0fk", zSign, zPrefix, a/1e3);
  else snprintf(zOut, nOut, "%s%s%.0f", zSign, zPrefix, a);
}

/*
** Draw the line chart: y labels at the left, the plot (a nested SVG whose
** viewBox, 0..1000 both ways, is stretched over the rest of the width),
** the x axis's ends below it, then a legend line per series.
*/
void svg_line_chart(Req *req, const char *zTitle, const char *zXName, const char *zYPrefix,
                    const SvgSeries *aSeries, int nSeries){
  if( nSeries>SVG_MAX_SERIES ) nSeries = SVG_MAX_SERIES;
  double lo = 0, hi = 0;
  int nMax = 0;
  for(int s=0; s<nSeries; s++){
    if( aSeries[s].nValue>nMax ) nMax = aSeries[s].nValue;
    for(int i=0; i<aSeries[s].nValue; i++){
      double v = aSeries[s].aValue[i];
      if( v<lo ) lo = v;
      if( v>hi ) hi = v;
    }
  }
  if( hi==lo ) hi = lo + 1;
  int yAxis = SVG_PLOT_TOP + SVG_PLOT_H;
  int h = yAxis + SVG_LINE + 8 + nSeries*SVG_LINE + 4;
  char zHi[32], zLo[32];
  svg_short(hi, zYPrefix, zHi, sizeof zHi);
  svg_short(lo, zYPrefix, zLo, sizeof zLo);
  html_printf(req,
    "<figure class=\"chart\">\n<figcaption>%s</figcaption>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" height=\"%d\" "
    "role=\"img\" aria-label=\"%s\" class=\"lines\" font-size=\"%d\" fill=\"#1a1a1a\">\n"
    "<title>%s</title>\n"
    "<text x=\"0\" y=\"%d\">%s</text><text x=\"0\" y=\"%d\">%s</text>\n",
    zTitle, h, zTitle, SVG_FONT, zTitle,
    SVG_PLOT_TOP+SVG_FONT-2, zHi, yAxis, zLo);
  html_printf(req,
    "<svg x=\"%d%%\" y=\"%d\" width=\"%d%%\" height=\"%d\" viewBox=\"0 0 1000 1000\" "
    "preserveAspectRatio=\"none\">\n"
    "<rect x=\"0\" y=\"0\" width=\"1000\" height=\"1000\" fill=\"#f8fafc\" stroke=\"#cbd5e1\" "
    "vector-effect=\"non-scaling-stroke\"/>\n",
    SVG_PLOT_LEFT, SVG_PLOT_TOP, 98-SVG_PLOT_LEFT, SVG_PLOT_H);
  if( lo<0 ){
    double y0 = 1000.0*hi/(hi-lo);
    html_printf(req, "<line x1=\"0\" x2=\"1000\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#64748b\" "
                "stroke-dasharray=\"4 3\" vector-effect=\"non-scaling-stroke\"/>\n", y0, y0);
  }
  for(int s=0; s<nSeries; s++){
    const SvgSeries *p = &aSeries[s];
    html_printf(req, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                "vector-effect=\"non-scaling-stroke\" points=\"", azSvgColour[s]);
    for(int i=0; i<p->nValue; i++){
      double x = nMax>1 ? 1000.0*i/(nMax-1) : 500.0;
      double y = 1000.0*(hi - p->aValue[i])/(hi-lo);
      html_printf(req, "%s%.1f,%.1f", i ? " " : "", x, y);
    }
    html_printf(req, "\"><title>%s</title></polyline>\n", p->zLabel ? p->zLabel : "");
  }
  html_raw(req, "</svg>\n");
  if( lo<0 ){
    double y0 = SVG_PLOT_TOP + SVG_PLOT_H*hi/(hi-lo);
    html_printf(req, "<text x=\"0\" y=\"%.0f\">%s0</text>\n", y0+5, zYPrefix);
  }
  html_printf(req, "<text x=\"%d%%\" y=\"%d\">%s 1</text>"
              "<text x=\"98%%\" y=\"%d\" text-anchor=\"end\">%s %d</text>\n",
              SVG_PLOT_LEFT, yAxis+SVG_LINE, zXName, yAxis+SVG_LINE, zXName, nMax);
  for(int s=0; s<nSeries; s++){
    int y = yAxis + SVG_LINE + 8 + s*SVG_LINE;
    html_printf(req, "<rect x=\"%d%%\" y=\"%d\" width=\"18\" height=\"4\" fill=\"%s\"/>"
                "<text x=\"%d%%\" y=\"%d\" dx=\"24\">%s</text>\n",
                SVG_PLOT_LEFT, y+SVG_LINE/2, azSvgColour[s], SVG_PLOT_LEFT, y+SVG_LINE-4,
                aSeries[s].zLabel ? aSeries[s].zLabel : "");
  }
  html_raw(req, "</svg>\n</figure>\n");
}
