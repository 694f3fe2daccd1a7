/*
 * fuzz-registry.c - the layer registry (registry.c) read from a data folder
 * whose one file is replaced by the input: the first byte chooses which
 * (layers.tsv, attributes.tsv, programmes.tsv, region.tsv, ..., bounds.tsv), the rest is its
 * content.  Either a registry that answers its queries, or an error.
 */
#include "fuzz.h"
#include "registry.h"

#include <string.h>

static const char *const files[] = {"layers.tsv", "attributes.tsv", "programmes.tsv",
                                    "region.tsv", "statuses.tsv",   "labels.tsv",
                                    "bounds.tsv", "vocabulary.tsv"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* A copy of every file of the real data folder. */
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *src = g_build_filename(fuzz_datadir(), files[i], NULL);
        gchar *text = NULL;
        gsize n = 0;
        if (g_file_get_contents(src, &text, &n, NULL))
            fuzz_write(files[i], (const uint8_t *)text, n);
        g_free(text);
        g_free(src);
    }
    return 0;
}

/* Put back the real content of every file. */
static void restore(void)
{
    int argc = 0;
    LLVMFuzzerInitialize(&argc, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = files[data[0] % G_N_ELEMENTS(files)];
    fuzz_write(name, data + 1, size - 1);
    GError *err = NULL;
    vi_registry *reg = registry_load(fuzz_dir(), &err);
    if (reg) {
        for (int i = 0; i < registry_layer_count(reg); i++) {
            const vi_layer *l = registry_layer_at(reg, i);
            if (registry_layer(reg, l->name) == NULL)
                fuzz_fail("layer \"%s\" not found by its name", l->name);
            for (int a = 0; a < l->nattrs; a++)
                layer_attr_index(l, l->attrs[a]->name);
        }
        g_free(registry_layer_names(reg));
        for (int i = 0; i < registry_programme_count(reg); i++)
            registry_programme(reg, registry_programme_at(reg, i)->key);
        registry_region(reg);
        registry_free(reg);
    } else {
        if (!err)
            fuzz_fail("registry_load failed without an error");
        g_error_free(err);
    }
    restore();
    return 0;
}
