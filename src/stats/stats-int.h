/*
 * stats-int.h - what the two files of the statistics share: the tallies
 * stats.c adds up (per village and in total) and stats-report.c writes, and
 * the statuses (data/statuses.tsv, statuses.h) and the label rows of
 * data/labels.tsv that stats.c reads and both look up.  stats.h is the
 * interface.
 */
#ifndef VINFRA_STATS_INT_H
#define VINFRA_STATS_INT_H

#include "stats.h"
#include "statuses.h"
#include <glib.h>

/* ---- labels: data/labels.tsv ---- */

typedef struct {
    char *field, *value, *name_zh, *name_en;
} label_row;

/* Keys for features whose status or breakdown value is missing (or, for a
 * status, not one of the layer's). */
#define UNKNOWN_STATUS "unknown"
#define UNSPECIFIED_VALUE "unspecified"

/* ---- the tallies ---- */

typedef struct {
    gint64 count;
    double length_m;
    double quantity; /* trees' count, households' members */
} tally;

/* One breakdown value of a layer in one scope. */
typedef struct {
    tally all;        /* every status but planned */
    tally *by_status; /* layer_info.nstatus slots */
} value_tally;

typedef struct {
    tally all;         /* every status but planned */
    tally built;       /* statuses of kind built */
    tally *by_status;  /* layer_info.nstatus slots */
    GPtrArray *values; /* value_tally * (or NULL), indexed like layer_info.values */
    gint64 toilet_retrofits;
} layer_tally;

typedef struct {
    gint64 projects;
    double funding_wan;
} money;

/* The figures of one village, or of the total. */
typedef struct {
    char *name;          /* NULL for the total */
    layer_tally *layers; /* one per registry layer */
    GArray *programmes;  /* money, indexed like vi_stats.programme_keys */
} scope;

/* What stats needs to know of a layer beyond the registry row. */
typedef struct {
    const vi_layer *layer;
    gboolean counted;  /* selected by --layer, and not the villages layer */
    int nstatus;       /* the layer's statuses plus a slot for UNKNOWN_STATUS; 0 without statuses */
    int breakdown;     /* attribute index, or -1 */
    int quantity;      /* attribute index, or -1 */
    int toilet;        /* households: index of toilet_retrofit, else -1 */
    GPtrArray *values; /* breakdown values in print order (char *, owned) */
    GHashTable *value_index; /* value -> index + 1 */
} layer_info;

struct vi_stats {
    const vi_registry *reg;
    vi_statuses *statuses; /* words and kinds of the statuses */
    GArray *label_rows;
    GHashTable *labels; /* "field\tvalue" -> label_row * (keys owned) */
    layer_info *info;   /* one per registry layer */
    int nlayers;
    char *village;       /* the village filter, or NULL */
    int as_of;           /* 0: today */
    char *as_of_note[2]; /* store_as_of_note() in each vi_lang, or NULL */
    gboolean with_projects;
    gboolean layer_filter;       /* a --layer was given */
    GPtrArray *programme_keys;   /* char * (owned), registry order, then unknown keys */
    GHashTable *programme_index; /* key -> index + 1 */
    GPtrArray *known_villages;   /* every village name met (char *, owned), for errors */
    GHashTable *known;           /* name -> TRUE */
    scope total;
    GPtrArray *villages;        /* scope *, in the order met (the villages layer first) */
    GHashTable *village_scopes; /* name -> scope * */
};

#endif
