/*
 * valleys.c - the demo's geography: a main river (灞河) meandering west-east
 * through a 30 x 20 km area with the county road 100 m north of it; six
 * villages north of it and five south, each around a side valley whose
 * stream runs down to the river, with the village road beside the stream
 * and hamlets (村民小组) strung along the road or at the end of group roads.
 * Village boundaries follow the ridges between side valleys and, in the
 * main valley, a line 45 m north of the river.  Everything here is in the
 * layout's metres (EPSG:4545 relative to the world's origin).
 */
#include "gen-demo.h"

#include <stdlib.h>

/* Ridges between the valleys: x where they leave the main valley.  The
 * first and last entries are the area's west and east edges. */
static const double north_ridge_x[N_NORTH + 1] = {-15000, -10000, -5000, 0, 5000, 10000, 15000};
static const double south_ridge_x[N_SOUTH + 1] = {-15000, -8000, -3500, 1500, 6500, 15000};

/* The river meanders west to east (it flows west); the bank line and the
 * county road are it moved north, vertex by vertex, so vertex K of all
 * three lines lies on one cross-section of the valley. */
void build_main_valley(world *w)
{
    rng_t r = rng_stream(1);
    const double amp[3] = {800, 250, 80}, wavelength[3] = {12000, 5000, 2500};
    double phase[3];
    for (int i = 0; i < 3; i++)
        phase[i] = rng_range(&r, 0, 2 * G_PI);
    GArray *dense = line_new();
    for (double x = -15000; x <= 15000; x += 2) {
        double y = 0;
        for (int i = 0; i < 3; i++)
            y += amp[i] * sin(2 * G_PI * x / wavelength[i] + phase[i]);
        line_push(dense, pt_make(x, y));
    }
    w->river = line_resample(dense, VERTEX_SPACING);
    g_array_free(dense, TRUE);
    w->normal = line_new();
    for (guint i = 0; i < w->river->len; i++) {
        pt a = AT(w->river, i > 0 ? i - 1 : 0), b = AT(w->river, MIN(i + 1, w->river->len - 1));
        line_push(w->normal, left_of(unit(sub(b, a))));
    }
    w->bank = line_new();
    w->county = line_new();
    for (guint i = 0; i < w->river->len; i++) {
        line_push(w->bank, add(AT(w->river, i), mul(AT(w->normal, i), BANK_OFFSET)));
        line_push(w->county, add(AT(w->river, i), mul(AT(w->normal, i), COUNTY_OFFSET)));
    }
}

static int line_index_nearest_x(const GArray *l, double x)
{
    int best = 0;
    for (guint i = 1; i < l->len; i++)
        if (fabs(AT(l, i).x - x) < fabs(AT(l, best).x - x))
            best = (int)i;
    return best;
}

/* Where the ridges and side valleys meet the main valley.  Every index is
 * kept apart from the others, so no two crossings share a vertex. */
void place_nodes(world *w)
{
    int last = (int)w->river->len - 1;
    int used[64], nused = 0;
    for (int k = 0; k <= N_NORTH; k++) {
        w->kp[k] = k == 0         ? 0
                   : k == N_NORTH ? last
                                  : line_index_nearest_x(w->river, north_ridge_x[k]);
        used[nused++] = w->kp[k];
    }
    for (int k = 0; k <= N_SOUTH; k++) {
        w->kr[k] = k == 0         ? 0
                   : k == N_SOUTH ? last
                                  : line_index_nearest_x(w->river, south_ridge_x[k]);
        if (k > 0 && k < N_SOUTH)
            used[nused++] = w->kr[k];
    }
    for (int i = 0; i < NV; i++) {
        village *v = &w->v[i];
        v->mouth = line_index_nearest_x(w->river, v->def->centre_x);
        /* the side stream meets the river one vertex downstream of the road's side */
        int stream_mouth = v->def->side > 0 ? v->mouth + 1 : v->mouth - 1;
        for (int u = 0; u < nused; u++)
            if (abs(used[u] - v->mouth) < 6 || abs(used[u] - stream_mouth) < 6)
                die("valley of %s too close to another crossing", v->def->name);
        used[nused++] = v->mouth;
        used[nused++] = stream_mouth;
    }
}

