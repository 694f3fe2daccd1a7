/*
 * mapinput.h - what a map draws besides the store's layers: the results
 * a command computed (coverage of a service, its gaps and proposed sites,
 * hamlet sizes, a figure per village), as plain data.  The maps draw what
 * they are given and run no analysis (git computes a diff into a structure
 * and hands it to the formatter); src/cli/map-inputs.c fills these.
 *
 * Every pointer is borrowed: the caller keeps what it computed alive until
 * the page is drawn.
 */
#ifndef VINFRA_MAPINPUT_H
#define VINFRA_MAPINPUT_H

#include "figures.h"
#include <glib.h>

/* The assets of one serving set and the distance they serve within. */
typedef struct {
    const char *layer; /* their layer */
    gboolean points;   /* points: N in XY; else lines: NPARTS parts of VERT */
    int n;
    const double *xy;
    int nparts;
    const int *part_start; /* NPARTS + 1 offsets into VERT's points */
    const double *vert;
    double threshold_m;
} vi_map_reach;

/* An unserved hamlet: its centroid and size. */
typedef struct {
    double x, y;
    int households, people;
} vi_map_hamlet;

/* A proposed site and what it would add. */
typedef struct {
    double x, y;
    int rank, gain_households, gain_people;
} vi_map_site;

/* One service measured over the map's households (coverage and gaps maps). */
typedef struct {
    const char *service;
    int method;        /* vi_method of its measure */
    const char *label; /* the standard in words */
    int epsg;          /* of every coordinate below */
    int nhh;
    const double *hh_xy;  /* the households, 2 per household */
    const guint8 *served; /* per household */
    gint64 households, people, poor, served_households, served_people, served_poor;
    int nreach;
    const vi_map_reach *reach;
    /* By road: the roads' vertices and each one's distance along the
     * network from the nearest serving point (not finite beyond reach). */
    int road_nparts;
    const int *road_part_start;
    const double *road_vert, *road_dist;
    double road_reach_m;
    /* Gaps: the unserved hamlets, and the sites proposed with their reach
     * and what the rules call them. */
    int nhamlets;
    const vi_map_hamlet *hamlets;
    int nsites;
    const vi_map_site *sites;
    double site_reach_m;
    const char *site_asset_zh, *site_asset_en;
} vi_map_service;

/* Households of the village map close enough to be one hamlet, in the map's
 * plane (mapdata.h): where to write their number. */
typedef struct {
    double x, y;
    int households;
} vi_map_cluster;

typedef struct {
    const vi_map_service *service; /* coverage and gaps maps */
    int nclusters;                 /* village map of one village */
    const vi_map_cluster *clusters;
    /* Overview: the numbers of the figure for each village of the villages
     * layer, and whether it has them (else "—"). */
    const vi_figure_values *figures;
    const gboolean *has_figures;
} vi_map_input;

#endif
