/*
 * export-profile.h - the export profiles of data/profiles/: what each county
 * bureau receives.
 *
 * profiles.tsv lists the profiles (one per bureau, plus "all") with their
 * names and default format, CRS and encoding; NAME.tsv holds one row per
 * exported field: the store layer, the layer's output file name, the
 * field's source (a common field, an attribute, or a computed value), its
 * export name, its Chinese alias and, for computed numbers, the decimals.
 * Only the fields a profile lists are ever written: it is an allow-list.
 * Everything is checked against the registry when read, so a misspelt
 * layer or field is an error naming the file and line.
 */
#ifndef VINFRA_EXPORT_PROFILE_H
#define VINFRA_EXPORT_PROFILE_H

#include "registry.h"
#include <glib.h>

/* Where an exported value comes from. */
typedef enum {
    VI_SRC_COMMON,  /* id, village, name, status, year, project */
    VI_SRC_ATTR,    /* a registry attribute of the layer */
    VI_SRC_LENGTH,  /* length_m: geodesic length of a line (m) */
    VI_SRC_AREA,    /* area_m2: geodesic area of a polygon (m²) */
    VI_SRC_SERVED,  /* served(SERVICE[,METHOD]): households, "yes" or "no" */
    VI_SRC_DISTANCE /* distance(SERVICE[,METHOD]): households, metres to the nearest asset */
} vi_source_kind;

/* Value types of exported fields. */
typedef enum { VI_FIELD_TEXT, VI_FIELD_INTEGER, VI_FIELD_REAL } vi_field_type;

typedef struct {
    char *source;        /* as written in the profile */
    int kind;            /* vi_source_kind */
    int common;          /* VI_SRC_COMMON: index into export_common_fields */
    const vi_attr *attr; /* VI_SRC_ATTR: borrowed from the registry */
    char *service;       /* VI_SRC_SERVED / VI_SRC_DISTANCE */
    int method;          /* vi_method of rules.h */
    char *name;          /* export field name */
    char *alias;         /* Chinese alias; may be NULL */
    int type;            /* vi_field_type */
    int decimals;        /* reals: fixed decimals, or -1 for as many as the values need */
    gboolean personal;   /* an attribute marked personal in the registry */
} vi_export_field;

typedef struct {
    const vi_layer *layer; /* borrowed from the registry */
    char *file;            /* output file, sheet or CAD layer name (a plain file name) */
    GPtrArray *fields;     /* vi_export_field, in profile order */
} vi_export_layer;

/* What a profile gives the bureau (profiles.tsv columns values,
 * field_names, aliases, headers); the first of each is the default. */
typedef enum { VI_VALUES_LABELS, VI_VALUES_CODES } vi_export_values;
typedef enum { VI_NAMES_ASCII, VI_NAMES_ZH } vi_export_names;
typedef enum { VI_ALIASES_ZH, VI_ALIASES_ASCII } vi_export_aliases;

typedef struct {
    char *name; /* "transport" */
    char *name_zh, *name_en;
    char *format;    /* default format */
    char *crs;       /* default CRS: "EPSG:4490", "gk", any PROJ CRS */
    char *encoding;  /* default encoding: GBK or UTF-8 */
    int values;      /* vi_export_values: enumerated values as Chinese labels or codes */
    int field_names; /* vi_export_names: field names from the field column (ascii) or alias */
    int aliases;     /* vi_export_aliases: alternative names from the alias or field column */
    int headers;     /* vi_export_names: CSV and XLSX column headers (default: zh, aliases) */
    int layer_names; /* vi_export_names: DXF layers, KML folders (default: zh, the layer's Chinese name) */
    char *path;        /* the profile's field table */
    GPtrArray *layers; /* vi_export_layer, in profile order */
} vi_export_profile;

/* Names of the common fields every layer has, as sources (NULL-terminated). */
extern const char *const export_common_fields[];

/* Read profile NAME from DATADIR/profiles/ and check it against REG.  An
 * unknown NAME is a VI_ERROR_USAGE error listing the profiles. */
vi_export_profile *export_profile_load(const char *datadir, const char *name,
                                       const vi_registry *reg, GError **err);
void export_profile_free(vi_export_profile *p);

/* Comma-separated names of the profiles in DATADIR (caller frees), or NULL with ERR set. */
char *export_profile_names(const char *datadir, GError **err);

/* Is NAME usable as a file name inside a folder: not empty, no '/' or '\',
 * not "." or "..", no leading dot, no control character?  Such a name cannot
 * lead a path out of the folder. */
gboolean export_plain_file_name(const char *name);

#endif
