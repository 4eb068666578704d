/* setslack NS COMMAND [ARGS...]: sets this thread's timer slack to NS nanoseconds with
 * prctl(PR_SET_TIMERSLACK) and execs COMMAND, which inherits it (the kernel copies the
 * creator's slack into every new thread). Built by the tests, never shipped. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: setslack NS COMMAND [ARGS...]\n");
    return 2;
  }
  if (prctl(PR_SET_TIMERSLACK, strtoul(argv[1], NULL, 10), 0, 0, 0) != 0) {
    perror("prctl(PR_SET_TIMERSLACK)");
    return 2;
  }
  execvp(argv[2], argv + 2);
  perror("execvp");
  return 2;
}
