/*
 * feature.h - a feature of a layer and a project of the ledger as plain
 * values: what a writer hands to the store, what a scan of the store hands
 * back, and what feature-check.h checks against the registry.  No behaviour;
 * in config/ so that the checks need not know the store.
 */
#ifndef VINFRA_FEATURE_H
#define VINFRA_FEATURE_H

#include <stddef.h>

/* A feature as written to or read from a layer.  When read by a scan, every
 * pointer is borrowed and valid only during the callback. */
typedef struct {
    const char *id;
    const char *village; /* village name; NULL for the villages layer itself */
    const char *name;
    const char *status;  /* NULL when the layer has no statuses */
    int year;            /* 0 when unknown */
    const char *project; /* project id or NULL */
    const unsigned char *wkb;
    size_t wkb_size;
    const char *const *attrs; /* layer->nattrs values as text, NULL for null */
} vi_feature;

typedef struct {
    const char *id;
    const char *name;
    const char *programme; /* programme key */
    const char *village;   /* NULL for county-level work */
    const char *kind;      /* "project" (counted as a project) or "fund" (money only) */
    int year;
    double funding_wan; /* 万元 */
} vi_project;

#endif
