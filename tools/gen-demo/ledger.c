/*
 * ledger.c - the projects' ledger (ledger.csv): small works and donations
 * fill each programme up to the report's counts, the report's funding is
 * shared out to 0.1 万元 by the projects' weights, and the projects are
 * numbered by programme, year and village.
 */
#include "gen-demo.h"

#include <stdio.h>

static const char *const small_works[] = {"通户路硬化",       "护坡挡墙", "排水渠",     "农网改造",
                                          "安全饮水巩固提升", "生产便道", "危桥涵加固", "宽带入户"};
static const char *const county_works[] = {"蓝葛公路沿线安全防护栏", "蓝葛公路沿线排水边沟",
                                           "镇村道路标识标牌"};

/* Donations (社会扶贫): money only, no projects; 286 万元 over five years. */
static const gint64 donations_tenths[5] = {420, 550, 630, 680, 580};

/* Infrastructure projects with no mapped asset (small works) fill the
 * count up to 152; then every programme's money is shared out in
 * proportion to the projects' weights (their size and unit costs), to
 * 0.1 万元, the largest remainders rounding up, so totals are exact. */
void allocate_funding(world *w)
{
    rng_t r = rng_stream(900);
    int count[NPROG] = {0};
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        count[p->programme]++;
        g_hash_table_add(names, p->name);
    }
    int missing = programme_defs[P_INFRA].projects - count[P_INFRA];
    if (missing < 0)
        die("%d infrastructure projects mapped, more than %d", count[P_INFRA],
            programme_defs[P_INFRA].projects);
    for (int i = 0; i < missing; i++) {
        for (;;) {
            int year = rng_int(&r, 2016, 2020);
            char *name;
            int vi = -1;
            if (rng_uniform(&r) < 0.08)
                name = g_strdup_printf("%s（%d年）",
                                       county_works[rng_int(&r, 0, G_N_ELEMENTS(county_works) - 1)],
                                       year);
            else {
                vi = rng_int(&r, 0, NV - 1);
                name = g_strdup_printf("%s%s（%d年）", village_defs[vi].name,
                                       small_works[rng_int(&r, 0, G_N_ELEMENTS(small_works) - 1)],
                                       year);
            }
            if (!g_hash_table_contains(names, name)) {
                project *p = project_new(w, P_INFRA, vi, year, rng_range(&r, 2, 8), "%s", name);
                g_hash_table_add(names, p->name);
                g_free(name);
                break;
            }
            g_free(name);
        }
    }
    for (int y = 0; y < 5; y++) {
        project *p = project_new(w, P_SOCIAL, -1, 2016 + y, (double)donations_tenths[y],
                                 "社会帮扶捐赠（%d年）", 2016 + y);
        p->fund = TRUE;
    }
    g_hash_table_destroy(names);

    for (int prog = 0; prog < NPROG; prog++) {
        GPtrArray *ps = g_ptr_array_new();
        double sum = 0;
        int projects = 0;
        for (guint i = 0; i < w->projects->len; i++) {
            project *p = w->projects->pdata[i];
            if (p->programme == prog) {
                g_ptr_array_add(ps, p);
                sum += p->weight;
                projects += !p->fund;
            }
        }
        if (projects != programme_defs[prog].projects)
            die("%d %s projects, expected %d", projects, programme_defs[prog].key,
                programme_defs[prog].projects);
        gint64 total = programme_defs[prog].tenths, given = 0;
        for (guint i = 0; i < ps->len; i++) {
            project *p = ps->pdata[i];
            given += p->tenths = (gint64)floor(total * p->weight / sum);
        }
        while (given < total) {
            project *best = NULL;
            double best_frac = -1;
            for (guint i = 0; i < ps->len; i++) {
                project *p = ps->pdata[i];
                double frac = total * p->weight / sum - p->tenths;
                if (frac > best_frac) {
                    best_frac = frac;
                    best = p;
                }
            }
            best->tenths++;
            given++;
        }
        for (guint i = 0; i < ps->len; i++)
            if (((project *)ps->pdata[i])->tenths < 1)
                die("project '%s' got no money", ((project *)ps->pdata[i])->name);
        g_ptr_array_free(ps, TRUE);
    }
}

static int project_order(gconstpointer a, gconstpointer b)
{
    const project *p = *(project *const *)a, *q = *(project *const *)b;
    int pv = p->village < 0 ? NV : p->village, qv = q->village < 0 ? NV : q->village;
    if (p->programme != q->programme)
        return p->programme - q->programme;
    if (p->year != q->year)
        return p->year - q->year;
    if (pv != qv)
        return pv - qv;
    return p->seq - q->seq;
}

void number_projects(world *w)
{
    g_ptr_array_sort(w->projects, project_order);
    int seq[NPROG] = {0};
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        p->id =
            g_strdup_printf("%s-%03d", programme_defs[p->programme].prefix, ++seq[p->programme]);
    }
}

void write_ledger(const world *w, const char *dir)
{
    GString *s = g_string_new("id,name,programme,village,year,funding_wan,kind\n");
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        g_string_append_printf(
            s, "%s,%s,%s,%s,%d,%" G_GINT64_FORMAT, p->id, p->name, programme_defs[p->programme].key,
            p->village >= 0 ? village_defs[p->village].name : "", p->year, p->tenths / 10);
        if (p->tenths % 10)
            g_string_append_printf(s, ".%d", (int)(p->tenths % 10));
        g_string_append_printf(s, ",%s\n", p->fund ? "fund" : "project");
    }
    write_file(dir, "ledger.csv", s);
    g_string_free(s, TRUE);
}
