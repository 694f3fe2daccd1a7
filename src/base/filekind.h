/* filekind: what a path names when it is not a regular file (a folder, a
 * FIFO, a device, a socket), so that a command refuses it by name before
 * opening it: SQLite and GDAL would wait forever on a FIFO or say only
 * "unable to open". */
#pragma once

/* NULL when PATH (followed through symlinks) is a regular file or does not
 * exist; else "a folder", "a FIFO (named pipe)", "a socket" or "a device". */
const char *vi_file_kind(const char *path);
