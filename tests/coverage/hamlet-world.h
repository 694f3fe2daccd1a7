/*
 * hamlet-world.h - the small hand-made world test-gaps.c and test-siting.c
 * share, so that their answers are known: two villages side by side, each
 * 0.03 degrees (2.8 km) square, 双龙村 west of 上雷村; a clinic C1 at the
 * centre of 双龙村; H1, 280 m from it; and three hamlets out of a 1 km
 * reach: A (A1-A3, 46-55 m apart, 6 people, 2 poor) north-east of 双龙村's
 * centre, 1.7 km from C1; B (B1-B2, 8 people) east of 上雷村's centre; E
 * (E1 alone, 5 people, poor) in 双龙村's south-west corner.  A test adds
 * its own features between hw_begin() and hw_commit().  Include it after
 * unit.h and unit-store.h.
 */
#ifndef VINFRA_TESTS_HAMLET_WORLD_H
#define VINFRA_TESTS_HAMLET_WORLD_H

#include "coverage.h"
#include "registry.h"
#include "rules.h"
#include "store.h"

#include <glib/gstdio.h>
#include <stdlib.h>

typedef struct {
    vi_registry *reg;
    vi_store *store;
    vi_rules *rules;
    GPtrArray *defs; /* vi_measure_def: every measure of the rules */
    char *dir, *db, *rules_path;
} hamlet_world;

/* One household of WORLD's village VILLAGE at LON, LAT. */
static void hw_household(hamlet_world *hw, const char *id, const char *village, double lon,
                         double lat, const char *members, const char *poverty)
{
    insert(hw->store, "households", id, village, NULL, NULL, wkb_point(lon, lat),
           (const char *[]){"members", members, "poverty", poverty, NULL});
}

/* A new store in a folder of its own, in a transaction holding the shared
 * features.  FALSE (a test failure) when that cannot be. */
static gboolean hw_begin(hamlet_world *hw, const char *name)
{
    const char *datadir = getenv("VINFRA_DATADIR");
    GError *err = NULL;
    *hw = (hamlet_world){0};
    if (!datadir || !*datadir) {
        FAIL("VINFRA_DATADIR is not set");
        return FALSE;
    }
    char *template = g_strdup_printf("%s-XXXXXX", name);
    hw->dir = g_dir_make_tmp(template, NULL);
    g_free(template);
    hw->db = g_build_filename(hw->dir, "t.sqlite", NULL);
    hw->rules_path = g_build_filename(hw->dir, "rules.tsv", NULL);
    if (!(hw->reg = registry_load(datadir, &err)) ||
        !(hw->store = store_create(hw->db, hw->reg, &err)) || !store_begin(hw->store, &err)) {
        FAIL("setup: %s", err->message);
        g_error_free(err);
        return FALSE;
    }
    insert(hw->store, "villages", "V1", NULL, "双龙村", NULL, wkb_box(109.30, 34.05, 109.33, 34.08),
           NULL);
    insert(hw->store, "villages", "V2", NULL, "上雷村", NULL, wkb_box(109.33, 34.05, 109.36, 34.08),
           NULL);
    insert(hw->store, "clinics", "C1", "双龙村", "双龙村卫生室", "built",
           wkb_point(109.315, 34.065), NULL);
    hw_household(hw, "H1", "双龙村", 109.318, 34.065, "3", "none");
    hw_household(hw, "A1", "双龙村", 109.327, 34.077, "2", "registered");
    hw_household(hw, "A2", "双龙村", 109.3275, 34.077, "2", "none");
    hw_household(hw, "A3", "双龙村", 109.327, 34.0775, "2", "lifted");
    hw_household(hw, "B1", "上雷村", 109.350, 34.065, "4", "none");
    hw_household(hw, "B2", "上雷村", 109.3505, 34.065, "4", "none");
    hw_household(hw, "E1", "双龙村", 109.302, 34.052, "5", "registered");
    return TRUE;
}

/* Commit the features and read the rules of RULE_ROWS (rows of
 * data/rules.tsv's 16 columns) into the world's measures. */
static gboolean hw_commit(hamlet_world *hw, const char *rule_rows)
{
    commit_features(hw->store);
    char *text = g_strconcat("service\tname_zh\tname_en\tlayer\tasset_zh\tasset_en\tstatuses\t"
                             "where\tmethod\ttarget\ttarget_statuses\ttarget_zh\ttarget_en\t"
                             "threshold_m\tasset_height_m\ttarget_height_m\n",
                             rule_rows, NULL);
    g_file_set_contents(hw->rules_path, text, -1, NULL);
    g_free(text);
    GError *err = NULL;
    hw->rules = rules_load(hw->rules_path, hw->reg, &err);
    hw->defs = hw->rules ? rules_measures(hw->rules, NULL, -1, FALSE, &err) : NULL;
    if (!hw->defs) {
        FAIL("rules: %s", err->message);
        g_error_free(err);
        return FALSE;
    }
    return TRUE;
}

static void hw_free(hamlet_world *hw)
{
    if (hw->defs)
        g_ptr_array_unref(hw->defs);
    rules_free(hw->rules);
    store_close(hw->store);
    registry_free(hw->reg);
    g_remove(hw->db);
    g_remove(hw->rules_path);
    g_rmdir(hw->dir);
    g_free(hw->db);
    g_free(hw->rules_path);
    g_free(hw->dir);
}

#endif
