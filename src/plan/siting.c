/*
 * siting.c - greedy maximum coverage over candidate sites, saving the picks
 * as planned assets, and the plan's tables.  See siting.h.
 */
#include "cli.h" /* TODO(issue 12): cli_text moves out */
#include "siting.h"
#include "coverage-report.h"
#include "feature-check.h"
#include "gkzone.h"
#include "report.h"
#include "spindex.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

typedef struct {
    double x, y;
    int road;   /* road feature, or -1 for a hamlet centroid */
    int hamlet; /* hamlet index for a centroid, else -1 */
} candidate;

/* What a candidate would newly serve. */
typedef struct {
    gint64 people, households, poor;
    double dist_sum;
    int cand;
    int round; /* the round the gain was computed in */
} gain;

/* TRUE when A is a better pick than B. */
static gboolean better(const gain *a, const gain *b)
{
    if (a->people != b->people)
        return a->people > b->people;
    if (a->households != b->households)
        return a->households > b->households;
    if (a->poor != b->poor)
        return a->poor > b->poor;
    /* Nearer on average to those it serves; the sums are of the same count here. */
    if (a->dist_sum != b->dist_sum)
        return a->dist_sum < b->dist_sum;
    return a->cand < b->cand;
}

/* ---- a binary max-heap of gains ---------------------------------------------- */

static void heap_push(GArray *heap, gain g)
{
    g_array_append_val(heap, g);
    gain *h = (gain *)heap->data;
    for (guint i = heap->len - 1; i > 0;) {
        guint parent = (i - 1) / 2;
        if (!better(&h[i], &h[parent]))
            break;
        gain t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

static gain heap_pop(GArray *heap)
{
    gain *h = (gain *)heap->data;
    gain top = h[0];
    h[0] = h[heap->len - 1];
    g_array_set_size(heap, heap->len - 1);
    for (guint i = 0;;) {
        guint l = 2 * i + 1, r = l + 1, best = i;
        if (l < heap->len && better(&h[l], &h[best]))
            best = l;
        if (r < heap->len && better(&h[r], &h[best]))
            best = r;
        if (best == i)
            break;
        gain t = h[i];
        h[i] = h[best];
        h[best] = t;
        i = best;
    }
    return top;
}

/* ---- candidates ------------------------------------------------------------------ */

static void add_candidate(GArray *out, double x, double y, int road, int hamlet)
{
    candidate c = {x, y, road, hamlet};
    g_array_append_val(out, c);
}

/* Points every VI_SITING_SPACING_M along the existing roads (of the
 * --village only), then the hamlet centroids. */
static GArray *candidates(const vi_world *w, const GArray *hamlets)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(candidate));
    const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
    const char *only = world_options(w)->village;
    int only_index = only ? world_village_index(w, only) : -1;
    for (int p = 0; roads && p < roads->nparts; p++) {
        int f = roads->part_feature[p];
        const char *status = roads->status[f];
        if ((status && strcmp(status, VI_PLANNED) == 0 && !world_options(w)->after_plan) ||
            (only && roads->village[f] != only_index))
            continue;
        for (int v = roads->part_start[p]; v < roads->part_start[p + 1]; v++) {
            const double *a = roads->vert + 2 * v;
            add_candidate(out, a[0], a[1], f, -1);
            if (v + 1 == roads->part_start[p + 1])
                break;
            const double *b = a + 2;
            int steps = (int)ceil(hypot(b[0] - a[0], b[1] - a[1]) / VI_SITING_SPACING_M);
            for (int k = 1; k < steps; k++) {
                double t = (double)k / steps;
                add_candidate(out, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), f, -1);
            }
        }
    }
    for (guint i = 0; i < hamlets->len; i++) {
        const vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, i);
        add_candidate(out, h->x, h->y, -1, (int)i);
    }
    return out;
}

/* ---- picking ---------------------------------------------------------------------- */

typedef struct {
    const vi_spindex *unserved; /* items: unserved households */
    const int *household;       /* item -> household */
    const guint8 *covered;      /* per item */
    const int *members;
    const guint8 *poor;
    double reach;
    GArray *found;
} gain_ctx;

