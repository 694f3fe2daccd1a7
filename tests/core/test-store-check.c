/*
 * test-store-check.c - the registry's rules of vinfra check, applied by the
 * store's front door to the rows a backend reads (store_check_feature(),
 * store_check_project() in store-check.c): every rule with its exact
 * message, years bounded as feature-check.h bounds them, and a clean row
 * with no problem at all.
 */
#include "../unit.h"

#include "feature-check.h"
#include "registry.h"
#include "store-int.h"

#include <string.h>

static void add_problem(const char *problem, void *user)
{
    g_string_append_printf(user, "%s\n", problem);
}

/* The problems of ROW of LAYER, one a line (owned). */
static char *problems(const vi_layer *layer, const store_check_row *row, gint64 *count)
{
    GString *s = g_string_new(NULL);
    problem_sink sink = {add_problem, s, 0};
    store_check_feature(&sink, layer, row);
    *count = sink.count;
    return g_string_free(s, FALSE);
}

static void expect(const vi_layer *layer, const store_check_row *row, const char *want,
                   gint64 want_count, const char *what)
{
    gint64 count = 0;
    char *got = problems(layer, row, &count);
    if (strcmp(got, want) != 0)
        FAIL("%s: expected\n%sgot\n%s", what, want, got);
    if (count != want_count)
        FAIL("%s: expected %" G_GINT64_FORMAT " problems, counted %" G_GINT64_FORMAT, what,
             want_count, count);
    g_free(got);
}

/* A road that breaks no rule, with attribute values AT (text) and TYPES. */
static store_check_row good_road(const char **at, const char **types, double *numbers)
{
    return (store_check_row){
        .fid = 7,
        .id = "R-1",
        .village = "Baishui",
        .status = "new",
        .year = "2020",
        .year_integer = TRUE,
        .year_value = 2020,
        .village_known = TRUE,
        .project_known = TRUE,
        .geometry_type = "MULTILINESTRING",
        .srid = VI_STORE_SRID,
        .attrs = at,
        .attr_types = types,
        .attr_numbers = numbers,
    };
}

static void test_roads(const vi_layer *roads)
{
    int n = roads->nattrs;
    const char **at = g_new0(const char *, n + 1), **types = g_new0(const char *, n + 1);
    double *numbers = g_new0(double, n + 1);
    store_check_row r = good_road(at, types, numbers);
    expect(roads, &r, "", 0, "a good road");

    int year_min = VI_YEAR_MIN, year_max = VI_YEAR_MAX;
    char *want = g_strdup_printf("roads: feature \"R-1\" (fid 7): field \"year\": expected a year "
                                 "from %d to %d, got \"1948\"\n",
                                 year_min, year_max);
    r.year = "1948";
    r.year_value = 1948;
    expect(roads, &r, want, 1, "a year before VI_YEAR_MIN");
    g_free(want);
    r.year = "2100";
    r.year_value = VI_YEAR_MAX;
    expect(roads, &r, "", 0, "VI_YEAR_MAX");
    r.year = "2020.5";
    r.year_integer = FALSE;
    r.year_value = 2020;
    expect(roads, &r,
           "roads: feature \"R-1\" (fid 7): field \"year\": expected a year from 1949 to 2100, got "
           "\"2020.5\"\n",
           1, "a year that is no integer");

    r = good_road(at, types, numbers);
    r.status = "bulit";
    r.village_known = FALSE;
    r.project = "P-9";
    r.project_known = FALSE;
    r.srid = 4326;
    expect(roads, &r,
           "roads: feature \"R-1\" (fid 7): field \"status\": expected one of new, widened, "
           "hardened, existing, planned, got \"bulit\"\n"
           "roads: feature \"R-1\" (fid 7): field \"village\": \"Baishui\" is not in the villages "
           "layer\n"
           "roads: feature \"R-1\" (fid 7): field \"project\": \"P-9\" is not a project of the "
           "ledger\n"
           "roads: feature \"R-1\" (fid 7): geometry: expected SRID 4490, got 4326\n",
           4, "status, village, project and SRID");

    r = good_road(at, types, numbers);
    r.village = NULL;
    r.geometry_type = "POINT";
    expect(roads, &r,
           "roads: feature \"R-1\" (fid 7): field \"village\": expected a village, got nothing\n"
           "roads: feature \"R-1\" (fid 7): geometry: expected MULTILINESTRING, got POINT\n",
           2, "no village, a point");
    r = good_road(at, types, numbers);
    r.id = NULL;
    r.no_geometry = TRUE;
    expect(roads, &r, "roads: feature \"\" (fid 7): no geometry\n", 1, "no geometry");
    r = good_road(at, types, numbers);
    r.invalid = "Self-intersection";
    expect(roads, &r, "roads: feature \"R-1\" (fid 7): geometry: invalid (Self-intersection)\n", 1,
           "an invalid geometry");

    r = good_road(at, types, numbers);
    int surface = layer_attr_index(roads, "surface"), width = layer_attr_index(roads, "width");
    if (surface < 0 || width < 0) {
        FAIL("roads has no surface or width attribute");
    } else {
        at[surface] = "mud";
        types[surface] = "text";
        at[width] = "wide";
        types[width] = "text";
        expect(roads, &r,
               "roads: feature \"R-1\" (fid 7): field \"surface\": expected one of concrete, "
               "asphalt, gravel, earth, got \"mud\"\n"
               "roads: feature \"R-1\" (fid 7): field \"width\": expected a number, got text "
               "\"wide\"\n",
               2, "a value not allowed, a text for a number");
        at[surface] = "concrete";
        at[width] = "4";
        types[width] = "integer";
        numbers[width] = 4;
        expect(roads, &r, "", 0, "an integer for a number");
    }
    g_free(at);
    g_free(types);
    g_free(numbers);
}

