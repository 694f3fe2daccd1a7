/*
 * source-check.h - what a source's own files declare, checked before GDAL
 * reads them, where GDAL would stay silent and read less or guess:
 * - a shapefile's parts agree: the .shp and .shx as long as their headers
 *   say and as the .shx places the shapes, the .dbf holding the records its
 *   header counts, and as many .dbf records as .shx shapes (GDAL reads the
 *   shorter of them and says nothing);
 * - a .prj, or a GeoJSON "crs" member, that names a CRS names one GDAL
 *   understands (GDAL takes one it does not as no CRS at all, or WGS 84),
 *   or names only a Gauss-Krüger projection (the import infers the zone),
 *   and no .prj lies beside a CSV whose longitude/latitude columns would be
 *   read as WGS 84;
 * - a .cpg names an encoding GDAL and iconv know (GDAL passes the bytes on
 *   unconverted when it does not).
 */
#ifndef VINFRA_SOURCE_CHECK_H
#define VINFRA_SOURCE_CHECK_H

#include <glib.h>
#include <ogr_api.h>

/* Check the files of the source PATH before it is opened: a shapefile's
 * parts, and (unless SRC_CRS_GIVEN: --src-crs overrides what the file
 * declares) its .prj or a GeoJSON's "crs" member.  FALSE with ERR
 * ("cannot import 'PATH': ...") naming the file, what it holds and what
 * fixes it. */
gboolean source_check_files(const char *path, gboolean src_crs_given, GError **err);

/* Check the .cpg of the shapefile PATH, opened as LAYER, names an encoding
 * GDAL converted from (call only without --encoding, which overrides it). */
gboolean source_check_cpg(const char *path, OGRLayerH layer, GError **err);

/* Does the shapefile PATH have a .prj that names a Gauss-Krüger projection
 * and nothing else GDAL reads as a CRS (no datum, no units)?  *CM receives
 * the central meridian it names, or NAN. */
gboolean source_prj_bare_gauss_kruger(const char *path, double *cm);

#endif
