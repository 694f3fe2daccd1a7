/*
 * rules.h - the coverage rules of data/rules.tsv: which layer serves what,
 * within which distance, measured how.  The file's header comment documents
 * the columns; data/README.md ("Coverage rules") the reasoning behind each
 * default.  Rules are checked against the layer registry when read, so a
 * misspelt layer, status or attribute is an error naming the line.
 *
 * A "measure" is the rows of one service that share a method and a target:
 * they combine with "or" (a household is served by water when it is within
 * 1 km of a tank or 100 m of a pipe).  Coverage reports one set of figures
 * per measure.
 */
#ifndef VINFRA_RULES_H
#define VINFRA_RULES_H

#include "registry.h"
#include "statuses.h"
#include <glib.h>

typedef enum { VI_METHOD_LINE, VI_METHOD_ROAD, VI_METHOD_TERRAIN } vi_method;
/* "line", "road", "terrain" (NULL-terminated). */
extern const char *const vi_method_names[];

/* How reports word the length of a line target within reach (column
 * covered_as): covered (the default), or lit (streetlights: lit km, lit %,
 * unlit km). */
typedef enum { VI_COVERED_AS_COVERED, VI_COVERED_AS_LIT } vi_covered_as;
/* "covered", "lit" (NULL-terminated). */
extern const char *const vi_covered_as_names[];

/* What a measure serves, decided by its target layer's geometry. */
typedef enum {
    VI_TARGET_HOUSEHOLDS, /* the households layer: households and people */
    VI_TARGET_LENGTH,     /* a line layer: the share of its length within reach */
    VI_TARGET_POINTS      /* another point layer: features connected (committees) */
} vi_target_kind;

typedef struct {
    char *service;
    char *name_zh, *name_en;
    char *layer;               /* serving layer */
    char *asset_zh, *asset_en; /* what reports call the serving features; NULL: the layer's name */
    char **statuses;           /* serving statuses; NULL: every status not of kind planned */
    char *where;               /* "attr=v1|v2" or NULL */
    int method;                /* vi_method */
    char *target;
    char *target_zh, *target_en; /* what reports call the targets; NULL: the layer's name */
    char **target_statuses;      /* NULL: every status not of kind planned */
    double threshold_m;
    double asset_height_m, target_height_m;
    int covered_as; /* vi_covered_as; covered for a target other than a line layer */
    /* Parsed from WHERE when it is set: */
    char *where_attr;
    char **where_values;
    /* The kinds of the statuses (data/statuses.tsv), borrowed from the rules: */
    const vi_statuses *status_kinds;
} vi_rule;

typedef struct {
    const char *service; /* borrowed from the rules */
    int method;
    const char *target;
    int target_kind; /* vi_target_kind */
    const vi_rule **rules;
    int nrules;
    char *key; /* JSON key: the method for households ("line"), else the target ("roads") */
} vi_measure_def;

typedef struct vi_rules vi_rules;

/* Read PATH and check every row against REG; the kinds of the statuses
 * come from statuses.tsv of REG's data directory. */
vi_rules *rules_load(const char *path, const vi_registry *reg, GError **err);
void rules_free(vi_rules *rules);

/* Services in the order of their first row. */
int rules_service_count(const vi_rules *rules);
const char *rules_service_at(const vi_rules *rules, int i);
/* The service's name in the chosen language, or NULL for an unknown service. */
const char *rules_service_name(const vi_rules *rules, const char *service, gboolean english);
/* Comma-separated service keys, for error messages (caller frees). */
char *rules_service_names(const vi_rules *rules);

/* Set every rule of SERVICE (every rule when NULL) whose method is METHOD
 * (any when < 0) to THRESHOLD_M.  Fails when SERVICE is unknown. */
gboolean rules_set_threshold(vi_rules *rules, const char *service, int method, double threshold_m,
                             GError **err);

/* The measures of SERVICE (every service when NULL), households first within
 * a service, then in file order; only those of METHOD when >= 0.  Terrain
 * measures are left out unless WITH_TERRAIN.  Fails (VI_ERROR_USAGE) for an
 * unknown service, or when SERVICE has no rule of METHOD.  Returns a
 * GPtrArray of vi_measure_def, freed by g_ptr_array_unref(); the
 * definitions borrow from RULES. */
GPtrArray *rules_measures(const vi_rules *rules, const char *service, int method,
                          gboolean with_terrain, GError **err);

/* What coverage, gaps and plan select on their command lines. */
typedef struct {
    const char *service; /* NULL: every service */
    const char *by;      /* method name, NULL: every method */
    const char *dem;     /* DEM path: terrain rules take part */
    double threshold_m;  /* NAN: the rules' own */
} vi_rule_selection;

/* Check SEL (a --by that is no method, --by terrain without a DEM, a DEM
 * that is no file, a threshold without a service or not above 0, an
 * unknown service: VI_ERROR_USAGE errors worded for the command line),
 * apply its threshold to RULES and return the selected measures as
 * rules_measures() does.  *METHOD gets the --by method or -1. */
GPtrArray *rules_select(vi_rules *rules, const vi_rule_selection *sel, int *method, GError **err);

/* A rule's serving-feature filter: does a feature with STATUS and the value
 * WHERE_VALUE of the rule's where attribute serve?  AFTER_PLAN admits
 * features whose status is of kind planned. */
gboolean rule_admits(const vi_rule *rule, const char *status, const char *where_value,
                     gboolean after_plan);
/* Does a target feature with STATUS count?  (Never one of kind planned.) */
gboolean rule_targets(const vi_rule *rule, const char *status);

#endif
