import Glibc
import PantauCommands

signal(SIGPIPE, SIG_IGN)
exit(PantauCommandLine.main(CommandLine.arguments))
