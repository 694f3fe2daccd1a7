/*
 * test-feature-check.c - the checks of a feature's values against the
 * registry (config/feature-check.h): what each accepts, the canonical
 * spelling it puts in, and the exact message of each refusal, which an
 * import and vinfra edit prefix with whose field it is.
 */
#include "feature-check.h"
#include "vi-error.h"
#include "../unit.h"

#include <stdlib.h>
#include <string.h>

/* Check the outcome of a check: OK with *VALUE now WANT_VALUE, or refused
 * with ERR's message WANT_ERROR (VI_ERROR_DATA). */
static void expect(const char *what, gboolean ok, GError *err, const char *value,
                   const char *want_value, const char *want_error)
{
    if (want_error) {
        if (ok || !err)
            FAIL("%s: accepted, expected \"%s\"", what, want_error);
        else if (strcmp(err->message, want_error) != 0 || err->code != VI_ERROR_DATA)
            FAIL("%s: expected \"%s\", got \"%s\" (code %d)", what, want_error, err->message,
                 err->code);
    } else if (!ok) {
        FAIL("%s: refused: %s", what, err ? err->message : "(no error)");
    } else if (err) {
        FAIL("%s: accepted but set an error: %s", what, err->message);
    } else if (g_strcmp0(value, want_value) != 0) {
        FAIL("%s: expected the value \"%s\", got \"%s\"", what, want_value ? want_value : "(null)",
             value ? value : "(null)");
    }
}

static void attr_case(const vi_attr *a, const char *input, unsigned flags, const char *want_value,
                      const char *want_error)
{
    char *v = g_strdup(input);
    GError *err = NULL;
    gboolean ok = feature_check_attr(a, &v, flags, &err);
    char *what = g_strdup_printf("attribute %s = %s%s", a->name, input ? input : "(none)",
                                 flags ? " (flags)" : "");
    expect(what, ok, err, v, want_value, want_error);
    g_free(what);
    g_clear_error(&err);
    g_free(v);
}

static void status_case(const vi_layer *layer, const char *input, const char *want_value,
                        const char *want_error)
{
    char *v = g_strdup(input);
    GError *err = NULL;
    gboolean ok = feature_check_status(layer, &v, &err);
    char *what = g_strdup_printf("%s status %s", layer->name, input ? input : "(none)");
    expect(what, ok, err, v, want_value, want_error);
    g_free(what);
    g_clear_error(&err);
    g_free(v);
}

static void year_case(const char *input, const char *want_error)
{
    GError *err = NULL;
    gboolean ok = feature_check_year(input, &err);
    char *what = g_strdup_printf("year %s", input ? input : "(none)");
    expect(what, ok, err, input, input, want_error);
    g_free(what);
    g_clear_error(&err);
}

static void feature_case(const vi_layer *layer, const vi_feature *f, const char *want_error)
{
    GError *err = NULL;
    gboolean ok = feature_check(layer, f, &err);
    char *what = g_strdup_printf("%s feature %s", layer->name, f->id);
    expect(what, ok, err, NULL, NULL, want_error);
    g_free(what);
    g_clear_error(&err);
}

/* The rules as they are written, on attributes made here. */
static void test_attributes(void)
{
    char *surfaces[] = {"concrete", "asphalt", NULL};
    vi_bound members_bound = {.min = 1, .max = 30};
    vi_bound width_bound = {.min = 1, .max = 50};
    vi_attr surface = {.name = "surface", .type = VI_ATTR_TEXT, .allowed = surfaces};
    vi_attr members = {.name = "members",
                       .type = VI_ATTR_INTEGER,
                       .required = TRUE,
                       .unit = "人",
                       .bound = &members_bound};
    vi_attr width = {.name = "width", .type = VI_ATTR_REAL, .unit = "m", .bound = &width_bound};
    vi_attr note = {.name = "note", .type = VI_ATTR_TEXT};
    vi_attr pin = {.name = "pin", .type = VI_ATTR_INTEGER, .personal = TRUE};

    attr_case(&surface, "concrete", 0, "concrete", NULL);
    attr_case(&surface, "Asphalt", 0, "asphalt", NULL); /* the registry's spelling */
    attr_case(&surface, NULL, 0, NULL, NULL);           /* not required */
    attr_case(&surface, "marble", 0, NULL,
              "field \"surface\": expected one of concrete, asphalt, got \"marble\"");
    attr_case(&members, "4", 0, "4", NULL);
    attr_case(&members, "four", 0, NULL, "field \"members\": expected an integer, got \"four\"");
    attr_case(&members, "2.5", 0, NULL, "field \"members\": expected an integer, got \"2.5\"");
    attr_case(&members, "0", 0, NULL, "field \"members\": expected 1 to 30 人, got \"0\"");
    attr_case(&members, "9223372036854775807", 0, NULL,
              "field \"members\": expected 1 to 30 人, got \"9223372036854775807\"");
    /* A record that lacks a required value, and a correction that clears it. */
    attr_case(&members, NULL, 0, NULL, "field \"members\": expected an integer, got nothing");
    attr_case(&members, NULL, VI_CHECK_SAY_REQUIRED, NULL,
              "field \"members\": expected a value (the field is required), got nothing");
    attr_case(&width, "4.5", 0, "4.5", NULL);
    attr_case(&width, "wide", 0, NULL, "field \"width\": expected a number, got \"wide\"");
    attr_case(&width, "1e308", 0, NULL, "field \"width\": expected 1 to 50 m, got \"1e308\"");
    attr_case(&width, "nan", 0, NULL, "field \"width\": expected a number, got \"nan\"");
    attr_case(&note, "anything at all", 0, "anything at all", NULL);
    /* A personal value is quoted by an import, hidden by an edit. */
    attr_case(&pin, "12x", 0, NULL, "field \"pin\": expected an integer, got \"12x\"");
    attr_case(&pin, "12x", VI_CHECK_HIDE_PERSONAL, NULL,
              "field \"pin\": expected an integer, got (personal, hidden)");
    attr_case(&members, "12x", VI_CHECK_HIDE_PERSONAL, NULL,
              "field \"members\": expected an integer, got \"12x\"");

    char *want = feature_attr_expected(&surface);
    if (strcmp(want, "one of concrete, asphalt") != 0)
        FAIL("feature_attr_expected(surface): %s", want);
    g_free(want);
    want = feature_attr_expected(&width);
    if (strcmp(want, "a number") != 0)
        FAIL("feature_attr_expected(width): %s", want);
    g_free(want);
}

