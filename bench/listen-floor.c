/* The native floor for the listen probe: the same calls the exporter makes through koffi
 * (two sockets, SO_REUSEADDR, bind 127.0.0.1:0, listen, getsockname, connect, accept, one
 * byte across, close client/accepted/listener), in a plain C loop. Prints one line per
 * probe: its total in nanoseconds on CLOCK_MONOTONIC. Usage: listen-floor N */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int probe(void) {
  int one = 1;
  char byte = 'x';
  struct sockaddr_in addr = {0};
  socklen_t len = sizeof addr;
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0 || client < 0) return -1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) return -1;
  if (listen(listener, 1) < 0) return -1;
  if (getsockname(listener, (struct sockaddr *)&addr, &len) < 0) return -1;
  if (connect(client, (struct sockaddr *)&addr, sizeof addr) < 0) return -1;
  int accepted = accept(listener, NULL, NULL);
  if (accepted < 0) return -1;
  if (send(client, &byte, 1, 0) != 1 || recv(accepted, &byte, 1, 0) != 1) return -1;
  close(client);
  close(accepted);
  close(listener);
  return 0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  for (int i = 0; i < n; i++) {
    long long start = now_ns();
    if (probe() != 0) {
      perror("probe");
      return 1;
    }
    printf("%lld\n", now_ns() - start);
  }
  return 0;
}
