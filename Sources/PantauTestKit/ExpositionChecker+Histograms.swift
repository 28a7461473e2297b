import PantauSystem

extension ExpositionChecker {
    /// The problems of one histogram (or gauge histogram) family, per series: its labels without `le`.
    package static func histogramProblems(_ f: ExpositionFamily) -> [String] {
        let gauge = f.type == "gaugehistogram"
        let bucketName = f.name + "_bucket", sumName = f.name + (gauge ? "_gsum" : "_sum"), countName = f.name + (gauge ? "_gcount" : "_count")
        var order: [String] = [], seen: Set<String> = []
        var buckets: [String: [ExpositionSample]] = [:], sums: [String: ExpositionSample] = [:], counts: [String: ExpositionSample] = [:]
        for s in f.samples {
            let key = ExpositionSample.render(s.labels.filter { $0.name != "le" }.sorted { $0.name < $1.name })
            if seen.insert(key).inserted { order.append(key) }
            switch s.name {
            case bucketName: buckets[key, default: []].append(s)
            case sumName: sums[key] = s
            case countName: counts[key] = s
            default: break
            }
        }
        var problems: [String] = []
        for key in order {
            let series = f.name + key
            var previous: (le: Double, text: String, count: Double)?
            var infinity: ExpositionSample?
            for b in buckets[key] ?? [] {
                guard let text = b.label("le") else {
                    problems.append("line \(b.line): bucket of histogram \(series) has no le label")
                    continue
                }
                guard let le = number(text), !le.isNaN else {
                    problems.append("line \(b.line): le=\"\(text)\" of histogram \(series) is not a number")
                    continue
                }
                if let p = previous {
                    if !(le > p.le) {
                        problems.append("line \(b.line): histogram \(series): le values must increase, but le=\"\(text)\" follows le=\"\(p.text)\"")
                    }
                    if b.value < p.count {
                        problems.append("line \(b.line): histogram \(series): bucket le=\"\(text)\" counts \(b.value), fewer than "
                            + "the \(p.count) of le=\"\(p.text)\" before it; buckets must be cumulative")
                    }
                }
                previous = (le, text, b.value)
                if le == .infinity { infinity = b }
            }
            if infinity == nil { problems.append("histogram \(series) has no le=\"+Inf\" bucket") }
            if sums[key] == nil { problems.append("histogram \(series) has no \(sumName)") }
            if let count = counts[key] {
                if let inf = infinity, inf.value != count.value {
                    problems.append("line \(count.line): histogram \(series): \(countName) \(count.value) differs from the +Inf bucket's \(inf.value)")
                }
            } else {
                problems.append("histogram \(series) has no \(countName)")
            }
        }
        return problems
    }
}
