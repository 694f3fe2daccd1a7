/*
 * export-folder.c - where a package is built and how it takes the place the
 * user named (export-int.h).
 *
 * Export deletes only what it provably wrote.  An existing --out folder is
 * replaced only when it is an earlier package of vinfra's own, recognised
 * by what the package says about itself: manifest.json (generator
 * "vinfra") lists every other file with its SHA-256, and the folder holds
 * exactly those files, unchanged; a zipped package is NAME.zip beside the
 * NAME.zip.sha256 that matches it, the zip holding vinfra's manifest.json.
 * Only the files so listed are deleted.  Anything else in the folder (the
 * database, a letter, a note added later) makes the export refuse.
 *
 * The package is built in a private work folder, PARENT/.vinfra-export-XXXXXX
 * (mode 0700, so personal rows are never readable by others while it is
 * built), in a subfolder "package" with the final folder's mode.  The work
 * folder holds a marker file and stays locked (flock) while its process
 * lives; a later export into the same parent removes every unlocked work
 * folder with the marker, which a process killed mid-export left behind.
 * The finished package is exchanged with the earlier one in one step
 * (renameat2 RENAME_EXCHANGE), so a kill leaves either package whole.
 */
#define _GNU_SOURCE /* renameat2 */
#include "export-int.h"
#include "i18n.h"
#include "sqljson.h"
#include "stale-work.h"
#include "vi-error.h"

#include <cpl_vsi.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORK_PREFIX ".vinfra-export-"
#define WORK_MARKER ".vinfra-work"
#define MANIFEST "manifest.json"

/* ---- recognising an earlier package ---- */

/* Whether the manifest text JSON says vinfra wrote it. */
static gboolean written_by_vinfra(const char *json)
{
    char *generator = NULL;
    gboolean ours = sqljson_read(json, "$.generator", &generator, NULL, NULL) &&
                    strcmp(generator, "vinfra") == 0;
    g_free(generator);
    return ours;
}

static gboolean has_name(GPtrArray *names, const char *name)
{
    for (guint i = 0; i < names->len; i++)
        if (strcmp(g_ptr_array_index(names, i), name) == 0)
            return TRUE;
    return FALSE;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A folder's files: NAMES (sorted, so that messages name the same one
 * every time), or FALSE with *ODD the first entry
 * that is not a regular file. */
static gboolean folder_files(const char *dir, GPtrArray *names, char **odd)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len && !*odd; i++) {
        char *path = g_build_filename(dir, (char *)g_ptr_array_index(names, i), NULL);
        GStatBuf st;
        if (g_lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
            *odd = g_strdup(g_ptr_array_index(names, i));
        g_free(path);
    }
    return !*odd;
}

/* Whether the file at PATH has the SHA-256 SUM. */
static gboolean file_has_sum(const char *path, const char *sum)
{
    char *found = export_file_sha256(path, NULL);
    gboolean same = found && g_ascii_strcasecmp(found, sum) == 0;
    g_free(found);
    return same;
}

/* DIR holds a package with manifest.json: every file listed, unchanged,
 * and nothing else.  Sets *WHY otherwise. */
static gboolean check_listed_package(const char *dir, GPtrArray *present, char **why)
{
    char *path = g_build_filename(dir, MANIFEST, NULL), *json = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *sums = g_ptr_array_new_with_free_func(g_free);
    if (!g_file_get_contents(path, &json, NULL, NULL) || !written_by_vinfra(json) ||
        !sqljson_read(json, "$.files", NULL, names, sums) || names->len == 0)
        *why = g_strdup(_("its manifest.json is not one vinfra wrote"));
    for (guint i = 0; !*why && i < present->len; i++) {
        const char *name = g_ptr_array_index(present, i);
        if (strcmp(name, MANIFEST) != 0 && !has_name(names, name))
            *why = g_strdup_printf(_("'%s' is not one of the files its manifest.json lists"), name);
    }
    for (guint i = 0; !*why && i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *file = g_build_filename(dir, name, NULL);
        if (!export_plain_file_name(name) || !has_name(present, name))
            *why = g_strdup_printf(_("it lacks '%s', which its manifest.json lists"), name);
        else if (!file_has_sum(file, g_ptr_array_index(sums, i)))
            *why = g_strdup_printf(_("'%s' was changed after the export (its SHA-256 is not the "
                                     "one manifest.json lists)"),
                                   name);
        g_free(file);
    }
    g_ptr_array_unref(sums);
    g_ptr_array_unref(names);
    g_free(json);
    g_free(path);
    return !*why;
}

/* DIR holds a zipped package: NAME.zip and NAME.zip.sha256 only, the
 * checksum the zip's, the zip holding vinfra's manifest.json.  Sets *WHY
 * otherwise. */