static void test_status_year(void)
{
    char *statuses[] = {"new", "built", "planned", NULL};
    vi_layer roads = {.name = "roads", .statuses = statuses};
    vi_layer households = {.name = "households"};
    status_case(&roads, "built", "built", NULL);
    status_case(&roads, "PLANNED", "planned", NULL);
    status_case(&roads, NULL, NULL, NULL);
    status_case(&roads, "bulit", NULL,
                "field \"status\": expected one of new, built, planned, got \"bulit\"");
    status_case(&households, NULL, NULL, NULL);
    status_case(&households, "built", NULL,
                "field \"status\": expected nothing (layer households has no statuses), got "
                "\"built\"");
    year_case("1949", NULL);
    year_case("2100", NULL);
    year_case(NULL, NULL);
    year_case("1948", "field \"year\": expected a year from 1949 to 2100, got \"1948\"");
    year_case("2101", "field \"year\": expected a year from 1949 to 2100, got \"2101\"");
    year_case("2020.5", "field \"year\": expected a year from 1949 to 2100, got \"2020.5\"");
    year_case("0", "field \"year\": expected a year from 1949 to 2100, got \"0\"");
}

/* Whole features as a generator or plan --save writes them, on the real registry. */
static void test_features(void)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(getenv("VINFRA_DATADIR"), &err);
    if (!reg) {
        FAIL("registry: %s", err->message);
        g_clear_error(&err);
        return;
    }
    const vi_layer *hh = registry_layer(reg, "households");
    const vi_layer *roads = registry_layer(reg, "roads");
    const vi_layer *villages = registry_layer(reg, "villages");
    const char **hv = g_new0(const char *, hh->nattrs + 1);
    hv[layer_attr_index(hh, "members")] = "3";
    hv[layer_attr_index(hh, "poverty")] = "none";
    vi_feature f = {.id = "H0000001", .village = "上雷村", .attrs = hv};
    feature_case(hh, &f, NULL);
    /* What gen-bench once wrote: a household without its members. */
    hv[layer_attr_index(hh, "members")] = NULL;
    feature_case(hh, &f,
                 "households feature \"H0000001\": field \"members\": expected an integer, got "
                 "nothing");
    hv[layer_attr_index(hh, "members")] = "0";
    feature_case(hh, &f,
                 "households feature \"H0000001\": field \"members\": expected 1 to 30 人, got "
                 "\"0\"");
    hv[layer_attr_index(hh, "members")] = "3";
    hv[layer_attr_index(hh, "poverty")] = "None";
    feature_case(hh, &f,
                 "households feature \"H0000001\": field \"poverty\": expected \"none\" (the "
                 "registry's spelling), got \"None\"");
    hv[layer_attr_index(hh, "poverty")] = "none";
    f.village = NULL;
    feature_case(hh, &f,
                 "households feature \"H0000001\": field \"village\": expected a village, got "
                 "nothing");
    f.village = "上雷村";
    f.status = "built";
    feature_case(hh, &f,
                 "households feature \"H0000001\": field \"status\": expected nothing (layer "
                 "households has no statuses), got \"built\"");
    g_free(hv);

    const char **rv = g_new0(const char *, roads->nattrs + 1);
    rv[layer_attr_index(roads, "surface")] = "concrete";
    vi_feature r = {
        .id = "R-01", .village = "上雷村", .status = "planned", .year = 2024, .attrs = rv};
    feature_case(roads, &r, NULL);
    r.status = "Planned";
    feature_case(roads, &r,
                 "roads feature \"R-01\": field \"status\": expected \"planned\" (the registry's "
                 "spelling), got \"Planned\"");
    r.status = "planned";
    r.year = 1800;
    feature_case(roads, &r,
                 "roads feature \"R-01\": field \"year\": expected a year from 1949 to 2100, got "
                 "\"1800\"");
    r.year = 0; /* unknown */
    feature_case(roads, &r, NULL);
    g_free(rv);

    const char **vv = g_new0(const char *, villages->nattrs + 1);
    for (int a = 0; a < villages->nattrs; a++)
        if (villages->attrs[a]->required)
            vv[a] = villages->attrs[a]->type == VI_ATTR_TEXT ? "某镇" : "10";
    vi_feature v = {.id = "V-01", .attrs = vv};
    feature_case(villages, &v,
                 "villages feature \"V-01\": field \"name\": expected the village name, got "
                 "nothing");
    v.name = "上雷村";
    feature_case(villages, &v, NULL);
    g_free(vv);
    registry_free(reg);
}

int main(void)
{
    test_attributes();
    test_status_year();
    test_features();
    return unit_result();
}