/* Appends a ridge from A (not appended) to B: bends every 2 km about a
 * line leaning TILT metres per 10 km from X0, roughened between bends. */
static void ridge(GArray *out, pt a, pt b, double x0, double tilt, rng_t *r)
{
    double dir = b.y > a.y ? 1 : -1;
    pt prev = a;
    for (double y = a.y + 2000 * dir; dir * (b.y - y) > 1500; y += 2000 * dir) {
        pt bend = pt_make(x0 + tilt * fabs(y) / 10000 + rng_range(r, -600, 600), y);
        fractal(out, prev, bend, 0.12 * dist(prev, bend), 100, r);
        prev = bend;
    }
    fractal(out, prev, b, 0.12 * dist(prev, b), 100, r);
}

/* The village outlines: rings assembled from shared arcs (the bank line,
 * the ridges, the area's edges), so neighbours share their boundary
 * vertex for vertex. */
void build_outlines(world *w)
{
    rng_t r = rng_stream(2);
    int last = (int)w->river->len - 1;
    const pt nw = pt_make(-15150, 10200), ne = pt_make(15050, 9900);
    const pt sw = pt_make(-14900, -9800), se = pt_make(15200, -10100);

    /* ridges lean, and the valleys between them lean with them */
    rng_t tr = rng_stream(4);
    for (int k = 1; k < N_NORTH; k++)
        w->tilt_n[k] = rng_range(&tr, -800, 800);
    for (int k = 1; k < N_SOUTH; k++)
        w->tilt_s[k] = rng_range(&tr, -800, 800);

    GArray *top = line_new(), *bottom = line_new();
    line_push(top, nw);
    fractal(top, nw, ne, 1400, 120, &r);
    line_push(bottom, sw);
    fractal(bottom, sw, se, 1400, 120, &r);

    /* the area's west and east edges pass through the ends of the county
     * road and of the river, so both stay inside */
    GArray *west_n = line_new(), *west_s = line_new(), *east_n = line_new(), *east_s = line_new();
    line_push(west_n, AT(w->bank, 0));
    line_push(west_n, AT(w->county, 0));
    fractal(west_n, AT(w->county, 0), nw, 800, 120, &r);
    line_push(west_s, AT(w->bank, 0));
    line_push(west_s, AT(w->river, 0));
    fractal(west_s, AT(w->river, 0), sw, 800, 120, &r);
    line_push(east_n, AT(w->bank, last));
    line_push(east_n, AT(w->county, last));
    fractal(east_n, AT(w->county, last), ne, 800, 120, &r);
    line_push(east_s, AT(w->bank, last));
    line_push(east_s, AT(w->river, last));
    fractal(east_s, AT(w->river, last), se, 800, 120, &r);

    /* ridges: from the bank line across the county road (north) or the
     * river (south), through a vertex of it, up to the area's edge */
    GArray *north[N_NORTH + 1], *south[N_SOUTH + 1];
    int top_node[N_NORTH + 1], bottom_node[N_SOUTH + 1];
    rng_t rr = rng_stream(3);
    for (int k = 1; k < N_NORTH; k++) {
        int kp = w->kp[k];
        top_node[k] = line_index_nearest_x(top, north_ridge_x[k] + w->tilt_n[k]);
        north[k] = line_new();
        line_push(north[k], AT(w->bank, kp));
        line_push(north[k], AT(w->county, kp));
        ridge(north[k], AT(w->county, kp), AT(top, top_node[k]), north_ridge_x[k], w->tilt_n[k],
              &rr);
    }
    for (int k = 1; k < N_SOUTH; k++) {
        int kr = w->kr[k];
        bottom_node[k] = line_index_nearest_x(bottom, south_ridge_x[k] + w->tilt_s[k]);
        south[k] = line_new();
        line_push(south[k], AT(w->bank, kr));
        line_push(south[k], AT(w->river, kr));
        ridge(south[k], AT(w->river, kr), AT(bottom, bottom_node[k]), south_ridge_x[k],
              w->tilt_s[k], &rr);
    }
    north[0] = west_n;
    north[N_NORTH] = east_n;
    top_node[0] = 0;
    top_node[N_NORTH] = (int)top->len - 1;
    south[0] = west_s;
    south[N_SOUTH] = east_s;
    bottom_node[0] = 0;
    bottom_node[N_SOUTH] = (int)bottom->len - 1;

    /* counter-clockwise rings, as RFC 7946 asks */
    for (int i = 0; i < NV; i++) {
        village *v = &w->v[i];
        GArray *ring = line_new();
        if (v->def->side > 0) {
            int k = i;
            line_append(ring, w->bank, w->kp[k], w->kp[k + 1]);
            line_append(ring, north[k + 1], 0, (int)north[k + 1]->len - 1);
            line_append(ring, top, top_node[k + 1], top_node[k]);
            line_append(ring, north[k], (int)north[k]->len - 1, 0);
        } else {
            int k = i - N_NORTH;
            line_append(ring, south[k], 0, (int)south[k]->len - 1);
            line_append(ring, bottom, bottom_node[k], bottom_node[k + 1]);
            line_append(ring, south[k + 1], (int)south[k + 1]->len - 1, 0);
            line_append(ring, w->bank, w->kr[k + 1], w->kr[k]);
        }
        if (!same(AT(ring, 0), line_last(ring)))
            die("outline of %s does not close", v->def->name);
        v->ring = ring;
        v->ring_ll = line_to_ll(w, ring);
    }
    for (int k = 0; k <= N_NORTH; k++)
        g_array_free(north[k], TRUE);
    for (int k = 0; k <= N_SOUTH; k++)
        g_array_free(south[k], TRUE);
    g_array_free(top, TRUE);
    g_array_free(bottom, TRUE);
}

