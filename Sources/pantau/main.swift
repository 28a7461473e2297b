import Glibc
import PantauDaemon

signal(SIGPIPE, SIG_IGN)
exit(PantauCommandLine.main(CommandLine.arguments))
