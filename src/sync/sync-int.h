/*
 * sync-int.h - what the files of sync/ share: a feature as a record of
 * fields (the form in which the copy, its base and the server are
 * compared), snapshots of a village, and the copy's bookkeeping keys.
 *
 *   sync-record.c   records: from a feature, to a feature, compare, print
 *                   and parse (the base is kept as printed records)
 *   sync-merge.c    the three-way merge of base, ours and theirs
 *   sync.c          checkout, push, pull, conflicts, resolve
 */
#ifndef VINFRA_SYNC_INT_H
#define VINFRA_SYNC_INT_H

#include "sync.h"

/* A feature's fields by name (village, name, status, year, project, each
 * attribute, geom as hex WKB) -> value (NULL for null).  Values are in one
 * canonical text form whichever store they come from (numbers printed the
 * same way), so that equal values compare equal. */
typedef GHashTable sync_record;

/* The fields of LAYER's records, in order (static strings and the
 * registry's names; free the array only). */
GPtrArray *sync_fields(const vi_layer *layer);
sync_record *sync_record_from_feature(const vi_layer *layer, const vi_feature *f);
void sync_record_free(sync_record *r);
/* FIELD's value; NULL when null or absent. */
const char *sync_record_get(sync_record *r, const char *field);
void sync_record_set(sync_record *r, const char *field, const char *value);
/* Whether FIELD has the same value in A and B (either may be NULL: absent). */
gboolean sync_field_equal(sync_record *a, sync_record *b, const char *field);
/* Whether A and B are the same feature state (both NULL: both absent). */
gboolean sync_record_equal(const vi_layer *layer, sync_record *a, sync_record *b);
sync_record *sync_record_copy(sync_record *r);
/* As text (a GVariant of type a{sms}) and back; NULL when TEXT is not one. */
char *sync_record_print(sync_record *r);
sync_record *sync_record_parse(const char *text);

/* A feature to insert from record R of LAYER with ID: the caller frees
 * *OWNED (WKB and attributes) after using F. */
typedef struct {
    guchar *wkb;
    const char **attrs;
} sync_feature_buffers;
void sync_record_to_feature(const vi_layer *layer, const char *id, sync_record *r, vi_feature *f,
                            sync_feature_buffers *owned);
void sync_feature_buffers_clear(sync_feature_buffers *b);

/* "layer\tid" -> sync_record *, owning both. */
GHashTable *sync_map_new(void);
char *sync_key(const char *layer, const char *id);
/* Split KEY into its layer and id (pointers into a copy the caller frees
 * with g_strfreev on *PARTS). */
void sync_key_split(const char *key, char ***parts);

/* The features of VILLAGE in STORE, every synced layer (all but the
 * villages layer, which is reference), into a new map. */
GHashTable *sync_snapshot(vi_store *store, const char *village, GError **err);
/* Whether LAYER is synced (every layer but the villages). */
gboolean sync_layer_synced(const vi_layer *layer);

/* The copy's bookkeeping keys (store_kv_*). */
#define SYNC_KV_SERVER "sync.server"
#define SYNC_KV_VILLAGE "sync.village"
#define SYNC_KV_POSITION "sync.position"
#define SYNC_KV_SYNCED_AT "sync.synced_at"
#define SYNC_KV_PENDING "sync.pending"         /* the push id sent, not yet answered */
#define SYNC_KV_PENDING_OPS "sync.pending_ops" /* what it sends */
#define SYNC_KV_BASE "base\t"                  /* + layer \t id -> printed record */
#define SYNC_KV_CONFLICT "conflict\t"          /* + layer \t id \t field -> printed record */
/* On the server: a push's result under its id. */
#define SYNC_KV_PUSH "push\t"

/* The base of COPY, into a new map. */
GHashTable *sync_base_read(vi_store *copy, GError **err);

/* sync-merge.c */
/* What the merge of one feature asks for. */
typedef enum { SYNC_NONE, SYNC_INSERT, SYNC_UPDATE, SYNC_DELETE } sync_op_kind;
typedef struct {
    char *layer, *id;
    sync_op_kind to_server, to_copy;
    GPtrArray *server_fields, *copy_fields; /* fields to set (update); owned names */
    sync_record *ours, *theirs, *base;      /* borrowed from the maps */
    sync_record *new_base_if_pushed;        /* base after a push (owned); NULL: absent */
    sync_record *new_base_if_pulled;        /* base after a pull (owned); NULL: absent */
    GPtrArray *conflicts;                   /* conflicting fields ("" : the feature); owned */
} sync_item;
void sync_item_free(sync_item *it);
/* Merge BASE, OURS and THEIRS (maps of sync_snapshot() form) into items,
 * one per feature that differs anywhere, in key order. */
GPtrArray *sync_merge(const vi_registry *reg, GHashTable *base, GHashTable *ours,
                      GHashTable *theirs);

#endif
