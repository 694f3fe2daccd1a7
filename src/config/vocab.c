/*
 * vocab.c - the words of the registry's fields and values (vocab.h), read
 * from data/vocabulary.tsv, statuses.tsv and labels.tsv by the one table
 * reader.
 *
 * Each layer's field names, its statuses and each enumerated attribute's
 * values get a vi_words: folded word -> the key it means.  A word comes
 * from one of four sources, in this order: the key itself; a row of
 * vocabulary.tsv for that layer; the names the other tables give (Chinese
 * and English); a row of vocabulary.tsv for every layer.  A word meaning
 * two keys of one field is an error, except that a layer's own row wins
 * over a row for every layer (村名 is a village's name in the villages
 * layer and the village elsewhere).
 */
#include "vocab.h"
#include "i18n.h"
#include "fold.h"
#include "statuses.h"
#include "table.h"
#include "vi-error.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef enum { ROW_FIELD, ROW_VALUE } row_what;
static const char *const row_what_names[] = {"field", "value", NULL};

typedef struct {
    int what; /* row_what */
    char *layer, *field, *word, *value;
    int line;
    gboolean applied; /* a row for every layer: some layer has its field */
} vocab_row;

static const tbl_column vocab_cols[] = {
    {"what", TBL_ENUM, offsetof(vocab_row, what), TRUE, row_what_names},
    {"layer", TBL_TEXT, offsetof(vocab_row, layer), FALSE, NULL},
    {"field", TBL_TEXT, offsetof(vocab_row, field), TRUE, NULL},
    {"word", TBL_TEXT, offsetof(vocab_row, word), TRUE, NULL},
    {"value", TBL_TEXT, offsetof(vocab_row, value), FALSE, NULL},
    {"line", TBL_LINENO, offsetof(vocab_row, line), FALSE, NULL},
};

/* A row of labels.tsv (stats.c reads the same file for its reports). */
typedef struct {
    char *field, *value, *name_zh, *name_en;
    int line;
} label_row;

