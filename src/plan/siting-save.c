/*
 * siting-save.c - a plan's picks stored as planned assets of its rule's
 * layer, through the store (store.h), in one transaction recorded in the
 * history.  See siting.h.
 */
#include "feature-check.h"
#include "i18n.h"
#include "siting.h"
#include "vi-error.h"

#include <string.h>

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
                        _("cannot save planned sites in layer \"%s\": attribute \"%s\" is required "
                          "and the rule gives no value for it"),
                        layer->name, layer->attrs[a]->name);
            g_free(attrs);
            return FALSE;
        }
    }
    const char *asset = rule->asset_zh ? rule->asset_zh : layer->name_zh;
    const char *planned = statuses_planned_status(rule->status_kinds, layer->statuses);
    if (!planned) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot save planned sites in layer \"%s\": no status is of kind planned "
                      "(statuses.tsv)"),
                    layer->name);
        g_free(attrs);
        return FALSE;
    }
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
                        .status = planned,
                        .wkb = wkb,
                        .wkb_size = sizeof wkb,
                        .attrs = attrs};
        ok = ok && feature_check(layer, &f, err) && store_feature_insert(store, layer, &f, 0, err);
        g_free(name);
        if (ok)
            s->id = id;
        else
            g_free(id);
    }
    /* The history is read by the same office that saved the plan: its
     * detail is written in the language of the session. */
    char *detail = g_strdup_printf(NG_("%s: %u site", "%s: %u sites", p->sites->len),
                                   p->measure->def->service, p->sites->len);
    vi_change change = {.action = "plan", .layer = layer->name, .detail = detail};
    ok = ok && store_history_record(store, &change, err) && store_commit(store, err);
    g_free(detail);
    if (!ok)
        store_rollback(store);
    g_free(attrs);
    return ok;
}
