/*
 * map-inputs.c - the analysis behind each map and the atlas, computed
 * before drawing.  See map-inputs.h.
 */
#include "map-inputs.h"
#include "i18n.h"
#include "coverage-report.h"
#include "coverage.h"
#include "gaps.h"
#include "impact.h"
#include "network.h"
#include "siting.h"
#include "stats.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

/* ---- one map ---- */

/* What one map shows, and the results it borrows from. */
typedef struct {
    vi_map_input in;
    vi_map_service service;
    GPtrArray *defs;
    vi_world *world;
    vi_measure *measure;
    GArray *hamlets;
    vi_plan *plan;
    char *label;
    vi_map_reach *reach;
    double *road_dist;
    vi_map_hamlet *map_hamlets;
    vi_map_site *sites;
    vi_map_cluster *clusters;
    vi_figure_values *figures;
    gboolean *has_figures;
} map_inputs;

static void map_inputs_clear(map_inputs *mi)
{
    g_free(mi->label);
    g_free(mi->reach);
    g_free(mi->road_dist);
    g_free(mi->map_hamlets);
    g_free(mi->sites);
    g_free(mi->clusters);
    g_free(mi->figures);
    g_free(mi->has_figures);
    siting_free(mi->plan);
    gaps_free(mi->hamlets);
    coverage_measure_free(mi->measure);
    coverage_world_free(mi->world);
    if (mi->defs)
        g_ptr_array_unref(mi->defs);
    memset(mi, 0, sizeof *mi);
}

/* The households measure of SERVICE by BY over VILLAGE (NULL: all), with
 * its world; NULL with ERR. */
static vi_measure *service_measure(vi_render_ctx *ctx, const char *service, const char *by,
                                   const char *village, const char *dem, gboolean with_ids,
                                   int as_of, vi_world **world, GPtrArray **defs_out, GError **err)
{
    vi_rule_selection sel = {service, by ? by : "line", dem, NAN};
    int method;
    GPtrArray *defs = rules_select(ctx->rules, &sel, &method, err);
    if (!defs)
        return NULL;
    for (guint i = 0; i < defs->len;) {
        const vi_measure_def *d = defs->pdata[i];
        if (d->target_kind == VI_TARGET_HOUSEHOLDS && i == 0)
            i++;
        else
            g_ptr_array_remove_index(defs, i);
    }
    if (defs->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("service \"%s\" has no rule that serves households"), service);
        g_ptr_array_unref(defs);
        return NULL;
    }
    vi_coverage_options opt = {
        .village = village, .dem_path = dem, .with_ids = with_ids, .as_of = as_of};
    *world = coverage_load(ctx->store, defs, &opt, err);
    if (!*world) {
        g_ptr_array_unref(defs);
        return NULL;
    }
    vi_measure *m = coverage_measure(*world, defs->pdata[0], err);
    if (!m) {
        coverage_world_free(*world);
        *world = NULL;
        g_ptr_array_unref(defs);
        return NULL;
    }
    *defs_out = defs;
    return m;
}

/* Along the roads: each road vertex's distance through the network from
 * the nearest serving point, within the measure's longest reach. */
static gboolean road_reach(map_inputs *mi, GError **err)
{
    vi_map_service *sv = &mi->service;
    const vi_measure *ms = mi->measure;
    const struct vi_network *net = world_network(mi->world, err);
    if (!net)
        return FALSE;
    vi_features *roads = world_features(mi->world, VI_NETWORK_LAYER);
    if (!roads || roads->nparts == 0)
        return TRUE;
    GArray *src = g_array_new(FALSE, FALSE, sizeof(double));
    double reach_m = 0;
    for (int s = 0; s < ms->nserving; s++) {
        const vi_features *f = ms->serving[s]->features;
        reach_m = fmax(reach_m, ms->serving[s]->rule->threshold_m);
        if (f->layer->geometry == VI_GEOM_POINT)
            g_array_append_vals(src, f->xy, (guint)f->n * 2);
    }
    int nv = roads->part_start[roads->nparts];
    mi->road_dist = g_new(double, (size_t)nv);
    gboolean ok = network_distances(net, (double *)src->data, (int)(src->len / 2), roads->vert, nv,
                                    reach_m, mi->road_dist, err);
    g_array_free(src, TRUE);
    if (ok) {
        sv->road_nparts = roads->nparts;
        sv->road_part_start = roads->part_start;
        sv->road_vert = roads->vert;
        sv->road_dist = mi->road_dist;
        sv->road_reach_m = reach_m;
    }
    return ok;
}