static const tbl_column label_cols[] = {
    {"field", TBL_TEXT, offsetof(label_row, field), TRUE, NULL},
    {"value", TBL_TEXT, offsetof(label_row, value), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(label_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(label_row, name_en), FALSE, NULL},
    {"line", TBL_LINENO, offsetof(label_row, line), FALSE, NULL},
};

/* Where a word comes from, in the order of precedence. */
typedef enum { FROM_KEY, FROM_OWN_ROW, FROM_NAME, FROM_ALL_ROW } word_source;

typedef struct {
    const char *key;     /* what the word is stored as (borrowed) */
    const char *meaning; /* what its table says it means, before the status kind rule */
    const char *file;    /* the table it comes from (borrowed) */
    int line;            /* its line there, or 0 */
    int source;          /* word_source */
} word_entry;

struct vi_words {
    GHashTable *by_word; /* folded word (owned) -> word_entry * (owned) */
    GHashTable *labels;  /* key -> its Chinese name (borrowed) */
    char *what;          /* 'field "poverty" of layer households', for errors */
};

struct vi_vocab {
    GArray *rows;       /* vocab_row */
    GArray *label_rows; /* label_row */
    vi_statuses *statuses;
    GPtrArray *words; /* vi_words *, owned */
    char *path, *labels_path, *statuses_path, *layers_path, *attributes_path;
};

static void words_free(gpointer p)
{
    vi_words *w = p;
    g_hash_table_destroy(w->by_word);
    g_hash_table_destroy(w->labels);
    g_free(w->what);
    g_free(w);
}

static vi_words *words_new(vi_vocab *v, char *what)
{
    vi_words *w = g_new0(vi_words, 1);
    w->by_word = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    w->labels = g_hash_table_new(g_str_hash, g_str_equal);
    w->what = what;
    g_ptr_array_add(v->words, w);
    return w;
}

static gboolean vocab_error(GError **err, const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static gboolean vocab_error(GError **err, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (line)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s' line %d: %s"), file, line, what);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "'%s': %s", file, what);
    g_free(what);
    return FALSE;
}

/* Add WORD (NULL: nothing) meaning MEANING, stored as KEY, to W. */
static gboolean add_word(vi_words *w, const char *word, const char *key, const char *meaning,
                         const char *file, int line, word_source source, GError **err)
{
    if (!word)
        return TRUE;
    char *folded = vi_fold(word);
    if (!folded || !*folded) {
        g_free(folded);
        return vocab_error(err, file, line, _("%s: \"%s\" is no word"), w->what, word);
    }
    word_entry *had = g_hash_table_lookup(w->by_word, folded);
    gboolean ok = TRUE;
    if (had && had->source == FROM_ALL_ROW && source == FROM_OWN_ROW) {
        *had = (word_entry){key, meaning, file, line, source}; /* the layer's own row wins */
    } else if (had && strcmp(had->meaning, meaning) != 0 &&
               !(had->source == FROM_OWN_ROW && source == FROM_ALL_ROW)) {
        char *where = had->line ? g_strdup_printf(_("'%s' line %d"), had->file, had->line)
                                : g_strdup_printf("'%s'", had->file);
        ok = vocab_error(err, file, line, _("%s: \"%s\" cannot mean \"%s\": it means \"%s\" (%s)"),
                         w->what, word, meaning, had->meaning, where);
        g_free(where);
    }
    if (had) {
        g_free(folded);
        return ok;
    }
    word_entry *e = g_new(word_entry, 1);
    *e = (word_entry){key, meaning, file, line, source};
    g_hash_table_insert(w->by_word, folded, e);
    return TRUE;
}

/* What LAYER stores STATUS as: itself when allowed, else the layer's first
 * status of the same kind; NULL when there is none. */
static const char *status_for_layer(const vi_vocab *v, const vi_layer *layer, const char *status)
{
    if (g_strv_contains((const char *const *)layer->statuses, status))
        return status;
    const vi_status *row = statuses_get(v->statuses, status);
    for (int i = 0; row && layer->statuses[i]; i++) {
        const vi_status *other = statuses_get(v->statuses, layer->statuses[i]);
        if (other && other->kind == row->kind)
            return layer->statuses[i];
    }
    return NULL;
}

/* The rows of vocabulary.tsv of WHAT for FIELD that apply to LAYER, added
 * to W; STORED maps a row's value to what W stores it as (NULL: not
 * applicable to the layer). */
static gboolean
add_rows(vi_vocab *v, vi_words *w, const vi_layer *layer, int what, const char *field,
         const char *(*stored)(const vi_vocab *, const vi_layer *, const char *, const void *),
         const void *user, GError **err)
{
    for (guint i = 0; i < v->rows->len; i++) {
        vocab_row *r = &g_array_index(v->rows, vocab_row, i);
        if (r->what != what || strcmp(r->field, field) != 0 ||
            (r->layer && strcmp(r->layer, layer->name) != 0))
            continue;
        const char *meaning = what == ROW_FIELD ? r->field : r->value;
        const char *key = stored(v, layer, meaning, user);
        if (!key) {
            if (r->layer)
                return vocab_error(err, v->path, r->line,
                                   what == ROW_FIELD ? _("%s has no field \"%s\"")
                                                     : _("%s has no value \"%s\""),
                                   w->what, meaning);
            continue;
        }
        r->applied = TRUE;
        if (!add_word(w, r->word, key, meaning, v->path, r->line,
                      r->layer ? FROM_OWN_ROW : FROM_ALL_ROW, err))
            return FALSE;
    }
    return TRUE;
}

static const char *stored_status(const vi_vocab *v, const vi_layer *layer, const char *status,
                                 const void *user)
{
    (void)user;
    return status_for_layer(v, layer, status);
}

static const char *stored_value(const vi_vocab *v, const vi_layer *layer, const char *value,
                                const void *user)
{
    (void)v;
    (void)layer;
    const vi_attr *a = user;
    for (int i = 0; a->allowed[i]; i++)
        if (strcmp(a->allowed[i], value) == 0)
            return a->allowed[i];
    return NULL;
}

static const char *stored_field(const vi_vocab *v, const vi_layer *layer, const char *field,
                                const void *user)
{
    (void)v;
    (void)user;
    for (int i = 0; vi_common_fields[i]; i++)
        if (strcmp(vi_common_fields[i], field) == 0)
            return vi_common_fields[i];
    int a = layer_attr_index(layer, field);
    return a >= 0 ? layer->attrs[a]->name : NULL;
}

static gboolean load_status_words(vi_vocab *v, vi_layer *layer, GError **err)
{
    vi_words *w = words_new(v, g_strdup_printf(_("field \"status\" of layer %s"), layer->name));
    layer->status_words = w;
    for (int i = 0; layer->statuses[i]; i++) {
        const char *s = layer->statuses[i];
        const vi_status *row = statuses_get(v->statuses, s);
        if (row)
            g_hash_table_insert(w->labels, (gpointer)s, row->name_zh);
        if (!add_word(w, s, s, s, v->layers_path, 0, FROM_KEY, err))
            return FALSE;
    }
    GArray *rows = statuses_rows(v->statuses);
    for (guint i = 0; i < rows->len; i++) {
        const vi_status *row = &g_array_index(rows, vi_status, i);
        const char *key = status_for_layer(v, layer, row->status);
        if (key &&
            !(add_word(w, row->status, key, row->status, v->statuses_path, 0, FROM_KEY, err) &&
              add_word(w, row->name_zh, key, row->status, v->statuses_path, 0, FROM_NAME, err) &&
              add_word(w, row->name_en, key, row->status, v->statuses_path, 0, FROM_NAME, err)))
            return FALSE;
    }
    return add_rows(v, w, layer, ROW_VALUE, "status", stored_status, NULL, err);
}

static gboolean load_value_words(vi_vocab *v, vi_layer *layer, vi_attr *a, GError **err)
{
    vi_words *w =
        words_new(v, g_strdup_printf(_("field \"%s\" of layer %s"), a->name, layer->name));
    a->words = w;
    for (int i = 0; a->allowed[i]; i++)
        if (!add_word(w, a->allowed[i], a->allowed[i], a->allowed[i], v->attributes_path, 0,
                      FROM_KEY, err))
            return FALSE;
    char *field = g_strdup_printf("%s.%s", layer->name, a->name);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < v->label_rows->len; i++) {
        const label_row *r = &g_array_index(v->label_rows, label_row, i);
        if (strcmp(r->field, field) != 0)
            continue;
        /* A label of a value no longer allowed is not used, as in reports. */
        const char *key = stored_value(v, layer, r->value, a);
        if (!key)
            continue;
        g_hash_table_insert(w->labels, (gpointer)key, r->name_zh);
        ok = add_word(w, r->name_zh, key, key, v->labels_path, r->line, FROM_NAME, err) &&
             add_word(w, r->name_en, key, key, v->labels_path, r->line, FROM_NAME, err);
    }
    g_free(field);
    return ok && add_rows(v, w, layer, ROW_VALUE, a->name, stored_value, a, err);
}

static gboolean load_field_words(vi_vocab *v, vi_layer *layer, GError **err)
{
    vi_words *w = words_new(v, g_strdup_printf(_("the field names of layer %s"), layer->name));
    layer->field_words = w;
    for (int i = 0; vi_common_fields[i]; i++)
        if (!add_word(w, vi_common_fields[i], vi_common_fields[i], vi_common_fields[i],
                      v->layers_path, 0, FROM_KEY, err))
            return FALSE;
    for (int i = 0; i < layer->nattrs; i++) {
        const vi_attr *a = layer->attrs[i];
        if (!add_word(w, a->name, a->name, a->name, v->attributes_path, 0, FROM_KEY, err))
            return FALSE;
    }
    for (int i = 0; i < layer->nattrs; i++) {
        const vi_attr *a = layer->attrs[i];
        g_hash_table_insert(w->labels, a->name, a->name_zh);
        if (!add_word(w, a->name_zh, a->name, a->name, v->attributes_path, 0, FROM_NAME, err) ||
            !add_word(w, a->name_en, a->name, a->name, v->attributes_path, 0, FROM_NAME, err))
            return FALSE;
    }
    /* Rows for the layer's own fields first, so that an error names the row. */
    for (int i = 0; vi_common_fields[i]; i++)
        if (!add_rows(v, w, layer, ROW_FIELD, vi_common_fields[i], stored_field, NULL, err))
            return FALSE;
    for (int i = 0; i < layer->nattrs; i++)
        if (!add_rows(v, w, layer, ROW_FIELD, layer->attrs[i]->name, stored_field, NULL, err))
            return FALSE;
    return TRUE;
}

/* What the table reader cannot check of a row by itself. */
static gboolean check_row(vi_vocab *v, const vi_registry *reg, vocab_row *r, GError **err)
{
    if (r->layer && !registry_layer(reg, r->layer))
        return vocab_error(err, v->path, r->line, _("unknown layer \"%s\""), r->layer);
    if (r->what == ROW_FIELD && r->value)
        return vocab_error(err, v->path, r->line,
                           _("a row of what \"field\" takes no value (got \"%s\")"), r->value);
    if (r->what == ROW_VALUE && !r->value)
        return vocab_error(err, v->path, r->line, _("a row of what \"value\" needs a value"));
    if (r->what == ROW_VALUE && strcmp(r->field, "status") == 0 &&
        !statuses_get(v->statuses, r->value))
        return vocab_error(err, v->path, r->line, _("status \"%s\" has no row in statuses.tsv"),
                           r->value);
    return TRUE;
}

vi_vocab *vocab_load(vi_registry *reg, GError **err)
{
    vi_vocab *v = g_new0(vi_vocab, 1);
    v->words = g_ptr_array_new_with_free_func(words_free);
    v->path = g_build_filename(reg->datadir, "vocabulary.tsv", NULL);
    v->labels_path = g_build_filename(reg->datadir, "labels.tsv", NULL);
    v->statuses_path = g_build_filename(reg->datadir, "statuses.tsv", NULL);
    v->layers_path = g_build_filename(reg->datadir, "layers.tsv", NULL);
    v->attributes_path = g_build_filename(reg->datadir, "attributes.tsv", NULL);
    gboolean ok =
        tbl_read(v->path, vocab_cols, G_N_ELEMENTS(vocab_cols), sizeof(vocab_row), &v->rows, err) &&
        tbl_read(v->labels_path, label_cols, G_N_ELEMENTS(label_cols), sizeof(label_row),
                 &v->label_rows, err) &&
        (v->statuses = statuses_load(reg->datadir, err)) != NULL;
    for (guint i = 0; ok && i < v->rows->len; i++)
        ok = check_row(v, reg, &g_array_index(v->rows, vocab_row, i), err);
    for (guint i = 0; ok && i < reg->layer_rows->len; i++) {
        vi_layer *layer = &g_array_index(reg->layer_rows, vi_layer, i);
        ok = load_field_words(v, layer, err) &&
             (!layer->statuses || load_status_words(v, layer, err));
        for (int a = 0; ok && a < layer->nattrs; a++)
            if (layer->attrs[a]->allowed)
                ok = load_value_words(v, layer, layer->attrs[a], err);
    }
    for (guint i = 0; ok && i < v->rows->len; i++) {
        const vocab_row *r = &g_array_index(v->rows, vocab_row, i);
        if (r->applied)
            continue;
        if (r->what == ROW_FIELD && r->layer)
            ok = vocab_error(err, v->path, r->line, _("layer %s has no field \"%s\""), r->layer,
                             r->field);
        else if (r->what == ROW_FIELD)
            ok = vocab_error(err, v->path, r->line, _("no layer has a field \"%s\""), r->field);
        else if (r->layer)
            ok = vocab_error(err, v->path, r->line,
                             _("layer %s has no status or enumerated field \"%s\" with the value "
                               "\"%s\""),
                             r->layer, r->field, r->value);
        else
            ok = vocab_error(err, v->path, r->line,
                             _("no layer has a status or enumerated field \"%s\" with the value "
                               "\"%s\""),
                             r->field, r->value);
    }
    if (!ok) {
        vocab_free(v);
        return NULL;
    }
    return v;
}

void vocab_free(vi_vocab *v)
{
    if (!v)
        return;
    g_ptr_array_free(v->words, TRUE);
    tbl_rows_free(v->rows, vocab_cols, G_N_ELEMENTS(vocab_cols));
    tbl_rows_free(v->label_rows, label_cols, G_N_ELEMENTS(label_cols));
    statuses_free(v->statuses);
    g_free(v->path);
    g_free(v->labels_path);
    g_free(v->statuses_path);
    g_free(v->layers_path);
    g_free(v->attributes_path);
    g_free(v);
}

const char *vi_words_key(const vi_words *w, const char *word)
{
    if (!w || !word)
        return NULL;
    /* Most values arrive as the key itself: found without folding. */
    const word_entry *e = g_hash_table_lookup(w->by_word, word);
    if (e)
        return e->key;
    char *folded = vi_fold(word);
    e = folded ? g_hash_table_lookup(w->by_word, folded) : NULL;
    g_free(folded);
    return e ? e->key : NULL;
}

const char *vi_words_label(const vi_words *w, const char *key)
{
    return w ? g_hash_table_lookup(w->labels, key) : NULL;
}

/* How many of the characters of CHARS (distinct, folded) occur in WORD. */
static int shared_chars(GHashTable *chars, const char *word)
{
    int n = 0;
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (const char *p = word; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_hash_table_contains(chars, GUINT_TO_POINTER(c)) &&
            !g_hash_table_contains(seen, GUINT_TO_POINTER(c))) {
            g_hash_table_add(seen, GUINT_TO_POINTER(c));
            n++;
        }
    }
    g_hash_table_destroy(seen);
    return n;
}