static gain evaluate(const gain_ctx *ctx, const candidate *c, int cand, int round)
{
    gain g = {0, 0, 0, 0, cand, round};
    g_array_set_size(ctx->found, 0);
    spindex_within(ctx->unserved, c->x, c->y, ctx->reach, ctx->found);
    for (guint i = 0; i < ctx->found->len; i++) {
        int item = g_array_index(ctx->found, int, i);
        if (ctx->covered[item])
            continue;
        int h = ctx->household[item];
        g.households++;
        g.people += ctx->members[h];
        g.poor += ctx->poor[h];
        const double *p = spindex_item(ctx->unserved, item);
        g.dist_sum += hypot(p[0] - c->x, p[1] - c->y);
    }
    return g;
}

vi_plan *siting_plan(vi_world *w, const vi_measure *m, int add, GError **err)
{
    const vi_rule *rule = NULL;
    for (int k = 0; k < m->def->nrules && !rule; k++)
        if (registry_layer(world_registry(w), m->def->rules[k]->layer)->geometry == VI_GEOM_POINT)
            rule = m->def->rules[k];
    if (!rule || m->def->method != VI_METHOD_LINE || m->def->target_kind != VI_TARGET_HOUSEHOLDS) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    rule ? "service \"%s\" can be planned by straight-line rules only"
                         : "service \"%s\" is served by lines, not by point assets that a plan "
                           "could place",
                    m->def->service);
        return NULL;
    }
    vi_plan *p = g_new0(vi_plan, 1);
    p->measure = m;
    p->rule = rule;
    p->sites = g_array_new(FALSE, TRUE, sizeof(vi_site));
    p->hamlets = gaps_hamlets(w, m, err);
    if (!p->hamlets) {
        siting_free(p);
        return NULL;
    }
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    const double *xy = world_household_xy(w);
    GArray *uxy = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *uh = g_array_new(FALSE, FALSE, sizeof(int));
    for (int h = 0; h < m->nhh; h++) {
        p->households++;
        p->people += members[h];
        if (m->served[h]) {
            p->served_households++;
            p->served_people += members[h];
        } else {
            g_array_append_vals(uxy, xy + 2 * h, 2);
            g_array_append_val(uh, h);
        }
    }
    vi_spindex *ix = spindex_new_points((const double *)uxy->data, (int)uh->len);
    guint8 *covered = g_new0(guint8, uh->len + 1);
    gain_ctx ctx = {ix,
                    (const int *)uh->data,
                    covered,
                    members,
                    poor,
                    rule->threshold_m,
                    g_array_new(FALSE, FALSE, sizeof(int))};
    GArray *cand = candidates(w, p->hamlets);
    p->candidates = (int)cand->len;
    GArray *heap = g_array_new(FALSE, FALSE, sizeof(gain));
    for (guint c = 0; c < cand->len; c++) {
        gain g = evaluate(&ctx, &g_array_index(cand, candidate, c), (int)c, 0);
        if (g.households > 0)
            heap_push(heap, g);
    }
    gint64 served_h = p->served_households, served_p = p->served_people;
    for (int round = 0; round < add && heap->len > 0;) {
        gain top = heap_pop(heap);
        const candidate *c = &g_array_index(cand, candidate, top.cand);
        if (top.round != round) {
            /* Stale: what it serves now may be less; back in the queue. */
            gain g = evaluate(&ctx, c, top.cand, round);
            if (g.households > 0)
                heap_push(heap, g);
            continue;
        }
        evaluate(&ctx, c, top.cand, round);
        for (guint i = 0; i < ctx.found->len; i++)
            covered[g_array_index(ctx.found, int, i)] = 1;
        served_h += top.households;
        served_p += top.people;
        vi_site s = {.rank = round + 1,
                     .x = c->x,
                     .y = c->y,
                     .road = c->road,
                     .hamlet = c->hamlet,
                     .hamlet_dist = 0,
                     .gain_households = (int)top.households,
                     .gain_people = (int)top.people,
                     .gain_poor = (int)top.poor,
                     .served_households = served_h,
                     .served_people = served_p};
        s.village = world_village_at(w, c->x, c->y);
        if (s.hamlet < 0) {
            s.hamlet_dist = INFINITY;
            for (guint k = 0; k < p->hamlets->len; k++) {
                const vi_hamlet *h = &g_array_index(p->hamlets, vi_hamlet, k);
                double d = hypot(h->x - c->x, h->y - c->y);
                if (d < s.hamlet_dist) {
                    s.hamlet_dist = d;
                    s.hamlet = (int)k;
                }
            }
        }
        g_array_append_val(p->sites, s);
        round++;
    }
    g_array_free(heap, TRUE);
    g_array_free(cand, TRUE);
    g_array_free(ctx.found, TRUE);
    g_free(covered);
    spindex_free(ix);
    g_array_free(uxy, TRUE);
    g_array_free(uh, TRUE);
    /* Longitude and latitude of the picks. */
    double *ll = g_new(double, 2 * p->sites->len + 2);
    for (guint i = 0; i < p->sites->len; i++) {
        ll[2 * i] = g_array_index(p->sites, vi_site, i).x;
        ll[2 * i + 1] = g_array_index(p->sites, vi_site, i).y;
    }
    gboolean ok = gk_unproject(world_epsg(w), ll, p->sites->len, err);
    for (guint i = 0; ok && i < p->sites->len; i++) {
        g_array_index(p->sites, vi_site, i).lon = ll[2 * i];
        g_array_index(p->sites, vi_site, i).lat = ll[2 * i + 1];
    }
    g_free(ll);
    if (!ok) {
        siting_free(p);
        return NULL;
    }
    return p;
}

