/*
 * dms.h - a longitude or latitude written as people write them in county
 * spreadsheets: decimal degrees (109.275) or degrees, minutes and seconds
 * in any of the usual spellings (109°16'30.5", 109°16′30.5″E,
 * E109°16'30.5", 109度16分30.5秒, 东经109°16'30", 109:16:30.5,
 * 109 16 30.5, 109°16.5', exiftool's 109 deg 16' 30.50" E), with full-width
 * digits and marks, a hemisphere letter (E W N S) or 东 西 南 北 before or after.  West and south are
 * negative.  What is refused says why, so that a person can correct the cell.
 */
#ifndef VINFRA_DMS_H
#define VINFRA_DMS_H

#include <glib.h>

typedef enum { VI_DMS_LON, VI_DMS_LAT } vi_dms_axis;

/* Read TEXT as an angle of AXIS in degrees into *DEGREES.  FALSE when it is
 * not one, with *WHY (caller frees) saying what is wrong, e.g. "the minutes
 * (76) must be below 60", "N names a latitude, not a longitude". */
gboolean dms_parse(const char *text, vi_dms_axis axis, double *degrees, char **why);

/* The forms dms_parse() reads, for messages: "decimal degrees (109.275) or
 * degrees, minutes and seconds (109°16'30.5\", ...)".  Static. */
const char *dms_forms(vi_dms_axis axis);

#endif
