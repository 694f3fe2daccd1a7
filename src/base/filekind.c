/* filekind: see filekind.h. */
#include "filekind.h"
#include "i18n.h"
#include <stddef.h>
#include <sys/stat.h>

const char *vi_file_kind(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return NULL;
    if (S_ISDIR(st.st_mode))
        return _("a folder");
    if (S_ISFIFO(st.st_mode))
        return _("a FIFO (named pipe)");
    if (S_ISSOCK(st.st_mode))
        return _("a socket");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        return _("a device");
    return _("not a regular file");
}
