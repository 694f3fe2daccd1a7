/*
 * stale-work.c - removing what killed processes left behind (stale-work.h).
 */
#include "stale-work.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Remove the folder NAME of PARENT_FD and everything in it. */
static void remove_tree_at(int parent_fd, const char *name)
{
    int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
            remove_tree_at(fd, e->d_name);
        else
            unlinkat(fd, e->d_name, 0);
    }
    if (d)
        closedir(d);
    else if (fd >= 0)
        close(fd);
    unlinkat(parent_fd, name, AT_REMOVEDIR);
}

void stale_work_sweep(const char *dir, const char *prefix, const char *marker)
{
    int pfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int lfd = pfd >= 0 ? dup(pfd) : -1;
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *name = e->d_name;
        if (!g_str_has_prefix(name, prefix) || strlen(name) != strlen(prefix) + 6)
            continue;
        int fd = openat(pfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        /* Locked: a process at work.  Unlocked: its process is gone. */
        if (fd < 0 || fstat(fd, &st) != 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        struct stat mst;
        if (S_ISREG(st.st_mode))
            unlinkat(pfd, name, 0);
        else if (S_ISDIR(st.st_mode) && marker &&
                 fstatat(fd, marker, &mst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(mst.st_mode))
            remove_tree_at(pfd, name);
        else if (S_ISDIR(st.st_mode) && marker)
            unlinkat(pfd, name, AT_REMOVEDIR); /* only when empty */
        close(fd);
    }
    if (d)
        closedir(d);
    else if (lfd >= 0)
        close(lfd);
    if (pfd >= 0)
        close(pfd);
}

gboolean stale_work_lock(int fd)
{
    struct stat st;
    /* A sweeper may hold the lock for a moment: wait for it, then make sure
     * it did not remove the entry meanwhile. */
    return flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0 && st.st_nlink > 0;
}
