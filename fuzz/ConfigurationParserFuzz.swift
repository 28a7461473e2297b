// libFuzzer harness for the configuration parser: any text must give a configuration or a list of
// errors that each name the file and a line inside it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigurationParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Count LF scalars: as Characters, "\r\n" is one grapheme and would hide a line end.
    let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).count
    switch ConfigurationParser.parse([ConfigurationSource(path: "fuzz.conf", text: text)]) {
    case .success(let configuration):
        precondition(!configuration.channels.isEmpty)
    case .failure(let errors):
        precondition(!errors.errors.isEmpty)
        for e in errors.errors { precondition(e.file == "fuzz.conf" && e.line >= 0 && e.line <= lines + 1) }
    }
    return 0
}
