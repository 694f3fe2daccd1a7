/*
 * track-clean.h - a phone's GPS track cleaned before its length counts.
 *
 * A phone logs a fix every second or so, each off by a few metres, and the
 * errors of successive fixes are correlated (they wander slowly rather
 * than jump).  Summing the segments of the raw track counts the wander as
 * distance: a 1 Hz walk with 2-3 m of such noise comes out about 6% long,
 * and every minute stood still adds tens of metres.  Before the length of a
 * walked road is stored, the track is cleaned in four steps:
 *   1. fixes with a poor accuracy (hdop above max_hdop) are dropped;
 *   2. jumps are dropped: a fix that could only be reached from the last
 *      good one faster than the jump speed (a multipath spike, a cold start
 *      far away), until the track comes back within that speed;
 *      then, among fixes without an hdop (a KML gx:Track, a GPX file
 *      without it), those standing out of their neighbours: a fix, or a
 *      short run going out and back, adding more than twice the accuracy
 *      to the length over its neighbours' chord;
 *   3. stationary clusters (at least min_stop_fixes fixes over at least
 *      min_stop_seconds, all within the accuracy of their centroid) become
 *      their centroid;
 *   4. Douglas-Peucker simplification at the fixes' accuracy: a vertex is
 *      kept only when it stands out of the line by more than the noise.
 * The parameters and why they are what they are: track_clean_defaults().
 *
 * Positions are metres on a local plane (x east, y north); the caller maps
 * longitude/latitude to it and back, and measures geodesic lengths.
 */
#ifndef VINFRA_TRACK_CLEAN_H
#define VINFRA_TRACK_CLEAN_H

#include <glib.h>
#include <stddef.h>

/* One GPS fix. */
typedef struct {
    double x, y; /* metres east and north on a local plane */
    double t;    /* seconds (any origin), NAN when the file gives no time */
    double hdop; /* horizontal dilution of precision, NAN when not given */
} vi_fix;

typedef struct {
    double max_hdop;          /* fixes with a larger hdop are dropped */
    double metres_per_hdop;   /* accuracy of a fix: hdop times this */
    double default_accuracy;  /* metres, when no fix gives an hdop */
    double min_accuracy;      /* the accuracy used is kept within these */
    double max_accuracy;      /*   bounds (metres) */
    double min_jump_speed;    /* m/s (or m per fix without times) */
    double jump_speed_factor; /* times the track's median speed */
    int max_jump_fixes;       /* a jump lasting longer is taken as the track */
    int min_stop_fixes;       /* a stationary cluster has at least this many fixes */
    double min_stop_seconds;  /* and lasts at least this long (when timed) */
} track_clean_params;

/* What cleaning did. */
typedef struct {
    size_t poor_accuracy; /* fixes dropped for their hdop */
    size_t jumps;         /* fixes dropped as jumps */
    size_t scattered;     /* fixes dropped for standing out of their neighbours */
    size_t stops;         /* stationary clusters collapsed */
    double accuracy;      /* the simplification tolerance used, metres */
} track_clean_stats;

/* The documented defaults (track-clean.c says why). */
track_clean_params track_clean_defaults(void);

/* Clean the N fixes FIX (in time order) into OUT, which receives x, y pairs
 * (room for 2 * N doubles); returns the number of points written, at least 2
 * when N >= 2 unless every fix was dropped.  STATS may be NULL. */
size_t track_clean(const vi_fix *fix, size_t n, const track_clean_params *p, double *out,
                   track_clean_stats *stats);

/* Length of the planar polyline of N x, y pairs XY, metres. */
double track_planar_length(const double *xy, size_t n);

#endif
