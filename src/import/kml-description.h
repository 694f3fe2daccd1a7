/*
 * kml-description.h - the values a KML placemark carries in its description.
 * Ovi (奥维互动地图), Google Earth and ArcGIS's "Layer to KML" write a
 * placemark's attributes as an HTML table of key/value rows in its
 * <description> (状态 | 已建, 容量 | 50) rather than as ExtendedData; read
 * that way they would arrive as one text field matching no layer field.
 * Here such a table becomes fields, so that the import matches them like
 * any other (import-fields.c).  A description that is not such a table is
 * left as it is: the import lists it among the fields it did not match,
 * never dropping it silently.
 */
#ifndef VINFRA_KML_DESCRIPTION_H
#define VINFRA_KML_DESCRIPTION_H

#include <gdal.h>
#include <glib.h>
#include <ogr_api.h>

/* The key/value rows of an HTML table in HTML: each row (<tr>) of exactly
 * two cells (<td> or <th>) with a key, as a NULL-terminated vector of
 * alternating keys and values (tags removed, entities and <br> decoded,
 * spaces tidied; g_strfreev), or NULL when it holds no such row.  A key
 * may end with a colon (名称：), which is dropped. */
char **kml_description_pairs(const char *html);

/* When the descriptions of LAYER's features (a KML layer, its field
 * "description") hold key/value tables, a copy of LAYER in a new in-memory
 * dataset (*MEM, close with GDALClose) with each key as a text field after
 * LAYER's own, the description left out when every non-empty one was such
 * a table; a key that names one of LAYER's fields is added as "KEY
 * (description)".  Else (or when the copy fails) LAYER itself and *MEM NULL. */
OGRLayerH kml_description_fields(OGRLayerH layer, GDALDatasetH *mem);

#endif
