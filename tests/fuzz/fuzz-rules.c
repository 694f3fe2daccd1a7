/*
 * fuzz-rules.c - the coverage rules reader (rules.c, data/rules.tsv format)
 * on any bytes, checked against the real registry: either rules whose
 * services answer their queries, or an error naming the file.
 */
#include "fuzz.h"
#include "registry.h"
#include "rules.h"

#include <math.h>
#include <string.h>

static vi_registry *reg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    GError *err = NULL;
    reg = registry_load(fuzz_datadir(), &err);
    if (!reg)
        fuzz_fail("cannot load the registry: %s", err->message);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("rules.tsv", data, size);
    GError *err = NULL;
    vi_rules *rules = rules_load(path, reg, &err);
    if (!rules) {
        if (!err || !strstr(err->message, "rules.tsv"))
            fuzz_fail("rules_load failed without an error naming the file");
        g_error_free(err);
        return 0;
    }
    for (int i = 0; i < rules_service_count(rules); i++) {
        const char *service = rules_service_at(rules, i);
        if (!rules_service_name(rules, service, TRUE) || !rules_service_name(rules, service, FALSE))
            fuzz_fail("service \"%s\" has no name", service);
        for (int method = -1; method < 3; method++) {
            GPtrArray *measures = rules_measures(rules, service, method, method != 1, &err);
            if (measures)
                g_ptr_array_unref(measures);
            g_clear_error(&err);
        }
        static const char *const bys[] = {"line", "road", NULL};
        for (int b = 0; b < 3; b++) {
            vi_rule_selection sel = {service, bys[b], NULL, b == 2 ? NAN : 100.0 * (b + 1)};
            int method = 0;
            GPtrArray *measures = rules_select(rules, &sel, &method, &err);
            if (measures)
                g_ptr_array_unref(measures);
            g_clear_error(&err);
        }
    }
    g_free(rules_service_names(rules));
    rules_free(rules);
    return 0;
}
