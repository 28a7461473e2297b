#ifndef PANTAU_CEPOLL_SHIM_H
#define PANTAU_CEPOLL_SHIM_H
// Linux's epoll and eventfd, which Swift's Glibc module leaves out. Headers of the C library
// only: nothing to link.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
