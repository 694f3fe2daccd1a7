/*
 * statuses.h - data/statuses.tsv: the words for each status value of
 * layers.tsv and its kind (built, existing or planned).  What a status
 * means is a row, not C: coverage, gaps and plan leave out the serving
 * assets whose status is of kind planned (unless after the plan), and plan
 * --save writes a status of that kind.  A status of work done on an asset
 * that stood already (widened, upgraded) names in its "was" column the
 * status the asset had before that work, which the world as of an earlier
 * year reads (store.h, "as of a year").
 */
#ifndef VINFRA_STATUSES_H
#define VINFRA_STATUSES_H

#include <glib.h>

typedef enum { VI_STATUS_BUILT, VI_STATUS_EXISTING, VI_STATUS_PLANNED } vi_status_kind;
/* "built", "existing", "planned" (NULL-terminated). */
extern const char *const vi_status_kind_names[];

typedef struct {
    char *status;
    char *name_zh, *name_en;
    int kind;    /* vi_status_kind */
    char *was;   /* the status before the work of the feature's year; NULL: not there before */
    char **sets; /* attributes whose value that work gave, unknown before it (NULL: none) */
} vi_status;

typedef struct vi_statuses vi_statuses;

/* Read DATADIR/statuses.tsv.  A "was" that is not a status of the table,
 * or not one of kind existing, is an error naming the line. */
vi_statuses *statuses_load(const char *datadir, GError **err);
/* Frees S; NULL is allowed. */
void statuses_free(vi_statuses *s);

/* Every row, in file order (vi_status; borrowed). */
GArray *statuses_rows(const vi_statuses *s);
/* The row of STATUS, or NULL (an unknown status, or NULL). */
const vi_status *statuses_get(const vi_statuses *s, const char *status);
/* Is STATUS of kind planned?  FALSE for NULL and for a status with no row. */
gboolean statuses_planned(const vi_statuses *s, const char *status);
/* The status a planned feature of a layer allowing ALLOWED (NULL: any) is
 * stored with: the first of ALLOWED of kind planned, else the first row
 * of kind planned; NULL when there is none. */
const char *statuses_planned_status(const vi_statuses *s, char *const *allowed);

#endif