void siting_free(vi_plan *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->sites->len; i++)
        g_free(g_array_index(p->sites, vi_site, i).id);
    g_array_free(p->sites, TRUE);
    gaps_free(p->hamlets);
    g_free(p->label);
    g_free(p);
}

/* ---- saving ------------------------------------------------------------------------- */

gboolean siting_save(vi_store *store, const vi_world *w, vi_plan *p, GError **err)
{
    const vi_registry *reg = world_registry(w);
    const vi_layer *layer = registry_layer(reg, p->rule->layer);
    const vi_rule *rule = p->rule;
    /* Attribute values: the rule's where value, nothing else. */
    const char **attrs = g_new0(const char *, layer->nattrs + 1);
    for (int a = 0; a < layer->nattrs; a++) {
        if (rule->where_attr && strcmp(layer->attrs[a]->name, rule->where_attr) == 0)
            attrs[a] = rule->where_values[0];
        if (layer->attrs[a]->required && !attrs[a]) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "cannot save planned sites in layer \"%s\": attribute \"%s\" is required "
                        "and the rule gives no value for it",
                        layer->name, layer->attrs[a]->name);
            g_free(attrs);
            return FALSE;
        }
    }
    const char *asset = rule->asset_zh ? rule->asset_zh : layer->name_zh;
    gboolean ok = store_begin(store, err) && store_ensure_layer(store, layer, err);
    int n = 1;
    for (guint i = 0; ok && i < p->sites->len; i++) {
        vi_site *s = &g_array_index(p->sites, vi_site, i);
        char *id = NULL;
        for (gboolean taken = TRUE; ok && taken; n++) {
            g_free(id);
            id = g_strdup_printf("PLAN-%s-%d", p->measure->def->service, n);
            ok = store_feature_exists(store, layer, id, &taken, err);
        }
        char *name = g_strdup_printf("规划%s %d", asset, n - 1);
        /* ISO WKB point, little-endian. */
        unsigned char wkb[21] = {1, 1, 0, 0, 0};
        guint64 bits[2];
        memcpy(&bits[0], &s->lon, 8);
        memcpy(&bits[1], &s->lat, 8);
        bits[0] = GUINT64_TO_LE(bits[0]);
        bits[1] = GUINT64_TO_LE(bits[1]);
        memcpy(wkb + 5, bits, 16);
        vi_feature f = {.id = id,
                        .village = world_village_name(w, s->village),
                        .name = name,
                        .status = VI_PLANNED,
                        .wkb = wkb,
                        .wkb_size = sizeof wkb,
                        .attrs = attrs};
        ok = ok && feature_check(layer, &f, err) &&
             store_feature_insert(store, layer, &f, 0, err);
        g_free(name);
        if (ok)
            s->id = id;
        else
            g_free(id);
    }
    char *detail = g_strdup_printf("%s: %u %s", p->measure->def->service, p->sites->len,
                                   p->sites->len == 1 ? "site" : "sites");
    vi_change change = {.action = "plan", .layer = layer->name, .detail = detail};
    ok = ok && store_history_record(store, &change, err) && store_commit(store, err);
    g_free(detail);
    if (!ok)
        store_rollback(store);
    g_free(attrs);
    return ok;
}

