/*
 * check.c - the generator's self-check, before anything is written: every
 * feature inside its village, with a project of its own village and
 * programme when it was built, every attribute the registry requires, the
 * report's totals, and the coverage rules of data/rules.tsv (water and
 * signal reach every household; the clinic gap is where it should be).
 */
#include "gen-demo.h"

#include <stdio.h>
#include <string.h>

/* The programme whose projects build each layer's assets. */
static const int layer_programme[NLAYERS] = {
    [L_VILLAGES] = -1,           [L_HOUSEHOLDS] = P_ECOLOGY,
    [L_ROADS] = P_INFRA,         [L_BRIDGES] = P_INFRA,
    [L_STREETLIGHTS] = P_INFRA,  [L_WATER_TANKS] = P_INFRA,
    [L_WATER_PIPES] = P_INFRA,   [L_RIVERS] = P_ECOLOGY,
    [L_SIGNAL_TOWERS] = P_INFRA, [L_CLINICS] = P_HEALTH,
    [L_ELDERLY_CARE] = P_HEALTH, [L_COMMITTEES] = P_INFRA,
    [L_CULTURE] = P_CULTURE,     [L_SCHOOLS] = P_EDUCATION,
    [L_TOILETS] = P_ECOLOGY,     [L_GARBAGE_POOLS] = P_ECOLOGY,
    [L_TREES] = P_ECOLOGY,       [L_INDUSTRY] = P_INDUSTRY,
};

static gboolean on_ring(const GArray *ring, pt p)
{
    for (guint i = 0; i < ring->len; i++)
        if (same(AT(ring, i), p))
            return TRUE;
    return FALSE;
}

static double status_length(const world *w, int layer, const char *const *statuses, int *count)
{
    double s = 0;
    *count = 0;
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        if (f->status && g_strv_contains(statuses, f->status)) {
            (*count)++;
            if (f->line)
                s += ll_length(w, f->coords);
        }
    }
    return s;
}

static double nearest(const world *w, int layer, pt p)
{
    double best = G_MAXDOUBLE;
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        best = MIN(best, ll_dist(w, p, AT(f->coords, 0)));
    }
    return best;
}

/* Within reach of a pipe: judged on a metric plane about the point (the
 * pipes are short, the plane's error is far below a metre). */
static gboolean near_pipe(const world *w, pt p)
{
    double mlat = 111132.954 - 559.822 * cos(2 * p.y * G_PI / 180);
    double mlon = 111412.84 * cos(p.y * G_PI / 180);
    for (guint i = 0; i < w->features[L_WATER_PIPES]->len; i++) {
        feature *f = w->features[L_WATER_PIPES]->pdata[i];
        GArray *local = line_new();
        for (guint k = 0; k < f->coords->len; k++)
            line_push(local, pt_make((AT(f->coords, k).x - p.x) * mlon,
                                     (AT(f->coords, k).y - p.y) * mlat));
        double d = line_distance(local, pt_make(0, 0));
        g_array_free(local, TRUE);
        if (d <= w->reach.pipe_m)
            return TRUE;
    }
    return FALSE;
}

/* What data/layers.tsv and data/attributes.tsv ask of every feature: the
 * layer's geometry, and every required attribute set. */
static void verify_registry(const world *w)
{
    for (int layer = 0; layer < NLAYERS; layer++) {
        for (guint i = 0; i < w->features[layer]->len; i++) {
            const feature *f = w->features[layer]->pdata[i];
            if (f->line != (f->def->geometry == VI_GEOM_LINE))
                die("%s: not a %s, as data/layers.tsv has %s", f->id,
                    vi_geom_type_names[f->def->geometry], f->def->name);
            for (int a = 0; a < f->def->nattrs; a++)
                if (f->def->attrs[a]->required && !f->attrs[a])
                    die("%s: no %s, which data/attributes.tsv requires", f->id,
                        f->def->attrs[a]->name);
        }
    }
}

