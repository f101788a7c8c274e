#ifndef RAPPORT_CFILEOPS_H
#define RAPPORT_CFILEOPS_H
/*
 * File operations Swift's Glibc module does not import. Header only; no library to link.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

/*
 * Swaps the names `from` and `to` atomically (Linux renameat2 with RENAME_EXCHANGE, value 2 in
 * <linux/fs.h>): both must exist. Returns 0, or -1 with errno set (EINVAL or ENOSYS where the
 * file system or the kernel cannot exchange; ENOENT when one of them is missing).
 */
static inline int cfo_rename_exchange(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2u);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/*
 * Frees the blocks of the first `length` bytes of `fd`, keeping its size (Linux fallocate with
 * FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, values 2 and 1 in <linux/falloc.h>): those bytes
 * read as zeros until written again. Returns 0, or -1 with errno set (EOPNOTSUPP where the file
 * system cannot punch holes, ENOSYS elsewhere).
 */
static inline int cfo_punch_hole(int fd, long long length) {
#if defined(__linux__) && defined(SYS_fallocate)
    return (int)syscall(SYS_fallocate, fd, 3, (long long)0, length);
#else
    (void)fd;
    (void)length;
    errno = ENOSYS;
    return -1;
#endif
}

#endif
