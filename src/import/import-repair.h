/*
 * import-repair.h - is a repaired geometry still the feature the surveyor
 * drew?  The import (import-geom.c) repairs invalid lines and polygons with
 * GEOS's MakeValid; a repair that keeps the area can still split a feature
 * (a hole drawn outside its shell becomes a detached island 10 km away) or
 * drop a part.  Such a repair is refused, not reported as small.
 */
#ifndef VINFRA_IMPORT_REPAIR_H
#define VINFRA_IMPORT_REPAIR_H

#include <glib.h>
#include <ogr_api.h>

/* NULL when FIXED (the repair of BEFORE, both CGCS2000 longitude/latitude)
 * has as many parts as BEFORE, does not reach beyond BEFORE's extent and
 * keeps its centre (within 1 m, or 1% of its size); else what the repair
 * would do, for a message: "split it into 2 parts (a hole outside its shell
 * becomes an island 9.6 km away)", "drop 1 of its 2 parts", "move its centre
 * by 1.2 km" (caller frees). */
char *repair_problem(OGRGeometryH before, OGRGeometryH fixed);

#endif