/* The unserved hamlets and, when REQ asks for sites and the measure is by
 * straight line, the sites a plan would add. */
static gboolean gaps_and_sites(map_inputs *mi, const vi_map_request *req, GError **err)
{
    vi_map_service *sv = &mi->service;
    if (!(mi->hamlets = gaps_hamlets(mi->world, mi->measure, err)))
        return FALSE;
    vi_plan_options popt = {.add = req->add, .weight_base = VI_WEIGHT_PEOPLE, .poor_factor = 1};
    if (req->add > 0 && mi->measure->def->method == VI_METHOD_LINE &&
        !(mi->plan = siting_plan(mi->world, mi->measure, &popt, err)))
        return FALSE;
    mi->map_hamlets = g_new0(vi_map_hamlet, mi->hamlets->len + 1);
    for (guint i = 0; i < mi->hamlets->len; i++) {
        const vi_hamlet *h = &g_array_index(mi->hamlets, vi_hamlet, i);
        mi->map_hamlets[i] = (vi_map_hamlet){h->x, h->y, h->households, h->people};
    }
    sv->nhamlets = (int)mi->hamlets->len;
    sv->hamlets = mi->map_hamlets;
    if (mi->plan) {
        const vi_plan *plan = mi->plan;
        mi->sites = g_new0(vi_map_site, plan->sites->len + 1);
        for (guint i = 0; i < plan->sites->len; i++) {
            const vi_site *s = &g_array_index(plan->sites, vi_site, i);
            mi->sites[i] = (vi_map_site){s->x, s->y, s->rank, s->gain_households, s->gain_people};
        }
        sv->nsites = (int)plan->sites->len;
        sv->sites = mi->sites;
        sv->site_reach_m = plan->rule->threshold_m;
        sv->site_asset_zh = plan->rule->asset_zh;
        sv->site_asset_en = plan->rule->asset_en;
    }
    return TRUE;
}

/* The service of a coverage or gaps map, measured over its households. */
static gboolean measure_service(map_inputs *mi, vi_render_ctx *ctx, const vi_map_request *req,
                                GError **err)
{
    vi_map_service *sv = &mi->service;
    const char *service = req->service ? req->service : ctx->figures->service;
    gboolean gaps = req->kind == VI_MAP_GAPS;
    mi->measure = service_measure(ctx, service, req->by, req->village, req->dem, gaps, ctx->as_of,
                                  &mi->world, &mi->defs, err);
    if (!mi->measure)
        return FALSE;
    const vi_measure *ms = mi->measure;
    vi_world *w = mi->world;
    sv->service = service;
    sv->method = ms->def->method;
    sv->label = mi->label = coverage_measure_label(ms->def, store_registry(ctx->store),
                                                   ctx->english ? VI_LANG_EN : VI_LANG_ZH);
    sv->epsg = world_epsg(w);
    sv->nhh = world_household_count(w);
    sv->hh_xy = world_household_xy(w);
    sv->served = ms->served;
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    for (int i = 0; i < sv->nhh; i++) {
        sv->households++;
        sv->people += members[i];
        sv->poor += poor[i];
        if (ms->served[i]) {
            sv->served_households++;
            sv->served_people += members[i];
            sv->served_poor += poor[i];
        }
    }
    mi->reach = g_new0(vi_map_reach, (size_t)ms->nserving + 1);
    for (int s = 0; s < ms->nserving; s++) {
        const vi_features *f = ms->serving[s]->features;
        mi->reach[s] = (vi_map_reach){f->layer->name, f->layer->geometry == VI_GEOM_POINT,
                                      f->n,           f->xy,
                                      f->nparts,      f->part_start,
                                      f->vert,        ms->serving[s]->rule->threshold_m};
    }
    sv->nreach = ms->nserving;
    sv->reach = mi->reach;
    mi->in.service = sv;
    if (gaps)
        return gaps_and_sites(mi, req, err);
    return sv->method != VI_METHOD_ROAD || road_reach(mi, err);
}