static gboolean check_zipped_package(const char *dir, GPtrArray *present, char **why)
{
    const char *sum_name = NULL;
    for (guint i = 0; i < present->len; i++)
        if (g_str_has_suffix(g_ptr_array_index(present, i), ".zip.sha256"))
            sum_name = g_ptr_array_index(present, i);
    char *zip_name = g_strndup(sum_name, strlen(sum_name) - strlen(".sha256"));
    char *sum_path = g_build_filename(dir, sum_name, NULL);
    char *zip_path = g_build_filename(dir, zip_name, NULL);
    char *line = NULL;
    for (guint i = 0; !*why && i < present->len; i++) {
        const char *name = g_ptr_array_index(present, i);
        if (strcmp(name, sum_name) != 0 && strcmp(name, zip_name) != 0)
            *why = g_strdup_printf(_("'%s' is not part of the package '%s'"), name, zip_name);
    }
    if (!*why && !has_name(present, zip_name))
        *why = g_strdup_printf(_("it lacks '%s', which '%s' names"), zip_name, sum_name);
    /* In the form sha256sum writes: "HEX  NAME.zip". */
    if (!*why) {
        gboolean ok = g_file_get_contents(sum_path, &line, NULL, NULL) && strlen(line) > 66 &&
                      line[64] == ' ' && line[65] == ' ' &&
                      strcmp(g_strchomp(line + 66), zip_name) == 0;
        if (ok) {
            line[64] = '\0';
            ok = file_has_sum(zip_path, line);
        }
        if (!ok)
            *why = g_strdup_printf(_("'%s' was changed after the export (its SHA-256 is not the "
                                     "one '%s' gives)"),
                                   zip_name, sum_name);
    }
    if (!*why) {
        char *in_zip = g_strdup_printf("/vsizip/%s/" MANIFEST, zip_path);
        GByte *data = NULL;
        vsi_l_offset len = 0;
        if (!VSIIngestFile(NULL, in_zip, &data, &len, 1 << 24) ||
            !written_by_vinfra((const char *)data))
            *why = g_strdup_printf(_("'%s' holds no manifest.json that vinfra wrote"), zip_name);
        VSIFree(data);
        g_free(in_zip);
    }
    g_free(line);
    g_free(zip_path);
    g_free(sum_path);
    g_free(zip_name);
    return !*why;
}

/* Whether PATH is, or lies inside, the folder DIR (both existing). */
static gboolean path_within(const char *path, const char *dir)
{
    char *rp = realpath(path, NULL), *rd = realpath(dir, NULL);
    gboolean within = rp && rd &&
                      (strcmp(rp, rd) == 0 || (g_str_has_prefix(rp, rd) &&
                                               (rp[strlen(rd)] == '/' || strcmp(rd, "/") == 0)));
    free(rp);
    free(rd);
    return within;
}

gboolean export_target_probe(const char *dir, const char *db_path, export_target *t, GError **err)
{
    memset(t, 0, sizeof *t);
    GStatBuf st;
    if (g_lstat(dir, &st) != 0) {
        t->state = EXPORT_TARGET_NONE;
        return TRUE;
    }
    if (db_path && path_within(db_path, dir)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    S_ISDIR(st.st_mode)
                        ? _("--out: '%s' holds the database '%s': name a folder of its own for "
                            "the package")
                        : _("--out: '%s' is the database '%s': name a folder for the package"),
                    dir, db_path);
        return FALSE;
    }
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--out: '%s' exists and is neither an empty folder nor an earlier export "
                      "package: name a new folder"),
                    dir);
        return FALSE;
    }
    GPtrArray *present = g_ptr_array_new_with_free_func(g_free);
    char *odd = NULL, *why = NULL;
    gboolean ok = FALSE;
    gboolean files_only = folder_files(dir, present, &odd);
    gboolean zipped = FALSE, listed = has_name(present, MANIFEST);
    for (guint i = 0; i < present->len; i++)
        zipped |= g_str_has_suffix(g_ptr_array_index(present, i), ".zip.sha256");
    if (present->len == 0) {
        t->state = EXPORT_TARGET_EMPTY;
        ok = TRUE;
    } else if (!listed && !zipped) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--out: '%s' exists and is neither an empty folder nor an earlier export "
                      "package: name a new folder"),
                    dir);
    } else {
        if (!files_only)
            why = g_strdup_printf(_("'%s' is a folder or a link"), odd);
        else if (listed)
            check_listed_package(dir, present, &why);
        else
            check_zipped_package(dir, present, &why);
        if (why)
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--out: '%s' is not an earlier package as vinfra wrote it: %s; export "
                          "replaces only its own packages (name a new folder, or move what you "
                          "added elsewhere)"),
                        dir, why);
        else {
            t->state = EXPORT_TARGET_PACKAGE;
            t->files = g_steal_pointer(&present);
            ok = TRUE;
        }
    }
    g_free(why);
    g_free(odd);
    if (present)
        g_ptr_array_unref(present);
    return ok;
}

