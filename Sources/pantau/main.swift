import PantauDaemon
print("pantau \(PantauVersion.string)")