/* Households of the village map's VILLAGE inside EXTENT within
 * VI_HAMLET_LINK_M of each other, as clusters to label with their size. */
static void village_clusters(map_inputs *mi, vi_render_ctx *ctx, const char *village,
                             const double *extent)
{
    const vi_layerdata *hl = mapdata_layer(ctx->data, VI_LAYER_HOUSEHOLDS);
    if (!hl)
        return;
    int n = 0;
    double *xy = g_new(double, 2 * (size_t)hl->n + 2);
    for (int i = 0; i < hl->n; i++) {
        const double *p = hl->xy + 2 * hl->part_start[hl->feat_part[i]];
        if (g_strcmp0(hl->village[i], village) != 0 || p[0] < extent[0] || p[0] > extent[2] ||
            p[1] < extent[1] || p[1] > extent[3])
            continue;
        xy[2 * n] = p[0];
        xy[2 * n + 1] = p[1];
        n++;
    }
    int *cluster = g_new(int, (size_t)n + 1);
    int nc = gaps_cluster(xy, n, VI_HAMLET_LINK_M, cluster);
    double *sum = g_new0(double, 3 * (size_t)nc + 1);
    for (int i = 0; i < n; i++) {
        sum[3 * cluster[i]] += xy[2 * i];
        sum[3 * cluster[i] + 1] += xy[2 * i + 1];
        sum[3 * cluster[i] + 2] += 1;
    }
    mi->clusters = g_new0(vi_map_cluster, (size_t)nc + 1);
    for (int c = 0; c < nc; c++)
        mi->clusters[c] = (vi_map_cluster){sum[3 * c] / sum[3 * c + 2],
                                           sum[3 * c + 1] / sum[3 * c + 2], (int)sum[3 * c + 2]};
    mi->in.nclusters = nc;
    mi->in.clusters = mi->clusters;
    g_free(sum);
    g_free(cluster);
    g_free(xy);
}

/* Households and people SERVICE reaches by straight line in each of the
 * NVILLAGES villages of the villages layer and in all (OUT[NVILLAGES]), at
 * the end of AS_OF (0: today). */
static gboolean served_by_village(vi_render_ctx *ctx, const char *service, int as_of,
                                  vi_served *out, int nvillages, GError **err)
{
    vi_world *w = NULL;
    GPtrArray *defs = NULL;
    vi_measure *ms =
        service_measure(ctx, service, "line", NULL, NULL, FALSE, as_of, &w, &defs, err);
    if (!ms)
        return FALSE;
    memset(out, 0, sizeof(vi_served) * (size_t)(nvillages + 1));
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    int *map = g_new(int, (size_t)world_village_count(w) + 1);
    for (int k = 0; k <= world_village_count(w); k++) {
        const char *name = world_village_name(w, k);
        map[k] = -1;
        for (int i = 0; name && v && i < v->n && i < nvillages; i++)
            if (v->name[i] && strcmp(v->name[i], name) == 0)
                map[k] = i;
    }
    const int *hv = world_household_village(w);
    const int *members = world_household_members(w);
    for (int i = 0; i < world_household_count(w); i++) {
        int k = map[hv[i]];
        for (int pass = 0; pass < 2; pass++) {
            vi_served *s = pass ? &out[nvillages] : k >= 0 ? &out[k] : NULL;
            if (!s)
                continue;
            s->households++;
            s->people += members[i];
            if (ms->served[i]) {
                s->served_households++;
                s->served_people += members[i];
            }
        }
    }
    g_free(map);
    coverage_measure_free(ms);
    coverage_world_free(w);
    g_ptr_array_unref(defs);
    return TRUE;
}

