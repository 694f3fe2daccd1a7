/*
 * impact.h - what the programme changed, year by year: behind vinfra
 * impact and the atlas's "what changed" page.
 *
 * Everything is read through the store's world as of a year (store.h, "as
 * of a year"), so that a year's figures are those of the end of that year
 * and each year's work is the difference between two year ends:
 *  - built: for every layer and every status of kind built
 *    (data/statuses.tsv), the count, the geodesic length (line layers) or
 *    the quantity (trees), as vinfra stats measures them at each year end;
 *    a year's work is the end of that year less the end of the year before,
 *    so the years add up to the period's total by construction;
 *  - funding: the ledger's projects and money per programme, the same way
 *    (a project counts in its year);
 *  - coverage: per service, its first households measure (the straight-line
 *    one, as the atlas and gaps report it), households, people and poor
 *    households served at the end of the year before the period ("before")
 *    and at the end of each year of it (the last is "after");
 *  - money per newly served household: per service, the funding of the
 *    ledger's projects that the serving assets built in the period name in
 *    their field "project", over the households served after but not before.
 * Works and projects without a year stand before the programme (store.h);
 * the note says which.  This is the computation; impact-report.c writes it.
 */
#ifndef VINFRA_IMPACT_H
#define VINFRA_IMPACT_H

#include "coverage.h"
#include "lang.h"
#include "rules.h"
#include "store.h"
#include <glib.h>

typedef struct {
    const char *village; /* only this village's works, projects and households; NULL: all */
    int from, to;        /* the period's first and last year; 0: from the ledger's and the
                          * assets' years (the earliest and the latest of either) */
    const char *datadir; /* labels of the statistics */
} vi_impact_options;

/* What one layer's works of one status measure. */
typedef enum { VI_IMPACT_COUNT, VI_IMPACT_LENGTH, VI_IMPACT_QUANTITY } vi_impact_unit;

/* One row of "built by year": a layer's works of one status of kind built. */
typedef struct {
    const vi_layer *layer; /* borrowed from the registry */
    const char *status;    /* borrowed from the registry */
    int unit;              /* vi_impact_unit: features, metres, the quantity attribute */
    char *unit_label[2];   /* counting word or quantity unit (stats_unit_label()) per vi_lang */
    char *status_label[2]; /* the status's words (stats_status_label()) per vi_lang */
    double *by_year;       /* nyears: the work of each year of the period */
    double total;          /* of the period */
} vi_impact_work;

/* Money of one programme. */
typedef struct {
    char *key; /* programme key (owned, as the names) */
    char *name_zh, *name_en;
    double *wan;      /* nyears */
    gint64 *projects; /* nyears */
    double total_wan; /* of the period */
    gint64 total_projects;
} vi_impact_programme;

/* Households, people and poor households, and of them served, at a year end. */
typedef struct {
    gint64 households, served, people, served_people, poor, served_poor;
} vi_impact_served;

/* Why the money per newly served household of a service cannot be given. */
typedef enum {
    VI_IMPACT_COST_OK,
    VI_IMPACT_COST_NONE_NEW,   /* no household was newly served */
    VI_IMPACT_COST_NO_PROJECT, /* no serving asset built in the period names a ledger project */
} vi_impact_cost;

typedef struct {
    const vi_measure_def *def; /* borrowed from the rules */
    vi_impact_served *at;      /* nyears + 1: before, then the end of each year */
    /* Projects of the ledger named by the serving assets built in the period
     * (each once), their money, and the assets that name a project the
     * ledger does not have. */
    int projects;
    double funding_wan;
    int unknown_projects;
    int cost;                 /* vi_impact_cost */
    double wan_per_household; /* when cost is VI_IMPACT_COST_OK */
} vi_impact_service;

typedef struct {
    char *village; /* the village filter, or NULL */
    int from, to, nyears;
    GArray *works;       /* vi_impact_work, in registry and status order; rows with work only */
    GArray *programmes;  /* vi_impact_programme, registry order; those with money only */
    double *total_wan;   /* nyears: every programme */
    double period_wan;   /* of the period */
    GArray *services;    /* vi_impact_service, in the rules' order */
    char *as_of_note[2]; /* works counted as standing for want of a year (each vi_lang), or NULL */
    const vi_rules *rules;    /* borrowed: services' names */
    const vi_registry *reg;   /* borrowed */
    GPtrArray *measure_lists; /* rules_measures() lists, owning the services' definitions */
} vi_impact;

/* The years of the store's dated works and projects (of OPT->village when
 * set): *FIRST and *LAST, both 0 when nothing has a year. */
gboolean impact_years(vi_store *store, const char *village, int *first, int *last, GError **err);

/* Compute the impact over RULES's services (their first households
 * measure each) for OPT.  An unknown village is a VI_ERROR_USAGE error
 * listing the villages, as vinfra stats says it; a period that ends before
 * it starts one naming the years.  The store's own year is left as it was. */
vi_impact *impact_compute(vi_store *store, const vi_rules *rules, const vi_impact_options *opt,
                          GError **err);
void impact_free(vi_impact *im);

/* The year whose end is "before" (the year before the period). */
static inline int impact_before_year(const vi_impact *im)
{
    return im->from - 1;
}

/* ---- the writer (impact-report.c) ---- */

/* The before/after lines the report opens with, in LANG: "drinking water and
 * mobile signal now reach every household", "village clinic (straight line
 * ≤ 2 km): 0.0% → 76.2% of households, 2237 households newly served ..."
 * (a GPtrArray of owned strings). */
GPtrArray *impact_sentences(const vi_impact *im, vi_lang lang);
/* The per-village line of the atlas for SERVICE: "village clinic within 2 km:
 * 0% → 85% of households" of the households of the village (Cached by the
 * caller; plain data in, text out). */
char *impact_change_line(const char *service_name, const char *rule_label,
                         const vi_impact_served *before, const vi_impact_served *after,
                         vi_lang lang);

/* Append IM as FORMAT (table, csv, md or json) in LANG. */
void impact_render(const vi_impact *im, vi_format format, vi_lang lang, GString *out);

#endif
