#ifndef PANTAU_CEPOLL_SHIM_H
#define PANTAU_CEPOLL_SHIM_H
// Linux interfaces that Swift's Glibc module leaves out: epoll and eventfd (the HTTP server's
// event loops), statfs (the spool refuses files on pseudo file systems). Headers of the C
// library only: nothing to link.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/vfs.h>
#endif
