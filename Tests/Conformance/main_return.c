/* main_return: a C program whose buffered stdout must be flushed at exit and whose
   return value from main becomes the exit status (3). */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  printf("argv0 set %d\n", argv[0] != 0);
  printf("argv[argc] is NULL %d\n", argv[argc] == 0);
  printf("returning 3\n");
  return 3;
}
