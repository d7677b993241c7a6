/*
 * Heap: a bump allocator over brk.
 *
 * Every block is preceded by an 8-byte header holding its usable size, so realloc knows
 * how much to copy. Blocks are 8-byte aligned. The break is grown in steps of at least
 * 64 KiB to keep the number of brk syscalls small. free() gives memory back only when
 * the block is the most recent allocation (a stack discipline costs nothing to
 * support); other frees are no-ops. When brk refuses to grow, allocation returns NULL
 * with errno = ENOMEM.
 *
 * brk semantics (Linux, qemu, zkMIPS): brk(0) returns the current break; brk(addr)
 * returns the new break on success and the unchanged break on failure.
 */
#define ZK_LIBC_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zkmips.h>

#define HEADER 8u
#define GROW_STEP (64u * 1024u)

static uintptr_t heap_next; /* first free byte (8-aligned), 0 until initialised */
static uintptr_t heap_end;  /* current program break */
static uintptr_t last_block; /* payload address of the most recent block, or 0 */

static uintptr_t sys_brk(uintptr_t addr) { return (uintptr_t)zk_syscall1(ZK_SYS_brk, (long)addr); }

static int heap_init(void) {
  if (heap_next == 0) {
    heap_end = sys_brk(0);
    heap_next = (heap_end + 7) & ~(uintptr_t)7;
  }
  return heap_next != 0 ? 0 : -1;
}

/* Makes [heap_next, need) usable by moving the break. Returns 0 or -1. */
static int heap_reserve(uintptr_t need) {
  if (need <= heap_end) return 0;
  uintptr_t want = need;
  if (want - heap_end < GROW_STEP && heap_end + GROW_STEP > heap_end) want = heap_end + GROW_STEP;
  uintptr_t got = sys_brk(want);
  if (got < need && want != need) got = sys_brk(need); /* the big step failed; try exact */
  if (got < need) return -1;
  heap_end = got;
  return 0;
}

/* Returns the payload address (8-aligned) of a fresh block of n bytes, or 0. */
static uintptr_t bump(size_t n) {
  if (heap_init() != 0 || n > (size_t)-1 - HEADER - 7) return 0;
  size_t total = (HEADER + n + 7) & ~(size_t)7;
  uintptr_t start = heap_next;
  uintptr_t stop = start + total;
  if (stop < start) return 0; /* address space wrap */
  if (heap_reserve(stop) != 0) return 0;
  heap_next = stop;
  *(size_t *)start = n;
  last_block = start + HEADER;
  return start + HEADER;
}

void *malloc(size_t n) {
  uintptr_t p = bump(n);
  if (!p) errno = ENOMEM;
  return (void *)p;
}

void *calloc(size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  void *p = malloc(n);
  /* Memory from brk is zero the first time, but a block may reuse space that free()
     gave back, so clear it. */
  if (p) memset(p, 0, n);
  return p;
}

void free(void *p) {
  if (p && (uintptr_t)p == last_block) {
    heap_next = (uintptr_t)p - HEADER;
    last_block = 0;
  }
}

void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  size_t old = *(size_t *)((uintptr_t)p - HEADER);
  if ((uintptr_t)p == last_block) {
    /* The last block can grow or shrink in place. */
    if (n > (size_t)-1 - HEADER - 7) goto fail;
    uintptr_t stop = (uintptr_t)p - HEADER + ((HEADER + n + 7) & ~(size_t)7);
    if (stop < (uintptr_t)p || heap_reserve(stop) != 0) goto fail;
    heap_next = stop;
    *(size_t *)((uintptr_t)p - HEADER) = n;
    return p;
  }
  if (n <= old) {
    *(size_t *)((uintptr_t)p - HEADER) = n;
    return p;
  }
  void *q = malloc(n);
  if (!q) return NULL;
  memcpy(q, p, old);
  return q;
fail:
  errno = ENOMEM;
  return NULL;
}

void *aligned_alloc(size_t align, size_t n) {
  if (align <= 8) return malloc(n);
  if (align & (align - 1)) {
    errno = EINVAL;
    return NULL;
  }
  /* Over-allocate, then place a header just before the aligned address. The block is
     never the "last block", so free() of it is a no-op and realloc() copies. */
  if (n > (size_t)-1 - align - HEADER) {
    errno = ENOMEM;
    return NULL;
  }
  uintptr_t raw = (uintptr_t)malloc(n + align + HEADER);
  if (!raw) return NULL;
  uintptr_t p = (raw + HEADER + align - 1) & ~(uintptr_t)(align - 1);
  *(size_t *)(p - HEADER) = n;
  last_block = 0;
  return (void *)p;
}

/* sbrk/brk for programs that manage memory themselves. Don't mix them with malloc:
   malloc reads the break once and assumes it alone moves it afterwards. */
void *sbrk(long increment) {
  uintptr_t cur = sys_brk(0);
  if (increment == 0) return (void *)cur;
  uintptr_t want = cur + (uintptr_t)increment;
  if ((increment > 0 && want < cur) || (increment < 0 && want > cur) ||
      sys_brk(want) != want) {
    errno = ENOMEM;
    return (void *)-1;
  }
  return (void *)cur;
}

int brk(void *addr) {
  if (sys_brk((uintptr_t)addr) != (uintptr_t)addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}
