/* errno.h — zkMIPS guest libc. Values are the Linux MIPS ones. */
#ifndef ZK_ERRNO_H
#define ZK_ERRNO_H

extern int errno;

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOSPC 28
#define EDOM 33
#define ERANGE 34
#define ENOSYS 89 /* MIPS numbering (38 on x86/arm) */

#endif
