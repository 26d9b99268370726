/* msg.h - the program's name, and dying with a message, for base/
 *
 * The modules of base/ (xmem, spool) must be able to end the program with
 * "prog: what is wrong" without knowing io/cli.h, which lies above them.
 * cli_init() hands the name down with msg_set_progname(); until it does,
 * the name is "leadkit".  Everything above base/ uses cli_warn, cli_die.
 */
#ifndef LK_MSG_H
#define LK_MSG_H

#include <stdnoreturn.h>

/* msg_set_progname: the name messages start with; name is kept, not
 * copied.  msg_progname: that name. */
void msg_set_progname(const char *name);
const char *msg_progname(void);

/*
 * msg_die: flush stdout, print "prog: " fmt and a newline to stderr (a
 * format ending in ':' gets " strerror(errno)", as cli_die does), and exit
 * with status.  The bytes are those cli_die(status, fmt, ...) prints.
 */
noreturn void msg_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
