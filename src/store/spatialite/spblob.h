/*
 * spblob.h - reading SpatiaLite's own geometry BLOBs without SpatiaLite.
 *
 * The store keeps geometries in SpatiaLite's internal format (documented in
 * SpatiaLite's "BLOB-Geometry" page: 0x00, byte order, SRID, MBR, 0x7C,
 * class, coordinates, 0xFE).  Read-only commands decode it here instead of
 * calling AsBinary() or ST_X(): that spares them loading SpatiaLite into the
 * connection (which opens PROJ's database, tens of milliseconds) and
 * parsing every geometry into a newly allocated object.
 *
 * Only the plain 2D (XY) classes are read, which is what the store's POINT,
 * MULTILINESTRING and MULTIPOLYGON XY columns hold when written through
 * GeomFromWKB; compressed and Z/M forms are refused, and the store then asks
 * SpatiaLite itself.
 */
#ifndef VINFRA_SPBLOB_H
#define VINFRA_SPBLOB_H

#include <glib.h>

/* The point of a POINT XY blob.  FALSE when BLOB is anything else. */
gboolean spblob_point(const unsigned char *blob, gsize size, double *x, double *y);

/* Append to OUT the blob as 2D ISO WKB, byte for byte what SpatiaLite's
 * AsBinary() returns (little-endian).  FALSE, with
 * OUT as it was, when BLOB is not a plain XY geometry blob. */
gboolean spblob_to_wkb(const unsigned char *blob, gsize size, GByteArray *out);

#endif