/* ---- output --------------------------------------------------------------------------- */

static double percent(gint64 part, gint64 whole)
{
    return whole > 0 ? 100.0 * (double)part / (double)whole : NAN;
}

/* "聚落 1（双龙村北部）中心" or "东岔村通村路旁，距聚落 2（东岔村北部）170 米". */
static char *site_place(const vi_world *w, const vi_plan *p, const vi_site *s)
{
    char *hamlet = NULL;
    if (s->hamlet >= 0) {
        const vi_hamlet *h = &g_array_index(p->hamlets, vi_hamlet, s->hamlet);
        char *place = gaps_place(w, h);
        hamlet = g_strdup_printf(cli_text("聚落 %d（%s）", "hamlet %d (%s)"), h->number, place);
        g_free(place);
    }
    if (s->road < 0) {
        char *out = g_strdup_printf(cli_text("%s中心", "centre of %s"), hamlet);
        g_free(hamlet);
        return out;
    }
    const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
    const char *name = roads->name ? roads->name[s->road] : NULL;
    const char *id = roads->id ? roads->id[s->road] : "";
    gboolean en = cli_common.language == VI_LANG_EN;
    /* A named road reads "东岔村通村路旁"; an unnamed one "道路 R-3 旁". */
    char *road = name ? g_strdup_printf(en ? "by %s" : "%s旁", name)
                      : g_strdup_printf(en ? "by road %s" : "道路 %s 旁", id);
    char *out;
    if (hamlet) {
        char *d = coverage_distance_text(round(s->hamlet_dist));
        out = en ? g_strdup_printf("%s, %s from %s", road, d, hamlet)
                 : g_strdup_printf("%s，距%s%s", road, hamlet, d);
        g_free(d);
    } else {
        out = g_strdup(road);
    }
    g_free(road);
    g_free(hamlet);
    return out;
}

static void render_json(const vi_world *w, const vi_plan *p, GString *out)
{
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "service"), json_string(j, p->measure->def->service);
    json_key(j, "rule"), json_string(j, p->label);
    json_key(j, "layer"), json_string(j, p->rule->layer);
    json_key(j, "threshold_m"), json_number(j, p->rule->threshold_m);
    json_key(j, "village"), json_string(j, world_options(w)->village);
    json_key(j, "candidates"), json_int(j, p->candidates);
    json_key(j, "after_plan"), json_bool(j, world_options(w)->after_plan);
    json_key(j, "before");
    json_begin_object(j);
    json_key(j, "households"), json_int(j, p->households);
    json_key(j, "served_households"), json_int(j, p->served_households);
    json_key(j, "served_percent"), json_number(j, percent(p->served_households, p->households));
    json_key(j, "people"), json_int(j, p->people);
    json_key(j, "served_people"), json_int(j, p->served_people);
    json_key(j, "served_people_percent"), json_number(j, percent(p->served_people, p->people));
    json_end_object(j);
    json_key(j, "sites");
    json_begin_array(j);
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        char *place = site_place(w, p, s);
        json_begin_object(j);
        json_key(j, "rank"), json_int(j, s->rank);
        json_key(j, "lon"), json_degrees(j, s->lon);
        json_key(j, "lat"), json_degrees(j, s->lat);
        json_key(j, "village"), json_string(j, world_village_name(w, s->village));
        json_key(j, "place"), json_string(j, place);
        json_key(j, "hamlet");
        if (s->hamlet >= 0)
            json_int(j, g_array_index(p->hamlets, vi_hamlet, s->hamlet).number);
        else
            json_null(j);
        json_key(j, "gain_households"), json_int(j, s->gain_households);
        json_key(j, "gain_people"), json_int(j, s->gain_people);
        json_key(j, "gain_poor_households"), json_int(j, s->gain_poor);
        json_key(j, "served_households"), json_int(j, s->served_households);
        json_key(j, "served_percent"), json_number(j, percent(s->served_households, p->households));
        json_key(j, "served_people"), json_int(j, s->served_people);
        json_key(j, "served_people_percent"), json_number(j, percent(s->served_people, p->people));
        json_key(j, "id"), json_string(j, s->id);
        json_end_object(j);
        g_free(place);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