/* The overview's figure of each village. */
static gboolean overview_figures(map_inputs *mi, vi_render_ctx *ctx, int figure, GError **err)
{
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    int nv = v ? v->n : 0;
    const GArray *rows = ctx->figures->overview;
    if (figure < 0 || figure >= (int)rows->len)
        return TRUE; /* render_map() says so */
    const vi_overview_figure *fig = &g_array_index(rows, vi_overview_figure, figure);
    mi->figures = g_new0(vi_figure_values, (size_t)nv + 1);
    mi->has_figures = g_new0(gboolean, (size_t)nv + 1);
    mi->in.figures = mi->figures;
    mi->in.has_figures = mi->has_figures;
    if (fig->source == VI_FIGURE_COVERAGE) {
        vi_served *sv = g_new0(vi_served, (size_t)nv + 1);
        gboolean ok = served_by_village(ctx, fig->key, ctx->as_of, sv, nv, err);
        for (int i = 0; ok && i < nv; i++) {
            mi->has_figures[i] = sv[i].households != 0;
            if (mi->has_figures[i])
                mi->figures[i].coverage =
                    100.0 * (double)sv[i].served_households / (double)sv[i].households;
        }
        g_free(sv);
        return ok;
    }
    vi_stats_options so = {NULL, fig->key, ctx->as_of};
    vi_stats *st = stats_compute(ctx->store, ctx->datadir, &so, err);
    if (!st)
        return FALSE;
    for (int i = 0; i < nv; i++) {
        for (int k = 0; k < stats_village_count(st); k++) {
            vi_stats_figures f;
            if (v->name[i] && strcmp(stats_village_name(st, k), v->name[i]) == 0 &&
                stats_figures(st, k, so.layer, NULL, &f)) {
                mi->has_figures[i] = TRUE;
                mi->figures[i] = (vi_figure_values){f.count, f.built_count, f.built_length_m / 1000,
                                                    f.quantity, 0};
            }
        }
    }
    stats_free(st);
    return TRUE;
}

/* What REQ's map shows on PG (an unknown village is refused first, as the
 * map would). */
static gboolean map_inputs_compute(map_inputs *mi, vi_page *pg, vi_render_ctx *ctx,
                                   const vi_map_request *req, GError **err)
{
    memset(mi, 0, sizeof *mi);
    double extent[4];
    if (!render_map_extent(pg, ctx, req, extent, err))
        return FALSE;
    switch (req->kind) {
    case VI_MAP_COVERAGE:
    case VI_MAP_GAPS:
        return measure_service(mi, ctx, req, err);
    case VI_MAP_OVERVIEW:
        return overview_figures(mi, ctx, req->figure, err);
    default:
        if (req->village)
            village_clusters(mi, ctx, req->village, extent);
        return TRUE;
    }
}

gboolean map_draw(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req, GError **err)
{
    map_inputs mi;
    gboolean ok =
        map_inputs_compute(&mi, pg, ctx, req, err) && render_map(pg, ctx, req, &mi.in, err);
    map_inputs_clear(&mi);
    return ok;
}

/* ---- the atlas ---- */

/* Services whose coverage the atlas reports: those with a households rule
 * by straight line, in the rules' order. */
static GPtrArray *household_services(vi_render_ctx *ctx)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; i < rules_service_count(ctx->rules); i++) {
        const char *s = rules_service_at(ctx->rules, i);
        GPtrArray *defs = rules_measures(ctx->rules, s, VI_METHOD_LINE, FALSE, NULL);
        gboolean hh = FALSE;
        for (guint k = 0; defs && k < defs->len; k++)
            hh |= ((const vi_measure_def *)defs->pdata[k])->target_kind == VI_TARGET_HOUSEHOLDS;
        if (defs)
            g_ptr_array_unref(defs);
        if (hh)
            g_ptr_array_add(out, (gpointer)s);
    }
    return out;
}

/* What changed over the programme's years, up to the atlas's year. */
typedef struct {
    vi_atlas_change c;
    vi_impact *impact;
    double *coverage, *road_km;
    const char **road_statuses;
    vi_served *served_before;
} atlas_change;

static void atlas_change_clear(atlas_change *ch)
{
    impact_free(ch->impact);
    g_free(ch->coverage);
    g_free(ch->road_km);
    g_free(ch->road_statuses);
    g_free(ch->served_before);
    memset(ch, 0, sizeof *ch);
}

