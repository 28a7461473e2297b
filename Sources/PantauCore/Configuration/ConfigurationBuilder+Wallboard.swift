/// `[Wallboard]` keys; an empty value restores the built-in default.
extension ConfigurationBuilder {
    mutating func assignWallboard(_ key: String, _ value: String) throws(ConfigurationValueError) {
        typealias Parse = ConfigurationValueParser
        let builtIn = WallboardSettings()
        let empty = value.isEmpty
        switch key {
        case "AmberBand":
            wallboard.amberBand = empty ? builtIn.amberBand : try Parse.percentage(value)
        case "WaitAmber":
            wallboard.waitAmber = empty ? builtIn.waitAmber : try Parse.percentage(value)
        case "BreachingSoonRed":
            wallboard.breachingSoonRed = empty ? builtIn.breachingSoonRed : try Parse.positiveInteger(value)
        case "Hold":
            let hold = empty ? builtIn.hold : try Parse.timeSpan(value)
            guard hold <= .minutes(10) else { throw ConfigurationValueError("expected at most 10min: a tile must follow its figures") }
            wallboard.hold = hold
        case "TickerLength":
            wallboard.tickerLength = empty ? builtIn.tickerLength : try Parse.boundedInteger(value, in: 1...50)
        case "Servers":
            wallboard.servers = empty ? builtIn.servers : try Parse.origins(value)
        default:
            assertionFailure("key \(key) is listed in ConfigurationKeys.wallboard but not handled")
        }
    }
}
