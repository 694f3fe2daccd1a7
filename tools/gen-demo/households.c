/*
 * households.c - the houses of every hamlet and their households: members,
 * poverty (the report's lifted and registered households and people), the
 * two pilot villages' toilet retrofits, and the personal fields (a head of
 * household, a valid Lantian County resident ID, a phone number).
 */
#include "gen-demo.h"

static gboolean far_from(const GArray *pts, pt p, double d)
{
    for (guint i = 0; i < pts->len; i++)
        if (dist(AT(pts, i), p) < d)
            return FALSE;
    return TRUE;
}

/* Houses 15-60 m off the road, mostly on the side away from the stream,
 * at least 15 m from each other and clear of the facility sites. */
static void place_houses(hamlet *h, rng_t *r)
{
    for (int i = 0; i < h->size; i++) {
        for (int attempt = 0;; attempt++) {
            if (attempt > 5000)
                die("cannot fit %d houses in a hamlet", h->size);
            double s = rng_range(r, h->s0, h->s1);
            double lateral;
            if (h->on_spur)
                lateral = (rng_uniform(r) < 0.5 ? 1 : -1) * rng_range(r, 15, 55);
            else if (rng_uniform(r) < 0.7)
                lateral = rng_range(r, 15, 58);
            else
                lateral = -rng_range(r, 15, 28);
            pt t, p = line_at(h->host, s, &t);
            pt house = add(p, mul(left_of(t), lateral));
            if (far_from(h->houses, house, 15) && far_from(h->spots, house, 18)) {
                line_push(h->houses, house);
                break;
            }
        }
    }
}

static const char *const surnames[] = {"王", "张", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "何", "郭", "马", "罗", "梁"};
static const char *const given[] = {"明", "华", "军", "平", "强", "林", "芳", "兰",
                                    "勇", "成", "安", "福", "庆", "秀", "德", "山"};

/* An 18-digit resident ID of Lantian County (610122): birth date,
 * sequence, ISO 7064 MOD 11-2 check character. */
static char *make_id_number(rng_t *r, GHashTable *seen)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    for (;;) {
        char body[18];
        g_snprintf(body, sizeof body, "610122%04d%02d%02d%03d", rng_int(r, 1938, 1992),
                   rng_int(r, 1, 12), rng_int(r, 1, 28), rng_int(r, 0, 999));
        int sum = 0;
        for (int i = 0; i < 17; i++)
            sum += (body[i] - '0') * weights[i];
        char *id = g_strdup_printf("%s%c", body, "10X98765432"[sum % 11]);
        if (!g_hash_table_contains(seen, id)) {
            g_hash_table_add(seen, id);
            return g_strdup(id);
        }
        g_free(id);
    }
}

static int draw_members(rng_t *r)
{
    static const double cumulative[] = {0.10, 0.32, 0.57, 0.79, 0.93, 0.99, 1.0};
    double u = rng_uniform(r);
    int m = 0;
    while (u > cumulative[m])
        m++;
    return m + 1;
}

void place_households(world *w)
{
    rng_t r = rng_stream(500);
    GPtrArray *all = g_ptr_array_new();
    GArray *members = g_array_new(FALSE, TRUE, sizeof(int));
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        rng_t hr = rng_stream(200 + (uint64_t)vi);
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            place_houses(h, &hr);
            for (guint k = 0; k < h->houses->len; k++) {
                char *name = g_strdup_printf("%s%s组%u号", v->def->name,
                                             group_numerals[h->number - 1], k + 1);
                feature *f = feature_point(w, L_HOUSEHOLDS, vi, name, NULL, NULL, AT(h->houses, k));
                g_free(name);
                g_ptr_array_add(all, f);
                int m = draw_members(&r);
                g_array_append_val(members, m);
            }
        }
    }
    int n = (int)all->len;
    if (n != HOUSEHOLDS_TOTAL)
        die("%d households, expected %d", n, HOUSEHOLDS_TOTAL);

    /* poverty: 117 households lifted (304 people) and 41 still registered */
    int *order = g_new(int, n);
    const char **poverty = g_new(const char *, n);
    for (int i = 0; i < n; i++) {
        order[i] = i;
        poverty[i] = "none";
    }
    rng_shuffle(&r, order, n);
    int people = 0;
    for (int i = 0; i < LIFTED_HOUSEHOLDS + REGISTERED_HOUSEHOLDS; i++)
        poverty[order[i]] = i < LIFTED_HOUSEHOLDS ? "lifted" : "registered";
    for (int i = 0; i < LIFTED_HOUSEHOLDS; i++) {
        int *m = &g_array_index(members, int, order[i]);
        *m = rng_int(&r, 1, 4);
        people += *m;
    }
    while (people != LIFTED_PEOPLE) {
        int *m = &g_array_index(members, int, order[rng_int(&r, 0, LIFTED_HOUSEHOLDS - 1)]);
        if (people < LIFTED_PEOPLE && *m < 6)
            (*m)++, people++;
        else if (people > LIFTED_PEOPLE && *m > 1)
            (*m)--, people--;
    }

    /* toilet retrofits: 60 households each in two pilot villages */
    static const char *const pilots[] = {"阿氏村", "上雷村"};
    gboolean *retrofit = g_new0(gboolean, n);
    for (int p = 0; p < 2; p++) {
        int vi = village_index(pilots[p]);
        w->v[vi].retrofit = project_new(w, P_ECOLOGY, vi, 2019, 18 * rng_range(&r, 0.9, 1.1),
                                        "%s户厕改造", pilots[p]);
        int first = -1, count = 0;
        for (int i = 0; i < n; i++)
            if (((feature *)all->pdata[i])->village == vi) {
                if (first < 0)
                    first = i;
                count++;
            }
        int *pick = g_new(int, count);
        for (int i = 0; i < count; i++)
            pick[i] = first + i;
        rng_shuffle(&r, pick, count);
        for (int i = 0; i < TOILET_RETROFITS / 2; i++)
            retrofit[pick[i]] = TRUE;
        g_free(pick);
    }

    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < n; i++) {
        feature *f = all->pdata[i];
        int m = g_array_index(members, int, i);
        village *v = &w->v[f->village];
        if (retrofit[i]) {
            f->proj = v->retrofit;
            f->year = v->retrofit->year;
        }
        attr_int(f, "members", m);
        attr_text(f, "poverty", poverty[i]);
        attr_text(f, "toilet_retrofit", retrofit[i] ? "yes" : "no");
        char *head = g_strdup_printf("%s某%s", surnames[rng_int(&r, 0, G_N_ELEMENTS(surnames) - 1)],
                                     given[rng_int(&r, 0, G_N_ELEMENTS(given) - 1)]);
        char *idn = make_id_number(&r, seen);
        char *phone = g_strdup_printf("1990000%04d", i + 1);
        attr_text(f, "head_name", head);
        attr_text(f, "id_number", idn);
        attr_text(f, "phone", phone);
        g_free(head);
        g_free(idn);
        g_free(phone);
        v->households++;
        v->population += m;
    }
    g_hash_table_destroy(seen);
    g_free(retrofit);
    g_free(order);
    g_free(poverty);
    g_array_free(members, TRUE);
    g_ptr_array_free(all, TRUE);
}
