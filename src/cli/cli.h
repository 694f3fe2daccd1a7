/*
 * cli.h - what every subcommand shares: option parsing with the common
 * options (db, lang, quiet), the data directory, the registry and
 * opening the store.  A command file reads: usage, option table, parse,
 * validate, work, free, return.
 */
#ifndef VINFRA_CLI_H
#define VINFRA_CLI_H

#include "lang.h"
#include "registry.h"
#include "store.h"
#include <glib.h>

/* Options every command accepts; filled by cli_parse(). */
typedef struct {
    char *db;   /* --db PATH */
    char *lang; /* --lang zh|en */
    gboolean quiet;
    vi_lang language;
} vi_cli_common;

extern vi_cli_common cli_common;

/*
 * Parse ARGV for command NAME with its ENTRIES plus the common ones.
 * PARAMS is the usage line after the command ("FILE --layer NAME"),
 * SUMMARY one line, DESCRIPTION the longer help with an example.
 * On --help prints help and exits 0; on a usage error prints it and returns FALSE
 * (the caller returns 2).  Leaves positional arguments in argc and argv (argv[0] kept).
 */
gboolean cli_parse(const char *name, const char *params, const char *summary,
                   const char *description, const GOptionEntry *entries, int *argc, char ***argv);

/* The data directory: $VINFRA_DATADIR, else the source tree's data/ when run
 * from a build tree, else the installed one.  Not freed. */
const char *cli_datadir(void);

/* Map styles: $VINFRA_MAPSDIR, else <datadir>/maps when installed, else the
 * source tree's maps/ next to data/.  Not freed. */
const char *cli_mapsdir(void);

/* Load the registry from cli_datadir(); prints the error and returns NULL on failure. */
vi_registry *cli_registry(void);

/* Open the database named by --db / $VINFRA_DB / ./vinfra.sqlite; prints the
 * error and returns NULL on failure. */
vi_store *cli_open_store(const vi_registry *reg, gboolean readonly);
/* The village copy --db names and its server (SERVER_NAME, else the one it
 * was checked out from, opened for reading when SERVER_READONLY): TRUE with
 * both, or FALSE after saying why for command NAME (the exit code in *RC). */
gboolean cli_open_copy(const vi_registry *reg, const char *name, const char *server_name,
                       gboolean server_readonly, vi_store **copy, vi_store **server, int *rc);

/* TEXT as a distance in metres: a whole decimal number (no trailing
 * characters), finite and above 0.  FALSE when it is not. */
gboolean cli_parse_metres(const char *text, double *out);
/* The value of option OPTION of command NAME as metres (cli_parse_metres);
 * TEXT NULL (the option not given) sets *OUT to NAN.  Prints an error and
 * returns FALSE when TEXT is no such distance (the caller returns 2).
 * Options take text rather than GOption's doubles, which accept "nan" and
 * "inf" as numbers. */
gboolean cli_metres(const char *name, const char *option, const char *text, double *out);
/* A layer's name in the language of --lang ("projects" is the ledger);
 * unknown names as they are, NULL as NULL. */
const char *cli_layer_name(const vi_registry *reg, const char *layer);
/* The names of LAYERS, one layer or several joined by commas (a change
 * that imported several layers), in the user's language (caller frees). */
char *cli_layers_name(const vi_registry *reg, const char *layers);

/* The keys of REG's layers, joined as a list of the user's language
 * (caller frees). */
char *cli_layer_keys(const vi_registry *reg);

/* The layer NAME of REG; prints "CMD: no layer ..." with the names and
 * returns NULL when there is none (a usage error). */
const vi_layer *cli_layer(const vi_registry *reg, const char *cmd, const char *name);

/* The latest year --as-of and a year option accept: this year (UTC). */
int cli_year_max(void);
/* The value TEXT of OPTION (--as-of, --from) of command NAME as a year
 * (NULL, the option not given: *YEAR 0): four digits, VI_YEAR_MIN to this
 * year.  Prints an error and returns FALSE when it is not (the caller
 * returns 2). */
gboolean cli_year(const char *name, const char *option, const char *text, int *year);

/* Parse NAME against the NULL-terminated ALLOWED list; prints an error and returns FALSE if not allowed. */
gboolean cli_format(const char *name, const char *const *allowed, vi_format *out);

#endif