/* ---- side valleys, roads and hamlets ---------------------------------- */

/* TOTAL split into N parts within [LO, HI], each about TOTAL / N give or take SPREAD. */
static void partition(int total, int n, int lo, int hi, double spread, rng_t *r, int *out)
{
    double wt[16], sum = 0;
    for (int i = 0; i < n; i++)
        sum += wt[i] = rng_range(r, 1 - spread, 1 + spread);
    int given = 0;
    for (int i = 0; i < n; i++)
        given += out[i] = (int)floor(total * wt[i] / sum);
    for (int i = 0; given < total; i = (i + 1) % n, given++)
        out[i]++;
    for (gboolean moved = TRUE; moved;) {
        moved = FALSE;
        int big = 0, small = 0;
        for (int i = 1; i < n; i++) {
            if (out[i] > out[big])
                big = i;
            if (out[i] < out[small])
                small = i;
        }
        if (out[big] > hi || out[small] < lo) {
            out[big]--;
            out[small]++;
            moved = TRUE;
        }
    }
}

/* How far along its host a hamlet of SIZE houses stretches. */
static double hamlet_length(int size)
{
    return 60 + 11.0 * size;
}

static hamlet hamlet_make(int village, int size, const GArray *host, double s0, gboolean on_spur)
{
    hamlet h = {0};
    h.village = village;
    h.size = size;
    h.host = host;
    h.s0 = s0;
    h.s1 = s0 + hamlet_length(size);
    h.on_spur = on_spur;
    h.spots = line_new();
    h.houses = line_new();
    return h;
}

