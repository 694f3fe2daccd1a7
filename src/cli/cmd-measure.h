/*
 * cmd-measure.h - the setup vinfra coverage, gaps and plan share: the
 * output format and --threshold checked, the registry and the rules
 * loaded, the measures selected, the store opened and the world loaded.
 * Each step prints its own error and returns the exit code (0 when it
 * went well), so a command reads: parse, its own checks, these steps, its
 * work, measure_setup_clear().  Not a command: no row in commands[].
 */
#ifndef VINFRA_CMD_MEASURE_H
#define VINFRA_CMD_MEASURE_H

#include "coverage.h"
#include "lang.h"
#include "registry.h"
#include "rules.h"
#include "store.h"
#include <glib.h>

/* The options coverage, gaps and plan share, as GOption fills them (each
 * command words their help itself); owned, freed by measure_options_clear()
 * or g_auto(vi_measure_options). */
typedef struct {
    char *service;        /* --service */
    char *village;        /* --village */
    char *by;             /* --by (coverage, gaps) */
    char *dem;            /* --dem (coverage, gaps) */
    char *threshold_text; /* --threshold */
    char *rules_path;     /* --rules */
    char *format_name;    /* --format */
} vi_measure_options;

void measure_options_clear(vi_measure_options *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(vi_measure_options, measure_options_clear)

typedef struct {
    /* Set by the command from its options (borrowed): */
    const char *cmd;            /* "coverage", the prefix of usage errors */
    const char *format_name;    /* --format, NULL: table */
    const char *const *formats; /* the formats the command writes (NULL-terminated) */
    const char *threshold_text; /* --threshold, NULL when not given */
    const char *rules_path;     /* --rules, NULL: rules.tsv of the data directory */
    vi_format *format;          /* gets the format */
    /* Set by the steps, freed by measure_setup_clear(): */
    double threshold_m; /* NAN when not given */
    vi_registry *reg;
    vi_rules *rules;
    GPtrArray *measures; /* vi_measure_def, from rules_select() */
    int method;          /* the --by method, or -1 */
    vi_store *store;
    vi_world *world;
} vi_measure_setup;

/* The format (into *FORMAT) and --threshold (usage errors: 2), then the
 * registry and the rules (1). */
int measure_setup_rules(vi_measure_setup *s);

/* The measures of SERVICE (every service when NULL) measured BY (a method
 * name, NULL: every method), terrain ones only with a DEM, with the
 * threshold applied (rules_select()); its errors are usage errors (2). */
int measure_setup_select(vi_measure_setup *s, const char *service, const char *by, const char *dem);

/* Keep only the measures that serve households; with FIRST_OF_SERVICE, only
 * the first of each service (its straight-line one). */
void measure_setup_keep_households(vi_measure_setup *s, gboolean first_of_service);

/* Open the store (READONLY or for writing) and load what the measures need
 * (coverage_load() with OPT). */
int measure_setup_world(vi_measure_setup *s, gboolean readonly, const vi_coverage_options *opt);

/* Free what the steps set; the options stay the command's. */
void measure_setup_clear(vi_measure_setup *s);

#endif
