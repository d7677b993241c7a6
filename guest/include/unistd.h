/* unistd.h — zkMIPS guest libc: thin syscall wrappers. Errors return -1 and set errno. */
#ifndef ZK_UNISTD_H
#define ZK_UNISTD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int ssize_t;

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
void *sbrk(long increment);
int brk(void *addr);
__attribute__((noreturn)) void _exit(int code);

#ifdef __cplusplus
}
#endif

#endif
