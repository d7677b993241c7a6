/*
 * qemu-insn-count: a minimal QEMU TCG plugin that counts executed guest instructions,
 * for measuring how many MIPS instructions (= executor steps) a guest runs.
 *
 *   cc -shared -fPIC -O2 -o /tmp/qemu-insn-count.so guest/tools/qemu-insn-count.c
 *   qemu-mipsel -plugin /tmp/qemu-insn-count.so prog.elf < input   # "insns: N" on stderr
 *
 * Debian's qemu-user (7.2) supports plugins but ships none, and its qemu-plugin.h is not
 * installed, so the few API declarations needed (plugin API version 1) are written out
 * here. Each translated block adds its instruction count to a counter every time it
 * runs (inline, no callback). A block that stops early (a fault in its middle) would be
 * over-counted by the rest of the block; syscalls end blocks, so normal runs are exact.
 * Checked on a hand-counted loop: 1,000,000 iterations of a 3-instruction loop plus 5
 * other instructions report exactly 3000005.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*udata_cb)(qemu_plugin_id_t, void *);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *, enum qemu_plugin_op,
                                              void *, uint64_t);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb, void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t count;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &count,
                                           qemu_plugin_tb_n_insns(tb));
}

static void on_exit(qemu_plugin_id_t id, void *data) {
  (void)id;
  (void)data;
  fprintf(stderr, "insns: %" PRIu64 "\n", count);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
                                                               const qemu_info_t *info,
                                                               int argc, char **argv) {
  (void)info;
  (void)argc;
  (void)argv;
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, on_exit, NULL);
  return 0;
}
