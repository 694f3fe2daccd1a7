/*
 * registry.h - the layer registry: which layers exist, their geometry,
 * attributes, allowed values and owning department, plus the funding
 * programmes, the plausible region and the plausible bounds of numbers.  All
 * of it is read from tables in data/ (layers.tsv, attributes.tsv,
 * programmes.tsv, region.tsv, bounds.tsv), with the words field files use
 * for fields and values (vocab.h: vocabulary.tsv, statuses.tsv,
 * labels.tsv); no layer
 * is known to C code except "villages" and "households", which every
 * installation has.
 */
#ifndef VINFRA_REGISTRY_H
#define VINFRA_REGISTRY_H

#include <glib.h>

typedef enum { VI_GEOM_POINT, VI_GEOM_LINE, VI_GEOM_POLYGON } vi_geom_type;
typedef enum { VI_ATTR_TEXT, VI_ATTR_INTEGER, VI_ATTR_REAL } vi_attr_type;

/* Words used in the tables for the enums above (NULL-terminated). */
extern const char *const vi_geom_type_names[];
extern const char *const vi_attr_type_names[];

/* The plausible range of a number (bounds.tsv), inclusive at both ends. */
typedef struct {
    char *table; /* a layer, or VI_LEDGER_TABLE for the ledger */
    char *field;
    double min, max;
} vi_bound;

typedef struct {
    char *layer; /* owning layer name */
    char *name;  /* column name in the store and in import files */
    char *name_zh;
    char *name_en;
    int type;       /* vi_attr_type */
    char **allowed; /* NULL-terminated allowed values, or NULL for any */
    gboolean required;
    gboolean personal; /* personal data: never exported or printed without consent */
    char *unit;
    const vi_bound *bound;        /* integer and real attributes: their plausible range */
    const struct vi_words *words; /* an enumerated attribute: the words of its values (vocab.h) */
} vi_attr;

typedef struct {
    char *name; /* table name, e.g. "roads" */
    char *name_zh;
    char *name_en;
    int geometry;     /* vi_geom_type */
    char *department; /* county department owning the layer: transport, water, ... */
    char **statuses;  /* allowed status values; NULL when the layer has no status */
    char *breakdown;  /* attribute that stats also break counts down by, or NULL */
    char *quantity;   /* integer attribute summed as the layer's quantity (trees), or NULL */
    char *symbol;     /* map symbol key (used by the renderer) */
    char **aliases;   /* other names a source layer may carry for it (NULL-terminated), or NULL */
    vi_attr **attrs;  /* borrowed pointers into the registry's attribute table */
    int nattrs;
    const struct vi_words *status_words; /* the words of its statuses, or NULL (vocab.h) */
    const struct vi_words *field_words;  /* the words of its field names (vocab.h) */
} vi_layer;

typedef struct {
    char *key; /* infrastructure, industry, ... */
    char *name_zh;
    char *name_en;
} vi_programme;

typedef struct {
    double min_lon, min_lat, max_lon, max_lat;
    char *name;
    double village_margin_m;   /* a feature inside another village may lie this far from its own */
    double village_reach_m;    /* a feature outside every village may lie this far from its own */
    double village_overlap_m2; /* two village polygons may overlap this much (slivers) */
} vi_region;

typedef struct {
    char *datadir;
    GArray *layer_rows;     /* vi_layer */
    GArray *attr_rows;      /* vi_attr */
    GArray *programme_rows; /* vi_programme */
    GArray *region_rows;    /* vi_region; first row is the plausible extent */
    GArray *bound_rows;     /* vi_bound */
    struct vi_vocab *vocab; /* the words of fields and values (vocab.h) */
} vi_registry;

/* The two layers every installation has (layers.tsv must list them): the
 * only layer names C code spells. */
#define VI_LAYER_VILLAGES "villages"
#define VI_LAYER_HOUSEHOLDS "households"
/* The common fields every layer has besides its attributes, in vi_feature
 * order: id, village, name, status, year, project (NULL-terminated). */
extern const char *const vi_common_fields[];
/* The ledger's table: the name the ledger goes by wherever a layer's name
 * may stand (bounds.tsv, the change log, --layer of stats and history). */
#define VI_LEDGER_TABLE "projects"

/* Load every registry table from DATADIR.  Returns NULL and sets ERR on failure. */
vi_registry *registry_load(const char *datadir, GError **err);
void registry_free(vi_registry *reg);

int registry_layer_count(const vi_registry *reg);
const vi_layer *registry_layer_at(const vi_registry *reg, int i);
/* NULL when no layer has that name. */
const vi_layer *registry_layer(const vi_registry *reg, const char *name);
/* Comma-separated list of layer names, for error messages (caller frees). */
char *registry_layer_names(const vi_registry *reg);
/* The layer a source layer called NAME (a KML folder, a GeoPackage table, a
 * sheet, a shapefile's file name) goes into: the one whose key, Chinese or
 * English name or one of its aliases folds (vi_fold) to the same text, or
 * NULL.  The registry refuses a name two layers share, so it is unique. */
const vi_layer *registry_layer_match(const vi_registry *reg, const char *name);

int registry_programme_count(const vi_registry *reg);
const vi_programme *registry_programme_at(const vi_registry *reg, int i);
const vi_programme *registry_programme(const vi_registry *reg, const char *key);
const vi_region *registry_region(const vi_registry *reg);

/* The bounds of FIELD of TABLE (a layer, or VI_LEDGER_TABLE), or NULL. */
const vi_bound *registry_bound(const vi_registry *reg, const char *table, const char *field);
/* Is V within B?  (NaN is not.) */
gboolean vi_bound_contains(const vi_bound *b, double v);
/* "1 to 30" or, with a UNIT, "0 to 50 m", for messages (caller frees). */
char *vi_bound_text(const vi_bound *b, const char *unit);

/* Index of attribute NAME in LAYER->attrs, or -1. */
int layer_attr_index(const vi_layer *layer, const char *name);
/* What messages, the history and its command lines show for a personal
 * value (a field marked personal in data/attributes.tsv). */
#define VI_PERSONAL_HIDDEN "(personal, hidden)"
/* TRUE when VALUE is in the NULL-terminated list (or the list is NULL). */
gboolean vi_value_allowed(char *const *allowed, const char *value);

#endif
