/* assert.h — zkMIPS guest libc. A failed assertion prints to stderr and calls abort(). */
#ifdef assert
#undef assert
#endif

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
__attribute__((noreturn)) void __zk_assert_fail(const char *expr, const char *file, int line,
                                                const char *func);
#define assert(e) ((e) ? (void)0 : __zk_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef __cplusplus
#define static_assert _Static_assert
#endif
