/* svg.h: charts drawn on the server as inline SVG (no JavaScript, nothing
** the CSP has to allow). */
#ifndef MANDATE_SVG_H
#define MANDATE_SVG_H
#include "http.h"

typedef struct SvgBar SvgBar;
struct SvgBar {
  const char *zLabel;   /* borrowed; escaped when written */
  double value;         /* 0..100; clamped */
};

/* Append a horizontal bar chart of percentages to the response: one row
** per bar with its full label on a line above it (a long label breaks over
** two lines), a bar on a 0-100 track and the value as text at its right.
** Text is drawn at its real size (no viewBox), so it stays readable on a
** phone.
** zTitle (escaped) names the chart for screen readers and as a caption;
** zSuffix follows each value ("%" for percentages, "" for scores). */
void svg_bar_chart(Req *req, const char *zTitle, const char *zSuffix,
                   const SvgBar *aBar, int nBar);

/* One line of a line chart. */
typedef struct SvgSeries SvgSeries;
struct SvgSeries {
  const char *zLabel;     /* borrowed; escaped when written */
  const double *aValue;   /* borrowed: the y values at x = 1..nValue */
  int nValue;
};

/* Append a line chart of up to 8 series to the response, all on one pair
** of axes: x from 1 to the longest series (zXName, e.g. "day", labels its
** ends), y from the smallest value to the largest (0 always included, with
** a zero line), labelled with zYPrefix (e.g. "\xC2\xA3") and k/M shortening;
** a legend below names each series by colour. The plot is a nested SVG
** with a viewBox stretched to the width, so text keeps its real size.
** zTitle (escaped) names the chart for screen readers and as a caption. */
void svg_line_chart(Req *req, const char *zTitle, const char *zXName, const char *zYPrefix,
                    const SvgSeries *aSeries, int nSeries);

#endif
