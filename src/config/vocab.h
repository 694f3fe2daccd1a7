/*
 * vocab.h - the words field files use for the registry's fields and
 * enumerated values: a column called 建设年份 is the field year, a status
 * 已建 is built, a poverty 建档立卡贫困户 is registered.  The words are data:
 * the keys themselves, the Chinese and English names attributes.tsv,
 * statuses.tsv and labels.tsv give, and the synonyms of vocabulary.tsv (see
 * data/README.md, "Vocabulary").  Words match as vi_fold() folds them:
 * ignoring case, full-width forms and spaces at the ends.
 *
 * Statuses are consistent across layers by a rule on statuses.tsv's kinds,
 * not per layer: a status a layer does not allow is read as the layer's
 * first status of the same kind (已建 on roads is new, 新建 on streetlights
 * is built); a status of a kind the layer has none of is not a word of its
 * status field.
 *
 * registry_load() loads the vocabulary and gives each layer its field and
 * status words and each enumerated attribute its value words (registry.h);
 * the checks (feature-check.h) and the import's field matching use them.
 */
#ifndef VINFRA_VOCAB_H
#define VINFRA_VOCAB_H

#include "registry.h"
#include <glib.h>

/* The words of one field of one layer (its values), or of one layer (its
 * field names): each word means one key. */
typedef struct vi_words vi_words;
/* The whole vocabulary, owned by the registry. */
typedef struct vi_vocab vi_vocab;

/* Read DATADIR/vocabulary.tsv, statuses.tsv and labels.tsv for the layers
 * and attributes of REG, and point each layer's status_words and
 * field_words and each enumerated attribute's words into the result.  A
 * row naming an unknown layer, field or value, or a word meaning two things
 * for one field, is an error naming the file and line. */
vi_vocab *vocab_load(vi_registry *reg, GError **err);
/* Frees V; NULL is allowed. */
void vocab_free(vi_vocab *v);

/* The key WORD means (a stored value, or a field name), or NULL when W is
 * NULL or WORD is none of its words. */
const char *vi_words_key(const vi_words *w, const char *word);
/* The Chinese name of KEY (labels.tsv, statuses.tsv), for messages; NULL
 * when it has none. */
const char *vi_words_label(const vi_words *w, const char *key);
/* The key of KEYS that WORD most resembles (the first on a tie), for a
 * message to suggest: Chinese text sharing at least half of its characters
 * with one of the key's words (碎石: gravel, whose words include 砂石),
 * Latin text within two letters of one (bulit: built).  NULL when none. */
const char *vi_words_guess(const vi_words *w, char *const *keys, const char *word);

#endif