/* The edit distance of A and B (bytes), up to a cap: MAX + 1 when more. */
static int edit_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > (size_t)max)
        return max + 1;
    int *row = g_new(int, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            best = MIN(best, up + 1);
            best = MIN(best, row[j - 1] + 1);
            row[j] = best;
            diag = up;
        }
    }
    int d = row[lb];
    g_free(row);
    return MIN(d, max + 1);
}

/* How well FOLDED (WORD folded; CHARS its distinct characters) resembles a
 * word W of a key: Chinese text by the characters it shares (half of them
 * at least: 碎石 and 砂石), Latin text by a typo of at most two letters
 * (bulit and built).  0: not at all. */
static int resemblance(const char *folded, GHashTable *chars, const char *w)
{
    gboolean ascii = TRUE;
    for (const char *p = folded; *p; p++)
        ascii = ascii && (unsigned char)*p < 0x80;
    if (ascii) {
        int d = edit_distance(folded, w, 2);
        return d <= 2 && strlen(folded) > (size_t)d ? 3 - d : 0;
    }
    int shared = shared_chars(chars, w);
    return shared * 2 >= (int)g_hash_table_size(chars) ? shared : 0;
}

const char *vi_words_guess(const vi_words *w, char *const *keys, const char *word)
{
    char *folded = w && keys ? vi_fold(word) : NULL;
    if (!folded || !*folded) {
        g_free(folded);
        return NULL;
    }
    GHashTable *chars = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (const char *p = folded; *p; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            g_hash_table_add(chars, GUINT_TO_POINTER(g_utf8_get_char(p)));
    int best_score = 0;
    const char *best = NULL;
    for (int k = 0; keys[k]; k++) {
        GHashTableIter it;
        gpointer word_p, entry_p;
        g_hash_table_iter_init(&it, w->by_word);
        while (g_hash_table_iter_next(&it, &word_p, &entry_p)) {
            const word_entry *e = entry_p;
            int score = strcmp(e->key, keys[k]) == 0 ? resemblance(folded, chars, word_p) : 0;
            if (score > best_score) {
                best_score = score;
                best = keys[k];
            }
        }
    }
    g_hash_table_destroy(chars);
    g_free(folded);
    return best;
}
