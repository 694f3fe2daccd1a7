/*
 * stats.h - the statistics behind the office's report: per village and in
 * total, the count of each layer's features, the geodesic length of line
 * layers, both broken down by status and by the layer's breakdown attribute
 * (data/layers.tsv), households and people by poverty status, and projects
 * and funding by programme.
 *
 * The tally (stats_compute, stats_figures and the other accessors) is
 * stats.c, a pure computation over the store; the writer (stats_render and
 * the labels) is stats-report.c, in the language the caller passes.
 *
 * Status and value labels come from data/statuses.tsv and data/labels.tsv;
 * a status's kind there (built, existing, planned) decides what counts as
 * built.  Planned features are never part of a count or a length: they only
 * appear under their own status.
 *
 * The JSON form (stats_render with VI_FORMAT_JSON):
 *
 *   {
 *     "total": SCOPE,                     every village, plus county-level projects
 *     "villages": [SCOPE, ...]            each with "name" first, in the villages layer's order
 *   }
 *   SCOPE = {
 *     "name": "双龙村",                   villages only
 *     LAYER: {                            every layer but villages and households, by name
 *       "count": 12,                      features that exist: every status but planned
 *       "length_m": 20100.5,              line layers: geodesic length on CGCS2000
 *       "quantity": 7000,                 layers with a quantity attribute (trees): its sum
 *       "built": TALLY,                   statuses of kind built (new, widened, built...)
 *       "by_status": {STATUS: TALLY},     every status of the layer (planned included)
 *       "by_TYPE": {VALUE: TALLY + "by_status"}   layers with a breakdown attribute TYPE
 *     },
 *     "households": {"count": 2934, "people": 9512, "toilet_retrofits": 120,
 *                    "by_poverty": {"registered": {"count": 5, "people": 17},
 *                                   "lifted": ..., "none": ...}},
 *     "projects": {PROGRAMME: {"count": 152, "funding_wan": 1898.5}},   every programme
 *     "projects_total": {"count": 236, "funding_wan": 4590}
 *   }
 *   TALLY = {"count": n, "length_m": x (line layers), "quantity": q (quantity layers)}
 *
 * "count" of a programme counts ledger rows of kind "project"; rows of kind
 * "fund" only add money.
 *
 * As of a year (vi_stats_options.as_of), the store reads the world as it
 * stood at the end of it (store.h), and a household's toilet retrofit of a
 * later year is not yet one.  The JSON then starts with "as_of": YEAR and,
 * when works without a year were counted as standing, "as_of_note": TEXT;
 * the tables' title says it, and the note is printed under it.  With a layer filter only that key is present
 * ("projects" selects projects and projects_total).
 */
#ifndef VINFRA_STATS_H
#define VINFRA_STATS_H

#include "lang.h"
#include "store.h"
#include <glib.h>

typedef struct vi_stats vi_stats;

/* ---- the tally (stats.c) ---- */

typedef struct {
    const char *village; /* only this village (the total is then that village), or NULL */
    const char *layer;   /* only this layer, "households" or "projects", or NULL */
    int as_of;           /* the world at the end of this year (store.h, "as of a year"); 0: today */
} vi_stats_options;

/* Check OPT->layer against the registry before any work: FALSE with a
 * VI_ERROR_USAGE error listing the accepted names. */
gboolean stats_check_layer(const vi_registry *reg, const char *layer, GError **err);

/* Read every feature and project of STORE and add them up.  Labels are read
 * from DATADIR.  An unknown village is a VI_ERROR_USAGE error listing the
 * villages; other failures are store or data errors. */
vi_stats *stats_compute(vi_store *store, const char *datadir, const vi_stats_options *opt,
                        GError **err);
void stats_free(vi_stats *s);

/* The year the statistics are as of (0: today). */
int stats_as_of(const vi_stats *s);

/* The villages in the statistics, in the villages layer's order. */
int stats_village_count(const vi_stats *s);
const char *stats_village_name(const vi_stats *s, int i);

/* Figures of one layer in village I (-1: the total): every status but
 * planned, or only STATUS when not NULL; plus what the programme built.
 * FALSE for an unknown layer, status or village. */
typedef struct {
    gint64 count;
    double length_m, quantity;
    gint64 built_count;
    double built_length_m;
} vi_stats_figures;
gboolean stats_figures(const vi_stats *s, int village, const char *layer, const char *status,
                       vi_stats_figures *out);
/* Programmes in report order, and their projects and money in village I (-1: the total). */
int stats_programme_count(const vi_stats *s);
const char *stats_programme_key(const vi_stats *s, int k);
void stats_programme_figures(const vi_stats *s, int village, int k, gint64 *projects,
                             double *funding_wan);

/* ---- the writer (stats-report.c) ---- */

/* The words reports use for a status (data/statuses.tsv) and a programme. */
const char *stats_status_label(const vi_stats *s, const char *status, vi_lang lang);
const char *stats_programme_label(const vi_stats *s, int k, vi_lang lang);
/* The counting word of LAYER's features (盏, 座; data/labels.tsv), or with
 * QUANTITY the unit of its quantity attribute (株); "" when there is none. */
const char *stats_unit_label(const vi_stats *s, const char *layer, gboolean quantity, vi_lang lang);

/* Append the statistics to OUT as FORMAT (table, csv, md or json) in LANG. */
void stats_render(const vi_stats *s, vi_format format, vi_lang lang, GString *out);

#endif
