/*
 * output.c - the demo's GeoJSON layers, one feature a line with members in
 * the registry's order, and the manifest `vinfra demo` imports in order.
 */
#include "gen-demo.h"

void write_file(const char *dir, const char *name, const GString *s)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *err = NULL;
    if (!g_file_set_contents(path, s->str, (gssize)s->len, &err))
        die("cannot write '%s': %s", path, err->message);
    g_free(path);
}

static void json_coords(GString *s, const GArray *l)
{
    for (guint i = 0; i < l->len; i++)
        g_string_append_printf(s, "%s[%.7f,%.7f]", i ? "," : "", AT(l, i).x, AT(l, i).y);
}

/* One feature a line, members in the registry's order: the common fields
 * (id, village, name, status, year, project), then the layer's attributes. */
void write_geojson(const world *w, const char *dir, int layer)
{
    GString *s = g_string_new("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        g_string_append(s, "{\"type\":\"Feature\",\"properties\":{\"id\":");
        json_string(s, f->id);
        if (layer != L_VILLAGES) {
            g_string_append(s, ",\"village\":");
            json_string(s, village_defs[f->village].name);
        }
        g_string_append(s, ",\"name\":");
        json_string(s, f->name);
        if (layer != L_VILLAGES) {
            if (f->def->statuses) {
                g_string_append(s, ",\"status\":");
                json_string(s, f->status);
            }
            if (f->year)
                g_string_append_printf(s, ",\"year\":%d", f->year);
            else
                g_string_append(s, ",\"year\":null");
            g_string_append(s, ",\"project\":");
            json_string(s, f->proj ? f->proj->id : NULL);
        }
        for (int a = 0; a < f->def->nattrs; a++)
            if (f->attrs[a])
                g_string_append_printf(s, ",\"%s\":%s", f->def->attrs[a]->name, f->attrs[a]);
        g_string_append(s, "},\"geometry\":{\"type\":");
        if (f->def->geometry == VI_GEOM_POLYGON) {
            g_string_append(s, "\"Polygon\",\"coordinates\":[[");
            json_coords(s, f->coords);
            g_string_append(s, "]]");
        } else if (f->line) {
            g_string_append(s, "\"LineString\",\"coordinates\":[");
            json_coords(s, f->coords);
            g_string_append(s, "]");
        } else {
            g_string_append_printf(s, "\"Point\",\"coordinates\":[%.7f,%.7f]", AT(f->coords, 0).x,
                                   AT(f->coords, 0).y);
        }
        g_string_append_printf(s, "}}%s\n", i + 1 < w->features[layer]->len ? "," : "");
    }
    g_string_append(s, "]}\n");
    char *name = g_strdup_printf("%s.geojson", layer_name(w, layer));
    write_file(dir, name, s);
    g_free(name);
    g_string_free(s, TRUE);
}

/* Import order for `vinfra demo`: the villages first (the ledger and every
 * layer name one), then the ledger (assets refer to its projects), then
 * the other layers in data/layers.tsv's order. */
void write_manifest(const world *w, const char *dir)
{
    GString *s = g_string_new(
        "# The demo dataset in import order (read by `vinfra demo`); see data/README.md.\n"
        "file\tlayer\tvillage_field\n"
        "villages.geojson\tvillages\t\n"
        "ledger.csv\tledger\t\n");
    for (int i = 0; i < registry_layer_count(w->reg); i++) {
        const char *name = registry_layer_at(w->reg, i)->name;
        if (layer_of(w, registry_layer_at(w->reg, i)) != L_VILLAGES)
            g_string_append_printf(s, "%s.geojson\t%s\tvillage\n", name, name);
    }
    write_file(dir, "manifest.tsv", s);
    g_string_free(s, TRUE);
}