void siting_render(const vi_world *w, const vi_plan *p, vi_format format, GString *out)
{
    if (format == VI_FORMAT_JSON) {
        render_json(w, p, out);
        return;
    }
    const char *only = world_options(w)->village;
    char *title = g_strdup_printf(cli_text("选址建议 · %s（%s）%s%s", "Siting · %s (%s)%s%s"),
                                  p->service_name, p->label, only ? " · " : "", only ? only : "");
    vi_report *rep = report_new(title);
    g_free(title);
    char *note = g_strdup_printf(
        cli_text("候选点：道路每 %.0f 米一处及未覆盖聚落中心，共 %d 处；每次选出新增覆盖人口最多的"
                 "一处，已有设施不变。",
                 "Candidates: a point every %.0f m along the roads and the centre of each "
                 "unserved hamlet, %d in all; each pick newly serves the most people, existing "
                 "assets stay."),
        VI_SITING_SPACING_M, p->candidates);
    report_add_note(rep, note);
    g_free(note);
    if (world_options(w)->after_plan)
        report_add_note(rep, cli_text("已规划的设施计入现状，新选址在其基础上增加。",
                                      "Sites planned so far count as built; new sites add to them."));
    const char *h[] = {cli_text("序号", "no."),
                       cli_text("经度", "lon"),
                       cli_text("纬度", "lat"),
                       cli_text("所在村", "village"),
                       cli_text("位置", "where"),
                       cli_text("新增覆盖户", "new households"),
                       cli_text("新增覆盖人口", "new people"),
                       cli_text("其中贫困户", "of them poor"),
                       cli_text("覆盖户", "served"),
                       cli_text("覆盖率%", "served %"),
                       cli_text("人口覆盖率%", "people %")};
    vi_table *t = report_add_table(rep, NULL, G_N_ELEMENTS(h), h);
    report_row(t);
    report_text(t, cli_text("现状", "now"));
    for (int k = 0; k < 7; k++)
        report_empty(t);
    report_int(t, p->served_households);
    report_number(t, percent(p->served_households, p->households), 1);
    report_number(t, percent(p->served_people, p->people), 1);
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        char *place = site_place(w, p, s);
        report_row(t);
        report_int(t, s->rank);
        report_number(t, s->lon, 6);
        report_number(t, s->lat, 6);
        report_text(t, s->village >= 0 ? world_village_name(w, s->village)
                                       : cli_text("（村界外）", "(outside the villages)"));
        report_text(t, place);
        report_int(t, s->gain_households);
        report_int(t, s->gain_people);
        report_int(t, s->gain_poor);
        report_int(t, s->served_households);
        report_number(t, percent(s->served_households, p->households), 1);
        report_number(t, percent(s->served_people, p->people), 1);
        g_free(place);
    }
    if (p->sites->len == 0)
        report_add_note(rep, cli_text("没有可以覆盖更多农户的候选点。",
                                      "No candidate serves any unserved household."));
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        if (!s->id)
            continue;
        char *saved = g_strdup_printf(
            cli_text("第 %d 处已存为规划%s，编号 %s。", "Site %d saved as a planned %s, id %s."),
            s->rank, coverage_asset_name(p->rule, world_registry(w)), s->id);
        report_add_note(rep, saved);
        g_free(saved);
    }
    report_render(rep, format, out);
    report_free(rep);
}