/* Fill CH for the atlas's NSERVICES SERVICES over NV villages; *HAVE tells
 * whether there is a change to show (some year, and the period begun by
 * the atlas's year). */
static gboolean atlas_change_compute(atlas_change *ch, vi_render_ctx *ctx,
                                     const char *const *services, int nservices, int nv,
                                     gboolean *have, GError **err)
{
    memset(ch, 0, sizeof *ch);
    *have = FALSE;
    int first, last;
    if (!impact_years(ctx->store, NULL, &first, &last, err))
        return FALSE;
    int to = ctx->as_of ? MIN(ctx->as_of, last) : last;
    if (!first || to < first)
        return TRUE;
    vi_impact_options o = {NULL, first, to, ctx->datadir};
    if (!(ch->impact = impact_compute(ctx->store, ctx->rules, &o, err)))
        return FALSE;
    const vi_impact *im = ch->impact;
    vi_atlas_change *c = &ch->c;
    c->before = impact_before_year(im);
    c->after = im->to;
    c->nyears = im->nyears;
    ch->coverage = g_new(double, (size_t)MAX(nservices, 1) * (size_t)(im->nyears + 1));
    for (int s = 0; s < nservices; s++) {
        const vi_impact_service *sv = NULL;
        for (guint k = 0; k < im->services->len && !sv; k++)
            if (strcmp(g_array_index(im->services, vi_impact_service, k).def->service,
                       services[s]) == 0)
                sv = &g_array_index(im->services, vi_impact_service, k);
        for (int y = 0; y <= im->nyears; y++)
            ch->coverage[(size_t)s * (size_t)(im->nyears + 1) + (size_t)y] =
                sv && sv->at[y].households
                    ? 100.0 * (double)sv->at[y].served / (double)sv->at[y].households
                    : NAN;
    }
    c->coverage = ch->coverage;
    /* The roads' works, a series per status. */
    GPtrArray *roads = g_ptr_array_new();
    for (guint i = 0; i < im->works->len; i++) {
        const vi_impact_work *w = &g_array_index(im->works, vi_impact_work, i);
        if (strcmp(w->layer->name, VI_NETWORK_LAYER) == 0 && w->unit == VI_IMPACT_LENGTH)
            g_ptr_array_add(roads, (gpointer)w);
    }
    c->nstatuses = (int)roads->len;
    ch->road_statuses = g_new0(const char *, roads->len + 1);
    ch->road_km = g_new0(double, (size_t)im->nyears *(roads->len + 1));
    for (guint k = 0; k < roads->len; k++) {
        const vi_impact_work *w = roads->pdata[k];
        ch->road_statuses[k] = w->status_label[ctx->english ? VI_LANG_EN : VI_LANG_ZH];
        /* No bar (rather than a bar of 0.0) for a status without work that year. */
        for (int y = 0; y < im->nyears; y++)
            ch->road_km[(size_t)y * roads->len + k] =
                w->by_year[y] != 0 ? w->by_year[y] / 1000 : NAN;
    }
    g_ptr_array_free(roads, TRUE);
    c->road_statuses = ch->road_statuses;
    c->road_km = ch->road_km;
    c->funding_wan = im->total_wan;
    /* Each village before the programme. */
    ch->served_before = g_new0(vi_served, (size_t)MAX(nservices, 1) * (size_t)(nv + 1));
    gboolean ok = TRUE;
    for (int s = 0; ok && s < nservices; s++)
        ok = served_by_village(ctx, services[s], c->before,
                               ch->served_before + (size_t)s * (size_t)(nv + 1), nv, err);
    c->served_before = ch->served_before;
    *have = ok;
    return ok;
}