void export_target_clear(export_target *t)
{
    if (t->files)
        g_ptr_array_unref(t->files);
    memset(t, 0, sizeof *t);
}

/* ---- the work folder ---- */

void export_sweep_work_folders(const char *parent)
{
    stale_work_sweep(parent, WORK_PREFIX, WORK_MARKER);
}

gboolean export_work_create(const char *parent, export_work *w, GError **err)
{
    memset(w, 0, sizeof *w);
    w->lock_fd = -1;
    export_sweep_work_folders(parent);
    /* A sweeper in another process may take a folder between mkdtemp and
     * flock, and remove it while it is empty: then make another. */
    for (int attempt = 0; attempt < 10 && !w->path; attempt++) {
        char *tmpl = g_strdup_printf("%s/" WORK_PREFIX "XXXXXX", parent);
        if (!g_mkdtemp_full(tmpl, 0700)) {
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create a folder in '%s': %s"), parent,
                        g_strerror(errno));
            g_free(tmpl);
            return FALSE;
        }
        int fd = open(tmpl, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && stale_work_lock(fd)) {
            w->path = tmpl;
            w->lock_fd = fd;
        } else {
            if (fd >= 0)
                close(fd);
            g_rmdir(tmpl);
            g_free(tmpl);
        }
    }
    if (!w->path) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create a folder in '%s': %s"), parent,
                    g_strerror(errno));
        return FALSE;
    }
    char *marker = g_build_filename(w->path, WORK_MARKER, NULL);
    w->package = g_build_filename(w->path, "package", NULL);
    /* Made in one step (no temporary file beside it), so that a folder with
     * anything in it has the marker. */
    int mfd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    gboolean ok = mfd >= 0;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), marker,
                    g_strerror(errno));
    else
        close(mfd);
    /* The package folder gets the mode any folder of the user gets; the
     * work folder around it keeps it private until it is moved out. */
    if (ok && g_mkdir(w->package, 0777) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create folder '%s': %s"), w->package,
                    g_strerror(errno));
        ok = FALSE;
    }
    g_free(marker);
    if (!ok)
        export_work_remove(w);
    return ok;
}

/* Remove the files of the package T listed in the folder DIR, and DIR
 * when nothing else is in it. */
static void remove_listed(const char *dir, const export_target *t)
{
    for (guint i = 0; t->files && i < t->files->len; i++) {
        char *path = g_build_filename(dir, (char *)g_ptr_array_index(t->files, i), NULL);
        g_remove(path);
        g_free(path);
    }
    g_rmdir(dir);
}

gboolean export_work_publish(export_work *w, const char *dir, const export_target *t, GError **err)
{
    if (t->state != EXPORT_TARGET_PACKAGE) {
        /* rename() takes the place of an empty folder, or of nothing. */
        if (g_rename(w->package, dir) != 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot move the package to '%s': %s"), dir,
                        g_strerror(errno));
            return FALSE;
        }
        return TRUE;
    }
    /* One step: DIR is the earlier package or the new one, never neither. */
    if (renameat2(AT_FDCWD, w->package, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        remove_listed(w->package, t);
        return TRUE;
    }
    if (errno != EINVAL && errno != ENOSYS) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot replace '%s': %s"), dir,
                    g_strerror(errno));
        return FALSE;
    }
    /* A file system without the exchange: the earlier package into the work
     * folder, the new one into its place. */
    char *old = g_build_filename(w->path, "earlier", NULL);
    gboolean ok = g_rename(dir, old) == 0;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot replace '%s': %s"), dir,
                    g_strerror(errno));
    if (ok && g_rename(w->package, dir) != 0) {
        int e = errno;
        g_rename(old, dir);
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot move the package to '%s': %s"), dir,
                    g_strerror(e));
        ok = FALSE;
    }
    if (ok)
        remove_listed(old, t);
    g_free(old);
    return ok;
}

void export_work_remove(export_work *w)
{
    /* Released, the folder is stale: the sweep removes it and its content. */
    if (w->lock_fd >= 0)
        close(w->lock_fd);
    if (w->path) {
        char *parent = g_path_get_dirname(w->path);
        export_sweep_work_folders(parent);
        g_free(parent);
    }
    g_free(w->path);
    g_free(w->package);
    memset(w, 0, sizeof *w);
    w->lock_fd = -1;
}
