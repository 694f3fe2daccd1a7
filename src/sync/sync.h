/*
 * sync.h - offline village copies of a server database: a work team
 * checks out its village into a SpatiaLite file, edits it offline with the
 * normal commands, and pushes its changes and pulls the server's.
 *
 * The copy keeps, beside its data (store_kv_*), the base: each feature as
 * it was when the copy last agreed with the server.  A change is what
 * differs from the base, field by field: ours (the copy now), theirs (the
 * server now).  A field changed on one side only goes to the other; the
 * same value on both sides is no conflict; different values, and an edit
 * against a delete, are conflicts, kept in the copy until resolved
 * (sync_resolve()), and push refuses while any is open.  Nothing is
 * overwritten silently.
 *
 * A push is one server transaction under a push id made on the team's
 * machine (a UUID) and recorded with it; the copy writes the push down
 * before sending it and marks it done only after the server's answer, so
 * that a push cut after the server committed is recognised by its id when
 * sent again and never applied twice.  A pull is one SQLite transaction on
 * the copy: any error leaves the copy as it was.
 *
 * Keys: a feature is known by its layer and id, the same on every copy and
 * the server (ids come with the data: 上雷村's roads are R-上雷-…); fids
 * are each store's own and never cross.  Two copies that insert the same
 * id conflict on every field that differs, as an edit does.
 */
#ifndef VINFRA_SYNC_H
#define VINFRA_SYNC_H

#include "store.h"

#include <glib.h>

/* Check out VILLAGE of SERVER into a new SpatiaLite file OUT: the
 * villages layer and the ledger whole (reference), the village's features
 * of every other layer, and the base.  *FEATURES receives how many
 * features the copy holds. */
gboolean sync_checkout(vi_store *server, const char *server_name, const char *village,
                       const char *out, gint64 *features, GError **err);

/* What a push or a pull did. */
typedef struct {
    gint64 inserted, updated, deleted; /* features */
    gint64 conflicts;                  /* open after it (push: found, nothing sent) */
    gboolean replayed;                 /* push: the server had it already */
    gint64 server_change;              /* push: its change id on the server (0: nothing sent) */
    char *push_id;                     /* push: owned */
} sync_result;
void sync_result_clear(sync_result *r);

/* The server a copy was checked out from (owned), or NULL with ERR when
 * COPY is not a checked-out copy. */
char *sync_server_of(vi_store *copy, GError **err);

/* Send COPY's changes since its base to SERVER (see above). */
gboolean sync_push(vi_store *copy, vi_store *server, sync_result *res, GError **err);
/* Bring SERVER's changes since the copy's base into COPY. */
gboolean sync_pull(vi_store *copy, vi_store *server, sync_result *res, GError **err);

/* One open conflict. */
typedef struct {
    const char *layer, *id, *field;   /* field "" : the feature itself (edit against delete) */
    const char *base, *ours, *theirs; /* NULL: null, or the feature absent */
    const char *ours_by, *ours_at, *theirs_by, *theirs_at;
} sync_conflict;
typedef gboolean (*sync_conflict_fn)(const sync_conflict *c, void *user, GError **err);
gboolean sync_conflicts(vi_store *copy, sync_conflict_fn fn, void *user, GError **err);

typedef enum { SYNC_TAKE_OURS, SYNC_TAKE_THEIRS, SYNC_TAKE_VALUE } sync_take;
/* Settle the conflicts of feature ID (of LAYER when not NULL; of FIELD
 * only when not NULL) by taking ours, theirs or VALUE; *SETTLED receives
 * how many were. */
gboolean sync_resolve(vi_store *copy, const char *layer, const char *id, const char *field,
                      sync_take take, const char *value, gint64 *settled, GError **err);

#endif