void verify(world *w)
{
    verify_registry(w);
    for (int layer = 1; layer < NLAYERS; layer++) {
        for (guint i = 0; i < w->features[layer]->len; i++) {
            feature *f = w->features[layer]->pdata[i];
            const GArray *ring = w->v[f->village].ring_ll;
            if (f->proj &&
                (f->proj->village != f->village || f->proj->programme != layer_programme[layer]))
                die("%s: project '%s' of another village or programme", f->id, f->proj->name);
            if (f->status && strcmp(f->status, "existing") == 0 && f->proj)
                die("%s: an existing asset with a project", f->id);
            if (f->status && strcmp(f->status, "existing") != 0 && !f->proj)
                die("%s: built with no project", f->id);
            for (guint k = 0; k < f->coords->len; k++) {
                pt p = AT(f->coords, k);
                if (!ring_contains(ring, p) && !(f->line && on_ring(ring, p)))
                    die("%s (%s) lies outside %s at %.7f %.7f", f->id, f->name,
                        village_defs[f->village].name, p.x, p.y);
            }
        }
    }

    int n;
    const char *const road_built[] = {"new", "widened", "hardened", NULL}, *const built[] = {
                                                                               "built", NULL};
    double roads = status_length(w, L_ROADS, road_built, &n);
    if (fabs(roads - ROADS_BUILT_M) > 0.05)
        die("roads built: %.3f m, expected %.1f", roads, ROADS_BUILT_M);
    double pipes = status_length(w, L_WATER_PIPES, built, &n);
    if (fabs(pipes - PIPES_BUILT_M) > 0.05)
        die("pipes built: %.3f m, expected %.1f", pipes, PIPES_BUILT_M);
    static const struct {
        int layer, expected;
    } built_counts[] = {{L_STREETLIGHTS, STREETLIGHTS},
                        {L_WATER_TANKS, TANKS_BUILT},
                        {L_SIGNAL_TOWERS, TOWERS_BUILT},
                        {L_BRIDGES, 5},
                        {L_CLINICS, 10},
                        {L_COMMITTEES, 14},
                        {L_ELDERLY_CARE, 2},
                        {L_TOILETS, 10},
                        {L_GARBAGE_POOLS, 14}};
    for (guint i = 0; i < G_N_ELEMENTS(built_counts); i++) {
        status_length(w, built_counts[i].layer, built, &n);
        if (n != built_counts[i].expected)
            die("%d %s built, expected %d", n, layer_name(w, built_counts[i].layer),
                built_counts[i].expected);
    }

    /* coverage rules, and the clinic gap */
    int far_clinic[NV] = {0}, bad_clinic = -1;
    for (guint i = 0; i < w->features[L_HOUSEHOLDS]->len; i++) {
        feature *f = w->features[L_HOUSEHOLDS]->pdata[i];
        pt p = AT(f->coords, 0);
        if (nearest(w, L_WATER_TANKS, p) > w->reach.tank_m && !near_pipe(w, p))
            die("household %s has no water within reach", f->id);
        if (nearest(w, L_SIGNAL_TOWERS, p) > w->reach.tower_m)
            die("household %s has no signal tower within reach", f->id);
        if (nearest(w, L_CLINICS, p) > w->reach.clinic_m)
            far_clinic[f->village]++;
    }
    printf("%-10s %6s %6s %6s >%g km from a clinic\n", "village", "hh", "people", "clinic",
           w->reach.clinic_m / 1000);
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        gboolean clinic = strcmp(v->def->name, NO_CLINIC_VILLAGE) != 0;
        double far = (double)far_clinic[vi] / v->households;
        printf("%-10s %6d %6d %6s %5.1f%%\n", v->def->name, v->households, v->population,
               clinic ? "yes" : "no", 100 * far);
        if (clinic ? far > 0.4 : far < 0.6)
            bad_clinic = vi;
    }
    if (bad_clinic >= 0)
        die("%s: wrong share of households more than %g km from a clinic",
            village_defs[bad_clinic].name, w->reach.clinic_m / 1000);
    printf("roads built %.1f m, pipes built %.1f m\n", roads, pipes);
}
