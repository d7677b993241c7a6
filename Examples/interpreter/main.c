/*
 * interpreter: compiles and runs a program in a tiny language on a stack machine.
 *
 * The program comes from stdin; with empty stdin a built-in program runs (primes below
 * 1000, 12!, gcd, Fibonacci, a Collatz chain) and its output is checked against the
 * known answers 168, 76127, 479001600, 21, 832040, 111.
 *
 * Language (integers are 32-bit and wrap around):
 *   program   := statement*
 *   statement := NAME '=' expr ';' | 'print' expr ';'
 *              | 'while' expr block | 'if' expr block ('else' (block | if-statement))?
 *   block     := '{' statement* '}'
 *   expr      := the usual C precedence over || && == != < <= > >= + - * / % and unary
 *                - !, parentheses, decimal literals and variable names ('#' starts a
 *                comment to the end of the line). Variables start at 0.
 * Errors (syntax, division by zero) print a message on stderr and exit with status 2.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zkmips.h>

static const char builtin_program[] =
    "# primes below 1000: count and sum\n"
    "n = 1000; count = 0; sum = 0; i = 2;\n"
    "while i < n {\n"
    "  prime = 1; d = 2;\n"
    "  while prime && d * d <= i { if i % d == 0 { prime = 0; } d = d + 1; }\n"
    "  if prime { count = count + 1; sum = sum + i; }\n"
    "  i = i + 1;\n"
    "}\n"
    "print count; print sum;\n"
    "# 12!\n"
    "f = 1; k = 1; while k <= 12 { f = f * k; k = k + 1; } print f;\n"
    "# gcd(1071, 462) by Euclid\n"
    "a = 1071; b = 462; while b != 0 { t = a % b; a = b; b = t; } print a;\n"
    "# Fibonacci(30)\n"
    "x = 0; y = 1; k = 0; while k < 30 { t = x + y; x = y; y = t; k = k + 1; } print x;\n"
    "# Collatz steps from 27\n"
    "c = 27; steps = 0;\n"
    "while c != 1 { if c % 2 == 0 { c = c / 2; } else { c = 3 * c + 1; } steps = steps + 1; }\n"
    "print steps;\n"
    "if !(steps == 111) || -steps != 0 - 111 { print 0 - 1; }\n";
static const char builtin_expected[] = "168\n76127\n479001600\n21\n832040\n111\n";

/* ---- errors ---------------------------------------------------------------------- */

/* What the program printed so far; written to stdout at the end, or before an error. */
struct output {
  char *buf;
  size_t len, cap;
};
static struct output out;

__attribute__((noreturn)) static void fail(int line, const char *what, const char *detail) {
  zk_write_output(out.buf, out.len);
  if (line > 0) eprintf("interpreter: line %d: %s%s\n", line, what, detail);
  else eprintf("interpreter: %s%s\n", what, detail);
  exit(2);
}

/* ---- lexer ------------------------------------------------------------------------- */

enum tok { T_END, T_NUM, T_NAME, T_PRINT, T_WHILE, T_IF, T_ELSE, T_OP };

struct lexer {
  const char *p;
  int line;
  enum tok tok;
  char op[3];     /* operator or punctuation text for T_OP */
  uint32_t num;   /* value for T_NUM */
  char name[32];  /* identifier for T_NAME */
};

static void next_token(struct lexer *lx) {
  for (;;) {
    while (isspace((unsigned char)*lx->p)) lx->line += *lx->p++ == '\n';
    if (*lx->p != '#') break;
    while (*lx->p && *lx->p != '\n') lx->p++;
  }
  const char *p = lx->p;
  if (!*p) {
    lx->tok = T_END;
  } else if (isdigit((unsigned char)*p)) {
    uint32_t v = 0;
    while (isdigit((unsigned char)*p)) v = v * 10 + (uint32_t)(*p++ - '0'); /* wraps */
    lx->tok = T_NUM;
    lx->num = v;
  } else if (isalpha((unsigned char)*p) || *p == '_') {
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_') n++;
    if (n >= sizeof lx->name) fail(lx->line, "name too long", "");
    memcpy(lx->name, p, n);
    lx->name[n] = 0;
    p += n;
    lx->tok = strcmp(lx->name, "print") == 0   ? T_PRINT
              : strcmp(lx->name, "while") == 0 ? T_WHILE
              : strcmp(lx->name, "if") == 0    ? T_IF
              : strcmp(lx->name, "else") == 0  ? T_ELSE
                                               : T_NAME;
  } else {
    static const char *const two[] = {"==", "!=", "<=", ">=", "&&", "||"};
    lx->tok = T_OP;
    lx->op[0] = *p;
    lx->op[1] = lx->op[2] = 0;
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
      if (p[0] == two[i][0] && p[1] == two[i][1]) lx->op[1] = p[1];
    if (lx->op[1] == 0 && !strchr("=!<>+-*/%(){};", *p))
      fail(lx->line, "unexpected character: ", lx->op);
    p += lx->op[1] ? 2 : 1;
  }
  lx->p = p;
}

