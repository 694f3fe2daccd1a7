/*
 * atlas.h - the meeting booklet: a cover with the programme's totals, the
 * overview map, chart pages (investment by programme, coverage by village
 * and service, road km by status), a page of what changed over the
 * programme's years (coverage at each year's end, road km and money of each
 * year), then one page per village: its map, a table of how well each
 * service reaches its households (and how well it did before the
 * programme), and, when its assets have photos, a strip of the newest
 * (photostrip.h).
 */
#ifndef VINFRA_ATLAS_H
#define VINFRA_ATLAS_H

#include "maps.h"
#include "photostrip.h"

/* A programme's projects and money. */
typedef struct {
    const char *label;
    gint64 projects;
    double wan;
} vi_atlas_programme;

/* Road length of one status (NAN: none). */
typedef struct {
    const char *label;
    double km;
} vi_atlas_status;

/* A line of the cover's main works and its numbers. */
typedef struct {
    const vi_cover_figure *figure;
    vi_figure_values values;
} vi_atlas_work;

/* Households and people a service reaches by straight line. */
typedef struct {
    gint64 households, people, served_households, served_people;
} vi_served;

/* What changed over the programme's years, for the "what changed" page and
 * the villages' before → after column; every pointer borrowed. */
typedef struct {
    int before, after; /* the year ends compared: the year before the period, its last */
    int nyears;        /* the period's years, before + 1 to after */
    /* NSERVICES (of the atlas) x (nyears + 1): the share of households (%)
     * each service reached at each year's end, before first. */
    const double *coverage;
    int nstatuses;
    const char *const *road_statuses; /* labels of the roads' statuses of kind built */
    const double *road_km;            /* nyears x nstatuses: km of each year */
    const double *funding_wan;        /* nyears: every programme */
    /* NSERVICES x (villages + 1), as vi_atlas_input.served: before. */
    const vi_served *served_before;
} vi_atlas_change;

/* What the atlas shows, computed by the command (src/cli/map-inputs.c);
 * every pointer borrowed. */
typedef struct {
    int nprogrammes;
    const vi_atlas_programme *programmes;
    int nworks;
    const vi_atlas_work *works;
    int nstatuses;
    const vi_atlas_status *road_statuses; /* the roads layer's statuses in order */
    int nservices;
    const char *const *services; /* with a households rule by straight line, in the rules' order */
    /* NSERVICES x (villages + 1): each village of the villages layer, then all. */
    const vi_served *served;
    const vi_map_input *overview;  /* of the overview page (the default figure) */
    const vi_map_input *villages;  /* of each village's page */
    const vi_photostrip *strips;   /* of each village's page: its newest assets' photos; NULL
                                   * for none */
    const vi_atlas_change *change; /* NULL: nothing has a year, or the period starts after the
                                    * atlas's year */
    int as_of;                     /* the year the atlas is as of (0: today) */
} vi_atlas_input;

/* The map request of the page of VILLAGE: room left at its foot for the
 * table of NSERVICES services, and for the photo strip when PHOTOS. */
void atlas_village_request(const vi_page *pg, int nservices, const char *village, const char *dem,
                           gboolean photos, vi_map_request *req);

/* Write the atlas of IN into PG (a PDF), one page after another; DEM (may
 * be NULL) shades the maps. */
gboolean atlas_write(vi_page *pg, vi_render_ctx *ctx, const char *dem, const vi_atlas_input *in,
                     GError **err);

#endif
