/*
 * gen-demo.c - generates vinfra's bundled demo dataset, the files of
 * data/demo/: a synthetic map of the 11 Lantian County villages of the
 * report, carrying exactly the report's figures.
 *
 *   gen-demo [DIR]     writes into DIR (default: data/demo/ of the source tree)
 *
 * The layers, their statuses and attributes, the programmes and the
 * coverage distances come from the data tables (VINFRA_DATADIR when set,
 * else data/ of the source tree), read by vinfra's own readers; gen-demo.h
 * lists the stages and the file of each.
 *
 * Every random choice comes from our own seeded PRNG (splitmix64), one
 * stream per concern, so two runs write byte-identical files; that is what
 * tests/demo/test-demo-regenerate.sh checks.  data/README.md documents the
 * files.
 *
 * The geography is invented; only the names come from the report.  A main
 * river (灞河) meanders west-east through the middle of a 30 x 20 km area
 * with the county road 100 m north of it.  Six villages lie north of the
 * river and five south of it, each around a side valley whose stream runs
 * down to the river, with the village road beside the stream and hamlets
 * (村民小组) strung along the road or at the end of group roads.  Village
 * boundaries follow the ridges between side valleys and, in the main
 * valley, a line 45 m north of the river; so southern villages reach the
 * county road over a bridge (the report's five 便民桥).
 *
 * Geometry is laid out in metres (EPSG:4545, CGCS2000 / 3-degree GK CM
 * 108E, relative to an origin at 109.40E 34.05N), converted once with PROJ
 * to EPSG:4490 longitude/latitude and rounded to 7 decimals.  A line that
 * crosses a village boundary is built as two features meeting at a vertex
 * the boundary has too, so every feature lies inside its village and road
 * ends sit exactly on vertices of the roads they join.  Length figures
 * (33.6 km of roads built, 5000 m of pipes) are met on the rounded
 * coordinates, measured with PROJ's geodesics on the CGCS2000 ellipsoid, by
 * moving one split point.
 *
 * The generator checks its own output (every feature inside its village,
 * water and signal coverage, the clinic gap, every total: check.c) and
 * fails rather than write a dataset that breaks one of the rules
 * data/README.md states.
 */
#include "gen-demo.h"

#include <glib/gstdio.h>
#include <stdio.h>

#ifndef GEN_DEMO_DATADIR
#define GEN_DEMO_DATADIR "data"
#endif

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fputs("usage: gen-demo [DIR]\n", stderr);
        return 2;
    }
    const char *datadir = g_getenv("VINFRA_DATADIR");
    if (!datadir || !*datadir)
        datadir = GEN_DEMO_DATADIR;
    g_autofree char *default_dir = g_build_filename(GEN_DEMO_DATADIR, "demo", NULL);
    const char *dir = argc == 2 ? argv[1] : default_dir;

    world w = {0};
    GError *err = NULL;
    vi_registry *reg = registry_load(datadir, &err);
    if (!reg)
        die("%s", err->message);
    g_autofree char *rules_path = g_build_filename(datadir, "rules.tsv", NULL);
    vi_rules *rules = rules_load(rules_path, reg, &err);
    if (!rules)
        die("%s", err->message);
    w.reg = reg;
    world_bind_registry(&w, rules);
    rules_free(rules);

    w.ctx = proj_context_create();
    PJ *crs = proj_create_crs_to_crs(w.ctx, "EPSG:4545", "EPSG:4490", NULL);
    if (!crs)
        die("PROJ: %s", proj_context_errno_string(w.ctx, proj_context_errno(w.ctx)));
    w.to_ll = proj_normalize_for_visualization(w.ctx, crs);
    proj_destroy(crs);
    PJ_COORD origin = proj_trans(w.to_ll, PJ_INV, proj_coord(109.40, 34.05, 0, 0));
    w.e0 = origin.v[0];
    w.n0 = origin.v[1];
    geod_init(&w.geod, 6378137.0, 1.0 / 298.257222101);
    for (int l = 0; l < NLAYERS; l++)
        w.features[l] = g_ptr_array_new();
    w.projects = g_ptr_array_new();
    w.built_roads = g_ptr_array_new();
    for (int i = 0; i < NV; i++)
        w.v[i].def = &village_defs[i];

    build_main_valley(&w);
    place_nodes(&w);
    build_outlines(&w);
    for (int i = 0; i < NV; i++)
        build_valley(&w, i);
    build_dem(&w);
    place_facilities(&w);
    place_households(&w);
    make_villages(&w);
    make_roads(&w);
    make_rivers(&w);
    make_bridges(&w);
    place_streetlights(&w);
    place_water(&w);
    place_towers(&w);
    plant_trees(&w);
    allocate_funding(&w);
    number_projects(&w);
    verify(&w);

    /* Nothing is written, not even DIR, unless every check passed. */
    if (g_mkdir_with_parents(dir, 0755) != 0)
        die("cannot create '%s'", dir);
    write_ledger(&w, dir);
    for (int i = 0; i < registry_layer_count(reg); i++)
        write_geojson(&w, dir, layer_of(&w, registry_layer_at(reg, i)));
    write_manifest(&w, dir);
    write_dem(&w, dir);

    g_free(w.dem);
    proj_destroy(w.to_ll);
    proj_context_destroy(w.ctx);
    registry_free(reg);
    return 0;
}