static int is_op(struct lexer *lx, const char *op) { return lx->tok == T_OP && strcmp(lx->op, op) == 0; }

static void expect_op(struct lexer *lx, const char *op) {
  if (!is_op(lx, op)) fail(lx->line, "expected ", op);
  next_token(lx);
}

/* ---- bytecode ---------------------------------------------------------------------- */

enum op {
  OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_EQ, OP_NE,
  OP_LT, OP_LE, OP_GT, OP_GE, OP_NEG, OP_NOT, OP_JMP, OP_JZ, OP_JNZ, OP_PRINT, OP_HALT
};

#define MAX_CODE 65536
#define MAX_VARS 256

struct compiler {
  struct lexer lx;
  uint32_t code[MAX_CODE]; /* opcodes and their operands, one word each */
  int line_of[MAX_CODE];   /* source line of each word, for run-time errors */
  size_t len;
  char vars[MAX_VARS][32];
  int nvars;
};

static size_t emit(struct compiler *c, uint32_t word) {
  if (c->len == MAX_CODE) fail(c->lx.line, "program too large", "");
  c->line_of[c->len] = c->lx.line;
  c->code[c->len] = word;
  return c->len++;
}

static int var_slot(struct compiler *c, const char *name) {
  for (int i = 0; i < c->nvars; i++)
    if (strcmp(c->vars[i], name) == 0) return i;
  if (c->nvars == MAX_VARS) fail(c->lx.line, "too many variables", "");
  strcpy(c->vars[c->nvars], name);
  return c->nvars++;
}

/* ---- parser / code generator (precedence climbing) -------------------------------- */

static void expr(struct compiler *c, int min_prec);

static void primary(struct compiler *c) {
  struct lexer *lx = &c->lx;
  if (lx->tok == T_NUM) {
    emit(c, OP_PUSH);
    emit(c, lx->num);
    next_token(lx);
  } else if (lx->tok == T_NAME) {
    emit(c, OP_LOAD);
    emit(c, (uint32_t)var_slot(c, lx->name));
    next_token(lx);
  } else if (is_op(lx, "(")) {
    next_token(lx);
    expr(c, 0);
    expect_op(lx, ")");
  } else if (is_op(lx, "-") || is_op(lx, "!")) {
    enum op op = lx->op[0] == '-' ? OP_NEG : OP_NOT;
    next_token(lx);
    primary(c);
    emit(c, op);
  } else {
    fail(lx->line, "expected an expression", "");
  }
}

struct binop {
  const char *text;
  int prec;
  enum op op;
};
static const struct binop binops[] = {
    {"||", 1, OP_JNZ}, {"&&", 2, OP_JZ}, {"==", 3, OP_EQ}, {"!=", 3, OP_NE}, {"<", 4, OP_LT},
    {"<=", 4, OP_LE},  {">", 4, OP_GT},  {">=", 4, OP_GE}, {"+", 5, OP_ADD}, {"-", 5, OP_SUB},
    {"*", 6, OP_MUL},  {"/", 6, OP_DIV}, {"%", 6, OP_MOD},
};

static void expr(struct compiler *c, int min_prec) {
  primary(c);
  for (;;) {
    const struct binop *b = NULL;
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
      if (is_op(&c->lx, binops[i].text)) b = &binops[i];
    if (!b || b->prec <= min_prec) return;
    next_token(&c->lx);
    if (b->op == OP_JZ || b->op == OP_JNZ) {
      /* Short circuit: a && b  =>  a; JZ F; b; NOT; NOT; JMP E; F: PUSH 0; E:
         (|| mirrors it with JNZ and PUSH 1). NOT NOT turns b into 0 or 1. */
      emit(c, b->op);
      size_t short_jump = emit(c, 0);
      expr(c, b->prec);
      emit(c, OP_NOT);
      emit(c, OP_NOT);
      emit(c, OP_JMP);
      size_t end_jump = emit(c, 0);
      c->code[short_jump] = (uint32_t)c->len;
      emit(c, OP_PUSH);
      emit(c, b->op == OP_JNZ);
      c->code[end_jump] = (uint32_t)c->len;
    } else {
      expr(c, b->prec); /* left-associative: the right side binds tighter only */
      emit(c, b->op);
    }
  }
}

static void statement(struct compiler *c);

static void block(struct compiler *c) {
  expect_op(&c->lx, "{");
  while (!is_op(&c->lx, "}")) {
    if (c->lx.tok == T_END) fail(c->lx.line, "expected ", "}");
    statement(c);
  }
  next_token(&c->lx);
}

