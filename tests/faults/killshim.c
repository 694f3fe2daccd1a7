/*
 * killshim.c - an LD_PRELOAD library for the crash tests: it counts the
 * calls that put data on disk (write, pwrite, writev, fsync, fdatasync and
 * their 64-bit and vector forms) made on regular files, and kills its own
 * process with SIGKILL at the k-th one, before the call runs.  A database
 * must survive being killed between any two of its writes.
 *
 * Environment:
 *   VINFRA_KILL_AT=K      SIGKILL at the K-th counted call (unset or 0: never)
 *   VINFRA_KILL_COUNT=F   at exit, write the number of counted calls to file F
 *                         (to choose K across the whole run)
 *   VINFRA_KILL_SOCKETS=1 count what is sent on sockets too (send, sendto,
 *                         sendmsg, and writes to a socket): a client killed
 *                         while it talks to a database server
 * Only regular files (and sockets when asked) count: writes to a terminal or
 * a pipe (messages) do not.
 */
/* Both pwrite and pwrite64 are defined here, so neither may be renamed. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long calls;   /* counted calls so far */
static long kill_at; /* 0: never */
static int configured;
static int sockets; /* count sends on sockets too */

static void configure(void)
{
    if (configured)
        return;
    configured = 1;
    const char *at = getenv("VINFRA_KILL_AT");
    kill_at = at ? strtol(at, NULL, 10) : 0;
    sockets = getenv("VINFRA_KILL_SOCKETS") != NULL;
}

/* Count a call on FD; die if it is the chosen one. */
static void count(int fd)
{
    struct stat st;
    configure();
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || (sockets && S_ISSOCK(st.st_mode))))
        return;
    if (++calls == kill_at)
        raise(SIGKILL);
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("VINFRA_KILL_COUNT");
    if (!path)
        return;
    FILE *fp = fopen(path, "w");
    if (!fp)
        return;
    fprintf(fp, "%ld\n", calls);
    fclose(fp);
}

/* The next definition of NAME (libc's), looked up once. */
#define REAL(type, name, args)                                                                     \
    static type(*real) args;                                                                       \
    if (!real)                                                                                     \
    real = (type(*) args)dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(ssize_t, "write", (int, const void *, size_t));
    count(fd);
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    REAL(ssize_t, "pwrite", (int, const void *, size_t, off_t));
    count(fd);
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    REAL(ssize_t, "pwrite64", (int, const void *, size_t, off64_t));
    count(fd);
    return real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
    REAL(ssize_t, "writev", (int, const struct iovec *, int));
    count(fd);
    return real(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
    REAL(ssize_t, "pwritev", (int, const struct iovec *, int, off_t));
    count(fd);
    return real(fd, iov, n, off);
}

int fsync(int fd)
{
    REAL(int, "fsync", (int));
    count(fd);
    return real(fd);
}

int fdatasync(int fd)
{
    REAL(int, "fdatasync", (int));
    count(fd);
    return real(fd);
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    REAL(ssize_t, "send", (int, const void *, size_t, int));
    count(fd);
    return real(fd, buf, n, flags);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to,
               socklen_t len)
{
    REAL(ssize_t, "sendto", (int, const void *, size_t, int, const struct sockaddr *, socklen_t));
    count(fd);
    return real(fd, buf, n, flags, to, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    REAL(ssize_t, "sendmsg", (int, const struct msghdr *, int));
    count(fd);
    return real(fd, msg, flags);
}