static void test_households(const vi_layer *hh)
{
    int n = hh->nattrs, members = layer_attr_index(hh, "members");
    int poverty = layer_attr_index(hh, "poverty");
    const char **at = g_new0(const char *, n + 1), **types = g_new0(const char *, n + 1);
    double *numbers = g_new0(double, n + 1);
    store_check_row r = {
        .fid = 3,
        .id = "H-1",
        .village = "Baishui",
        .village_known = TRUE,
        .project_known = TRUE,
        .geometry_type = "POINT",
        .srid = VI_STORE_SRID,
        .attrs = at,
        .attr_types = types,
        .attr_numbers = numbers,
    };
    if (members < 0 || poverty < 0) {
        FAIL("households has no members or poverty attribute");
    } else {
        at[poverty] = "none";
        types[poverty] = "text";
        r.status = "new";
        expect(
            hh, &r,
            "households: feature \"H-1\" (fid 3): field \"status\": expected nothing (layer "
            "households has no statuses), got \"new\"\n"
            "households: feature \"H-1\" (fid 3): field \"members\": expected a value (the field "
            "is required), got nothing\n",
            2, "a status where none is, a required field empty");
        r.status = NULL;
        at[members] = "999";
        types[members] = "integer";
        numbers[members] = 999;
        expect(hh, &r,
               "households: feature \"H-1\" (fid 3): field \"members\": expected 1 to 30 人, got "
               "\"999\"\n",
               1, "a number beyond its bounds");
        at[members] = "4.5";
        types[members] = "real";
        expect(hh, &r,
               "households: feature \"H-1\" (fid 3): field \"members\": expected an integer, got "
               "real \"4.5\"\n",
               1, "a real for an integer");
    }
    g_free(at);
    g_free(types);
    g_free(numbers);
}

static void test_villages_and_projects(const vi_registry *reg)
{
    const vi_layer *villages = registry_layer(reg, "villages");
    store_check_row v = {.fid = 1,
                         .id = "V-1",
                         .geometry_type = "MULTIPOLYGON",
                         .srid = VI_STORE_SRID,
                         .project_known = TRUE};
    const char *none[8] = {NULL};
    double zero[8] = {0};
    if (villages->nattrs >= 8) {
        FAIL("villages has %d attributes, the test gives 8", villages->nattrs);
        return;
    }
    v.attrs = none;
    v.attr_types = none;
    v.attr_numbers = zero;
    gint64 count = 0;
    char *got = problems(villages, &v, &count);
    if (!g_str_has_prefix(got, "villages: feature \"V-1\" (fid 1): field \"name\": expected the "
                               "village name, got nothing\n"))
        FAIL("a village without a name: got \"%s\"", got);
    g_free(got);

    GString *s = g_string_new(NULL);
    problem_sink sink = {add_problem, s, 0};
    store_check_project(&sink, reg, "P-1", "nonsense", "Nowhere", FALSE);
    const char *want = "projects: project \"P-1\": field \"programme\": \"nonsense\" is not a "
                       "programme of programmes.tsv\n"
                       "projects: project \"P-1\": field \"village\": \"Nowhere\" is not in the "
                       "villages layer\n";
    if (strcmp(s->str, want) != 0 || sink.count != 2)
        FAIL("a project: expected\n%sgot (%" G_GINT64_FORMAT ")\n%s", want, sink.count, s->str);
    g_string_set_size(s, 0);
    sink.count = 0;
    store_check_project(&sink, reg, "P-2", "infrastructure", NULL, TRUE);
    if (s->len || sink.count)
        FAIL("a good project: got \"%s\"", s->str);
    g_string_free(s, TRUE);
}

int main(void)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(g_getenv("VINFRA_DATADIR"), &err);
    if (!reg) {
        FAIL("registry: %s", err->message);
        g_clear_error(&err);
        return unit_result();
    }
    if (strcmp(store_geometry_type(VI_GEOM_POINT), "POINT") != 0 ||
        strcmp(store_geometry_type(VI_GEOM_LINE), "MULTILINESTRING") != 0 ||
        strcmp(store_geometry_type(VI_GEOM_POLYGON), "MULTIPOLYGON") != 0)
        FAIL("store_geometry_type");
    test_roads(registry_layer(reg, "roads"));
    test_households(registry_layer(reg, "households"));
    test_villages_and_projects(reg);
    registry_free(reg);
    return unit_result();
}
