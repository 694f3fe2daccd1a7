#!/usr/bin/env python3
"""tests/no-english.py FILE... - fail if a message vinfra printed in its
default language (Chinese) holds an English sentence.

What may stay in Latin letters in a Chinese message is taken out first:
quoted text (file names, ids and values the user gave), paths, options,
CRS codes, format and library names, identifiers (layer and field names),
and the underlying library's own reason, which comes after its name and a
colon ("GDAL：...").  Two English words left side by side are a sentence.
Exit 1 naming the line; 0 when every line is clean."""
import re
import sys

# Names that are the same in a Chinese text: formats, libraries, programs, CRSs, units.
ALLOWED = {
    "vinfra", "vinfra-gdal", "GeoJSON", "Shapefile", "Shapefiles", "GeoPackage", "KML",
    "KMZ", "GPX", "CSV", "TSV", "XLSX", "XLS", "ODS", "DXF", "PDF", "PNG", "SVG",
    "JPEG", "JPG", "EXIF", "TIFF", "GeoTIFF", "DEM", "GIS", "ArcGIS", "SuperMap", "QGIS",
    "CAD", "AutoCAD", "Ovi", "Excel", "WPS", "Google", "Earth", "Amap", "Gaode",
    "Tencent", "Baidu", "ODK", "KoboToolbox", "GDAL", "OGR", "PROJ", "SQLite", "SpatiaLite", "PostgreSQL",
    "PostGIS", "GLib", "cairo", "pango", "libpq", "WGS", "CGCS2000", "GCJ", "BD", "EPSG",
    "Gauss", "Krüger", "Kruger", "UTF", "GBK", "GB18030", "Big5", "ASCII", "BOM", "HTML",
    "JSON", "SQL", "WKT", "WKB", "ID", "id", "fid", "km", "m", "mm", "kW", "W", "E",
    "N", "S", "R*Tree", "RTree", "SHA", "zh", "en", "zh_CN", "CN", "VINFRA_DB",
    "VINFRA_LANG", "VINFRA_DATADIR", "VINFRA_MAPSDIR", "VINFRA_LOCALEDIR", "PATH",
    "LANG", "OK", "API", "NaN", "nan", "inf", "hdop", "GPS", "GNSS", "ellipsoid",
}
LIBRARIES = r"(?:GDAL|OGR|PROJ|SQLite|SpatiaLite|GLib|cairo|pango|libpq|PostgreSQL|PostGIS|EXIF|libkml|LIBKML)"

STRIP = [
    re.compile(LIBRARIES + r"\s*[:：].*$"),    # the library's own reason, to the end
    re.compile(r"'[^']*'"), re.compile(r'"[^"]*"'), re.compile(r"“[^”]*”"),
    re.compile(r"‘[^’]*’"), re.compile(r"「[^」]*」"), re.compile(r"《[^》]*》"),
    re.compile(r"\$\w+"),                       # environment variables
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(=\S*)?"),  # options
    re.compile(r"\b\w+(?:,\w+)+\b"),           # lists of codes: new,widened,hardened
    re.compile(r"\S*[/\\]\S*"),                 # paths
    re.compile(r"\b[\w.-]+\.[A-Za-z][A-Za-z0-9]{0,4}\b"),  # file names
    re.compile(r"\b\w*(?:_|\d)\w*\b"),          # identifiers, numbers, codes
    re.compile(r"\bEPSG:\d+"),
    re.compile(r"\busers (?:add|list|remove)\b"),  # a command's subcommand: its name
]
WORD = re.compile(r"[A-Za-z][A-Za-z'*-]*")
# A command line the user types (an example in --help: "  vinfra stats --layer
# roads"): its words are the command's, layer keys and values, not a sentence.
COMMANDS = ("init", "import", "stats", "coverage", "gaps", "plan", "render", "atlas", "export",
            "attach", "photos", "edit", "delete", "history", "undo", "check", "backup", "layers",
            "demo", "checkout", "push", "pull", "conflicts", "resolve", "users", "impact")
COMMAND_LINE = re.compile(r"^\s*vinfra(?:-gdal)? (?:" + "|".join(COMMANDS) + r")(?: |$)")


def english_run(line):
    """The first run of two English words in a cell of LINE, or None.  Cells
    of a table are apart by two spaces or a tab: words in two cells are not
    a sentence."""
    for cell in re.split(r"\s{2,}|\t", line):
        run = english_run_in_cell(cell)
        if run:
            return run
    return None


def english_run_in_cell(line):
    if COMMAND_LINE.match(line):
        return None
    for pattern in STRIP:
        line = pattern.sub(" ", line)
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(line)]
    for (s1, e1, w1), (s2, e2, w2) in zip(words, words[1:]):
        if w1 in ALLOWED or w2 in ALLOWED:
            continue
        if line[e1:s2].strip(" ,") == "":
            return line[s1:e2]
    return None


def main(paths):
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                run = english_run(line.rstrip("\n"))
                if run:
                    print(f"{path}:{n}: English in a Chinese message (\"{run}\"): {line.rstrip()}",
                          file=sys.stderr)
                    bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
