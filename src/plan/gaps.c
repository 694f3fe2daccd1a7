/*
 * gaps.c - unserved households grouped into hamlets: single-linkage
 * clusters, their figures, village and place.  gaps-report.c says them in
 * words and renders them.  See gaps.h.
 */
#include "gaps.h"
#include "gkzone.h"
#include "spindex.h"

#include <math.h>
#include <stdlib.h>

/* ---- clustering ----------------------------------------------------------- */

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int hamlet_cmp(const void *pa, const void *pb)
{
    const vi_hamlet *a = pa, *b = pb;
    if (a->households != b->households)
        return b->households - a->households;
    if (a->people != b->people)
        return b->people - a->people;
    if (a->village != b->village)
        return a->village - b->village;
    return (a->x > b->x) - (a->x < b->x);
}

/* Sets H's direction and distance from its village's centre. */
static void locate(const vi_world *w, vi_hamlet *h)
{
    double cx, cy;
    h->direction = -1;
    h->centre_m = NAN;
    if (!world_village_centre(w, h->village, &cx, &cy))
        return;
    double dx = h->x - cx, dy = h->y - cy;
    h->centre_m = hypot(dx, dy);
    if (h->centre_m < VI_HAMLET_CENTRE_M) {
        h->direction = 8;
        return;
    }
    /* Bearing clockwise from north (grid north: under 1.5 degrees off here). */
    double bearing = atan2(dx, dy) * 180 / G_PI;
    if (bearing < 0)
        bearing += 360;
    h->direction = (int)floor((bearing + 22.5) / 45) % 8;
}

int gaps_cluster(const double *xy, int n, double link_m, int *cluster)
{
    /* Single linkage: join every pair within LINK_M. */
    vi_spindex *ix = spindex_new_points(xy, n);
    int *parent = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    GArray *near = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < n; i++) {
        g_array_set_size(near, 0);
        spindex_within(ix, xy[2 * i], xy[2 * i + 1], link_m, near);
        for (guint k = 0; k < near->len; k++) {
            int a = uf_find(parent, i), b = uf_find(parent, g_array_index(near, int, k));
            if (a != b)
                parent[MAX(a, b)] = MIN(a, b);
        }
    }
    g_array_free(near, TRUE);
    spindex_free(ix);
    /* Numbered in order of their first member. */
    int nclusters = 0;
    int *id_of_root = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        id_of_root[i] = -1;
    for (int i = 0; i < n; i++) {
        int r = uf_find(parent, i);
        if (id_of_root[r] < 0)
            id_of_root[r] = nclusters++;
        cluster[i] = id_of_root[r];
    }
    g_free(id_of_root);
    g_free(parent);
    return nclusters;
}

GArray *gaps_hamlets(const vi_world *w, const vi_measure *m, GError **err)
{
    const double *hxy = world_household_xy(w);
    const int *hv = world_household_village(w);
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    int nv = world_village_count(w);
    GArray *unserved = g_array_new(FALSE, FALSE, sizeof(int));
    for (int h = 0; h < m->nhh; h++)
        if (!m->served[h])
            g_array_append_val(unserved, h);
    int n = (int)unserved->len;
    const int *u = (const int *)unserved->data;
    double *xy = g_new(double, 2 * n + 2);
    for (int i = 0; i < n; i++) {
        xy[2 * i] = hxy[2 * u[i]];
        xy[2 * i + 1] = hxy[2 * u[i] + 1];
    }
    int *cluster = g_new(int, n + 1);
    int nclusters = gaps_cluster(xy, n, VI_HAMLET_LINK_M, cluster);
    GArray *hamlets = g_array_sized_new(FALSE, TRUE, sizeof(vi_hamlet), nclusters);
    g_array_set_size(hamlets, nclusters);
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->dist_min = h->near_dist = INFINITY;
        h->dist_max = -INFINITY;
        h->near_rule = h->near_feature = -1;
    }
    for (int i = 0; i < n; i++)
        g_array_index(hamlets, vi_hamlet, cluster[i]).nmembers++;
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->members = g_new(int, h->nmembers);
        h->nmembers = 0;
    }
    for (int i = 0; i < n; i++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, cluster[i]);
        int k = u[i];
        h->members[h->nmembers++] = k;
        h->households++;
        h->people += members[k];
        h->poor += poor[k];
        h->x += xy[2 * i];
        h->y += xy[2 * i + 1];
        h->dist_min = fmin(h->dist_min, m->dist[k]);
        h->dist_max = fmax(h->dist_max, m->dist[k]);
        if (m->near_rule[k] >= 0 && m->line_dist[k] < h->near_dist) {
            h->near_dist = m->line_dist[k];
            h->near_rule = m->near_rule[k];
            h->near_feature = m->near_feature[k];
        }
    }
    /* Village: the one most members belong to (the lowest index on a tie). */
    int *count = g_new0(int, nv + 1);
    double *lonlat = g_new(double, 2 * nclusters + 2);
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->x /= h->households;
        h->y /= h->households;
        for (int k = 0; k < h->nmembers; k++)
            count[hv[h->members[k]]]++;
        h->village = nv;
        for (int k = 0; k < h->nmembers; k++) {
            int v = hv[h->members[k]];
            if (count[v] > count[h->village] || (count[v] == count[h->village] && v < h->village))
                h->village = v;
        }
        for (int k = 0; k < h->nmembers; k++)
            count[hv[h->members[k]]] = 0;
        locate(w, h);
        lonlat[2 * c] = h->x;
        lonlat[2 * c + 1] = h->y;
    }
    gboolean ok = gk_unproject(world_epsg(w), lonlat, (size_t)nclusters, err);
    for (int c = 0; ok && c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->lon = lonlat[2 * c];
        h->lat = lonlat[2 * c + 1];
    }
    if (hamlets->len > 0) /* qsort's array may not be NULL, even when empty (UBSan) */
        qsort(hamlets->data, hamlets->len, sizeof(vi_hamlet), hamlet_cmp);
    for (int c = 0; c < nclusters; c++)
        g_array_index(hamlets, vi_hamlet, c).number = c + 1;
    g_free(count);
    g_free(lonlat);
    g_free(cluster);
    g_free(xy);
    g_array_free(unserved, TRUE);
    if (!ok) {
        gaps_free(hamlets);
        return NULL;
    }
    return hamlets;
}

void gaps_free(GArray *hamlets)
{
    if (!hamlets)
        return;
    for (guint i = 0; i < hamlets->len; i++)
        g_free(g_array_index(hamlets, vi_hamlet, i).members);
    g_array_free(hamlets, TRUE);
}