gboolean atlas_draw(vi_page *pg, vi_render_ctx *ctx, const char *dem, GError **err)
{
    vi_stats_options so = {NULL, NULL, ctx->as_of};
    vi_stats *st = stats_compute(ctx->store, ctx->datadir, &so, err);
    if (!st)
        return FALSE;
    vi_lang lang = ctx->english ? VI_LANG_EN : VI_LANG_ZH;
    const vi_registry *reg = store_registry(ctx->store);
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    int nv = v ? v->n : 0;
    vi_atlas_input in = {0};
    /* Money by programme, the cover's main works, road length by status. */
    int np = stats_programme_count(st);
    vi_atlas_programme *programmes = g_new0(vi_atlas_programme, (size_t)np + 1);
    for (int k = 0; k < np; k++) {
        programmes[k].label = stats_programme_label(st, k, lang);
        stats_programme_figures(st, -1, k, &programmes[k].projects, &programmes[k].wan);
    }
    in.nprogrammes = np;
    in.programmes = programmes;
    const GArray *cover = ctx->figures->cover;
    vi_atlas_work *works = g_new0(vi_atlas_work, cover->len + 1);
    for (guint i = 0; i < cover->len; i++) {
        const vi_cover_figure *c = &g_array_index(cover, vi_cover_figure, i);
        vi_stats_figures f;
        if (!registry_layer(reg, c->layer) || !stats_figures(st, -1, c->layer, NULL, &f))
            continue;
        works[in.nworks++] =
            (vi_atlas_work){c, {f.count, f.built_count, f.built_length_m / 1000, f.quantity, 0}};
    }
    in.works = works;
    const vi_layer *roads = registry_layer(reg, "roads");
    int ns = roads && roads->statuses ? (int)g_strv_length(roads->statuses) : 0;
    vi_atlas_status *statuses = g_new0(vi_atlas_status, (size_t)ns + 1);
    for (int k = 0; k < ns; k++) {
        vi_stats_figures f;
        statuses[k].label = stats_status_label(st, roads->statuses[k], lang);
        statuses[k].km =
            stats_figures(st, -1, "roads", roads->statuses[k], &f) ? f.length_m / 1000 : NAN;
    }
    in.nstatuses = ns;
    in.road_statuses = statuses;
    /* Coverage of each service, then what each map shows. */
    GPtrArray *services = household_services(ctx);
    in.nservices = (int)services->len;
    in.services = (const char *const *)services->pdata;
    vi_served *served = g_new0(vi_served, (size_t)MAX(services->len, 1) * (size_t)(nv + 1));
    in.served = served;
    gboolean ok = TRUE;
    for (guint s = 0; ok && s < services->len; s++)
        ok = served_by_village(ctx, services->pdata[s], ctx->as_of,
                               served + (size_t)s * (size_t)(nv + 1), nv, err);
    atlas_change change = {0};
    gboolean have_change = FALSE;
    ok = ok && atlas_change_compute(&change, ctx, in.services, in.nservices, nv, &have_change, err);
    in.change = have_change ? &change.c : NULL;
    in.as_of = ctx->as_of;
    map_inputs overview = {0};
    map_inputs *pages = g_new0(map_inputs, (size_t)nv + 1);
    vi_map_input *village_in = g_new0(vi_map_input, (size_t)nv + 1);
    vi_map_request ov = {.kind = VI_MAP_OVERVIEW, .dem = dem, .figure = 0};
    ok = ok && map_inputs_compute(&overview, pg, ctx, &ov, err);
    vi_photostrip *strips =
        ok && nv > 0
            ? photostrip_collect(ctx->store, (const char *const *)v->name, nv, ctx->english, err)
            : NULL;
    ok = ok && (nv == 0 || strips);
    in.strips = strips;
    for (int i = 0; ok && i < nv; i++) {
        vi_map_request req;
        atlas_village_request(pg, in.nservices, v->name[i], dem, strips[i].n > 0, &req);
        ok = map_inputs_compute(&pages[i], pg, ctx, &req, err);
        village_in[i] = pages[i].in;
    }
    in.overview = &overview.in;
    in.villages = village_in;
    ok = ok && atlas_write(pg, ctx, dem, &in, err);
    photostrip_free(strips, nv);
    for (int i = 0; i < nv; i++)
        map_inputs_clear(&pages[i]);
    map_inputs_clear(&overview);
    atlas_change_clear(&change);
    g_free(pages);
    g_free(village_in);
    g_free(served);
    g_ptr_array_unref(services);
    g_free(statuses);
    g_free(works);
    g_free(programmes);
    stats_free(st);
    return ok;
}