/* A side valley: its axis climbs from the main valley, the stream runs on
 * one side of it and the road on the other (the stream on the east of a
 * northern valley, on the west of a southern one, so each meets the river
 * one vertex downstream of the road's crossing).  Hamlets lie along the
 * road; about a third of them sit at the end of a group road branching off
 * it on the side away from the stream.  The main hamlet, the largest, is
 * halfway up, so most of the village is within reach of it. */
void build_valley(world *w, int vi)
{
    village *v = &w->v[vi];
    rng_t r = rng_stream(100 + (uint64_t)vi);
    int side = v->def->side, k = v->mouth;

    int nh = CLAMP((int)lround(v->def->households / 48.0), 3, 8);
    int sizes[8];
    partition(v->def->households, nh, 12, 80, 0.45, &r, sizes);
    for (int i = 0; i < nh; i++) /* largest first */
        for (int j = i + 1; j < nh; j++)
            if (sizes[j] > sizes[i]) {
                int t = sizes[i];
                sizes[i] = sizes[j];
                sizes[j] = t;
            }
    int n_spur = nh / 3, n_on = nh - n_spur;
    int main_slot = (n_on - 1) / 2;
    int on_size[8], order[8];
    for (int i = 1; i < n_on; i++)
        order[i - 1] = i;
    rng_shuffle(&r, order, n_on - 1);
    on_size[main_slot] = sizes[0];
    for (int i = 0, o = 0; i < n_on; i++)
        if (i != main_slot)
            on_size[i] = sizes[order[o++]];
    /* spur j branches off after on-road hamlet spur_after[j] */
    int spur_after[8];
    for (int j = 0; j < n_spur; j++)
        spur_after[j] = MIN(n_on - 1, (int)((j + 0.5) * n_on / n_spur));

    /* stretches along the road */
    double s = 600, start[8], gap_end[8], branch_s[8];
    for (int q = 0; q < n_on; q++) {
        start[q] = s;
        s += hamlet_length(on_size[q]);
        double gap = rng_range(&r, 180, 380);
        branch_s[q] = -1;
        for (int j = 0; j < n_spur; j++)
            if (spur_after[j] == q) {
                branch_s[q] = s + 150;
                gap += 300;
            }
        gap_end[q] = s;
        s += gap;
    }
    double road_end = MAX(gap_end[n_on - 1], branch_s[n_on - 1]) + 300;

    /* the valley axis: control points every km, wandering about the valley's nominal x */
    pt base = AT(w->river, k), n = mul(AT(w->normal, k), side);
    GArray *ctl = line_new();
    pt c0 = add(base, mul(n, 160)), c1 = add(c0, mul(n, 350));
    line_push(ctl, c0);
    line_push(ctl, c1);
    int slot = side > 0 ? vi : vi - N_NORTH;
    double tilt = side > 0 ? (w->tilt_n[slot] + w->tilt_n[slot + 1]) / 2
                           : (w->tilt_s[slot] + w->tilt_s[slot + 1]) / 2;
    for (double climbed = 1350; climbed < road_end + 1900; climbed += 1000)
        line_push(ctl, pt_make(v->def->centre_x + tilt * climbed / 10000 + rng_range(&r, -400, 400),
                               c1.y + side * (climbed - 350)));
    GArray *axis = spline(ctl, VERTEX_SPACING);
    g_array_free(ctl, TRUE);

    GArray *road_side = line_offset(axis, SIDE_OFFSET),
           *stream_side = line_offset(axis, -SIDE_OFFSET);
    GArray *road = line_new();
    line_push(road, AT(w->county, k));
    if (side < 0) { /* across the bank line and the river to the south */
        line_push(road, AT(w->bank, k));
        line_push(road, AT(w->river, k));
    }
    line_append(road, road_side, 0, (int)road_side->len - 1);
    v->road = line_head(road, road_end);
    g_array_free(road, TRUE);

    v->stream = line_reversed(stream_side);
    if (side > 0) { /* under the county road and across the bank line to the river */
        line_push(v->stream, AT(w->county, k + 1));
        line_push(v->stream, AT(w->bank, k + 1));
        line_push(v->stream, AT(w->river, k + 1));
    } else {
        line_push(v->stream, AT(w->river, k - 1));
    }
    g_array_free(road_side, TRUE);
    g_array_free(stream_side, TRUE);
    g_array_free(axis, TRUE);

    /* hamlets in valley order: on-road ones, each followed by the spur branching after it */
    v->hamlets = g_array_new(FALSE, TRUE, sizeof(hamlet));
    v->spurs = g_ptr_array_new();
    for (int q = 0; q < n_on; q++) {
        hamlet h = hamlet_make(vi, on_size[q], v->road, start[q], FALSE);
        if (q == main_slot)
            v->main_hamlet = (int)v->hamlets->len;
        g_array_append_val(v->hamlets, h);
        if (branch_s[q] < 0)
            continue;
        int j = 0;
        while (spur_after[j] != q)
            j++;
        int size = sizes[n_on + j];
        int bv = line_vertex_at(v->road, branch_s[q]);
        pt j0 = AT(v->road, bv);
        pt t = unit(sub(AT(v->road, bv + 1), AT(v->road, bv - 1)));
        pt dir = unit(add(mul(left_of(t), cos(50 * G_PI / 180)), mul(t, sin(50 * G_PI / 180))));
        double reach = 250 + hamlet_length(size) + 100;
        GArray *sc = line_new();
        pt p1 = add(j0, mul(dir, 120));
        pt p2 = add(p1, mul(rotate(dir, rng_range(&r, -25, 25)), (reach - 120) / 2));
        pt p3 = add(p2, mul(rotate(dir, rng_range(&r, -25, 25)), (reach - 120) / 2));
        line_push(sc, j0);
        line_push(sc, p1);
        line_push(sc, p2);
        line_push(sc, p3);
        GArray *spur = spline(sc, VERTEX_SPACING);
        g_array_free(sc, TRUE);
        g_ptr_array_add(v->spurs, spur);
        hamlet sh = hamlet_make(vi, size, spur, 250, TRUE);
        sh.s1 = MIN(sh.s1, line_length(spur) - 30);
        g_array_append_val(v->hamlets, sh);
    }
    for (guint i = 0; i < v->hamlets->len; i++)
        g_array_index(v->hamlets, hamlet, i).number = (int)i + 1;
}

