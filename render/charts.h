/*
 * charts.h - bar charts for the atlas, drawn with cairo on a page: one
 * series (investment by programme, road km by status) or grouped series
 * (coverage by village and service), with value labels, a zero-based
 * axis with round ticks, and a legend for grouped bars; and line charts
 * (coverage by year and service): one line per series through its values
 * at each category, a marker at each value, the last value written at the
 * line's end (moved apart where ends meet), the legend wrapped to the width.
 */
#ifndef VINFRA_CHARTS_H
#define VINFRA_CHARTS_H

#include "page.h"

typedef struct {
    const char *title;
    const char *unit;        /* axis unit, e.g. "万元", "%" */
    int ncat;                /* categories along the axis */
    const char *const *cats; /* their labels */
    int nseries;
    const char *const *series; /* series names (legend when > 1) */
    const double *values;      /* ncat x nseries, NAN: no bar */
    int decimals;              /* of the value labels */
    double max;                /* axis maximum, or 0: from the data */
} vi_chart;

/* Draw CHART in the box X, Y, W, H (mm) of PG with the style's chart colours. */
void chart_bars(vi_page *pg, const vi_chart *chart, double x, double y, double w, double h);
/* The same data as lines: CHART's categories along the axis (years), a line
 * per series; series beyond the style's six colours are dashed. */
void chart_lines(vi_page *pg, const vi_chart *chart, double x, double y, double w, double h);

#endif
