/*
 * cmd-measure.c - the setup vinfra coverage, gaps and plan share.  See
 * cmd-measure.h.
 */
#include "cmd-measure.h"
#include "cli.h"
#include "i18n.h"
#include "msg.h"

#include <string.h>

int measure_setup_rules(vi_measure_setup *s)
{
    if (!cli_format(s->format_name, s->formats, s->format) ||
        !cli_metres(s->cmd, "--threshold", s->threshold_text, &s->threshold_m))
        return 2;
    if (!(s->reg = cli_registry()))
        return 1;
    g_autofree char *default_rules = g_build_filename(cli_datadir(), "rules.tsv", NULL);
    GError *err = NULL;
    s->rules = rules_load(s->rules_path ? s->rules_path : default_rules, s->reg, &err);
    if (!s->rules)
        return msg_fail(err);
    return 0;
}

int measure_setup_select(vi_measure_setup *s, const char *service, const char *by, const char *dem)
{
    vi_rule_selection sel = {service, by, dem, s->threshold_m};
    GError *err = NULL;
    s->measures = rules_select(s->rules, &sel, &s->method, &err);
    if (!s->measures) {
        errorf(_("%s: %s"), s->cmd, err->message);
        g_clear_error(&err);
        return 2;
    }
    return 0;
}

void measure_setup_keep_households(vi_measure_setup *s, gboolean first_of_service)
{
    GPtrArray *measures = s->measures;
    for (guint i = 0; i < measures->len;) {
        const vi_measure_def *def = measures->pdata[i];
        gboolean keep = def->target_kind == VI_TARGET_HOUSEHOLDS;
        for (guint k = 0; keep && first_of_service && k < i; k++) {
            const vi_measure_def *prev = measures->pdata[k];
            keep = strcmp(prev->service, def->service) != 0;
        }
        if (keep)
            i++;
        else
            g_ptr_array_remove_index(measures, i);
    }
}

int measure_setup_world(vi_measure_setup *s, gboolean readonly, const vi_coverage_options *opt)
{
    if (!(s->store = cli_open_store(s->reg, readonly)))
        return 1;
    GError *err = NULL;
    s->world = coverage_load(s->store, s->measures, opt, &err);
    if (!s->world)
        return msg_report(NULL, &err);
    return 0;
}

void measure_setup_clear(vi_measure_setup *s)
{
    coverage_world_free(s->world);
    if (s->measures)
        g_ptr_array_unref(s->measures);
    store_close(s->store);
    rules_free(s->rules);
    registry_free(s->reg);
    s->world = NULL;
    s->measures = NULL;
    s->store = NULL;
    s->rules = NULL;
    s->reg = NULL;
}

void measure_options_clear(vi_measure_options *o)
{
    g_clear_pointer(&o->service, g_free);
    g_clear_pointer(&o->village, g_free);
    g_clear_pointer(&o->by, g_free);
    g_clear_pointer(&o->dem, g_free);
    g_clear_pointer(&o->threshold_text, g_free);
    g_clear_pointer(&o->rules_path, g_free);
    g_clear_pointer(&o->format_name, g_free);
}
