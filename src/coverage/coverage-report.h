/*
 * coverage-report.h - writing the figures of vinfra coverage: a tally
 * (coverage-tally.h, the computation) rendered as tables (a summary of
 * every measure and a village-by-measure matrix when every service is
 * shown; per-service tables otherwise), CSV, Markdown or JSON, in the
 * language the caller passes.  Also the words for a measure's rule, its
 * serving assets and a distance, which gaps, plan and the maps share.
 *
 * The JSON form:
 *   {
 *     "crs": "EPSG:4545",          the plane straight-line distances are measured in
 *     "village": null | "双龙村",
 *     "after_plan": false,
 *     "as_of": 2018,               only as of a year, with "as_of_note": TEXT when
 *                                  works without a year were counted as standing
 *     "river_crossings": {"crossings": 11, "without_bridge": 0},   met building the
 *                                  road network (both 0 when no measure goes by road)
 *     "services": [{
 *       "service": "clinic", "name": "村医务室",
 *       "measures": [{"key": "line", "method": "line", "target": "households",
 *                     "label": "直线 ≤2 公里",
 *                     "rules": [{"layer": "clinics", "threshold_m": 2000,
 *                                "statuses": null | [...], "where": null | "type=square"}]}],
 *       "total": {KEY: SCOPE, ...},               one SCOPE per measure key (with
 *                                                  --village: that village's)
 *       "villages": [{"name": "双龙村", KEY: SCOPE, ...}, ...]
 *     }]
 *   }
 *   households:  SCOPE = {"households", "served_households", "unserved_households",
 *                 "served_percent", "people", "served_people", "unserved_people",
 *                 "served_people_percent", "poor_households", "served_poor_households",
 *                 "poor_served_percent", "poor_people", "served_poor_people",
 *                 "distance_median_m", "distance_p90_m", "distance_max_m",
 *                 "distance_sum_m",                   nearest serving asset, any layer
 *                 "distance_by_layer": {LAYER: {"median_m", "p90_m", "max_m"}}
 *                                                     only when the measure has several layers}
 *   line target: SCOPE = {"length_m", "served_m", "unserved_m", "served_percent"}
 *   point target: SCOPE = {"features", "served", "unserved",
 *                 "list": [{"id", "name", "served", "distance_m"}]}   (committees)
 * Distances are null when infinite (nothing reachable); percentages are null
 * for an empty scope.
 */
#ifndef VINFRA_COVERAGE_REPORT_H
#define VINFRA_COVERAGE_REPORT_H

#include "lang.h"
#include "coverage-tally.h"
#include "coverage.h"
#include "rules.h"
#include <glib.h>

/* Append TALLY as FORMAT (table, csv, md or json) in LANG; RULES give the
 * services' order and names. */
void coverage_report_render(const vi_coverage_tally *tally, const vi_rules *rules, vi_format format,
                            vi_lang lang, GString *out);

/* A measure's rule in words: "直线 ≤2 公里", "straight line ≤ 2 km; water pipes ≤ 100 m". */
char *coverage_measure_label(const vi_measure_def *def, const vi_registry *reg, vi_lang lang);
/* What reports call RULE's serving assets: its asset_zh/asset_en, else the layer's name. */
const char *coverage_asset_name(const vi_rule *rule, const vi_registry *reg, vi_lang lang);
/* A distance in words: "850 米", "2 公里", "3.4 km". */
char *coverage_distance_text(double metres, vi_lang lang);
/* MSGID of the context CTX (marked NC_("ctx", "msgid") where written) in LANG,
 * whatever the user's language: the reports' words that read differently in
 * different tables ("served": 已覆盖 or 覆盖户). */
const char *coverage_in_context(vi_lang lang, const char *ctx, const char *msgid);

#endif
