/*
 * terrain.c - the demo's DEM (dem.tif): a synthetic terrain made from the
 * map's own valleys, so hamlets, roads and rivers lie low, tanks above
 * their hamlets, and the village boundaries run along ridges; the towers'
 * line of sight and the tanks' heights are judged on it.
 */
#include "gen-demo.h"

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#define DEM_BIG 1e20 /* "no valley here" in the distance transform */

/* Felzenszwalb and Huttenlocher's 1-D squared distance transform of F (N
 * samples), also giving for each sample the index of its nearest zero. */
static void distance_1d(const double *f, int n, double *d, int *arg, int *v, double *z)
{
    int k = 0;
    v[0] = 0;
    z[0] = -DEM_BIG;
    z[1] = DEM_BIG;
    for (int q = 1; q < n; q++) {
        double s;
        for (;;) {
            s = ((f[q] + (double)q * q) - (f[v[k]] + (double)v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            if (s > z[k])
                break;
            k--;
        }
        k++;
        v[k] = q;
        z[k] = s;
        z[k + 1] = DEM_BIG;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
        while (z[k + 1] < q)
            k++;
        d[q] = (double)(q - v[k]) * (q - v[k]) + f[v[k]];
        arg[q] = v[k];
    }
}

/* Smooth noise in [-1, 1]: random values on a unit lattice, smoothstep-blended. */
static double lattice(int64_t i, int64_t j, uint64_t salt)
{
    rng_t r = {(uint64_t)i * UINT64_C(0x9E3779B97F4A7C15) ^
               (uint64_t)j * UINT64_C(0xC2B2AE3D27D4EB4F) ^ salt};
    return rng_uniform(&r) * 2 - 1;
}

static double value_noise(double x, double y, uint64_t salt)
{
    double fx = floor(x), fy = floor(y), tx = x - fx, ty = y - fy;
    int64_t i = (int64_t)fx, j = (int64_t)fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = lattice(i, j, salt), b = lattice(i + 1, j, salt);
    double c = lattice(i, j + 1, salt), d = lattice(i + 1, j + 1, salt);
    return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
}

/* Three passes of a box blur of radius R cells each way: nearly Gaussian. */
static void box_blur(double *a, int nx, int ny, int r)
{
    int n = MAX(nx, ny);
    double *tmp = g_new(double, n);
    for (int pass = 0; pass < 3; pass++) {
        for (int dir = 0; dir < 2; dir++) {
            int lines = dir ? nx : ny, len = dir ? ny : nx;
            for (int l = 0; l < lines; l++) {
                double *base = dir ? a + l : a + (size_t)l * nx;
                size_t stride = dir ? (size_t)nx : 1;
                double sum = 0;
                for (int k = -r; k <= r; k++)
                    sum += base[CLAMP(k, 0, len - 1) * stride];
                for (int k = 0; k < len; k++) {
                    tmp[k] = sum / (2 * r + 1);
                    sum += base[MIN(k + r + 1, len - 1) * stride] - base[MAX(k - r, 0) * stride];
                }
                for (int k = 0; k < len; k++)
                    base[k * stride] = tmp[k];
            }
        }
    }
    g_free(tmp);
}

/* The main river's bed: 780 m in the west, rising eastwards upstream. */
static double main_bed(double x)
{
    return 780 + 0.004 * (x + 15000);
}

/* Relief over a valley floor at BED: flat across the floor (HALFWIDTH
 * either side of the river), then rising with the distance, roughened on
 * the slopes by two octaves of noise. */
static double terrain_height(double bed, double halfwidth, double dist, pt p)
{
    double h = MAX(0.0, dist - halfwidth);
    double rough =
        90 * value_noise(p.x / 1500, p.y / 1500, 1) + 25 * value_noise(p.x / 450, p.y / 450, 2);
    return bed + 950 * (1 - exp(-h / 1300)) + rough * MIN(1.0, h / 300);
}

typedef struct {
    float bed;       /* elevation of the valley floor here, m */
    float halfwidth; /* half the width of the flat valley floor, m */
} valley_cell;

static void mark_valley(valley_cell *cells, int nx, int ny, double minx, double maxy, pt p,
                        double bed, double halfwidth)
{
    int j = (int)floor((p.x - minx) / DEM_CELL), i = (int)floor((maxy - p.y) / DEM_CELL);
    if (i >= 0 && i < ny && j >= 0 && j < nx) {
        cells[(size_t)i * nx + j].bed = (float)bed;
        cells[(size_t)i * nx + j].halfwidth = (float)halfwidth;
    }
}

/* A synthetic DEM (EPSG:4545, 30 m, int16 metres) made from the map's own
 * valleys: each cell is the floor of its nearest valley (the river rising
 * upstream, side streams climbing 4 m per 100 m) plus relief that grows
 * with the distance from that valley, so hamlets, roads and rivers lie low,
 * tanks above their hamlets, and the village boundaries run along ridges. */
void build_dem(world *w)
{
    double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
    for (int vi = 0; vi < NV; vi++)
        for (guint i = 0; i < w->v[vi].ring->len; i++) {
            pt p = AT(w->v[vi].ring, i);
            minx = MIN(minx, p.x), miny = MIN(miny, p.y), maxx = MAX(maxx, p.x),
            maxy = MAX(maxy, p.y);
        }
    /* a 300 m margin; cell edges on whole multiples of 30 m of EPSG:4545 */
    minx = floor((w->e0 + minx - 300) / DEM_CELL) * DEM_CELL - w->e0;
    miny = floor((w->n0 + miny - 300) / DEM_CELL) * DEM_CELL - w->n0;
    maxx = ceil((w->e0 + maxx + 300) / DEM_CELL) * DEM_CELL - w->e0;
    maxy = ceil((w->n0 + maxy + 300) / DEM_CELL) * DEM_CELL - w->n0;
    int nx = (int)lround((maxx - minx) / DEM_CELL), ny = (int)lround((maxy - miny) / DEM_CELL);
    size_t ncell = (size_t)nx * ny;

    valley_cell *cells = g_new(valley_cell, ncell);
    for (size_t c = 0; c < ncell; c++)
        cells[c].halfwidth = -1;
    for (int vi = 0; vi < NV; vi++) { /* streams first: the river overrides them where they meet */
        const GArray *s = w->v[vi].stream;
        double len = line_length(s), mouth_bed = main_bed(line_last(s).x);
        for (double d = 0; d <= len; d += 10)
            mark_valley(cells, nx, ny, minx, maxy, line_at(s, d, NULL),
                        mouth_bed + 0.04 * (len - d), 40);
    }
    double rlen = line_length(w->river);
    for (double d = 0; d <= rlen; d += 10) {
        pt p = line_at(w->river, d, NULL);
        mark_valley(cells, nx, ny, minx, maxy, p, main_bed(p.x), 180);
    }

    /* exact Euclidean distance to the nearest valley cell, with that cell */
    int nmax = MAX(nx, ny);
    double *f = g_new(double, nmax), *d = g_new(double, nmax), *z = g_new(double, nmax + 1);
    int *arg = g_new(int, nmax), *v = g_new(int, nmax);
    double *col_d = g_new(double, ncell);
    int *col_arg = g_new(int, ncell);
    for (int j = 0; j < nx; j++) {
        for (int i = 0; i < ny; i++)
            f[i] = cells[(size_t)i * nx + j].halfwidth >= 0 ? 0 : DEM_BIG;
        distance_1d(f, ny, d, arg, v, z);
        for (int i = 0; i < ny; i++) {
            col_d[(size_t)i * nx + j] = d[i];
            col_arg[(size_t)i * nx + j] = arg[i];
        }
    }
    double *raw = g_new(double, ncell), *above = g_new(double, ncell);
    for (int i = 0; i < ny; i++) {
        for (int j = 0; j < nx; j++)
            f[j] = col_d[(size_t)i * nx + j];
        distance_1d(f, nx, d, arg, v, z);
        for (int j = 0; j < nx; j++) {
            int jj = arg[j], ii = col_arg[(size_t)i * nx + jj];
            const valley_cell *near = &cells[(size_t)ii * nx + jj];
            double x = minx + (j + 0.5) * DEM_CELL, y = maxy - (i + 0.5) * DEM_CELL;
            double dv = sqrt(d[j]) * DEM_CELL;
            raw[(size_t)i * nx + j] = terrain_height(near->bed, near->halfwidth, dv, pt_make(x, y));
            above[(size_t)i * nx + j] = MAX(0.0, dv - near->halfwidth);
        }
    }
    /* where two valleys' slopes meet, their beds differ: smooth the slopes
     * (about 300 m), leaving the valley floors as they are */
    double *smooth = g_memdup2(raw, ncell * sizeof(double));
    box_blur(smooth, nx, ny, 8);
    for (size_t c = 0; c < ncell; c++) {
        double t = CLAMP((above[c] - 60) / 400, 0.0, 1.0);
        t = t * t * (3 - 2 * t);
        raw[c] = raw[c] * (1 - t) + smooth[c] * t;
    }
    box_blur(raw, nx, ny, 1); /* and soften the cell steps everywhere */
    w->dem = g_new(gint16, ncell);
    for (size_t c = 0; c < ncell; c++)
        w->dem[c] = (gint16)lround(raw[c]);
    w->dem_minx = minx;
    w->dem_maxy = maxy;
    w->dem_nx = nx;
    w->dem_ny = ny;
    g_free(raw);
    g_free(above);
    g_free(smooth);
    g_free(col_d);
    g_free(col_arg);
    g_free(f);
    g_free(d);
    g_free(z);
    g_free(arg);
    g_free(v);
    g_free(cells);
}

/* Elevation at P (metres of the layout), bilinear between cell centres. */
double dem_at(const world *w, pt p)
{
    double fx = (p.x - w->dem_minx) / DEM_CELL - 0.5, fy = (w->dem_maxy - p.y) / DEM_CELL - 0.5;
    int j = CLAMP((int)floor(fx), 0, w->dem_nx - 2), i = CLAMP((int)floor(fy), 0, w->dem_ny - 2);
    double tx = CLAMP(fx - j, 0.0, 1.0), ty = CLAMP(fy - i, 0.0, 1.0);
    const gint16 *z = w->dem + (size_t)i * w->dem_nx + j;
    double top = z[0] + (z[1] - z[0]) * tx,
           bottom = z[w->dem_nx] + (z[w->dem_nx + 1] - z[w->dem_nx]) * tx;
    return top + (bottom - top) * ty;
}

/* The terrain as dem.tif: GeoTIFF, EPSG:4545, DEFLATE with a horizontal
 * predictor (about 300 KB). */
void write_dem(const world *w, const char *dir)
{
    char *path = g_build_filename(dir, "dem.tif", NULL);
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "2");
    opts = CSLSetNameValue(opts, "ZLEVEL", "9");
    GDALAllRegister();
    int nx = w->dem_nx, ny = w->dem_ny;
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path, nx, ny, 1, GDT_Int16, opts);
    if (!ds)
        die("cannot write '%s': %s", path, CPLGetLastErrorMsg());
    double gt[6] = {round(w->e0 + w->dem_minx), DEM_CELL, 0,
                    round(w->n0 + w->dem_maxy), 0,        -DEM_CELL};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4545);
    char *wkt = NULL;
    OSRExportToWkt(srs, &wkt);
    GDALSetProjection(ds, wkt);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterUnitType(band, "m");
    if (GDALRasterIO(band, GF_Write, 0, 0, nx, ny, w->dem, nx, ny, GDT_Int16, 0, 0) != CE_None)
        die("cannot write '%s': %s", path, CPLGetLastErrorMsg());
    GDALClose(ds);
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    CSLDestroy(opts);
    g_free(path);
}