/* A facility site in hamlet H: along the road near the hamlet's middle, on
 * the house side, LATERAL metres off the road.  Sites are handed out
 * alternately either side of the middle. */
pt hamlet_spot(hamlet *h, double lateral)
{
    int k = (int)h->spots->len;
    double along = (k % 2 ? -1 : 1) * ((k + 1) / 2) * 28.0;
    double s = CLAMP((h->s0 + h->s1) / 2 + along, h->s0, h->s1);
    pt t, p = line_at(h->host, s, &t);
    pt spot = add(p, mul(left_of(t), lateral));
    line_push(h->spots, spot);
    return spot;
}

hamlet *hamlet_of(world *w, int vi, int offset)
{
    village *v = &w->v[vi];
    int n = (int)v->hamlets->len;
    return &g_array_index(v->hamlets, hamlet, (v->main_hamlet + offset) % n);
}

hamlet *last_hamlet(world *w, int vi)
{
    village *v = &w->v[vi];
    return &g_array_index(v->hamlets, hamlet, v->hamlets->len - 1);
}

void make_villages(world *w)
{
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        feature *f = feature_new(w, L_VILLAGES, -1, v->def->name, NULL, NULL);
        f->village = vi;
        g_array_append_vals(f->coords, v->ring_ll->data, v->ring_ll->len);
        attr_text(f, "town", v->def->town);
        attr_text(f, "county", "蓝田县");
        attr_int(f, "households", v->households);
        attr_int(f, "population", v->population);
    }
}
