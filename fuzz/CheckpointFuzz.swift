// libFuzzer harness for the checkpoint file format: any bytes must decode to a checkpoint or
// throw, never crash; a decoded checkpoint must encode back to bytes that decode to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let checkpoint = try? Checkpoint(decoding: bytes) else { return 0 }
    let (head, trailer) = checkpoint.encodedParts()
    let again = try? Checkpoint(decoding: head + checkpoint.engineState + trailer)
    precondition(again == checkpoint, "a decoded checkpoint does not survive encoding")
    return 0
}
