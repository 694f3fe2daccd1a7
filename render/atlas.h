/*
 * atlas.h - the meeting booklet: a cover with the programme's totals, the
 * overview map, chart pages (investment by programme, coverage by village
 * and service, road km by status), then one page per village: its map, a
 * table of how well each service reaches its households, and, when its
 * assets have photos, a strip of the newest (photostrip.h).
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
    const vi_map_input *overview; /* of the overview page (the default figure) */
    const vi_map_input *villages; /* of each village's page */
    const vi_photostrip *strips;  /* of each village's page: its newest assets' photos; NULL
                                   * for none */
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