static void statement(struct compiler *c) {
  struct lexer *lx = &c->lx;
  if (lx->tok == T_PRINT) {
    next_token(lx);
    expr(c, 0);
    emit(c, OP_PRINT);
    expect_op(lx, ";");
  } else if (lx->tok == T_WHILE) {
    next_token(lx);
    size_t top = c->len;
    expr(c, 0);
    emit(c, OP_JZ);
    size_t exit_jump = emit(c, 0);
    block(c);
    emit(c, OP_JMP);
    emit(c, (uint32_t)top);
    c->code[exit_jump] = (uint32_t)c->len;
  } else if (lx->tok == T_IF) {
    next_token(lx);
    expr(c, 0);
    emit(c, OP_JZ);
    size_t else_jump = emit(c, 0);
    block(c);
    if (lx->tok == T_ELSE) {
      next_token(lx);
      emit(c, OP_JMP);
      size_t end_jump = emit(c, 0);
      c->code[else_jump] = (uint32_t)c->len;
      if (lx->tok == T_IF) statement(c);
      else block(c);
      c->code[end_jump] = (uint32_t)c->len;
    } else {
      c->code[else_jump] = (uint32_t)c->len;
    }
  } else if (lx->tok == T_NAME) {
    int slot = var_slot(c, lx->name);
    next_token(lx);
    expect_op(lx, "=");
    expr(c, 0);
    emit(c, OP_STORE);
    emit(c, (uint32_t)slot);
    expect_op(lx, ";");
  } else {
    fail(lx->line, "expected a statement", "");
  }
}

static void compile(struct compiler *c, const char *source) {
  memset(c, 0, sizeof *c);
  c->lx.p = source;
  c->lx.line = 1;
  next_token(&c->lx);
  while (c->lx.tok != T_END) statement(c);
  emit(c, OP_HALT);
}

/* ---- virtual machine --------------------------------------------------------------- */

static void out_append(const char *s, size_t n) {
  if (out.len + n > out.cap) {
    char *bigger = realloc(out.buf, (out.len + n) * 2);
    if (!bigger) fail(0, "out of memory", "");
    out.buf = bigger;
    out.cap = (out.len + n) * 2;
  }
  memcpy(out.buf + out.len, s, n);
  out.len += n;
}

/* Expression depth is bounded by the parser's recursion, but a 1000-deep nest of
   parentheses is legal, so the stack size is checked anyway. */
#define STACK 1024

static uint64_t run(const struct compiler *c) {
  uint32_t vars[MAX_VARS] = {0};
  uint32_t stack[STACK];
  size_t sp = 0, pc = 0;
  uint64_t steps = 0;
  for (;; steps++) {
    uint32_t op = c->code[pc++], a, b;
    if (op <= OP_LOAD && sp == STACK) fail(c->line_of[pc - 1], "expression too deep", "");
    switch (op) {
    case OP_PUSH: stack[sp++] = c->code[pc++]; break;
    case OP_LOAD: stack[sp++] = vars[c->code[pc++]]; break;
    case OP_STORE: vars[c->code[pc++]] = stack[--sp]; break;
    case OP_NEG: stack[sp - 1] = 0 - stack[sp - 1]; break;
    case OP_NOT: stack[sp - 1] = !stack[sp - 1]; break;
    case OP_JMP: pc = c->code[pc]; break;
    case OP_JZ: pc = stack[--sp] == 0 ? c->code[pc] : pc + 1; break;
    case OP_JNZ: pc = stack[--sp] != 0 ? c->code[pc] : pc + 1; break;
    case OP_PRINT: {
      char line[16];
      int n = snprintf(line, sizeof line, "%d\n", (int32_t)stack[--sp]);
      out_append(line, (size_t)n);
      break;
    }
    case OP_HALT: return steps;
    default:
      b = stack[--sp];
      a = stack[sp - 1];
      int32_t sa = (int32_t)a, sb = (int32_t)b;
      uint32_t r;
      switch (op) {
      case OP_ADD: r = a + b; break;
      case OP_SUB: r = a - b; break;
      case OP_MUL: r = a * b; break;
      case OP_DIV:
      case OP_MOD:
        if (b == 0) fail(c->line_of[pc - 1], "division by zero", "");
        if (sa == INT32_MIN && sb == -1) r = op == OP_DIV ? a : 0; /* wraps, like C on MIPS */
        else r = (uint32_t)(op == OP_DIV ? sa / sb : sa % sb);
        break;
      case OP_EQ: r = a == b; break;
      case OP_NE: r = a != b; break;
      case OP_LT: r = sa < sb; break;
      case OP_LE: r = sa <= sb; break;
      case OP_GT: r = sa > sb; break;
      case OP_GE: r = sa >= sb; break;
      default: fail(0, "bad opcode", "");
      }
      stack[sp - 1] = r;
    }
  }
}

int main(void) {
  static struct compiler c; /* ~512 KiB: keep it off the stack */
  size_t len;
  char *source = (char *)zk_read_input_all(&len);
  int builtin = !source || strspn(source, " \t\r\n") == len;
  if (builtin) source = (char *)builtin_program;

  compile(&c, source);
  uint64_t steps = run(&c);

  if (builtin && (out.len != strlen(builtin_expected) || memcmp(out.buf, builtin_expected, out.len) != 0)) {
    eprintf("interpreter: built-in program printed:\n%.*s\nexpected:\n%s", (int)out.len, out.buf,
            builtin_expected);
    return 1;
  }
  zk_write_output(out.buf, out.len);
  eprintf("interpreter: %u bytecode words, %llu steps\n", (unsigned)c.len, (unsigned long long)steps);
  return 0;
}
